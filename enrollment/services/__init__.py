"""Enrollment services (writes). Issue 6's live functions re-exported here."""

from .live import (  # noqa: F401
    attendance_heartbeat,
    attendance_mark_manual,
    attendance_sign_in,
    attendance_sign_out,
    live_enrolment_group,
    live_group,
    live_staff_group,
    signin_window_close,
    signin_window_open,
    signout_window_close,
    signout_window_open,
)
