"""Bootstrapping a new deployment: its places, offices, first administrator and the
Wagtail site with the course centre, from a plain dict (YAML or arguments)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.models import Site

from accounts.divisions import city_code_for, province_code_for
from accounts.models import City, CreditOffice, Province, Region, User
from courses.services import city_course_tree_ensure, courses_root_ensure

SPEC_PROVINCE_REQUIRED = "province：请填写省份名称，如 江苏省。"
SPEC_CITY_REQUIRED = "city：请填写城市名称，如 南通市。"
SPEC_CITY_CODE_REQUIRED = (
    "city_code：未收录“{city}”的行政区划代码，请填写六位代码，如 320600。"
)
SPEC_REGION_BAD = (
    "regions：第 {n} 项应为“两位编码:名称[:行政区划代码]”，如 01:海安市:320685。"
)
SPEC_ADMIN_REQUIRED = "admin：请填写首位管理员的用户名。"
SPEC_PASSWORD_REQUIRED = "admin.password：新建管理员需要密码（至少 10 位）。"  # noqa: S105


@dataclass
class RegionSpec:
    code: str
    name: str
    office: str = ""
    division_code: str = ""


@dataclass
class DeploymentSpec:
    province: str
    city: str
    city_code: str
    city_office: str
    regions: list[RegionSpec]
    admin_username: str
    admin_password: str = field(default="", repr=False)
    admin_real_name: str = "平台管理员"
    admin_email: str = ""
    hostname: str = "localhost"
    port: int = 80

    @property
    def site_name(self) -> str:
        return f"{self.province}{self.city}信用修复培训考试平台"


def spec_from_dict(data: dict) -> DeploymentSpec:
    """Check and read a deployment description (the YAML's shape); named errors."""
    errors: dict[str, str] = {}
    province, city = str(data.get("province", "")).strip(), str(data.get("city", ""))
    if not province:
        errors["province"] = SPEC_PROVINCE_REQUIRED
    if not city.strip():
        errors["city"] = SPEC_CITY_REQUIRED
    regions = []
    for n, item in enumerate(data.get("regions") or [], start=1):
        if isinstance(item, str):
            code, _, rest = item.partition(":")
            name, _, division = rest.partition(":")
            item = {"code": code, "name": name, "division_code": division}
        code, name = str(item.get("code", "")).strip(), str(item.get("name", ""))
        division = str(item.get("division_code") or "").strip()
        if not (len(code) == 2 and code.isdigit() and name.strip()) or (
            division and not (len(division) == 6 and division.isdigit())
        ):
            errors["regions"] = SPEC_REGION_BAD.format(n=n)
            continue
        regions.append(
            RegionSpec(code, name.strip(), str(item.get("office", "")), division)
        )
    city_code = str(data.get("city_code") or city_code_for(city.strip()) or "")
    if city.strip() and not (len(city_code) == 6 and city_code.endswith("00")):
        errors["city_code"] = SPEC_CITY_CODE_REQUIRED.format(city=city.strip())
    admin = data.get("admin") or {}
    if not str(admin.get("username", "")).strip():
        errors["admin"] = SPEC_ADMIN_REQUIRED
    if errors:
        raise ValidationError(errors)
    city = city.strip()
    site = data.get("site") or {}
    return DeploymentSpec(
        province=province,
        city=city,
        city_code=city_code,
        city_office=str(data.get("city_office") or f"{city}信用办").strip(),
        regions=regions,
        admin_username=str(admin["username"]).strip(),
        admin_password=str(admin.get("password") or ""),
        admin_real_name=str(admin.get("real_name") or "平台管理员"),
        admin_email=str(admin.get("email") or ""),
        hostname=str(site.get("hostname") or "localhost"),
        port=int(site.get("port") or 80),
    )


@transaction.atomic
def deployment_bootstrap(*, spec: DeploymentSpec) -> dict[str, int]:
    """Create or update everything `spec` names; safe to run again. Returns counts."""
    created = {"regions": 0, "offices": 0, "admins": 0}
    province, _ = Province.objects.update_or_create(
        code=province_code_for(spec.city_code),
        defaults={"name": spec.province, "short_name": spec.province.rstrip("省")},
    )
    city, _ = City.objects.update_or_create(
        code=spec.city_code,
        defaults={
            "province": province,
            "name": spec.city,
            "short_name": spec.city.removesuffix("市"),
        },
    )
    _, new = CreditOffice.objects.update_or_create(
        name=spec.city_office,
        defaults={"level": CreditOffice.Level.CITY, "city": city, "region": None},
    )
    created["offices"] += new
    for item in spec.regions:
        region, new = Region.objects.update_or_create(
            city=city,
            code=item.code,
            defaults={"name": item.name, "division_code": item.division_code},
        )
        created["regions"] += new
        _, new = CreditOffice.objects.update_or_create(
            name=item.office or f"{item.name}信用办",
            defaults={
                "level": CreditOffice.Level.COUNTY,
                "city": city,
                "region": region,
            },
        )
        created["offices"] += new
    created["admins"] = _admin_ensure(spec)
    _site_ensure(spec)
    courses_root_ensure()
    city_course_tree_ensure()
    return created


def _admin_ensure(spec: DeploymentSpec) -> int:
    admin = User.objects.filter(username=spec.admin_username).first()
    if admin is not None:
        return 0  # never overwrite an existing account's password
    if len(spec.admin_password) < 10:
        raise ValidationError({"admin": SPEC_PASSWORD_REQUIRED})
    User.objects.create_superuser(
        username=spec.admin_username,
        email=spec.admin_email,
        password=spec.admin_password,
        real_name=spec.admin_real_name,
        role=User.Role.ADMIN,
    )
    return 1


def _site_ensure(spec: DeploymentSpec) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise ValidationError("Wagtail 默认站点缺失：请先运行 manage.py migrate。")
    site.hostname, site.port, site.site_name = spec.hostname, spec.port, spec.site_name
    site.save()
