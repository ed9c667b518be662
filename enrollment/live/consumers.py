"""WebSocket side of live sessions: attendee sign-in and presence, staff boards.

Thin: every rule lives in enrollment.live.services and enrollment.live.selectors.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import ValidationError

from ..models import Attendance
from . import selectors as sel
from . import services as live

CLOSE_UNAUTHENTICATED = 4401
CLOSE_NOT_IN_SESSION = 4404
UNKNOWN_ACTION = "不支持的操作。"


class LiveSessionConsumer(AsyncJsonWebsocketConsumer):
    """One socket per open live page; the role decides groups and allowed actions."""

    groups_joined: tuple = ()

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.user = user
        session_id = self.scope["url_route"]["kwargs"]["session_id"]
        joined = await database_sync_to_async(self._join, thread_sensitive=False)(
            session_id
        )
        if joined is None:
            await self.close(code=CLOSE_NOT_IN_SESSION)
            return
        self.session, self.role, self.enrolment, hello = joined
        groups = [live.live_group(self.session.pk)]
        if self.role == sel.ROLE_ATTENDEE:
            groups.append(live.live_enrolment_group(self.session.pk, self.enrolment.pk))
        else:
            groups.append(live.live_staff_group(self.session.pk))
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined = tuple(groups)
        await self.accept()
        await self.send_json(hello)

    async def disconnect(self, code):
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    def _join(self, session_id):
        joined = sel.live_join(user=self.user, session_id=session_id)
        if joined is None:
            return None
        session, role, enrolment = joined
        hello = {"type": "hello", "role": role, **sel.window_state(session=session)}
        if enrolment is not None:
            hello["state"] = sel.attendee_state_for(
                enrolment=enrolment, session=session
            )
        else:
            rows = sel.board_rows(session=session)
            hello["rows"] = rows
            hello["counts"] = sel.board_counts(rows=rows)
        return session, role, enrolment, hello

    # -- messages from the browser ------------------------------------------------

    async def receive_json(self, content, **kwargs):
        action = content.get("action") if isinstance(content, dict) else None
        allowed = ATTENDEE_ACTIONS if self.role == sel.ROLE_ATTENDEE else {}
        if self.role == sel.ROLE_TRAINER:
            allowed = TRAINER_ACTIONS
        handler = allowed.get(action)
        if handler is None:
            await self.send_json({"type": "error", "message": UNKNOWN_ACTION})
            return
        try:
            # Not thread-sensitive: sign-ins of many sockets run side by side, each
            # thread on its own (persistent, DJANGO_CONN_MAX_AGE) connection.
            reply = await database_sync_to_async(handler, thread_sensitive=False)(
                self, content
            )
        except ValidationError as error:
            reply = {"type": "error", "action": action, "message": error.messages[0]}
        if "ref" in content:
            reply["ref"] = content["ref"]
        await self.send_json(reply)

    def _state_reply(self, kind: str, attendance: Attendance | None = None) -> dict:
        if attendance is None:
            return {"type": kind, "state": sel.attendee_state(enrolment=self.enrolment)}
        enrolment = attendance.enrolment  # services return it with session cached
        state = sel.attendee_state_for(enrolment=enrolment, session=enrolment.session)
        return {"type": kind, "state": state}

    def do_sign_in(self, content):
        method = Attendance.Method.QR if content.get("qr") else Attendance.Method.CODE
        attendance = live.attendance_sign_in(
            session=self.session,
            user=self.user,
            code=str(content.get("code", "")),
            method=method,
        )
        return self._state_reply("signed_in", attendance)

    def do_heartbeat(self, content):
        attendance = live.attendance_heartbeat(
            session=self.session, user=self.user, enrolment=self.enrolment
        )
        return {"type": "heartbeat", "minutes": attendance.attended_seconds // 60}

    def do_sign_out(self, content):
        attendance = live.attendance_sign_out(
            session=self.session, user=self.user, code=str(content.get("code", ""))
        )
        return self._state_reply("signed_out", attendance)

    def do_state(self, content):
        return self._state_reply("state")

    def do_code(self, content):
        return {"type": "code", **sel.signin_code_payload(session=self.session)}

    def _window(self, service):
        service(session=self.session, actor=self.user, ip_address=self._ip())
        return {"type": "ok"}

    def _ip(self):
        client = self.scope.get("client")
        return client[0] if client else None

    def do_mark(self, content):
        enrolment = sel.live_enrolment_by_pk(
            session=self.session, pk=content.get("enrolment")
        )
        if enrolment is None:
            raise ValidationError(live.ENROLMENT_NOT_IN_SESSION)
        try:
            minutes = int(content.get("minutes"))
        except (TypeError, ValueError):
            minutes = -1
        live.attendance_mark_manual(
            session=self.session,
            actor=self.user,
            enrolment=enrolment,
            minutes=minutes,
            reason=str(content.get("reason", "")),
            ip_address=self._ip(),
        )
        return {"type": "ok"}

    # -- events from services (channel layer) -------------------------------------

    async def board_row(self, event):
        await self.send_json({"type": "board.row", "row": event["row"]})

    async def board_reload(self, event):
        rows = await database_sync_to_async(sel.board_rows)(session=self.session)
        counts = sel.board_counts(rows=rows)
        await self.send_json({"type": "board", "rows": rows, "counts": counts})

    async def windows_changed(self, event):
        await self.send_json({"type": "windows", **event["windows"]})

    async def attendance_changed(self, event):
        await self.send_json({"type": "state", "state": event["state"]})


ATTENDEE_ACTIONS = {
    "sign_in": LiveSessionConsumer.do_sign_in,
    "heartbeat": LiveSessionConsumer.do_heartbeat,
    "sign_out": LiveSessionConsumer.do_sign_out,
    "state": LiveSessionConsumer.do_state,
}
TRAINER_ACTIONS = {
    "code": LiveSessionConsumer.do_code,
    "open_signin": lambda c, _: c._window(live.signin_window_open),
    "close_signin": lambda c, _: c._window(live.signin_window_close),
    "open_signout": lambda c, _: c._window(live.signout_window_open),
    "close_signout": lambda c, _: c._window(live.signout_window_close),
    "mark": LiveSessionConsumer.do_mark,
}


class BenchEchoConsumer(AsyncJsonWebsocketConsumer):
    """Bench-only baseline (settings.LIVE_BENCH_ECHO): same stack, no work."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        await self.accept()

    async def receive_json(self, content, **kwargs):
        await self.send_json(content)
