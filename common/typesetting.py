"""Chinese line breaking for every PDF, in the rendering layer.

xhtml2pdf hands CJK paragraphs (`-pdf-word-wrap: CJK`) to the `breakLinesCJK` of its
own copy of reportlab's Paragraph (`xhtml2pdf.reportlab_paragraph`), which breaks
after any glyph: it skips every `<br>` (`if lineBreak: continue` in `cjkFragSplit`),
lets 「：」 start a line and splits 「10月」, 「〔2022〕0158号」, USCCs and URLs.
`install()` replaces that method with `break_lines_cjk`, which follows the usual
rules (GB/T 15834 punctuation, kinsoku):

- no line starts with closing punctuation (。，、；：？！）》」』】 …);
- no line ends with opening punctuation (（《「『【 …);
- numbers with their unit (「10月」), dates, decision numbers (「〔2022〕0158号」),
  Latin words, USCCs and URLs are never split;
- a `<br>` always ends the line; text marked with the `nobr` filter stays together.

Only when a single unbreakable run is wider than the line is it cut, so text never
runs off the page.
"""

import re

from reportlab.rl_settings import _FUZZ
from xhtml2pdf import reportlab_paragraph as rl_paragraph

# Punctuation that must not start a line (closing marks, stops, pauses).
CANNOT_START = set(
    "。，、；：？！）》」』】〕〗〙〛］｝〉’”…—·‥%％‰℃°′″!),.:;?]}｡､ー々〻゛゜ゝゞ"
)
# Punctuation that must not end a line (opening marks).
CANNOT_END = set("（《「『【〔〖〘〚［｛〈‘“([{$￥¥＄#＃@")

# Marks a place where the line must not break; `nobr` puts it between characters
# and `break_lines_cjk` removes it before drawing (it never reaches the PDF).
WORD_JOINER = "\u2060"

# Runs that must stay on one line, found in the paragraph's plain text.
NO_SPLIT = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"  # 2026年12月1日, 2026年12月
    r"|\d{1,2}\s*月\s*\d{1,2}\s*日"  # 12月1日
    r"|[\u4e00-\u9fff]{0,8}[〔﹝\[［(（]\d{4}[〕﹞\]］)）]\s*\d+\s*号"  # 决定书文号
    r"|[0-9A-Z]{18}"  # USCC
    r"|[A-Za-z][A-Za-z0-9+.-]*://[^\s\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]+"  # URL
    r"|[A-Za-z0-9][A-Za-z0-9._:/@%#&=?~+\-]*"  # Latin words, numbers, codes
    r"(?:[年月日号时分秒个元页期条款项次人家万亿%％])?"  # with their unit
)


def nobr(text: str) -> str:
    """`text` joined so the PDF never breaks a line inside it."""
    text = str(text)
    return WORD_JOINER.join(text) if len(text) > 1 else text


def break_opportunities(text: str) -> list[bool]:
    """For each index i, whether a line may break before text[i] (index 0: False).

    Word joiners are kept in `text` here; the caller drops them."""
    n = len(text)
    allowed = [True] * (n + 1)
    allowed[0] = False
    allowed[n] = True
    for match in NO_SPLIT.finditer(text):
        for i in range(match.start() + 1, match.end()):
            # Latin text inside a run still breaks at its spaces.
            if not text[i - 1].isspace():
                allowed[i] = False
    for i in range(1, n):
        before, here = text[i - 1], text[i]
        if here in CANNOT_START or before in CANNOT_END:
            allowed[i] = False
        elif here == WORD_JOINER or before == WORD_JOINER:
            allowed[i] = False
        elif here.isspace() and not before.isspace():
            # break after spaces, not before them
            allowed[i] = False
        elif (
            before.isascii() and here.isascii() and before.isalnum() and here.isalnum()
        ):
            allowed[i] = False
    return allowed[:n]


def _is_break(frag) -> bool:
    return bool(getattr(frag, "lineBreak", False))


def _glyphs(frags) -> list:
    """One cjkU per character (frag and width attached); '' for breaks and images."""
    units = []
    for frag in frags:
        text = frag.text if hasattr(frag, "text") else ""
        if isinstance(text, bytes):
            text = text.decode("utf8")
        if text and not hasattr(frag, "cbDefn"):
            units.extend(rl_paragraph.cjkU(ch, frag, "utf8") for ch in text)
        else:
            units.append(rl_paragraph.cjkU(text or "", frag, "utf8"))
    return units


def split_units(units: list, max_widths: list[float], calc_bounds: bool):
    """Break glyph units into reportlab FragLines following the rules above."""
    # Map units to characters; breaks and images act as neutral spots.
    chars = "".join(str(u) if len(str(u)) == 1 else "\ufffc" for u in units)
    allowed = break_opportunities(chars)
    lines = []
    start = 0
    n = len(units)

    def width_of() -> float:
        return max_widths[min(len(lines), len(max_widths) - 1)]

    def emit(end: int, *, hard: bool) -> None:
        nonlocal start
        kept = [u for u in units[start:end] if str(u) != WORD_JOINER]
        while kept and not hard and str(kept[-1]).isspace():
            kept.pop()
        max_width = width_of()
        used = sum(u.width for u in kept)
        if not kept:  # an empty line still needs a frag for its height
            kept = [units[min(start, n - 1)]]
        line = rl_paragraph.makeCJKParaLine(kept, max_width - used, calc_bounds)
        line.lineBreak = hard  # no justification before a <br>
        lines.append(line)
        start = end
        # a line never starts with the spaces it broke at
        while not hard and start < n and str(units[start]) in (" ", "\u3000"):
            start += 1

    used = 0.0
    i = 0
    while i < n:
        unit = units[i]
        if str(unit) == "" and _is_break(unit.frag):
            emit(i + 1, hard=True)
            used = 0.0
            i = start
            continue
        max_width = width_of()
        width = 0.0 if str(unit) == WORD_JOINER else unit.width
        if used + width > max_width + _FUZZ and i > start:
            # hang one closing mark in the margin rather than start a line with it
            if str(unit) in CANNOT_START and (i + 1 >= n or allowed[i + 1]):
                emit(i + 1, hard=False)
            else:
                cut = next((j for j in range(i, start, -1) if allowed[j]), None)
                emit(cut if cut is not None else i, hard=False)
            used = 0.0
            i = start
            continue
        used += width
        i += 1
    if start < n:
        emit(n, hard=False)
    return rl_paragraph.ParaLines(kind=1, lines=lines)


def break_lines_cjk(self, maxWidths):  # noqa: N803 (reportlab's signature)
    """Replacement for reportlab's `Paragraph.breakLinesCJK`."""
    if not isinstance(maxWidths, list | tuple):
        maxWidths = [maxWidths]
    style = self.style
    self.height = 0
    rl_paragraph._handleBulletWidth(
        self.bulletText, style, maxWidths, rtl=self.dir == "rtl"
    )
    if not self.frags:
        return rl_paragraph.ParaLines(
            kind=0,
            fontSize=style.fontSize,
            fontName=style.fontName,
            textColor=style.textColor,
            lines=[],
            ascent=style.fontSize,
            descent=-0.2 * style.fontSize,
        )
    auto_leading = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
    calc_bounds = auto_leading not in ("", "off")
    return split_units(_glyphs(self.frags), list(maxWidths), calc_bounds)


_installed = False


def install() -> None:
    """Route reportlab's CJK line breaking through `break_lines_cjk` (idempotent)."""
    global _installed
    if not _installed:
        rl_paragraph.Paragraph.breakLinesCJK = break_lines_cjk
        _installed = True
