"""Demo enterprises with valid USCCs, and one representative. All are fictional."""

from accounts.demo import DEMO_PASSWORD
from accounts.models import Region, User
from common.validators import make_uscc

from .models import Enterprise

# (region code, 17-character USCC body, name, legal representative)
ENTERPRISES = [
    ("01", "91320621MA1MXK2B3", "海安恒达机械制造有限公司", "张建国"),
    ("01", "91320621MA1NP4C5D", "海安顺丰源食品有限公司", "李春梅"),
    ("02", "91320682MA1QR6E7F", "如皋华美纺织有限公司", "陈国华"),
    ("03", "91320623MA1TU8G9H", "如东海润水产有限公司", "黄海波"),
    ("05", "91320602MA1WX1J2K", "南通崇川明远装饰工程有限公司", "杨帆"),
    ("05", "91320602MA1YA3L4M", "南通市崇川区鑫源物流有限公司", "吴勇"),
    ("07", "91320684MA1BC5N6P", "海门江海建材有限公司", "徐红"),
    ("08", "91320691MA1DE7Q8R", "南通开发区博创电子科技有限公司", "朱磊"),
]


def seed(*, stdout=None) -> None:
    """Create or update the demo enterprises and the demo representative."""
    regions = {r.code: r for r in Region.objects.all()}
    created = []
    for number, (code, body, name, legal) in enumerate(ENTERPRISES, start=1):
        address = f"江苏省南通市{regions[code].name}示范路{number}号"
        enterprise, _ = Enterprise.objects.update_or_create(
            uscc=make_uscc(body),
            defaults={
                "name": name,
                "region": regions[code],
                "legal_representative": legal,
                "registered_address": address,
            },
        )
        created.append(enterprise)
    rep, _ = User.objects.update_or_create(
        username="13900000401",
        defaults={
            "real_name": created[0].legal_representative,
            "mobile": "13900000401",
            "role": User.Role.ENTERPRISE,
            "enterprise": created[0],
        },
    )
    if not rep.check_password(DEMO_PASSWORD):
        rep.set_password(DEMO_PASSWORD)
        rep.save(update_fields=["password"])
    if stdout:
        stdout.write(f"演示企业 {len(created)} 家，企业代表账号 {rep.username}。")
