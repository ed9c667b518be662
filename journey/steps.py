"""The representative's way to a certificate: five steps and the next one."""

from dataclasses import dataclass
from datetime import datetime

from enrollment.models import Enrolment
from enterprises.models import Enterprise

from .attendance import attendance_gate_open
from .exam import certified, exam_passed
from .letters import letters_missing

STEP_KEYS = ("letters", "enrolment", "attendance", "exam", "certificate")
ACTIVE_STATUSES = (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)


@dataclass(frozen=True)
class Journey:
    """Which of the five steps are done, the next one, and what it is about."""

    done: dict[str, bool]
    letters_missing: int
    enrolment: Enrolment | None

    @property
    def current(self) -> str | None:
        """The first step not yet done (None once certified)."""
        return next((k for k in STEP_KEYS if not self.done[k]), None)

    @property
    def next_step(self) -> str:
        """What the home page asks for first: sign, enrol or attend."""
        if self.letters_missing:
            return "sign"
        return "enrol" if self.enrolment is None else "attend"


def representative_journey(
    *, enterprise: Enterprise, now: datetime | None = None
) -> Journey:
    """The journey of `enterprise` by the same rules the gates apply."""
    missing = letters_missing(enterprise=enterprise).count()
    active = (
        Enrolment.objects.filter(enterprise=enterprise, status__in=ACTIVE_STATUSES)
        .select_related(
            "session__plan_line__programme__rule_profile",
            "programme__rule_profile",
            "attendance",
        )
        .order_by("-created_at")
        .first()
    )
    enrolled = active if active and active.status == Enrolment.Status.ENROLLED else None
    has_certificate = enrolled is not None and certified(enrolment=enrolled)
    # A valid certificate is only issued on a pass, so it proves the exam too.
    passed = has_certificate or (
        enrolled is not None and exam_passed(enrolment=enrolled)
    )
    attended = enrolled is not None and (
        passed or attendance_gate_open(enrolment=enrolled, now=now)
    )
    return Journey(
        done={
            "letters": not missing,
            "enrolment": enrolled is not None,
            "attendance": attended,
            "exam": passed,
            "certificate": has_certificate,
        },
        letters_missing=missing,
        enrolment=active,
    )
