"""Registration of an enterprise representative, which claims the enterprise."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Region, User
from common.validators import normalize_uscc

from ..models import Enterprise

ENTERPRISE_ALREADY_REGISTERED = "该企业已有代表注册，请联系已注册的代表或所在地信用办。"
MOBILE_ALREADY_REGISTERED = "该手机号码已注册，请直接登录。"
REGION_REQUIRED = "该企业尚未建档，请选择企业所在地区。"
NAME_MISMATCH = "企业名称与档案中该统一社会信用代码的企业名称（{name}）不一致。"


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
    uscc = normalize_uscc(uscc)
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
