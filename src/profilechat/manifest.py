"""An index folder without its data: manifest.json read on its own (enough for `status`,
`people` and deciding what changed), its segments and tombstones, checksums and the update lock,
all without numpy, FAISS or the vectors (see store.py for the layout)."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import json
import re
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

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
from .records import (
    RECORDS_FILE,
    DocumentRecord,
    RecordDB,
    RecordDict,
    Records,
    RecordsSummary,
    digest_of,
    record_of,
)

# 2: chunks carry their section kind; facts.json; documents record how they were attributed.
# 3: segments and tombstones instead of one generation folder; an HNSW graph file of its own.
# 4: the document records in records.sqlite (records.py), no longer listed in manifest.json.
FORMAT_VERSION = 4
# How documents are read into sections, entries, chunks, facts and people. Raise it with any change
# that gives an existing index other chunks or facts for the same files: the next update then
# re-reads every document (as --rebuild does), so that answers use the new reading. Indexes
# written before it was recorded hold no "analysis" and count as 1.
# 3: facts read differently (locations, experience cards, interest statements, header titles);
#    "my advisor is …" sentences; a "PhD program" is no degree held; people's aliases (facts
#    of kind "alias"); "2018-2021" read as a range
# 4: a month written as a number before the year ("09/2019 - 06/2023") is a date
# 5: PDF text set at font size 1 and scaled by the text matrix reads as words; names with a
#    bare middle initial; "Université …" is not a name
# 6: contact details in more conventions (bare profile links, labelled handles, "(at)"
#    e-mails, icon-font labels, CV-class profile commands); README badges read as their
#    labels; "Tech Stack" and like headings are skills sections; "MFA" and degrees written
#    out ("Master of Fine Arts") are degrees; a university system's campus after a comma is
#    part of the institution ("Institution" is no "Institut"); a job's role line and
#    description belong to its entry; a PDF heading in a larger font, or in capitals, run into
#    its section's first line is a heading; degrees listed over their institutions;
#    section headings in German, French, Spanish, Russian, Portuguese and Italian, an emoji
#    before a heading; facts of kind "role" (the current jobs' lines); headlines from summary
#    sections and title lines, never a date, stamp, rule or address; prose bios' past jobs
# 7: a title line is never a later sentence of a paragraph, a dated entry or a bio's heading,
#    and takes the organisation's line under it; interests under a "Hobbies" heading are
#    pastimes; a Markdown page's front-matter lead (subtitle, description) is its first line;
#    an HTML card is one entry; a block with one dated line is one job or degree;
#    job entries whose dates lead each entry (a column of dates, "2018-2023  Acme, Engineer"
#    over a wrapped description) start at their dates; a long line under a dated job is its
#    description or employer, not the next entry; a job or degree under a line of dates alone
#    is quoted with its title and place lines
# 8: whose document it is: labelled name fields, surnames in capitals, "Name, Title" headings,
#    "Jane Doe (@handle) is" openings; headings made of the text's own words are not names; a
#    fitted chooser (people_model) picks among the names when no rule finds one
ANALYSIS_VERSION = 8
OLDEST_UPDATABLE = 3  # a format 3 index is read, and upgraded by its next update
MANIFEST = "manifest.json"
SEGMENT_FILES = ("chunks.jsonl", "vectors.npy", "units.npy", "facts.json")
FACTS = "facts.json"
LOCK = ".lock"
SEGMENT_NAME = re.compile(r"seg-[0-9]+")
GRAPH_NAME = re.compile(r"hnsw-[0-9]+\.faiss")


# A file modified less than this long before its stat was taken may be modified again without
# its mtime changing (coarse file-system timestamps, clocks): such a "racily clean" file is
# hashed on every update, as git does with its index, until a later update records it as older.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class FileStat:
    """What an update remembers of a file's stat: its size, mtime, and when it was taken."""

    size: int
    mtime_ns: int
    taken_ns: int


def file_stat(path: Path) -> FileStat:
    taken = time.time_ns()  # before the stat: a write after it is never older than this
    stat = path.stat()
    return FileStat(stat.st_size, stat.st_mtime_ns, taken)


def stat_unchanged(record: DocumentRecord, now: FileStat) -> bool:
    """True when the file can be taken as the one `record` hashed without reading it: same size
    and mtime, and that mtime safely older than the moment the record's stat was taken."""
    return (
        record.stat_ns > 0
        and (record.size, record.mtime_ns) == (now.size, now.mtime_ns)
        and record.stat_ns - record.mtime_ns > RACY_NS
    )


def with_stat(record: DocumentRecord, stat: FileStat | None) -> DocumentRecord:
    """`record` remembering `stat` (None: unknown)."""
    if stat is None:
        return replace(record, size=0, mtime_ns=0, stat_ns=0)
    return replace(record, size=stat.size, mtime_ns=stat.mtime_ns, stat_ns=stat.taken_ns)


@dataclass(frozen=True)
class Segment:
    """One segment folder as the manifest lists it: its row count and its deleted rows."""

    name: str
    rows: int  # chunks in the folder, deleted ones included
    deleted: tuple[tuple[int, int], ...] = ()  # tombstoned row ranges [start, end)

    @property
    def dead(self) -> int:
        return sum(end - start for start, end in self.deleted)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "rows": self.rows, "deleted": [list(r) for r in self.deleted]}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Segment:
        deleted = tuple((int(start), int(end)) for start, end in raw.get("deleted", []))
        return cls(str(raw["name"]), int(raw["rows"]), deleted)


@dataclass(frozen=True)
class IndexSummary:
    """The manifest of an index: what it holds, not the data itself. Its document records are
    read from records.sqlite only when asked for (`documents`); an update asks `records` for
    the few it needs."""

    model: str
    dimension: int
    backend: str  # what embedded the newest vectors; "" in indexes built before it was recorded
    chunker: dict[str, int]
    counts: dict[str, int]
    search: str
    built_at: str
    analysis: int  # the ANALYSIS_VERSION of the code that read its documents
    index_dir: Path
    manifest: dict[str, Any]  # as read, for the update that builds on it
    records: Records

    @classmethod
    def load(cls, index_dir: Path, *, verify: bool = True) -> IndexSummary:
        """Read manifest.json and (with `verify`) check every file it lists against its
        checksum and every record against the records' digest. An update reads only the
        manifest: the segments and records it does not change are neither read nor checked
        (IndexStore.load checks them all)."""
        manifest = read_manifest(index_dir)
        records = records_of(index_dir, manifest)
        if verify:
            verify_checksums(index_dir, manifest)
            records = RecordDict(checked_records(index_dir, manifest))
        try:
            return cls(
                model=manifest["model"]["name"],
                dimension=int(manifest["model"]["dimension"]),
                backend=str(manifest["model"].get("backend", "")),
                chunker=manifest["chunker"],
                counts={k: int(v) for k, v in manifest.get("counts", {}).items()},
                search=str(manifest.get("faiss", "")),
                built_at=str(manifest.get("built_at", "")),
                analysis=int(manifest.get("analysis", 1)),
                index_dir=index_dir,
                manifest=manifest,
                records=records,
            )
        except (KeyError, TypeError, ValueError) as error:
            raise IndexCorruptError("manifest.json is incomplete") from error

    @functools.cached_property
    def documents(self) -> dict[str, DocumentRecord]:
        """Every document's record, by file name, checked (checked_records)."""
        if not isinstance(self.records, RecordDB):
            return self.records.all()
        try:
            return checked_records(self.index_dir, self.manifest)
        except (OSError, sqlite3.Error, ValueError, TypeError) as error:
            raise IndexCorruptError(f"{RECORDS_FILE} cannot be read") from error

    @property
    def people(self) -> dict[str, list[str]]:
        return people_of(self.documents)

    @property
    def segments(self) -> list[Segment]:
        return read_segments(self.manifest)

    @property
    def graph(self) -> str:
        """The HNSW graph file, "" when search is exact."""
        return str(self.manifest.get("graph") or "")

    def facts(self) -> dict[str, list[Fact]]:
        """Profile facts per file, each from the segment holding the file's rows."""
        return facts_of_records(self.index_dir, self.documents)


def records_of(index_dir: Path, manifest: dict[str, Any]) -> Records:
    """The records of a checked manifest, unread: a format 3 manifest's list, or the rows of
    records.sqlite alive at its generation."""
    if manifest.get("format_version") == 3:
        return RecordDict(_documents_of_listing(manifest))
    return RecordDB(index_dir, int(manifest["generation"]))


def records_summary(manifest: dict[str, Any]) -> RecordsSummary | None:
    """The records' count and digest a format 4 manifest holds (None for format 3)."""
    raw = manifest.get("records")
    if not isinstance(raw, dict):
        return None
    return RecordsSummary(int(raw["count"]), str(raw["digest"]))


def checked_records(index_dir: Path, manifest: dict[str, Any]) -> dict[str, DocumentRecord]:
    """Every record of a checked manifest, after they passed the records' digest and their rows
    were found to tile the segments exactly."""
    summary = records_summary(manifest)
    if summary is None:
        records = _documents_of_listing(manifest)
    else:
        try:
            texts = RecordDB(index_dir, int(manifest["generation"])).all_texts()
            if len(texts) != summary.count or digest_of(texts) != summary.digest:
                raise IndexCorruptError(f"{RECORDS_FILE} fails its checksum")
            # one JSON array: parsed by one call of the C decoder, not one per record
            records = read_documents({"documents": json.loads(f"[{','.join(texts)}]")})
        except FileNotFoundError as error:
            raise IndexCorruptError(f"{RECORDS_FILE} is missing") from error
        except (OSError, sqlite3.Error, ValueError, TypeError, AttributeError) as error:
            raise IndexCorruptError(f"{RECORDS_FILE} holds a damaged document") from error
    _check_rows(read_segments(manifest), records)
    return records


def _documents_of_listing(manifest: dict[str, Any]) -> dict[str, DocumentRecord]:
    try:
        return read_documents(manifest)
    except (TypeError, AttributeError) as error:
        raise IndexCorruptError("manifest.json has a damaged document") from error


def facts_of_records(index_dir: Path, records: dict[str, DocumentRecord]) -> dict[str, list[Fact]]:
    """The facts of each record's document, read from the facts.json of its segment."""
    by_segment: dict[str, dict[str, list[Fact]]] = {}
    facts: dict[str, list[Fact]] = {}
    for source, record in records.items():
        try:
            if record.segment not in by_segment:
                by_segment[record.segment] = read_facts(index_dir / record.segment / FACTS)
            facts[source] = by_segment[record.segment].get(source, [])
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise IndexCorruptError(f"{type(error).__name__} reading {FACTS}") from error
    return facts


def read_segments(manifest: dict[str, Any]) -> list[Segment]:
    return [Segment.from_dict(raw) for raw in manifest.get("segments", [])]


def referenced_files(manifest: dict[str, Any]) -> set[str]:
    """The segment folders and graph file a manifest needs."""
    names = {segment.name for segment in read_segments(manifest)}
    return names | ({manifest["graph"]} if manifest.get("graph") else set())


def read_facts(path: Path) -> dict[str, list[Fact]]:
    with open(path, encoding="utf-8") as data:
        raw = json.load(data)
    return {str(source): [Fact.from_dict(f) for f in items] for source, items in raw.items()}


def indexed_records(index_dir: Path) -> dict[str, DocumentRecord]:
    """The documents of the index in `index_dir` by file name, read from its manifest and
    records only; empty when there is no index yet."""
    try:
        return read_manifest_and_documents(index_dir)[1]
    except IndexMissingError:
        return {}


def check_model(indexed: str, configured: str) -> None:
    """Vectors of different models are not comparable; different backends' are (same model)."""
    if indexed != configured:
        raise IndexMismatchError(f"the model {indexed!r}, but {configured!r} is configured")


def read_documents(manifest: dict[str, Any]) -> dict[str, DocumentRecord]:
    """The records a format 3 manifest lists."""
    records = [record_of(d) for d in manifest.get("documents", [])]
    if not all(isinstance(r.source, str) and isinstance(r.person, str) for r in records):
        raise TypeError("a document's source and person must be text")
    return {r.source: r for r in records}


def people_of(documents: dict[str, DocumentRecord]) -> dict[str, list[str]]:
    """Person → the files about them, both sorted."""
    people: dict[str, list[str]] = {}
    for record in sorted(documents.values(), key=lambda r: r.source):
        people.setdefault(record.person, []).append(record.source)
    return dict(sorted(people.items()))


def read_manifest_and_documents(
    index_dir: Path,
) -> tuple[dict[str, Any], dict[str, DocumentRecord]]:
    """manifest.json, checked, and its document records, checked (checked_records)."""
    manifest = read_manifest(index_dir)
    return manifest, checked_records(index_dir, manifest)


def read_manifest(index_dir: Path) -> dict[str, Any]:
    """manifest.json, its fields checked (not the records: checked_records)."""
    check_is_folder(index_dir)
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
    if not isinstance(version, int) or version < OLDEST_UPDATABLE:
        raise IndexMismatchError(f"the older index format {version} (now {FORMAT_VERSION})")
    _check_manifest(manifest)
    return manifest


# The fields a manifest must have, with their types: a hand-edited or damaged manifest is
# refused with the field named, never read half-way. Checksums are required: an index whose
# files cannot be checked is not trusted.
_MANIFEST_FIELDS: dict[str, type] = {
    "segments": list,
    "generation": int,
    "model": dict,
    "chunker": dict,
    "checksums": dict,
}
# Where each format keeps its document records.
_RECORD_FIELDS = {3: ("documents", list), 4: ("records", dict)}


def _check_manifest(manifest: dict[str, Any]) -> None:
    """Refuse a manifest that is not whole (its records are checked by checked_records)."""
    required = dict(_MANIFEST_FIELDS)
    records_field, records_kind = _RECORD_FIELDS[manifest["format_version"]]
    required[records_field] = records_kind
    for name, kind in required.items():
        if name not in manifest:
            raise IndexCorruptError(f"manifest.json has no {name}")
        value = manifest[name]
        if not isinstance(value, kind) or isinstance(value, bool):
            article = "" if name.endswith("s") else "a "
            raise IndexCorruptError(f"manifest.json has {article}{name} of the wrong type")
    model = manifest["model"]
    if not isinstance(model.get("name"), str) or type(model.get("dimension")) is not int:
        raise IndexCorruptError("manifest.json has a model of the wrong type")
    try:
        segments = read_segments(manifest)
    except (TypeError, AttributeError, KeyError, ValueError) as error:
        raise IndexCorruptError("manifest.json has a damaged segment") from error
    if not all(SEGMENT_NAME.fullmatch(s.name) for s in segments):
        raise IndexCorruptError("manifest.json names no segment folder")
    graph = manifest.get("graph")
    if graph is not None and not (isinstance(graph, str) and GRAPH_NAME.fullmatch(graph)):
        raise IndexCorruptError("manifest.json names no graph file")
    for file_name in listed_files(manifest):
        checksum = manifest["checksums"].get(file_name)
        if not (isinstance(checksum, str) and re.fullmatch(r"[0-9a-f]{64}", checksum)):
            raise IndexCorruptError(f"manifest.json has no checksum for {file_name}")
    if records_field == "records":
        try:
            records_summary(manifest)
        except (KeyError, TypeError, ValueError) as error:
            raise IndexCorruptError("manifest.json has records of the wrong type") from error


def _check_rows(segments: list[Segment], records: dict[str, DocumentRecord]) -> None:
    """The documents' rows and the tombstones of each segment tile its rows exactly."""
    spans: dict[str, list[tuple[int, int]]] = {s.name: list(s.deleted) for s in segments}
    for record in records.values():
        if record.segment not in spans:
            raise IndexCorruptError(f"manifest.json places {record.source} in no segment")
        spans[record.segment].append((record.first_row, record.first_row + record.chunks))
    for segment in segments:
        covered = 0
        for start, end in sorted(spans[segment.name]):
            if start != covered or end < start:
                raise IndexCorruptError(f"manifest.json has damaged rows in {segment.name}")
            covered = end
        if covered != segment.rows:
            raise IndexCorruptError(f"manifest.json has damaged rows in {segment.name}")


def listed_files(manifest: dict[str, Any]) -> list[str]:
    """Every data file a manifest lists, as paths relative to the index folder."""
    files = [f"{s.name}/{f}" for s in read_segments(manifest) for f in SEGMENT_FILES]
    return files + ([manifest["graph"]] if manifest.get("graph") else [])


def check_is_folder(index_dir: Path) -> None:
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexLocationError(str(index_dir))


def verify_checksums(
    index_dir: Path, manifest: dict[str, Any], only: set[str] | None = None
) -> None:
    """Check the files `manifest` lists (those of the segments in `only`, when given)."""
    checksums = manifest.get("checksums", {})
    for file_name in listed_files(manifest):
        if only is not None and file_name.split("/")[0] not in only:
            continue
        path = index_dir / file_name
        if not path.is_file():
            raise IndexCorruptError(f"{file_name} is missing")
        expected = checksums.get(file_name)
        if not expected:
            raise IndexCorruptError(f"manifest.json has no checksum for {file_name}")
        if file_sha256(path) != expected:
            raise IndexCorruptError(f"{file_name} fails its checksum")


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def index_lock(index_dir: Path, timeout: float) -> Iterator[None]:
    """Hold the index's update lock; wait up to `timeout` seconds, then refuse.

    flock is released by the kernel when the holder dies, even by kill -9, so a crashed update
    never leaves the index locked. In a folder that cannot be written the lock file is locked
    read-only, or, when it does not exist, not at all: no update can write there anyway, and
    one that needs to says so (IndexReadOnlyError).
    """
    check_is_folder(index_dir)
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
        if not isinstance(write_error(index_dir, error), IndexReadOnlyError):
            raise write_error(index_dir, error) from error
        try:
            handle = open(index_dir / LOCK)  # noqa: SIM115 (closed below)
        except FileNotFoundError:
            yield None
            return
    with handle:
        yield handle


def write_error(index_dir: Path, error: BaseException) -> ProfileChatError:
    """A write failure as the user's sentence: a read-only folder, or another reason."""
    denied = isinstance(error, PermissionError) or (
        isinstance(error, OSError) and error.errno == errno.EROFS
    )
    if denied:
        return IndexReadOnlyError(str(index_dir), describe(error))
    return IndexWriteError(describe(error))
