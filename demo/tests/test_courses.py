import re
from pathlib import Path

import pytest

from courses.blocks import BaseStreamBlock
from courses.models import CoursePage, LecturePage, Topic
from demo.accounts import seed as accounts_seed
from demo.course_content import COURSES
from demo.courses import seed

SEEDS = Path("/work/shared/seeds")


@pytest.mark.smoke
def test_demo_is_idempotent_and_uses_every_block(db):
    accounts_seed()
    seed()
    counts = (CoursePage.objects.count(), LecturePage.objects.count())
    seed()
    assert (CoursePage.objects.count(), LecturePage.objects.count()) == counts
    assert sorted(CoursePage.objects.values_list("topic", flat=True)) == sorted(
        Topic.values
    )
    used = {b.block_type for lecture in LecturePage.objects.all() for b in lecture.body}
    assert used == set(BaseStreamBlock.base_blocks)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed notices not on this machine")
def test_demo_quotations_appear_verbatim_in_the_seeds():
    seeds = _squash("".join(p.read_text() for p in SEEDS.glob("*.txt")))
    quotes = [
        value["text"]
        for course in COURSES
        for lecture in course["lectures"]
        for name, value in lecture["body"]
        if name == "regulation_quote_block"
    ]
    assert len(quotes) >= 10
    for text in quotes:
        assert _squash(text) in seeds, text
