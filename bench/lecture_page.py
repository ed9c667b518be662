"""Lecture page throughput against a trivial Django view, same server, same run.

Builds a fresh database (a temporary SQLite file, or DATABASE_URL when set), loads
the demo courses, starts one Daphne process and measures, in alternating rounds,
N sequential keep-alive requests to a public lecture page and to /bench/trivial/.
Anonymous readers of public lectures are answered from the page cache
(courses/page_cache.py); the same lecture with a query string bypasses that cache and
is measured too ("uncached": a full Wagtail route and render, the body still cached).
Prints JSON: requests/s per round, medians and the ratios to the trivial view.

    python bench/lecture_page.py [--requests 300] [--rounds 5]
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LECTURE_URL = "/learn/courses/city/regulations/purpose/"
UNCACHED_URL = LECTURE_URL + "?uncached=1"
TRIVIAL_URL = "/bench/trivial/"


def _env(sqlite_path: str) -> dict:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "lecture_page_settings"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "bench")])
    if not env.get("DATABASE_URL"):
        env["SQLITE_PATH"] = sqlite_path
    env.setdefault("MEDIA_ROOT", str(Path(sqlite_path).parent / "media"))
    return env


def _manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def _measure(port: int, url: str, n: int) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = time.perf_counter()
    for _ in range(n):
        conn.request("GET", url)
        response = conn.getresponse()
        body = response.read()
        assert response.status == 200, (url, response.status, body[:200])
    elapsed = time.perf_counter() - start
    conn.close()
    return n / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = _env(str(Path(tmp) / "bench.sqlite3"))
        _manage(env, "migrate", "--noinput")
        _manage(env, "seed_demo")
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
            + ["config.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(port)
            for url in (LECTURE_URL, UNCACHED_URL, TRIVIAL_URL):  # warm up
                _measure(port, url, 20)
            lecture, uncached, trivial = [], [], []
            for _ in range(args.rounds):
                lecture.append(_measure(port, LECTURE_URL, args.requests))
                uncached.append(_measure(port, UNCACHED_URL, args.requests))
                trivial.append(_measure(port, TRIVIAL_URL, args.requests))
        finally:
            server.terminate()
            server.wait(timeout=10)
    lecture_median = statistics.median(lecture)
    uncached_median = statistics.median(uncached)
    trivial_median = statistics.median(trivial)
    print(
        json.dumps(
            {
                "benchmark": "lecture_page",
                "database": "postgresql"
                if os.environ.get("DATABASE_URL")
                else "sqlite",
                "cache": "redis" if os.environ.get("REDIS_URL") else "locmem",
                "server": "daphne, 1 process",
                "requests_per_round": args.requests,
                "rounds": args.rounds,
                "lecture_url": LECTURE_URL,
                "lecture_rps": [round(x, 1) for x in lecture],
                "lecture_uncached_rps": [round(x, 1) for x in uncached],
                "trivial_rps": [round(x, 1) for x in trivial],
                "lecture_rps_median": round(lecture_median, 1),
                "lecture_uncached_rps_median": round(uncached_median, 1),
                "trivial_rps_median": round(trivial_median, 1),
                "ratio": round(lecture_median / trivial_median, 3),
                "ratio_uncached": round(uncached_median / trivial_median, 3),
                "target_ratio": 0.4,
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
