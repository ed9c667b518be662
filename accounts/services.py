"""Writes about users: notifications (in-site notice, live push, optional mail),
one-time codes (SMS or mail), password reset and code login."""

import hmac
import logging
import secrets
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from common.audit import audit_record
from common.models import AuditEntry

from .models import Notice, OneTimeCode, User
from .selectors import representative_list
from .sms import SMS_SEND_FAILED, SmsError, sms_backend

logger = logging.getLogger(__name__)


def notice_group(user_id: int) -> str:
    """The channel-layer group that carries one user's live notices."""
    return f"user-{user_id}"


@transaction.atomic
def notify(
    *,
    users: Iterable[User],
    title: str,
    body: str = "",
    url: str = "",
    mail: bool = False,
) -> list[Notice]:
    """Tell each user: an in-site notice now, and after the caller's transaction
    commits, a live push to their open pages and, with `mail`, an email.

    The notices are part of the caller's transaction (a rollback leaves none and
    sends nothing). Delivery happens only here, after commit, and never fails the
    caller: a push or mail that fails is logged.
    """
    notices = [
        Notice.objects.create(user=user, title=title, body=body, url=url)
        for user in users
    ]
    if notices:
        transaction.on_commit(
            lambda: notices_deliver(notices=notices, mail=mail), robust=True
        )
    return notices


def representatives_notify(
    *, enterprise_id: int, title: str, body: str = "", url: str = "", mail: bool = False
) -> list[Notice]:
    """`notify` the active representatives of an enterprise."""
    return notify(
        users=representative_list(enterprise_id=enterprise_id),
        title=title,
        body=body,
        url=url,
        mail=mail,
    )


def notices_deliver(*, notices: list[Notice], mail: bool) -> None:
    """Push each notice live and, with `mail`, hand its email to the mail queue (a
    background job, accounts.jobs.notice_mail_send); log failures."""
    from .jobs import notice_mail_send

    layer = get_channel_layer()
    for notice in notices:
        if layer is not None:
            try:
                async_to_sync(layer.group_send)(
                    notice_group(notice.user_id),
                    {
                        "type": "notice.created",
                        "id": notice.pk,
                        "title": notice.title,
                        "url": notice.url,
                    },
                )
            except Exception:
                logger.exception("live push of notice %s failed", notice.pk)
        if mail and notice.user.email:
            try:
                notice_mail_send.enqueue(notice_id=notice.pk)
            except Exception:
                logger.exception("mail of notice %s could not be queued", notice.pk)


def notice_mark_read(*, user: User, notice_id: int | None = None) -> int:
    """Mark one of the user's notices (or all of them) read; return how many."""
    qs = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_id is not None:
        qs = qs.filter(pk=notice_id)
    return qs.update(read_at=timezone.now())


# --- one-time codes (SMS, or mail for staff) ---------------------------------------

CODE_SENT_IF_KNOWN = (
    "如该手机号码（或账号）已注册，验证码已发送，{minutes} 分钟内有效。"
)
CODE_INVALID = "验证码错误或已失效，请重新获取。"
CODE_TOO_SOON = "请在 {seconds} 秒后再获取验证码。"
CODE_TOO_MANY = "获取验证码过于频繁，请稍后再试。"


def _code_hash(*, destination: str, purpose: str, subject: str, code: str) -> str:
    value = f"{destination}|{purpose}|{subject}|{code}"
    return salted_hmac("accounts.one-time-code", value, algorithm="sha256").hexdigest()


def code_send(
    *,
    destination: str,
    purpose: str,
    subject: str = "",
    ip_address: str | None,
    actor: User | None = None,
    deliver: bool = True,
) -> OneTimeCode:
    """Make a 6-digit code for `destination` and send it (SMS to a mobile, mail to
    an address). Refused within OTP_RESEND_SECONDS of the last one, and beyond the
    hourly limits per destination and per IP. `deliver=False` records the request
    (so limits count it) without sending: callers use it where no account or
    archive matches, so the answer looks the same either way.

    The plaintext code is sent here, in the request, and never stored: not in the
    database, nor in a background job's arguments."""
    now = timezone.now()
    hour_ago = now - timezone.timedelta(hours=1)
    with transaction.atomic():
        recent = OneTimeCode.objects.select_for_update().filter(
            destination=destination, created_at__gte=hour_ago
        )
        last = recent.order_by("-created_at").first()
        resend = settings.OTP_RESEND_SECONDS
        if last and (now - last.created_at).total_seconds() < resend:
            wait = resend - int((now - last.created_at).total_seconds())
            raise ValidationError(CODE_TOO_SOON.format(seconds=max(wait, 1)))
        if recent.count() >= settings.OTP_MAX_PER_DESTINATION_HOUR or (
            ip_address
            and OneTimeCode.objects.filter(
                ip_address=ip_address, created_at__gte=hour_ago
            ).count()
            >= settings.OTP_MAX_PER_IP_HOUR
        ):
            raise ValidationError(CODE_TOO_MANY)
        code = f"{secrets.randbelow(10**6):06d}"
        record = OneTimeCode.objects.create(
            destination=destination,
            purpose=purpose,
            subject=subject,
            code_hash=_code_hash(
                destination=destination, purpose=purpose, subject=subject, code=code
            ),
            expires_at=now + timezone.timedelta(seconds=settings.OTP_TTL_SECONDS),
            ip_address=ip_address,
        )
        audit_record(
            actor=actor,
            action="auth.code_sent",
            kind=AuditEntry.Kind.SECURITY,
            scope=_masked(destination),
            detail={"method": purpose, "status": "sent" if deliver else "no_match"},
            ip_address=ip_address,
        )
    if deliver:
        minutes = settings.OTP_TTL_SECONDS // 60
        try:
            if "@" in destination:
                send_mail(
                    "验证码",
                    f"您的验证码为 {code}，{minutes} 分钟内有效。",
                    settings.DEFAULT_FROM_EMAIL,
                    [destination],
                )
            else:
                sms_backend().send_code(mobile=destination, code=code, minutes=minutes)
        except (SmsError, OSError) as exc:
            logger.warning("code to %s not sent: %s", _masked(destination), exc)
            raise ValidationError(SMS_SEND_FAILED) from exc
    return record


def _masked(destination: str) -> str:
    """A mobile or mail address with its middle hidden, for logs and the audit log."""
    if "@" in destination:
        name, _, domain = destination.partition("@")
        return f"{name[:1]}***@{domain}"
    return f"{destination[:3]}****{destination[-4:]}" if destination else ""


def code_verify(
    *,
    destination: str,
    purpose: str,
    code: str,
    subject: str = "",
    ip_address: str | None = None,
) -> None:
    """Accept `code` once for `destination`, `purpose` and `subject`: the newest
    unused code, unexpired, with fewer than OTP_MAX_ATTEMPTS tries. A wrong try
    counts (and is kept when this raises); ValidationError(CODE_INVALID) otherwise."""
    now = timezone.now()
    code = (code or "").strip()
    with transaction.atomic():
        record = (
            OneTimeCode.objects.select_for_update()
            .filter(
                destination=destination,
                purpose=purpose,
                subject=subject,
                used_at__isnull=True,
            )
            .order_by("-created_at", "-id")
            .first()
        )
        ok = False
        if record is not None and record.expires_at > now:
            if record.attempts < settings.OTP_MAX_ATTEMPTS:
                record.attempts += 1
                expected = _code_hash(
                    destination=destination, purpose=purpose, subject=subject, code=code
                )
                ok = hmac.compare_digest(expected, record.code_hash)
                if ok:
                    record.used_at = now
                record.save(update_fields=["attempts", "used_at"])
        if not ok:
            audit_record(
                actor=None,
                action="auth.code_failed",
                kind=AuditEntry.Kind.SECURITY,
                scope=_masked(destination),
                detail={"method": purpose},
                ip_address=ip_address,
            )
    if not ok:
        raise ValidationError(CODE_INVALID)


PASSWORD_RESET_DONE = "密码已重置，请使用新密码登录。"  # noqa: S105 (a message)


def password_reset_by_code(
    *, username: str, code: str, password: str, ip_address: str | None
) -> User:
    """Set a new password for the account whose mobile (or staff mail) got `code`."""
    user = user_for_code(username=username)
    destination = code_destination(user=user) if user else username
    code_verify(
        destination=destination,
        purpose=OneTimeCode.Purpose.RESET,
        code=code,
        ip_address=ip_address,
    )
    if user is None:  # a code was never sent to an unknown account
        raise ValidationError(CODE_INVALID)
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(
            actor=user,
            action="auth.password_reset",
            kind=AuditEntry.Kind.SECURITY,
            obj=user,
            ip_address=ip_address,
        )
    return user


def user_for_code(*, username: str) -> User | None:
    """The active account a code may be sent for: by username or mobile."""
    username = (username or "").strip()
    if not username:
        return None
    return (
        User.objects.filter(is_active=True)
        .filter(Q(username=username) | Q(mobile=username))
        .order_by("pk")
        .first()
    )


def code_destination(*, user: User) -> str:
    """Where a user's codes go: the mobile, or for staff without one, the mail."""
    if user.mobile:
        return user.mobile
    return user.email or ""


def code_request(*, username: str, purpose: str, ip_address: str | None) -> OneTimeCode:
    """Send a login or reset code to the account named by `username` (username or
    mobile). The answer is the same whether or not the account exists: an unknown
    name records the request (limits apply) and sends nothing."""
    user = user_for_code(username=username)
    destination = code_destination(user=user) if user else ""
    if purpose == OneTimeCode.Purpose.LOGIN and user and not user.is_enterprise:
        destination = ""  # code login is for representatives; staff use passwords
    return code_send(
        destination=destination or (username or "").strip()[:254],
        purpose=purpose,
        ip_address=ip_address,
        actor=user,
        deliver=bool(destination),
    )


def code_login_user(*, username: str, code: str, ip_address: str | None) -> User:
    """The representative whose mobile got this login `code`; CODE_INVALID else."""
    user = user_for_code(username=username)
    destination = code_destination(user=user) if user else (username or "").strip()
    code_verify(
        destination=destination,
        purpose=OneTimeCode.Purpose.LOGIN,
        code=code,
        ip_address=ip_address,
    )
    if user is None or not user.is_enterprise:
        raise ValidationError(CODE_INVALID)
    return user
