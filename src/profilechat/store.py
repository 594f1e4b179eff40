"""Stage "index store": FAISS vectors, the chunk store and a readable manifest on disk.

Layout of an index folder:

    index/
      manifest.json        the commit point: format, model, chunker, documents, checksums
      data-000007/         the generation manifest.json points at
        chunks.jsonl       one chunk per line, with its sentence spans
        vectors.npy        chunk vectors (row i ↔ line i of chunks.jsonl)
        units.npy          sentence vectors, in the order of the spans in chunks.jsonl
        index.faiss        the FAISS index over vectors.npy
        facts.json         profile facts per document (facts.py)
      .lock                held by the one update allowed at a time

An update writes a whole new generation folder, then replaces manifest.json with os.replace:
readers see the old generation or the new one, never a mix, whatever moment a crash happens.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from .errors import IndexCorruptError
from .facts import Fact
from .manifest import (
    DATA_FILES,
    FACTS,
    FORMAT_VERSION,
    MANIFEST,
    DocumentRecord,
    check_is_folder,
    check_model,
    file_sha256,
    index_lock,
    indexed_records,
    people_of,
    read_documents,
    read_facts,
    read_manifest,
    verify_checksums,
    write_error,
)
from .types import Chunk

# The manifest helpers live in manifest.py (no numpy or FAISS) and are re-exported here, where
# other modules have always imported them from.
__all__ = [
    "DocumentRecord",
    "IndexStore",
    "build_faiss_index",
    "file_sha256",
    "index_lock",
    "indexed_records",
    "read_manifest",
    "verify_checksums",
]

HNSW_NEIGHBOURS = 32
HNSW_EF_SEARCH = 128
# One query at a time is searched faster on one thread than on two (FAISS's OpenMP start-up
# costs more than it saves: docs/benchmarks.md, bench_faiss).
faiss.omp_set_num_threads(1)


@dataclass
class IndexStore:
    """An index in memory: chunks, their vectors, their sentence vectors and a FAISS index."""

    model: str
    dimension: int
    chunker: dict[str, int]
    chunks: list[Chunk]
    unit_spans: list[list[tuple[int, int]]]  # per chunk: sentence spans within chunk.text
    vectors: np.ndarray  # (n_chunks, dimension)
    unit_vectors: np.ndarray  # (n_units, dimension), spans flattened in chunk order
    documents: dict[str, DocumentRecord]
    facts: dict[str, list[Fact]] = field(default_factory=dict)  # file → its profile facts
    # The embedding backend of the newest vectors (embedding.py); both give the same vectors,
    # so it is recorded for the reader, never checked.
    backend: str = ""
    built_at: str = ""
    generation: int = 0
    approximate_above: int = 500_000
    faiss_index: faiss.Index | None = None
    unit_offsets: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    _by_source: dict[str, list[Chunk]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        counts = np.array([len(spans) for spans in self.unit_spans], dtype=np.int64)
        self.unit_offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        if self.faiss_index is None:
            self.faiss_index = build_faiss_index(self.vectors, self.approximate_above)
        if isinstance(self.faiss_index, faiss.IndexHNSWFlat):
            # FAISS's default of 16 gives 74–84 % recall@10; 128 gives 96–99 % (bench_faiss).
            self.faiss_index.hnsw.efSearch = HNSW_EF_SEARCH

    # -- queries ---------------------------------------------------------------------------

    def search(
        self, vector: np.ndarray, k: int, rows: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """The k chunk rows most similar to `vector` (optionally only among `rows`)."""
        if not self.chunks or k <= 0:
            return []
        if rows is not None:
            return self._search_rows(vector, k, rows)
        query = np.ascontiguousarray(vector.reshape(1, -1), dtype=np.float32)
        scores, ids = self.faiss_index.search(query, min(k, len(self.chunks)))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def _search_rows(self, vector: np.ndarray, k: int, rows: np.ndarray) -> list[tuple[int, float]]:
        """Exact search among `rows` (one or a few people's chunks: a small matrix product).

        FAISS's ID filter is no substitute: on an HNSW graph it returns only a few of the
        allowed rows when they lie far from the query (docs/benchmarks.md).
        """
        if len(rows) == 0:
            return []
        scores = self.vectors[rows] @ vector
        best = np.argsort(-scores)[:k]
        return [(int(rows[i]), float(scores[i])) for i in best]

    def units_of(self, row: int) -> tuple[list[tuple[int, int]], np.ndarray]:
        """Sentence spans of chunk `row` and their vectors."""
        start, end = self.unit_offsets[row], self.unit_offsets[row + 1]
        return self.unit_spans[row], self.unit_vectors[start:end]

    def facts_of(self, person: str) -> list[Fact]:
        """The profile facts of every document about `person`, in file order."""
        return [
            fact for source in self.people.get(person, []) for fact in self.facts.get(source, [])
        ]

    def chunk_at(self, source: str, offset: int) -> Chunk | None:
        """The chunk of `source` whose span holds character `offset` (None for offset -1)."""
        if offset < 0:
            return None
        for chunk in self._chunks_of_source().get(source, []):
            if chunk.start <= offset < chunk.end:
                return chunk
        return None

    def _chunks_of_source(self) -> dict[str, list[Chunk]]:
        if self._by_source is None:
            by_source: dict[str, list[Chunk]] = {}
            for chunk in self.chunks:
                by_source.setdefault(chunk.source, []).append(chunk)
            self._by_source = by_source
        return self._by_source

    @property
    def people(self) -> dict[str, list[str]]:
        """Person → the files about them."""
        return people_of(self.documents)

    def check_model(self, model: str) -> None:
        check_model(self.model, model)

    # -- persistence -----------------------------------------------------------------------

    @classmethod
    def load(cls, index_dir: Path, approximate_above: int = 500_000) -> IndexStore:
        manifest = read_manifest(index_dir)
        data_dir = index_dir / manifest["data"]
        verify_checksums(data_dir, manifest.get("checksums", {}))
        try:
            chunks, spans = _read_chunks(data_dir / "chunks.jsonl")
            vectors = np.load(data_dir / "vectors.npy", allow_pickle=False)
            unit_vectors = np.load(data_dir / "units.npy", allow_pickle=False)
            faiss_index = faiss.read_index(str(data_dir / "index.faiss"))
            facts = read_facts(data_dir / FACTS)
        except (
            OSError,
            ValueError,
            KeyError,
            TypeError,
            RuntimeError,
            json.JSONDecodeError,
        ) as error:
            raise IndexCorruptError(f"{type(error).__name__} reading {data_dir.name}") from error
        if len(vectors) != len(chunks) or faiss_index.ntotal != len(chunks):
            raise IndexCorruptError("vector and chunk counts differ")
        if len(unit_vectors) != sum(len(s) for s in spans):
            raise IndexCorruptError("sentence vector count differs from the chunk store")
        return cls(
            model=manifest["model"]["name"],
            dimension=int(manifest["model"]["dimension"]),
            chunker=manifest["chunker"],
            chunks=chunks,
            unit_spans=spans,
            vectors=vectors,
            unit_vectors=unit_vectors,
            documents=read_documents(manifest),
            facts=facts,
            backend=str(manifest["model"].get("backend", "")),
            built_at=manifest.get("built_at", ""),
            generation=int(manifest.get("generation", 0)),
            approximate_above=approximate_above,
            faiss_index=faiss_index,
        )

    def save(self, index_dir: Path) -> None:
        """Write a new generation, then switch manifest.json to it in one atomic rename."""
        check_is_folder(index_dir)
        try:
            index_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise write_error(index_dir, error) from error
        previous = _current_generation(index_dir)
        self.generation = max(previous, _highest_generation(index_dir)) + 1
        self.built_at = _now()
        name = f"data-{self.generation:06d}"
        staging = index_dir / f".{name}.tmp"
        try:
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir()
            self._write_data(staging)
            checksums = {f: file_sha256(staging / f) for f in DATA_FILES}
            _fsync_dir(staging)
            os.replace(staging, index_dir / name)
            _write_json_atomic(index_dir / MANIFEST, self._manifest(name, checksums))
            _fsync_dir(index_dir)
        except Exception as error:  # FAISS and numpy raise their own types for a full disk
            # Nothing was committed: manifest.json still names the previous generation.
            shutil.rmtree(staging, ignore_errors=True)
            with contextlib.suppress(OSError):
                (index_dir / f".{MANIFEST}.tmp").unlink(missing_ok=True)
            raise write_error(index_dir, error) from error
        _remove_old_generations(index_dir, keep={name, f"data-{previous:06d}"})

    def _write_data(self, folder: Path) -> None:
        with open(folder / "chunks.jsonl", "w", encoding="utf-8") as out:
            for chunk, spans in zip(self.chunks, self.unit_spans, strict=True):
                record = {**chunk.__dict__, "units": [list(s) for s in spans]}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            _flush(out)
        for file_name, array in (("vectors.npy", self.vectors), ("units.npy", self.unit_vectors)):
            with open(folder / file_name, "wb") as out:
                np.save(out, np.ascontiguousarray(array, dtype=np.float32), allow_pickle=False)
                _flush(out)
        faiss.write_index(self.faiss_index, str(folder / "index.faiss"))
        with open(folder / "index.faiss", "rb+") as out:
            os.fsync(out.fileno())
        with open(folder / FACTS, "w", encoding="utf-8") as out:
            facts = {source: [f.to_dict() for f in items] for source, items in self.facts.items()}
            json.dump(facts, out, ensure_ascii=False)
            _flush(out)

    def _manifest(self, data_name: str, checksums: dict[str, str]) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION,
            "generation": self.generation,
            "data": data_name,
            "built_at": self.built_at,
            "model": {"name": self.model, "dimension": self.dimension, "backend": self.backend},
            "chunker": self.chunker,
            "faiss": type(self.faiss_index).__name__,
            "counts": {
                "documents": len(self.documents),
                "people": len(self.people),
                "chunks": len(self.chunks),
                "sentences": int(self.unit_offsets[-1]),
            },
            "checksums": checksums,
            "documents": [r.__dict__ for r in sorted(self.documents.values(), key=_by_source)],
        }


def build_faiss_index(vectors: np.ndarray, approximate_above: int) -> faiss.Index:
    """Exact inner-product search, or HNSW once the collection is large enough to need it."""
    dimension = vectors.shape[1]
    if len(vectors) > approximate_above:
        metric = faiss.METRIC_INNER_PRODUCT
        index: faiss.Index = faiss.IndexHNSWFlat(dimension, HNSW_NEIGHBOURS, metric)
        index.hnsw.efConstruction = 80
    else:
        index = faiss.IndexFlatIP(dimension)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def _read_chunks(path: Path) -> tuple[list[Chunk], list[list[tuple[int, int]]]]:
    chunks: list[Chunk] = []
    spans: list[list[tuple[int, int]]] = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            units = record.pop("units")
            chunks.append(Chunk(**record))
            spans.append([(int(s), int(e)) for s, e in units])
    return chunks, spans


def _current_generation(index_dir: Path) -> int:
    try:
        return int(json.loads((index_dir / MANIFEST).read_text()).get("generation", 0))
    except (OSError, ValueError, AttributeError):
        return 0


def _highest_generation(index_dir: Path) -> int:
    numbers = [int(p.name.split("-")[1]) for p in index_dir.glob("data-[0-9]*") if p.is_dir()]
    return max(numbers, default=0)


def _remove_old_generations(index_dir: Path, keep: set[str]) -> None:
    """Keep the new and the previous generation (a reader may still be opening it)."""
    for path in index_dir.iterdir():
        stale_data = path.name.startswith("data-") and path.name not in keep
        stale_staging = path.name.startswith(".data-") or path.name.startswith(".manifest")
        if (stale_data or stale_staging) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif stale_staging:
            path.unlink(missing_ok=True)


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    staging = path.with_name(f".{path.name}.tmp")
    with open(staging, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=2, ensure_ascii=False)
        out.write("\n")
        _flush(out)
    os.replace(staging, path)


def _flush(handle: Any) -> None:
    handle.flush()
    os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def _by_source(record: DocumentRecord) -> str:
    return record.source
