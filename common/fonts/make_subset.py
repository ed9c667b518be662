"""Rebuild common/fonts/XYSans.ttf from Debian's fonts-wqy-microhei.

    apt-get install fonts-wqy-microhei
    python common/fonts/make_subset.py

Takes face 0 (WenQuanYi Micro Hei: Droid Sans Fallback's CJK glyphs merged with
Droid Sans Latin) out of the .ttc, which xhtml2pdf cannot read, and keeps Latin,
punctuation, full-width forms and every CJK ideograph that GBK encodes, so rare
characters in company and person names still render.
"""

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
TARGET = Path(__file__).with_name("XYSans.ttf")
RANGES = [
    (0x20, 0x7F),
    (0xA0, 0x180),
    (0x2000, 0x2070),
    (0x2100, 0x2200),
    (0x2460, 0x24FF),
    (0x25A0, 0x2700),
    (0x3000, 0x3040),
    (0xFE30, 0xFE70),
    (0xFF00, 0xFFF0),
]


def wanted_codepoints() -> set[int]:
    points = {cp for low, high in RANGES for cp in range(low, high)}
    for cp in range(0x4E00, 0xA000):
        try:
            chr(cp).encode("gbk")
        except UnicodeEncodeError:
            continue
        points.add(cp)
    return points


def main() -> None:
    font = TTCollection(SOURCE).fonts[0]
    cmap = font.getBestCmap()
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = []
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted_codepoints() & set(cmap))
    subsetter.subset(font)
    font.save(TARGET)
    print(f"wrote {TARGET} ({TARGET.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
