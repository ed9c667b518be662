"""PDF helpers: the shipped CJK font has no Latin glyphs (nor “ ”), so runs of
characters it cannot draw (USCCs, decision numbers, dates, hashes, quotes) are set
in the PDF core font Helvetica."""

import functools
import re

from django import template
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from fontTools.ttLib import TTFont

register = template.Library()

_FALLBACK = '<span style="font-family: Helvetica">{}</span>'
_ENTITY = re.compile(r"(&(?:#x?[0-9a-fA-F]+|[a-z]+);)")


@functools.cache
def _cjk_codepoints() -> frozenset[int]:
    return frozenset(TTFont(settings.PDF_FONT_PATH).getBestCmap())


def _covered(ch: str) -> bool:
    return ch.isspace() or ord(ch) in _cjk_codepoints()


@register.filter
def pdf_mixed(value) -> str:
    """Escape `value`; set the runs the CJK font cannot draw in Helvetica."""
    out, run, pieces = [], [], []
    # Entities from escape() stay whole and go with the fallback run.
    for token in _ENTITY.split(escape(str(value))):
        pieces.extend([token] if _ENTITY.fullmatch(token) else token)
    for piece in pieces:
        if len(piece) > 1 or not _covered(piece):
            run.append(piece)
            continue
        if run and piece.isspace():
            run.append(piece)
            continue
        if run:
            out.append(_FALLBACK.format("".join(run)))
            run = []
        out.append(piece)
    if run:
        out.append(_FALLBACK.format("".join(run)))
    return mark_safe("".join(out))  # noqa: S308 - built from escaped pieces
