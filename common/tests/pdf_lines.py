"""Line-level checks of rendered PDFs, shared by every app's document tests."""

import io
import re

from pypdf import PdfReader

# Closing marks no line may start with, opening marks no line may end with.
CLOSING = set("。，、；：？！）》」』】〕")
OPENING = set("（《「『【〔")
# Tokens that must never be split across lines wherever they occur.
UNBREAKABLE = re.compile(
    r"\d{4}年\d{1,2}月\d{1,2}日"
    r"|[〔﹝]\d{4}[〕﹞]\d+号"
    r"|\b[0-9A-Z]{18}\b"
    r"|https?://[!-~]+"
)


def pdf_lines(data: bytes) -> list[str]:
    """Every non-empty text line of every page, stripped."""
    lines = []
    for page in PdfReader(io.BytesIO(data)).pages:
        lines.extend(line.strip() for line in page.extract_text().splitlines())
    return [line for line in lines if line]


def line_rule_violations(data: bytes, *, tokens: list[str] = ()) -> list[str]:
    """Lines that break the Chinese line-breaking rules, and split tokens."""
    lines = pdf_lines(data)
    problems = [
        f"line starts with {line[0]}: {line}" for line in lines if line[0] in CLOSING
    ]
    problems += [
        f"line ends with {line[-1]}: {line}" for line in lines if line[-1] in OPENING
    ]
    for token in tokens:
        if not any(token in line for line in lines):
            problems.append(f"{token} is split or missing")
    joined = "".join(lines)
    for match in UNBREAKABLE.finditer(joined):
        if not any(match.group() in line for line in lines):
            problems.append(f"{match.group()} is split across lines")
    return problems
