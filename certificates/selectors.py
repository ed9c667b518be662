"""Reads of certificates, proofs and repair applications, scoped by role."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from accounts.models import Agency, CreditOffice, Region, User
from accounts.selectors import user_scope
from common.signing import NO_RECORD, PdfCheck, check_pdf
from enrollment.documents import LETTER_KIND
from enrollment.models import Enrolment, Programme, TrainingSession
from enterprises.models import Enterprise, PenaltyRecord, SeverityRule

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


def repairable_severities(*, programme: Programme) -> list[str]:
    """Severities the programme's rule profile lets an enterprise repair."""
    return list(
        SeverityRule.objects.filter(
            profile_id=programme.rule_profile_id, repairable=True
        ).values_list("severity", flat=True)
    )


def supported_penalties(
    *, enterprise: Enterprise, programme: Programme
) -> QuerySet[PenaltyRecord]:
    """Repairable penalties of `enterprise` whose commitment letter is signed."""
    return enterprise.penalties.filter(
        commitment_letter__isnull=False,
        severity__in=repairable_severities(programme=programme),
    ).order_by("decision_date", "id")


def commissioning_office(*, enrolment: Enrolment) -> CreditOffice | None:
    """The county office of the plan line's region, else the programme's city office."""
    region_id = enrolment.plan_line.region_id
    if region_id:
        county = CreditOffice.objects.filter(
            level=CreditOffice.Level.COUNTY, region_id=region_id
        ).first()
        if county:
            return county
    city = CreditOffice.objects.filter(level=CreditOffice.Level.CITY)
    return (
        city.filter(city=enrolment.programme.city).first()
        or city.order_by("id").first()
    )


def programme_serial_prefix(*, programme: Programme) -> str:
    """The serial prefix of `programme`, e.g. NT2022."""
    row = ProgrammeCertificateSettings.objects.filter(programme=programme).first()
    if row:
        return row.serial_prefix
    return f"{conf.serial_prefix_default()}{programme.year}"


def repair_rate_target(*, programme: Programme | None) -> Decimal:
    """The programme's repair-rate target, else the platform default (80%)."""
    if programme is not None:
        row = ProgrammeCertificateSettings.objects.filter(programme=programme).first()
        if row:
            return row.repair_rate_target
    return conf.repair_rate_target_default()


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
    if user.is_platform_admin or user.is_city_office:
        return True
    return user.is_trainer and user.agency_id == certificate.agency_id


def trainer_session_list(*, user: User) -> QuerySet[TrainingSession]:
    """Sessions whose certificates `user` may batch-issue."""
    qs = TrainingSession.objects.select_related(
        "plan_line__agency", "plan_line__region"
    )
    scope = user_scope(user=user)
    if user.is_platform_admin or user.is_city_office:
        return qs
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
    if user.is_platform_admin or user.is_city_office:
        return True
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
    elif not (user.is_platform_admin or user.is_city_office):
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


@dataclass(frozen=True)
class RepairRate:
    """Approved over eligible, against the target."""

    eligible: int
    approved: int
    target: Decimal

    @property
    def rate(self) -> Decimal | None:
        if not self.eligible:
            return None
        return Decimal(self.approved) / Decimal(self.eligible)

    @property
    def met(self) -> bool:
        return self.rate is not None and self.rate >= self.target

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


def eligible_penalties(
    *,
    programme: Programme | None = None,
    region: Region | None = None,
    agency: Agency | None = None,
) -> QuerySet[PenaltyRecord]:
    """Eligible for repair = listed on a valid certificate (repairable, letter signed).

    Filtered by the certificate's programme, the enterprise's region and the
    certificate's agency.
    """
    cond = Q(certificates__status=Certificate.Status.VALID)
    if programme is not None:
        cond &= Q(certificates__programme=programme)
    if agency is not None:
        cond &= Q(certificates__agency=agency)
    qs = PenaltyRecord.objects.filter(cond)
    if region is not None:
        qs = qs.filter(enterprise__region=region)
    return qs.distinct()


def repair_rate(
    *,
    programme: Programme | None = None,
    region: Region | None = None,
    agency: Agency | None = None,
) -> RepairRate:
    """Repair rate: approved applications over eligible penalties (see above)."""
    eligible = eligible_penalties(programme=programme, region=region, agency=agency)
    ids = eligible.values("id")
    approved = RepairApplication.objects.filter(
        penalty_id__in=ids, status=RepairApplication.Status.APPROVED
    ).count()
    return RepairRate(
        eligible=eligible.count(),
        approved=approved,
        target=repair_rate_target(programme=programme),
    )


def repair_rate_rows(*, user: User, programme: Programme | None = None) -> dict:
    """Rates per agency, region and programme within `user`'s scope (for pages)."""
    from accounts.selectors import agency_list, region_list

    own_region = user.office.region if user.is_county_office else None
    if not user_scope(user=user).all_regions:
        programmes = []  # a county's view is its own region, below
    elif programme is not None:
        programmes = [programme]
    else:
        programmes = list(
            Programme.objects.filter(certificates__isnull=False).distinct()
        )
    return {
        "programmes": [(p, repair_rate(programme=p)) for p in programmes],
        "regions": [
            (r, repair_rate(programme=programme, region=r))
            for r in region_list(user=user)
        ],
        # A county office sees each agency's rate within its own region only.
        "agencies": [
            (a, repair_rate(programme=programme, agency=a, region=own_region))
            for a in agency_list(user=user)
        ],
    }


@dataclass(frozen=True)
class JourneyStep:
    """One step of a representative's way to a certificate, with its state."""

    title: str
    hint: str
    done: bool
    url: str


def journey_steps(*, enterprise) -> list[JourneyStep]:
    """The five steps of the journey for `enterprise`, each marked done or not."""
    from django.urls import reverse

    from enrollment.live_selectors import attendance_result
    from enrollment.selectors import letters_missing
    from exams.selectors import passed_attempt

    letters_done = not letters_missing(enterprise=enterprise).exists()
    enrolment = (
        Enrolment.objects.filter(
            enterprise=enterprise, status=Enrolment.Status.ENROLLED
        )
        .select_related("session__plan_line__programme__rule_profile")
        .order_by("-created_at")
        .first()
    )
    attended = (
        enrolment is not None and attendance_result(enrolment=enrolment).hours_met
    )
    certified = (
        enrolment is not None
        and Certificate.objects.filter(
            enrolment=enrolment, status=Certificate.Status.VALID
        ).exists()
    )
    # A valid certificate is only ever issued on a pass, so it proves the exam too.
    passed = certified or (
        enrolment is not None and passed_attempt(enrolment=enrolment) is not None
    )
    return [
        JourneyStep(
            "签署信用修复承诺书",
            "每条可修复的行政处罚一份，须在培训开始前签署。",
            letters_done,
            reverse("enrollment:letters"),
        ),
        JourneyStep(
            "报名参加培训",
            "选择本地区的培训场次。",
            enrolment is not None,
            reverse("enrollment:sessions"),
        ),
        JourneyStep(
            "培训签到，出勤达标",
            "现场扫码或输入讲师展示的签到码，出勤满规定学时。",
            attended,
            reverse("enrollment:live_attendee", args=[enrolment.session_id])
            if enrolment
            else reverse("enrollment:sessions"),
        ),
        JourneyStep(
            "通过结业考试",
            "出勤达标且承诺书已签署后即可参加。",
            passed,
            reverse("exams:mine"),
        ),
        JourneyStep(
            "领取结业证明",
            "用于向“信用中国”提交信用修复申请；可下载信用修复材料包。",
            certified,
            reverse("certificates:list"),
        ),
    ]
