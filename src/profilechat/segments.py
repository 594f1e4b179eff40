"""Writing the index store: a new segment per update, tombstones, tail merges, compaction, the
HNSW graph added to, and the manifest commit. store.py describes the layout and reads it."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from .config import Config
from .errors import ProfileChatError
from .facts import Fact
from .manifest import (
    ANALYSIS_VERSION,
    FACTS,
    FORMAT_VERSION,
    MANIFEST,
    SEGMENT_FILES,
    DocumentRecord,
    Segment,
    check_is_folder,
    file_sha256,
    people_of,
    read_segments,
    records_of,
    records_summary,
    referenced_files,
    verify_checksums,
    write_error,
)
from .records import (
    RecordChanges,
    RecordDB,
    RecordDict,
    Records,
    RecordsSummary,
    write_records,
)
from .store import (
    SegmentData,
    new_graph,
    read_graph,
    read_segment,
    stack_rows,
)
from .types import Chunk

# The largest segment a tail merge writes. Merges keep the number of segments logarithmic in
# the number of updates; the cap keeps the worst one-document update bounded whatever the corpus
# size (about 4,096 rows of chunk and sentence vectors: a few tens of MB at 384 dimensions).
MERGE_ROWS = 4096
NEW_SEGMENT = ""  # the segment of a DocumentRecord whose rows are in this update's new data
# Where a SegmentWriter stages the rows it streams: a dot-name, so that a commit's clean-up
# (_remove_staging, _remove_unreferenced) deletes it when a run dies before committing.
STREAM_STAGING = ".seg-stream.tmp"
# Rows of a staged segment's vectors added to an HNSW graph at a time (a few tens of MB).
GRAPH_BATCH_ROWS = 65536


class SegmentWriter:
    """The new rows of an update written as they arrive into a staging segment folder:
    chunks.jsonl, facts.json and the vectors' .npy files appended (an .npy header has the same
    length for any row count, so `finish` writes the real one over the first). Nothing is held
    in memory but the row counts, so a Ray driver's memory no longer grows with the documents it
    receives (docs/scaling.md).

    The files are those _write_segment gives for the same rows, byte for byte; the folder is
    only ever referenced by a manifest once commit has renamed it to its segment name."""

    def __init__(self, index_dir: Path) -> None:
        check_is_folder(index_dir)
        try:
            index_dir.mkdir(parents=True, exist_ok=True)
            self.folder = index_dir / STREAM_STAGING
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir()
            self._files = contextlib.ExitStack()
            self._chunks = self._open("chunks.jsonl", "w")
            self._facts = self._open(FACTS, "w")
            self._vectors = self._open("vectors.npy", "wb")
            self._units = self._open("units.npy", "wb")
        except OSError as error:
            raise write_error(index_dir, error) from error
        self.rows = 0
        self.unit_rows = 0
        self.dimension = 0
        self._facts.write("{")

    def _open(self, name: str, mode: str) -> Any:
        # Open until finish or discard closes the stack: the files outlive this call.
        encoding = None if "b" in mode else "utf-8"
        return self._files.enter_context(open(self.folder / name, mode, encoding=encoding))

    def add(
        self,
        chunks: list[Chunk],
        spans: list[list[tuple[int, int]]],
        vectors: np.ndarray,
        unit_vectors: np.ndarray,
        facts: list[Fact],
    ) -> None:
        """Append one document's rows (its chunks, sentence spans, vectors and facts)."""
        if not chunks:
            return
        if not self.dimension:
            self.dimension = int(vectors.shape[1])
            for handle in (self._vectors, self._units):
                handle.write(_npy_header(0, self.dimension))
        for offset, (chunk, chunk_spans) in enumerate(zip(chunks, spans, strict=True)):
            self._chunks.write(_chunk_line(chunk, chunk_spans, self.rows + offset))
        self._vectors.write(np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
        self._units.write(np.ascontiguousarray(unit_vectors, dtype=np.float32).tobytes())
        separator = ", " if self.rows else ""
        source = json.dumps(chunks[0].source, ensure_ascii=False)
        items = json.dumps([f.to_dict() for f in facts], ensure_ascii=False)
        self._facts.write(f"{separator}{source}: {items}")
        self.rows += len(chunks)
        self.unit_rows += len(unit_vectors)

    def finish(self) -> StagedSegment:
        """The .npy headers with the row counts, the files closed and fsynced: the staged
        segment. At least one document with rows must have been added."""
        self._facts.write("}")
        for handle, rows in ((self._vectors, self.rows), (self._units, self.unit_rows)):
            header = _npy_header(rows, self.dimension)
            if len(header) != len(_npy_header(0, self.dimension)):
                raise ValueError("an .npy header of another length")  # numpy's format changed
            handle.seek(0)
            handle.write(header)
        for handle in (self._chunks, self._facts, self._vectors, self._units):
            _flush(handle)
        self._files.close()
        _fsync_dir(self.folder)
        return StagedSegment(self.folder, self.rows, self.dimension)

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self._files.close()
        _remove(self.folder)


@dataclass
class StagedSegment:
    """A segment's files already written (by a SegmentWriter) in `folder`, not yet committed."""

    folder: Path
    rows: int
    dimension: int

    @property
    def chunks(self) -> range:
        return range(self.rows)  # only counted by commit, like SegmentData.chunks

    def data(self) -> SegmentData:
        """Its rows in memory, for a merge or compaction that rewrites them."""
        return read_segment(self.folder.parent, self.folder.name)

    @property
    def vectors(self) -> np.ndarray:
        """The chunk vectors, mapped from the file rather than read."""
        return np.load(self.folder / "vectors.npy", mmap_mode="r", allow_pickle=False)

    def discard(self) -> None:
        """Remove the staged files, unless commit has placed them (then the manifest owns them)."""
        if self.folder.name == STREAM_STAGING:
            _remove(self.folder)


def _npy_header(rows: int, dimension: int) -> bytes:
    """The header np.save writes for float32 rows of `dimension` (format 1.0, padded to 64)."""
    out = io.BytesIO()
    header = {"descr": "<f4", "fortran_order": False, "shape": (rows, dimension)}
    np.lib.format.write_array_header_1_0(out, header)
    return out.getvalue()


@dataclass
class _Tail:
    """The segment this commit writes: the new rows, plus the segments merged into it."""

    data: SegmentData | StagedSegment
    merged: list[Segment]  # the older segments it absorbed, oldest first

    @property
    def rows(self) -> int:
        return len(self.data.chunks)


@dataclass
class _Plan:
    """What a commit writes: the segments, checksums and graph of the new manifest, and the
    records: `changes` against the previous ones, or `everything` when all are replaced."""

    segments: list[Segment]
    checksums: dict[str, str]
    graph: str
    changes: RecordChanges
    before: dict[str, DocumentRecord]  # the previous records of the changed files
    everything: dict[str, DocumentRecord] | None = None


def commit(
    config: Config,
    previous: dict[str, Any] | None,
    records: dict[str, DocumentRecord],
    new: SegmentData | StagedSegment,
    dimension: int,
    backend: str,
) -> dict[str, Any]:
    """commit_changes, given every document's record (`records`) rather than the changes: the
    previous records are all read to find them."""
    before = records_of(config.index_dir, previous).all() if previous else {}
    changes = RecordChanges(
        {s: r for s, r in records.items() if before.get(s) != r}, set(before) - set(records)
    )
    return commit_changes(config, previous, changes, new, dimension, backend)


def commit_changes(
    config: Config,
    previous: dict[str, Any] | None,
    changes: RecordChanges,
    new: SegmentData | StagedSegment,
    dimension: int,
    backend: str,
) -> dict[str, Any]:
    """Write `new` (the rows of the records whose segment is NEW_SEGMENT) as a segment, or
    rename it into place when a SegmentWriter already streamed it to disk; tombstone the rows
    of the documents removed or replaced, merge or compact as the policy says, store the
    changed records (records.sqlite), then switch manifest.json to the result. Returns the new
    manifest.

    `previous` is the manifest the update started from (None for a first build or --rebuild:
    then `changes.upserts` are all the records). Any failure before the switch removes what
    this commit wrote and leaves the index as it was.
    """
    index_dir = config.index_dir
    check_is_folder(index_dir)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise write_error(index_dir, error) from error
    on_disk = previous if previous is not None else _manifest_on_disk(index_dir)
    committed = _generation_of(on_disk)
    generation = max(committed, _highest_number(index_dir)) + 1
    old = records_of(index_dir, previous) if previous is not None else RecordDict({})
    written: list[Path] = []
    try:
        plan = _write(config, previous, old, changes, new, dimension, generation, written)
        summary, counts = _store_records(index_dir, previous, old, plan, committed, generation)
        manifest = _manifest(config, plan, summary, counts, generation, dimension, backend)
        _write_json_atomic(index_dir / MANIFEST, manifest)
    except Exception as error:  # FAISS and numpy raise their own types for a full disk
        # Nothing was committed: manifest.json still names the previous segments, and the
        # records written (if any) are of a generation no manifest names.
        for path in written:
            _remove(path)
        _remove_staging(index_dir)
        if isinstance(error, ProfileChatError):
            raise
        raise write_error(index_dir, error) from error
    with contextlib.suppress(OSError):  # committed: what follows may fail without harm
        _fsync_dir(index_dir)
    _remove_unreferenced(index_dir, referenced_files(manifest) | _files_of(on_disk))
    return manifest


def _write(
    config: Config,
    previous: dict[str, Any] | None,
    old: Records,
    changes: RecordChanges,
    new: SegmentData | StagedSegment,
    dimension: int,
    generation: int,
    written: list[Path],
) -> _Plan:
    index_dir = config.index_dir
    upserts, removed = dict(changes.upserts), set(changes.removed)
    before = old.get(set(upserts) | removed)
    segments = _tombstoned(read_segments(previous) if previous else [], before, upserts)
    checksums = dict(previous.get("checksums", {})) if previous else {}
    graph = str(previous.get("graph") or "") if previous else ""
    name = f"seg-{generation:06d}"
    tail = _merge_tail(index_dir, segments, checksums, new) if new.chunks else None
    in_tail: dict[str, DocumentRecord] = {}
    if tail is not None:
        segments = segments[: len(segments) - len(tail.merged)]
        in_tail = _moved(_tail_records(old, upserts, removed, tail), tail.merged, name)
        before |= old.get(set(in_tail) - set(upserts))  # moved: replaced by their new place
        upserts |= in_tail
    rows = sum(s.rows for s in segments) + (tail.rows if tail else 0)
    dead = sum(s.dead for s in segments)
    if tail is not None:
        dead += tail.rows - sum(r.chunks for r in in_tail.values())
    live = rows - dead
    crossing = not graph and live > config.approximate_above
    if (rows and dead / rows > config.max_deleted_share) or crossing:
        everything = _applied(old.all(), upserts, removed)
        data, everything = _compacted(index_dir, segments, checksums, everything, tail, name)
        segments = [Segment(name, len(data.chunks))] if data.chunks else []
        checksums = _write_segment(index_dir, name, data, written) if data.chunks else {}
        graph = ""
        if live > config.approximate_above:
            graph = _write_graph(index_dir, generation, [], data.vectors, dimension, written)
            checksums[graph] = file_sha256(index_dir / graph)
        return _Plan(
            segments, checksums, graph, RecordChanges(upserts, removed), before, everything
        )
    if tail is not None:
        for merged in tail.merged:
            checksums = {f: c for f, c in checksums.items() if not f.startswith(merged.name + "/")}
        checksums |= _write_segment(index_dir, name, tail.data, written)
        claimed = [(r.first_row, r.rows.stop) for r in in_tail.values()]
        segments = [*segments, Segment(name, tail.rows, _unclaimed(tail.rows, claimed))]
        if graph:
            old_graph = graph
            graph = _add_to_graph(
                index_dir, previous, old_graph, new, dimension, generation, written
            )
            checksums.pop(old_graph, None)
            checksums[graph] = file_sha256(index_dir / graph)
    plan = _Plan(segments, checksums, graph, RecordChanges(upserts, removed), before)
    if not isinstance(old, RecordDB):  # a first build, or a format 3 index: all are written
        plan.everything = _applied(old.all(), upserts, removed)
    return plan


def _applied(
    records: dict[str, DocumentRecord], upserts: dict[str, DocumentRecord], removed: set[str]
) -> dict[str, DocumentRecord]:
    records.update(upserts)
    for source in removed:
        records.pop(source, None)
    return records


def _tail_records(
    old: Records, upserts: dict[str, DocumentRecord], removed: set[str], tail: _Tail
) -> dict[str, DocumentRecord]:
    """The records whose rows are in the tail: the live ones of the segments it merged, and
    the new rows."""
    names = {s.name for s in tail.merged}
    found = {
        s: r for s, r in old.in_segments(names).items() if s not in upserts and s not in removed
    }
    found |= {s: r for s, r in upserts.items() if r.segment in names or r.segment == NEW_SEGMENT}
    return found


def _tombstoned(
    segments: list[Segment],
    before: dict[str, DocumentRecord],
    upserts: dict[str, DocumentRecord],
) -> list[Segment]:
    """The segments with the rows of removed or moved documents (their `before` records,
    removed or not where `upserts` places them) marked deleted."""
    freed: dict[str, list[tuple[int, int]]] = {}
    for source, record in before.items():
        now = upserts.get(source)
        if now is None or (now.segment, now.first_row) != (record.segment, record.first_row):
            freed.setdefault(record.segment, []).append((record.first_row, record.rows.stop))
    return [
        replace(s, deleted=_union(list(s.deleted) + freed[s.name])) if s.name in freed else s
        for s in segments
    ]


def _union(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if start == end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _store_records(
    index_dir: Path,
    previous: dict[str, Any] | None,
    old: Records,
    plan: _Plan,
    committed: int,
    generation: int,
) -> tuple[RecordsSummary, dict[str, int]]:
    """Write the plan's records as those of `generation`; their summary and the counts."""
    if plan.everything is not None:
        summary = write_records(index_dir, committed, generation, plan.everything, (), None)
        everything = plan.everything
        return summary, {
            "documents": len(everything),
            "people": len(people_of(everything)),
            "chunks": sum(r.chunks for r in everything.values()),
            "sentences": sum(r.sentences for r in everything.values()),
        }
    assert previous is not None
    upserts, removed, before = plan.changes.upserts, plan.changes.removed, plan.before
    previous_summary = records_summary(previous)
    summary = write_records(
        index_dir, committed, generation, upserts, removed & set(before), previous_summary
    )
    people = {r.person for r in before.values()} | {r.person for r in upserts.values()}
    counts = {k: int(v) for k, v in previous["counts"].items()}
    return summary, {
        "documents": summary.count,
        "people": counts["people"]
        - len(old.people_among(people))
        + len(RecordDB(index_dir, generation).people_among(people)),
        "chunks": counts["chunks"]
        + sum(r.chunks for r in upserts.values())
        - sum(r.chunks for r in before.values()),
        "sentences": counts["sentences"]
        + sum(r.sentences for r in upserts.values())
        - sum(r.sentences for r in before.values()),
    }


def _unclaimed(rows: int, claimed: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The row ranges of [0, rows) outside every claimed range."""
    deleted, covered = [], 0
    claimed = sorted(claimed)
    for start, end in claimed:
        if start > covered:
            deleted.append((covered, start))
        covered = max(covered, end)
    if covered < rows:
        deleted.append((covered, rows))
    return tuple(deleted)


def _merge_tail(
    index_dir: Path,
    segments: list[Segment],
    checksums: dict[str, str],
    new: SegmentData | StagedSegment,
) -> _Tail:
    """The new rows, with the newest segments merged in front of them while each is no larger
    than what it would be merged with (tombstoned rows carried along: a graph numbers them).
    Staged rows are read into memory only when merged (then they are at most MERGE_ROWS)."""
    tail = _Tail(new, [])
    remaining = list(segments)
    while remaining and remaining[-1].rows <= tail.rows <= MERGE_ROWS - remaining[-1].rows:
        segment = remaining.pop()
        data = _read_checked(index_dir, segment, checksums)
        tail = _Tail(_concatenate([data, _in_memory(tail.data)]), [segment, *tail.merged])
    return tail


def _in_memory(data: SegmentData | StagedSegment) -> SegmentData:
    return data.data() if isinstance(data, StagedSegment) else data


def _read_checked(index_dir: Path, segment: Segment, checksums: dict[str, str]) -> SegmentData:
    """A segment's data, after its files passed their checksums."""
    verify_checksums(index_dir, {"segments": [segment.to_dict()], "checksums": checksums})
    data = read_segment(index_dir, segment.name)
    if len(data.chunks) != segment.rows or len(data.vectors) != segment.rows:
        raise ValueError(f"{segment.name} holds another number of rows than listed")
    return data


def _moved(
    records: dict[str, DocumentRecord], merged: list[Segment], name: str
) -> dict[str, DocumentRecord]:
    """Records pointed at the rows they have in the merged segment `name`."""
    offsets, offset = {}, 0
    for segment in merged:
        offsets[segment.name] = offset
        offset += segment.rows
    offsets[NEW_SEGMENT] = offset
    return {
        source: replace(r, segment=name, first_row=r.first_row + offsets[r.segment])
        if r.segment in offsets
        else r
        for source, r in records.items()
    }


def _compacted(
    index_dir: Path,
    segments: list[Segment],
    checksums: dict[str, str],
    records: dict[str, DocumentRecord],
    tail: _Tail | None,
    name: str,
) -> tuple[SegmentData | StagedSegment, dict[str, DocumentRecord]]:
    """Every live row, in the order it is served, as one segment; the records moved there.
    Staged rows that are all there is and all live are that segment already: kept on disk."""
    if tail is not None and isinstance(tail.data, StagedSegment):
        live = sum(r.chunks for r in records.values())
        if live == tail.rows and all(r.segment in (name, NEW_SEGMENT) for r in records.values()):
            return tail.data, records
        tail = _Tail(tail.data.data(), tail.merged)
    parts: list[SegmentData] = []
    moved: dict[str, DocumentRecord] = {}
    row = 0
    named = [(s.name, s.rows, None) for s in segments]
    if tail is not None:
        named.append((name, tail.rows, tail.data))
    for segment_name, rows, data in named:
        owned = sorted(
            (r for r in records.values() if r.segment == segment_name), key=lambda r: r.first_row
        )
        if not owned:
            continue
        if data is None:
            data = _read_checked(index_dir, Segment(segment_name, rows), checksums)
        assert isinstance(data, SegmentData)
        mask = np.zeros(rows, dtype=bool)
        for record in owned:
            mask[record.first_row : record.rows.stop] = True
            moved[record.source] = replace(record, segment=name, first_row=row)
            row += record.chunks
        parts.append(data.rows(mask))
    return _concatenate(parts), moved


def _concatenate(parts: list[SegmentData]) -> SegmentData:
    dimension = next((p.vectors.shape[1] for p in parts if p.vectors.ndim == 2), 0)
    facts: dict[str, Any] = {}
    for part in parts:
        facts |= part.facts
    return SegmentData(
        [c for p in parts for c in p.chunks],
        [s for p in parts for s in p.spans],
        stack_rows([p.vectors for p in parts], dimension),
        stack_rows([p.unit_vectors for p in parts], dimension),
        facts,
    )


# --------------------------------------------------------------------------- files


def _write_segment(
    index_dir: Path, name: str, data: SegmentData | StagedSegment, written: list[Path]
) -> dict[str, str]:
    """Write a segment folder under a staging name, fsync it, rename it; its checksums. A
    staged segment is only renamed."""
    if isinstance(data, StagedSegment):
        written.append(data.folder)
        os.replace(data.folder, index_dir / name)
        data.folder = index_dir / name
        written.append(data.folder)
        return {f"{name}/{f}": file_sha256(data.folder / f) for f in SEGMENT_FILES}
    staging = index_dir / f".{name}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    written.append(staging)
    sources = {c.source for c in data.chunks}
    with open(staging / "chunks.jsonl", "w", encoding="utf-8") as out:
        for row, (chunk, spans) in enumerate(zip(data.chunks, data.spans, strict=True)):
            out.write(_chunk_line(chunk, spans, row))
        _flush(out)
    for file_name, array in (("vectors.npy", data.vectors), ("units.npy", data.unit_vectors)):
        with open(staging / file_name, "wb") as out:
            np.save(out, np.ascontiguousarray(array, dtype=np.float32), allow_pickle=False)
            _flush(out)
    with open(staging / "facts.json", "w", encoding="utf-8") as out:
        facts = {s: [f.to_dict() for f in items] for s, items in data.facts.items() if s in sources}
        json.dump(facts, out, ensure_ascii=False)
        _flush(out)
    checksums = {f"{name}/{f}": file_sha256(staging / f) for f in SEGMENT_FILES}
    _fsync_dir(staging)
    os.replace(staging, index_dir / name)
    written.append(index_dir / name)
    return checksums


def _chunk_line(chunk: Chunk, spans: list[tuple[int, int]], row: int) -> str:
    record = {**chunk.__dict__, "chunk_id": row, "units": [list(s) for s in spans]}
    return json.dumps(record, ensure_ascii=False) + "\n"


def _add_to_graph(
    index_dir: Path,
    previous: dict[str, Any] | None,
    graph_file: str,
    new: SegmentData | StagedSegment,
    dimension: int,
    generation: int,
    written: list[Path],
) -> str:
    """The previous graph with the new rows added (inserting needs the vectors of the rows
    already in it: they are read from the segments, the graph itself is never rebuilt).

    FAISS's HNSW keeps every vector of the graph in its own memory and cannot insert beside
    vectors mapped from a file (a mapped storage refuses to grow), so all of them are read;
    they are mapped, not loaded, so that each is copied once, straight into the graph."""
    assert previous is not None
    segments = read_segments(previous)
    verify_checksums(index_dir, previous, {graph_file})
    vectors = [
        np.load(index_dir / s.name / "vectors.npy", mmap_mode="r", allow_pickle=False)
        for s in segments
    ]
    graph, storage = read_graph(index_dir / graph_file, vectors, dimension)
    return _write_graph(index_dir, generation, [graph, storage], new.vectors, dimension, written)


def _write_graph(
    index_dir: Path,
    generation: int,
    graph_and_storage: list[Any],
    vectors: np.ndarray,
    dimension: int,
    written: list[Path],
) -> str:
    """Add `vectors` to the graph (a new one when none is given) and write it, without its
    vectors, to a new graph file; its name."""
    graph = graph_and_storage[0] if graph_and_storage else new_graph(dimension)
    for start in range(0, len(vectors), GRAPH_BATCH_ROWS):  # a mapped file is read in blocks
        block = vectors[start : start + GRAPH_BATCH_ROWS]
        graph.add(np.ascontiguousarray(block, dtype=np.float32))
    name = f"hnsw-{generation:06d}.faiss"
    staging = index_dir / f".{name}.tmp"
    written.append(staging)
    faiss.write_index(graph, str(staging), faiss.IO_FLAG_SKIP_STORAGE)
    with open(staging, "rb+") as out:
        os.fsync(out.fileno())
    os.replace(staging, index_dir / name)
    written.append(index_dir / name)
    return name


def _manifest(
    config: Config,
    plan: _Plan,
    records: RecordsSummary,
    counts: dict[str, int],
    generation: int,
    dimension: int,
    backend: str,
) -> dict[str, Any]:
    segments, graph = plan.segments, plan.graph
    listed = {f"{s.name}/{f}" for s in segments for f in SEGMENT_FILES} | (
        {graph} if graph else set()
    )
    return {
        "format_version": FORMAT_VERSION,
        "generation": generation,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "model": {"name": config.model, "dimension": dimension, "backend": backend},
        "chunker": config.chunker_settings(),
        "analysis": ANALYSIS_VERSION,
        "faiss": "IndexHNSWFlat" if graph else "IndexFlatIP",
        "counts": {
            **counts,
            "segments": len(segments),
            "deleted chunks": sum(s.dead for s in segments),
        },
        "segments": [s.to_dict() for s in segments],
        "graph": graph or None,
        "checksums": {f: c for f, c in sorted(plan.checksums.items()) if f in listed},
        "records": records.to_dict(),
    }


def _manifest_on_disk(index_dir: Path) -> dict[str, Any]:
    """The committed manifest as plain JSON, whatever its version ({} when there is none):
    only to keep what it names for readers still opening it."""
    try:
        manifest = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _generation_of(manifest: dict[str, Any]) -> int:
    generation = manifest.get("generation", 0)
    return generation if isinstance(generation, int) else 0


def _files_of(manifest: dict[str, Any]) -> set[str]:
    try:
        names = referenced_files(manifest)
    except (TypeError, KeyError, ValueError, AttributeError):
        names = set()
    old_generation = manifest.get("data")  # format 2 and older: one generation folder
    return names | ({old_generation} if isinstance(old_generation, str) else set())


_DATA_NAME = re.compile(r"(seg|hnsw|data)-([0-9]+)")


def _highest_number(index_dir: Path) -> int:
    numbers = [int(m.group(2)) for p in index_dir.iterdir() if (m := _DATA_NAME.match(p.name))]
    return max(numbers, default=0)


def _remove_unreferenced(index_dir: Path, keep: set[str]) -> None:
    """Delete data no manifest in `keep` refers to, and any staging left by a crash."""
    for path in index_dir.iterdir():
        stale = _DATA_NAME.match(path.name) is not None and path.name not in keep
        if stale or path.name.startswith((".seg-", ".hnsw-", ".data-", f".{MANIFEST}")):
            _remove(path)


def _remove_staging(index_dir: Path) -> None:
    for path in index_dir.iterdir():
        if path.name.startswith((".seg-", ".hnsw-", f".{MANIFEST}")):
            _remove(path)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    staging = path.with_name(f".{path.name}.tmp")
    with open(staging, "w", encoding="utf-8") as out:
        out.write(_readable_json(data))
        _flush(out)
    os.replace(staging, path)


def _readable_json(data: dict[str, Any]) -> str:
    """One top-level field per line, and one line per item of a list: readable, and encoded by
    json's C encoder (an indented dump is encoded in Python: 3.5x slower at 10,000 documents)."""
    lines = []
    for key, value in data.items():
        name = json.dumps(key)
        if isinstance(value, list) and value:
            items = ",\n  ".join(json.dumps(item, ensure_ascii=False) for item in value)
            lines.append(f"{name}: [\n  {items}\n ]")
        else:
            lines.append(f"{name}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n " + ",\n ".join(lines) + "\n}\n"


def _flush(handle: Any) -> None:
    handle.flush()
    os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
