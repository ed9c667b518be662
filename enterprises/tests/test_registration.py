import pytest
from django.urls import reverse

from accounts.models import User
from common.validators import (
    MOBILE_INVALID,
    USCC_LOWER_CASE,
    make_uscc,
)
from enterprises.models import Enterprise
from enterprises.services import ENTERPRISE_ALREADY_REGISTERED, NAME_MISMATCH
from tests.factories import EnterpriseFactory, RegionFactory, RepresentativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

VALID_USCC = make_uscc("91320621MA1ABCDE1")


def _form(**overrides):
    data = {
        "company_name": "南通测试科技有限公司",
        "uscc": VALID_USCC,
        "region": RegionFactory(code="01").pk,
        "real_name": "李四",
        "mobile": "13812345678",
        "password1": "Xinyong#2026",
        "password2": "Xinyong#2026",
    }
    data.update(overrides)
    return data


def _post(client, **overrides):
    return client.post(reverse("enterprises:register"), _form(**overrides))


def test_valid_registration_creates_enterprise_and_logs_in(client):
    response = _post(client)
    assert response.status_code == 302
    user = User.objects.get(username="13812345678")
    assert user.role == User.Role.ENTERPRISE
    assert user.enterprise.uscc == VALID_USCC
    assert client.get(reverse("home")).context["user"] == user


def _field_errors(response, field):
    return response.context["form"].errors.get(field, [])


@pytest.mark.parametrize(
    "uscc,fragment",
    [
        (VALID_USCC[:17] + ("0" if VALID_USCC[17] != "0" else "1"), "校验位"),
        (VALID_USCC[:17], "18位"),
        (VALID_USCC[:10] + "I" + VALID_USCC[11:], "不使用 I、O、S、V、Z"),
        (VALID_USCC[:10] + "O" + VALID_USCC[11:], "不使用 I、O、S、V、Z"),
        (VALID_USCC[:10] + "S" + VALID_USCC[11:], "不使用 I、O、S、V、Z"),
        (VALID_USCC[:10] + "V" + VALID_USCC[11:], "不使用 I、O、S、V、Z"),
        (VALID_USCC[:10] + "Z" + VALID_USCC[11:], "不使用 I、O、S、V、Z"),
    ],
)
def test_bad_uscc_is_refused_on_the_uscc_field(client, uscc, fragment):
    response = _post(client, uscc=uscc)
    assert response.status_code == 200
    errors = _field_errors(response, "uscc")
    assert any(fragment in e for e in errors), errors
    assert not User.objects.filter(username="13812345678").exists()
    assert not Enterprise.objects.exists()


@pytest.mark.parametrize(
    "typed",
    [
        "91110000802100433b",
        " 91110000 802100433B ",
        "９１１１００００８０２１００４３３ｂ",
    ],
)
def test_lower_case_spaces_and_full_width_are_stored_canonical(client, typed):
    response = _post(client, uscc=typed)
    assert response.status_code == 302
    assert Enterprise.objects.get().uscc == "91110000802100433B"


def test_the_model_refuses_a_uscc_that_is_not_canonical():
    from django.core.exceptions import ValidationError

    enterprise = EnterpriseFactory.build(
        uscc="91110000802100433b", region=RegionFactory()
    )
    with pytest.raises(ValidationError) as excinfo:
        enterprise.full_clean()
    assert USCC_LOWER_CASE in excinfo.value.message_dict["uscc"]


def test_enterprise_with_a_representative_is_refused(client):
    rep = RepresentativeFactory()
    response = _post(client, uscc=rep.enterprise.uscc, company_name=rep.enterprise.name)
    assert ENTERPRISE_ALREADY_REGISTERED in _field_errors(response, "uscc")
    assert User.objects.count() == 1


def test_archived_enterprise_is_claimed_not_duplicated(client):
    enterprise = EnterpriseFactory(uscc=VALID_USCC, name="南通档案企业有限公司")
    response = _post(client, company_name="南通档案企业有限公司", region="")
    assert response.status_code == 302
    assert User.objects.get(username="13812345678").enterprise == enterprise
    assert Enterprise.objects.count() == 1


def test_claim_with_another_name_is_refused(client):
    EnterpriseFactory(uscc=VALID_USCC, name="南通档案企业有限公司")
    response = _post(client, company_name="别的名字有限公司")
    assert NAME_MISMATCH.format(name="南通档案企业有限公司") in _field_errors(
        response, "company_name"
    )
    assert not User.objects.exists()


@pytest.mark.parametrize("mobile", ["1381234567", "12812345678", "138123456789", "abc"])
def test_bad_mobile_is_refused_on_the_mobile_field(client, mobile):
    response = _post(client, mobile=mobile)
    errors = _field_errors(response, "mobile")
    assert errors, response.context["form"].errors
    assert not Enterprise.objects.exists()


def test_bad_mobile_message_is_chinese(client):
    response = _post(client, mobile="12812345678")
    assert MOBILE_INVALID in _field_errors(response, "mobile")


def test_duplicate_mobile_is_refused(client):
    RepresentativeFactory(username="13812345678")
    response = _post(client)
    assert "已注册" in "".join(_field_errors(response, "mobile"))
    assert not Enterprise.objects.filter(uscc=VALID_USCC).exists()


def test_new_enterprise_needs_a_region(client):
    response = _post(client, region="")
    assert _field_errors(response, "region")
    assert not Enterprise.objects.exists()
