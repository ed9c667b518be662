"""Compare the HTTP servers on the exam benchmark, one after another, same run.

    python bench/compare_servers.py [--servers daphne,uvicorn,...] [--processes 2]
        [--candidates 1500] [--rounds 1] [-- extra bench/exam.py arguments]

For each server (bench/servers.py): start it with --processes worker processes, run
bench/exam.py against it, stop it. Rounds interleave the servers so a busy moment of
the machine does not fall on one of them only. Prints one JSON object: per server, the
figures of each round (handing out, latency percentiles, answers lost).
"""

import argparse
import json
import subprocess
import sys

import run_all
import servers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", default=",".join(servers.SERVERS))
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--candidates", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("exam_args", nargs="*", help="passed on to bench/exam.py")
    args = parser.parse_args()
    env = run_all.bench_env()
    run_all.prepare_database(env)
    run_all.collect_static(env)
    figures: dict[str, list] = {}
    for _ in range(args.rounds):
        for server in args.servers.split(","):
            running, urls = servers.start(server, args.processes, env)
            try:
                done = subprocess.run(
                    [sys.executable, "bench/exam.py", "--candidates"]
                    + [str(args.candidates), "--base-url", ",".join(urls)]
                    + args.exam_args,
                    cwd=run_all.ROOT,
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                )
            finally:
                servers.stop(running)
            try:
                result = run_all.last_json(done.stdout)
            except ValueError:
                result = {"error": (done.stderr or done.stdout)[-1500:]}
            figures.setdefault(server, []).append(result)
            print(f"{server}: {json.dumps(result.get('handing_out'))}", file=sys.stderr)
    print(
        json.dumps(
            {
                "benchmark": "compare_servers",
                "processes": args.processes,
                "candidates": args.candidates,
                "exam_args": args.exam_args,
                "servers": figures,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
