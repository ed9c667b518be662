"""Writes of the enterprise archive; every function is keyword-only and atomic.

The package re-exports the services (and their message constants) of its modules.
"""

from .archive import (
    DECISION_DATE_IN_FUTURE,
    DUPLICATE_DECISION,
    FOLLOW_UP_IN_FUTURE,
    HELPER_NOT_IN_AGENCY,
    SURVEY_DATE_IN_FUTURE,
    SURVEY_DATE_REQUIRED,
    UNKNOWN_REGION,
    archive_number_assign,
    archive_number_format,
    archive_numbers_reserve,
    enterprise_create,
    enterprise_key_assign,
    enterprise_key_refresh,
    enterprise_update,
    follow_up_add,
    penalty_create,
    penalty_field_errors,
    region_by_code,
)

__all__ = [
    "DECISION_DATE_IN_FUTURE",
    "DUPLICATE_DECISION",
    "FOLLOW_UP_IN_FUTURE",
    "HELPER_NOT_IN_AGENCY",
    "SURVEY_DATE_IN_FUTURE",
    "SURVEY_DATE_REQUIRED",
    "UNKNOWN_REGION",
    "archive_number_assign",
    "archive_number_format",
    "archive_numbers_reserve",
    "enterprise_create",
    "enterprise_key_assign",
    "enterprise_key_refresh",
    "enterprise_update",
    "follow_up_add",
    "penalty_create",
    "penalty_field_errors",
    "region_by_code",
]
