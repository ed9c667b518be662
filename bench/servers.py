"""The HTTP servers the benchmarks compare, started the way deploy/ runs them.

    daphne        ASGI, one process per port (what the README used to recommend)
    uvicorn       ASGI, gunicorn with uvicorn workers, one port
    granian       ASGI, granian workers, one port
    granian-wsgi  WSGI, granian workers with a pool of blocking threads, one port
    gunicorn-wsgi WSGI, gunicorn gthread workers, one port
    gunicorn-sync WSGI, gunicorn sync workers (one request at a time each), one port

Under ASGI Django runs every sync view of a process on one thread; the ASGI entries
use bench.asgi_bench (a per-process queue in front, see there). Under WSGI each
process runs BENCH_THREADS views at once, each with a pooled database connection.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
THREADS = int(os.environ.get("BENCH_THREADS", "8"))
SERVERS = (
    "daphne",
    "uvicorn",
    "granian",
    "granian-wsgi",
    "gunicorn-wsgi",
    "gunicorn-sync",
)


def _commands(server: str, processes: int, port: int) -> list[list[str]]:
    asgi, wsgi = "bench.asgi_bench:application", "config.wsgi:application"
    bind = f"127.0.0.1:{port}"
    # Keep idle connections longer than a candidate's pause between answers: a
    # server closing a kept-alive connection just as the client reuses it resets
    # the request (a proxy in front keeps its own upstream connections instead).
    gunicorn = ["--keep-alive", "75", "--backlog", "4096"]
    gunicorn += ["--worker-connections", "4000", "--log-level", "warning"]
    if server == "daphne":
        return [
            [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port + i), asgi]
            for i in range(processes)
        ]
    if server == "uvicorn":
        return [
            [str(BIN / "gunicorn"), asgi, "-k", "uvicorn_worker.UvicornWorker"]
            + ["-w", str(processes), "-b", bind, *gunicorn]
        ]
    granian = [str(BIN / "granian"), "--host", "127.0.0.1", "--port", str(port)]
    granian += ["--workers", str(processes), "--no-access-log"]
    granian += ["--log-level", "warning"]
    if server == "granian":
        return [[*granian, "--interface", "asgi", asgi]]
    if server == "granian-wsgi":
        return [
            [*granian, "--interface", "wsgi", "--blocking-threads", str(THREADS), wsgi]
        ]
    if server == "gunicorn-wsgi":
        return [
            [str(BIN / "gunicorn"), wsgi, "-k", "gthread", "--threads", str(THREADS)]
            + ["-w", str(processes), "-b", bind, *gunicorn]
        ]
    if server == "gunicorn-sync":
        return [
            [str(BIN / "gunicorn"), wsgi, "-k", "sync", "-w", str(processes)]
            + ["-b", bind, *gunicorn]
        ]
    raise ValueError(f"unknown server {server!r}; one of {', '.join(SERVERS)}")


def wait_for_port(port: int, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not start")


def server_env(env: dict) -> dict:
    """The environment of the benchmarks' servers (and of collectstatic for them)."""
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "bench.server_settings",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_DB_POOL_MAX_SIZE": str(THREADS),
        "PYTHONPATH": str(ROOT),
    }


def start(
    server: str, processes: int, env: dict, port: int = 8101
) -> tuple[list[subprocess.Popen], list[str]]:
    """Start `server` with `processes` worker processes; (processes, base URLs)."""
    commands = _commands(server, processes, port)
    env = server_env(env)
    procs = [
        subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for command in commands
    ]
    ports = [port + i for i in range(len(commands))]
    for p in ports:
        wait_for_port(p)
    return procs, [f"http://127.0.0.1:{p}" for p in ports]


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
