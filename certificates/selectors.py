"""Reads of certificates, proofs and repair applications, scoped by role."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

import journey
from accounts.models import CreditOffice, User
from accounts.selectors import city_office_for, user_scope
from common.signing import NO_RECORD, PdfCheck, check_pdf
from enrollment.documents import LETTER_KIND
from enrollment.models import Enrolment, Programme, TrainingSession
from enterprises.models import Enterprise, PenaltyRecord

from . import conf
from .models import (
    Certificate,
    ProgrammeCertificateSettings,
    RepairApplication,
    RepairProof,
    Verifiable,
    short_code_normalise,
)

REVOKED = "文件未被改动，但已于{date}撤销：{reason}"

# --- what a certificate supports ----------------------------------------------------


def supported_penalties(
    *, enterprise: Enterprise, programme: Programme
) -> QuerySet[PenaltyRecord]:
    """Penalties of `enterprise` whose required commitment letter is signed."""
    return (
        journey.letters_required(enterprise=enterprise, profile=programme.rule_profile)
        .filter(commitment_letter__isnull=False)
        .order_by("decision_date", "id")
    )


def commissioning_office(*, enrolment: Enrolment) -> CreditOffice | None:
    """The county office of the plan line's region, else the programme's city office
    (never another city's)."""
    region_id = enrolment.plan_line.region_id
    if region_id:
        county = CreditOffice.objects.filter(
            level=CreditOffice.Level.COUNTY, region_id=region_id
        ).first()
        if county:
            return county
    return city_office_for(city_id=enrolment.programme.city_id)


def programme_serial_prefix(*, programme: Programme) -> str:
    """The serial prefix of `programme`, e.g. NT2022."""
    row = ProgrammeCertificateSettings.objects.filter(programme=programme).first()
    if row:
        return row.serial_prefix
    return f"{conf.serial_prefix_default()}{programme.year}"


# --- verification -------------------------------------------------------------------


def verify_url(*, code: str) -> str:
    """The absolute public address that verifies the document with `code`."""
    path = reverse("verify", kwargs={"code": code})
    return settings.SITE_BASE_URL.rstrip("/") + path


def certificate_verify_url(certificate: Verifiable) -> str:
    """The QR payload and printed address of a certificate or proof."""
    return verify_url(code=certificate.public_code)


def verifiable_by_code(*, code: str) -> Verifiable:
    """The document with this code: serial-SHORTCODE (any case), or an old long
    code exactly; else 404."""
    for model in (Certificate, RepairProof):
        found = model.objects.filter(verify_code=code).first()
        if found is not None:
            return found
    serial, _, short = code.strip().rpartition("-")
    if not serial:
        raise Http404
    return verifiable_by_serial_and_code(serial=serial, code=short)


def verifiable_by_serial_and_code(*, serial: str, code: str) -> Verifiable:
    """The document whose serial AND code (short, any case; or old) both match."""
    serial = serial.strip().upper()
    short = short_code_normalise(code)
    for model in (Certificate, RepairProof):
        found = (
            model.objects.filter(serial=serial)
            .filter(Q(short_code=short) | Q(verify_code=code.strip()))
            .first()
        )
        if found is not None:
            return found
    raise Http404


def verifiable_by_serial(*, serial: str) -> Verifiable | None:
    """The certificate or proof with this serial (for a signed upload)."""
    for model in (Certificate, RepairProof):
        found = model.objects.filter(serial=serial).first()
        if found is not None:
            return found
    return None


@dataclass
class UploadVerdict:
    """An uploaded PDF: its signature check and the record it names."""

    check: PdfCheck
    document: Verifiable | None
    problems: list[str]

    @property
    def issued_here_and_unchanged(self) -> bool:
        return self.check.authentic and self.document is not None


def uploaded_pdf_verdict(*, data: bytes) -> UploadVerdict:
    """Whether `data` was issued by this platform, is unmodified and still valid."""
    check = check_pdf(data)
    problems = list(check.problems)
    document = None
    if check.authentic:
        document = verifiable_by_serial(serial=check.serial)
        if document is None and check.kind != LETTER_KIND:
            problems.append(NO_RECORD)
        elif document is not None and not document.is_valid:
            problems.append(
                REVOKED.format(
                    date=f"{document.revoked_at:%Y-%m-%d}",
                    reason=document.revoked_reason,
                )
            )
    return UploadVerdict(check=check, document=document, problems=problems)


# --- scoped lists -------------------------------------------------------------------


def _scoped(qs: QuerySet, user: User, *, agency_field: str = "agency_id") -> QuerySet:
    scope = user_scope(user=user)
    if scope.all_regions:
        return qs
    if scope.enterprise_id:
        return qs.filter(enterprise_id=scope.enterprise_id)
    if scope.agency_id:
        # A trainer sees the enterprises of its agency's regions and its own sessions.
        cond = Q(enterprise__region_id__in=scope.region_ids)
        if agency_field:
            cond |= Q(**{agency_field: scope.agency_id})
        return qs.filter(cond)
    return qs.filter(enterprise__region_id__in=scope.region_ids)


def certificate_list(*, user: User) -> QuerySet[Certificate]:
    """Certificates `user` may see."""
    qs = Certificate.objects.select_related("session", "agency", "enterprise")
    return _scoped(qs, user)


def certificate_get(*, user: User, pk: int) -> Certificate:
    """One certificate in `user`'s scope, else 404."""
    try:
        return certificate_list(user=user).get(pk=pk)
    except Certificate.DoesNotExist as exc:
        raise Http404 from exc


def can_manage_certificate(*, user: User, certificate: Certificate) -> bool:
    """Revoke/reissue: trainers of the issuing agency, the city office, admins."""
    if user.is_platform_admin:
        return True
    if user.is_city_office:
        return certificate.enterprise.region_id in user_scope(user=user).region_ids
    return user.is_trainer and user.agency_id == certificate.agency_id


def trainer_session_list(*, user: User) -> QuerySet[TrainingSession]:
    """Sessions whose certificates `user` may batch-issue."""
    qs = TrainingSession.objects.select_related(
        "plan_line__agency", "plan_line__region"
    )
    scope = user_scope(user=user)
    if user.is_platform_admin:
        return qs
    if user.is_city_office:
        return qs.filter(plan_line__programme__city_id=scope.city_id)
    if user.is_trainer:
        return qs.filter(Q(trainers=user) | Q(plan_line__agency_id=scope.agency_id))
    if user.is_county_office:
        return qs.filter(plan_line__region_id__in=scope.region_ids)
    return qs.none()


def session_get(*, user: User, pk: int) -> TrainingSession:
    """One session `user` may issue certificates for, else 404."""
    try:
        return trainer_session_list(user=user).distinct().get(pk=pk)
    except TrainingSession.DoesNotExist as exc:
        raise Http404 from exc


def can_batch_issue(*, user: User, session: TrainingSession) -> bool:
    """Issuing is for the session's agency and the city office; counties only read."""
    if user.is_platform_admin:
        return True
    if user.is_city_office:
        return user_scope(user=user).sees_city(session.plan_line.programme.city_id)
    return user.is_trainer and (
        user.agency_id == session.plan_line.agency_id
        or session.trainers.filter(pk=user.pk).exists()
    )


def session_certificates(*, session: TrainingSession) -> QuerySet[Certificate]:
    """Valid certificates of a session, by serial."""
    return (
        Certificate.objects.filter(session=session, status=Certificate.Status.VALID)
        .select_related("programme", "agency", "office")
        .order_by("serial")
    )


def repair_next_statuses(
    *, application: RepairApplication | None
) -> list[tuple[str, str]]:
    """The statuses (value, label) the application may move to next; a penalty with
    no application yet may be prepared or submitted."""
    application = application or RepairApplication()
    return [
        (transition.target, RepairApplication.Status(transition.target).label)
        for transition in application.get_available_status_transitions()
    ]


def repair_application_list(*, user: User) -> QuerySet[RepairApplication]:
    """Repair applications `user` may see."""
    qs = RepairApplication.objects.select_related(
        "penalty", "enterprise__region", "certificate__agency"
    )
    return _scoped(qs, user, agency_field="certificate__agency_id")


def penalty_for_repair(*, user: User, pk: int) -> PenaltyRecord:
    """A penalty whose repair status `user` may enter: its enterprise or agency."""
    qs = PenaltyRecord.objects.select_related("enterprise")
    if user.is_enterprise:
        qs = qs.filter(enterprise_id=user.enterprise_id)
    elif user.is_trainer:
        qs = qs.filter(
            certificates__agency_id=user.agency_id,
            certificates__status=Certificate.Status.VALID,
        )
    elif user.is_city_office:
        qs = qs.filter(enterprise__region_id__in=user_scope(user=user).region_ids)
    elif not user.is_platform_admin:
        qs = qs.none()
    try:
        return qs.distinct().get(pk=pk)
    except PenaltyRecord.DoesNotExist as exc:
        raise Http404 from exc


def repair_proof_list(*, user: User) -> QuerySet[RepairProof]:
    """Repair proofs `user` may see."""
    return _scoped(
        RepairProof.objects.select_related("enterprise", "office"),
        user,
        agency_field="",
    )


def repair_proof_get(*, user: User, pk: int) -> RepairProof:
    """One proof in scope, else 404."""
    try:
        return repair_proof_list(user=user).get(pk=pk)
    except RepairProof.DoesNotExist as exc:
        raise Http404 from exc


# --- repair rate --------------------------------------------------------------------


def repair_rate_rows(*, user: User, programme: Programme | None = None) -> dict:
    """Rates per agency, region and programme within `user`'s scope (for pages)."""
    from accounts.selectors import agency_list, region_list

    own_region = user.office.region if user.is_county_office else None
    scope = user_scope(user=user)
    if not (scope.all_regions or scope.city_id):
        programmes = []  # a county's view is its own region, below
    elif programme is not None:
        programmes = [programme]
    else:
        with_certificates = Programme.objects.filter(certificates__isnull=False)
        if scope.city_id:
            with_certificates = with_certificates.filter(city_id=scope.city_id)
        programmes = list(with_certificates.distinct())
    return {
        "programmes": [(p, journey.repair_rate(programme=p)) for p in programmes],
        "regions": [
            (r, journey.repair_rate(programme=programme, region=r))
            for r in region_list(user=user)
        ],
        # A county office sees each agency's rate within its own region only.
        "agencies": [
            (a, journey.repair_rate(programme=programme, agency=a, region=own_region))
            for a in agency_list(user=user)
        ],
    }
