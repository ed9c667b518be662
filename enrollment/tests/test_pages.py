import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notice
from common.models import AuditEntry
from enrollment import services
from enrollment.models import Enrolment
from enrollment.services import ENROL_OUTSIDE_REGION

from .factories import (
    CityOfficerFactory,
    CountyOfficerFactory,
    EnterpriseFactory,
    PenaltyRecordFactory,
    PlanLineFactory,
    RegionFactory,
    TrainerFactory,
    TrainingSessionFactory,
    representative_in,
)

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_representative_sees_own_region_sessions_with_remaining_seats(client):
    session = TrainingSessionFactory(capacity=5, title="本地区场次")
    TrainingSessionFactory(title="外地场次")
    rep = representative_in(session.plan_line.region)
    client.force_login(rep)
    html = client.get(reverse("enrollment:sessions")).content.decode()
    assert "本地区场次" in html
    assert "外地场次" not in html
    assert '<strong class="remaining">5</strong>' in html


def test_enrol_and_cancel_through_the_pages(client):
    session = TrainingSessionFactory(capacity=5)
    rep = representative_in(session.plan_line.region)
    client.force_login(rep)
    response = client.post(reverse("enrollment:session_enrol", args=[session.pk]))
    enrolment = Enrolment.objects.get()
    assert response.url == reverse("enrollment:enrolment_detail", args=[enrolment.pk])
    html = client.get(reverse("enrollment:sessions")).content.decode()
    assert '<strong class="remaining">4</strong>' in html
    assert "已报名本项目" in html
    client.post(reverse("enrollment:enrolment_cancel", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CANCELLED


def test_enrolling_outside_region_through_the_page_shows_the_message(client):
    session = TrainingSessionFactory()
    rep = representative_in(RegionFactory(code="88"))
    client.force_login(rep)
    response = client.post(
        reverse("enrollment:session_enrol", args=[session.pk]), follow=True
    )
    assert ENROL_OUTSIDE_REGION.split("{")[0] in response.content.decode()
    assert not Enrolment.objects.exists()


def test_enrolment_page_lists_missing_letters(client):
    session = TrainingSessionFactory()
    rep = representative_in(session.plan_line.region)
    penalty = PenaltyRecordFactory(enterprise=rep.enterprise)
    enrolment = services.enrolment_create(
        session=session, enterprise=rep.enterprise, actor=rep
    )
    client.force_login(rep)
    html = client.get(
        reverse("enrollment:enrolment_detail", args=[enrolment.pk])
    ).content.decode()
    assert f'<li class="missing-letter">{penalty.decision_no}' in html


def test_another_enterprises_enrolment_is_404(client):
    session = TrainingSessionFactory()
    rep = representative_in(session.plan_line.region)
    enrolment = services.enrolment_create(
        session=session, enterprise=rep.enterprise, actor=rep
    )
    client.force_login(representative_in(session.plan_line.region))
    url = reverse("enrollment:enrolment_detail", args=[enrolment.pk])
    assert client.get(url).status_code == 404
    cancel = reverse("enrollment:enrolment_cancel", args=[enrolment.pk])
    assert client.post(cancel).status_code == 404


def test_representative_cannot_open_trainer_or_office_pages(client):
    client.force_login(representative_in(RegionFactory()))
    assert client.get(reverse("enrollment:trainer_sessions")).status_code == 404
    assert client.get(reverse("enrollment:progress")).status_code == 404


def test_offices_see_plan_line_progress_in_scope(client):
    line = PlanLineFactory(planned_count=10, label="本区计划")
    PlanLineFactory(label="他区计划")
    session = TrainingSessionFactory(plan_line=line)
    rep = representative_in(line.region)
    penalty = PenaltyRecordFactory(enterprise=rep.enterprise)
    services.enrolment_create(session=session, enterprise=rep.enterprise, actor=rep)
    services.letter_sign(
        actor=rep,
        penalty=penalty,
        signer_name="张三",
        id_type="resident_id",
        id_last4="1234",
        typed_signature="张三",
        ip_address="127.0.0.1",
    )
    county = CountyOfficerFactory(office__region=line.region)
    client.force_login(county)
    response = client.get(reverse("enrollment:progress"))
    html = response.content.decode()
    assert "本区计划" in html
    assert "他区计划" not in html
    row = response.context["lines"].get(pk=line.pk)
    assert (
        row.planned_count,
        row.enrolled_total,
        row.letters_signed,
        row.remaining,
    ) == (
        10,
        1,
        1,
        9,
    )


def test_county_office_sees_joint_line_of_its_extra_region(client):
    extra = RegionFactory(code="10")
    line = PlanLineFactory(label="通州区联合通州湾示范区")
    line.extra_regions.add(extra)
    client.force_login(CountyOfficerFactory(office__region=extra))
    assert (
        "通州区联合通州湾示范区"
        in client.get(reverse("enrollment:progress")).content.decode()
    )


def test_office_bulk_enrols_by_uscc_list(client):
    session = TrainingSessionFactory(capacity=10)
    region = session.plan_line.region
    county = CountyOfficerFactory(office__region=region)
    enterprises = EnterpriseFactory.create_batch(2, region=region)
    client.force_login(county)
    response = client.post(
        reverse("enrollment:session_bulk", args=[session.pk]),
        {"usccs": "\n".join(e.uscc for e in enterprises)},
    )
    assert response.status_code == 302
    assert session.enrolments.filter(status="enrolled").count() == 2


def test_bulk_list_with_unknown_uscc_writes_nothing(client):
    session = TrainingSessionFactory(capacity=10)
    region = session.plan_line.region
    county = CountyOfficerFactory(office__region=region)
    inside = EnterpriseFactory(region=region)
    outside = EnterpriseFactory(region=RegionFactory(code="87"))
    client.force_login(county)
    response = client.post(
        reverse("enrollment:session_bulk", args=[session.pk]),
        {"usccs": f"{inside.uscc}\n{outside.uscc}"},
    )
    assert response.status_code == 200
    assert f"第 2 行的统一社会信用代码 {outside.uscc}" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_city_office_raises_quota_through_the_page(client):
    line = PlanLineFactory(planned_count=3)
    client.force_login(CityOfficerFactory())
    response = client.post(
        reverse("enrollment:plan_line_quota", args=[line.pk]),
        {"planned_count": 5, "reason": "市信用办追加名额"},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.planned_count == 5
    assert AuditEntry.objects.filter(action="plan_line.quota_raise").count() == 1


def test_county_office_cannot_open_quota_page(client):
    line = PlanLineFactory()
    client.force_login(CountyOfficerFactory(office__region=line.region))
    url = reverse("enrollment:plan_line_quota", args=[line.pk])
    assert client.get(url).status_code == 404


def test_home_card_points_to_the_next_step(client):
    session = TrainingSessionFactory()
    rep = representative_in(session.plan_line.region)
    PenaltyRecordFactory(enterprise=rep.enterprise)
    client.force_login(rep)
    html = client.get(reverse("home")).content.decode()
    assert reverse("enrollment:letters") in html
    assert "份信用修复承诺书待签署" in html
    nav = [item["label"] for item in client.get(reverse("home")).context["nav_items"]]
    assert "培训报名" in nav and "承诺书" in nav


def test_reminder_command_is_idempotent():
    session = TrainingSessionFactory(
        starts_at=timezone.now() + datetime.timedelta(hours=10)
    )
    rep = representative_in(session.plan_line.region)
    services.enrolment_create(session=session, enterprise=rep.enterprise, actor=rep)
    call_command("send_session_reminders")
    call_command("send_session_reminders")
    assert Notice.objects.filter(user=rep, title__startswith="开课提醒").count() == 1


def test_trainer_nav_and_session_list(client):
    trainer = TrainerFactory()
    line = PlanLineFactory(agency=trainer.agency)
    TrainingSessionFactory(plan_line=line, title="机构场次")
    TrainingSessionFactory(title="别家场次")
    client.force_login(trainer)
    html = client.get(reverse("enrollment:trainer_sessions")).content.decode()
    assert "机构场次" in html and "别家场次" not in html


def test_remaining_seats_are_bounded_by_the_plan_line(client):
    line = PlanLineFactory(planned_count=3)
    full = TrainingSessionFactory(plan_line=line, capacity=3)
    other = TrainingSessionFactory(plan_line=line, capacity=3, title="同计划行另一场")
    for _ in range(2):
        rep = representative_in(line.region)
        services.enrolment_create(session=full, enterprise=rep.enterprise, actor=rep)
    rep = representative_in(line.region)
    client.force_login(rep)
    sessions = client.get(reverse("enrollment:sessions")).context["sessions"]
    assert {s.pk: s.remaining for s in sessions} == {full.pk: 1, other.pk: 1}


@pytest.mark.parametrize(
    ("factory", "name"),
    [
        ("rep", "enrollment:sessions"),
        ("rep", "enrollment:letters"),
        ("trainer", "enrollment:trainer_sessions"),
        ("trainer", "enrollment:session_create"),
        ("county", "enrollment:progress"),
        ("city", "enrollment:progress"),
    ],
)
def test_each_role_page_renders(client, factory, name):
    line = PlanLineFactory()
    TrainingSessionFactory(plan_line=line)
    users = {
        "rep": lambda: representative_in(line.region),
        "trainer": lambda: TrainerFactory(agency=line.agency),
        "county": lambda: CountyOfficerFactory(office__region=line.region),
        "city": CityOfficerFactory,
    }
    client.force_login(users[factory]())
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "<main" in response.content.decode()


def test_bulk_and_quota_forms_render_for_city_office(client):
    session = TrainingSessionFactory()
    client.force_login(CityOfficerFactory())
    bulk = client.get(reverse("enrollment:session_bulk", args=[session.pk]))
    quota = client.get(
        reverse("enrollment:plan_line_quota", args=[session.plan_line_id])
    )
    assert (bulk.status_code, quota.status_code) == (200, 200)
