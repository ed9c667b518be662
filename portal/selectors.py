"""Reads for the role home pages and the workbench.

They return data only; what each step or work item is called is worded in
templates/portal/.
"""

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone

import journey
from accounts.models import User
from accounts.selectors import city_list, region_list
from certificates.models import RepairApplication
from certificates.selectors import repair_application_list
from enrollment.models import TrainingSession
from enrollment.selectors import session_list_for_trainer
from enterprises.selectors import enterprise_archive_counts, enterprise_list

from .navigation import role_of

UPCOMING_SESSIONS = 5


@dataclass(frozen=True)
class Step:
    """One step of the representative's way to a certificate: done or not, and where."""

    key: str
    done: bool
    url: str


@dataclass(frozen=True)
class WorkItem:
    """One thing on a user's workbench: what (a key), how many (if counted), where."""

    key: str
    url: str
    count: int | None = None


def home_kind(*, user: User) -> str:
    """Which home page `user` gets: enterprise, trainer, office or admin."""
    role = role_of(user)
    if role in (User.Role.COUNTY_OFFICE, User.Role.CITY_OFFICE):
        return "office"
    if role == User.Role.PROVINCE_OFFICE:
        return "province"
    if role == User.Role.PENALTY_AUTHORITY:
        return "authority"
    return str(role)


def _step_url(key: str, enrolment) -> str:
    if key == "letters":
        return reverse("enrollment:letters")
    if key == "attendance" and enrolment is not None:
        return reverse("enrollment:live_attendee", args=[enrolment.session_id])
    if key in ("enrolment", "attendance"):
        return reverse("enrollment:sessions")
    if key == "exam":
        return reverse("exams:mine")
    return reverse("certificates:list")


def representative_steps(*, enterprise) -> list[Step]:
    """The representative's five steps (journey rules), each with its page."""
    return _steps(journey.representative_journey(enterprise=enterprise))


def _steps(way: journey.Journey) -> list[Step]:
    enrolled = way.enrolment if way.done["enrolment"] else None
    return [
        Step(key=key, done=way.done[key], url=_step_url(key, enrolled))
        for key in journey.STEP_KEYS
    ]


def representative_home(*, user: User) -> dict:
    """The representative's enterprise, its next training step and its steps."""
    enterprise = user.enterprise
    if enterprise is None:
        return {"enterprise": None, "training": None, "steps": [], "current": None}
    way = journey.representative_journey(enterprise=enterprise)
    steps = _steps(way)
    return {
        "enterprise": enterprise,
        "training": {
            "step": way.next_step,
            "letters_missing": way.letters_missing,
            "enrolment": way.enrolment,
        },
        "steps": steps,
        "current": next((i for i, step in enumerate(steps) if not step.done), None),
    }


def upcoming_sessions(*, user: User) -> QuerySet[TrainingSession]:
    """The trainer's sessions not yet over, soonest first."""
    return (
        session_list_for_trainer(user=user)
        .filter(ends_at__gte=timezone.now())
        .order_by("starts_at")
    )


def trainer_home(*, user: User) -> dict:
    """The trainer's agency, regions, enterprise count and coming sessions."""
    return {
        "agency": user.agency,
        "regions": region_list(user=user),
        "enterprise_count": enterprise_list(user=user).count(),
        "upcoming": upcoming_sessions(user=user)[:UPCOMING_SESSIONS],
        "work": workbench(user=user),
    }


def office_home(*, user: User) -> dict:
    """The office, its regions with their archived enterprises, and its work."""
    regions = region_list(user=user).annotate(enterprise_count=Count("enterprises"))
    return {
        "office": user.office,
        "regions": regions,
        "archive_counts": enterprise_archive_counts(user=user),
        "work": workbench(user=user),
    }


def province_home(*, user: User) -> dict:
    """The provincial office: each city with its regions and archived enterprises."""
    cities = city_list(user=user).annotate(
        region_count=Count("regions", distinct=True),
        enterprise_count=Count("regions__enterprises", distinct=True),
    )
    return {"office": user.office, "cities": cities}


def authority_home(*, user: User) -> dict:
    """The penalty authority: its own name and city."""
    return {"authority": user.authority}


def _office_work(user: User) -> list[WorkItem]:
    counts = enterprise_archive_counts(user=user)
    open_repairs = (
        repair_application_list(user=user)
        .filter(
            status__in=(
                RepairApplication.Status.PREPARED,
                RepairApplication.Status.SUBMITTED,
            )
        )
        .count()
    )
    enterprises = reverse("enterprises:list")
    return [
        WorkItem("survey_overdue", f"{enterprises}?overdue=1", counts["overdue"]),
        WorkItem("key_enterprises", reverse("enterprises:key_list"), counts["key"]),
        WorkItem("repairs_open", reverse("certificates:repairs"), open_repairs),
        WorkItem("list_import", reverse("enterprises:import")),
        WorkItem("dashboard", reverse("reports:dashboard")),
        WorkItem("lists", reverse("reports:lists")),
    ]


def _trainer_work(user: User) -> list[WorkItem]:
    today = timezone.localdate()
    sessions_today = (
        upcoming_sessions(user=user).filter(starts_at__date__lte=today).count()
    )
    return [
        WorkItem(
            "sessions_today", reverse("enrollment:trainer_sessions"), sessions_today
        ),
        WorkItem("session_create", reverse("enrollment:session_create")),
        WorkItem("lectures_publish", reverse("wagtailadmin_home")),
        WorkItem("enterprises", reverse("enterprises:list")),
    ]


def workbench(*, user: User) -> list[WorkItem]:
    """What waits on `user` (offices and trainers): counted work first, then tools."""
    kind = home_kind(user=user)
    if kind == "office":
        return _office_work(user)
    if kind == User.Role.TRAINER:
        return _trainer_work(user)
    return []
