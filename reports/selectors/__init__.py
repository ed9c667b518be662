"""Reads for the offices' view; each submodule re-exported here."""

from .dashboard import (  # noqa: F401
    REPAIR_TARGET,
    STAGE_LABELS,
    STAGES,
    FunnelRow,
    Trend,
    active_enrolments,
    funnel_by_region,
    monthly_trend,
    programme_list,
)
from .scope import (  # noqa: F401
    is_city_reader,
    is_office_reader,
    office_regions,
    region_get,
    scoped_region_ids,
)
