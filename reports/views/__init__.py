"""Views of the offices' view; thin, each in the submodule of its page."""

from .agencies import agencies, agency_report  # noqa: F401
from .audit import audit_export, audit_log  # noqa: F401
from .dashboard import dashboard  # noqa: F401
from .feedback import (  # noqa: F401
    agency_feedback,
    feedback_answer,
    feedback_mine,
    session_feedback,
    sessions,
)
from .governance import governance  # noqa: F401
from .lists import lists, lists_export  # noqa: F401
from .rule_history import rule_history  # noqa: F401
