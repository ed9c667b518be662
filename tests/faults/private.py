"""Private Redis and PostgreSQL servers for fault tests: stopping or restarting the
shared ones would break everyone else's work, so each test runs its own, on a free
port in a temporary directory, and removes it afterwards whatever happened."""

import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from tests.servers import free_port

PG_USER = "postgres"


def _as_postgres(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root.
    return ["runuser", "-u", PG_USER, "--", *command] if os.geteuid() == 0 else command


class PrivateRedis:
    """A redis-server that can be stopped and started again on the same port."""

    def __init__(self):
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_port(self.port)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@contextmanager
def private_redis():
    redis = PrivateRedis()
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


class PrivatePostgres:
    """A throw-away PostgreSQL cluster (trust auth, fsync off) on its own port."""

    def __init__(self, root: Path):
        self.root = root
        self.data = root / "data"
        self.port = free_port()

    def url(self, name: str) -> str:
        return f"postgres://{PG_USER}@127.0.0.1:{self.port}/{name}"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            _as_postgres(["pg_ctl", "-D", str(self.data), "-w", "-t", "60", *args]),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=90,
        )

    def init(self) -> None:
        subprocess.run(
            _as_postgres(
                ["initdb", "-D", str(self.data), "-U", PG_USER, "--auth=trust"]
                + ["-E", "UTF8", "--no-instructions"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=120,
        )
        self.start()

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._ctl("-o", options, "-l", str(self.root / "log"), "start")

    def pid(self) -> int:
        """The postmaster's process id (changes with every start)."""
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def restart(self) -> None:
        """Fast shutdown (open connections are cut) and start again."""
        self._ctl("-m", "fast", "stop")
        self.start()

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._ctl("-m", "immediate", "stop")


@contextmanager
def private_postgres():
    root = Path(tempfile.mkdtemp(prefix="xyxf-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, PG_USER, PG_USER)
    cluster = PrivatePostgres(root)
    try:
        cluster.init()
        yield cluster
    finally:
        try:
            cluster.stop()
        finally:
            shutil.rmtree(root, ignore_errors=True)


def _wait_port(port: int, timeout: float = 30) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on {port}")
