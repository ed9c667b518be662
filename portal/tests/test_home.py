"""Each role's home page: what it shows, in bounded queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

import journey
from tests.factories import (
    AdminFactory,
    CityOfficerFactory,
    CountyOfficerFactory,
    EnrolmentFactory,
    EnterpriseFactory,
    PenaltyRecordFactory,
    RegionFactory,
    RepresentativeFactory,
    TrainerFactory,
    TrainingSessionFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

ROLE_FACTORIES = {
    "enterprise": RepresentativeFactory,
    "trainer": TrainerFactory,
    "county": CountyOfficerFactory,
    "city": CityOfficerFactory,
    "admin": AdminFactory,
}
TEMPLATES = {
    "enterprise": "portal/home_enterprise.html",
    "trainer": "portal/home_trainer.html",
    "county": "portal/home_office.html",
    "city": "portal/home_office.html",
    "admin": "portal/home_admin.html",
}


@pytest.mark.parametrize("role", list(ROLE_FACTORIES))
def test_each_role_gets_its_own_home_page_in_bounded_queries(
    client, django_assert_max_num_queries, role
):
    for code in ("01", "02", "03"):
        region = RegionFactory(code=code)
        EnterpriseFactory.create_batch(3, region=region)
    client.force_login(ROLE_FACTORIES[role]())
    with django_assert_max_num_queries(16):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == TEMPLATES[role]
    assert "接下来要做的事" in response.content.decode() or role == "admin"


def test_visitors_get_the_landing_page_in_chinese(client):
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert response.templates[0].name == "portal/landing.html"
    assert 'lang="zh-hans"' in page
    assert "信用修复培训考试平台" in page
    assert reverse("enterprises:register") in page


def test_representative_sees_the_five_steps_with_the_first_open_one_current(client):
    rep = RepresentativeFactory()
    PenaltyRecordFactory(enterprise=rep.enterprise)
    client.force_login(rep)
    response = client.get(reverse("home"))
    steps = response.context["steps"]
    assert [s.key for s in steps] == list(journey.STEP_KEYS)
    assert response.context["current"] == 0
    assert response.context["training"]["step"] == "sign"
    page = response.content.decode()
    assert "签署信用修复承诺书" in page
    assert "领取结业证明" in page
    assert 'data-step="letters"' in page


def test_representative_enrolled_sees_the_enrolment_step_done(client):
    enrolment = EnrolmentFactory()
    rep = RepresentativeFactory(enterprise=enrolment.enterprise)
    client.force_login(rep)
    steps = {s.key: s.done for s in client.get(reverse("home")).context["steps"]}
    assert steps["letters"] is True  # no penalty needs a letter
    assert steps["enrolment"] is True
    assert steps["certificate"] is False


def test_representative_account_without_an_enterprise_is_told_so(client):
    client.force_login(UserFactory(enterprise=None))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "尚未关联企业" in response.content.decode()


def test_trainer_home_lists_only_coming_sessions_and_counts_today(client):
    trainer = TrainerFactory()
    now = timezone.now()
    TrainingSessionFactory(
        plan_line__agency=trainer.agency,
        starts_at=now - datetime.timedelta(minutes=30),
        title="今天的场次",
    )
    TrainingSessionFactory(
        plan_line__agency=trainer.agency,
        starts_at=now - datetime.timedelta(days=3),
        title="上周的场次",
    )
    client.force_login(trainer)
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert "今天的场次" in page
    assert "上周的场次" not in page
    work = {item.key: item.count for item in response.context["work"]}
    assert work["sessions_today"] == 1


def test_office_workbench_counts_overdue_surveys_and_key_enterprises(client):
    officer = CountyOfficerFactory()
    EnterpriseFactory(region=officer.office.region, is_key=True)
    EnterpriseFactory(region=RegionFactory(code="88"), is_key=True)  # not its region
    client.force_login(officer)
    response = client.get(reverse("home"))
    work = {item.key: item for item in response.context["work"]}
    assert work["key_enterprises"].count == 1
    assert work["key_enterprises"].url == reverse("enterprises:key_list")
    assert 'data-work="survey_overdue"' in response.content.decode()


def test_admin_home_points_at_both_admin_sites(client):
    client.force_login(AdminFactory())
    page = client.get(reverse("home")).content.decode()
    assert "/django-admin/" in page
    assert "/cms/" in page
