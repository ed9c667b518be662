"""PDF documents of the archive: the archive sheet and the reminder letter."""

from django.utils import timezone

from accounts.models import CreditOffice
from common.pdf import render_pdf

from .choices import (
    BUILDINGS_CHOICES,
    EXIT_REASON_CHOICES,
    GOVERNANCE_MEASURES,
    LAND_CHOICES,
    MACHINERY_CHOICES,
    OPERATING_CHOICES,
    GovernanceType,
)
from .models import Enterprise
from .selectors import penalty_status, penalty_statuses, rule_profile_for


def _boxes(choices, selected) -> list[tuple[str, bool]]:
    chosen = set(selected if isinstance(selected, list) else [selected])
    return [(label, code in chosen) for code, label in choices]


def archive_sheet_context(*, enterprise: Enterprise) -> dict:
    """What the archive sheet shows, following the seed 000 form."""
    penalties = penalty_statuses(enterprise=enterprise)
    authorities = sorted({p.authority for p, _ in penalties})
    governance = [
        (
            kind.label,
            enterprise.governance_type == kind,
            _boxes(GOVERNANCE_MEASURES[kind], enterprise.governance_measures),
        )
        for kind in GovernanceType
    ]
    return {
        "enterprise": enterprise,
        "penalties": penalties,
        "authority_summary": "、".join(authorities),
        "status_boxes": _boxes(
            Enterprise.BusinessStatus.choices, enterprise.business_status
        ),
        "land_boxes": _boxes(LAND_CHOICES, enterprise.land_status),
        "buildings_boxes": _boxes(BUILDINGS_CHOICES, enterprise.buildings_status),
        "machinery_boxes": _boxes(MACHINERY_CHOICES, enterprise.machinery_status),
        "operating_boxes": _boxes(OPERATING_CHOICES, enterprise.operating_status),
        "governance": governance,
        "exit_boxes": _boxes(EXIT_REASON_CHOICES, enterprise.exit_reasons),
        "follow_ups": list(enterprise.follow_ups.all()[:10]),
    }


def archive_sheet_pdf(*, enterprise: Enterprise) -> bytes:
    """The one-file-per-enterprise sheet (南通市信用领域突出问题专项治理信息表)."""
    return render_pdf(
        "enterprises/pdf/archive_sheet.html",
        archive_sheet_context(enterprise=enterprise),
    )


def reminder_letter_pdf(*, enterprise: Enterprise, office: CreditOffice) -> bytes:
    """The reminder letter: office, penalties, repair conditions, how to apply."""
    profile = rule_profile_for(enterprise=enterprise)
    today = timezone.localdate()
    penalties = []
    for penalty in enterprise.penalties.order_by("-decision_date", "id"):
        status = penalty_status(penalty=penalty, profile=profile)
        penalties.append((penalty, status, status.publicity_on(today)))
    return render_pdf(
        "enterprises/pdf/reminder_letter.html",
        {
            "profile": profile,
            "enterprise": enterprise,
            "office": office,
            "penalties": penalties,
            "any_report": any(
                s.credit_report_required
                for _, s, state in penalties
                if state != "ended"
            ),
            "today": today,
        },
    )
