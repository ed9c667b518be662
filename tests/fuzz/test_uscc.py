"""The USCC validator against an independent oracle (GB 32100-2015)."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given, settings
from hypothesis import strategies as st

from common.validators import make_uscc, validate_uscc

pytestmark = pytest.mark.smoke

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def oracle_valid(value) -> bool:
    if not isinstance(value, str) or len(value) != 18:
        return False
    if any(ch not in ALPHABET for ch in value):
        return False
    check = (
        31
        - sum(ALPHABET.index(c) * w for c, w in zip(value[:17], WEIGHTS, strict=True))
        % 31
    ) % 31
    return value[17] == ALPHABET[check]


def _accepts(value) -> bool:
    try:
        validate_uscc(value)
    except ValidationError:
        return False
    return True  # any other exception fails the test


near_uscc = st.text(
    alphabet=ALPHABET + "IOSVZabcio 0-\u3000Ａ１", min_size=16, max_size=19
)
body17 = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), near_uscc, st.binary(), st.integers(), st.none()))
@example("91320621MA1MXK2B3Y")
@example("ß" * 9)
@example("ǆ" * 18)
def test_validator_accepts_exactly_the_strings_whose_check_character_matches(value):
    assert _accepts(value) == oracle_valid(value)


@settings(max_examples=300, deadline=None)
@given(body17, st.sampled_from(ALPHABET))
def test_make_uscc_round_trips_and_any_other_check_character_is_refused(body, ch):
    uscc = make_uscc(body)
    assert len(uscc) == 18 and uscc.startswith(body)
    assert _accepts(uscc)
    assert _accepts(body + ch) == (ch == uscc[17])
    assert not _accepts(uscc.lower()) or uscc == uscc.lower()
