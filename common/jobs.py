"""Periodic jobs of the common app: audit-log retention."""

import datetime

from jobs import periodic

from .audit import audit_prune


@periodic(every=datetime.timedelta(days=1), at=datetime.time(3, 30))
def audit_log_prune() -> int:
    """Delete audit entries past AUDIT_RETENTION_DAYS, once a day."""
    return audit_prune()
