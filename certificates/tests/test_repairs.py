import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

import journey
from certificates import documents, services
from certificates.models import RepairApplication
from certificates.tests.factories import (
    ProgrammeCertificateSettingsFactory,
    eligible_enrolment,
)
from tests.factories import (
    AdminFactory,
    CityFactory,
    CityOfficerFactory,
    CountyOfficerFactory,
    PenaltyRecordFactory,
    RepresentativeFactory,
    TrainerFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
Status = RepairApplication.Status


def _certified(penalties=2, **kwargs):
    enrolment = eligible_enrolment(penalties=penalties, **kwargs)
    cert = services.certificate_issue(enrolment=enrolment, exam_score=90)
    rep = enrolment.attendee
    return cert, rep


def _approve(penalty, actor, on=TODAY):
    services.repair_application_set(
        penalty=penalty, status=Status.SUBMITTED, on=on, actor=actor
    )
    return services.repair_application_set(
        penalty=penalty, status=Status.APPROVED, on=on, actor=actor
    )


def test_the_enterprise_tracks_its_application_from_prepared_to_approved():
    cert, rep = _certified(penalties=1)
    penalty = cert.penalties.get()
    day = TODAY - datetime.timedelta(days=10)
    services.repair_application_set(
        penalty=penalty, status=Status.PREPARED, on=day, actor=rep
    )
    services.repair_application_set(
        penalty=penalty, status=Status.SUBMITTED, on=day, actor=rep
    )
    app = services.repair_application_set(
        penalty=penalty, status=Status.APPROVED, on=TODAY, actor=rep, note="已公示"
    )
    assert (app.prepared_on, app.submitted_on, app.decided_on) == (day, day, TODAY)
    assert app.certificate == cert
    assert app.note == "已公示"


def test_a_decision_before_submission_is_refused():
    cert, rep = _certified(penalties=1)
    with pytest.raises(ValidationError) as exc:
        services.repair_application_set(
            penalty=cert.penalties.get(), status=Status.APPROVED, on=TODAY, actor=rep
        )
    assert services.REPAIR_NOT_SUBMITTED in exc.value.messages
    assert not RepairApplication.objects.exists()


def test_future_dates_and_decisions_before_submission_are_refused():
    cert, rep = _certified(penalties=1)
    penalty = cert.penalties.get()
    with pytest.raises(ValidationError) as exc:
        services.repair_application_set(
            penalty=penalty,
            status=Status.SUBMITTED,
            on=TODAY + datetime.timedelta(days=1),
            actor=rep,
        )
    assert services.REPAIR_DATE_FUTURE in exc.value.messages
    services.repair_application_set(
        penalty=penalty, status=Status.SUBMITTED, on=TODAY, actor=rep
    )
    with pytest.raises(ValidationError) as exc:
        services.repair_application_set(
            penalty=penalty,
            status=Status.REJECTED,
            on=TODAY - datetime.timedelta(days=3),
            actor=rep,
            note="材料不全",
        )
    assert services.REPAIR_DATE_ORDER in exc.value.messages


def test_a_rejection_needs_a_note():
    cert, rep = _certified(penalties=1)
    penalty = cert.penalties.get()
    services.repair_application_set(
        penalty=penalty, status=Status.SUBMITTED, on=TODAY, actor=rep
    )
    with pytest.raises(ValidationError) as exc:
        services.repair_application_set(
            penalty=penalty, status=Status.REJECTED, on=TODAY, actor=rep
        )
    assert services.REPAIR_REJECT_NOTE in exc.value.messages


def test_another_enterprise_or_agency_cannot_enter_the_status():
    cert, _ = _certified(penalties=1)
    penalty = cert.penalties.get()
    for outsider in (RepresentativeFactory(), TrainerFactory()):
        with pytest.raises(PermissionDenied):
            services.repair_application_set(
                penalty=penalty, status=Status.PREPARED, on=TODAY, actor=outsider
            )
    trainer = TrainerFactory(agency=cert.agency)
    app = services.repair_application_set(
        penalty=penalty, status=Status.PREPARED, on=TODAY, actor=trainer
    )
    assert app.updated_by == trainer


def test_a_penalty_without_certificate_cannot_be_tracked():
    rep = RepresentativeFactory()
    penalty = PenaltyRecordFactory(enterprise=rep.enterprise)
    with pytest.raises(ValidationError) as exc:
        services.repair_application_set(
            penalty=penalty, status=Status.PREPARED, on=TODAY, actor=rep
        )
    assert services.REPAIR_NEEDS_CERTIFICATE in exc.value.messages


def test_repair_rate_is_approved_over_eligible_against_the_programme_target():
    cert, rep = _certified(penalties=4)
    ProgrammeCertificateSettingsFactory(
        programme=cert.programme, repair_rate_target=Decimal("0.750")
    )
    penalties = list(cert.penalties.all())
    for penalty in penalties[:3]:
        _approve(penalty, rep)
    rate = journey.repair_rate(programme=cert.programme)
    assert (rate.approved, rate.eligible) == (3, 4)
    assert rate.rate == Decimal("0.75")
    assert rate.target == Decimal("0.750")
    assert rate.met
    by_region = journey.repair_rate(region=cert.enterprise.region)
    by_agency = journey.repair_rate(agency=cert.agency)
    assert by_region.eligible == by_agency.eligible == 4
    assert by_region.target == Decimal("0.8")  # no programme: the setting's default
    assert not by_region.met


def test_revoked_certificates_leave_the_denominator():
    cert, rep = _certified(penalties=2)
    _approve(cert.penalties.first(), rep)
    other, _ = _certified(penalties=3)
    assert journey.repair_rate().eligible == 5
    services.certificate_revoke(
        certificate=other, actor=CityOfficerFactory(), reason="重复"
    )
    rate = journey.repair_rate()
    assert (rate.approved, rate.eligible) == (1, 2)


def test_the_rate_filters_by_agency():
    cert, rep = _certified(penalties=1)
    _approve(cert.penalties.get(), rep)
    other, _ = _certified(penalties=1)
    assert journey.repair_rate(agency=cert.agency).rate == 1
    assert journey.repair_rate(agency=other.agency).rate == 0


def test_city_office_issues_a_verifiable_repair_proof(client):
    cert, rep = _certified(penalties=1)
    penalty = cert.penalties.get()
    app = _approve(penalty, rep)
    city = CityOfficerFactory()
    with pytest.raises(PermissionDenied):
        services.repair_proof_issue(application=app, actor=CountyOfficerFactory())
    proof = services.repair_proof_issue(application=app, actor=city)
    assert services.repair_proof_issue(application=app, actor=city) == proof
    text = "".join(
        PdfReader(io.BytesIO(documents.repair_proof_pdf(proof=proof)))
        .pages[0]
        .extract_text()
        .split()
    )
    assert proof.serial in text
    assert penalty.decision_no in text
    assert cert.enterprise_name in text
    html = client.get(reverse("verify", args=[proof.verify_code])).content.decode()
    assert "信用修复证明" in html and "有效" in html
    services.repair_proof_revoke(proof=proof, actor=city, reason="修复被撤回")
    html = client.get(reverse("verify", args=[proof.verify_code])).content.decode()
    assert "已撤销" in html and "修复被撤回" in html


def test_the_proof_is_issued_in_the_name_of_the_enterprises_own_city_office():
    changzhou = CityFactory(code="320400", name="常州市", short_name="常州")
    nantong_office = CityOfficerFactory()  # created first: the old fallback's pick
    changzhou_office = CityOfficerFactory(
        office__city=changzhou, office__name="常州市信用办"
    )
    session = TrainingSessionFactory(plan_line__programme__city=changzhou)
    cert = services.certificate_issue(
        enrolment=eligible_enrolment(penalties=1, session=session), exam_score=90
    )
    assert cert.enterprise.region.city == changzhou
    app = _approve(cert.penalties.get(), cert.enterprise.representatives.first())
    with pytest.raises(PermissionDenied):
        services.repair_proof_issue(application=app, actor=nantong_office)
    by_admin = services.repair_proof_issue(application=app, actor=AdminFactory())
    assert by_admin.office == changzhou_office.office
    again = services.repair_proof_issue(application=app, actor=changzhou_office)
    assert again == by_admin
    with pytest.raises(PermissionDenied):
        services.repair_proof_revoke(proof=by_admin, actor=nantong_office, reason="x")


def test_a_proof_needs_an_approved_application():
    cert, rep = _certified(penalties=1)
    app = services.repair_application_set(
        penalty=cert.penalties.get(), status=Status.SUBMITTED, on=TODAY, actor=rep
    )
    with pytest.raises(ValidationError) as exc:
        services.repair_proof_issue(application=app, actor=CityOfficerFactory())
    assert services.PROOF_NOT_APPROVED in exc.value.messages


def test_the_representative_enters_a_status_on_the_page(client):
    cert, rep = _certified(penalties=1)
    penalty = cert.penalties.get()
    client.force_login(rep)
    response = client.post(
        reverse("certificates:repair_set", args=[penalty.pk]),
        {"status": "submitted", "on": TODAY.isoformat(), "note": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert RepairApplication.objects.get(penalty=penalty).status == "submitted"
    response = client.post(
        reverse("certificates:repair_set", args=[penalty.pk]),
        {"status": "approved", "on": "", "note": ""},
        follow=True,
    )
    assert "日期：请填写该状态对应的日期。" in response.content.decode()


def test_another_enterprise_gets_404_on_the_status_entry(client):
    cert, _ = _certified(penalties=1)
    client.force_login(RepresentativeFactory())
    response = client.post(
        reverse("certificates:repair_set", args=[cert.penalties.get().pk]),
        {"status": "prepared", "on": TODAY.isoformat()},
    )
    assert response.status_code == 404


def test_the_offices_page_shows_rates_in_scope(client, django_assert_max_num_queries):
    cert, rep = _certified(penalties=2)
    _approve(cert.penalties.first(), rep)
    client.force_login(CityOfficerFactory())
    response = client.get(reverse("certificates:repairs"))
    html = response.content.decode()
    assert "50.0%" in html
    assert cert.programme.name in html


def test_a_county_office_sees_rates_of_its_own_region_only(client):
    cert, rep = _certified(penalties=1)
    _approve(cert.penalties.get(), rep)
    other_region_cert, _ = _certified(penalties=3)
    officer = CountyOfficerFactory(office__region=cert.enterprise.region)
    cert.agency.regions.add(cert.enterprise.region)
    other_region_cert.agency.regions.add(cert.enterprise.region)
    client.force_login(officer)
    response = client.get(reverse("certificates:repairs"))
    rates = response.context["rates"]
    assert rates["programmes"] == []
    assert [(r, rate.eligible) for r, rate in rates["regions"]] == [
        (cert.enterprise.region, 1)
    ]
    assert all(rate.eligible <= 1 for _, rate in rates["agencies"])
    assert other_region_cert.enterprise_name not in response.content.decode()


@pytest.mark.parametrize("target", ["//evil.example.com/", "https://evil.example.com/"])
def test_status_entry_never_redirects_off_site(client, target):
    # Found in issue 10's security review: "//host" passed the startswith("/") check.
    cert, rep = _certified(penalties=1)
    client.force_login(rep)
    response = client.post(
        reverse("certificates:repair_set", args=[cert.penalties.get().pk]),
        {"status": "submitted", "on": TODAY.isoformat(), "note": "", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:list")


def test_a_repair_cannot_be_submitted_or_approved_before_the_earliest_repair_date():
    cert, rep = _certified(penalties=1)
    penalty = cert.penalties.get()
    penalty.decision_date = TODAY - datetime.timedelta(days=20)
    penalty.save(update_fields=["decision_date"])
    earliest = journey.earliest_repair_date(penalty=penalty, programme=cert.programme)
    assert earliest > TODAY
    with pytest.raises(ValidationError) as excinfo:
        services.repair_application_set(
            penalty=penalty, status=Status.SUBMITTED, on=TODAY, actor=rep
        )
    assert excinfo.value.message_dict["on"] == [
        journey.REPAIR_TOO_EARLY.format(date=earliest.isoformat())
    ]
    assert not RepairApplication.objects.filter(penalty=penalty).exists()
    services.repair_application_set(
        penalty=penalty, status=Status.PREPARED, on=TODAY, actor=rep
    )  # preparing the materials early is fine
