"""Answer latency of two source trees side by side, on one index of generated profiles.

    .venv/bin/python benchmarks/bench_ask_versions.py --baseline /work/main/src [--size 1000]
        [--rounds 2] [--work-dir DIR]

Builds (once; kept in --work-dir) an index of `--size` profiles from benchmarks/synthetic.py
(--seed, 0 by default) with this tree's code, and writes its questions: the generator's
questions about 100 of the profiles plus people-list questions ("Which of them have worked at
Google?"). Then, for each round, a fresh child process per tree (PYTHONPATH pointing at it; the
two alternate round by round so that machine noise falls on both) opens the index and times
every question twice over, interleaved: the embedding floor (embedder.encode([question]), the least any embedding
search costs) and ProfileChat.ask(question). Reported: p50/p95 of each, overall and for the
people-list questions, the medians over rounds, and ask p50 as a multiple of the floor p50.
Absolute times depend on the machine and its load; the ratios are what compare.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import format_table, header, median, percentile, write_jsonl
from synthetic import EMPLOYERS, generate_profiles, generate_questions, write_corpus

HERE = Path(__file__).resolve().parent
THIS_TREE = HERE.parent / "src"
PEOPLE_LIST_QUESTIONS = 30


def people_list_questions(profiles: list[Any], count: int, seed: int) -> list[dict[str, Any]]:
    """ "Which of them …" questions about employers and universities in the corpus."""
    rng = random.Random(seed)
    templates = [
        "Which of them have worked at {e}?",
        "Who has worked at {e}?",
        "Which of the researchers did a PhD at {u}?",
        "Who studied at {u}?",
    ]
    universities = sorted({p.phd_university for p in profiles})
    rows = []
    for i in range(count):
        text = rng.choice(templates).format(e=rng.choice(EMPLOYERS), u=rng.choice(universities))
        rows.append({"id": f"list-{i}", "kind": "people_list", "question": text})
    return rows


def build(size: int, folder: Path, seed: int = 0) -> Path:
    from profilechat.config import Config
    from profilechat.indexing import update_index

    questions = folder / "questions.jsonl"
    if (folder / "index").exists() and questions.exists():
        return questions
    profiles = generate_profiles(size, seed=seed)
    write_corpus(profiles, folder / "corpus")
    rows = generate_questions(profiles, n_people=100, seed=1)
    rows += people_list_questions(profiles, PEOPLE_LIST_QUESTIONS, seed=2)
    write_jsonl(questions, rows)
    config = Config(corpus_dir=folder / "corpus", index_dir=folder / "index")
    print(f"  building {size} profiles ...", flush=True)
    started = time.perf_counter()
    update_index(config)
    print(f"  built in {time.perf_counter() - started:.0f}s", flush=True)
    return questions


def child_main(index_dir: Path, questions_file: Path) -> None:
    """Open the index with the tree on sys.path; time floor and ask per question."""
    from common import load_default_embedder

    from profilechat.config import Config
    from profilechat.session import ProfileChat

    embedder = load_default_embedder()
    bot = ProfileChat.open(config=Config(index_dir=index_dir), embedder=embedder)
    rows = [json.loads(line) for line in questions_file.read_text().splitlines() if line]
    for row in rows[:5]:
        bot.ask(row["question"])
    timings: dict[str, list[tuple[float, float]]] = {"all": [], "people_list": []}
    for i, row in enumerate(rows):
        text = row["question"]
        calls = [lambda t=text: embedder.encode([t]), lambda t=text: bot.ask(t)]
        spent = []
        for call in calls if i % 2 == 0 else calls[::-1]:
            started = time.perf_counter()
            call()
            spent.append(time.perf_counter() - started)
        pair = (spent[0], spent[1]) if i % 2 == 0 else (spent[1], spent[0])
        timings["all"].append(pair)
        if row.get("kind") == "people_list":
            timings["people_list"].append(pair)
    result = {}
    for group, pairs in timings.items():
        floor, ask = [p[0] for p in pairs], [p[1] for p in pairs]
        result[group] = {
            "n": len(pairs),
            "floor_p50": percentile(floor, 50),
            "ask_p50": percentile(ask, 50),
            "ask_p95": percentile(ask, 95),
        }
    print("RESULT " + json.dumps(result), flush=True)


def run_child(tree: Path, index_dir: Path, questions: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, __file__, "--child", str(index_dir), str(questions)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise RuntimeError(f"child failed ({done.returncode}):\n{done.stderr[-3000:]}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, required=False, help="the other tree's src/")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0, help="of the generated profiles")
    parser.add_argument("--work-dir", type=Path, default=None)
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main(*args.child)
        return
    if args.baseline is None:
        parser.error("--baseline is required")
    folder = args.work_dir or Path(tempfile.gettempdir()) / f"profilechat-ask-versions-{args.size}"
    folder.mkdir(parents=True, exist_ok=True)
    print(header("bench_ask_versions", False, f"{args.size} profiles, {args.rounds} rounds"))
    questions = build(args.size, folder, args.seed)
    trees = {"baseline": args.baseline.resolve(), "this tree": THIS_TREE}
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    for r in range(args.rounds):
        order = list(trees) if r % 2 == 0 else list(trees)[::-1]
        for name in order:
            print(f"  round {r + 1}: {name} ...", flush=True)
            results[name].append(run_child(trees[name], folder / "index", questions))
    rows = []
    for name, rounds in results.items():
        for group in ("all", "people_list"):
            values = {
                key: median([r[group][key] for r in rounds])
                for key in ("floor_p50", "ask_p50", "ask_p95")
            }
            rows.append(
                [
                    name,
                    group,
                    rounds[0][group]["n"],
                    f"{values['floor_p50'] * 1000:.1f}",
                    f"{values['ask_p50'] * 1000:.1f}",
                    f"{values['ask_p95'] * 1000:.1f}",
                    f"{values['ask_p50'] / values['floor_p50']:.2f}",
                ]
            )
    columns = ["tree", "questions", "n", "floor p50 ms", "ask p50 ms", "ask p95 ms", "ask/floor"]
    print(format_table(columns, rows, title=f"\n{trees['baseline']} vs {THIS_TREE}"))


if __name__ == "__main__":
    main()
