import sys

from fontTools import subset
from fontTools.ttLib import TTFont

src = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
enc = sys.argv[1]
out = sys.argv[2]
chars = (
    set(range(0x20, 0x7F))
    | set(range(0xA0, 0x100))
    | set(range(0x2000, 0x206F))
    | set(range(0x3000, 0x303F))
    | set(range(0xFF00, 0xFFEF))
    | {0x25A1, 0x2713, 0x2714, 0x2610, 0x2611, 0x00B7, 0x2022, 0x2116}
)
for cp in range(0x4E00, 0xA000):
    try:
        chr(cp).encode(enc)
        chars.add(cp)
    except UnicodeEncodeError:
        pass
font = TTFont(src)
cmap = font.getBestCmap()
chars = {c for c in chars if c in cmap}
opts = subset.Options()
opts.name_IDs = ["*"]
opts.notdef_outline = True
opts.layout_features = []
opts.hinting = False
s = subset.Subsetter(opts)
s.populate(unicodes=chars)
s.subset(font)
font.save(out)
print(len(chars))
