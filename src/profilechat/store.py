"""Stage "index store": chunks, their vectors and a readable manifest on disk, in segments.

Layout of an index folder:

    index/
      manifest.json        the commit point: format, model, chunker, the live segments with
                           their tombstoned rows, the graph file, a checksum per file, and the
                           records' count and digest
      records.sqlite       the documents' records (person, where their rows are, hash, stat),
                           each row tagged with the generations it is alive in (records.py)
      seg-000001/          one segment: the rows one update (or a merge) wrote
        chunks.jsonl       one chunk per line, with its sentence spans (the person as indexed)
        vectors.npy        chunk vectors (row i ↔ line i of chunks.jsonl)
        units.npy          sentence vectors, in the order of the spans in chunks.jsonl
        facts.json         profile facts of the documents whose rows it holds (facts.py)
      seg-000004/          …
      hnsw-000004.faiss    only above Config.approximate_above: the HNSW graph over the rows of
                           all segments in manifest order, without its vectors (they are the
                           segments' vectors.npy)
      .lock                held by the one update allowed at a time

The way Lucene commits and merges (segments.py writes; this module reads):
- An update writes the new and changed documents to a new segment folder (staged under a
  dot-name, fsynced, renamed), then replaces manifest.json with os.replace. Removing or replacing
  a document only drops its record from the manifest: its rows become tombstones. No older
  segment is read or rewritten (but for the small ones a tail merge takes in, and the vectors
  an HNSW graph needs to insert beside), so the cost follows the change, not the corpus.
- Person names live in the document records and are applied to the chunks here, at load:
  merging name variants and people.yaml relabel without rewriting a segment. An update writes
  only the records it changes (records.py), so a one-document commit writes a few kilobytes
  whatever the corpus size.
- Small segments at the tail are merged when the newest is as large as the one before it (a
  binary counter: O(log n) segments), up to segments.MERGE_ROWS rows, tombstones carried along.
- When the tombstoned share passes Config.max_deleted_share (or when the live rows first exceed
  approximate_above), the update itself merges all live rows into one segment (compaction) and
  builds the graph again; --rebuild embeds everything into one segment.
- Above approximate_above, new rows are added to the existing HNSW graph (a new graph file per
  commit; the graph is never rebuilt except by compaction); tombstoned rows are excluded from
  graph searches with a FAISS IDSelector.
- A folder or graph file is deleted once neither the new manifest nor the one it replaced (a
  reader may still be opening it) refers to it.

IndexStore.load assembles the live rows of all segments in manifest order; row numbers
(chunk_id) count live rows only, so nothing downstream ever sees a tombstoned row. Below
approximate_above the vectors are concatenated into one exact FAISS index at load (a FAISS file
per segment would store every vector twice: docs/benchmarks.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from .errors import IndexCorruptError
from .facts import Fact
from .manifest import (
    FACTS,
    DocumentRecord,
    Segment,
    check_model,
    file_sha256,
    index_lock,
    indexed_records,
    people_of,
    read_manifest,
    read_manifest_and_documents,
    read_segments,
    verify_checksums,
)
from .types import Chunk

# The manifest helpers live in manifest.py (no numpy or FAISS) and are re-exported here, where
# other modules have always imported them from.
__all__ = [
    "DocumentRecord",
    "IndexStore",
    "SegmentData",
    "build_faiss_index",
    "file_sha256",
    "index_lock",
    "indexed_records",
    "read_manifest",
    "verify_checksums",
]

HNSW_NEIGHBOURS = 32
HNSW_EF_SEARCH = 128
HNSW_EF_CONSTRUCTION = 80
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
    # For a graph read from disk: its node ids → live rows (-1 for a tombstoned row), and
    # the selector that keeps tombstoned nodes out of its searches. None: node ids are rows.
    graph_rows: np.ndarray | None = field(default=None, repr=False)
    unit_offsets: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    _by_source: dict[str, list[Chunk]] | None = field(default=None, repr=False)
    _search_params: Any = field(default=None, repr=False)
    _keep_alive: list[Any] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        counts = np.array([len(spans) for spans in self.unit_spans], dtype=np.int64)
        self.unit_offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        if self.faiss_index is None:
            self.faiss_index = build_faiss_index(self.vectors, self.approximate_above)
        if isinstance(self.faiss_index, faiss.IndexHNSWFlat):
            # FAISS's default of 16 gives 74–84 % recall@10; 128 gives 96–99 % (bench_faiss).
            self.faiss_index.hnsw.efSearch = HNSW_EF_SEARCH
        if self.graph_rows is not None and (self.graph_rows < 0).any():
            self._search_params = _skip_tombstones(self.graph_rows < 0, self._keep_alive)

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
        k = min(k, len(self.chunks))
        if self.graph_rows is None:
            scores, ids = self.faiss_index.search(query, k)
            return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
        scores, ids = self.faiss_index.search(query, k, params=self._search_params)
        rows = [
            (int(self.graph_rows[i]), float(s))
            for i, s in zip(ids[0], scores[0], strict=True)
            if i >= 0
        ]
        return [(row, score) for row, score in rows if row >= 0]

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
        """The live rows of every segment the manifest lists, checked against its checksums."""
        manifest, records = read_manifest_and_documents(index_dir)
        verify_checksums(index_dir, manifest)
        dimension = int(manifest["model"]["dimension"])
        try:
            parts = [
                _live_part(read_segment(index_dir, segment.name), segment, records, dimension)
                for segment in read_segments(manifest)
            ]
            facts = _facts_of(records, parts)
            graph = _read_graph(index_dir, manifest, parts, dimension)
        except (
            OSError,
            ValueError,
            KeyError,
            TypeError,
            RuntimeError,
            json.JSONDecodeError,
        ) as error:
            raise IndexCorruptError(f"{type(error).__name__} reading the segments") from error
        chunks = [c for part in parts for c in part.chunks]
        chunks = [_as_loaded(c, row, records) for row, c in enumerate(chunks)]
        live_vectors = stack_rows([part.live_vectors() for part in parts], dimension)
        graph_rows = None
        if graph is not None:
            live = np.concatenate([p.live for p in parts]) if parts else np.zeros(0, bool)
            graph_rows = np.where(live, np.cumsum(live) - 1, -1).astype(np.int64)
        return cls(
            model=manifest["model"]["name"],
            dimension=dimension,
            chunker=manifest["chunker"],
            chunks=chunks,
            unit_spans=[spans for part in parts for spans in part.live_spans()],
            vectors=live_vectors,
            unit_vectors=stack_rows([part.live_unit_vectors() for part in parts], dimension),
            documents=records,
            facts=facts,
            backend=str(manifest["model"].get("backend", "")),
            built_at=manifest.get("built_at", ""),
            generation=int(manifest.get("generation", 0)),
            approximate_above=approximate_above,
            faiss_index=graph[0] if graph else _exact_index(live_vectors, dimension),
            graph_rows=graph_rows,
            _keep_alive=[graph[1]] if graph else [],
        )


@dataclass
class SegmentData:
    """The contents of one segment folder (all its rows, tombstoned ones included)."""

    chunks: list[Chunk]
    spans: list[list[tuple[int, int]]]
    vectors: np.ndarray
    unit_vectors: np.ndarray
    facts: dict[str, list[Fact]]

    @property
    def unit_offsets(self) -> np.ndarray:
        counts = np.array([len(s) for s in self.spans], dtype=np.int64)
        return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)

    def rows(self, mask: np.ndarray) -> SegmentData:
        """The rows where `mask` is True, with their sentences and the facts of their files."""
        counts = np.array([len(s) for s in self.spans], dtype=np.int64)
        chunks = [c for c, keep in zip(self.chunks, mask, strict=True) if keep]
        sources = {c.source for c in chunks}
        return SegmentData(
            chunks,
            [s for s, keep in zip(self.spans, mask, strict=True) if keep],
            self.vectors[mask],
            self.unit_vectors[np.repeat(mask, counts)],
            {source: facts for source, facts in self.facts.items() if source in sources},
        )


@dataclass
class _LivePart:
    """A segment read for serving: all its rows and which of them are live."""

    name: str
    data: SegmentData
    live: np.ndarray  # bool per row

    @property
    def chunks(self) -> list[Chunk]:
        return [c for c, keep in zip(self.data.chunks, self.live, strict=True) if keep]

    @property
    def vectors(self) -> np.ndarray:
        return self.data.vectors

    def live_spans(self) -> list[list[tuple[int, int]]]:
        return [s for s, keep in zip(self.data.spans, self.live, strict=True) if keep]

    def live_vectors(self) -> np.ndarray:
        return self.data.vectors if self.live.all() else self.data.vectors[self.live]

    def live_unit_vectors(self) -> np.ndarray:
        if self.live.all():  # no copy of the largest array when nothing is tombstoned
            return self.data.unit_vectors
        counts = np.array([len(s) for s in self.data.spans], dtype=np.int64)
        return self.data.unit_vectors[np.repeat(self.live, counts)]


def _facts_of(records: dict[str, DocumentRecord], parts: list[_LivePart]) -> dict[str, list[Fact]]:
    """Each document's facts, from the segment holding its live rows."""
    by_segment = {part.name: part.data.facts for part in parts}
    return {source: by_segment[r.segment].get(source, []) for source, r in records.items()}


def live_mask(segment: Segment) -> np.ndarray:
    mask = np.ones(segment.rows, dtype=bool)
    for start, end in segment.deleted:
        mask[start:end] = False
    return mask


def _live_part(
    data: SegmentData, segment: Segment, records: dict[str, DocumentRecord], dimension: int
) -> _LivePart:
    if len(data.chunks) != segment.rows or len(data.vectors) != segment.rows:
        raise IndexCorruptError(f"{segment.name} holds another number of rows than listed")
    if len(data.unit_vectors) != sum(len(s) for s in data.spans):
        raise IndexCorruptError(f"{segment.name}: sentence vector count differs from its chunks")
    if segment.rows and data.vectors.shape[1] != dimension:
        raise IndexCorruptError(f"{segment.name} holds vectors of another dimension")
    live = live_mask(segment)
    for chunk, keep in zip(data.chunks, live, strict=True):
        record = records.get(chunk.source) if keep else None
        if keep and (record is None or record.segment != segment.name):
            raise IndexCorruptError(f"{segment.name} holds rows of a file the manifest lacks")
    return _LivePart(segment.name, data, live)


def _as_loaded(chunk: Chunk, row: int, records: dict[str, DocumentRecord]) -> Chunk:
    """The chunk numbered by its live row and filed under its document's person now."""
    person = records[chunk.source].person
    if chunk.chunk_id == row and chunk.person == person:
        return chunk
    return Chunk(**{**chunk.__dict__, "chunk_id": row, "person": person})


def _read_graph(
    index_dir: Path, manifest: dict[str, Any], parts: list[_LivePart], dimension: int
) -> tuple[faiss.Index, faiss.Index] | None:
    """The HNSW graph with its vectors (every row of every segment, in order), or None."""
    if not manifest.get("graph"):
        return None
    graph, storage = read_graph(
        index_dir / manifest["graph"], [p.vectors for p in parts], dimension
    )
    return graph, storage


def read_graph(
    path: Path, vectors: list[np.ndarray], dimension: int
) -> tuple[faiss.Index, faiss.Index]:
    """An HNSW graph written without its vectors, given them back (kept alive by the caller:
    FAISS does not own them)."""
    graph = faiss.read_index(str(path), faiss.IO_FLAG_SKIP_STORAGE)
    storage = faiss.IndexFlatIP(dimension)
    for part in vectors:
        if len(part):
            storage.add(np.ascontiguousarray(part, dtype=np.float32))
    if storage.ntotal != graph.ntotal:
        raise IndexCorruptError("the HNSW graph and the segments hold different row counts")
    graph.storage = storage
    graph.own_fields = False
    graph.hnsw.efSearch = HNSW_EF_SEARCH
    return graph, storage


def _skip_tombstones(dead: np.ndarray, keep_alive: list[Any]) -> Any:
    """HNSW search parameters whose selector admits live nodes only."""
    bitmap = np.packbits(~dead, bitorder="little")
    selector = faiss.IDSelectorBitmap(len(dead), faiss.swig_ptr(bitmap))
    keep_alive += [bitmap, selector]
    return faiss.SearchParametersHNSW(sel=selector, efSearch=HNSW_EF_SEARCH)


def read_segment(index_dir: Path, name: str) -> SegmentData:
    folder = index_dir / name
    chunks, spans = _read_chunks(folder / "chunks.jsonl")
    vectors = np.load(folder / "vectors.npy", allow_pickle=False)
    unit_vectors = np.load(folder / "units.npy", allow_pickle=False)
    with open(folder / FACTS, encoding="utf-8") as data:
        raw = json.load(data)
    facts = {str(source): [Fact.from_dict(f) for f in items] for source, items in raw.items()}
    return SegmentData(chunks, spans, vectors, unit_vectors, facts)


def build_faiss_index(vectors: np.ndarray, approximate_above: int) -> faiss.Index:
    """Exact inner-product search, or HNSW once the collection is large enough to need it."""
    dimension = vectors.shape[1]
    index = (
        new_graph(dimension) if len(vectors) > approximate_above else faiss.IndexFlatIP(dimension)
    )
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def _exact_index(vectors: np.ndarray, dimension: int) -> faiss.Index:
    """Exact search over the live vectors: whoever wrote the index chose it (no graph)."""
    index = faiss.IndexFlatIP(dimension)
    if len(vectors):
        index.add(vectors)
    return index


def new_graph(dimension: int) -> faiss.IndexHNSWFlat:
    index = faiss.IndexHNSWFlat(dimension, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    return index


def stack_rows(parts: list[np.ndarray], dimension: int) -> np.ndarray:
    """The rows of `parts`, one after the other, as one contiguous float32 array."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return np.zeros((0, dimension), dtype=np.float32)
    if len(parts) == 1:  # no copy when it is already one float32 array
        return np.ascontiguousarray(parts[0], dtype=np.float32)
    return np.ascontiguousarray(np.concatenate(parts), dtype=np.float32)


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
