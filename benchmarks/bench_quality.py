"""Answer and retrieval quality on benchmarks/questions.jsonl: dense vs BM25 vs hybrid, and the
textbook LangChain pipeline's retrieval on the same answerable questions.

ProfileChat figures come from profilechat.evaluate (hit@5 and MRR of the first passage holding
the first expected string; answer accuracy; abstention accuracy), one evaluation per retrieval
mode on the same index. LangChain: similarity_search(question, k=5) on its own FAISS store; a
hit is any of the 5 chunks containing the first answer_contains string (case-insensitive).
LangChain sees the question alone: the textbook pipeline has no conversation, so follow-ups
("What did he do at Apple?") are searched without their history.

    .venv/bin/python benchmarks/bench_quality.py [--quick] [--questions FILE] [--failures]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    CORPUS,
    QUESTIONS,
    format_table,
    header,
    load_default_embedder,
    load_questions,
    open_bot,
    timed,
)
from langchain_baseline import build_vector_store, top_texts

MODES = ("dense", "bm25", "hybrid")
K = 5


def langchain_scores(store: Any, questions: list[dict[str, Any]]) -> dict[str, Any]:
    """hit@5 and MRR of the LangChain store on the answerable questions, overall and by kind."""
    hits, reciprocal, by_kind = 0, 0.0, {}
    answerable = [q for q in questions if q.get("answerable", True) and q["answer_contains"]]
    for item in answerable:
        expected = item["answer_contains"][0].lower()
        texts = top_texts(store, item["question"], K)
        rank = next((i for i, t in enumerate(texts, 1) if expected in t.lower()), 0)
        hits += rank > 0
        reciprocal += 1.0 / rank if rank else 0.0
        tally = by_kind.setdefault(item.get("kind", "other"), [0, 0])
        tally[0] += rank > 0
        tally[1] += 1
    n = max(len(answerable), 1)
    return {"hit@k": hits / n, "mrr": reciprocal / n, "n": len(answerable), "by_kind": by_kind}


def main(argv: list[str] | None = None) -> None:
    from profilechat.evaluate import evaluate

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--failures", action="store_true", help="list hybrid-mode failures")
    args = parser.parse_args(argv)
    questions = load_questions(args.questions)
    if args.quick:
        questions = questions[::2]
    print(header("bench_quality", args.quick, f"{len(questions)} questions from {args.questions}"))
    embedder = load_default_embedder()
    reports = {}
    with tempfile.TemporaryDirectory() as tmp:
        bot, _ = open_bot(CORPUS, Path(tmp) / "index", embedder)
        for mode in MODES:
            reports[mode] = timed(lambda mode=mode: evaluate(bot, questions, k=K, mode=mode))
    store = build_vector_store(CORPUS)
    lc_seconds, lc = timed(lambda: langchain_scores(store, questions))
    print_report(reports, lc, lc_seconds, questions)
    if args.failures:
        print("\nhybrid failures:\n" + "\n".join(reports["hybrid"][1].failures))


def print_report(
    reports: dict[str, tuple[float, Any]],
    lc: dict[str, Any],
    lc_seconds: float,
    questions: list[dict[str, Any]],
) -> None:
    answerable = sum(1 for q in questions if q.get("answerable", True))
    rows = []
    for mode, (seconds, report) in reports.items():
        s = report.as_dict()
        rows.append(
            [
                f"ProfileChat {mode}",
                f"{s['hit@k']:.3f}",
                f"{s['mrr']:.3f}",
                f"{s['answer_accuracy']:.3f} ({report.correct}/{report.answerable})",
                f"{s['abstention_accuracy']:.3f} ({report.declined}/{report.unanswerable})",
                f"{seconds:.1f}",
            ]
        )
    rows.append(
        [
            "LangChain FAISS (k=5)",
            f"{lc['hit@k']:.3f}",
            f"{lc['mrr']:.3f}",
            "n/a (no answer)",
            "n/a (never abstains)",
            f"{lc_seconds:.1f}",
        ]
    )
    title = (
        f"\n{len(questions)} questions ({answerable} answerable, "
        f"{len(questions) - answerable} unanswerable), k={K}"
    )
    columns = ["system", "hit@5", "MRR", "answer accuracy", "abstention accuracy", "time s"]
    print(format_table(columns, rows, title=title))
    kinds = sorted({k for _, r in reports.values() for k in r.by_kind})
    by_kind = [
        [f"ProfileChat {mode} answers"] + [_tally(r.by_kind.get(k)) for k in kinds]
        for mode, (_, r) in reports.items()
    ]
    by_kind.append(["LangChain hit@5"] + [_tally(lc["by_kind"].get(k)) for k in kinds])
    print(format_table(["correct by kind", *kinds], by_kind, title="\nby kind (correct/total)"))


def _tally(pair: list[int] | None) -> str:
    return f"{pair[0]}/{pair[1]}" if pair else "-"


if __name__ == "__main__":
    main()
