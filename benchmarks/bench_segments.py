"""What an index update costs with segments and tombstones, against the code of a baseline
revision (one generation folder rewritten per update), side by side in one process.

  update     non-embedding time of a one-document update at 100 / 1,000 / 10,000 synthetic
             profiles (benchmarks/synthetic.py), split into corpus scan (list and hash every
             file), store (baseline: load the whole store, assemble, write a new generation;
             now: segments.commit) and the rest (manifest, parsing the one file, name merging).
             Embedding is timed and taken out: the fake hash embedder (tests/fakes.py) at 384
             dimensions stands in for the model. The current code runs twice, on two copies of
             the index: "scan" finds the change by scanning the corpus, "told" is given the new
             file (update_index(changed=...), as the app's uploads are).
  disk       bytes on disk against the live data after N one-document updates (replace, remove,
             add) at 1,000 profiles. Live data: the same documents written fresh by the same code.
  hnsw       one upload above approximate_above: building the HNSW graph from all N vectors
             (what the baseline did on every upload) against adding one document's 20 vectors to
             the graph file (segments.commit, everything included), random unit vectors.
  recall     recall@10 of the HNSW search (tombstones filtered by an IDSelector, and by
             over-fetching and dropping) against exact search over the live rows, after many
             add / replace / remove updates through segments.commit.

The baseline's package is extracted with `git archive REF src` and imported as
`profilechat_base` (its absolute imports renamed), so both run in this process.

    .venv/bin/python benchmarks/bench_segments.py [--quick] [--baseline main] [--hnsw 25000,50000]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import REPO, format_table, header, median
from synthetic import generate_profiles, write_corpus

from profilechat import indexing, segments
from profilechat.config import Config
from profilechat.manifest import DocumentRecord, read_manifest
from profilechat.store import IndexStore, SegmentData
from tests.fakes import HashEmbedder

DIMENSION = 384
MODEL = "fake-hash-384"
TEMPLATES = 100  # distinct profiles prepared and embedded; larger corpora repeat their rows


class TimedEmbedder(HashEmbedder):
    """The fake hash embedder, counting the seconds spent embedding."""

    def __init__(self) -> None:
        super().__init__(MODEL, DIMENSION)
        self.seconds = 0.0

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        started = time.perf_counter()
        vectors = super().encode(texts)
        self.seconds += time.perf_counter() - started
        return vectors


# --------------------------------------------------------------------------- baseline package


def baseline_package(ref: str, root: Path) -> ModuleType:
    """The `profilechat` package of git revision `ref`, imported as `profilechat_base`."""
    archive = root / "baseline.tar"
    with open(archive, "wb") as out:
        subprocess.run(["git", "archive", ref, "src"], cwd=REPO, stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(root / "baseline", filter="data")
    package = root / "baseline" / "src" / "profilechat"
    renamed = root / "baseline" / "profilechat_base"
    package.rename(renamed)
    for path in renamed.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        text = text.replace("from profilechat.", "from profilechat_base.")
        text = text.replace("import profilechat.", "import profilechat_base.")
        path.write_text(text, encoding="utf-8")
    sys.path.insert(0, str(renamed.parent))
    return importlib.import_module("profilechat_base")


def submodule(package: ModuleType, name: str) -> ModuleType:
    return importlib.import_module(f"{package.__name__}.{name}")


# --------------------------------------------------------------------------- corpora


def templates(corpus: Path, config: Config, embedder: TimedEmbedder) -> list[Any]:
    """The first TEMPLATES profiles of `corpus`, prepared and embedded by the current code."""
    items = []
    for path in sorted(corpus.iterdir())[:TEMPLATES]:
        item = indexing._prepare(path, config, None)
        item.chunk_vectors, item.unit_vectors = indexing._embed(embedder, item.chunks, item.spans)
        items.append(item)
    return items


def corpus_rows(corpus: Path, items: list[Any]) -> list[tuple[Any, str, str, str]]:
    """Per file of `corpus`: (its template item, source, sha256, person)."""
    rows = []
    for n, path in enumerate(sorted(corpus.iterdir())):
        item = items[n % len(items)]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        person = f"{item.document.person} {n}" if n >= len(items) else item.document.person
        rows.append((item, path.name, digest, person))
    return rows


def write_new_index(
    config: Any, rows: list[tuple[Any, str, str, str]], package: ModuleType | None = None
) -> None:
    """The corpus's index in the segmented format, written by segments.commit of `package`
    (the current one by default, or a baseline that has segments)."""
    package = package or importlib.import_module("profilechat")
    manifest, store, segments_module, types = (
        submodule(package, n) for n in ("manifest", "store", "segments", "types")
    )
    records: dict[str, Any] = {}
    chunks, spans, vectors, units, facts = [], [], [], [], {}
    for item, source, digest, person in rows:
        record = manifest.DocumentRecord(
            source,
            digest,
            person,
            len(item.chunks),
            "now",
            {},
            named=person,
            own_name=person,
            sentences=sum(len(s) for s in item.spans),
            segment="",
            first_row=len(chunks),
        )
        if hasattr(manifest, "with_stat"):
            # the file's stat as a build records it: taken now, so files written in the last
            # seconds are racily clean and hashed by the updates (as after a real build)
            record = manifest.with_stat(record, manifest.file_stat(config.corpus_dir / source))
        records[source] = record
        chunks += [types.Chunk(**_moved_chunk(c, source, person).__dict__) for c in item.chunks]
        spans += item.spans
        vectors.append(item.chunk_vectors)
        units.append(item.unit_vectors)
        facts[source] = item.facts
    data = store.SegmentData(chunks, spans, np.concatenate(vectors), np.concatenate(units), facts)
    segments_module.commit(config, None, records, data, DIMENSION, "fake")


def write_base_index(base: ModuleType, config: Any, rows: list[tuple[Any, str, str, str]]) -> None:
    """The corpus's index in the baseline's format, written by its IndexStore.save (or by its
    segments.commit, when the baseline has segments)."""
    if hasattr(submodule(base, "indexing"), "_commit"):
        write_new_index(config, rows, base)
        return
    store_module, types, manifest = (submodule(base, n) for n in ("store", "types", "manifest"))
    records, chunks, spans, vectors, units, facts = {}, [], [], [], [], {}
    for item, source, digest, person in rows:
        records[source] = manifest.DocumentRecord(
            source, digest, person, len(item.chunks), "now", {}, named=person
        )
        chunks += [types.Chunk(**_moved_chunk(c, source, person).__dict__) for c in item.chunks]
        spans += item.spans
        vectors.append(item.chunk_vectors)
        units.append(item.unit_vectors)
        facts[source] = item.facts
    chunks = [types.Chunk(**{**c.__dict__, "chunk_id": i}) for i, c in enumerate(chunks)]
    store = store_module.IndexStore(
        model=MODEL,
        dimension=DIMENSION,
        chunker=config.chunker_settings(),
        chunks=chunks,
        unit_spans=spans,
        vectors=np.concatenate(vectors),
        unit_vectors=np.concatenate(units),
        documents=records,
        facts=facts,
        backend="fake",
        approximate_above=config.approximate_above,
    )
    store.save(config.index_dir)


def _moved_chunk(chunk: Any, source: str, person: str) -> Any:
    from dataclasses import replace

    return replace(chunk, source=source, person=person)


# --------------------------------------------------------------------------- timing hooks


class Timers:
    """Seconds spent in wrapped functions, by label, for one update."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._undo: list[Callable[[], None]] = []

    def wrap(self, owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - started

        setattr(owner, name, timed)
        self._undo.append(lambda: setattr(owner, name, original))

    def restore(self) -> None:
        for undo in reversed(self._undo):
            undo()


def timed_update(
    indexing_module: ModuleType,
    store_hooks: list[tuple[Any, str]],
    config: Any,
    manifest_hook: tuple[Any, str] | None = None,
    changed: list[str] | None = None,
) -> dict[str, float]:
    """One update_index call (told which files changed, when `changed` is given): total,
    embedding, scan, store and manifest-writing seconds."""
    embedder = TimedEmbedder()
    timers = Timers()
    if manifest_hook is not None:
        timers.wrap(*manifest_hook, "manifest")
    timers.wrap(indexing_module, "file_sha256", "scan")
    if hasattr(indexing_module, "list_corpus"):
        timers.wrap(indexing_module, "list_corpus", "scan")
    for name in ("file_stat", "scan_corpus", "scan_named"):
        if hasattr(indexing_module, name):
            timers.wrap(indexing_module, name, "scan")
    _forget_name_keys(indexing_module)
    for owner, name in store_hooks:
        timers.wrap(owner, name, "store")
    try:
        started = time.perf_counter()
        if changed is None:
            indexing_module.update_index(config, embedder)
        else:
            indexing_module.update_index(config, embedder, changed=changed)
        total = time.perf_counter() - started
    finally:
        timers.restore()
    return {
        "total": total - embedder.seconds,
        "embed": embedder.seconds,
        "scan": timers.seconds.get("scan", 0.0),
        "store": timers.seconds.get("store", 0.0),
        "manifest": timers.seconds.get("manifest", 0.0),
    }


def _forget_name_keys(indexing_module: ModuleType) -> None:
    """Empty the per-process cache of names' identity keys: each update is timed as a one-off
    `profilechat index` runs it (the app, which updates many times, keeps them)."""
    people = importlib.import_module(indexing_module.__name__.rsplit(".", 1)[0] + ".people")
    for name in ("identity_key", "_identity_key"):
        if hasattr(people, name):
            getattr(people, name).cache_clear()


def bench_update(base: ModuleType | None, sizes: list[int], repeats: int, root: Path) -> str:
    embedder = TimedEmbedder()
    extra = generate_profiles(max(sizes) + 2 * repeats + 1, seed=99)[-(2 * repeats + 1) :]
    rows_out = []
    for size in sizes:
        corpus = root / f"update-{size}" / "corpus"
        corpus.mkdir(parents=True)
        write_corpus(generate_profiles(size, seed=1), corpus)
        config = Config(corpus_dir=corpus, index_dir=corpus.parent / "now", model=MODEL)
        items = templates(corpus, config, embedder)
        rows = corpus_rows(corpus, items)
        variants: list[tuple[str, ModuleType, list[tuple[Any, str]], Any]] = []
        write_new_index(config, rows)
        variants.append(("now, scan", indexing, [(indexing, "_commit")], config))
        told = config.with_(index_dir=corpus.parent / "told")
        write_new_index(told, rows)
        variants.append(("now, told", indexing, [(indexing, "_commit")], told))
        manifest_hook = (segments, "_write_json_atomic")
        if base is not None:
            base_config = submodule(base, "config").Config(
                corpus_dir=corpus, index_dir=corpus.parent / "base", model=MODEL
            )
            write_base_index(base, base_config, rows)
            base_store = submodule(base, "store").IndexStore
            base_indexing = submodule(base, "indexing")
            hooks = [(base_store, "load"), (base_store, "save"), (base_indexing, "_assemble")]
            if hasattr(base_indexing, "_commit"):  # a baseline with segments
                hooks = [(base_indexing, "_commit")]
            variants.insert(0, ("baseline", base_indexing, hooks, base_config))
        results: dict[str, list[dict[str, float]]] = {label: [] for label, *_ in variants}
        for repeat in range(repeats + 1):  # the first round warms up (imports the chunker)
            write_corpus([extra[repeat]], corpus)  # one new profile, seen by every variant
            for label, module, hooks, variant_config in variants:
                timing = timed_update(
                    module,
                    hooks,
                    variant_config,
                    manifest_hook if label.startswith("now") else None,
                    [extra[repeat].file_name] if label == "now, told" else None,
                )
                if repeat:
                    results[label].append(timing)
        for label, *_ in variants:
            runs = results[label]
            rows_out.append(
                [
                    f"{size:,} profiles, {label}",
                    f"{1000 * median([r['total'] for r in runs]):.0f}",
                    f"{1000 * median([r['scan'] for r in runs]):.0f}",
                    f"{1000 * median([r['store'] for r in runs]):.0f}",
                    f"{1000 * median([r['manifest'] for r in runs]):.0f}"
                    if label.startswith("now")
                    else "",
                    f"{1000 * median([r['total'] - r['scan'] - r['store'] for r in runs]):.0f}",
                    f"{1000 * median([r['embed'] for r in runs]):.0f}",
                ]
            )
        shutil.rmtree(corpus.parent)
    return format_table(
        [
            "one-document update",
            "non-embedding ms",
            "scan ms",
            "store ms",
            "of which manifest",
            "rest ms",
            "embed ms",
        ],
        rows_out,
        f"Non-embedding time of a one-document update (median of {repeats}; fake embedder, "
        f"{DIMENSION} dims)",
    )


# --------------------------------------------------------------------------- disk


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def fresh_bytes_now(config: Any, root: Path, package: ModuleType | None = None) -> int:
    """The size of the live data written fresh by `package` (the current one by default, or a
    baseline with segments): one segment, the records and a manifest."""
    package = package or importlib.import_module("profilechat")
    store_module, segments_module = (submodule(package, n) for n in ("store", "segments"))
    store = store_module.IndexStore.load(config.index_dir, config.approximate_above)
    records: dict[str, Any] = {}
    for row, chunk in enumerate(store.chunks):
        if chunk.source not in records:
            records[chunk.source] = _fresh_record(store.documents[chunk.source], row)
    data = store_module.SegmentData(
        store.chunks, store.unit_spans, store.vectors, store.unit_vectors, store.facts
    )
    target = config.with_(index_dir=root / f"fresh-{package.__name__}")
    shutil.rmtree(target.index_dir, ignore_errors=True)
    segments_module.commit(target, None, records, data, store.dimension, store.backend)
    return folder_bytes(target.index_dir)


def _fresh_record(record: DocumentRecord, first_row: int) -> DocumentRecord:
    from dataclasses import replace

    return replace(record, segment="", first_row=first_row)


def fresh_bytes_base(base: ModuleType, config: Any, root: Path) -> int:
    if hasattr(submodule(base, "indexing"), "_commit"):  # a baseline with segments
        return fresh_bytes_now(config, root, base)
    store = submodule(base, "store").IndexStore.load(config.index_dir, config.approximate_above)
    target = root / "fresh-base"
    shutil.rmtree(target, ignore_errors=True)
    store.save(target)
    return folder_bytes(target)


def bench_disk(base: ModuleType | None, size: int, updates: int, root: Path) -> str:
    embedder = TimedEmbedder()
    corpus = root / "disk" / "corpus"
    corpus.mkdir(parents=True)
    profiles = generate_profiles(size + updates, seed=5)
    write_corpus(profiles[:size], corpus)
    config = Config(corpus_dir=corpus, index_dir=corpus.parent / "now", model=MODEL)
    rows = corpus_rows(corpus, templates(corpus, config, embedder))
    write_new_index(config, rows)
    base_config = None
    if base is not None:
        base_config = submodule(base, "config").Config(
            corpus_dir=corpus, index_dir=corpus.parent / "base", model=MODEL
        )
        write_base_index(base, base_config, rows)
    rng = random.Random(11)
    rewritten = generate_profiles(size, seed=6)
    checkpoints = {1, updates // 4, updates // 2, updates}
    every = size <= 300  # small corpora: the ratio after every update, to show its maximum
    table, worst = [], 0.0
    for update in range(1, updates + 1):
        files = sorted(corpus.iterdir())
        action = rng.choice(["replace", "replace", "remove", "add"])
        if action == "remove":
            rng.choice(files).unlink()
        elif action == "add":
            write_corpus([profiles[size + update - 1]], corpus)
        else:
            victim = rng.choice(files)
            # another profile's text under this file name: a changed document
            text_source = root / "disk" / "text"
            text_source.mkdir(exist_ok=True)
            write_corpus([rewritten[rng.randrange(size)]], text_source)
            new_text = next(text_source.iterdir())
            victim.write_bytes(new_text.read_bytes())
            shutil.rmtree(text_source)
        indexing.update_index(config, embedder)
        if base_config is not None:
            submodule(base, "indexing").update_index(base_config, embedder)
        if every:
            worst = max(worst, folder_bytes(config.index_dir) / fresh_bytes_now(config, root))
        if update in checkpoints:
            now_disk, now_live = folder_bytes(config.index_dir), fresh_bytes_now(config, root)
            row = [
                f"after {update} updates",
                f"{now_disk / 2**20:.1f}",
                f"{now_disk / now_live:.2f}",
            ]
            if base_config is not None:
                base_disk = folder_bytes(base_config.index_dir)
                base_live = fresh_bytes_base(base, base_config, root)
                row += [f"{base_disk / 2**20:.1f}", f"{base_disk / base_live:.2f}"]
            table.append(row)
    if every:
        table.append(["worst after any update", "", f"{worst:.2f}"] + ([""] * 2 if base else []))
    headers = ["disk", "now MiB", "now / live"]
    if base is not None:
        headers += ["baseline MiB", "baseline / live"]
    shutil.rmtree(root / "disk")
    return format_table(
        headers, table, f"Disk against live data, {size:,} profiles, one-document updates"
    )


# --------------------------------------------------------------------------- hnsw


def unit_vectors(
    rng: np.random.Generator, count: int, centres: np.ndarray | None = None
) -> np.ndarray:
    if centres is None:
        vectors = rng.normal(size=(count, DIMENSION)).astype(np.float32)
    else:
        picks = centres[rng.integers(0, len(centres), count)]
        vectors = (picks + 0.6 * rng.normal(size=(count, DIMENSION)) / np.sqrt(DIMENSION)).astype(
            np.float32
        )
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def synthetic_segment(
    vectors: np.ndarray, first_doc: int, rows_per_doc: int
) -> tuple[dict[str, DocumentRecord], SegmentData]:
    """Documents of `rows_per_doc` rows each over `vectors` (no sentences)."""
    from profilechat.types import Chunk

    records, chunks = {}, []
    for doc in range(len(vectors) // rows_per_doc):
        source = f"doc-{first_doc + doc}.md"
        records[source] = DocumentRecord(
            source,
            "0" * 64,
            f"P{first_doc + doc}",
            rows_per_doc,
            "now",
            {},
            named=f"P{first_doc + doc}",
            segment="",
            first_row=len(chunks),
        )
        chunks += [
            Chunk(0, f"P{first_doc + doc}", source, "", "x", 0, 1) for _ in range(rows_per_doc)
        ]
    data = SegmentData(
        chunks, [[] for _ in chunks], vectors, np.zeros((0, DIMENSION), np.float32), {}
    )
    return records, data


def bench_hnsw(sizes: list[int], root: Path) -> str:
    rng = np.random.default_rng(0)
    rows = []
    for size in sizes:
        config = Config(index_dir=root / f"hnsw-{size}", model=MODEL, approximate_above=size // 2)
        records, data = synthetic_segment(unit_vectors(rng, size), 0, 10)
        started = time.perf_counter()
        segments.commit(config, None, records, data, DIMENSION, "fake")  # builds the graph
        build = time.perf_counter() - started
        previous = read_manifest(config.index_dir)
        new_records, new_data = synthetic_segment(unit_vectors(rng, 20), size // 10, 20)
        current = {r["source"]: DocumentRecord(**r) for r in previous["documents"]}
        current.update({s: r for s, r in new_records.items() if s not in current})
        started = time.perf_counter()
        segments.commit(config, previous, current, new_data, DIMENSION, "fake")
        append = time.perf_counter() - started
        graph_mib = (
            config.index_dir / read_manifest(config.index_dir)["graph"]
        ).stat().st_size / 2**20
        rows.append(
            [
                f"{size:,} vectors",
                f"{build:.1f}",
                f"{append:.2f}",
                f"{build / append:.0f}x",
                f"{graph_mib:.0f}",
            ]
        )
        shutil.rmtree(config.index_dir)
        print(f"  measured: {' | '.join(rows[-1])}", flush=True)  # a long run: one line per size
    return format_table(
        ["HNSW upload", "rebuild s (baseline)", "add to graph s (now)", "ratio", "graph MiB"],
        rows,
        f"One upload of a 20-row document above approximate_above ({DIMENSION} dims, random unit "
        "vectors, FAISS on 1 thread as the store sets it)",
    )


# --------------------------------------------------------------------------- exact search


def bench_flat(rows: int, root: Path, repeats: int = 5) -> str:
    """Opening exact search over `rows` vectors: a FAISS file read, or the vectors (which a
    segment stores anyway) read and copied into a new IndexFlatIP."""
    import faiss

    vectors = unit_vectors(np.random.default_rng(2), rows)
    np.save(root / "vectors.npy", vectors)
    flat = faiss.IndexFlatIP(DIMENSION)
    flat.add(vectors)
    faiss.write_index(flat, str(root / "index.faiss"))

    def from_file() -> Any:
        return faiss.read_index(str(root / "index.faiss"))

    def from_vectors() -> Any:
        index = faiss.IndexFlatIP(DIMENSION)
        index.add(np.load(root / "vectors.npy"))
        return index

    times: dict[str, list[float]] = {"file": [], "vectors": []}
    for _ in range(repeats):
        for label, opener in (("file", from_file), ("vectors", from_vectors)):
            started = time.perf_counter()
            opener()
            times[label].append(time.perf_counter() - started)
    size = (root / "index.faiss").stat().st_size / 2**20
    (root / "index.faiss").unlink()
    (root / "vectors.npy").unlink()
    return format_table(
        ["exact search", "open ms", "extra disk MiB"],
        [
            ["FAISS file per segment", f"{1000 * median(times['file']):.0f}", f"{size:.0f}"],
            ["vectors.npy into IndexFlatIP", f"{1000 * median(times['vectors']):.0f}", "0"],
        ],
        f"Opening exact search over {rows:,} vectors of {DIMENSION} dims (median of {repeats})",
    )


# --------------------------------------------------------------------------- recall


def bench_recall(start_rows: int, updates: int, root: Path) -> str:
    """Recall@10 after add / replace / remove updates (10-row documents, 2,000-centre mixture)."""
    rng = np.random.default_rng(1)
    centres = unit_vectors(rng, 2000)
    config = Config(index_dir=root / "recall", model=MODEL, approximate_above=start_rows // 2)
    records, data = synthetic_segment(unit_vectors(rng, start_rows, centres), 0, 10)
    segments.commit(config, None, records, data, DIMENSION, "fake")
    next_doc = start_rows // 10
    per_update = max(1, start_rows // 10 // 100)  # documents replaced per update: 1 % of them

    table = []
    for update in range(1, updates + 1):
        previous = read_manifest(config.index_dir)
        current = {r["source"]: DocumentRecord(**r) for r in previous["documents"]}
        sources = sorted(current)
        for source in random.Random(update).sample(sources, 2 * per_update):
            del current[source]  # half removed, half replaced (a new document below)
        new_records, new_data = synthetic_segment(
            unit_vectors(rng, 10 * (per_update + per_update), centres), next_doc, 10
        )
        next_doc += 2 * per_update
        current.update(new_records)
        segments.commit(config, previous, current, new_data, DIMENSION, "fake")
        if update % max(1, updates // 6) and update != updates:
            continue
        store = IndexStore.load(config.index_dir, config.approximate_above)
        manifest = read_manifest(config.index_dir)
        dead = manifest["counts"]["deleted chunks"]
        total = sum(s["rows"] for s in manifest["segments"])
        queries = unit_vectors(rng, 200, centres)
        exact = np.argsort(-(queries @ store.vectors.T), axis=1)[:, :10]
        selector = np.mean(
            [
                len(set(r for r, _ in store.search(q, 10)) & set(e)) / 10
                for q, e in zip(queries, exact, strict=True)
            ]
        )
        overfetch = np.mean(
            [
                _overfetch_recall(store, q, set(e.tolist()), dead / max(total, 1))
                for q, e in zip(queries, exact, strict=True)
            ]
        )
        table.append(
            [
                f"after {update} updates",
                f"{len(store.chunks):,}",
                f"{dead / max(total, 1):.1%}",
                len(manifest["segments"]),
                f"{selector:.3f}",
                f"{overfetch:.3f}",
            ]
        )
    shutil.rmtree(config.index_dir)
    return format_table(
        ["recall@10", "live rows", "tombstoned", "segments", "IDSelector", "over-fetch"],
        table,
        f"Recall@10 against exact search, {start_rows:,} rows, 1 % of documents removed and 1 % "
        "replaced per update (compaction past 20 % tombstones)",
    )


def _overfetch_recall(
    store: IndexStore, query: np.ndarray, truth: set[int], dead_share: float
) -> float:
    """Search the graph without the selector for k / (1 - tombstoned share) + 10, drop dead."""
    depth = int(10 / max(1e-6, 1 - dead_share)) + 10
    _, ids = store.faiss_index.search(query.reshape(1, -1), depth)
    rows = [int(store.graph_rows[i]) for i in ids[0] if i >= 0 and store.graph_rows[i] >= 0][:10]
    return len(set(rows) & truth) / 10


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--baseline", default="main", help="git revision to compare with ('' for none)"
    )
    parser.add_argument(
        "--sizes", default="", help="profiles for the update table, e.g. 100,1000,10000"
    )
    parser.add_argument(
        "--hnsw", default="", help="vector counts for the HNSW table, e.g. 25000,50000"
    )
    parser.add_argument("--only", default="update,disk,flat,recall,hnsw")
    parser.add_argument("--disk-size", type=int, default=1000, help="profiles for the disk table")
    parser.add_argument("--disk-updates", type=int, default=40)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s] or (
        [100, 1000] if args.quick else [100, 1000, 10000]
    )
    hnsw_sizes = [int(s) for s in args.hnsw.split(",") if s] or (
        [10000] if args.quick else [25000, 50000, 100000]
    )
    print(header("bench_segments", args.quick, "baseline " + (args.baseline or "none")))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        base = baseline_package(args.baseline, root) if args.baseline else None
        parts = args.only.split(",")
        if "update" in parts:
            print(bench_update(base, sizes, 2 if args.quick else 3, root), "\n", flush=True)
        if "disk" in parts:
            print(bench_disk(base, args.disk_size, args.disk_updates, root), "\n", flush=True)
        if "flat" in parts:
            print(bench_flat(65_000, root), "\n", flush=True)
        if "recall" in parts:
            print(
                bench_recall(5000 if args.quick else 20000, 12 if args.quick else 40, root),
                "\n",
                flush=True,
            )
        if "hnsw" in parts:
            print(bench_hnsw(hnsw_sizes, root), flush=True)


if __name__ == "__main__":
    main()
