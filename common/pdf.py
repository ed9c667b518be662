"""PDF rendering with xhtml2pdf and the shipped CJK font.

Every PDF of the platform (letters, certificates, reminder letters, archive sheets,
reports) goes through `render_pdf`, so the font, CJK line breaking and file lookup
are set up in one place.
"""

import base64
import io
import logging
import threading
from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from xhtml2pdf import pisa

from . import typesetting

typesetting.install()
logger = logging.getLogger(__name__)

PDF_FONT_FAMILY = "XYSans"
PDF_SERIF_FAMILY = "XYSerif"
_warm_lock = threading.Lock()
_warmed = False


class PdfRenderError(RuntimeError):
    """xhtml2pdf reported errors while rendering."""


def font_css(*, serif: bool = True) -> str:
    """The @font-face rules and CJK defaults every PDF template includes.

    Sans (XYSans) is the default; `.serif` (XYSerif) sets body text in Ming/Song as
    official documents are. xhtml2pdf loads every declared face for every document
    (about 27 ms of CPU for the serif one), so documents without serif text leave it
    out. Line breaking follows `common.typesetting`."""
    sans = Path(settings.PDF_FONT_PATH).as_posix()
    css = (
        f"@font-face {{ font-family: {PDF_FONT_FAMILY}; src: url('{sans}'); }}\n"
        f"html, body, p, div, span, td, th, li, h1, h2, h3, h4 "
        f"{{ font-family: {PDF_FONT_FAMILY}; -pdf-word-wrap: CJK; }}\n"
    )
    if serif:
        path = Path(settings.PDF_SERIF_FONT_PATH).as_posix()
        css += (
            f"@font-face {{ font-family: {PDF_SERIF_FAMILY}; src: url('{path}'); }}\n"
            f".serif, .serif p, .serif td, .serif div, .serif span "
            f"{{ font-family: {PDF_SERIF_FAMILY}; }}\n"
        )
    return css


def _link_callback(uri: str, rel: str) -> str:
    """Map /static/ and /media/ URLs to files; leave data: and absolute paths."""
    if uri.startswith("data:"):
        return uri
    if uri.startswith(settings.MEDIA_URL):
        return str(Path(settings.MEDIA_ROOT) / uri.removeprefix(settings.MEDIA_URL))
    if uri.startswith(settings.STATIC_URL):
        found = finders.find(uri.removeprefix(settings.STATIC_URL))
        if found:
            return found
    return uri


def html_to_pdf(html: str) -> bytes:
    """Render an HTML string to PDF bytes; raise PdfRenderError on failure."""
    out = io.BytesIO()
    result = pisa.CreatePDF(
        html, dest=out, encoding="utf-8", link_callback=_link_callback
    )
    if result.err:
        raise PdfRenderError(f"xhtml2pdf reported {result.err} error(s)")
    return out.getvalue()


def render_pdf(
    template_name: str, context: dict | None = None, *, serif: bool = False
) -> bytes:
    """Render a Django template (extending pdf/base.html) to PDF bytes; `serif` for
    official documents whose body text is set in XYSerif."""
    context = {**(context or {}), "pdf_font_css": font_css(serif=serif)}
    return html_to_pdf(render_to_string(template_name, context))


def qr_png_data_uri(text: str, *, scale: int = 4) -> str:
    """A QR code for `text` as a PNG data URI that xhtml2pdf can embed."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def qr_svg(text: str, *, scale: int = 6) -> str:
    """A QR code for `text` as inline SVG markup for web pages."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(
        buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True
    )
    return buffer.getvalue().decode()


def warm_up() -> None:
    """Load the CJK font once per process so no request pays the cold load."""
    global _warmed
    with _warm_lock:
        if _warmed:
            return
        try:
            html_to_pdf(
                f"<html><head><style>{font_css()}</style></head>"
                "<body><p>信用修复 warm-up</p></body></html>"
            )
        except Exception:  # a broken font must not stop the server from starting
            logger.exception("PDF warm-up failed")
        _warmed = True
