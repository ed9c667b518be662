"""HTTP side of live sessions: pages, the QR landing and the no-WebSocket fallback."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from common.audit import client_ip

from . import live_selectors as sel
from .models import Attendance
from .services import live, session_finish

STAFF = (sel.ROLE_TRAINER, sel.ROLE_OFFICE)
WINDOW_ACTIONS = {
    "open_signin": live.signin_window_open,
    "close_signin": live.signin_window_close,
    "open_signout": live.signout_window_open,
    "close_signout": live.signout_window_close,
    "finish": session_finish,
}
DONE = {
    "sign_in": "签到成功。",
    "sign_out": "签退成功。",
    "heartbeat": "在线状态已更新。",
}


def _wants_json(request) -> bool:
    return request.headers.get("x-requested-with") == "fetch"


@login_required
def live_attendee(request, pk: int):
    """The attendee's live page: sign in/out, presence over WebSocket (or HTTP)."""
    session, _ = sel.live_session_get(
        user=request.user, pk=pk, roles=(sel.ROLE_ATTENDEE,)
    )
    enrolment = sel.live_enrolment_for(session=session, user=request.user)
    state = sel.attendee_state(enrolment=enrolment)
    return render(
        request,
        "enrollment/live/attendee.html",
        {"session": session, "state": state},
    )


def _attendee_act(request, session, action: str, code: str, method: str) -> dict:
    if action == "sign_in":
        live.attendance_sign_in(
            session=session, user=request.user, code=code, method=method
        )
    elif action == "sign_out":
        live.attendance_sign_out(session=session, user=request.user, code=code)
    else:
        live.attendance_heartbeat(session=session, user=request.user)
    enrolment = sel.live_enrolment_for(session=session, user=request.user)
    return sel.attendee_state(enrolment=enrolment)


@login_required
@require_POST
def live_attendee_action(request, pk: int):
    """HTTP fallback for networks that block WebSockets: same services, same rules."""
    session, _ = sel.live_session_get(
        user=request.user, pk=pk, roles=(sel.ROLE_ATTENDEE,)
    )
    action = request.POST.get("action", "sign_in")
    if action not in DONE:
        action = "sign_in"
    try:
        state = _attendee_act(
            request,
            session,
            action,
            request.POST.get("code", ""),
            Attendance.Method.HTTP,
        )
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": error.messages[0]}, status=400)
        messages.error(request, error.messages[0])
        return redirect("enrollment:live_attendee", pk=session.pk)
    if _wants_json(request):
        return JsonResponse({"ok": True, "state": state})
    messages.success(request, DONE[action])
    return redirect("enrollment:live_attendee", pk=session.pk)


@login_required
def live_scan(request, pk: int):
    """Where the console's QR code points: a logged-in phone signs in by opening it."""
    session, _ = sel.live_session_get(
        user=request.user, pk=pk, roles=(sel.ROLE_ATTENDEE,)
    )
    try:
        live.attendance_sign_in(
            session=session,
            user=request.user,
            code=request.GET.get("c", ""),
            method=Attendance.Method.QR,
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, DONE["sign_in"])
    return redirect("enrollment:live_attendee", pk=session.pk)


@login_required
def live_console(request, pk: int):
    """Trainer console: windows, rotating code and QR, live board, manual marks."""
    session, _ = sel.live_session_get(
        user=request.user, pk=pk, roles=(sel.ROLE_TRAINER,)
    )
    rows = sel.board_rows(session=session)
    return render(
        request,
        "enrollment/live/console.html",
        {
            "session": session,
            "rows": rows,
            "counts": sel.board_counts(rows=rows),
            "code": sel.signin_code_payload(session=session),
            "windows": sel.window_state(session=session),
            "is_trainer": True,
        },
    )


@login_required
@require_POST
def live_window(request, pk: int, action: str):
    """Console buttons without JavaScript: open or close a window."""
    session, _ = sel.live_session_get(
        user=request.user, pk=pk, roles=(sel.ROLE_TRAINER,)
    )
    service = WINDOW_ACTIONS.get(action)
    if service is not None:
        try:
            service(session=session, actor=request.user, ip_address=client_ip(request))
        except ValidationError as error:
            messages.error(request, error.messages[0])
    return redirect("enrollment:live_console", pk=session.pk)


@login_required
@require_POST
def live_mark(request, pk: int):
    """Manual attendance mark from the console (reason required, audited)."""
    session, _ = sel.live_session_get(
        user=request.user, pk=pk, roles=(sel.ROLE_TRAINER,)
    )
    enrolment = sel.live_enrolment_by_pk(
        session=session, pk=request.POST.get("enrolment")
    )
    try:
        if enrolment is None:
            raise ValidationError(live.ENROLMENT_NOT_IN_SESSION)
        try:
            minutes = int(request.POST.get("minutes", ""))
        except ValueError:
            minutes = -1
        live.attendance_mark_manual(
            session=session,
            actor=request.user,
            enrolment=enrolment,
            minutes=minutes,
            reason=request.POST.get("reason", ""),
            ip_address=client_ip(request),
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "已补录出勤。")
    return redirect("enrollment:live_console", pk=session.pk)


@login_required
def live_office_list(request):
    """Offices (and trainers) see the sessions under way in their scope."""
    sessions = sel.live_sessions_under_way(user=request.user)
    return render(request, "enrollment/live/office_list.html", {"sessions": sessions})


@login_required
def live_board(request, pk: int):
    """Read-only live board for offices in scope (trainers get the console)."""
    session, role = sel.live_session_get(user=request.user, pk=pk, roles=STAFF)
    rows = sel.board_rows(session=session)
    return render(
        request,
        "enrollment/live/board.html",
        {
            "session": session,
            "rows": rows,
            "counts": sel.board_counts(rows=rows),
            "windows": sel.window_state(session=session),
            "is_trainer": False,
        },
    )
