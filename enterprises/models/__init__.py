"""The enterprise archive (一企一档): re-exports every model of the app."""

from .archive import (
    DomainPublicity,
    Enterprise,
    PenaltyDomain,
    PenaltyRecord,
    RuleProfile,
    Severity,
    SeverityRule,
    validate_id_last4,
)
from .workflow import (
    ArchiveCounter,
    CalendarDay,
    ClaimRequest,
    FollowUp,
    ImportBatch,
    Invitation,
    ReminderLetter,
)

__all__ = [
    "ArchiveCounter",
    "CalendarDay",
    "ClaimRequest",
    "DomainPublicity",
    "Enterprise",
    "FollowUp",
    "ImportBatch",
    "Invitation",
    "PenaltyDomain",
    "PenaltyRecord",
    "ReminderLetter",
    "RuleProfile",
    "Severity",
    "SeverityRule",
    "validate_id_last4",
]
