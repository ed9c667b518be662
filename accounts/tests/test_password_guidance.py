"""Password guidance and refusals are plain Chinese that say what to do."""

import pytest
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import password_validation as rules
from accounts.models import User
from common.validators import make_uscc
from tests.factories import RegionFactory, UserFactory


def _messages(password, user=None) -> list[str]:
    with pytest.raises(ValidationError) as error:
        validate_password(password, user)
    return error.value.messages


def test_all_digit_short_password_gets_both_plain_reasons():
    assert _messages("1234567") == [
        "密码太短：至少要 8 位，现在只有 7 位。",
        "这个密码太常见，很容易被猜到，请换一个。",
        rules.ALL_DIGITS,
    ]


def test_password_like_the_mobile_is_refused_naming_the_field(db):
    user = UserFactory.build(username="13812345678", mobile="13812345678")
    messages = _messages("13812345678x", user)
    assert messages[0].startswith("密码和您填写的") and messages[0].endswith(
        "太像，请换一个别人猜不到的。"
    )


def test_a_good_password_passes():
    validate_password("Xinyong#2026")


def test_guidance_is_ours_not_django_stock():
    texts = password_validators_help_texts()
    assert texts == [
        "不要和用户名、手机号、姓名太像。",
        "至少 8 位，字母、数字、符号都可以用。",
        "不要用 12345678、password 这类常见密码。",
        "不能全是数字（也不要用手机号或生日）。",
    ]


@pytest.mark.django_db
def test_register_page_shows_the_guidance_and_refuses_digits(client):
    page = client.get(reverse("enterprises:register")).content.decode()
    assert "至少 8 位，字母、数字、符号都可以用。" in page
    assert "Your password" not in page and "您的密码" not in page
    region = RegionFactory()
    response = client.post(
        reverse("enterprises:register"),
        {
            "company_name": "海安密码测试有限公司",
            "uscc": make_uscc("91320621MA1PWDT01"),
            "region": region.pk,
            "real_name": "李四",
            "mobile": "13800001111",
            "password1": "20261207",
            "password2": "20261207",
        },
    )
    assert rules.ALL_DIGITS in response.content.decode()
    assert not User.objects.filter(username="13800001111").exists()
