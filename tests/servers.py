"""Real ASGI server processes for multi-process tests (live fan-out, recovery).

Each server is `python -m daphne config.asgi:application` in its own process group,
on the pytest-created test database (so a `django_db(transaction=True)` test sees
what the servers write) and on the same REDIS_URL as the test. Servers can be
killed with SIGKILL and restarted on the same port. Whatever happens in the test,
the context manager kills every process it started.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 90  # seconds; Django + Wagtail import slowly on a busy 2-core box
STOP_TIMEOUT = 10


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def servers_database_url() -> str:
    """DATABASE_URL of the database pytest-django created for this run."""
    params = connection.settings_dict
    user = params["USER"] or "postgres"
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    host, port = params["HOST"] or "127.0.0.1", params["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{params['NAME']}"


def _port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
    except OSError:
        return False
    return True


class ServerProcess:
    """One daphne process on a fixed port; start, kill -9 and start again."""

    def __init__(self, port: int, env: dict[str, str]):
        self.port = port
        self.env = env
        self.proc: subprocess.Popen | None = None
        self._log = tempfile.TemporaryFile()
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def spawn(self) -> None:
        """Launch the process without waiting for it to listen (see wait_ready)."""
        assert self.proc is None or self.proc.poll() is not None, "already running"
        assert not _port_open(self.port), f"port {self.port} is taken"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                "config.asgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self._log,  # a file, never a pipe nobody reads
            start_new_session=True,  # own process group: killpg reaches all of it
        )
        self.starts += 1

    def wait_ready(self, deadline: float) -> None:
        """Block until the port accepts connections; fail fast if the process died."""
        while not _port_open(self.port):
            code = self.proc.poll()
            if code is not None:
                raise AssertionError(
                    f"daphne on {self.port} exited with {code}:\n{self.log_tail()}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"daphne on {self.port} did not listen in time:\n{self.log_tail()}"
                )
            time.sleep(0.1)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Kill the whole process group (SIGKILL: no shutdown hooks run) and reap it;
        afterwards nothing listens on the port."""
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=STOP_TIMEOUT)
        deadline = time.monotonic() + STOP_TIMEOUT
        while _port_open(self.port):
            assert time.monotonic() < deadline, f"port {self.port} still open"
            time.sleep(0.05)

    def stop(self) -> None:
        """Graceful stop (SIGTERM), SIGKILL if it hangs."""
        self.kill(signal.SIGTERM)

    def log_tail(self, size: int = 4000) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-size:]

    def close(self) -> None:
        self.kill()
        self._log.close()


def start_all(servers: list[ServerProcess], timeout: float = START_TIMEOUT) -> None:
    """Spawn every server at once (they import in parallel), then wait for each."""
    for server in servers:
        server.spawn()
    deadline = time.monotonic() + timeout
    for server in servers:
        server.wait_ready(deadline)


def kill_all(servers: list[ServerProcess]) -> None:
    """SIGKILL every server (all signals first, then reap)."""
    for server in servers:
        if server.proc is not None and server.proc.poll() is None:
            try:
                os.killpg(server.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    for server in servers:
        server.kill()


@contextmanager
def server_processes(count: int, **env_overrides: str):
    """`count` running daphne servers (ServerProcess) on free ports and the pytest
    test database; every one is killed on exit, whatever happened."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": servers_database_url(),
        **env_overrides,
    }
    servers = [ServerProcess(free_port(), env) for _ in range(count)]
    try:
        start_all(servers)
        yield servers
    finally:
        for server in servers:
            server.close()


@contextmanager
def daphne_servers(count: int):
    """Ports of `count` running daphne servers (see server_processes)."""
    with server_processes(count) as servers:
        yield [server.port for server in servers]
