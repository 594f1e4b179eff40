"""Adversarial inputs of issue 13, timed against this tree and a baseline tree side by side.

    .venv/bin/python benchmarks/bench_adversarial.py [--baseline SRC_DIR] [--timeout 120]

SRC_DIR is the `src` folder of another checkout (e.g. `git archive integ src | tar -x -C /tmp/b`
then `--baseline /tmp/b/src`). Every case runs in a fresh child process per tree, with a time
limit; the table shows wall seconds and the child's peak resident memory. The cases go through
what a web request goes through: `bounded_history` where the tree has it, then `resolve`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap
from pathlib import Path

HERE_SRC = Path(__file__).resolve().parent.parent / "src"

_PRELUDE = """
import json, resource, time
from profilechat import session
from profilechat.config import Config
from profilechat.names import PeopleDirectory

def bounded(history):
    cut = getattr(session, "bounded_history", None)
    return cut(history, Config()) if cut else history

def report(started):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": peak}))
"""

CASES = {
    "history turn: 'what about x' + 3,000 spaces + 'y'": """
        directory = PeopleDirectory(["Ana Lima", "Bob Stone"])
        started = time.perf_counter()
        history = bounded([{"role": "user", "content": "what about x" + " " * 3000 + "y"}])
        session.resolve("Where does he work?", history, directory)
        report(started)
    """,
    "history turn: 100 kB of spaces and punctuation, x20 turns": """
        directory = PeopleDirectory(["Ana Lima", "Bob Stone"])
        padding = " " * 50_000 + " \\t\\n?.!,'-" * 5_000
        started = time.perf_counter()
        turn = {"role": "user", "content": "what about x" + padding + "y"}
        session.resolve("Where does he work?", bounded([turn] * 20), directory)
        report(started)
    """,
    "question of 50 MB (clean_question)": """
        question = "Where? " + "\\x00 e" * 17_000_000
        started = time.perf_counter()
        session.clean_question(question, 2000)
        report(started)
    """,
    "60 kB answer turn, 5,000 people indexed": """
        directory = PeopleDirectory([f"Given{n} Family{n}" for n in range(5000)])
        answer = ("Given17 Family17 studied at Ecole. " * 2000)[:60_000]
        history = [{"role": "user", "content": "Who studied at Ecole?"},
                   {"role": "assistant", "content": answer}]
        started = time.perf_counter()
        session.resolve("Where did he work?", bounded(history), directory)
        report(started)
    """,
}


def run_case(src: Path, body: str, timeout: float) -> str:
    script = textwrap.dedent(_PRELUDE) + textwrap.dedent(body)
    try:
        done = subprocess.run(
            [sys.executable, "-"],
            input=script,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        )
    except subprocess.TimeoutExpired:
        return f"> {timeout:g} s (stopped)"
    if done.returncode != 0:
        return "error: " + (done.stderr.strip().splitlines() or ["?"])[-1][:60]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return f"{result['seconds']:.3f} s, {result['peak_mb']:.0f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", type=Path, help="src folder of the tree to compare with")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    trees = [("this tree", HERE_SRC)] + ([("baseline", args.baseline)] if args.baseline else [])
    print("| case | " + " | ".join(name for name, _ in trees) + " |")
    print("| --- " * (len(trees) + 1) + "|")
    for case, body in CASES.items():
        cells = [run_case(src, body, args.timeout) for _, src in trees]
        print(f"| {case} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
