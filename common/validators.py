"""Shared validators: USCC (GB 32100-2015) and mainland mobile numbers."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_LENGTH = 18

USCC_WRONG_LENGTH = "统一社会信用代码应为18位，当前为{length}位。"
USCC_LOWER_CASE = "统一社会信用代码中的字母须为大写。"
USCC_BAD_CHARACTER = (
    "统一社会信用代码第{position}位“{char}”不是允许的字符（不使用 I、O、S、V、Z）。"
)
USCC_BAD_CHECK = "统一社会信用代码校验位错误：应为“{expected}”，实为“{actual}”。"
MOBILE_INVALID = "请输入11位中国大陆手机号码，如 13800000000。"

_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def uscc_check_character(first17: str) -> str:
    """Return the check character for the first 17 characters of a USCC."""
    total = sum(
        USCC_ALPHABET.index(ch) * weight
        for ch, weight in zip(first17, USCC_WEIGHTS, strict=True)
    )
    remainder = 31 - total % 31
    return USCC_ALPHABET[0 if remainder == 31 else remainder]


def validate_uscc(value: str) -> None:
    """Raise ValidationError unless value is a well-formed USCC with a right check."""
    if not isinstance(value, str):
        raise ValidationError(USCC_WRONG_LENGTH.format(length=0), code="uscc_length")
    if len(value) != USCC_LENGTH:
        raise ValidationError(
            USCC_WRONG_LENGTH.format(length=len(value)), code="uscc_length"
        )
    if value != value.upper():
        raise ValidationError(USCC_LOWER_CASE, code="uscc_lower")
    for position, ch in enumerate(value, start=1):
        if ch not in USCC_ALPHABET:
            raise ValidationError(
                USCC_BAD_CHARACTER.format(position=position, char=ch),
                code="uscc_character",
            )
    expected = uscc_check_character(value[:17])
    if value[17] != expected:
        raise ValidationError(
            USCC_BAD_CHECK.format(expected=expected, actual=value[17]),
            code="uscc_check",
        )


def normalize_uscc(value) -> str:
    """The one canonical form of a typed or imported USCC: full-width characters
    made half-width, spaces dropped, letters upper-cased. Every entry point stores
    this form, and validate_uscc refuses anything else."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return "".join(text.split()).upper()


class USCCField(forms.CharField):
    """A form field for a USCC: canonicalised (normalize_uscc), then validated."""

    default_validators = [validate_uscc]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "统一社会信用代码")
        kwargs.setdefault("max_length", 30)  # spaces and full-width input allowed
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalize_uscc(super().to_python(value))


def make_uscc(body17: str) -> str:
    """Complete 17 characters into a valid USCC (demo data and test factories)."""
    return body17 + uscc_check_character(body17)


def validate_mobile(value: str) -> None:
    """Raise ValidationError unless value is an 11-digit mainland mobile number."""
    if not isinstance(value, str) or not _MOBILE_RE.match(value):
        raise ValidationError(MOBILE_INVALID, code="mobile")
