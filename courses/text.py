"""Chinese text for Wagtail's database search backend.

The backend's tokenisers (SQLite FTS5 unicode61, PostgreSQL to_tsvector) treat a run
of Chinese characters without spaces as one word, so 严重失信 inside a sentence would
never match. Pages index their text as single characters plus overlapping bigrams,
and queries are turned into the same terms.
"""

import re

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def cjk_terms(text: str) -> str:
    """Index terms of `text`: every Chinese character and every adjacent pair."""
    terms: list[str] = []
    for run in _CJK_RUN.findall(text or ""):
        terms.extend(run)
        terms.extend(_bigrams(run))
    return " ".join(terms)


def cjk_query(query: str) -> str:
    """Search terms for `query`: bigrams of Chinese runs, other words as they are."""
    terms: list[str] = []
    for word in (query or "").split():
        runs = _CJK_RUN.findall(word)
        rest = _CJK_RUN.sub(" ", word).split()
        for run in runs:
            terms.extend(_bigrams(run) if len(run) > 1 else [run])
        terms.extend(rest)
    return " ".join(terms)
