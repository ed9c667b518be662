"""Latin runs in PDF text: the shipped CJK font has no ASCII glyphs (digits,
letters), so they are set in the PDF core font Helvetica instead."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

_LATIN_RUN = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?")


@register.filter(needs_autoescape=True)
def latin(value, autoescape=True):
    """Escape `value` and wrap each run of ASCII in <span class="lt">."""
    text = str(value)
    escape = conditional_escape if autoescape else (lambda s: s)
    out, last = [], 0
    for match in _LATIN_RUN.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f'<span class="lt">{escape(match.group())}</span>')
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every part is escaped above
