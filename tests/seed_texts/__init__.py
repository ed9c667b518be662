"""The seeds' template texts, and a check that a PDF reproduces one word for word.

Each `.txt` here is cut verbatim from /work/shared/seeds (see README.md beside it).
Runs of blanks in the seed are the places an office fills in; a document matches
when every piece of seed text between blanks appears in it, in order.
"""

import re
from pathlib import Path

HERE = Path(__file__).parent
_SPACE = re.compile(r"\s+")


def seed_fragments(name: str) -> list[str]:
    """The seed text's pieces between blanks."""
    return [f for f in _SPACE.split((HERE / f"{name}.txt").read_text()) if f]


def normalise(text: str) -> str:
    """Text without white space; a ticked box ■ counts as the seed's □."""
    return _SPACE.sub("", text).replace("■", "□")


def missing_seed_text(name: str, text: str) -> list[str]:
    """Seed pieces not found in `text` in the seed's order (empty when exact)."""
    text = normalise(text)
    position = 0
    missing = []
    for fragment in seed_fragments(name):
        found = text.find(fragment, position)
        if found < 0:
            missing.append(fragment)
        else:
            position = found + len(fragment)
    return missing
