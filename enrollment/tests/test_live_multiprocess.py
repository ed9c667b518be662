"""Two real ASGI server processes sharing Redis and PostgreSQL: a sign-in made on
process A reaches the trainer's board on process B within a second."""

import asyncio
import json
import time

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone
from websockets.asyncio.client import connect

from enrollment import live
from enrollment.live import signin_code_for
from enrollment.tests.live_factories import attendee_of, live_session
from enrollment.tests.test_live_consumers import session_cookie_for
from tests.servers import daphne_servers

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def _ws(port: int, session_id: int, cookie: str):
    return connect(
        f"ws://127.0.0.1:{port}/ws/live/{session_id}/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": cookie},
    )


async def _receive(ws, kind: str, timeout: float) -> dict:
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if message["type"] == kind:
            return message


@sync_to_async
def _setup():
    session = live_session(starts_at=timezone.now())
    attendee = attendee_of(session)
    live.signin_window_open(session=session, actor=session.trainer_user)
    return (
        session,
        session_cookie_for(attendee),
        session_cookie_for(session.trainer_user),
    )


async def test_sign_in_on_process_a_reaches_trainer_on_process_b_within_1s():
    session, attendee_cookie, trainer_cookie = await _setup()
    with daphne_servers(2) as (port_a, port_b):
        async with _ws(port_b, session.pk, trainer_cookie) as board:
            hello = await _receive(board, "hello", 10)
            assert hello["role"] == "trainer" and hello["counts"]["signed_in"] == 0
            async with _ws(port_a, session.pk, attendee_cookie) as page:
                await _receive(page, "hello", 10)
                code = await sync_to_async(signin_code_for)(session=session)
                started = time.perf_counter()
                await page.send(json.dumps({"action": "sign_in", "code": code}))
                row = await _receive(board, "board.row", 1)
                elapsed = time.perf_counter() - started
                assert row["row"]["state"] == "present"
                assert elapsed < 1
