"""Demo regions, agencies, offices and one user per role. All people are fictional."""

from accounts.divisions import CITIES, COUNTIES, PROVINCES, province_code_for
from accounts.models import Agency, City, CreditOffice, Province, Region, User

DEMO_PASSWORD = "demo2026"  # noqa: S105 - documented demo logins, dev data only
NANTONG, SUZHOU, HUAIAN, CHANGZHOU = "320600", "320500", "320800", "320400"

# Region codes and names as in Nantong notice No. 14 (2022), section 二.
REGIONS = [
    ("01", "海安市"),
    ("02", "如皋市"),
    ("03", "如东县"),
    ("04", "启东市"),
    ("05", "崇川区"),
    ("06", "通州区"),
    ("07", "海门区"),
    ("08", "开发区"),
    ("09", "苏锡通"),
    ("10", "通州湾"),
    ("11", "家纺产业园"),
]

# Fictional agencies, assigned to the regions the way the notice assigns its three.
AGENCIES = [
    {
        "name": "江苏守诚企业管理咨询有限公司",
        "uscc": "91320600MA1W2K3L4Q",
        "contact_person": "周明",
        "contact_phone": "13900000101",
        "service_group": "QQ群：100000101",
        "regions": ["01", "02", "03", "06"],
    },
    {
        "name": "南通立信信用信息服务有限公司",
        "uscc": "91320600MA1X5P6R7M",
        "contact_person": "吴芳",
        "contact_phone": "13900000102",
        "service_group": "QQ群：100000102",
        "regions": ["04", "05", "10", "11"],
    },
    {
        "name": "江苏衡远信用评估咨询有限公司",
        "uscc": "91320600MA1Y8T9U0N",
        "contact_person": "郑洁",
        "contact_phone": "13900000103",
        "service_group": "QQ群：100000103",
        "regions": ["07", "08", "09"],
    },
]


def _fix_uscc(value: str) -> str:
    from common.validators import make_uscc

    return make_uscc(value[:17])


def _user(username, *, real_name, role, **links) -> User:
    user, _ = User.objects.update_or_create(
        username=username, defaults={"real_name": real_name, "role": role, **links}
    )
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def city_seed(code: str) -> City:
    """The city with GB/T 2260 `code`, its province and its county-level places."""
    pcode = province_code_for(code)
    pname, pshort = PROVINCES[pcode]
    province, _ = Province.objects.update_or_create(
        code=pcode, defaults={"name": pname, "short_name": pshort}
    )
    name, short = CITIES[code]
    city, _ = City.objects.update_or_create(
        code=code, defaults={"province": province, "name": name, "short_name": short}
    )
    for seq, place, kind, division in COUNTIES.get(code, []):
        Region.objects.update_or_create(
            city=city,
            code=seq,
            defaults={"name": place, "kind": kind, "division_code": division},
        )
    return city


def seed(*, stdout=None) -> None:
    """Create or update the demo regions, agencies, offices and staff users."""
    city = city_seed(NANTONG)
    regions = {r.code: r for r in city.regions.all()}
    agencies = []
    for spec in AGENCIES:
        spec = dict(spec)
        codes = spec.pop("regions")
        spec["uscc"] = _fix_uscc(spec["uscc"])
        agency, _ = Agency.objects.update_or_create(name=spec["name"], defaults=spec)
        agency.regions.set([regions[c] for c in codes])
        agencies.append(agency)
    city_office, _ = CreditOffice.objects.update_or_create(
        name="南通市社会信用体系建设领导小组办公室",
        defaults={"level": CreditOffice.Level.CITY, "city": city, "region": None},
    )
    county_offices = {}
    for code, name in REGIONS:
        county_offices[code], _ = CreditOffice.objects.update_or_create(
            name=f"{name}信用办",
            defaults={
                "level": CreditOffice.Level.COUNTY,
                "city": city,
                "region": regions[code],
            },
        )

    admin = _user("admin", real_name="平台管理员", role=User.Role.ADMIN)
    if not admin.is_superuser:
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
    _user(
        "city",
        real_name="陈思远",
        role=User.Role.CITY_OFFICE,
        office=city_office,
        mobile="13900000201",
    )
    _user(
        "county01",
        real_name="刘晓燕",
        role=User.Role.COUNTY_OFFICE,
        office=county_offices["01"],
        mobile="13900000202",
    )
    _user(
        "county05",
        real_name="孙立新",
        role=User.Role.COUNTY_OFFICE,
        office=county_offices["05"],
        mobile="13900000203",
    )
    _user(
        "trainer1",
        real_name="王志强",
        role=User.Role.TRAINER,
        agency=agencies[0],
        mobile="13900000301",
    )
    _user(
        "trainer2",
        real_name="赵雅琴",
        role=User.Role.TRAINER,
        agency=agencies[1],
        mobile="13900000302",
    )
    if stdout:
        stdout.write(
            f"地区 {len(regions)} 个，机构 {len(agencies)} 家，信用办及人员已就绪。"
        )
