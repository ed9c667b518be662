"""Certificate PDF benchmark: warm median, first render in a new process, and a
1,500-certificate batch on every core with peak memory per process.

    python bench/certificates.py [--count 1500] [--processes 2]
    python bench/certificates.py --quick     # a small check on a busy machine

Every render includes the PAdES signature (common.signing). Prints JSON.
Renders from plain contexts (what the batch hands its workers), so
the figures are the PDF cost; database reads are not included.
"""

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

COLD_SNIPPET = """
import os, sys, time, json
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
import django
django.setup()
from certificates import documents
warm = {warm!r}
if warm:
    t = time.perf_counter(); documents.warm_up(); warm_s = time.perf_counter() - t
else:
    warm_s = 0.0
ctx = documents.sample_context()
ctx["verify_code"] = "first-request-code"
t = time.perf_counter(); documents.render_certificate(ctx)
print(json.dumps({{"warm_up_s": warm_s, "first_s": time.perf_counter() - t}}))
"""


def _mb(kilobytes: int) -> float:
    return round(kilobytes / 1024, 1)  # Linux reports ru_maxrss in KiB


def _context(n: int) -> dict:
    from certificates import documents

    ctx = documents.sample_context()
    code = f"bench{n:06d}-{'x' * 16}"
    ctx.update(
        serial=f"NT2022-01-{n:04d}",
        enterprise_name=f"南通示例第{n}号机械制造有限公司",
        verify_code=code,
        verify_url=f"http://127.0.0.1:8000/verify/{code}/",
    )
    return ctx


def first_render(*, warm: bool) -> dict:
    """Run one render in a fresh interpreter, optionally after the start-up warm-up."""
    out = subprocess.run(
        [sys.executable, "-c", COLD_SNIPPET.format(root=str(ROOT), warm=warm)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_LOG_LEVEL": "ERROR"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def warm_median(rounds: int) -> dict:
    from certificates import documents

    documents.warm_up()
    times, cpu = [], []
    for n in range(rounds):
        ctx = _context(n)
        t, c = time.perf_counter(), time.process_time()
        documents.render_certificate(ctx)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return {
        "rounds": rounds,
        "median_ms": round(statistics.median(times) * 1000, 1),
        "p90_ms": round(sorted(times)[int(rounds * 0.9)] * 1000, 1),
        # CPU time is what the render costs when the cores are not shared.
        "cpu_median_ms": round(statistics.median(cpu) * 1000, 1),
    }


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def batch(count: int, processes: int) -> dict:
    from certificates import documents

    documents.warm_up()  # workers are forked after this, so they start warm
    contexts = [_context(n) for n in range(count)]
    buffer = io.BytesIO()
    cpu_before = _cpu_seconds()
    t = time.perf_counter()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for ctx, pdf in zip(
            contexts, documents.render_many(contexts, processes=processes), strict=True
        ):
            archive.writestr(f"{ctx['enterprise_name']}_{ctx['serial']}.pdf", pdf)
    elapsed = time.perf_counter() - t
    cpu = _cpu_seconds() - cpu_before
    return {
        "cpu_seconds": round(cpu, 1),
        # On idle cores the batch takes its CPU time spread over the processes.
        "idle_cores_projection_s": round(cpu / processes, 1),
        "count": count,
        "processes": processes,
        "seconds": round(elapsed, 1),
        "per_certificate_ms": round(elapsed / count * 1000, 1),
        "zip_mb": round(len(buffer.getvalue()) / 1e6, 1),
        "peak_rss_parent_mb": _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
        "peak_rss_largest_worker_mb": _mb(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1500)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--baseline-count", type=int, default=200)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="10 warm rounds and a 20-certificate batch on one process",
    )
    args = parser.parse_args()
    if args.quick:
        import django

        django.setup()
        warm = warm_median(10)
        print(
            json.dumps(
                {
                    "quick": True,
                    "load_average_1min_at_end": round(os.getloadavg()[0], 1),
                    "warm": warm,
                    "batch": batch(20, 1),
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return

    cold = first_render(warm=False)
    after_warm_up = first_render(warm=True)

    import django

    django.setup()
    warm = warm_median(args.rounds)
    sequential = batch(args.baseline_count, 1)
    parallel = batch(args.count, args.processes)
    seq_rate = sequential["seconds"] / sequential["count"]
    par_rate = parallel["seconds"] / parallel["count"]
    load = os.getloadavg()[0]
    print(
        json.dumps(
            {
                "machine": "2 cores, 24 GiB",
                "load_average_1min_at_end": round(load, 1),
                "warm": warm,
                "first_render_new_process_s": round(cold["first_s"], 2),
                "start_up_warm_up_s": round(after_warm_up["warm_up_s"], 2),
                "first_request_after_warm_up_ms": round(
                    after_warm_up["first_s"] * 1000, 1
                ),
                "cold_over_warm_ratio": round(
                    cold["first_s"] * 1000 / warm["median_ms"], 1
                ),
                "baseline_sequential": sequential,
                "batch": parallel,
                "parallel_speedup_vs_sequential": round(seq_rate / par_rate, 2),
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
