"""The demo's story, dated relative to the day it is loaded, told through the services.

- Last month: 海安市's first session. Four enterprises signed their letters, three
  sat the whole session, one left early; one passed at once, one failed and passed
  the retake, one failed and may still retake; certificates were issued on the
  passes, and their repair applications reached every status.
- Today: a session whose sign-in the trainer has opened, so the trainer's console and
  the representative's sign-in (13900000401) work at once.
- Ahead: a session open for enrolment (13900000406 signs and enrols), one full with a
  waitlist (崇川区, capacity 2) and a draft.

Every past step runs at its own moment (demo.clock.travel_to), so nothing is dated
after the day of loading except the future sessions themselves. Loading again
changes nothing.
"""

import datetime

from django.utils import timezone

from accounts.models import CreditOffice, User
from certificates import services as certificate_services
from enrollment import services as enrollment_services
from enrollment.models import Enrolment, PlanLine, Programme, TrainingSession
from enrollment.selectors import letters_missing
from enrollment.signin import signin_code_for
from enterprises.models import Enterprise, PenaltyRecord
from enterprises.services import reminder_letter_confirm, reminder_letter_issue
from exams import services as exam_services
from exams.models import AttemptItem, Option, Paper, PaperSession

from .clock import local_at, travel_to
from .enrollment import nantong_programme_name
from .exams import PAPER_TITLE

FIRST_SESSION = "海安市信用修复专题培训（第一期）"
TODAY_SESSION = "海安市信用修复专题培训（第二期）"
NEXT_SESSION = "海安市信用修复专题培训（第三期）"
FULL_SESSION = "崇川区信用修复线上培训（第一期）"
DRAFT_SESSION = "通州区联合通州湾示范区信用修复培训"

# Representatives by the part they play.
TODAY_REP = "13900000401"
PASSED_REP = "13900000402"  # passed at once; repairs approved and submitted
RETAKE_PASSED_REP = "13900000403"  # failed, passed the retake; rejected, prepared
RETAKE_OPEN_REP = "13900000404"  # failed once, may retake now
LEFT_EARLY_REP = "13900000405"  # attended too little for the exam
NEWCOMER_REP = "13900000406"  # letters to sign, a session to enrol in
FULL_REP = "13900000407"  # has a seat in the full session
WAITLIST_REP = "13900000408"  # waits for a seat in it
ID_LAST4 = "0012"

# Correct answers per attempt (of 20 questions × 5 points; pass mark 60).
SCORES = {"pass": 18, "fail": 8, "retake_pass": 15, "retake_fail_first": 9}

REJECTION_NOTE = "信用中国审核意见：整改材料未加盖公章，请补充后重新提交。"


def _user(username: str) -> User:
    return User.objects.select_related("enterprise").get(username=username)


def _line(programme: Programme, label: str) -> PlanLine:
    return PlanLine.objects.get(programme=programme, label=label)


def _session(
    *,
    trainer: User,
    line: PlanLine,
    title: str,
    mode: str,
    venue: str,
    starts_at: datetime.datetime,
    capacity: int,
    publish: bool = True,
) -> TrainingSession:
    return enrollment_services.session_create(
        actor=trainer,
        plan_line=line,
        title=title,
        mode=mode,
        venue=venue,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        capacity=capacity,
        publish=publish,
    )


def _sign_letters(rep: User) -> None:
    """Sign, through the signing service, every letter the rules ask of `rep`."""
    for penalty in letters_missing(enterprise=rep.enterprise).order_by("pk"):
        enrollment_services.letter_sign(
            actor=rep,
            penalty=penalty,
            signer_name=rep.real_name,
            id_type="resident_id",
            id_last4=ID_LAST4,
            ip_address="127.0.0.1",
            user_agent="seed_demo",
            typed_signature=rep.real_name,
        )


def _link_paper(session: TrainingSession) -> None:
    paper = Paper.objects.get(title=PAPER_TITLE)
    PaperSession.objects.get_or_create(session=session, defaults={"paper": paper})


def _sit_exam(rep: User, enrolment: Enrolment, correct: int, at: datetime.datetime):
    """Sit the paper at `at`, answering `correct` questions right, and submit."""
    with travel_to(at):
        attempt = exam_services.attempt_start(enrolment=enrolment, candidate=rep)
    items = AttemptItem.objects.filter(attempt=attempt).order_by("position")
    for n, item in enumerate(items):
        options = list(Option.objects.filter(question_id=item.question_id))
        right = [o.pk for o in options if o.is_correct]
        wrong = [o.pk for o in options if not o.is_correct][:1]
        moment = at + datetime.timedelta(minutes=1 + n)
        with travel_to(moment):
            exam_services.answer_save(
                attempt=attempt,
                question_id=item.question_id,
                option_ids=right if n < correct else wrong,
                now=moment,
            )
    done = at + datetime.timedelta(minutes=25)
    with travel_to(done):
        return exam_services.attempt_submit(attempt=attempt, now=done)


def _first_session(programme: Programme, today: datetime.date) -> None:
    trainer = _user("trainer1")
    day = today - datetime.timedelta(days=30)
    while day.weekday() >= 5:  # sessions are held on working days
        day -= datetime.timedelta(days=1)
    start = local_at(day, 9)
    reps = [
        _user(u)
        for u in (PASSED_REP, RETAKE_PASSED_REP, RETAKE_OPEN_REP, LEFT_EARLY_REP)
    ]

    with travel_to(start - datetime.timedelta(days=20)):
        session = _session(
            trainer=trainer,
            line=_line(programme, "海安市"),
            title=FIRST_SESSION,
            mode=TrainingSession.Mode.OFFLINE,
            venue="海安市政务服务中心三楼报告厅",
            starts_at=start,
            capacity=60,
        )
        _link_paper(session)
    for n, rep in enumerate(reps):
        with travel_to(start - datetime.timedelta(days=18 - n, hours=-2)):
            _sign_letters(rep)
            enrollment_services.enrolment_create(
                session=session, enterprise=rep.enterprise, actor=rep
            )
    # Sign-in opens 15 minutes early; the trainer's opening starts the session.
    opened = start - datetime.timedelta(minutes=15)
    with travel_to(opened):
        enrollment_services.signin_window_open(
            session=session, actor=trainer, now=opened
        )
    for n, rep in enumerate(reps):
        # The fourth comes 70 minutes late and so misses the class-hour rule.
        arrives = start + datetime.timedelta(minutes=70 if n == 3 else n * 3 - 10)
        with travel_to(arrives):
            enrollment_services.attendance_sign_in(
                session=session,
                user=rep,
                code=signin_code_for(session=session, at=arrives),
                now=arrives,
            )
    signout = session.ends_at - datetime.timedelta(minutes=5)
    with travel_to(signout):
        enrollment_services.signin_window_close(
            session=session, actor=trainer, now=signout
        )
        enrollment_services.signout_window_open(
            session=session, actor=trainer, now=signout
        )
    for n, rep in enumerate(reps):
        leaves = session.ends_at + datetime.timedelta(minutes=n)
        with travel_to(leaves):
            enrollment_services.attendance_sign_out(
                session=session,
                user=rep,
                code=signin_code_for(session=session, at=leaves),
                now=leaves,
            )
    finish = session.ends_at + datetime.timedelta(minutes=10)
    with travel_to(finish):
        enrollment_services.signout_window_close(
            session=session, actor=trainer, now=finish
        )
        enrollment_services.session_finish(session=session, actor=trainer, now=finish)

    enrolments = {
        e.enterprise_id: e
        for e in Enrolment.objects.filter(session=session).select_related("session")
    }
    passed, retake, open_retake, _ = reps
    afternoon = local_at(day, 14)
    _sit_exam(passed, enrolments[passed.enterprise_id], SCORES["pass"], afternoon)
    _sit_exam(
        retake,
        enrolments[retake.enterprise_id],
        SCORES["fail"],
        afternoon + datetime.timedelta(minutes=30),
    )
    _sit_exam(
        open_retake,
        enrolments[open_retake.enterprise_id],
        SCORES["retake_fail_first"],
        afternoon + datetime.timedelta(minutes=60),
    )
    _sit_exam(
        retake,
        enrolments[retake.enterprise_id],
        SCORES["retake_pass"],
        local_at(day + datetime.timedelta(days=1), 10),
    )
    _repairs(passed, retake, today)


def _repairs(passed: User, retake: User, today: datetime.date) -> None:
    """The certified enterprises' repair applications, one in every status."""

    def on(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    def step(service, rep: User, penalty: PenaltyRecord, days: int, note: str = ""):
        with travel_to(local_at(on(days), 10)):
            service(penalty=penalty, on=on(days), note=note, actor=rep)

    first, second = PenaltyRecord.objects.filter(enterprise=passed.enterprise).order_by(
        "decision_date"
    )
    step(certificate_services.repair_application_prepare, passed, first, 26)
    step(certificate_services.repair_application_submit, passed, first, 25)
    step(certificate_services.repair_application_approve, passed, first, 12)
    step(certificate_services.repair_application_submit, passed, second, 20)

    first, second = PenaltyRecord.objects.filter(enterprise=retake.enterprise).order_by(
        "decision_date"
    )
    step(certificate_services.repair_application_submit, retake, first, 24)
    step(
        certificate_services.repair_application_reject,
        retake,
        first,
        14,
        REJECTION_NOTE,
    )
    step(certificate_services.repair_application_prepare, retake, second, 6)


def _reminder_letters(today: datetime.date) -> None:
    """The county office's reminder letters, confirmed by most representatives."""
    county = User.objects.get(username="county01")
    office = CreditOffice.objects.get(pk=county.office_id)
    issued = local_at(today - datetime.timedelta(days=60), 10)
    for rep in User.objects.filter(
        role=User.Role.ENTERPRISE, enterprise__region=office.region
    ).order_by("username"):
        with travel_to(issued):
            letter = reminder_letter_issue(
                enterprise=rep.enterprise, actor=county, office=office
            )
        if rep.username != NEWCOMER_REP:
            with travel_to(issued + datetime.timedelta(days=1)):
                reminder_letter_confirm(letter=letter, actor=rep)


def _today_session(programme: Programme, now: datetime.datetime) -> None:
    trainer = _user("trainer1")
    rep = _user(TODAY_REP)
    # Starts at the next quarter hour, so sign-in (open from 30 minutes before)
    # stays open for the next few hours.
    start = now.replace(second=0, microsecond=0) + datetime.timedelta(
        minutes=15 - now.minute % 15
    )
    with travel_to(now - datetime.timedelta(days=6)):
        session = _session(
            trainer=trainer,
            line=_line(programme, "海安市"),
            title=TODAY_SESSION,
            mode=TrainingSession.Mode.OFFLINE,
            venue="海安市政务服务中心三楼报告厅",
            starts_at=start,
            capacity=60,
        )
        _link_paper(session)
    with travel_to(now - datetime.timedelta(days=3)):
        _sign_letters(rep)
        enrollment_services.enrolment_create(
            session=session, enterprise=rep.enterprise, actor=rep
        )
    enrollment_services.signin_window_open(session=session, actor=trainer)


def _future_sessions(programme: Programme, today: datetime.date) -> None:
    trainer1, trainer2 = _user("trainer1"), _user("trainer2")
    with travel_to(timezone.now() - datetime.timedelta(days=2)):
        upcoming = _session(
            trainer=trainer1,
            line=_line(programme, "海安市"),
            title=NEXT_SESSION,
            mode=TrainingSession.Mode.OFFLINE,
            venue="海安市政务服务中心三楼报告厅",
            starts_at=local_at(today + datetime.timedelta(days=7), 9),
            capacity=60,
        )
        full = _session(
            trainer=trainer2,
            line=_line(programme, "崇川区和交通运输领域"),
            title=FULL_SESSION,
            mode=TrainingSession.Mode.ONLINE,
            venue="线上会议室 800-000-401",
            starts_at=local_at(today + datetime.timedelta(days=10), 14),
            capacity=2,
        )
        _session(
            trainer=trainer2,
            line=_line(programme, "通州区联合通州湾示范区"),
            title=DRAFT_SESSION,
            mode=TrainingSession.Mode.OFFLINE,
            venue="通州区市民中心二楼会议室",
            starts_at=local_at(today + datetime.timedelta(days=14), 9),
            capacity=80,
            publish=False,
        )
        for session in (upcoming, full):
            _link_paper(session)
    seated, waiting = _user(FULL_REP), _user(WAITLIST_REP)
    county05 = User.objects.get(username="county05")
    assigned = Enterprise.objects.get(name="南通崇川宏图印务有限公司")
    with travel_to(timezone.now() - datetime.timedelta(days=1)):
        _sign_letters(seated)
        enrollment_services.enrolment_create(
            session=full, enterprise=seated.enterprise, actor=seated
        )
        enrollment_services.enrolment_create(
            session=full, enterprise=assigned, actor=county05
        )
        _sign_letters(waiting)
        enrollment_services.enrolment_create(
            session=full, enterprise=waiting.enterprise, actor=waiting
        )


def seed(*, stdout=None) -> None:
    """Tell the story once; a second load finds it told and changes nothing."""
    if TrainingSession.objects.filter(title=FIRST_SESSION).exists():
        if stdout:
            stdout.write("演示故事已载入，未改动。")
        return
    programme = Programme.objects.get(name=nantong_programme_name())
    now = timezone.now()
    today = timezone.localdate(now)
    _reminder_letters(today)
    _first_session(programme, today)
    _today_session(programme, now)
    _future_sessions(programme, today)
    if stdout:
        stdout.write(
            "演示故事：上月场次（合格、不合格、补考，证明与修复申请各状态），"
            "今日场次（签到已开放），即将开始的场次（含满员候补）。"
        )
