"""Shared bits for the fuzz tests."""

import re
from contextlib import contextmanager

from django.db import transaction

CJK = re.compile(r"[\u4e00-\u9fff]")


@contextmanager
def rolled_back():
    """Run one Hypothesis example in a savepoint that is always rolled back."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def has_chinese(text: str) -> bool:
    return bool(CJK.search(text))
