"""The demo world, freshly loaded, tells a true story: its dates, documents and pages
agree with each other and with the rules."""

import datetime
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from certificates.models import Certificate, RepairApplication
from demo import story
from enrollment.models import (
    Attendance,
    CommitmentLetter,
    Enrolment,
    PlanLine,
    Programme,
    TrainingSession,
)
from enrollment.selectors import exam_blockers, letters_missing
from enrollment.services import letter_text, text_sha256
from enterprises.models import Enterprise, PenaltyRecord
from exams.models import Attempt
from exams.selectors import candidate_exams

pytestmark = pytest.mark.django_db

SEED_LETTER = "/work/shared/seeds/001_4706e88fd8b33d1b.txt"
# Dates that are schedules or deadlines rather than things that happened.
NOT_EVENTS = {
    ("exams.Paper", "closes_at"),
    ("enterprises.CalendarDay", "date"),
    ("enterprises.Enterprise", "survey_due_on"),
    ("enterprises.Invitation", "expires_at"),
}
DECISION_NO = re.compile(r"^[\u4e00-\u9fa5]+〔(\d{4})〕[1-9]\d*号$")


def _dated_fields():
    for app in ("accounts", "enterprises", "enrollment", "exams", "certificates"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.concrete_fields:
                if isinstance(field, models.DateField):
                    yield model, field


def check_nothing_is_dated_after_today_unless_it_is_a_future_session(world):
    now, today = world, timezone.localdate(world)
    future_sessions = TrainingSession.objects.filter(ends_at__gt=now)
    assert set(future_sessions.values_list("title", flat=True)) == {
        story.TODAY_SESSION,
        story.NEXT_SESSION,
        story.FULL_SESSION,
        story.DRAFT_SESSION,
    }
    for model, field in _dated_fields():
        if (model._meta.label, field.name) in NOT_EVENTS:
            continue
        limit = now if isinstance(field, models.DateTimeField) else today
        later = model.objects.filter(**{f"{field.name}__gt": limit})
        if model is TrainingSession and field.name in ("starts_at", "ends_at"):
            later = later.exclude(pk__in=future_sessions)
        assert not later.exists(), f"{model._meta.label}.{field.name} is in the future"


def check_every_certificate_rests_on_a_passed_attempt_and_met_attendance(world):
    certificates = Certificate.objects.select_related("enrolment__session")
    assert certificates.count() == 2
    for certificate in certificates:
        enrolment = certificate.enrolment
        passed = Attempt.objects.get(enrolment=enrolment, passed=True)
        assert passed.submitted_at <= certificate.issued_at
        assert exam_blockers(enrolment=enrolment) == []
        # The certificate never predates the training.
        assert certificate.issued_at >= enrolment.session.ends_at
        assert enrolment.session.status == TrainingSession.Status.FINISHED
        assert set(certificate.decision_numbers) == set(
            certificate.penalties.values_list("decision_no", flat=True)
        )


def check_every_letter_is_the_seeds_text_signed_through_the_service(world):
    seed = open(SEED_LETTER, encoding="utf-8").read()
    letters = CommitmentLetter.objects.select_related("penalty__enterprise__region")
    assert letters.count() >= 10
    for letter in letters:
        assert text_sha256(letter.rendered_text) == letter.text_sha256
        assert letter.rendered_text == letter_text(
            penalty=letter.penalty,
            signer_name=letter.signer_name,
            id_type=letter.id_type,
            id_last4=letter.id_last4,
            signed_on=timezone.localdate(letter.signed_at),
        )
        assert "信用修复承诺书" in seed and "承诺" in letter.rendered_text
        assert letter.penalty.decision_no in letter.rendered_text
        enrolment = Enrolment.objects.filter(enterprise=letter.enterprise).first()
        if enrolment is not None:
            assert letter.signed_at < enrolment.session.starts_at


def check_decision_numbers_are_in_the_authorities_format(world):
    # The archive's cases: an unrepairable penalty, rectification orders, a key
    # enterprise with its one-to-one helper.
    assert PenaltyRecord.objects.filter(severity="specially_serious").exists()
    assert PenaltyRecord.objects.filter(content__contains="整改").count() >= 3
    assert Enterprise.objects.filter(is_key=True, key_helper__isnull=False).exists()
    for penalty in PenaltyRecord.objects.all():
        match = DECISION_NO.match(penalty.decision_no)
        assert match, penalty.decision_no
        assert int(match.group(1)) == penalty.decision_date.year


def check_last_months_session_has_every_outcome(world):
    first = TrainingSession.objects.get(title=story.FIRST_SESSION)
    assert first.status == TrainingSession.Status.FINISHED
    assert timezone.localdate(first.starts_at) < timezone.localdate(world)
    attended = Attendance.objects.filter(enrolment__session=first)
    assert attended.count() == 4
    attempts = Attempt.objects.filter(enrolment__session=first)
    outcomes = sorted((a.number, bool(a.passed)) for a in attempts)
    assert outcomes == [(1, False), (1, False), (1, True), (2, True)]
    statuses = set(RepairApplication.objects.values_list("status", flat=True))
    assert statuses == set(RepairApplication.Status.values)


def check_today_sign_in_is_open_and_the_full_session_has_a_waitlist(world):
    today = TrainingSession.objects.get(title=story.TODAY_SESSION)
    assert today.status == TrainingSession.Status.LIVE
    assert timezone.localdate(today.starts_at) == timezone.localdate(world)
    assert today.signin_opened_at and not today.signin_closed_at
    assert today.ends_at >= world + datetime.timedelta(hours=2)
    full = TrainingSession.objects.get(title=story.FULL_SESSION)
    assert full.status == TrainingSession.Status.OPEN
    assert full.seats_taken == full.capacity
    assert full.enrolments.filter(status=Enrolment.Status.WAITLISTED).count() == 1
    assert TrainingSession.objects.get(title=story.NEXT_SESSION).status == "open"
    programme = Programme.objects.get(kind=Programme.Kind.REPAIR_TRAINING)
    assert programme.year == timezone.localdate(world).year
    lines = PlanLine.objects.filter(programme=programme)
    assert sum(line.planned_count for line in lines) == 1500  # seed 001 att. 1


def _page(client, username, url):
    client.force_login(User.objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def check_no_page_offers_an_action_the_rules_refuse(world, client):
    exam_page = reverse("exams:mine")
    for rep in User.objects.filter(role=User.Role.ENTERPRISE):
        html = _page(client, rep.username, exam_page)
        for exam in candidate_exams(user=rep):
            start = reverse("exams:start", args=[exam.enrolment.pk])
            certified = Certificate.objects.filter(
                enrolment=exam.enrolment, status=Certificate.Status.VALID
            ).exists()
            offered = start in html
            assert offered == exam.can_start, rep.username
            if offered:
                assert not certified and not exam_blockers(enrolment=exam.enrolment)
    # The retake is offered to the one who failed and may still retake, and to
    # nobody certified or short of attendance.
    retake = User.objects.get(username=story.RETAKE_OPEN_REP)
    for certified in (story.PASSED_REP, story.RETAKE_PASSED_REP):
        rep = User.objects.get(username=certified)
        enrolment = Enrolment.objects.get(enterprise=rep.enterprise)
        assert reverse("exams:start", args=[enrolment.pk]) not in _page(
            client, certified, exam_page
        )
    retake_enrolment = Enrolment.objects.get(enterprise=retake.enterprise)
    assert reverse("exams:start", args=[retake_enrolment.pk]) in _page(
        client, retake.username, exam_page
    )
    short = Enrolment.objects.get(
        enterprise=User.objects.get(username=story.LEFT_EARLY_REP).enterprise
    )
    assert exam_blockers(enrolment=short)
    assert reverse("exams:start", args=[short.pk]) not in _page(
        client, story.LEFT_EARLY_REP, exam_page
    )
    # Enrolment is offered only in open sessions the enterprise's region may join.
    newcomer = User.objects.get(username=story.NEWCOMER_REP)
    html = _page(client, newcomer.username, reverse("enrollment:sessions"))
    for session in TrainingSession.objects.all():
        enrol = reverse("enrollment:session_enrol", args=[session.pk])
        allowed = (
            session.status == TrainingSession.Status.OPEN
            and session.starts_at > world
            and session.plan_line.region_id == newcomer.enterprise.region_id
        )
        assert (enrol in html) == allowed, session.title
    assert letters_missing(enterprise=newcomer.enterprise).exists()
    # Today's attendee may sign in: the page says so and the window is open.
    today = TrainingSession.objects.get(title=story.TODAY_SESSION)
    html = _page(
        client, story.TODAY_REP, reverse("enrollment:live_attendee", args=[today.pk])
    )
    assert "签到" in html


def test_the_freshly_loaded_demo_tells_a_true_story(client):
    """Loaded once (loading takes a while), checked from every side."""
    call_command("seed_demo")
    before = {m: m.objects.count() for m in (TrainingSession, Attempt, Certificate)}
    call_command("seed_demo")  # loading again changes nothing
    assert {m: m.objects.count() for m in before} == before
    world = timezone.now()
    check_nothing_is_dated_after_today_unless_it_is_a_future_session(world)
    check_every_certificate_rests_on_a_passed_attempt_and_met_attendance(world)
    check_every_letter_is_the_seeds_text_signed_through_the_service(world)
    check_decision_numbers_are_in_the_authorities_format(world)
    check_last_months_session_has_every_outcome(world)
    check_today_sign_in_is_open_and_the_full_session_has_a_waitlist(world)
    check_no_page_offers_an_action_the_rules_refuse(world, client)
