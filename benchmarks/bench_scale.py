"""ProfileChat at 1,000 and 10,000 synthetic profiles: build time, index size, memory,
query latency and answer accuracy.

For each size the corpus comes from benchmarks/synthetic.py (seed 0) and the questions from
its question generator (about 100 of the profiles, plus unanswerable ones). The build runs in
this process; a fresh child process then opens the index and measures resident memory
(psutil RSS, before and after opening), warm query latency (the question-embedding floor,
retrieve, ask, and ask on people-list questions such as "Who has worked at Acme?", interleaved
per question) and the evaluation figures (profilechat.evaluate, hybrid mode); then the evaluation again with
the store's exact index swapped for the HNSW index the store builds above
Config.approximate_above, to show what crossing that threshold does to answers.

Sizes are measured smallest first. Before a larger size, its build time is estimated linearly
from the largest measured one; if that is over --max-build-minutes, the largest multiple of
1,000 that fits is measured instead (when it is larger than what was measured) and the
requested size is extrapolated linearly from it. Extrapolated rows say so, and carry no
latency or accuracy figures.

    .venv/bin/python benchmarks/bench_scale.py [--quick] [--sizes 1000,10000] [--work-dir DIR]

With --work-dir the corpora and indexes are kept there, and a later run only re-indexes what
changed (the latency and accuracy figures are measured again each time).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    dir_size,
    format_table,
    header,
    human_bytes,
    load_default_embedder,
    median,
    ms,
    percentile,
    timed,
    write_jsonl,
)
from synthetic import generate_profiles, generate_questions, write_corpus

QUESTION_PEOPLE = 100
LATENCY_QUESTIONS = 200
LIST_QUESTIONS = 40
# People-list questions, timed apart: they decide for many people, not one.
LIST_TEMPLATES = (
    "Who has worked at {employer}?",
    "Which of them studied at {university}?",
    "Who has published at {venue}?",
    "Which of them are interested in {interest}?",
)


@dataclass
class Row:
    size: int
    measured: bool
    source: int = 0  # for extrapolated rows: the measured size they come from
    build_s: float = 0.0
    chunks: int = 0
    disk_bytes: int = 0
    files: dict[str, int] = field(default_factory=dict)
    child: dict[str, Any] = field(default_factory=dict)


# -- the child process: open, measure memory, latency and accuracy -----------------------------


def child_main(index_dir: Path, questions_file: Path, rounds: int) -> None:
    import gc

    import psutil

    from profilechat.config import Config
    from profilechat.evaluate import evaluate, load_questions
    from profilechat.session import ProfileChat

    process = psutil.Process()
    embedder = load_default_embedder()
    embedder.encode(["warm-up"])
    gc.collect()
    rss_base = process.memory_info().rss
    open_s, bot = timed(
        lambda: ProfileChat.open(config=Config(index_dir=index_dir), embedder=embedder)
    )
    gc.collect()
    rss_open = process.memory_info().rss
    questions = load_questions(questions_file)
    texts = [q["question"] for q in questions][:LATENCY_QUESTIONS]
    lists = [q["question"] for q in load_questions(questions_file.with_name("lists.jsonl"))]
    latency = measure_latency(bot, embedder, texts, lists, rounds)
    eval_s, report = timed(lambda: evaluate(bot, questions, k=5, mode="hybrid"))
    hnsw = hnsw_evaluation(bot, questions)
    result = {
        "rss_base": rss_base,
        "rss_open": rss_open,
        "rss_end": process.memory_info().rss,
        "open_s": open_s,
        "eval_s": eval_s,
        "questions": len(questions),
        "latency_questions": len(texts),
        **latency,
        **report.as_dict(),
        "by_kind": report.by_kind,
        "hnsw": hnsw,
    }
    print("RESULT " + json.dumps(result), flush=True)


def hnsw_evaluation(bot: Any, questions: list[dict[str, Any]]) -> dict[str, float]:
    """The same evaluation with the store's FAISS index swapped for the HNSW index it would
    build above Config.approximate_above (build_faiss_index with a threshold of 0)."""
    from profilechat.evaluate import evaluate
    from profilechat.store import build_faiss_index

    store = bot.store
    exact = store.faiss_index
    store.faiss_index = build_faiss_index(store.vectors, 0)
    try:
        return evaluate(bot, questions, k=5, mode="hybrid").as_dict()
    finally:
        store.faiss_index = exact


def measure_latency(
    bot: Any, embedder: Any, texts: list[str], lists: list[str], rounds: int
) -> dict[str, float]:
    """Median over rounds of each round's p50/p95. Per question the floor (embedding the
    question alone), retrieve and ask run in a rotating order; people-list questions are
    timed the same way (floor and ask), in a series of their own."""
    for text in texts[:5] + lists[:2]:
        bot.ask(text)
    per_round: dict[str, list[float]] = {}
    for r in range(rounds):
        times: dict[str, list[float]] = {}
        for series, questions, with_retrieve in (("", texts, True), ("list_", lists, False)):
            for i, text in enumerate(questions):
                calls = [
                    (f"{series}floor", lambda t=text: embedder.encode([t])),
                    (f"{series}ask", lambda t=text: bot.ask(t)),
                ]
                if with_retrieve:
                    calls.append(("retrieve", lambda t=text: bot.retrieve(t, k=5)))
                shift = (i + r) % len(calls)
                for name, call in calls[shift:] + calls[:shift]:
                    times.setdefault(name, []).append(timed(call)[0])
        for key, values in times.items():
            per_round.setdefault(f"{key}_p50", []).append(percentile(values, 50))
            per_round.setdefault(f"{key}_p95", []).append(percentile(values, 95))
    return {key: median(values) for key, values in per_round.items()}


def list_questions(profiles: list[Any], count: int, seed: int) -> list[dict[str, Any]]:
    """People-list questions about things the generated profiles name (for timing only)."""
    import random

    rng = random.Random(seed)
    rows = []
    for i in range(count):
        p = rng.choice(profiles)
        template = LIST_TEMPLATES[i % len(LIST_TEMPLATES)]
        text = template.format(
            employer=rng.choice(p.jobs).employer,
            university=p.phd_university,
            venue=rng.choice(p.papers)[1] if p.papers else "NeurIPS",
            interest=rng.choice(p.interests),
        )
        rows.append({"id": f"list-{i}", "kind": "list", "question": text})
    return rows


# -- the parent: build, then run the child -------------------------------------------------------


def measure_size(size: int, root: Path, embedder: Any, rounds: int, reuse: bool = False) -> Row:
    from profilechat.config import Config
    from profilechat.indexing import update_index

    folder = root / f"n{size}"
    profiles = generate_profiles(size, seed=0)
    write_corpus(profiles, folder / "corpus")
    questions = generate_questions(profiles, n_people=QUESTION_PEOPLE, seed=1)
    write_jsonl(folder / "questions.jsonl", questions)
    write_jsonl(folder / "lists.jsonl", list_questions(profiles, LIST_QUESTIONS, seed=2))
    config = Config(corpus_dir=folder / "corpus", index_dir=folder / "index")
    print(f"  building {size} profiles ...", flush=True)
    build_s, report = timed(lambda: update_index(config, embedder, rebuild=not reuse))
    # The index is a folder of segments (seg-*); the sizes are summed over them by file name.
    files: dict[str, int] = {}
    for segment in (p for p in (folder / "index").iterdir() if p.is_dir()):
        for path in (p for p in segment.iterdir() if p.is_file()):
            files[path.name] = files.get(path.name, 0) + path.stat().st_size
    row = Row(size, True, size, build_s, report.chunks, dir_size(folder / "index"), files)
    print(f"  built in {build_s:.1f}s; measuring in a fresh process ...", flush=True)
    row.child = run_child(folder / "index", folder / "questions.jsonl", rounds)
    return row


def run_child(index_dir: Path, questions: Path, rounds: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(index_dir), str(questions)]
    command += ["--rounds", str(rounds)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise RuntimeError(f"child failed ({done.returncode}):\n{done.stderr[-3000:]}")


def extrapolate(size: int, base: Row) -> Row:
    scale = size / base.size
    row = Row(size, False, base.size, base.build_s * scale, round(base.chunks * scale))
    row.disk_bytes = round(base.disk_bytes * scale)
    growth = base.child["rss_open"] - base.child["rss_base"]
    row.child = {
        "rss_base": base.child["rss_base"],
        "rss_open": base.child["rss_base"] + growth * scale,
    }
    return row


def plan_and_measure(
    sizes: list[int], max_minutes: float, root: Path, embedder: Any, rounds: int, reuse: bool
) -> list[Row]:
    rows: list[Row] = []
    measured: list[Row] = []
    for size in sorted(sizes):
        if not measured:
            measured.append(measure_size(size, root, embedder, rounds, reuse))
            rows.append(measured[-1])
            continue
        base = measured[-1]
        per_profile = base.build_s / base.size
        if per_profile * size / 60 <= max_minutes:
            measured.append(measure_size(size, root, embedder, rounds, reuse))
            rows.append(measured[-1])
            continue
        fits = int(max_minutes * 60 / per_profile) // 1000 * 1000
        print(
            f"  {size}: estimated build {per_profile * size / 60:.1f} min > {max_minutes} min",
            flush=True,
        )
        if fits > base.size:
            measured.append(measure_size(fits, root, embedder, rounds, reuse))
            rows.append(measured[-1])
        rows.append(extrapolate(size, measured[-1]))
    return rows


# -- report ----------------------------------------------------------------------------------------


def print_report(rows: list[Row]) -> None:
    table = []
    for row in rows:
        c = row.child
        label = f"{row.size}" if row.measured else f"{row.size} (extrapolated from {row.source})"
        mark = "" if row.measured else "~"
        table.append(
            [
                label,
                f"{mark}{row.chunks}",
                f"{mark}{row.build_s:.0f}",
                f"{mark}{human_bytes(row.disk_bytes)}",
                human_bytes(c["rss_base"]),
                f"{mark}{human_bytes(c['rss_open'])}",
                ms(c["ask_p50"]) if row.measured else "n/m",
                ms(c["ask_p95"]) if row.measured else "n/m",
                ms(c["retrieve_p50"]) if row.measured else "n/m",
                ms(c["retrieve_p95"]) if row.measured else "n/m",
            ]
        )
    columns = [
        "profiles",
        "chunks",
        "build s",
        "on disk",
        "RSS model",
        "RSS +index",
        "ask p50",
        "ask p95",
        "retr p50",
        "retr p95",
    ]
    print(format_table(columns, table, title="\nscale (latencies in ms; n/m = not measured)"))
    latency = []
    for row in rows:
        if not row.measured:
            continue
        c = row.child
        for label, prefix in (("all generated questions", ""), ("people lists", "list_")):
            floor, ask = c[f"{prefix}floor_p50"], c[f"{prefix}ask_p50"]
            latency.append(
                [row.size, label, ms(floor), ms(ask), ms(c[f"{prefix}ask_p95"]), ask / floor]
            )
    print(
        format_table(
            ["profiles", "questions", "floor p50", "ask p50", "ask p95", "ask/floor p50"],
            latency,
            title="\nask against the question-embedding floor (ms, warm, one process)",
        )
    )
    quality = []
    for row in rows:
        if not row.measured:
            continue
        c = row.child
        for label, figures in (("exact (as built)", c), ("HNSW (swapped in)", c["hnsw"])):
            quality.append(
                [
                    row.size,
                    label,
                    c["questions"],
                    figures["hit@k"],
                    figures["mrr"],
                    figures["answer_accuracy"],
                    figures["abstention_accuracy"],
                ]
            )
    print(
        format_table(
            ["profiles", "FAISS index", "questions", "hit@5", "MRR", "answer acc", "abstain acc"],
            quality,
            title="\ngenerated questions (profilechat.evaluate, hybrid mode)",
        )
    )
    for row in rows:
        if row.measured:
            print(
                f"{row.size}: open {row.child['open_s']:.1f}s, evaluation "
                f"{row.child['eval_s']:.1f}s"
            )
    for row in rows:
        if row.measured:
            kinds = ", ".join(f"{k} {c}/{t}" for k, (c, t) in sorted(row.child["by_kind"].items()))
            files = ", ".join(f"{k} {human_bytes(v)}" for k, v in sorted(row.files.items()))
            print(f"\n{row.size}: by kind: {kinds}\n{row.size}: files: {files}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sizes", type=str, default=None, help="comma-separated profile counts")
    parser.add_argument("--max-build-minutes", type=float, default=None)
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--work-dir", type=Path, help="keep corpora and indexes here")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    rounds = args.rounds or (1 if args.quick else 2)
    if args.child:
        child_main(args.child[0], args.child[1], rounds)
        return
    default_sizes = "50,1000,10000" if args.quick else "1000,10000"
    sizes = [int(s) for s in (args.sizes or default_sizes).split(",")]
    max_minutes = args.max_build_minutes or (0.5 if args.quick else 6.0)
    print(header("bench_scale", args.quick, f"sizes {sizes}, max build {max_minutes} min"))
    embedder = load_default_embedder()
    started = time.perf_counter()
    if args.work_dir:
        rows = plan_and_measure(sizes, max_minutes, args.work_dir, embedder, rounds, True)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            rows = plan_and_measure(sizes, max_minutes, Path(tmp), embedder, rounds, False)
    print(f"  total {time.perf_counter() - started:.0f}s")
    print_report(rows)


if __name__ == "__main__":
    main()
