"""PDF helpers: the shipped CJK font has no Latin glyphs, so ASCII runs (USCCs,
decision numbers, dates, hashes) are set in the PDF core font Helvetica."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

_ASCII_RUN = re.compile(r"[\x21-\x7e][\x20-\x7e]*")


@register.filter
def pdf_mixed(value) -> str:
    """Escape `value` and wrap its ASCII runs in a Helvetica span."""
    return mark_safe(  # noqa: S308 - every piece is escaped first
        _ASCII_RUN.sub(
            lambda m: f'<span style="font-family: Helvetica">{m.group(0)}</span>',
            escape(str(value)),
        )
    )
