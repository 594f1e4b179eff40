"""Warm, in-process query latency on the shipped corpus with the default model.

Four systems are timed on the same questions, interleaved per question (their order rotates
from one question to the next) so that machine noise falls on all of them alike:

  floor        embedder.encode([question]) alone: the least any embedding search can cost
  pc.retrieve  ProfileChat.retrieve(question, k=5): resolution, dense + BM25, fusion
  pc.ask       ProfileChat.ask(question): the full cited answer
  langchain    the textbook LangChain FAISS pipeline, similarity_search(k=5)

With `--baseline OTHER/src`, a fifth system, `base.ask`, is another source tree's
ProfileChat.ask on the same index, in the same process and interleaved like the others: its
package is copied under the name `profilechat_baseline` so that both trees import side by side.
Under load, `pc.ask / base.ask` compares two revisions better than two separate runs do.

    .venv/bin/python benchmarks/bench_latency.py [--quick] [--questions N] [--rounds R]
        [--baseline OTHER/src]
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    CORPUS,
    format_table,
    header,
    load_default_embedder,
    load_questions,
    median,
    ms,
    open_bot,
    percentile,
    timed,
)
from langchain_baseline import build_vector_store

SYSTEMS = ("floor", "pc.retrieve", "pc.ask", "langchain")
WARMUP = 10

# Templated questions about the people of the shipped corpus.
NAMES = ["Zhipeng Jia", "Zhipeng Wang", "Jia", "Wang", "Zhipeng"]
TEMPLATES = [
    "Where did {n} study?",
    "What is {n}'s current position?",
    "Which awards has {n} received?",
    "What papers has {n} published?",
    "What are {n}'s research interests?",
    "Which open-source projects does {n} work on?",
    "Who did {n} work with?",
    "What did {n} do before joining their current company?",
    "Has {n} given any talks or tutorials?",
    "Where did {n} intern?",
    "What degrees does {n} hold?",
    "Who supervised {n}'s dissertation?",
    "What is {n}'s email address?",
    "Which conferences has {n} published at?",
    "What programming languages does {n} use?",
    "Which teams has {n} led?",
    "What systems has {n} built?",
    "Did {n} win any competitions?",
    "What is {n} working on right now?",
    "Which companies has {n} worked for?",
]
PARAPHRASES: list[Callable[[str], str]] = [
    lambda q: q,
    lambda q: f"Could you tell me: {q[0].lower()}{q[1:]}",
    lambda q: q.rstrip("?").lower(),
    lambda q: f"{q} Please cite the profile.",
]


def build_questions(count: int) -> list[str]:
    """`count` questions: the file's questions (paraphrased in turn) and templated ones."""
    base = [row["question"] for row in load_questions()]
    templated = [t.format(n=n) for t, n in itertools.product(TEMPLATES, NAMES)]
    pool: list[str] = []
    for i, question in enumerate(itertools.cycle(base)):
        if len(pool) >= count // 2 + count % 2:
            break
        pool.append(PARAPHRASES[(i // len(base)) % len(PARAPHRASES)](question))
    pool += list(itertools.islice(itertools.cycle(templated), count // 2))
    return pool[:count]


def make_systems(
    bot: Any, embedder: Any, store: Any, baseline: Any = None
) -> dict[str, Callable[[str], Any]]:
    systems: dict[str, Callable[[str], Any]] = {
        "floor": lambda q: embedder.encode([q]),
        "pc.retrieve": lambda q: bot.retrieve(q, k=5),
        "pc.ask": lambda q: bot.ask(q),
        "langchain": lambda q: store.similarity_search(q, k=5),
    }
    if baseline is not None:
        systems["base.ask"] = lambda q: baseline.ask(q)
    return systems


def open_baseline(src: Path, folder: Path, index_dir: Path, embedder: Any) -> Any:
    """ProfileChat of the tree at `src`, opened on `index_dir`: its package is copied into
    `folder` as `profilechat_baseline` (absolute imports renamed) and imported from there."""
    package = folder / "profilechat_baseline"
    shutil.copytree(src / "profilechat", package, ignore=shutil.ignore_patterns("__pycache__"))
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\bprofilechat\.", "profilechat_baseline.", text), "utf-8")
    sys.path.insert(0, os.fspath(folder))
    config = importlib.import_module("profilechat_baseline.config")
    session = importlib.import_module("profilechat_baseline.session")
    cfg = config.Config(corpus_dir=CORPUS, index_dir=index_dir)
    return session.ProfileChat.open(config=cfg, embedder=embedder)


def run_round(
    systems: dict[str, Callable[[str], Any]], questions: list[str], offset: int
) -> dict[str, list[float]]:
    """One pass over the questions; per question every system once, in a rotating order."""
    times: dict[str, list[float]] = {name: [] for name in systems}
    names = list(systems)
    for i, question in enumerate(questions):
        shift = (i + offset) % len(names)
        for name in names[shift:] + names[:shift]:
            seconds, _ = timed(lambda name=name, q=question: systems[name](q))
            times[name].append(seconds)
    return times


def summarise(rounds: list[dict[str, list[float]]]) -> dict[str, dict[str, float]]:
    """Per system: the median over rounds of each round's p50, p95 and mean."""
    out: dict[str, dict[str, float]] = {}
    for name in rounds[0]:
        out[name] = {
            stat: median([fn(r[name]) for r in rounds])
            for stat, fn in (
                ("p50", lambda v: percentile(v, 50)),
                ("p95", lambda v: percentile(v, 95)),
                ("mean", lambda v: sum(v) / len(v)),
            )
        }
    return out


P = ("p50", "p95")


def report(stats: dict[str, dict[str, float]], n_questions: int, n_rounds: int) -> str:
    rows = [[name, ms(s["p50"]), ms(s["p95"]), ms(s["mean"])] for name, s in stats.items()]
    table = format_table(
        ["system", "p50 ms", "p95 ms", "mean ms"],
        rows,
        title=f"warm latency, {n_questions} questions x {n_rounds} rounds "
        "(median over rounds of each round's percentile)",
    )
    ratios = [
        *(
            [["pc.ask / base.ask", *(stats["pc.ask"][s] / stats["base.ask"][s] for s in P)]]
            if "base.ask" in stats
            else []
        ),
        [
            "pc.ask / floor",
            stats["pc.ask"]["p50"] / stats["floor"]["p50"],
            stats["pc.ask"]["p95"] / stats["floor"]["p95"],
        ],
        [
            "pc.retrieve / floor",
            stats["pc.retrieve"]["p50"] / stats["floor"]["p50"],
            stats["pc.retrieve"]["p95"] / stats["floor"]["p95"],
        ],
        [
            "pc.retrieve / langchain",
            stats["pc.retrieve"]["p50"] / stats["langchain"]["p50"],
            stats["pc.retrieve"]["p95"] / stats["langchain"]["p95"],
        ],
        [
            "pc.ask / langchain",
            stats["pc.ask"]["p50"] / stats["langchain"]["p50"],
            stats["pc.ask"]["p95"] / stats["langchain"]["p95"],
        ],
    ]
    return table + "\n\n" + format_table(["ratio", "at p50", "at p95"], ratios)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--questions", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--baseline", type=Path, help="another tree's src/, timed alongside")
    args = parser.parse_args(argv)
    rounds = args.rounds or (1 if args.quick else 2)
    n_questions = args.questions or (100 if args.quick else 200)
    print(header("bench_latency", args.quick, f"corpus {CORPUS}"), flush=True)
    embedder = load_default_embedder()
    questions = build_questions(n_questions)
    with tempfile.TemporaryDirectory() as tmp:
        build_pc, (bot, update) = timed(lambda: open_bot(CORPUS, Path(tmp) / "index", embedder))
        build_lc, store = timed(lambda: build_vector_store(CORPUS))
        print(
            f"setup: ProfileChat index {update.chunks} chunks in {build_pc:.1f}s "
            f"(+ open); LangChain store {store.index.ntotal} chunks in {build_lc:.1f}s"
        )
        baseline = None
        if args.baseline is not None:
            baseline = open_baseline(
                args.baseline.resolve(), Path(tmp) / "baseline", Path(tmp) / "index", embedder
            )
        systems = make_systems(bot, embedder, store, baseline)
        run_round(systems, questions[:WARMUP], 0)
        started = time.perf_counter()
        results = [run_round(systems, questions, r) for r in range(rounds)]
        print(
            f"timed {len(questions)} questions x {rounds} rounds x {len(systems)} systems "
            f"in {time.perf_counter() - started:.0f}s\n"
        )
        if baseline is not None:
            differ = sum(bot.ask(q).text != baseline.ask(q).text for q in questions)
            print(f"answers differing between pc.ask and base.ask: {differ} of {len(questions)}")
    print(f"load average at end {' / '.join(f'{x:.2f}' for x in os.getloadavg())} (1 / 5 / 15 min)")
    print(report(summarise(results), len(questions), rounds))


if __name__ == "__main__":
    main()
