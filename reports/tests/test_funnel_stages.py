"""Passed, certified, submitted and repaired figures from the exam and certificate
apps, counted by the journey rules."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate, RepairApplication
from exams.models import Attempt
from reports.selectors import ListFilters, funnel_by_region, roster

pytestmark = pytest.mark.django_db


def _attempt(enrolment, *, score, passed):
    from exams.tests.factories import PaperFactory

    now = timezone.now()
    return Attempt.objects.create(
        paper=PaperFactory(agency=enrolment.plan_line.agency),
        enrolment=enrolment,
        candidate=enrolment.enterprise.penalties.first().commitment_letter.signer
        if passed
        else _user(enrolment),
        number=1,
        status="submitted",
        started_at=now - datetime.timedelta(minutes=20),
        deadline=now + datetime.timedelta(minutes=10),
        submitted_at=now,
        score=Decimal(score),
        max_score=Decimal(100),
        passed=passed,
    )


def _user(enrolment):
    from tests.factories import RepresentativeFactory

    return RepresentativeFactory(enterprise=enrolment.enterprise)


def _certificate(enrolment, serial):
    session = enrolment.session
    certificate = Certificate.objects.create(
        serial=serial,
        issued_at=timezone.now(),
        enrolment=enrolment,
        enterprise=enrolment.enterprise,
        programme=enrolment.programme,
        plan_line=enrolment.plan_line,
        session=session,
        agency=enrolment.plan_line.agency,
        region_code=enrolment.enterprise.region.code,
        enterprise_name=enrolment.enterprise.name,
        uscc=enrolment.enterprise.uscc,
        representative="张三",
        session_title=session.title,
        session_starts_at=session.starts_at,
        session_ends_at=session.ends_at,
        class_hours=session.class_hours,
        exam_score=Decimal(90),
    )
    certificate.penalties.set(enrolment.enterprise.penalties.all())
    return certificate


def _application(enrolment, status):
    penalty = enrolment.enterprise.penalties.first()
    today = timezone.localdate()
    return RepairApplication.objects.create(
        penalty=penalty,
        enterprise=enrolment.enterprise,
        status=status,
        submitted_on=today,
        decided_on=today if status in ("approved", "rejected") else None,
        updated_by=penalty.commitment_letter.signer,
    )


@pytest.fixture
def staged(world):
    """e1: passed, certified, approved | e6: passed, certified, submitted |
    e3: failed the exam | e2, e5: no attempt."""
    e = world["e"]
    _attempt(e["e1"], score=90, passed=True)
    _attempt(e["e6"], score=80, passed=True)
    _attempt(e["e3"], score=20, passed=False)
    _certificate(e["e1"], "NT-T-0001")
    _certificate(e["e6"], "NT-T-0002")
    _application(e["e1"], "approved")
    _application(e["e6"], "submitted")
    return world


def test_passed_counts_submitted_passed_attempts(staged):
    rows, total = funnel_by_region(user=staged["city"], programme=staged["p"])
    assert [row.passed for row in rows[:2]] == [1, 1]
    assert total.passed == 2


def test_pass_list_filters_by_exam_result(staged):
    e = staged["e"]

    def names(status):
        filters = ListFilters(kind="pass", programme=staged["p"], status=status)
        return {x.enterprise.name for x in roster(user=staged["city"], filters=filters)}

    assert names("passed") == {e["e1"].enterprise.name, e["e6"].enterprise.name}
    assert names("failed") == {e["e3"].enterprise.name}
    assert names("untaken") == {e["e2"].enterprise.name, e["e5"].enterprise.name}


def test_certified_submitted_repaired_and_rate_match_the_hand_count(staged):
    rows, total = funnel_by_region(user=staged["city"], programme=staged["p"])
    a, b = rows[0], rows[1]
    assert (a.certified, a.submitted, a.repaired) == (1, 1, 1)
    assert (b.certified, b.submitted, b.repaired) == (1, 1, 0)
    assert (total.rate_eligible, total.rate_approved) == (2, 1)
    assert total.repair_rate == pytest.approx(0.5) and not total.meets_target
    assert a.meets_target and not b.meets_target


def test_pass_export_carries_score_and_certificate_serial(client, staged):
    import io

    from openpyxl import load_workbook

    client.force_login(staged["county_a"])
    response = client.get(
        reverse("reports:lists_export", args=["xlsx"]),
        {"kind": "pass", "status": "passed"},
    )
    body = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][8:] == (90, "通过", "NT-T-0001")


def test_pass_list_page_shows_scores_and_results(client, staged):
    client.force_login(staged["city"])
    response = client.get(
        reverse("reports:lists"), {"kind": "pass", "session": staged["sa"].pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<td class="text-end">90</td>' in html
        and "未通过" in html
        and "未参加考试" in html
    )
