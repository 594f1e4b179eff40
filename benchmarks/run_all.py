"""Run every benchmark, one subprocess each, one after the other (`make bench`).

Each script's output is shown as it runs and also kept in benchmarks/results/NAME.txt (not
committed). --quick is passed on to every script. A script that fails does not stop the
others; the run exits non-zero if any failed.

    .venv/bin/python benchmarks/run_all.py [--quick] [--only bench_latency,bench_faiss]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
SCRIPTS = (
    "synthetic",
    "bench_startup",
    "bench_embedding",
    "bench_latency",
    "bench_indexing",
    "bench_quality",
    "bench_server",
    "bench_serve_start",
    "bench_faiss",
    "bench_scale",
    "bench_ray",
    "bench_llm",
)


def run(name: str, quick: bool) -> tuple[int, float]:
    """Run one script, echoing and saving its output; (exit code, seconds)."""
    command = [sys.executable, str(HERE / f"{name}.py"), *(["--quick"] if quick else [])]
    started = time.perf_counter()
    with open(RESULTS / f"{name}.txt", "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=HERE.parent
        )
        assert process.stdout is not None
        for line in process.stdout:
            sys.stdout.write(line)
            log.write(line)
        code = process.wait()
    return code, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", type=str, default="", help="comma-separated script names")
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n] or list(SCRIPTS)
    unknown = sorted(set(names) - set(SCRIPTS))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    RESULTS.mkdir(exist_ok=True)
    outcomes = []
    for name in names:
        print(f"\n######## {name} ########", flush=True)
        code, seconds = run(name, args.quick)
        outcomes.append((name, code, seconds))
    print("\n######## summary ########")
    width = max(len(n) for n in names)
    for name, code, seconds in outcomes:
        status = "ok" if code == 0 else f"FAILED (exit {code})"
        print(f"{name.ljust(width)}  {seconds:7.1f}s  {status}")
    total = sum(s for _, _, s in outcomes)
    print(f"{'total'.ljust(width)}  {total:7.1f}s  results in {RESULTS}")
    return 0 if all(code == 0 for _, code, _ in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
