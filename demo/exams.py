"""Demo question bank (shared city-wide) and a demo paper for Nantong 2022 sessions.

Idempotent: questions are matched by stem, the paper by title; sessions already
linked to another paper are left alone.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from exams.models import DrawRule, Option, Paper, Question

from .exam_questions import QUESTIONS

PAPER_TITLE = "2022年南通市信用修复培训结业考试（演示）"
RULES = [
    ("regulations", 2),
    ("mechanism", 3),
    ("impact", 3),
    ("repair", 5),
    ("commitment", 3),
    ("service", 4),
]  # 20 questions × 5 points = 100


def _seed_questions() -> int:
    created = 0
    for kind, topic, difficulty, stem, options, explanation in QUESTIONS:
        question, is_new = Question.objects.update_or_create(
            stem=stem,
            is_shared=True,
            agency=None,
            defaults={
                "kind": kind,
                "topic": topic,
                "difficulty": difficulty,
                "explanation": explanation,
            },
        )
        if not is_new:
            continue
        created += 1
        if kind == Question.Kind.TRUE_FALSE:
            options = [("正确", options), ("错误", not options)]
        Option.objects.bulk_create(
            Option(question=question, position=n, text=text, is_correct=ok)
            for n, (text, ok) in enumerate(options, start=1)
        )
    return created


def seed(*, stdout=None) -> None:
    """Load the shared demo bank and the demo paper (demo.story links sessions)."""
    created = _seed_questions()
    # Open from before last month's session (demo.story) until a year from now.
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    paper, _ = Paper.objects.get_or_create(
        title=PAPER_TITLE,
        defaults={
            "agency": None,
            "mode": Paper.Mode.RANDOM,
            "pass_mark": Decimal("60"),
            "time_limit_minutes": 30,
            "opens_at": now - datetime.timedelta(days=45),
            "closes_at": now + datetime.timedelta(days=365),
            "attempts_allowed": 2,
            "review_policy": Paper.ReviewPolicy.FULL,
        },
    )
    for topic, count in RULES:
        DrawRule.objects.get_or_create(
            paper=paper, topic=topic, defaults={"count": count, "points": Decimal(5)}
        )
    if stdout is not None:
        stdout.write(
            f"结业考试：题库新增 {created} 题（共 {len(QUESTIONS)} 题），"
            "演示试卷由演示故事关联到各场次。"
        )
