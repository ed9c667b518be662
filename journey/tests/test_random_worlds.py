"""Random worlds: both forms of every journey rule agree, and every dashboard figure
is the number of enrolments the gates let through."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journey
from certificates import services as certificate_services
from certificates.models import RepairApplication
from certificates.tests.factories import passed_attempt_for
from enrollment.models import Enrolment, TrainingSession
from enterprises.models import PenaltyRecord, Severity, SeverityRule
from reports.selectors import funnel_by_region
from tests.factories import (
    AttendanceFactory,
    CityOfficerFactory,
    CommitmentLetterFactory,
    EnrolmentFactory,
    PenaltyRecordFactory,
    PlanLineFactory,
    ProgrammeFactory,
    RepresentativeFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
CONTENTS = ("罚款人民币五千元。", "责令限期整改，罚款二千元。", "责令停业整顿。")
APPLICATION_STEPS = {
    "none": [],
    "prepared": [RepairApplication.Status.PREPARED],
    "submitted": [RepairApplication.Status.SUBMITTED],
    "approved": [RepairApplication.Status.SUBMITTED, RepairApplication.Status.APPROVED],
    "rejected": [RepairApplication.Status.SUBMITTED, RepairApplication.Status.REJECTED],
}

penalties = st.lists(
    st.fixed_dictionaries(
        {
            "severity": st.sampled_from(Severity.values),
            "signed": st.booleans(),
            "content": st.sampled_from(CONTENTS),
            "days_ago": st.sampled_from([20, 200, 2000]),
            "application": st.sampled_from(list(APPLICATION_STEPS)),
        }
    ),
    max_size=3,
)
enterprises = st.lists(
    st.fixed_dictionaries(
        {
            "session": st.integers(min_value=0, max_value=2),
            "status": st.sampled_from(Enrolment.Status.values),
            "penalties": penalties,
            # None: never signed in; else (minutes, signed out, manual mark)
            "attendance": st.none()
            | st.tuples(
                st.sampled_from([0, 90, 179, 180, 240]), st.booleans(), st.booleans()
            ),
            "exam": st.sampled_from(["none", "failed", "passed"]),
            "certify": st.booleans(),
            "revoke": st.booleans(),
        }
    ),
    min_size=1,
    max_size=6,
)
sessions = st.lists(
    st.tuples(
        st.sampled_from(TrainingSession.Mode.values),
        st.sampled_from([-30, -5, -2, 24]),  # start, hours from now
        st.booleans(),  # sign-out window closed
    ),
    min_size=3,
    max_size=3,
)


def _world(data, session_specs, *, serious_repairable, early):
    now = timezone.now()
    programme = ProgrammeFactory()
    profile = programme.rule_profile
    profile.exam_before_attendance_final = early
    profile.save(update_fields=["exam_before_attendance_final"])
    SeverityRule.objects.filter(profile=profile, severity=Severity.SERIOUS).update(
        repairable=serious_repairable
    )
    line = PlanLineFactory(programme=programme, planned_count=50)
    city = CityOfficerFactory()
    built = []
    for mode, hours, closed in session_specs:
        starts = now + hours * HOUR
        built.append(
            TrainingSessionFactory(
                plan_line=line,
                mode=mode,
                starts_at=starts,
                ends_at=starts + 3 * HOUR,
                signout_closed_at=starts + 3 * HOUR if closed and hours < -3 else None,
            )
        )
    for spec in data:
        _enterprise(spec, built[spec["session"]], city)
    return programme, city


def _enterprise(spec, session, city):
    enrolment = EnrolmentFactory(session=session, status=spec["status"])
    enterprise = enrolment.enterprise
    enrolment.attendee = RepresentativeFactory(enterprise=enterprise)
    enrolment.save(update_fields=["attendee"])
    for p in spec["penalties"]:
        penalty = PenaltyRecordFactory(
            enterprise=enterprise,
            severity=p["severity"],
            content=p["content"],
            decision_date=timezone.localdate() - datetime.timedelta(days=p["days_ago"]),
        )
        if p["signed"]:
            CommitmentLetterFactory(penalty=penalty, signer=enrolment.attendee)
    if spec["attendance"] is not None and session.starts_at < timezone.now():
        minutes, signed_out, manual = spec["attendance"]
        AttendanceFactory(
            enrolment=enrolment,
            signed_in_at=session.starts_at,
            attended_seconds=minutes * 60,
            signed_out_at=session.starts_at + datetime.timedelta(minutes=minutes)
            if signed_out
            else None,
            manual_by=city if manual else None,
        )
    if spec["exam"] != "none":
        score = Decimal("88") if spec["exam"] == "passed" else Decimal("20")
        passed_attempt_for(enrolment, score=score)
    if spec["certify"]:
        _certify(enrolment, spec, city)


def _certify(enrolment, spec, city):
    try:
        certificate = certificate_services.certificate_issue(
            enrolment=enrolment, exam_score=88
        )
    except ValidationError:
        return  # the gate refused: nothing to certify
    for penalty, p in zip(
        enrolment.enterprise.penalties.order_by("id"), spec["penalties"], strict=True
    ):
        for status in APPLICATION_STEPS[p["application"]]:
            try:
                certificate_services.repair_application_set(
                    penalty=penalty,
                    status=status,
                    on=timezone.localdate(),
                    note="审核未通过",
                    actor=city,
                )
            except ValidationError:
                break  # not on the certificate, or before its earliest repair date
    if spec["revoke"]:
        certificate_services.certificate_revoke(
            certificate=certificate, actor=city, reason="随机撤销"
        )


def _in(qs, obj, condition) -> bool:
    return qs.filter(condition, pk=obj.pk).exists()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    data=enterprises,
    session_specs=sessions,
    serious_repairable=st.booleans(),
    early=st.booleans(),
)
def test_both_forms_agree_and_the_dashboard_counts_what_the_gates_let_through(
    data, session_specs, serious_repairable, early
):
    programme, city = _world(
        data, session_specs, serious_repairable=serious_repairable, early=early
    )
    now = timezone.now()
    enrolments = Enrolment.objects.filter(programme=programme).select_related(
        "enterprise", "session__plan_line__programme__rule_profile", "programme"
    )
    expected = dict.fromkeys(
        ("enrolled", "signed", "attended", "passed", "certified"), 0
    )
    expected |= {"submitted": 0, "repaired": 0}
    for enrolment in enrolments:
        letters = journey.letters_signed(enrolment=enrolment)
        met = journey.attendance_met(enrolment=enrolment, now=now)
        pending = journey.attendance_status(enrolment=enrolment, now=now) == (
            journey.PENDING
        )
        passed = journey.exam_passed(enrolment=enrolment)
        certified = journey.certified(enrolment=enrolment)
        assert letters == _in(Enrolment.objects, enrolment, journey.letters_signed_q())
        assert met == _in(Enrolment.objects, enrolment, journey.attendance_met_q(now))
        assert pending == _in(
            Enrolment.objects, enrolment, journey.attendance_pending_q(now)
        )
        assert passed == _in(Enrolment.objects, enrolment, journey.exam_passed_q())
        assert certified == _in(Enrolment.objects, enrolment, journey.certified_q())

        # The gates: sign-in asks for the letters, the exam for letters and final
        # attendance (or, where the profile allows, the time so far).
        missing = journey.letters_missing(
            enterprise=enrolment.enterprise, profile=programme.rule_profile
        )
        assert letters == (not missing.exists())
        gate_open = journey.exam_eligible(enrolment=enrolment, now=now)
        enrolled = enrolment.status == Enrolment.Status.ENROLLED
        if not early or not pending:
            assert gate_open == (enrolled and letters and met)
        if certified:
            assert passed and letters and (met or early)

        if enrolled:
            applications = RepairApplication.objects.filter(
                enterprise=enrolment.enterprise
            )
            expected["enrolled"] += 1
            expected["signed"] += letters
            expected["attended"] += met
            expected["passed"] += passed
            expected["certified"] += certified
            expected["submitted"] += applications.filter(
                status__in=journey.SUBMITTED_STATUSES
            ).exists()
            expected["repaired"] += applications.filter(
                status=RepairApplication.Status.APPROVED
            ).exists()

    eligible = approved = 0
    for penalty in PenaltyRecord.objects.filter(
        enterprise__enrolments__programme=programme
    ).distinct():
        assert journey.needs_rectification_form(penalty=penalty) == _in(
            PenaltyRecord.objects, penalty, journey.rectification_form_q()
        )
        listed = journey.repair_eligible(penalty=penalty, programme=programme)
        assert listed == _in(
            PenaltyRecord.objects,
            penalty,
            journey.repair_eligible_q(programme=programme),
        )
        eligible += listed
        approved += listed and journey.repaired(penalty=penalty)

    rate = journey.repair_rate(programme=programme)
    assert (rate.eligible, rate.approved) == (eligible, approved)

    _, total = funnel_by_region(user=city, programme=programme)
    figures = {name: getattr(total, name) for name in expected}
    assert figures == expected
    assert (total.rate_eligible, total.rate_approved) == (eligible, approved)
