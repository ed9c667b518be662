import pytest
from django.core.exceptions import ValidationError

from common.validators import (
    make_uscc,
    uscc_check_character,
    validate_mobile,
    validate_uscc,
)

pytestmark = pytest.mark.smoke


def test_known_uscc_check_characters():
    # Check characters computed by hand with the GB 32100-2015 weights.
    assert uscc_check_character("91350100M000100Y4") == "3"
    assert make_uscc("91320621MA1MXK2B3")[-1] == uscc_check_character(
        "91320621MA1MXK2B3"
    )


def test_remainder_31_maps_to_zero():
    # Find a body whose weighted sum is a multiple of 31; its check must be "0".
    for n in range(1000):
        body = f"9132{n:013d}"
        if (
            sum(
                int(c) * w
                for c, w in zip(
                    body,
                    (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28),
                    strict=True,
                )
            )
            % 31
            == 0
        ):
            assert uscc_check_character(body) == "0"
            return
    pytest.fail("no body with remainder 0 found")


@pytest.mark.parametrize(
    "value,code",
    [
        ("91350100M000100Y44", "uscc_check"),
        ("91350100M000100Y4", "uscc_length"),
        ("91350100M000100Y433", "uscc_length"),
        ("91350100m000100y43", "uscc_lower"),
        ("91350100M000100I43", "uscc_character"),
        ("91350100M000100O43", "uscc_character"),
        ("91350100M000100S43", "uscc_character"),
        ("91350100M000100V43", "uscc_character"),
        ("91350100M000100Z43", "uscc_character"),
    ],
)
def test_bad_uscc_is_refused_with_its_reason(value, code):
    with pytest.raises(ValidationError) as info:
        validate_uscc(value)
    assert info.value.code == code


def test_valid_uscc_passes():
    validate_uscc("91350100M000100Y43")


@pytest.mark.parametrize(
    "value", ["1380000000", "23800000000", "12800000000", "1380000000a", ""]
)
def test_bad_mobile_is_refused(value):
    with pytest.raises(ValidationError):
        validate_mobile(value)
