"""Embedding backends side by side: sentence-transformers on torch vs ONNX Runtime.

question latency  one question at a time (the question set's questions and follow-ups),
                  torch and onnx alternating question by question; p50 / p95
indexing          texts/s embedding every chunk and sentence text of the corpus (shipped +
                  N synthetic profiles) as the index build sends them: torch (as before),
                  onnx, and onnx embedding each distinct text once (what indexing.py does
                  now); texts/s always counts all texts
settings          ONNX Runtime threads × spinning, then batch sizes, on the same texts
parity            cosine between the backends over 500 varied texts (parity_texts.py)
answers           the shipped corpus indexed by each backend; the question set asked of both
                  (follow-ups replayed): answers and top-5 passages that differ

  .venv/bin/python benchmarks/bench_embedding.py [--quick] [--profiles N] [--repeats R]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    CORPUS,
    QUESTIONS,
    format_table,
    header,
    load_questions,
    median,
    ms,
    percentile,
    timed,
)
from parity_texts import varied_texts
from synthetic import generate_profiles, write_corpus

BACKENDS = ("torch", "onnx")
SWEEP_TEXTS = 600  # about this many texts per settings trial, every n-th of the build's


def load(backend: str) -> Any:
    from profilechat.embedding import load_embedder

    embedder = load_embedder(backend=backend)
    embedder.encode(["warm-up"] * 8)
    return embedder


def question_texts() -> list[str]:
    texts: list[str] = []
    for item in load_questions(QUESTIONS):
        texts += [*item.get("history", []), item["question"]]
    return texts


def question_latency(embedders: dict[str, Any], repeats: int) -> list[list[Any]]:
    questions = question_texts()
    times: dict[str, list[float]] = {name: [] for name in embedders}
    for _ in range(repeats):
        for question in questions:
            for name, embedder in embedders.items():
                times[name].append(timed(lambda e=embedder, q=question: e.encode([q]))[0])
    rows = []
    for name, values in times.items():
        rows.append([name, len(values), ms(median(values)), ms(percentile(values, 95))])
    return rows


def index_texts(corpus: Path) -> list[str]:
    """Every chunk and sentence text a full build of `corpus` embeds, repeats included (people
    in corpus/people.yaml named as indexing names them)."""
    from profilechat.config import Config
    from profilechat.indexing import PendingDocument, prepare_document, unit_embedding_text
    from profilechat.loaders import iter_corpus
    from profilechat.people import PEOPLE_FILE, read_people_file

    config = Config(corpus_dir=corpus)
    people_file = corpus / PEOPLE_FILE
    overrides = read_people_file(people_file) if people_file.exists() else {}
    chunk_texts: list[str] = []
    unit_texts: list[str] = []
    for path in iter_corpus(corpus)[0]:
        source = path.relative_to(corpus).as_posix()
        prepared = prepare_document(PendingDocument(path, source, overrides.get(source)), config)
        if isinstance(prepared, str):  # why it cannot be indexed
            continue
        chunk_texts += [c.embedding_text() for c in prepared.chunks]
        for chunk, spans in zip(prepared.chunks, prepared.spans, strict=True):
            unit_texts += [unit_embedding_text(chunk, start, end) for start, end in spans]
    return chunk_texts + unit_texts


def embed_distinct(embedder: Any, texts: list[str]) -> np.ndarray:
    """As indexing._embed: each distinct text once, rows copied for repeats."""
    distinct = list(dict.fromkeys(texts))
    row_of = {text: row for row, text in enumerate(distinct)}
    return embedder.encode(distinct)[[row_of[t] for t in texts]]


def indexing_throughput(
    embedders: dict[str, Any], texts: list[str], repeats: int
) -> tuple[list[list[Any]], float]:
    runs = {
        "torch, every text (before)": lambda: embedders["torch"].encode(texts),
        "onnx, every text": lambda: embedders["onnx"].encode(texts),
        "onnx, distinct texts once (now)": lambda: embed_distinct(embedders["onnx"], texts),
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    vectors: dict[str, np.ndarray] = {}
    for _ in range(repeats):
        for name, run in runs.items():
            seconds, vectors[name] = timed(run)
            times[name].append(seconds)
    base = median(times["torch, every text (before)"])
    rows = [
        [
            name,
            f"{median(values):.2f}",
            f"{len(texts) / median(values):.0f}",
            f"{base / median(values):.2f}×",
        ]
        for name, values in times.items()
    ]
    every, distinct = vectors["onnx, every text"], vectors["onnx, distinct texts once (now)"]
    return rows, float(np.abs(every - distinct).max())


def settings_sweep(texts: list[str], quick: bool) -> tuple[list[list[Any]], list[list[Any]]]:
    from profilechat.config import DEFAULT_MODEL
    from profilechat.embedding import resolve_model_path
    from profilechat.onnx_embedder import OnnxEmbedder

    model_dir = Path(resolve_model_path(DEFAULT_MODEL))
    question = "Where did she do her PhD and who advised her?"
    thread_rows = []
    for threads in (1, 2):
        for spinning in (True, False):
            embedder = OnnxEmbedder(DEFAULT_MODEL, model_dir, threads=threads, spinning=spinning)
            embedder.encode(texts[:16])
            seconds = median([timed(lambda e=embedder: e.encode(texts))[0] for _ in range(2)])
            latency = [timed(lambda e=embedder: e.encode([question]))[0] for _ in range(50)]
            thread_rows.append(
                [
                    threads,
                    "on" if spinning else "off",
                    f"{len(texts) / seconds:.0f}",
                    ms(median(latency)),
                ]
            )
    batch_rows = []
    for batch_size in (8, 16, 32, 64) if quick else (8, 16, 32, 64, 128):
        row: list[Any] = [batch_size]
        for threads in (1, 2):
            embedder = OnnxEmbedder(
                DEFAULT_MODEL, model_dir, batch_size=batch_size, threads=threads, spinning=False
            )
            seconds = median([timed(lambda e=embedder: e.encode(texts))[0] for _ in range(2)])
            row.append(f"{len(texts) / seconds:.0f}")
        batch_rows.append(row)
    return thread_rows, batch_rows


def parity(embedders: dict[str, Any]) -> list[list[Any]]:
    texts = varied_texts(500)
    cosines = (embedders["torch"].encode(texts) * embedders["onnx"].encode(texts)).sum(axis=1)
    return [[len(texts), f"{cosines.min():.7f}", f"{cosines.mean():.7f}"]]


def answers_changed(embedders: dict[str, Any], root: Path) -> list[list[Any]]:
    from profilechat.config import Config
    from profilechat.indexing import update_index
    from profilechat.session import ProfileChat

    bots = {}
    for name, embedder in embedders.items():
        config = Config(corpus_dir=CORPUS, index_dir=root / f"answers-{name}")
        update_index(config, embedder, rebuild=True)
        bots[name] = ProfileChat.open(config=config, embedder=embedder)
    questions = load_questions(QUESTIONS)
    different_answers = different_passages = 0
    for item in questions:
        results = {}
        for name, bot in bots.items():
            history: list[dict[str, str]] = []
            for earlier in item.get("history", []):
                previous = bot.ask(earlier, history=history)
                history += [
                    {"role": "user", "content": earlier},
                    {"role": "assistant", "content": previous.text},
                ]
            answer = bot.ask(item["question"], history=history)
            hits = bot.retrieve(item["question"], history=history, k=5)
            results[name] = (answer.text, [(h.chunk.source, h.chunk.chunk_id) for h in hits])
        different_answers += results["torch"][0] != results["onnx"][0]
        different_passages += results["torch"][1] != results["onnx"][1]
    return [[len(questions), different_answers, different_passages]]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--profiles", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=None)
    args = parser.parse_args(argv)
    n_profiles = args.profiles or (10 if args.quick else 20)
    repeats = args.repeats or (1 if args.quick else 3)
    print(header("bench_embedding", args.quick, f"shipped corpus + {n_profiles} synthetic"))
    embedders = {name: load(name) for name in BACKENDS}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        shutil.copytree(CORPUS, corpus)
        write_corpus(generate_profiles(n_profiles, seed=0), corpus / "synthetic")
        texts = index_texts(corpus)
        distinct = len(set(texts))

        rows = question_latency(embedders, repeats)
        print()
        print(
            format_table(
                ["backend", "questions", "p50 ms", "p95 ms"],
                rows,
                "Question latency (one text per call)",
            )
        )

        rows, difference = indexing_throughput(embedders, texts, repeats)
        print()
        title = f"Indexing: {len(texts)} texts ({distinct} distinct), median of {repeats}"
        print(format_table(["run", "seconds", "texts/s", "vs before"], rows, title))
        print(f"largest difference, distinct-once vs every text (onnx): {difference:.2e}")

        thread_rows, batch_rows = settings_sweep(
            texts[:: max(1, len(texts) // SWEEP_TEXTS)], args.quick
        )
        print()
        print(
            format_table(
                ["threads", "spinning", "texts/s", "question p50 ms"],
                thread_rows,
                "ONNX Runtime threads (batch 32)",
            )
        )
        print()
        print(
            format_table(
                ["batch size", "texts/s, 1 thread", "texts/s, 2 threads"],
                batch_rows,
                "ONNX batch size (idle threads sleep)",
            )
        )

        print()
        print(
            format_table(
                ["texts", "cosine min", "cosine mean"], parity(embedders), "Parity, torch vs onnx"
            )
        )
        print()
        print(
            format_table(
                ["questions", "answers changed", "top-5 passages changed"],
                answers_changed(embedders, root),
                "Answers on benchmarks/questions.jsonl, each backend on its own index",
            )
        )


if __name__ == "__main__":
    main()
