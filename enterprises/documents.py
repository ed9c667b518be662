"""PDF documents of the archive: the archive sheet and the reminder letter."""

from django.utils import timezone

from accounts.models import Agency, CreditOffice
from accounts.offices import office_letterhead, office_seal_data_uri
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
    agency = (
        Agency.objects.filter(regions=enterprise.region_id).order_by("name").first()
    )
    return {
        "enterprise": enterprise,
        "city": enterprise.region.city,
        "agency_name": agency.name if agency else "",
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


def enterprise_file_pdf(*, enterprise: Enterprise) -> bytes:
    """待修复企业档案 (seed 001 attachment 4), one page per penalty record."""
    penalties = penalty_statuses(enterprise=enterprise) or [(None, None)]
    return render_pdf(
        "enterprises/pdf/enterprise_file.html",
        {"enterprise": enterprise, "penalties": penalties},
        serif=True,
    )


def chinese_date(value) -> str:
    """A date as official documents print it: 2026年12月7日."""
    return f"{value.year}年{value.month}月{value.day}日"


def official_letter_context(
    *, office: CreditOffice, document_no: str, signed_on
) -> dict:
    """Letterhead, 文号, signature and seal of an office's letter (GB/T 9704)."""
    return {
        "letterhead": office_letterhead(office),
        "document_no": document_no,
        "signer": office.name,
        "signed_on": chinese_date(signed_on),
        "seal": office_seal_data_uri(office),
    }


def reminder_letter_pdf(
    *,
    enterprise: Enterprise,
    office: CreditOffice,
    document_no: str = "",
    issued_on=None,
) -> bytes:
    """The reminder letter: office, penalties, repair conditions, how to apply."""
    profile = rule_profile_for(enterprise=enterprise)
    penalties = [
        (p, penalty_status(penalty=p, profile=profile))
        for p in enterprise.penalties.order_by("-decision_date", "id")
    ]
    return render_pdf(
        "enterprises/pdf/reminder_letter.html",
        {
            "profile": profile,
            "enterprise": enterprise,
            "office": office,
            "penalties": penalties,
            "any_report": any(s.credit_report_required for _, s in penalties),
            **official_letter_context(
                office=office,
                document_no=document_no,
                signed_on=issued_on or timezone.localdate(),
            ),
        },
        serif=True,
    )
