"""Writes about users: registration and in-site notices."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from enterprises.models import Enterprise

from .models import Notice, Region, User

ENTERPRISE_ALREADY_REGISTERED = "该企业已有代表注册，请联系已注册的代表或所在地信用办。"
MOBILE_ALREADY_REGISTERED = "该手机号码已注册，请直接登录。"
REGION_REQUIRED = "该企业尚未建档，请选择企业所在地区。"
NAME_MISMATCH = "企业名称与档案中该统一社会信用代码的企业名称（{name}）不一致。"


def notice_group(user_id: int) -> str:
    """The channel-layer group that carries one user's live notices."""
    return f"user-{user_id}"


@transaction.atomic
def representative_register(
    *,
    company_name: str,
    uscc: str,
    real_name: str,
    mobile: str,
    password: str,
    region: Region | None = None,
) -> User:
    """Register an enterprise representative, claiming the archived enterprise.

    An enterprise already in the archive is linked (claimed) when its name matches;
    a new one is created in `region`. An enterprise that already has a
    representative is refused.
    """
    if User.objects.filter(username=mobile).exists():
        raise ValidationError({"mobile": MOBILE_ALREADY_REGISTERED})
    enterprise = Enterprise.objects.select_for_update().filter(uscc=uscc).first()
    if enterprise is not None:
        if enterprise.representatives.exists():
            raise ValidationError({"uscc": ENTERPRISE_ALREADY_REGISTERED})
        if enterprise.name.strip() != company_name.strip():
            raise ValidationError(
                {"company_name": NAME_MISMATCH.format(name=enterprise.name)}
            )
    else:
        if region is None:
            raise ValidationError({"region": REGION_REQUIRED})
        enterprise = Enterprise(uscc=uscc, name=company_name.strip(), region=region)
        enterprise.full_clean()
        enterprise.save()
    user = User(
        username=mobile,
        real_name=real_name.strip(),
        mobile=mobile,
        role=User.Role.ENTERPRISE,
        enterprise=enterprise,
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent registration won the race
        raise ValidationError({"mobile": MOBILE_ALREADY_REGISTERED}) from exc
    return user


@transaction.atomic
def notice_send(*, user: User, title: str, body: str = "", url: str = "") -> Notice:
    """Create an in-site notice and push it to the user's open pages on commit."""
    notice = Notice.objects.create(user=user, title=title, body=body, url=url)

    def push():
        layer = get_channel_layer()
        if layer is None:
            return
        async_to_sync(layer.group_send)(
            notice_group(user.pk),
            {
                "type": "notice.created",
                "id": notice.pk,
                "title": notice.title,
                "url": notice.url,
            },
        )

    transaction.on_commit(push)
    return notice


def notice_mark_read(*, user: User, notice_id: int | None = None) -> int:
    """Mark one of the user's notices (or all of them) read; return how many."""
    qs = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_id is not None:
        qs = qs.filter(pk=notice_id)
    return qs.update(read_at=timezone.now())
