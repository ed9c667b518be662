"""Template filters for PDF typesetting: `{% load typesetting %}`."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from common import typesetting

register = template.Library()


@register.filter(is_safe=True)
def nobr(value) -> str:
    """Keep `value` on one line in PDFs (verify codes, serials, numbers)."""
    return mark_safe(typesetting.nobr(conditional_escape(value)))  # noqa: S308
