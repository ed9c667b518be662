"""Live sign-in benchmark: N real WebSocket attendees against real server processes.

    DATABASE_URL=postgres://... REDIS_URL=redis://... \
        python bench/signin.py --clients 1500 --spread 30 [--burst] \
        [--server daphne|uvicorn] [--processes 2]

It migrates the database, creates one online session with N enrolled enterprise
accounts (a fresh programme per run), starts the server processes with production
settings and the bench-only echo route (LIVE_BENCH_ECHO=1), then runs the same
arrival pattern twice on the same stack:
  1. echo: a bare consumer that answers each message (the baseline);
  2. signin: connect -> hello -> sign in with the current rotating code -> confirmed.
After everyone has arrived, each phase times heartbeat rounds: every client sends one
message and the round ends when the last reply is in. Prints JSON.
"""

import argparse
import asyncio
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-" + "k" * 50),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_CONN_MAX_AGE": os.environ.get("DJANGO_CONN_MAX_AGE", "60"),
    "DJANGO_LOG_LEVEL": "WARNING",
    "LIVE_BENCH_ECHO": "1",
}
os.environ.update({k: v for k, v in SERVER_ENV.items() if k not in os.environ})

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from accounts.models import Agency, User  # noqa: E402
from enrollment import live  # noqa: E402
from enrollment.live import signin_code_for  # noqa: E402
from enrollment.models import Enrolment, TrainingSession  # noqa: E402
from enterprises.models import Enterprise  # noqa: E402
from tests.factories import (  # noqa: E402
    AgencyFactory,
    PlanLineFactory,
    RegionFactory,
    TrainerFactory,
    TrainingSessionFactory,
    uscc_for,
)

BACKEND = "django.contrib.auth.backends.ModelBackend"


# -- fixtures -------------------------------------------------------------------


def _accounts(n: int, region) -> list[User]:
    """N enterprise representatives, reused across runs (created once)."""
    names = [f"bench-rep-{i}" for i in range(n)]
    have = set(
        User.objects.filter(username__in=names).values_list("username", flat=True)
    )
    missing = [i for i in range(n) if names[i] not in have]
    if missing:
        enterprises = Enterprise.objects.bulk_create(
            Enterprise(
                uscc=uscc_for(5_000_000 + i),
                name=f"压测企业{i}有限公司",
                region=region,
                legal_representative="压测",
            )
            for i in missing
        )
        User.objects.bulk_create(
            User(
                username=names[i],
                real_name=f"压测代表{i}",
                role=User.Role.ENTERPRISE,
                enterprise=e,
                password="!bench",  # unusable: the bench logs in by session cookie
            )
            for i, e in zip(missing, enterprises, strict=True)
        )
    return list(User.objects.filter(username__in=names).order_by("id"))


def _cookies(users: list[User]) -> list[str]:
    store = SessionStore()
    expire = timezone.now() + timedelta(hours=2)
    rows, cookies = [], []
    for user in users:
        key = secrets.token_hex(16)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: BACKEND,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(
            Session(
                session_key=key, session_data=store.encode(data), expire_date=expire
            )
        )
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={key}")
    Session.objects.bulk_create(rows, batch_size=500)
    return cookies


def setup(n: int):
    """A running online session with N enrolled accounts; returns (session, cookies)."""
    call_command("migrate", verbosity=0)
    region = RegionFactory(code="98", name="压测区")
    agency = Agency.objects.filter(name="压测信用服务机构").first() or AgencyFactory(
        name="压测信用服务机构", uscc=uscc_for(4_999_999)
    )
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    line = PlanLineFactory(
        programme__name=f"压测项目{stamp}",
        programme__rule_profile__name=f"压测规则{stamp}",
        region=region,
        agency=agency,
        planned_count=n,
    )
    now = timezone.now()
    session = TrainingSessionFactory(
        plan_line=line,
        title=f"压测场次{stamp}",
        mode=TrainingSession.Mode.ONLINE,
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=3),
        capacity=n,
        status=TrainingSession.Status.LIVE,
    )
    trainer = TrainerFactory(agency=agency, username=f"bench-trainer-{stamp}")
    session.trainers.add(trainer)
    users = _accounts(n, region)
    Enrolment.objects.bulk_create(
        Enrolment(
            session=session,
            programme=line.programme,
            plan_line=line,
            enterprise_id=u.enterprise_id,
            attendee=u,
            status=Enrolment.Status.ENROLLED,
        )
        for u in users
    )
    live.signin_window_open(session=session, actor=trainer)
    return session, _cookies(users)


# -- servers --------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_servers(kind: str, count: int):
    ports = [_free_port() for _ in range(count)]
    env = {**os.environ, **SERVER_ENV}
    procs = []
    for port in ports:
        if kind == "uvicorn":
            cmd = [
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
                "--log-level",
                "warning",
            ]
        else:
            cmd = [
                "-m",
                "daphne",
                "-v",
                "0",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "config.asgi:application",
            ]
        log = (
            Path(os.environ.get("BENCH_LOG_DIR", tempfile.gettempdir()))
            / f"signin_{port}.log"
        )
        with open(log, "w") as out:  # the child keeps its own copy of the handle
            procs.append(
                subprocess.Popen(
                    [sys.executable, *cmd], cwd=ROOT, env=env, stdout=out, stderr=out
                )
            )
    deadline = time.monotonic() + 60
    for port in ports:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("server did not start") from None
                time.sleep(0.2)
    return ports, procs


def stop_servers(procs) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.wait(timeout=15)


# -- clients --------------------------------------------------------------------


class Client:
    def __init__(self, port: int, path: str, cookie: str):
        self.port, self.path, self.cookie = port, path, cookie
        self.ws = None
        self.waiting: dict = {}
        self.reader = None
        self.hello_s = None

    async def open(self):
        self.ws = await connect(
            f"ws://127.0.0.1:{self.port}{self.path}",
            origin=f"http://127.0.0.1:{self.port}",
            additional_headers={"Cookie": self.cookie},
            open_timeout=30,
            ping_interval=None,
        )
        self.reader = asyncio.create_task(self._read())

    async def _read(self):
        async for raw in self.ws:
            message = json.loads(raw)
            future = self.waiting.pop(message.get("ref"), None)
            if message.get("type") == "hello":
                future = self.waiting.pop("hello", None)
            if future is not None and not future.done():
                future.set_result(message)

    def expect(self, ref):
        future = asyncio.get_running_loop().create_future()
        self.waiting[ref] = future
        return future

    async def request(self, payload: dict, ref, timeout=30) -> dict:
        future = self.expect(ref)
        await self.ws.send(json.dumps({**payload, "ref": ref}))
        return await asyncio.wait_for(future, timeout)

    async def close(self):
        if self.ws is not None:
            await self.ws.close()


async def arrive(client: Client, delay: float, phase: str, session) -> float:
    """Connect after `delay`; seconds from connecting to the confirmed sign-in."""
    await asyncio.sleep(delay)
    started = time.perf_counter()
    if phase == "signin":
        hello = client.expect("hello")
        await client.open()
        await asyncio.wait_for(hello, 30)
        client.hello_s = time.perf_counter() - started
        code = signin_code_for(session=session)
        reply = await client.request({"action": "sign_in", "code": code}, "in")
        if reply.get("type") != "signed_in":
            raise RuntimeError(reply.get("message", reply))
    else:
        await client.open()
        await client.request({"action": "sign_in", "code": "ECHO00"}, "in")
    return time.perf_counter() - started


async def heartbeat_round(clients: list[Client], phase: str, n: int) -> float:
    started = time.perf_counter()
    action = "heartbeat" if phase == "signin" else "echo"
    replies = await asyncio.gather(
        *(c.request({"action": action}, f"hb{n}", timeout=60) for c in clients),
        return_exceptions=True,
    )
    bad = [r for r in replies if isinstance(r, Exception) or r.get("type") == "error"]
    if bad:
        raise RuntimeError(f"{len(bad)} heartbeats failed: {bad[0]}")
    return time.perf_counter() - started


def _percentiles(values: list[float]) -> dict:
    if not values:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None}
    values = sorted(values)

    def pick(q):
        return round(values[min(len(values) - 1, int(q * len(values)))] * 1000, 1)

    return {
        "p50_ms": pick(0.50),
        "p95_ms": pick(0.95),
        "p99_ms": pick(0.99),
        "mean_ms": round(statistics.fmean(values) * 1000, 1),
        "max_ms": round(values[-1] * 1000, 1),
    }


async def run_phase(phase, ports, cookies, session, spread, burst, rounds) -> dict:
    path = f"/ws/live/{session.pk}/" if phase == "signin" else "/ws/bench/echo/"
    # Warm-up (not measured): the first sockets of a process pay imports and pools.
    warm = [Client(port, path, cookies[-1]) for port in ports for _ in range(3)]
    await asyncio.gather(*(c.open() for c in warm))
    await asyncio.gather(*(c.close() for c in warm))
    clients = [Client(ports[i % len(ports)], path, c) for i, c in enumerate(cookies)]
    step = 0 if burst else spread / max(1, len(clients))
    results = await asyncio.gather(
        *(arrive(c, i * step, phase, session) for i, c in enumerate(clients)),
        return_exceptions=True,
    )
    times = [r for r in results if not isinstance(r, BaseException)]
    errors = [repr(r)[:200] for r in results if isinstance(r, BaseException)]
    alive = [
        c
        for c, r in zip(clients, results, strict=True)
        if not isinstance(r, BaseException)
    ]
    await asyncio.sleep(1)
    round_times = []
    for n in range(rounds):
        try:
            round_times.append(round(await heartbeat_round(alive, phase, n), 3))
        except Exception as error:  # noqa: BLE001 - reported, not raised
            errors.append(repr(error)[:200])
    await asyncio.gather(*(c.close() for c in alive), return_exceptions=True)
    hellos = [c.hello_s for c in alive if c.hello_s is not None]
    return {
        **_percentiles(times),
        "connect_to_hello": _percentiles(hellos) if hellos else None,
        "confirmed": len(times),
        "failures": len(errors),
        "failure_samples": sorted(set(errors))[:3],
        "heartbeat_round_s": round_times,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--spread", type=float, default=10.0)
    parser.add_argument("--burst", action="store_true")
    parser.add_argument("--server", choices=["daphne", "uvicorn"], default="daphne")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="heartbeat rounds")
    args = parser.parse_args()
    session, cookies = setup(args.clients)
    ports, procs = start_servers(args.server, args.processes)
    try:
        echo = asyncio.run(
            run_phase(
                "echo", ports, cookies, session, args.spread, args.burst, args.rounds
            )
        )
        signin = asyncio.run(
            run_phase(
                "signin", ports, cookies, session, args.spread, args.burst, args.rounds
            )
        )
    finally:
        stop_servers(procs)

    def ratio(key):
        if not echo.get(key) or signin.get(key) is None:
            return None
        return round(signin[key] / echo[key], 1)

    print(
        json.dumps(
            {
                "benchmark": "live sign-in",
                "server": args.server,
                "processes": args.processes,
                "clients": args.clients,
                "arrival": "burst" if args.burst else f"spread over {args.spread:g} s",
                "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
                "channel_layer": settings.CHANNEL_LAYERS["default"]["BACKEND"].rsplit(
                    ".", 1
                )[-1],
                "python": platform.python_version(),
                "echo": echo,
                "signin": signin,
                "ratio_p50": ratio("p50_ms"),
                "ratio_p95": ratio("p95_ms"),
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
