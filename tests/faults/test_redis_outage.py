"""Redis stops in the middle of a live session and comes back: attendees reconnect
when it returns, nobody's confirmed sign-in is lost, sign-in carries on and the
trainer's board counts everyone. A private redis-server (tests/faults/private.py)
serves the server's channel layer and cache, never the shared one."""

import asyncio
import time
from contextlib import AsyncExitStack

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.faults.private import private_redis
from tests.recovery.test_restart import (
    _ask,
    _attendance,
    _code,
    _connect_all,
    _live_setup,
    _receive,
    _ws,
)
from tests.servers import server_processes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RECONNECT_FOR = 60  # seconds an attendee's page keeps reconnecting


async def _reconnect(stack, port: int, session, cookie: str):
    """Connect like the attendee page: retry until the server says hello."""
    deadline = time.monotonic() + RECONNECT_FOR
    while True:
        try:
            ws = await stack.enter_async_context(_ws(port, session.pk, cookie))
            return ws, await _receive(ws, "hello")
        except (OSError, ConnectionClosed, InvalidStatus, TimeoutError):
            assert time.monotonic() < deadline, "could not reconnect"
            await asyncio.sleep(0.5)


async def test_redis_outage_loses_no_confirmed_sign_in_and_attendees_reconnect():
    session, users, cookies, trainer_cookie = await _live_setup(4)
    early, late = users[:3], users[3]
    with (
        private_redis() as redis,
        server_processes(1, REDIS_URL=redis.url) as (server,),
    ):
        port = server.port
        async with AsyncExitStack() as stack:
            sockets = await _connect_all(stack, [port], session, cookies[:3], shift=0)
            for ws in sockets:
                assert not (await _receive(ws, "hello"))["state"]["signed_in"]
            code = await _code(session)
            for ws in sockets:
                reply = await _ask(ws, "sign_in", code=code)
                assert reply["type"] == "signed_in", reply
            before = await _attendance(early)
            assert len(before) == 3

            redis.stop()
            # While Redis is away a heartbeat may fail or the socket may close; the
            # server process itself must stay up.
            try:
                await asyncio.wait_for(_ask(sockets[0], "heartbeat"), 5)
            except (ConnectionClosed, TimeoutError):
                pass
            assert server.proc.poll() is None, server.log_tail()
            redis.start()

        # Redis is back: every attendee's page reconnects and finds itself signed in.
        async with AsyncExitStack() as stack:
            pages = [await _reconnect(stack, port, session, c) for c in cookies]
            for _, hello in pages[:3]:
                assert hello["state"]["signed_in"]
            assert not pages[3][1]["state"]["signed_in"]

            reply = await _ask(pages[3][0], "sign_in", code=await _code(session))
            assert reply["type"] == "signed_in", reply
            for ws, _ in pages:
                assert (await _ask(ws, "heartbeat"))["type"] == "heartbeat"
            board, hello = await _reconnect(stack, port, session, trainer_cookie)
            assert hello["role"] == "trainer"
            assert hello["counts"]["signed_in"] == 4

    after = await _attendance(users)
    assert after.keys() == {u.pk for u in users}
    for user in early:
        assert after[user.pk].signed_in_at == before[user.pk].signed_in_at
    assert after[late.pk].signed_in_at is not None
