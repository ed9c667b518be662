"""Writes of the enrollment app, re-exported from its modules."""

from .enrolment import (
    enrolment_bulk_create,
    enrolment_cancel,
    enrolment_create,
    enrolment_send_reminders,
    line_serves_region,
    line_waitlist_promote,
    waitlist_promote,
)
from .letters import letter_sign, letter_text, signature_png, text_sha256
from .live import (
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
from .programmes import (
    plan_line_create,
    plan_line_quota_raise,
    programme_create,
)
from .sessions import (
    class_hours_between,
    session_create,
    session_update,
    sessions_finish_ended,
)

__all__ = [
    "attendance_heartbeat",
    "attendance_mark_manual",
    "attendance_sign_in",
    "attendance_sign_out",
    "live_enrolment_group",
    "live_group",
    "live_staff_group",
    "signin_window_close",
    "signin_window_open",
    "signout_window_close",
    "signout_window_open",
    "class_hours_between",
    "enrolment_bulk_create",
    "enrolment_cancel",
    "enrolment_create",
    "enrolment_send_reminders",
    "letter_sign",
    "letter_text",
    "line_serves_region",
    "line_waitlist_promote",
    "plan_line_create",
    "plan_line_quota_raise",
    "programme_create",
    "session_create",
    "session_update",
    "sessions_finish_ended",
    "signature_png",
    "text_sha256",
    "waitlist_promote",
]
