"""Rebuild the PDF fonts in common/fonts/ from Debian's font packages.

    apt-get install fonts-wqy-microhei fonts-arphic-uming
    python common/fonts/make_subset.py

- XYSans.ttf: face 0 of WenQuanYi Micro Hei (Droid Sans Fallback's CJK glyphs
  merged with Droid Sans Latin), for headings, tables and labels.
- XYSerif.ttf: face 0 of AR PL UMing CN (a Ming/Song face with TrueType outlines),
  for the body text of official documents.

Each face is taken out of its .ttc, which xhtml2pdf cannot read, keeping Latin,
punctuation, full-width forms and every CJK ideograph that GBK encodes, so rare
characters in company and person names still render.
"""

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph

# U+2060 WORD JOINER marks "no line break here" (common/typesetting.py); it gets an
# empty, zero-width glyph so PDF rendering knows it, although it is never drawn.
WORD_JOINER = 0x2060

HERE = Path(__file__).parent
FONTS = {
    HERE / "XYSans.ttf": "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    HERE / "XYSerif.ttf": "/usr/share/fonts/truetype/arphic/uming.ttc",
}
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


def build(source: str, target: Path) -> None:
    font = TTCollection(source).fonts[0]
    cmap = font.getBestCmap()
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = []
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted_codepoints() & set(cmap))
    subsetter.subset(font)
    add_word_joiner(font)
    font.save(target)
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")


def add_word_joiner(font: TTFont) -> None:
    """Map U+2060 to an empty glyph with no advance."""
    name = "uni2060"
    if name not in font.getGlyphOrder():
        font.setGlyphOrder([*font.getGlyphOrder(), name])
        font["glyf"].glyphs[name] = Glyph()
        font["glyf"].glyphOrder = font.getGlyphOrder()
        font["hmtx"].metrics[name] = (0, 0)
        if "vmtx" in font:
            font["vmtx"].metrics[name] = (0, 0)
        font["maxp"].numGlyphs = len(font.getGlyphOrder())
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[WORD_JOINER] = name


def main() -> None:
    for target, source in FONTS.items():
        if Path(source).exists():
            build(source, target)
        else:
            print(f"skipped {target.name}: {source} is not installed")


if __name__ == "__main__":
    main()
