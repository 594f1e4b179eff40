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
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from .errors import (
    IndexBusyError,
    IndexCorruptError,
    IndexLocationError,
    IndexMismatchError,
    IndexMissingError,
    IndexReadOnlyError,
    IndexVersionError,
    IndexWriteError,
    ProfileChatError,
    describe,
)
from .facts import Fact
from .types import Chunk

# 2: chunks carry their section kind; facts.json; documents record how they were attributed.
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
LOCK = ".lock"
DATA_FILES = ("chunks.jsonl", "vectors.npy", "units.npy", "index.faiss", "facts.json")
HNSW_NEIGHBOURS = 32
HNSW_EF_SEARCH = 128
# One query at a time is searched faster on one thread than on two (FAISS's OpenMP start-up
# costs more than it saves: docs/benchmarks.md, bench_faiss).
faiss.omp_set_num_threads(1)


@dataclass
class DocumentRecord:
    """What the manifest remembers about one indexed file."""

    source: str
    content_hash: str
    person: str
    chunks: int
    indexed_at: str
    metadata: dict[str, Any] = field(default_factory=dict)
    # How the person was found: "document" (its own text) or "people.yaml" (set by the user).
    attribution: str = "document"
    # The name as the document (or people.yaml) gives it, before variants were merged.
    named: str = ""


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
    built_at: str = ""
    generation: int = 0
    approximate_above: int = 500_000
    faiss_index: faiss.Index | None = None
    unit_offsets: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))

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

    @property
    def people(self) -> dict[str, list[str]]:
        """Person → the files about them."""
        people: dict[str, list[str]] = {}
        for record in sorted(self.documents.values(), key=lambda r: r.source):
            people.setdefault(record.person, []).append(record.source)
        return dict(sorted(people.items()))

    def check_model(self, model: str) -> None:
        if model != self.model:
            raise IndexMismatchError(f"the model {self.model!r}, but {model!r} is configured")

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
            facts = _read_facts(data_dir / "facts.json")
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
            documents=_records(manifest),
            facts=facts,
            built_at=manifest.get("built_at", ""),
            generation=int(manifest.get("generation", 0)),
            approximate_above=approximate_above,
            faiss_index=faiss_index,
        )

    def save(self, index_dir: Path) -> None:
        """Write a new generation, then switch manifest.json to it in one atomic rename."""
        _check_is_folder(index_dir)
        try:
            index_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _write_error(index_dir, error) from error
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
            raise _write_error(index_dir, error) from error
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
        with open(folder / "facts.json", "w", encoding="utf-8") as out:
            facts = {source: [f.to_dict() for f in items] for source, items in self.facts.items()}
            json.dump(facts, out, ensure_ascii=False)
            _flush(out)

    def _manifest(self, data_name: str, checksums: dict[str, str]) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION,
            "generation": self.generation,
            "data": data_name,
            "built_at": self.built_at,
            "model": {"name": self.model, "dimension": self.dimension},
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


def read_manifest(index_dir: Path) -> dict[str, Any]:
    _check_is_folder(index_dir)
    path = index_dir / MANIFEST
    if not path.is_file():
        raise IndexMissingError(str(index_dir))
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IndexCorruptError("manifest.json cannot be read") from error
    if not isinstance(manifest, dict):
        raise IndexCorruptError("manifest.json is incomplete")
    version = manifest.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise IndexVersionError(version, FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise IndexMismatchError(f"the older index format {version} (now {FORMAT_VERSION})")
    _check_manifest(manifest)
    return manifest


# The fields a manifest must have, with their types: a hand-edited or damaged manifest is
# refused with the field named, never read half-way. Checksums are required: an index whose
# files cannot be checked is not trusted.
_MANIFEST_FIELDS: dict[str, type] = {
    "data": str,
    "generation": int,
    "model": dict,
    "chunker": dict,
    "checksums": dict,
    "documents": list,
}


def _check_manifest(manifest: dict[str, Any]) -> None:
    for name, kind in _MANIFEST_FIELDS.items():
        if name not in manifest:
            raise IndexCorruptError(f"manifest.json has no {name}")
        value = manifest[name]
        if not isinstance(value, kind) or isinstance(value, bool):
            article = "" if name.endswith("s") else "a "
            raise IndexCorruptError(f"manifest.json has {article}{name} of the wrong type")
    if not re.fullmatch(r"data-[0-9]+", manifest["data"]):
        raise IndexCorruptError("manifest.json names no data folder")
    model = manifest["model"]
    if not isinstance(model.get("name"), str) or type(model.get("dimension")) is not int:
        raise IndexCorruptError("manifest.json has a model of the wrong type")
    for file_name in DATA_FILES:
        checksum = manifest["checksums"].get(file_name)
        if not (isinstance(checksum, str) and re.fullmatch(r"[0-9a-f]{64}", checksum)):
            raise IndexCorruptError(f"manifest.json has no checksum for {file_name}")
    try:
        _records(manifest)
    except (TypeError, AttributeError) as error:
        raise IndexCorruptError("manifest.json has a damaged document") from error


def _check_is_folder(index_dir: Path) -> None:
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexLocationError(str(index_dir))


def _write_error(index_dir: Path, error: BaseException) -> ProfileChatError:
    """A write failure as the user's sentence: a read-only folder, or another reason."""
    denied = isinstance(error, PermissionError) or (
        isinstance(error, OSError) and error.errno == errno.EROFS
    )
    if denied:
        return IndexReadOnlyError(str(index_dir), describe(error))
    return IndexWriteError(describe(error))


def indexed_records(index_dir: Path) -> dict[str, DocumentRecord]:
    """The documents of the index in `index_dir` by file name, read from its manifest only;
    empty when there is no index yet."""
    try:
        return _records(read_manifest(index_dir))
    except IndexMissingError:
        return {}


def _records(manifest: dict[str, Any]) -> dict[str, DocumentRecord]:
    records = [DocumentRecord(**d) for d in manifest.get("documents", [])]
    if not all(isinstance(r.source, str) and isinstance(r.person, str) for r in records):
        raise TypeError("a document's source and person must be text")
    return {r.source: r for r in records}


def verify_checksums(data_dir: Path, checksums: dict[str, str]) -> None:
    for file_name in DATA_FILES:
        path = data_dir / file_name
        if not path.is_file():
            raise IndexCorruptError(f"{data_dir.name}/{file_name} is missing")
        expected = checksums.get(file_name)
        if not expected:
            raise IndexCorruptError(f"manifest.json has no checksum for {file_name}")
        if file_sha256(path) != expected:
            raise IndexCorruptError(f"{data_dir.name}/{file_name} fails its checksum")


@contextlib.contextmanager
def index_lock(index_dir: Path, timeout: float) -> Iterator[None]:
    """Hold the index's update lock; wait up to `timeout` seconds, then refuse.

    flock is released by the kernel when the holder dies, even by kill -9, so a crashed update
    never leaves the index locked. In a folder that cannot be written the lock file is locked
    read-only, or, when it does not exist, not at all: no update can write there anyway, and
    one that needs to says so (IndexReadOnlyError).
    """
    _check_is_folder(index_dir)
    with _lock_file(index_dir) as handle:
        if handle is None:
            yield
            return
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusyError(str(index_dir)) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def _lock_file(index_dir: Path) -> Iterator[Any]:
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(index_dir / LOCK, "a+")  # noqa: SIM115 (closed below)
    except OSError as error:
        if not isinstance(_write_error(index_dir, error), IndexReadOnlyError):
            raise _write_error(index_dir, error) from error
        try:
            handle = open(index_dir / LOCK)  # noqa: SIM115 (closed below)
        except FileNotFoundError:
            yield None
            return
    with handle:
        yield handle


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


def _read_facts(path: Path) -> dict[str, list[Fact]]:
    with open(path, encoding="utf-8") as data:
        raw = json.load(data)
    return {str(source): [Fact.from_dict(f) for f in items] for source, items in raw.items()}


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


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def _by_source(record: DocumentRecord) -> str:
    return record.source
