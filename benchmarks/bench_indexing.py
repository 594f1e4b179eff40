"""Indexing throughput: full build vs the embedding floor, unchanged re-index, 1-of-N update.

Corpus: the shipped corpus plus N synthetic profiles (benchmarks/synthetic.py, seed 0).

  full build   update_index(rebuild=True) into an empty folder: load, identify, chunk, embed
               (chunk texts + sentence texts), FAISS, write with fsync
  floor        embedder.encode() of exactly the texts the build sent to the embedder (recorded
               by a pass-through wrapper: chunk texts with their header + sentence texts with
               their context), same embedder and batch size, one call
  unchanged    update_index() with nothing changed (hash every file, load + verify the index)
  1 changed    update_index() after one profile was edited (a line appended)

Full builds and floors alternate (build, floor, build, floor, ...) so noise hits both.

    .venv/bin/python benchmarks/bench_indexing.py [--quick] [--profiles N] [--repeats R]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    CORPUS,
    format_table,
    header,
    load_default_embedder,
    median,
    timed,
)
from synthetic import generate_profiles, write_corpus


def make_corpus(root: Path, n_profiles: int) -> Path:
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    write_corpus(generate_profiles(n_profiles, seed=0), corpus / "synthetic")
    return corpus


class RecordingEmbedder:
    """Passes every call to the real embedder and keeps the texts it was asked to embed, so
    the floor encodes exactly what the build embedded, whatever the indexing code sends."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.batch_size = getattr(inner, "batch_size", None)
        self.texts: list[str] = []

    def encode(self, texts: list[str], *, progress: bool = False) -> Any:
        self.texts += texts
        return self.inner.encode(texts, progress=progress)


def config_for(corpus: Path, index_dir: Path) -> Any:
    from profilechat.config import Config

    return Config(corpus_dir=corpus, index_dir=index_dir)


def full_builds_and_floors(
    corpus: Path, root: Path, embedder: Any, repeats: int
) -> tuple[list[float], list[float], Any, int, Path]:
    """Alternating full builds and floor encodes; returns both timings and the last index."""
    from profilechat.indexing import update_index

    builds: list[float] = []
    floors: list[float] = []
    report, index_dir = None, root / "index"
    texts: list[str] = []
    for i in range(repeats):
        index_dir = root / f"index-{i}"
        cfg = config_for(corpus, index_dir)
        recorder = RecordingEmbedder(embedder)
        seconds, report = timed(lambda cfg=cfg, r=recorder: update_index(cfg, r, rebuild=True))
        builds.append(seconds)
        texts = recorder.texts
        floors.append(timed(lambda texts=texts: embedder.encode(texts))[0])
        if i < repeats - 1:
            shutil.rmtree(index_dir)
    return builds, floors, report, len(texts), index_dir


def unchanged_updates(corpus: Path, index_dir: Path, embedder: Any, repeats: int) -> list[float]:
    from profilechat.indexing import update_index

    cfg = config_for(corpus, index_dir)
    times = []
    for _ in range(repeats):
        seconds, report = timed(lambda: update_index(cfg, embedder))
        assert not report.changed, "nothing should have changed"
        times.append(seconds)
    return times


def one_changed_updates(
    corpus: Path, index_dir: Path, embedder: Any, repeats: int
) -> tuple[list[float], list[int]]:
    """Edit one synthetic profile (a different one each time) and update the index."""
    from profilechat.indexing import update_index

    cfg = config_for(corpus, index_dir)
    files = sorted((corpus / "synthetic").iterdir())
    times, embedded = [], []
    for i in range(repeats):
        target = files[(i * 7) % len(files)]
        with open(target, "a", encoding="utf-8") as out:
            out.write(f"\nUpdate {i}: joined the program committee of a new workshop.\n")
        seconds, report = timed(lambda: update_index(cfg, embedder))
        assert len(report.updated) == 1, report.summary_lines()
        times.append(seconds)
        embedded.append(report.chunks_embedded)
    return times, embedded


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--profiles", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=None)
    args = parser.parse_args(argv)
    n_profiles = args.profiles or (20 if args.quick else 100)
    repeats = args.repeats or (1 if args.quick else 3)
    print(header("bench_indexing", args.quick, f"shipped corpus + {n_profiles} synthetic"))
    embedder = load_default_embedder()
    embedder.encode(["warm-up"] * 8)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = make_corpus(root, n_profiles)
        builds, floors, report, n_texts, index_dir = full_builds_and_floors(
            corpus, root, embedder, repeats
        )
        unchanged = unchanged_updates(corpus, index_dir, embedder, max(3, repeats + 2))
        changed, embedded = one_changed_updates(corpus, index_dir, embedder, repeats)
    print_report(report, n_texts, builds, floors, unchanged, changed, embedded)


def print_report(
    report: Any,
    n_texts: int,
    builds: list[float],
    floors: list[float],
    unchanged: list[float],
    changed: list[float],
    embedded: list[int],
) -> None:
    build, floor = median(builds), median(floors)
    documents, chunks = report.documents, report.chunks
    print(
        f"\n{documents} documents, {chunks} chunks, {n_texts} texts embedded per full build "
        f"({n_texts - chunks} sentences); batch size 32\n"
    )
    up, ch = median(unchanged), median(changed)
    rows = [
        [
            "full build",
            len(builds),
            f"{build:.2f}",
            f"{chunks / build:.1f}",
            f"{n_texts / build:.1f}",
            f"{build / floor:.2f}",
            "1.000",
        ],
        [
            "floor: encode same texts",
            len(floors),
            f"{floor:.2f}",
            f"{chunks / floor:.1f}",
            f"{n_texts / floor:.1f}",
            "1.00",
            f"{floor / build:.3f}",
        ],
        ["unchanged re-index", len(unchanged), f"{up:.3f}", "", "", "", f"{up / build:.4f}"],
        [f"1 of {documents} changed", len(changed), f"{ch:.3f}", "", "", "", f"{ch / build:.4f}"],
    ]
    columns = ["operation", "runs", "median s", "chunks/s", "texts/s", "x floor", "x build"]
    print(format_table(columns, rows))
    ratio = median(changed) / build
    print(
        f"\n1-of-N update: {median(changed):.3f}s = {ratio:.4f} x full build "
        f"(1/N = {1 / documents:.4f}; ratio / (1/N) = {ratio * documents:.1f}); "
        f"chunks re-embedded per update: {sorted(embedded)}"
    )
    print(f"full build overhead over the floor: {build - floor:.2f}s ({build / floor - 1:+.1%})")


if __name__ == "__main__":
    main()
