"""The penalty authority as a user: its own decisions, each delivered with a
reminder letter (两书同达), rectification deadlines, checks and interviews."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from enterprises import selectors, services
from enterprises.models import FollowUp, PenaltyRecord, ReminderLetter
from tests.factories import (
    AuthorityOfficerFactory,
    CityFactory,
    CityOfficerFactory,
    EnterpriseFactory,
    RegionFactory,
    RepresentativeFactory,
    uscc_for,
)

pytestmark = pytest.mark.django_db
DAY = timezone.localdate() - datetime.timedelta(days=3)


def _decision(actor, region, **overrides):
    fields = {
        "region": region,
        "uscc": uscc_for(4242),
        "name": "常州示例制造有限公司",
        "decision_no": "常市监处罚〔2026〕101号",
        "decision_date": DAY,
        "content": "警告，并责令限期整改。",
        "severity": "general",
        "rectification_due_on": DAY + datetime.timedelta(days=30),
    }
    fields.update(overrides)
    return services.penalty_decision_record(actor=actor, **fields)


@pytest.fixture
def changzhou():
    city = CityFactory(code="320400", name="常州市", short_name="常州")
    office = CityOfficerFactory(office__city=city, office__name="常州市信用办").office
    return city, RegionFactory(city=city, code="01", name="天宁区"), office


def test_a_decision_goes_out_with_its_reminder_letter(changzhou):
    city, region, office = changzhou
    actor = AuthorityOfficerFactory(authority__city=city)
    penalty, letter = _decision(actor, region)
    assert penalty.decided_by == actor.authority
    assert penalty.authority == actor.authority.name
    assert (letter.penalty, letter.delivered_on) == (penalty, DAY)
    assert letter.office == office  # in the name of the enterprise's city office
    assert letter.confirmed_at is None
    rep = RepresentativeFactory(enterprise=penalty.enterprise)
    services.reminder_letter_confirm(letter=letter, actor=rep)
    row = selectors.decision_rows(user=actor)[0]
    assert row["letter"].confirmed_at is not None
    assert row["status"].repairable


def test_the_authority_sees_only_its_own_decisions(changzhou):
    city, region, _ = changzhou
    actor = AuthorityOfficerFactory(authority__city=city)
    other = AuthorityOfficerFactory(authority__city=city)
    penalty, _ = _decision(actor, region)
    unrelated = EnterpriseFactory(region=region)
    assert list(selectors.decision_list(user=actor)) == [penalty]
    assert list(selectors.decision_list(user=other)) == []
    assert list(selectors.enterprise_list(user=actor)) == [penalty.enterprise]
    assert unrelated not in selectors.enterprise_list(user=actor)
    with pytest.raises(Exception) as refused:
        services.penalty_follow_up_record(
            actor=other, penalty=penalty, kind=FollowUp.Kind.INTERVIEW, note="约谈"
        )
    assert services.DECISION_NOT_YOURS in str(refused.value)


def test_bad_input_is_named_and_writes_nothing(changzhou):
    city, region, _ = changzhou
    actor = AuthorityOfficerFactory(authority__city=city)
    nantong_region = RegionFactory(code="05")
    with pytest.raises(ValidationError) as other_city:
        _decision(actor, nantong_region)
    assert "不属于本机关所在的常州市" in str(other_city.value)
    with pytest.raises(ValidationError) as early:
        _decision(actor, region, rectification_due_on=DAY - datetime.timedelta(1))
    assert "整改期限" in str(early.value)
    assert not PenaltyRecord.objects.exists()
    assert not ReminderLetter.objects.exists()


def test_checks_and_interviews_through_the_pages(client, changzhou):
    city, region, _ = changzhou
    actor = AuthorityOfficerFactory(authority__city=city)
    client.force_login(actor)
    response = client.post(
        reverse("enterprises:decision_new"),
        {
            "region": region.pk,
            "uscc": uscc_for(4343),
            "name": "页面录入企业有限公司",
            "decision_no": "常市监处罚〔2026〕102号",
            "decision_date": DAY.isoformat(),
            "content": "罚款，并责令改正。",
            "severity": "general",
            "domain": "ordinary",
            "rectification_due_on": "",
        },
    )
    assert response.status_code == 302
    penalty = PenaltyRecord.objects.get(decision_no="常市监处罚〔2026〕102号")
    client.post(
        reverse("enterprises:decision_follow_up", args=[penalty.pk]),
        {"kind": "interview", "date": DAY.isoformat(), "note": "约谈法定代表人"},
    )
    page = client.get(reverse("enterprises:decisions")).content.decode()
    assert "页面录入企业有限公司" in page and "警示约谈" in page
    assert "未确认收到" in page
    bad = client.post(reverse("enterprises:decision_new"), {"region": region.pk})
    assert bad.status_code == 200 and "统一社会信用代码" in bad.content.decode()
    # Another city's office and an office of the same city are not authorities.
    client.force_login(CityOfficerFactory(office__city=city, office__name="又一个"))
    assert client.get(reverse("enterprises:decisions")).status_code == 404
