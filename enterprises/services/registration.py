"""Registration of a representative's account, and claiming an enterprise.

An account acts for an enterprise only after one of: the office's invitation link
(letters.invitation_accept), a code sent by SMS to the contact mobile in the archive
(claim_by_code), or a claim request with the business licence that the county
office approves (claim_approve). Public facts (USCC, name) never suffice, an unknown
USCC never creates an archive record by itself, and every answer is the same
whether or not the USCC is archived or already claimed: no archive data appears in
any message.
"""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import OneTimeCode, Region, User
from accounts.selectors import user_scope
from accounts.services import CODE_INVALID, code_send, code_verify, notify
from common.audit import audit_record
from common.models import AuditEntry
from common.validators import normalize_uscc, validate_mobile

from ..models import ClaimRequest, Enterprise
from .archive import enterprise_create

MOBILE_ALREADY_REGISTERED = "该手机号码已注册，请直接登录或找回密码。"
ACCOUNT_REGISTERED = (
    "账号已注册。请认领您的企业：可用档案登记的联系手机接收验证码，"
    "或上传营业执照提交认领申请，由所在地信用办审核。"
)
CLAIM_CODE_SENT = (
    "如该企业已在信用办建档且登记了联系手机，验证码已发送至该手机，5 分钟内有效。"
    "未收到验证码的，请上传营业执照提交认领申请。"
)
CLAIM_SUBMITTED = "认领申请已提交，所在地信用办审核后会通知您。"
CLAIM_ALREADY_LINKED = "您的账号已关联企业，不能再认领其他企业。"
CLAIM_PENDING_EXISTS = "您已有一份待审核的认领申请，请等待信用办审核。"
CLAIM_NOT_PENDING = "该认领申请已审核，不能重复处理。"
CLAIM_REASON_REQUIRED = "请填写驳回理由。"
CLAIM_NOT_YOURS = "该认领申请不在您的审核范围内。"
LICENCE_TOO_LARGE = "营业执照文件不能超过 5 MB。"
LICENCE_TYPE = "营业执照请上传 JPG、PNG 图片或 PDF 文件。"
LICENCE_MAX_BYTES = 5 * 1024 * 1024
LICENCE_SIGNATURES = {
    b"\xff\xd8\xff": "jpg",
    b"\x89PNG\r\n\x1a\n": "png",
    b"%PDF-": "pdf",
}


@transaction.atomic
def representative_register(
    *, real_name: str, mobile: str, password: str, ip_address: str | None = None
) -> User:
    """Create an enterprise representative's account, linked to no enterprise
    until a claim succeeds."""
    if User.objects.filter(username=mobile).exists():
        raise ValidationError({"mobile": MOBILE_ALREADY_REGISTERED})
    user = User(
        username=mobile,
        real_name=real_name.strip(),
        mobile=mobile,
        role=User.Role.ENTERPRISE,
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent registration won the race
        raise ValidationError({"mobile": MOBILE_ALREADY_REGISTERED}) from exc
    audit_record(
        actor=user,
        action="account.register",
        kind=AuditEntry.Kind.SECURITY,
        obj=user,
        ip_address=ip_address,
    )
    return user


def _archived(uscc: str) -> Enterprise | None:
    return Enterprise.objects.filter(uscc=normalize_uscc(uscc)).first()


def _claim_mobile(enterprise: Enterprise | None) -> str:
    """The archive's contact mobile, if it holds a valid mainland mobile number."""
    phone = (enterprise.contact_phone or "").strip() if enterprise else ""
    try:
        validate_mobile(phone)
    except ValidationError:
        return ""
    return phone


def _claim_code_target(*, actor: User, uscc: str) -> tuple[str, str]:
    """Where a claim code for `uscc` goes, and what it is bound to (this account
    and this USCC). An unarchived USCC or one without a mobile gets a destination
    that no message is ever sent to."""
    uscc = normalize_uscc(uscc)
    mobile = _claim_mobile(_archived(uscc))
    return mobile or f"claim:{uscc}", f"{actor.pk}:{uscc}"


def _not_linked(actor: User) -> None:
    if actor.enterprise_id:
        raise ValidationError(CLAIM_ALREADY_LINKED)


def claim_code_send(*, actor: User, uscc: str, ip_address: str | None) -> str:
    """Send a claim code to the archive's contact mobile of `uscc`; the answer
    (CLAIM_CODE_SENT) is the same whether or not there is such a mobile."""
    _not_linked(actor)
    destination, subject = _claim_code_target(actor=actor, uscc=uscc)
    code_send(
        destination=destination,
        purpose=OneTimeCode.Purpose.CLAIM,
        subject=subject,
        ip_address=ip_address,
        actor=actor,
        deliver=not destination.startswith("claim:"),
    )
    return CLAIM_CODE_SENT


def claim_by_code(
    *, actor: User, uscc: str, code: str, ip_address: str | None
) -> Enterprise:
    """Link `actor` to the archived enterprise whose contact mobile got `code`."""
    _not_linked(actor)
    destination, subject = _claim_code_target(actor=actor, uscc=uscc)
    code_verify(
        destination=destination,
        purpose=OneTimeCode.Purpose.CLAIM,
        subject=subject,
        code=code,
        ip_address=ip_address,
    )
    enterprise = _archived(uscc)
    if enterprise is None:  # no code is ever sent for these; kept for safety
        raise ValidationError(CODE_INVALID)
    with transaction.atomic():
        _link(actor=actor, enterprise=enterprise)
        audit_record(
            actor=actor,
            action="claim.sms",
            kind=AuditEntry.Kind.SECURITY,
            obj=enterprise,
            ip_address=ip_address,
        )
    return enterprise


def _link(*, actor: User, enterprise: Enterprise) -> None:
    user = User.objects.select_for_update().get(pk=actor.pk)
    if user.enterprise_id:
        raise ValidationError(CLAIM_ALREADY_LINKED)
    user.enterprise = enterprise
    user.save(update_fields=["enterprise"])
    actor.enterprise = enterprise


def _licence_check(licence: UploadedFile) -> None:
    if licence.size > LICENCE_MAX_BYTES:
        raise ValidationError({"licence": LICENCE_TOO_LARGE})
    head = licence.read(8)
    licence.seek(0)
    if not any(head.startswith(magic) for magic in LICENCE_SIGNATURES):
        raise ValidationError({"licence": LICENCE_TYPE})


@transaction.atomic
def claim_request_submit(
    *,
    actor: User,
    uscc: str,
    company_name: str,
    region: Region,
    applicant_role: str,
    licence: UploadedFile,
    ip_address: str | None,
) -> ClaimRequest:
    """File a claim for the county office to decide. It goes to the archive's
    region when the USCC is archived, else to `region`; the answer is the same."""
    _not_linked(actor)
    if ClaimRequest.objects.filter(
        applicant=actor, status=ClaimRequest.Status.PENDING
    ).exists():
        raise ValidationError(CLAIM_PENDING_EXISTS)
    _licence_check(licence)
    uscc = normalize_uscc(uscc)
    enterprise = _archived(uscc)
    claim = ClaimRequest(
        applicant=actor,
        applicant_role=applicant_role,
        uscc=uscc,
        company_name=company_name.strip(),
        region=enterprise.region if enterprise else region,
        licence=licence,
        enterprise=enterprise,
    )
    claim.full_clean()
    claim.save()
    audit_record(
        actor=actor,
        action="claim.request",
        kind=AuditEntry.Kind.SECURITY,
        obj=claim,
        scope=claim.region.name,
        ip_address=ip_address,
    )
    reviewers = User.objects.filter(
        role=User.Role.COUNTY_OFFICE, office__region=claim.region, is_active=True
    )
    notify(
        users=reviewers,
        title="有新的企业认领申请待审核",
        body=f"{claim.company_name}（{claim.uscc}）",
        url=reverse("enterprises:claim_detail", args=[claim.pk]),
    )
    return claim


def _decidable(*, claim: ClaimRequest, actor: User) -> ClaimRequest:
    claim = ClaimRequest.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimRequest.Status.PENDING:
        raise ValidationError(CLAIM_NOT_PENDING)
    in_scope = (
        (actor.is_city_office and claim.region_id in user_scope(user=actor).region_ids)
        or actor.is_platform_admin
        or (
            actor.is_county_office
            and actor.office
            and actor.office.region_id == claim.region_id
        )
    )
    if not in_scope:
        raise ValidationError(CLAIM_NOT_YOURS)
    return claim


@transaction.atomic
def claim_approve(
    *, claim: ClaimRequest, actor: User, ip_address: str | None
) -> Enterprise:
    """Approve: link the applicant to the archived enterprise, or archive the new
    one in the claim's region first (audited as enterprise.create)."""
    claim = _decidable(claim=claim, actor=actor)
    enterprise = _archived(claim.uscc) or enterprise_create(
        region=claim.region, uscc=claim.uscc, name=claim.company_name, actor=actor
    )
    _link(actor=claim.applicant, enterprise=enterprise)
    claim.status = ClaimRequest.Status.APPROVED
    claim.decided_at = timezone.now()
    claim.decided_by = actor
    claim.enterprise = enterprise
    claim.save(update_fields=["status", "decided_at", "decided_by", "enterprise"])
    audit_record(
        actor=actor,
        action="claim.approve",
        kind=AuditEntry.Kind.SECURITY,
        obj=claim,
        scope=claim.region.name,
        ip_address=ip_address,
    )
    notify(
        users=[claim.applicant],
        title="企业认领申请已通过",
        body=f"您已成为{enterprise.name}的企业代表。",
        url=reverse("home"),
    )
    return enterprise


@transaction.atomic
def claim_reject(
    *, claim: ClaimRequest, actor: User, reason: str, ip_address: str | None
) -> ClaimRequest:
    """Reject with a reason, which the applicant is told."""
    if not (reason or "").strip():
        raise ValidationError({"reason": CLAIM_REASON_REQUIRED})
    claim = _decidable(claim=claim, actor=actor)
    claim.status = ClaimRequest.Status.REJECTED
    claim.decided_at = timezone.now()
    claim.decided_by = actor
    claim.reason = reason.strip()[:300]
    claim.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    audit_record(
        actor=actor,
        action="claim.reject",
        kind=AuditEntry.Kind.SECURITY,
        obj=claim,
        scope=claim.region.name,
        detail={"reason": claim.reason},
        ip_address=ip_address,
    )
    notify(
        users=[claim.applicant],
        title="企业认领申请未通过",
        body=f"驳回理由：{claim.reason}",
        url=reverse("enterprises:claim"),
    )
    return claim
