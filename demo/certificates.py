"""Demo certificate settings: each programme's serial prefix. Runs after the
enrollment demo and before the story, whose exam passes issue the certificates."""

from certificates.models import (
    ProgrammeCertificateSettings,
)
from enrollment.models import Programme

# Serial prefixes by city code, as the offices abbreviate them.
CITY_PREFIX = {"320600": "NT", "320500": "SZ", "320800": "HA", "320400": "CZ"}
DEMO_REPRESENTATIVE = "13900000401"


def _settings() -> int:
    made = 0
    for programme in Programme.objects.all():
        prefix = CITY_PREFIX.get(programme.city.code, "XY") + str(programme.year)
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
