"""Reads for the offices' view; each submodule re-exported here."""

from .agencies import (  # noqa: F401
    REPORT_HEADER,
    AgencyProgress,
    MonthlyReport,
    agencies_in_scope,
    agency_get,
    agency_monthly_report,
    agency_progress,
    month_bounds,
    report_rows,
)
from .audit import audit_search  # noqa: F401
from .dashboard import (  # noqa: F401
    REPAIR_TARGET,
    STAGE_LABELS,
    STAGES,
    FunnelRow,
    Trend,
    active_enrolments,
    funnel_by_region,
    monthly_trend,
)
from .feedback import (  # noqa: F401
    FeedbackSummary,
    QuestionSummary,
    active_survey,
    agency_feedback_summary,
    feedback_pending,
    session_feedback_counts,
    session_feedback_summary,
)
from .governance import (  # noqa: F401
    GOVERNANCE_TYPES,
    GovernanceRow,
    governance_counts,
    governance_list,
)
from .lists import (  # noqa: F401
    ATTENDANCE_HEADER,
    ATTENDANCE_STATUSES,
    LIST_KINDS,
    PASS_HEADER,
    PASS_STATUSES,
    ListFilters,
    attendance_rows,
    attendance_status,
    pass_rows,
    pass_status,
    roster,
    session_get,
    session_list,
)
from .rule_history import (  # noqa: F401
    RULE_TABLES,
    FieldChange,
    RuleChange,
    rule_changes,
)
from .scope import (  # noqa: F401
    is_city_reader,
    is_office_reader,
    office_regions,
    region_get,
    scoped_region_ids,
)
