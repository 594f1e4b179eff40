"""Warm latency of people-list questions against the question-embedding floor, on an index.

    .venv/bin/python benchmarks/bench_list_latency.py INDEX_DIR [--rounds 3]

Asks 8 people-list questions once to warm up, then `rounds` times each: per question the floor
(`embedder.encode([question])`) and `ProfileChat.ask`, one after the other. Prints the p50 of
each and their ratio. Used on the real development half's index (benchmarks/real/run_eval.py
--work-dir keeps it) with and without extra profiles; absolute times depend on the machine's load.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from profilechat.config import Config
from profilechat.session import ProfileChat

QUESTIONS = (
    "Who has worked at Google?",
    "Which of them studied at Stanford?",
    "Who has published at ICLR?",
    "Which of them are interested in robotics?",
    "Who has worked in Berlin?",
    "Which of them went to the University of Toronto?",
    "Who has a paper at EMNLP?",
    "Who has won a best paper award?",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    bot = ProfileChat.open(config=Config.from_env(index_dir=args.index_dir))
    for question in QUESTIONS:
        bot.ask(question)
    floor: list[float] = []
    ask: list[float] = []
    for _ in range(args.rounds):
        for question in QUESTIONS:
            started = time.perf_counter()
            bot.embedder.encode([question])
            floor.append(time.perf_counter() - started)
            started = time.perf_counter()
            bot.ask(question)
            ask.append(time.perf_counter() - started)
    f, a = statistics.median(floor), statistics.median(ask)
    people = len(bot.people)
    print(
        f"{args.label or args.index_dir}: {people} people, floor p50 {f * 1000:.1f} ms, "
        f"people-list ask p50 {a * 1000:.1f} ms, ratio {a / f:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
