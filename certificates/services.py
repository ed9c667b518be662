"""Writes: issuing, revoking and reissuing certificates; repair tracking and proofs."""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from accounts.models import Agency, CreditOffice, User
from accounts.offices import document_number_next
from common.audit import audit_record
from enrollment.models import Enrolment, TrainingSession
from enrollment.selectors import exam_blockers
from enterprises.models import PenaltyRecord
from exams.selectors import passed_attempt

from . import selectors
from .models import (
    AgencySeal,
    Certificate,
    CertificateBatch,
    RepairApplication,
    RepairProof,
    SerialCounter,
    Verifiable,
)

logger = logging.getLogger(__name__)

CERT_NOT_ELIGIBLE = "尚不满足出具结业证明的条件：{reasons}"
CERT_EXAM_NOT_PASSED = "结业考试尚未通过，不能出具结业证明。"
CERT_SCORE_REQUIRED = "考试成绩：请填写结业考试成绩。"
CERT_NOT_ALLOWED = "只有出具证明的培训机构或市信用办可以撤销或重新签发。"
REVOKE_REASON_REQUIRED = "撤销原因：请填写撤销或重新签发的原因。"
ALREADY_REVOKED = "该证明已撤销，不能重复撤销。"
REISSUE_PREFIX = "已重新签发"
BATCH_NOT_ALLOWED = "只有本场次的培训机构讲师或市信用办可以批量出具结业证明。"
SEAL_NOT_ALLOWED = "只有本机构讲师可以上传本机构印章。"
REPAIR_NOT_ALLOWED = "只有企业本身或为其出具结业证明的培训机构可以填报修复进度。"
REPAIR_NEEDS_CERTIFICATE = "该行政处罚尚无有效的培训结业证明，暂不能填报修复申请。"
REPAIR_DATE_REQUIRED = "日期：请填写该状态对应的日期。"
REPAIR_DATE_FUTURE = "日期：不能晚于今天。"
REPAIR_NOT_SUBMITTED = "状态：尚未提交的申请不能填报审核结果，请先填报“已提交”。"
REPAIR_DATE_ORDER = "日期：审核结果日期不能早于提交日期。"
REPAIR_REJECT_NOTE = "备注：未通过时请填写原因。"
REPAIR_STATUS_INVALID = "状态：请选择有效的状态。"
REPAIR_TRANSITION_REFUSED = "状态：申请当前为“{current}”，不能{action}。"
REPAIR_ACTIONS = {
    "prepare": "改回“材料已准备”",
    "submit": "再次提交",
    "approve": "填报审核通过",
    "reject": "填报未通过",
}
PROOF_NOT_ALLOWED = "只有市信用办可以出具信用修复证明。"
PROOF_NOT_APPROVED = "该信用修复申请尚未通过，不能出具信用修复证明。"


def _passed_attempt(enrolment: Enrolment):
    """The exams app's best passed attempt of `enrolment`, or None."""
    return passed_attempt(enrolment=enrolment)


# --- serials ------------------------------------------------------------------------


def serial_next(*, prefix: str) -> int:
    """The next sequence number under `prefix`, allocated under a row lock."""
    SerialCounter.objects.get_or_create(prefix=prefix)
    counter = SerialCounter.objects.select_for_update().get(prefix=prefix)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return counter.last_value


def _certificate_serial(enrolment: Enrolment) -> tuple[str, str]:
    region = enrolment.plan_line.region or enrolment.enterprise.region
    prefix = selectors.programme_serial_prefix(programme=enrolment.programme)
    head = f"{prefix}-{region.code}"
    return f"{head}-{serial_next(prefix=head):04d}", region.code


# --- certificates -------------------------------------------------------------------


def _build_certificate(
    *,
    enrolment: Enrolment,
    exam_score: Decimal,
    actor: User | None,
    now: datetime.datetime,
    replaces: Certificate | None = None,
) -> Certificate:
    session = enrolment.session
    enterprise = enrolment.enterprise
    penalties = list(
        selectors.supported_penalties(
            enterprise=enterprise, programme=enrolment.programme
        )
    )
    serial, region_code = _certificate_serial(enrolment)
    representative = (
        enrolment.attendee.real_name
        if enrolment.attendee_id
        else enterprise.legal_representative
    )
    certificate = Certificate(
        serial=serial,
        issued_at=now,
        issued_by=actor,
        enrolment=enrolment,
        enterprise=enterprise,
        programme=enrolment.programme,
        plan_line=enrolment.plan_line,
        session=session,
        agency=enrolment.plan_line.agency,
        office=selectors.commissioning_office(enrolment=enrolment),
        region_code=region_code,
        enterprise_name=enterprise.name,
        uscc=enterprise.uscc,
        representative=representative or "—",
        session_title=session.title,
        session_starts_at=session.starts_at,
        session_ends_at=session.ends_at,
        class_hours=session.class_hours,
        exam_score=Decimal(exam_score),
        decision_numbers=[p.decision_no for p in penalties],
        replaces=replaces,
    )
    certificate.full_clean()
    certificate.save()
    certificate.penalties.set(penalties)
    audit_record(
        actor=actor,
        action="certificate.reissue" if replaces else "certificate.issue",
        obj=certificate,
        scope=enterprise.uscc,
        detail={"serial": serial, "replaces": replaces.serial if replaces else ""},
    )
    return certificate


def _lock_enrolment(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("session", "plan_line__region", "programme", "enterprise")
        .get(pk=enrolment.pk)
    )


def _existing_valid(enrolment: Enrolment) -> Certificate | None:
    return Certificate.objects.filter(
        enrolment=enrolment, status=Certificate.Status.VALID
    ).first()


@transaction.atomic
def certificate_issue(
    *,
    enrolment: Enrolment,
    exam_score: Decimal | int | float | None,
    actor: User | None = None,
    now: datetime.datetime | None = None,
) -> Certificate:
    """Issue (or return the existing) certificate when letters, attendance and exam
    are all done; raise ValidationError naming what is missing otherwise."""
    enrolment = _lock_enrolment(enrolment)
    existing = _existing_valid(enrolment)
    if existing is not None:
        return existing
    blockers = exam_blockers(enrolment=enrolment)
    if blockers:
        raise ValidationError(CERT_NOT_ELIGIBLE.format(reasons="".join(blockers)))
    if exam_score is None:
        raise ValidationError(CERT_SCORE_REQUIRED)
    if _passed_attempt(enrolment) is None:
        raise ValidationError(CERT_EXAM_NOT_PASSED)
    return _build_certificate(
        enrolment=enrolment,
        exam_score=Decimal(str(exam_score)),
        actor=actor,
        now=now or timezone.now(),
    )


@transaction.atomic
def certificate_issue_for_pass(*, attempt) -> Certificate | None:
    """Called by the exams service right after a pass; never breaks the submission."""
    if not getattr(attempt, "passed", False):
        return None
    enrolment = _lock_enrolment(attempt.enrolment)
    existing = _existing_valid(enrolment)
    if existing is not None:
        return existing
    blockers = exam_blockers(enrolment=enrolment)
    if blockers:
        logger.warning("pass without certificate for %s: %s", enrolment.pk, blockers)
        return None
    return _build_certificate(
        enrolment=enrolment,
        exam_score=attempt.score,
        actor=None,
        now=attempt.submitted_at or timezone.now(),
    )


def _check_manage(user: User, certificate: Certificate) -> None:
    if not selectors.can_manage_certificate(user=user, certificate=certificate):
        raise PermissionDenied(CERT_NOT_ALLOWED)


def _revoke(
    doc: Verifiable,
    *,
    actor: User,
    reason: str,
    now,
    ip_address: str | None,
    action: str,
) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REVOKE_REASON_REQUIRED})
    if doc.status == Verifiable.Status.REVOKED:
        raise ValidationError(ALREADY_REVOKED)
    doc.status = Verifiable.Status.REVOKED
    doc.revoked_at = now or timezone.now()
    doc.revoked_reason = reason[:300]
    doc.revoked_by = actor
    doc.full_clean()
    doc.save(update_fields=["status", "revoked_at", "revoked_reason", "revoked_by"])
    audit_record(
        actor=actor,
        action=action,
        obj=doc,
        scope=doc.uscc,
        detail={"serial": doc.serial, "reason": doc.revoked_reason},
        ip_address=ip_address,
    )


@transaction.atomic
def certificate_revoke(
    *,
    certificate: Certificate,
    actor: User,
    reason: str,
    ip_address: str | None = None,
    now: datetime.datetime | None = None,
) -> Certificate:
    """Revoke a certificate with a reason; the verify page shows it at once."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    _check_manage(actor, certificate)
    _revoke(
        certificate,
        actor=actor,
        reason=reason,
        now=now,
        ip_address=ip_address,
        action="certificate.revoke",
    )
    return certificate


@transaction.atomic
def certificate_reissue(
    *,
    certificate: Certificate,
    actor: User,
    reason: str,
    ip_address: str | None = None,
    now: datetime.datetime | None = None,
) -> Certificate:
    """Revoke `certificate` and issue a new one (new serial and code) from current
    data, e.g. after the enterprise's name changed or a penalty was added."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    _check_manage(actor, certificate)
    if not (reason or "").strip():
        raise ValidationError({"reason": REVOKE_REASON_REQUIRED})
    now = now or timezone.now()
    _revoke(
        certificate,
        actor=actor,
        reason=f"{REISSUE_PREFIX}：{reason.strip()}",
        now=now,
        ip_address=ip_address,
        action="certificate.revoke_for_reissue",
    )
    return _build_certificate(
        enrolment=_lock_enrolment(certificate.enrolment),
        exam_score=certificate.exam_score,
        actor=actor,
        now=now,
        replaces=certificate,
    )


@dataclass
class BatchResult:
    """What a batch issue did: certificates now valid, and who was skipped why."""

    certificates: list[Certificate] = field(default_factory=list)
    issued: int = 0
    skipped: list[tuple[Enrolment, str]] = field(default_factory=list)


@transaction.atomic
def session_certificates_issue(
    *, session: TrainingSession, actor: User, now: datetime.datetime | None = None
) -> BatchResult:
    """Issue every eligible certificate of `session` (existing ones are kept)."""
    if not selectors.can_batch_issue(user=actor, session=session):
        raise PermissionDenied(BATCH_NOT_ALLOWED)
    result = BatchResult()
    now = now or timezone.now()
    enrolments = session.enrolments.filter(
        status=Enrolment.Status.ENROLLED
    ).select_related("enterprise")
    for enrolment in enrolments:
        existing = _existing_valid(enrolment)
        if existing is not None:
            result.certificates.append(existing)
            continue
        blockers = exam_blockers(enrolment=enrolment)
        attempt = _passed_attempt(enrolment) if not blockers else None
        if blockers or attempt is None:
            reason = "".join(blockers) or CERT_EXAM_NOT_PASSED
            result.skipped.append((enrolment, reason))
            continue
        result.certificates.append(
            _build_certificate(
                enrolment=_lock_enrolment(enrolment),
                exam_score=attempt.score,
                actor=actor,
                now=now,
            )
        )
        result.issued += 1
    audit_record(
        actor=actor,
        action="certificate.batch_issue",
        obj=session,
        detail={"issued": result.issued, "skipped": len(result.skipped)},
    )
    return result


@transaction.atomic
def agency_seal_set(*, agency: Agency, image, actor: User) -> AgencySeal:
    """Upload or replace the seal image printed on the agency's certificates."""
    if not (
        actor.is_platform_admin or (actor.is_trainer and actor.agency_id == agency.pk)
    ):
        raise PermissionDenied(SEAL_NOT_ALLOWED)
    seal, _ = AgencySeal.objects.get_or_create(agency=agency, defaults={"image": image})
    seal.image = image
    seal.full_clean()
    seal.save()
    audit_record(actor=actor, action="certificate.seal_upload", obj=seal)
    return seal


# --- repair applications and proofs -----------------------------------------------


def _check_repair_dates(app: RepairApplication, today: datetime.date) -> None:
    for value in (app.prepared_on, app.submitted_on, app.decided_on):
        if value and value > today:
            raise ValidationError({"on": REPAIR_DATE_FUTURE})
    if app.decided_on and app.submitted_on and app.decided_on < app.submitted_on:
        raise ValidationError({"on": REPAIR_DATE_ORDER})


# Target status → the application's declared transition (certificates.models).
REPAIR_TRANSITIONS = {
    RepairApplication.Status.PREPARED: "prepare",
    RepairApplication.Status.SUBMITTED: "submit",
    RepairApplication.Status.APPROVED: "approve",
    RepairApplication.Status.REJECTED: "reject",
}


def _check_repair_actor(actor: User, penalty: PenaltyRecord) -> None:
    if not (
        actor.is_platform_admin
        or actor.is_city_office
        or (actor.is_enterprise and actor.enterprise_id == penalty.enterprise_id)
        or (
            actor.is_trainer
            and penalty.certificates.filter(
                agency_id=actor.agency_id, status=Certificate.Status.VALID
            ).exists()
        )
    ):
        raise PermissionDenied(REPAIR_NOT_ALLOWED)


def _repair_transition(
    *,
    penalty: PenaltyRecord,
    name: str,
    on: datetime.date | None,
    note: str,
    actor: User,
    ip_address: str | None,
) -> RepairApplication:
    """Apply one declared transition to the penalty's application, save, audit."""
    _check_repair_actor(actor, penalty)
    certificate = penalty.certificates.filter(status=Certificate.Status.VALID).first()
    if certificate is None:
        raise ValidationError(REPAIR_NEEDS_CERTIFICATE)
    if on is None:
        raise ValidationError({"on": REPAIR_DATE_REQUIRED})
    app = RepairApplication.objects.select_for_update().filter(
        penalty=penalty
    ).first() or RepairApplication(penalty=penalty, enterprise=penalty.enterprise)
    move = getattr(app, name)
    if not can_proceed(move):
        if name in ("approve", "reject") and not app.submitted_on:
            raise ValidationError({"status": REPAIR_NOT_SUBMITTED})
        raise ValidationError(
            {
                "status": REPAIR_TRANSITION_REFUSED.format(
                    current=app.get_status_display(), action=REPAIR_ACTIONS[name]
                )
            }
        )
    if name == "reject" and not note.strip():
        raise ValidationError({"note": REPAIR_REJECT_NOTE})
    before = app.status if app.pk else ""
    move(on=on)
    app.certificate = certificate
    app.note = note.strip()
    app.updated_by = actor
    _check_repair_dates(app, timezone.localdate())
    app.full_clean()
    app.save()
    audit_record(
        actor=actor,
        action=f"repair.{name}",
        obj=app,
        scope=penalty.enterprise.uscc,
        detail={
            "from": before,
            "to": app.status,
            "on": on.isoformat(),
            "note": app.note,
        },
        ip_address=ip_address,
    )
    return app


@transaction.atomic
def repair_application_prepare(
    *,
    penalty: PenaltyRecord,
    on: datetime.date | None,
    note: str = "",
    actor: User,
    ip_address: str | None = None,
) -> RepairApplication:
    """Materials prepared (first, or again after a rejection)."""
    return _repair_transition(
        penalty=penalty,
        name="prepare",
        on=on,
        note=note,
        actor=actor,
        ip_address=ip_address,
    )


@transaction.atomic
def repair_application_submit(
    *,
    penalty: PenaltyRecord,
    on: datetime.date | None,
    note: str = "",
    actor: User,
    ip_address: str | None = None,
) -> RepairApplication:
    """Submitted on Credit China (first, or again after a rejection)."""
    return _repair_transition(
        penalty=penalty,
        name="submit",
        on=on,
        note=note,
        actor=actor,
        ip_address=ip_address,
    )


@transaction.atomic
def repair_application_approve(
    *,
    penalty: PenaltyRecord,
    on: datetime.date | None,
    note: str = "",
    actor: User,
    ip_address: str | None = None,
) -> RepairApplication:
    """Credit China approved the submitted application."""
    return _repair_transition(
        penalty=penalty,
        name="approve",
        on=on,
        note=note,
        actor=actor,
        ip_address=ip_address,
    )


@transaction.atomic
def repair_application_reject(
    *,
    penalty: PenaltyRecord,
    on: datetime.date | None,
    note: str = "",
    actor: User,
    ip_address: str | None = None,
) -> RepairApplication:
    """Credit China refused the submitted application; the note says why."""
    return _repair_transition(
        penalty=penalty,
        name="reject",
        on=on,
        note=note,
        actor=actor,
        ip_address=ip_address,
    )


@transaction.atomic
def repair_application_set(
    *,
    penalty: PenaltyRecord,
    status: str,
    on: datetime.date | None,
    note: str = "",
    actor: User,
    ip_address: str | None = None,
) -> RepairApplication:
    """Move the application to `status` through its declared transition (the
    progress form names the status it reached)."""
    name = REPAIR_TRANSITIONS.get(status)
    if name is None:
        raise ValidationError({"status": REPAIR_STATUS_INVALID})
    return _repair_transition(
        penalty=penalty,
        name=name,
        on=on,
        note=note,
        actor=actor,
        ip_address=ip_address,
    )


def _city_office_of(actor: User) -> CreditOffice | None:
    if actor.office_id and actor.office.level == CreditOffice.Level.CITY:
        return actor.office
    return CreditOffice.objects.filter(level=CreditOffice.Level.CITY).first()


@transaction.atomic
def repair_proof_issue(
    *,
    application: RepairApplication,
    actor: User,
    now: datetime.datetime | None = None,
) -> RepairProof:
    """The city office's 信用修复证明 for an approved application (or the existing)."""
    if not (actor.is_city_office or actor.is_platform_admin):
        raise PermissionDenied(PROOF_NOT_ALLOWED)
    application = (
        RepairApplication.objects.select_for_update(of=("self",))
        .select_related("penalty", "enterprise")
        .get(pk=application.pk)
    )
    if application.status != RepairApplication.Status.APPROVED:
        raise ValidationError(PROOF_NOT_APPROVED)
    existing = application.proofs.filter(status=RepairProof.Status.VALID).first()
    if existing is not None:
        return existing
    office = _city_office_of(actor)
    if office is None:
        raise ValidationError(PROOF_NOT_ALLOWED)
    now = now or timezone.now()
    head = f"XFZM{timezone.localtime(now).year}"
    enterprise = application.enterprise
    proof = RepairProof(
        serial=f"{head}-{serial_next(prefix=head):05d}",
        issued_at=now,
        issued_by=actor,
        application=application,
        enterprise=enterprise,
        office=office,
        enterprise_name=enterprise.name,
        uscc=enterprise.uscc,
        decision_no=application.penalty.decision_no,
        authority=application.penalty.authority,
        approved_on=application.decided_on,
        document_no=document_number_next(
            office=office, on=timezone.localtime(now).date()
        ),
    )
    proof.full_clean()
    proof.save()
    audit_record(
        actor=actor,
        action="repair_proof.issue",
        obj=proof,
        scope=enterprise.uscc,
        detail={"serial": proof.serial},
    )
    return proof


@transaction.atomic
def repair_proof_revoke(
    *, proof: RepairProof, actor: User, reason: str, ip_address: str | None = None
) -> RepairProof:
    """Revoke a repair proof (city office only)."""
    if not (actor.is_city_office or actor.is_platform_admin):
        raise PermissionDenied(PROOF_NOT_ALLOWED)
    proof = RepairProof.objects.select_for_update().get(pk=proof.pk)
    _revoke(
        proof,
        actor=actor,
        reason=reason,
        now=None,
        ip_address=ip_address,
        action="repair_proof.revoke",
    )
    return proof


# --- batches as background jobs ---------------------------------------------------

BATCH_EMPTY = "本场次没有有效的结业证明可打包。"


@transaction.atomic
def certificate_batch_create(
    *, session: TrainingSession, actor: User, kind: str
) -> CertificateBatch:
    """Record a batch run (ZIP, or issue then ZIP) for the job to carry out."""
    if kind == CertificateBatch.Kind.ISSUE:
        if not selectors.can_batch_issue(user=actor, session=session):
            raise PermissionDenied(BATCH_NOT_ALLOWED)
    elif not selectors.session_certificates(session=session).exists():
        raise ValidationError(BATCH_EMPTY)
    batch = CertificateBatch.objects.create(
        session=session, kind=kind, requested_by=actor
    )
    audit_record(actor=actor, action=f"certificate_batch.{kind}", obj=batch)
    return batch
