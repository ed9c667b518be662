"""Writing papers: settings, fixed questions or draw rules, linked sessions."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from enrollment.models import TrainingSession

from ..models import DrawRule, Paper, PaperQuestion, PaperSession, Question, Topic
from .attempts import _question_pool

NOT_PAPER_AUTHOR = "只有培训讲师和市级信用办可以组卷。"
FIXED_NEEDS_QUESTIONS = "试题：固定试卷至少需要一道试题。"
RANDOM_NEEDS_RULES = "抽题规则：随机试卷至少需要一条抽题规则。"
PASS_MARK_TOO_HIGH = "及格分：不能高于试卷总分 {total}。"  # noqa: S105
SESSION_TAKEN = "培训场次：“{session}”已关联试卷“{paper}”。"
SESSION_OUT_OF_SCOPE = "培训场次：“{session}”不是本机构承办的场次。"
RULE_POOL_SHORT = (
    "抽题规则：题库中“{topic}”主题的可用试题只有 {available} 道，不足 {count} 道。"
)
QUESTION_NOT_AVAILABLE = "试题：所选试题不在本机构题库或市级共享题库中。"


@dataclass(frozen=True)
class RuleSpec:
    topic: str
    count: int
    points: Decimal


def _agency_for(author: User):
    if author.role == User.Role.TRAINER and author.agency_id:
        return author.agency
    if author.is_superuser or author.role in (User.Role.CITY_OFFICE, User.Role.ADMIN):
        return None
    raise ValidationError(NOT_PAPER_AUTHOR)


def _check_sessions(paper: Paper, sessions) -> None:
    for session in sessions:
        if paper.agency_id and session.plan_line.agency_id != paper.agency_id:
            raise ValidationError(SESSION_OUT_OF_SCOPE.format(session=session))
        link = (
            PaperSession.objects.filter(session=session)
            .exclude(paper=paper)
            .select_related("paper")
            .first()
        )
        if link:
            raise ValidationError(
                SESSION_TAKEN.format(session=session, paper=link.paper)
            )


@transaction.atomic
def paper_sessions_set(*, paper: Paper, sessions) -> Paper:
    """Link `paper` to exactly these sessions (each session has one paper)."""
    sessions = list(sessions)
    _check_sessions(paper, sessions)
    PaperSession.objects.filter(paper=paper).exclude(session__in=sessions).delete()
    for session in sessions:
        PaperSession.objects.get_or_create(paper=paper, session=session)
    return paper


@transaction.atomic
def paper_create(
    *,
    author: User,
    title: str,
    mode: str,
    pass_mark: Decimal,
    time_limit_minutes: int,
    opens_at,
    closes_at,
    attempts_allowed: int,
    review_policy: str,
    partial_credit: bool = False,
    fixed: list[tuple[Question, Decimal]] = (),
    rules: list[RuleSpec] = (),
    sessions: list[TrainingSession] = (),
) -> Paper:
    """Create a paper with its questions or draw rules and link its sessions."""
    paper = Paper(
        title=title,
        agency=_agency_for(author),
        mode=mode,
        pass_mark=pass_mark,
        time_limit_minutes=time_limit_minutes,
        opens_at=opens_at,
        closes_at=closes_at,
        attempts_allowed=attempts_allowed,
        review_policy=review_policy,
        partial_credit=partial_credit,
        created_by=author,
    )
    paper.full_clean()
    paper.save()
    pool = _question_pool(paper=paper)
    if mode == Paper.Mode.FIXED:
        if not fixed:
            raise ValidationError(FIXED_NEEDS_QUESTIONS)
        allowed = set(pool.values_list("id", flat=True))
        for question, points in fixed:
            if question.pk not in allowed:
                raise ValidationError(QUESTION_NOT_AVAILABLE)
            PaperQuestion.objects.create(paper=paper, question=question, points=points)
        total = sum((Decimal(points) for _, points in fixed), Decimal(0))
    else:
        if not rules:
            raise ValidationError(RANDOM_NEEDS_RULES)
        for spec in rules:
            available = pool.filter(topic=spec.topic).count()
            if available < spec.count:
                raise ValidationError(
                    RULE_POOL_SHORT.format(
                        topic=Topic(spec.topic).label,
                        available=available,
                        count=spec.count,
                    )
                )
            rule = DrawRule(
                paper=paper, topic=spec.topic, count=spec.count, points=spec.points
            )
            rule.full_clean()
            rule.save()
        total = sum((Decimal(s.points) * s.count for s in rules), Decimal(0))
    if Decimal(pass_mark) > total:
        raise ValidationError(PASS_MARK_TOO_HIGH.format(total=total))
    paper_sessions_set(paper=paper, sessions=sessions)
    return paper
