"""Demo certificate settings: each programme's serial prefix. Runs after the
enrollment demo and before the story, whose exam passes issue the certificates."""

from certificates.models import (
    ProgrammeCertificateSettings,
)
from enrollment.models import Programme

# Serial prefixes by city, as the offices abbreviate them.
CITY_PREFIX = {"南通市": "NT", "苏州市": "SZ", "淮安市": "HA", "常州市": "CZ"}
DEMO_REPRESENTATIVE = "13900000401"


def _settings() -> int:
    made = 0
    for programme in Programme.objects.all():
        prefix = CITY_PREFIX.get(programme.city, "XY") + str(programme.year)
        _, created = ProgrammeCertificateSettings.objects.get_or_create(
            programme=programme, defaults={"serial_prefix": prefix}
        )
        made += created
    return made


def seed(*, stdout=None) -> None:
    """Certificate settings per programme (certificates come from exam passes in
    demo.story)."""
    made = _settings()
    if stdout:
        stdout.write(f"结业证明：{made} 个项目设置。")
