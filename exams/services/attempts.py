"""Starting, autosaving, submitting and marking attempts."""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

import journey
from certificates.services import certificate_issue_for_pass
from enrollment.models import Enrolment

from ..models import Attempt, AttemptItem, Option, Paper, Question

ATTEMPT_ALREADY_OPEN = "您已有一场正在进行的考试，请先完成该场考试。"
ATTEMPTS_EXHAUSTED = "本试卷最多允许考试 {allowed} 次，您的考试次数已用完。"
ALREADY_PASSED = "您已通过本次结业考试，无需再考。"
PAPER_NOT_OPEN = "考试尚未开放，开放时间为 {opens}。"
PAPER_CLOSED = "考试已于 {closes} 关闭。"
NO_PAPER = "该培训场次尚未安排结业考试。"
POOL_SHORT = "题库中“{topic}”主题的可用试题只有 {available} 道，不足 {count} 道。"
PAPER_EMPTY = "试卷没有任何试题。"
QUESTION_NOT_IN_ATTEMPT = "题目（question）不属于本场考试。"
OPTION_NOT_FOUND = "选项（options）不存在或不属于该题目。"
TOO_MANY_OPTIONS = "单选题和判断题只能选择一个选项（options）。"
ATTEMPT_CLOSED = "本场考试已交卷，不能再修改答案。"
ANSWER_LATE = "已超过交卷时间，答案未被接受；系统已按截止前保存的答案自动交卷。"
SUBMIT_LATE = "交卷时间已过，系统已按截止前保存的答案自动交卷。"

_random = secrets.SystemRandom()


def grace() -> timedelta:
    """How long after the deadline answers are still accepted."""
    return timedelta(seconds=settings.EXAM_GRACE_SECONDS)


def _question_pool(*, paper: Paper):
    """Active questions a paper may draw from: its agency's own and shared ones."""
    owner = Q(is_shared=True)
    if paper.agency_id:
        owner |= Q(agency_id=paper.agency_id)
    return Question.objects.filter(owner, is_active=True)


def _draw(*, paper: Paper) -> list[tuple[int, Decimal]]:
    """(question id, points) pairs for a new attempt, shuffled."""
    if paper.mode == Paper.Mode.FIXED:
        drawn = list(paper.fixed_questions.values_list("question_id", "points"))
    else:
        drawn = []
        pool = _question_pool(paper=paper)
        for rule in paper.rules.all():
            ids = list(pool.filter(topic=rule.topic).values_list("id", flat=True))
            if len(ids) < rule.count:
                raise ValidationError(
                    POOL_SHORT.format(
                        topic=rule.get_topic_display(),
                        available=len(ids),
                        count=rule.count,
                    )
                )
            drawn += [(qid, rule.points) for qid in _random.sample(ids, rule.count)]
    if not drawn:
        raise ValidationError(PAPER_EMPTY)
    _random.shuffle(drawn)
    return drawn


def _check_can_start(*, enrolment: Enrolment, paper: Paper, now) -> int:
    """Raise why `enrolment` may not start `paper` now; else its attempts so far."""
    blockers = journey.exam_blockers(enrolment=enrolment)
    if blockers:
        raise ValidationError(blockers)
    if now < paper.opens_at:
        opens = timezone.localtime(paper.opens_at).strftime("%Y-%m-%d %H:%M")
        raise ValidationError(PAPER_NOT_OPEN.format(opens=opens))
    if now >= paper.closes_at:
        closes = timezone.localtime(paper.closes_at).strftime("%Y-%m-%d %H:%M")
        raise ValidationError(PAPER_CLOSED.format(closes=closes))
    # One query for the three limits (this runs once per candidate at exam start).
    previous = Attempt.objects.filter(enrolment=enrolment, paper=paper).aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status=Attempt.Status.OPEN)),
        passed=Count("id", filter=Q(passed=True)),
    )
    if previous["open"]:
        raise ValidationError(ATTEMPT_ALREADY_OPEN)
    if previous["passed"]:
        raise ValidationError(ALREADY_PASSED)
    if previous["total"] >= paper.attempts_allowed:
        raise ValidationError(ATTEMPTS_EXHAUSTED.format(allowed=paper.attempts_allowed))
    return previous["total"]


def attempt_start(*, enrolment: Enrolment, candidate) -> Attempt:
    """Open a new attempt: check eligibility and limits, draw and shuffle the paper."""
    # Close an expired attempt first, in its own transaction, so it stays closed
    # even when this start is refused.
    close_expired_for(enrolment=enrolment, now=timezone.now())
    return _attempt_open(enrolment=enrolment, candidate=candidate)


@transaction.atomic
def _attempt_open(*, enrolment: Enrolment, candidate) -> Attempt:
    # Lock the enrolment so two clicks (or two devices) cannot both open an attempt;
    # its session, exam link and paper come in the same query.
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("session__exam_link__paper")
        .get(pk=enrolment.pk)
    )
    link = getattr(enrolment.session, "exam_link", None)
    if link is None:
        raise ValidationError(NO_PAPER)
    paper = link.paper
    now = timezone.now()
    previous = _check_can_start(enrolment=enrolment, paper=paper, now=now)
    drawn = _draw(paper=paper)
    attempt = Attempt(
        paper=paper,
        enrolment=enrolment,
        candidate=candidate,
        number=previous + 1,
        started_at=now,
        deadline=min(
            now + timedelta(minutes=paper.time_limit_minutes), paper.closes_at
        ),
        max_score=sum((points for _, points in drawn), Decimal(0)),
    )
    # The related rows were just read under lock: no need to look each up again.
    attempt.full_clean(
        exclude=["paper", "enrolment", "candidate"], validate_constraints=False
    )
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError as exc:  # the partial unique index caught a race
        raise ValidationError(ATTEMPT_ALREADY_OPEN) from exc
    options: dict[int, list[int]] = {}
    for qid, oid in Option.objects.filter(
        question_id__in=[qid for qid, _ in drawn]
    ).values_list("question_id", "id"):
        options.setdefault(qid, []).append(oid)
    items = []
    for position, (qid, points) in enumerate(drawn, start=1):
        order = options.get(qid, [])
        _random.shuffle(order)
        items.append(
            AttemptItem(
                attempt=attempt,
                question_id=qid,
                position=position,
                option_order=order,
                points=points,
            )
        )
    AttemptItem.objects.bulk_create(items)
    return attempt


def _locked(attempt_id: int) -> Attempt:
    # Lock only the attempt row: `of=("self",)` keeps the joined paper row unlocked,
    # otherwise every candidate of a session would queue on the same paper.
    return (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("paper")
        .get(pk=attempt_id)
    )


def attempt_is_expired(*, attempt: Attempt, now=None) -> bool:
    """True once the deadline plus the grace period has passed."""
    return (now or timezone.now()) > attempt.deadline + grace()


def answer_save(
    *, attempt: Attempt, question_id: int, option_ids: list[int], now=None
) -> AttemptItem:
    """Store the candidate's current answer to one question (idempotent upsert)."""
    now = now or timezone.now()
    with transaction.atomic():
        # The attempt row lock orders saves against a concurrent hand-in.
        attempt = _locked(attempt.pk)
        if attempt.status != Attempt.Status.OPEN:
            raise ValidationError(ATTEMPT_CLOSED)
        expired = attempt_is_expired(attempt=attempt, now=now)
        if expired:
            _finish(attempt=attempt, now=now, auto=True)
        else:
            return _answer_store(attempt, question_id, option_ids, now)
    raise ValidationError(ANSWER_LATE)  # after the auto-submit has committed


def _answer_store(attempt, question_id, option_ids, now) -> AttemptItem:
    item = (
        AttemptItem.objects.filter(attempt=attempt, question_id=question_id)
        .select_related("question")
        .first()
    )
    if item is None:
        raise ValidationError(QUESTION_NOT_IN_ATTEMPT)
    chosen = sorted(set(option_ids))
    if not set(chosen) <= set(item.option_order):
        raise ValidationError(OPTION_NOT_FOUND)
    if item.question.kind != Question.Kind.MULTIPLE and len(chosen) > 1:
        raise ValidationError(TOO_MANY_OPTIONS)
    item.answer = chosen
    item.answered_at = now
    item.save(update_fields=["answer", "answered_at"])
    return item


def _mark(item: AttemptItem, correct: set[int], partial: bool) -> None:
    chosen = set(item.answer)
    item.is_correct = bool(chosen) and chosen == correct
    if item.is_correct:
        item.awarded = item.points
    elif partial and chosen and chosen < correct:
        share = Decimal(len(chosen)) / Decimal(len(correct))
        item.awarded = (item.points * share).quantize(Decimal("0.1"))
    else:
        item.awarded = Decimal(0)


def _finish(*, attempt: Attempt, now, auto: bool) -> Attempt:
    """Mark every item and close `attempt` (the caller holds the row lock)."""
    items = list(AttemptItem.objects.filter(attempt=attempt).select_related("question"))
    correct: dict[int, set[int]] = {}
    for qid, oid in Option.objects.filter(
        question_id__in=[i.question_id for i in items], is_correct=True
    ).values_list("question_id", "id"):
        correct.setdefault(qid, set()).add(oid)
    partial = attempt.paper.partial_credit
    for item in items:
        _mark(item, correct.get(item.question_id, set()), partial)
    AttemptItem.objects.bulk_update(items, ["is_correct", "awarded"])
    attempt.score = sum((i.awarded for i in items), Decimal(0))
    attempt.passed = attempt.score >= attempt.paper.pass_mark
    attempt.status = Attempt.Status.SUBMITTED
    attempt.submitted_at = min(now, attempt.deadline) if auto else now
    attempt.auto_submitted = auto
    attempt.save(
        update_fields=["score", "passed", "status", "submitted_at", "auto_submitted"]
    )
    if attempt.passed:
        certificate_issue_for_pass(attempt=attempt)
    return attempt


def attempt_submit(*, attempt: Attempt, now=None) -> Attempt:
    """Hand in `attempt` and mark it; late hand-ins are closed with saved answers."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked(attempt.pk)
        if attempt.status != Attempt.Status.OPEN:
            return attempt  # a second click or another device: already handed in
        late = attempt_is_expired(attempt=attempt, now=now)
        _finish(attempt=attempt, now=now, auto=late)
    if late:
        raise ValidationError(SUBMIT_LATE)
    return attempt


def attempt_close_if_expired(*, attempt: Attempt, now=None) -> Attempt:
    """Auto-submit `attempt` if its deadline and grace have passed (lazy closing)."""
    now = now or timezone.now()
    if attempt.status != Attempt.Status.OPEN or not attempt_is_expired(
        attempt=attempt, now=now
    ):
        return attempt
    with transaction.atomic():
        locked = _locked(attempt.pk)
        if locked.status == Attempt.Status.OPEN:
            _finish(attempt=locked, now=now, auto=True)
        return locked


def close_expired_for(*, enrolment: Enrolment, now) -> None:
    """Lazily close `enrolment`'s expired open attempts."""
    for attempt in Attempt.objects.filter(
        enrolment=enrolment,
        status=Attempt.Status.OPEN,
        deadline__lt=now - grace(),
    ):
        attempt_close_if_expired(attempt=attempt, now=now)


def attempts_close_expired(*, now=None) -> int:
    """Auto-submit every open attempt past deadline + grace; returns how many."""
    now = now or timezone.now()
    ids = Attempt.objects.filter(
        status=Attempt.Status.OPEN, deadline__lt=now - grace()
    ).values_list("id", flat=True)
    closed = 0
    for attempt_id in list(ids):
        with transaction.atomic():
            attempt = _locked(attempt_id)
            if attempt.status == Attempt.Status.OPEN:
                _finish(attempt=attempt, now=now, auto=True)
                closed += 1
    return closed
