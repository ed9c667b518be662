"""Run every benchmark on PostgreSQL and Redis and rewrite bench/RESULTS.md.

    python bench/run_all.py [--quick] [--only NAME ...]

Starts PostgreSQL and Redis if they are not running (the commands of DEVELOPERS.md),
uses DATABASE_URL/REDIS_URL if set (default: a `xyxf_bench` database and Redis db 12),
starts the HTTP server (--server, --processes; default gunicorn WSGI, two processes,
as deployed) for the benchmarks that need a running server, runs each
benchmark script, and replaces the generated part of bench/RESULTS.md (between the
run_all markers) with the machine, the date and every figure each script printed
(medians, baselines from the same run, ratios, targets). The hand-written analysis
below the markers is kept. --quick runs smaller sizes for a smoke check.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import servers

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
# Every benchmark's latest outcome, so `--only` refreshes some and keeps the rest.
LAST_RUN = ROOT / "bench" / "last_run.json"
START, END = "<!-- run_all:start -->", "<!-- run_all:end -->"
PYTHON = sys.executable
# The HTTP server deploy/ runs (bench/servers.py compares the others).
SERVER = "gunicorn-wsgi"

# name -> (script, full-size args, quick args, needs the two Daphne servers)
BENCHMARKS = {
    "import_enterprises": ("import_enterprises.py", [], ["--rows", "1000"], False),
    "upload_memory": ("upload_memory.py", [], ["--rows", "500"], False),
    "lecture_page": (
        "lecture_page.py",
        [],
        ["--requests", "100", "--rounds", "3"],
        False,
    ),
    "letter_pdf": ("letter_pdf.py", [], [], False),
    "enrolment_race": ("enrolment_race.py", [], [], False),
    "signin": (
        "signin.py",
        ["--clients", "1500", "--spread", "30"],
        ["--clients", "100", "--spread", "5"],
        False,
    ),
    "signin_burst": (
        "signin.py",
        ["--clients", "300", "--burst"],
        ["--clients", "50", "--burst"],
        False,
    ),
    "certificates": (
        "certificates.py",
        [],
        ["--count", "150", "--rounds", "20", "--baseline-count", "30"],
        False,
    ),
    "dashboard": ("dashboard.py", [], ["--enterprises", "1000"], False),
    "exam": (
        "exam.py",
        ["--candidates", "1500", "--time-scale", "1"],
        ["--candidates", "50", "--time-scale", "10", "--submit-window", "10"],
        True,
    ),
    "exam_spread": (
        "exam.py",
        ["--candidates", "1500", "--time-scale", "1", "--spread", "60"],
        ["--candidates", "50", "--time-scale", "10", "--submit-window", "10"]
        + ["--spread", "5"],
        True,
    ),
}


def sh(command: str) -> None:
    subprocess.run(command, shell=True, check=False)  # noqa: S602 - fixed commands


def ensure_services() -> None:
    """Start PostgreSQL and Redis the way DEVELOPERS.md says, if they are down."""
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode:
        sh("pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start")
    ping = subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True, check=False
    )
    if b"PONG" not in ping.stdout:
        sh(
            'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" '
            "--appendonly no"
        )
    time.sleep(1)


def bench_env() -> dict:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/xyxf_bench")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/12")
    # The scripts log candidates in by writing sessions; the servers must share the key.
    env.setdefault("DJANGO_SECRET_KEY", "bench-" + "k" * 50)
    env["PYTHONPATH"] = str(ROOT)
    return env


def prepare_database(env: dict) -> None:
    """A fresh benchmark database each run, so leftovers never skew a figure."""
    name = env["DATABASE_URL"].rsplit("/", 1)[-1]
    sh(f"dropdb -h 127.0.0.1 -U postgres --if-exists --force {name}")
    sh(f"createdb -h 127.0.0.1 -U postgres {name}")
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        check=True,
    )


def collect_static(env: dict) -> None:
    """Production settings serve hashed static files from the manifest."""
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=servers.server_env(env),
        check=True,
    )


def last_json(text: str) -> dict:
    """The last JSON object a script printed (pretty-printed or on one line)."""
    for start in reversed([i for i, ch in enumerate(text) if ch == "{"]):
        if start and text[start - 1] not in "\n":
            continue
        try:
            return json.loads(text[start:])
        except json.JSONDecodeError:
            continue
    raise ValueError("no JSON object in the output")


def run_one(name: str, quick: bool, env: dict, base_urls: list[str]) -> dict:
    script, full, small, needs_servers = BENCHMARKS[name]
    args = small if quick else full
    if needs_servers:
        args = [*args, "--base-url", ",".join(base_urls)]
    command = [PYTHON, f"bench/{script}", *args]
    print(f"==> {name}: {' '.join(command[1:])}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    took = time.perf_counter() - started
    if done.returncode:
        return {
            "command": " ".join(command[1:]),
            "error": (done.stderr or done.stdout)[-2000:],
            "seconds": round(took, 1),
        }
    try:
        result = last_json(done.stdout)
    except ValueError:
        return {"command": " ".join(command[1:]), "error": done.stdout[-2000:]}
    return {
        "command": " ".join(command[1:]),
        "seconds": round(took, 1),
        "result": result,
    }


def flatten(value, prefix=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from flatten(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list) and len(value) > 8:
        yield prefix, f"[{len(value)} values]"
    else:
        yield prefix, value


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{memory_kb / 1024 / 1024:.0f} GiB"
    except OSError:
        memory = "unknown memory"
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory}, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}"
    )


def render(results: dict, quick: bool, only: list[str] | None) -> str:
    command = "python bench/run_all.py" + (" --quick" if quick else "")
    if only:
        command += " --only " + " ".join(only)
    lines = [
        START,
        f"## Latest `{command}`",
        "",
        f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- machine: {machine()}",
        "- database and channel layer: PostgreSQL and Redis (DATABASE_URL, REDIS_URL)",
        "",
    ]
    for name, outcome in results.items():
        lines += [
            f"### {name}",
            "",
            f"`python {outcome['command']}` ({outcome.get('seconds', '?')} s)"
            + (f" on {outcome['server']}" if outcome.get("server") else ""),
            "",
        ]
        if "error" in outcome:
            lines += ["**failed:**", "", "```", outcome["error"].strip(), "```", ""]
            continue
        lines += ["| figure | value |", "|---|---|"]
        for key, value in flatten(outcome["result"]):
            text = (
                json.dumps(value, ensure_ascii=False)
                if not isinstance(value, str)
                else value
            )
            lines.append(f"| {key} | {text.replace('|', '/')} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def write_results(block: str) -> None:
    current = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    if START in current and END in current:
        head, rest = current.split(START, 1)
        tail = rest.split(END, 1)[1]
        updated = head + block + tail
    else:
        title, _, body = current.partition("\n")
        updated = f"{title}\n\n{block}\n\n## Notes per benchmark\n{body}"
    RESULTS.write_text(updated)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS))
    parser.add_argument(
        "--server",
        choices=servers.SERVERS,
        default=SERVER,
        help=f"HTTP server for the exam benchmarks (default {SERVER})",
    )
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    ensure_services()
    env = bench_env()
    prepare_database(env)
    names = args.only or list(BENCHMARKS)
    running, base_urls = [], []
    results = {}
    try:
        if any(BENCHMARKS[n][3] for n in names):
            collect_static(env)
            running, base_urls = servers.start(args.server, args.processes, env)
        for name in names:
            outcome = run_one(name, args.quick, env, base_urls)
            if BENCHMARKS[name][3]:
                outcome["server"] = f"{args.server}, {args.processes} processes"
                if (args.server, args.processes) != (SERVER, 2):
                    name = f"{name} ({args.server} ×{args.processes})"
            results[name] = outcome
    finally:
        servers.stop(running)
    merged = json.loads(LAST_RUN.read_text()) if LAST_RUN.exists() else {}
    stamp = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    for name, outcome in results.items():
        merged[name] = {**outcome, "ran_at": stamp, "quick": args.quick}
    LAST_RUN.write_text(json.dumps(merged, ensure_ascii=False, indent=2) + "\n")
    ordered = {
        name: merged[name]
        for base in BENCHMARKS
        for name in sorted(merged)
        if name == base or name.startswith(f"{base} (")
    }
    write_results(render(ordered, args.quick, args.only))
    failed = [n for n, r in results.items() if "error" in r]
    print(f"wrote {RESULTS}; failed: {failed or 'none'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
