"""Small media files made locally for demo lectures and tests (no internet needed)."""

import io

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw


def png_file(name: str = "diagram.png", *, size=(480, 160)) -> ContentFile:
    """A small PNG: four boxes joined by a line, a sketch of the repair steps."""
    image = PILImage.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    width, height = size
    box = width // 6
    draw.line((box // 2, height // 2, width - box // 2, height // 2), "#0d6efd", 4)
    for i in range(4):
        left = i * (width - box) // 3
        draw.rectangle(
            (left, height // 3, left + box, 2 * height // 3),
            fill="#e7f1ff",
            outline="#0d6efd",
            width=3,
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=name)


def pdf_file(title: str, lines: list[str], name: str = "material.pdf") -> ContentFile:
    """A PDF of `title` and `lines` rendered with the platform's CJK font."""
    from common.pdf import render_pdf

    data = render_pdf("courses/pdf/material.html", {"title": title, "lines": lines})
    return ContentFile(data, name=name)


def tiny_video_file(name: str = "demo.webm") -> ContentFile:
    """A placeholder video file: a minimal WebM (EBML) header, enough to upload.

    Browsers show an empty player for it; a trainer replaces it with a real video.
    """
    ebml_header = bytes.fromhex("1a45dfa3") + bytes.fromhex("9f4286810142f7810142f2")
    return ContentFile(ebml_header + b"\x00" * 32, name=name)
