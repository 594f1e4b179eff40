"""Build or update an index from a corpus folder:
load → identify person → structure and facts → chunk → embed → store.

Documents whose bytes are unchanged (same sha256) keep their chunks and vectors; only new and
changed documents are embedded. A file whose size and mtime are those recorded when it was last
hashed is not read at all, unless that mtime was too close to the moment of recording to be
trusted (manifest.stat_unchanged, git's "racily clean" rule); --rebuild reads every file, and
so does the first update of an index whose documents an older ProfileChat read (its manifest's
`analysis` is not manifest.ANALYSIS_VERSION).
Deciding that nothing changed needs only the manifest and the records, so the chunker, numpy,
FAISS and the model are imported only when something did. A file that fails to load is
reported and skipped; if an earlier version of it was indexed, that version stays indexed.

An update finds the changes by scanning the corpus folder (one stat per file), or, when the
caller names the changed files (`update_index(changed=...)`: the app's uploads and deletes),
looks at those alone: then only their records are read, and the commit writes only the records
that change (records.py), so the update costs the same whatever the corpus size.

New and changed documents are prepared (loaded, attributed, structured, chunked, embedded) in
this process (`prepare_in_process`) or, when `Config.ray_address` is set, by workers of a Ray
cluster (distributed.py); either way the results are committed here, by the same store code
(the Ray driver has already streamed its results into a staging segment, segments.SegmentWriter,
which the commit renames into place).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .config import Config
from .embedding import Embedder, load_embedder
from .errors import (
    DocumentError,
    IndexMismatchError,
    IndexMissingError,
    IndexUpdateError,
    ProfileChatError,
    describe,
)
from .facts import Fact
from .loaders import scan_corpus, scan_named
from .manifest import (
    ANALYSIS_VERSION,
    DocumentRecord,
    FileStat,
    IndexSummary,
    check_model,
    file_sha256,
    index_lock,
    stat_unchanged,
    with_stat,
)
from .people import PEOPLE_FILE, identity_key, merge_variants, read_people_file
from .records import RecordChanges, RecordDict, Records, is_pinned, named
from .types import Chunk, Document

if TYPE_CHECKING:
    import numpy as np

    from .segments import StagedSegment
    from .store import SegmentData

# Called before each new or changed document is indexed, and once when all are done:
# (documents done, documents to index, the file being indexed now, "" at the end).
DocumentProgress = Callable[[int, int, str], None]


def no_document_progress(done: int, total: int, source: str) -> None:
    """A DocumentProgress that shows nothing."""


class TerminalProgress:
    """A DocumentProgress drawing a tqdm bar, one step per document, on `stream` only when it
    is a terminal (a log or a pipe gets the summary lines alone)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.shown = self.stream.isatty()
        self._bar: Any = None

    def __call__(self, done: int, total: int, source: str) -> None:
        if not self.shown:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="document", file=self.stream, leave=False)
        self._bar.n = done
        self._bar.set_description_str(source or "indexed")
        if done >= total:
            self._bar.close()
            self._bar = None


READ_AGAIN = (
    "read every document again: the index was built by a ProfileChat that read documents "
    "differently (sections, entries, facts), and answers use the new reading"
)


@dataclass
class UpdateReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    unlisted: int = 0  # indexed files an update told what changed did not look at (unchanged)
    chunks_embedded: int = 0
    documents: int = 0
    chunks: int = 0
    seconds: float = 0.0
    reread_all: bool = False  # the index's documents were read by an older ProfileChat

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def skipped_lines(self) -> list[str]:
        """One line per file left out of the index, with the reason."""
        return [f"skipped {source}: {reason}" for source, reason in self.skipped]

    def summary_lines(self) -> list[str]:
        lines = self.skipped_lines()
        if self.reread_all:
            lines.append(READ_AGAIN)
        for verb, items in (("added", self.added), ("updated", self.updated)):
            lines += [f"{verb} {source}" for source in items]
        lines += [f"removed {source}" for source in self.removed]
        lines.append(
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
            f"{len(self.unchanged) + self.unlisted} unchanged, {len(self.skipped)} skipped; "
            f"{self.documents} documents, {self.chunks} chunks "
            f"({self.chunks_embedded} embedded) in {self.seconds:.2f}s"
        )
        return lines


@dataclass
class _Prepared:
    """A new or changed document, chunked and ready to embed."""

    document: Document
    chunks: list[Chunk]
    spans: list[list[tuple[int, int]]]
    facts: list[Fact]
    attribution: str
    chunk_vectors: np.ndarray | None = None
    unit_vectors: np.ndarray | None = None


@dataclass
class _Streamed:
    """A prepared document whose rows a segments.SegmentWriter already wrote to disk: what its
    record needs, without its text, chunks or vectors."""

    document: Document  # its text, headings and links left out
    chunks: int
    sentences: int
    attribution: str

    @classmethod
    def of(cls, item: _Prepared) -> _Streamed:
        return cls(
            replace(item.document, text="", headings=(), links=()),
            len(item.chunks),
            sum(len(s) for s in item.spans),
            item.attribution,
        )


@dataclass(frozen=True)
class PendingDocument:
    """A new or changed file to index; `override` is people.yaml's name for its person."""

    path: Path
    source: str
    override: str | None = None


@dataclass
class PreparedDocuments:
    """One outcome per pending document, in their order: the document chunked and embedded (or,
    streamed, its rows already in `staged`, in the same order), or the reason it was skipped;
    and the model's dimension and backend (0 and "" when nothing was embedded). `held_at_most`
    is the most results a streaming driver held in memory at once (waiting for earlier ones)."""

    outcomes: list[_Prepared | _Streamed | str]
    dimension: int = 0
    backend: str = ""
    staged: StagedSegment | None = None
    held_at_most: int = 0


# Prepares pending documents and reports progress: `prepare_in_process` or
# `distributed.prepare_on_ray`. The embedder is None to load `config.model`.
PrepareDocuments = Callable[
    [list[PendingDocument], Config, Embedder | None, DocumentProgress], PreparedDocuments
]


def update_index(
    config: Config,
    embedder: Embedder | None = None,
    *,
    rebuild: bool = False,
    progress: DocumentProgress = no_document_progress,
    changed: Iterable[Path | str] | None = None,
) -> UpdateReport:
    """Bring the index in `config.index_dir` up to date with `config.corpus_dir`, calling
    `progress` before each new or changed document is read and embedded, and once at the end.

    `changed`, when the caller knows exactly which files were added, changed or removed since
    the last update (paths inside the corpus folder, or names relative to it): only those are
    looked at, and the rest of the corpus is neither listed nor read, so the update costs what
    they cost. Every change must be named: a file left out stays indexed as it was. The whole
    corpus is scanned as without `changed` when there is no index yet, with `rebuild` (or an
    index an older ProfileChat read: it is read again as with `rebuild`), or when
    people.yaml is among them (it may refile any document).

    Any failure leaves the previous index in place and is raised as a ProfileChatError: errors
    of libraries (a MemoryError from numpy, a RuntimeError from FAISS) become IndexUpdateError.
    """
    try:
        return _update_index(config, embedder, rebuild, progress, changed)
    except ProfileChatError:
        raise
    except Exception as error:
        raise IndexUpdateError(describe(error)) from error


def _update_index(
    config: Config,
    embedder: Embedder | None,
    rebuild: bool,
    progress: DocumentProgress,
    changed: Iterable[Path | str] | None,
) -> UpdateReport:
    started = time.perf_counter()
    report = UpdateReport()
    with index_lock(config.index_dir, config.lock_timeout):
        # The manifest is enough to find what changed; the vectors are read only if something did.
        old = None if rebuild else _open_compatible(config)
        if old is not None and old.analysis != ANALYSIS_VERSION:
            old, report.reread_all = None, True
        overrides = _read_overrides(config.corpus_dir, report)
        known = _known_sources(config.corpus_dir, changed) if old is not None else None
        if known is None:
            scan = scan_corpus(config.corpus_dir)
            old_records = old.documents if old else {}
        else:
            scan = scan_named(config.corpus_dir, known)
            old_records = old.records.get(known) if old else {}
            report.unlisted = (old.counts.get("documents", 0) if old else 0) - len(old_records)
        files = [f for f in scan.files if f.supported]
        report.skipped += scan.refused
        report.skipped += [
            (f.source, "unsupported file type")
            for f in scan.files
            if not f.supported and f.source != PEOPLE_FILE
        ]
        kept: dict[str, DocumentRecord] = {}
        to_index: list[tuple[Path, str, DocumentRecord | None]] = []
        stats: dict[str, FileStat] = {}
        for file in files:
            source = file.source
            previous = old_records.get(source)
            stats[source] = FileStat(file.size, file.mtime_ns, scan.taken_ns)
            try:
                unchanged = _unchanged(file.path, previous, stats[source])
            except OSError as error:
                _skip(report, kept, source, previous, _reason(error))
                continue
            attributed = _attributed(previous, overrides.get(source)) if unchanged else None
            if attributed is not None:
                (report.unchanged if attributed is previous else report.updated).append(source)
                kept[source] = _restated(attributed, stats[source])
            else:
                to_index.append((Path(file.path), source, previous))
        pending = [
            PendingDocument(path, source, overrides.get(source)) for path, source, _ in to_index
        ]
        ready = _executor(config)(pending, config, embedder, progress)
        present = {f.source for f in files}
        removed = sorted(s for s in old_records if s not in present)
        try:
            _write_prepared(config, report, old, old_records, kept, to_index, ready, stats, removed)
        finally:
            if ready.staged is not None:  # unless committed, no manifest refers to it
                ready.staged.discard()
    report.seconds = time.perf_counter() - started
    return report


def _known_sources(corpus_dir: Path, changed: Iterable[Path | str] | None) -> list[str] | None:
    """The corpus names of the `changed` files, or None when the whole corpus must be scanned
    (nothing named, or people.yaml among them)."""
    if changed is None:
        return None
    sources = sorted({_corpus_name(item, corpus_dir) for item in changed})
    return None if PEOPLE_FILE in sources else sources


def _corpus_name(item: Path | str, corpus_dir: Path) -> str:
    """A changed file's name in the corpus: given as such, or as a path into the corpus."""
    path = Path(item)
    if path.is_absolute() or path.parts[: len(corpus_dir.parts)] == corpus_dir.parts:
        return path.resolve().relative_to(corpus_dir.resolve()).as_posix()
    return path.as_posix()


def _write_prepared(
    config: Config,
    report: UpdateReport,
    old: IndexSummary | None,
    old_records: dict[str, DocumentRecord],
    kept: dict[str, DocumentRecord],
    to_index: list[tuple[Path, str, DocumentRecord | None]],
    ready: PreparedDocuments,
    stats: dict[str, FileStat],
    removed: list[str],
) -> None:
    """Report the prepared documents and commit them with the kept ones, if anything changed."""
    prepared: list[_Prepared | _Streamed] = []
    for (_, source, previous), outcome in zip(to_index, ready.outcomes, strict=True):
        if isinstance(outcome, str):
            _skip(report, kept, source, previous, outcome)
            continue
        prepared.append(outcome)
        (report.updated if previous else report.added).append(source)
    report.removed = removed
    if old is not None and not report.added and not report.updated and not report.removed:
        report.documents, report.chunks = (
            old.counts.get("documents", 0),
            old.counts.get("chunks", 0),
        )
        return
    prepared_stats = {p.document.source: stats.get(p.document.source) for p in prepared}
    records, new = _assemble(prepared, prepared_stats)
    # A kept record is its previous one itself unless the update changed it (_attributed,
    # _restated): `is` spares comparing 10,000 dataclasses field by field.
    upserts = {s: r for s, r in kept.items() if r is not old_records.get(s)} | records
    changes = RecordChanges(upserts, set(removed))
    manifest = _commit(config, old, changes, new, ready)
    report.documents = manifest["counts"]["documents"]
    report.chunks = manifest["counts"]["chunks"]
    report.chunks_embedded = sum(_rows(p) for p in prepared)


def _unchanged(path: str, previous: DocumentRecord | None, stat: FileStat) -> bool:
    """Whether the file holds the bytes `previous` indexed: by its stat when that is safe
    (stat_unchanged), otherwise by hashing it."""
    if previous is None:
        return False
    return stat_unchanged(previous, stat) or previous.content_hash == file_sha256(Path(path))


def _restated(record: DocumentRecord, stat: FileStat) -> DocumentRecord:
    """An unchanged file's record with the stat that was just found to match its bytes (kept as
    it was when the stat alone showed it unchanged)."""
    if stat_unchanged(record, stat):
        return record
    return with_stat(record, stat)


def _skip(
    report: UpdateReport,
    kept: dict[str, DocumentRecord],
    source: str,
    previous: DocumentRecord | None,
    reason: str,
) -> None:
    report.skipped.append((source, reason))
    if previous:  # keep what was indexed rather than lose it
        kept[source] = previous


def _executor(config: Config) -> PrepareDocuments:
    if not config.ray_address:
        return prepare_in_process
    from .distributed import prepare_on_ray  # imports ray, which only --ray needs

    return prepare_on_ray


def prepare_in_process(
    pending: list[PendingDocument],
    config: Config,
    embedder: Embedder | None,
    progress: DocumentProgress,
) -> PreparedDocuments:
    """Prepare the documents one after the other, calling `progress` before each and once at
    the end. The model is loaded (when `embedder` is None) once a document needs it."""
    outcomes: list[_Prepared | str] = []
    for done, item in enumerate(pending):
        progress(done, len(pending), item.source)
        outcome = prepare_document(item, config)
        if isinstance(outcome, _Prepared):
            embedder = embedder or load_embedder(
                config.model, config.batch_size, config.embedding_backend
            )
            embed_document(embedder, outcome)
        outcomes.append(outcome)
    if pending:
        progress(len(pending), len(pending), "")
    if embedder is None:
        return PreparedDocuments(outcomes)
    return PreparedDocuments(outcomes, embedder.dimension, embedder_backend(embedder))


def prepare_document(item: PendingDocument, config: Config) -> _Prepared | str:
    """The document loaded, attributed, structured and chunked, or why it cannot be indexed."""
    try:
        return _prepare(item.path, config, item.override)
    except (DocumentError, OSError) as error:
        return _reason(error)


def embed_document(embedder: Embedder, item: _Prepared) -> None:
    item.chunk_vectors, item.unit_vectors = _embed(embedder, item.chunks, item.spans)


def embedder_backend(embedder: Embedder) -> str:
    # Embedders written before `backend` was part of the protocol are named by their class.
    return getattr(embedder, "backend", type(embedder).__name__)


def _open_compatible(config: Config) -> IndexSummary | None:
    """The current index's manifest, or None when there is none yet. Refuses another model or
    chunker; the embedding backend may differ (both give the same vectors)."""
    try:
        summary = IndexSummary.load(config.index_dir, verify=False)
    except IndexMissingError:
        return None
    check_model(summary.model, config.model)
    if summary.chunker != config.chunker_settings():
        raise IndexMismatchError(f"chunker settings {summary.chunker}")
    return summary


def _prepare(path: Path, config: Config, override: str | None) -> _Prepared:
    # Imported here: the chunker's text splitter costs half a second to import, which a run
    # that finds nothing changed should not pay.
    from .chunking import chunk_document
    from .facts import extract_facts
    from .loaders import load_document
    from .names import alias_facts
    from .people import identify_person
    from .structure import document_sections
    from .text import unit_spans

    document = load_document(path, config.corpus_dir, config)
    person = override or identify_person(document)
    document = replace(document, person=person)
    sections = document_sections(document)
    chunks = chunk_document(document, config.chunk_size, config.chunk_overlap)
    if not chunks:
        raise DocumentError(document.source, "no text to index")
    return _Prepared(
        document,
        chunks,
        [unit_spans(c.text) for c in chunks],
        [*extract_facts(document, sections), *alias_facts(document)],
        "people.yaml" if override else "document",
    )


def _attributed(record: DocumentRecord, override: str | None) -> DocumentRecord | None:
    """An unchanged document's record filed as people.yaml says now; None when its own name is
    needed and unknown (it was indexed under people.yaml): then it is read again.

    Only the manifest changes: chunks take their person from it when the index is loaded. The
    vectors keep the name their context header had when they were embedded.
    """
    if override:
        if record.attribution == "people.yaml" and (record.named or record.person) == override:
            return record
        own = record.own_name if record.attribution == "people.yaml" else record.named
        return replace(
            record, person=override, named=override, attribution="people.yaml", own_name=own
        )
    if record.attribution != "people.yaml":
        return record
    if not record.own_name:
        return None
    return replace(record, person=record.own_name, named=record.own_name, attribution="document")


def _read_overrides(corpus_dir: Path, report: UpdateReport) -> dict[str, str]:
    """corpus/people.yaml; a problem with it is reported and the file ignored, never fatal."""
    try:
        return read_people_file(corpus_dir / PEOPLE_FILE)
    except DocumentError as error:
        report.skipped.append((PEOPLE_FILE, error.reason))
        return {}


def _commit(
    config: Config,
    old: IndexSummary | None,
    changes: RecordChanges,
    new: SegmentData,
    ready: PreparedDocuments,
) -> dict[str, Any]:
    """Write the new documents' rows as a segment (or place the one they were streamed to) and
    commit the changed records, people's names merged (the rows of documents removed or
    replaced become tombstones): segments.commit_changes."""
    from .segments import commit_changes

    changes = _merge_name_changes(changes, old.records if old else RecordDict({}))
    staged = ready.staged if ready.staged is not None and ready.staged.rows else None
    dimension, backend = ready.dimension, ready.backend
    if not (
        (staged or new).chunks and dimension
    ):  # nothing embedded: the index keeps its model's figures
        dimension = old.dimension if old else 0
        backend = str(old.backend) if old else ""
    previous = old.manifest if old else None
    return commit_changes(config, previous, changes, staged or new, dimension, backend)


def _assemble(
    prepared: list[_Prepared | _Streamed], stats: dict[str, FileStat | None]
) -> tuple[dict[str, DocumentRecord], SegmentData]:
    """The new documents' records (their rows in NEW_SEGMENT), and their rows in memory (none
    of the streamed ones: their rows are on disk already)."""
    from .segments import NEW_SEGMENT
    from .store import SegmentData

    records: dict[str, DocumentRecord] = {}
    now = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    first_row = 0
    for item in prepared:
        doc = item.document
        records[doc.source] = DocumentRecord(
            doc.source,
            doc.content_hash,
            doc.person,
            _rows(item),
            now,
            _plain(doc.metadata),
            attribution=item.attribution,
            named=doc.person,
            own_name=doc.person if item.attribution == "document" else "",
            sentences=_sentences(item),
            segment=NEW_SEGMENT,
            first_row=first_row,
        )
        records[doc.source] = with_stat(records[doc.source], stats.get(doc.source))
        first_row += _rows(item)
    in_memory = [p for p in prepared if isinstance(p, _Prepared)]
    dimension = next(
        (p.chunk_vectors.shape[1] for p in in_memory if p.chunk_vectors is not None), 0
    )
    new = SegmentData(
        chunks=[c for p in in_memory for c in p.chunks],
        spans=[s for p in in_memory for s in p.spans],
        vectors=_stack(
            [p.chunk_vectors for p in in_memory if p.chunk_vectors is not None], dimension
        ),
        unit_vectors=_stack(
            [p.unit_vectors for p in in_memory if p.unit_vectors is not None], dimension
        ),
        facts={p.document.source: p.facts for p in in_memory},
    )
    return records, new


def _rows(item: _Prepared | _Streamed) -> int:
    return item.chunks if isinstance(item, _Streamed) else len(item.chunks)


def _sentences(item: _Prepared | _Streamed) -> int:
    return item.sentences if isinstance(item, _Streamed) else sum(len(s) for s in item.spans)


def _merge_name_variants(
    records: dict[str, DocumentRecord], previous: dict[str, DocumentRecord] | None = None
) -> dict[str, DocumentRecord]:
    """`records` with every document filed under one form of its person's name (see
    _merge_name_changes), merged incrementally from `previous` (already merged) when given."""
    if previous is None:
        return _merged(records, set(records), _pinned_names(records))
    changes = RecordChanges(
        {s: r for s, r in records.items() if previous.get(s) != r}, set(previous) - set(records)
    )
    merged = _merge_name_changes(changes, RecordDict(previous))
    return _applied(dict(previous), merged)


def _applied(
    records: dict[str, DocumentRecord], changes: RecordChanges
) -> dict[str, DocumentRecord]:
    records.update(changes.upserts)
    for source in changes.removed:
        records.pop(source, None)
    return records


def _merge_name_changes(changes: RecordChanges, old: Records) -> RecordChanges:
    """The changes with every document filed under one form of its person's name ("Alice M.
    Walker" and "Prof. Alice Walker" are one person); records of `old` (already merged) that
    this refiles join the upserts. A name set in people.yaml is kept as the user wrote it.
    Only records change: chunks take their person from them when the index is loaded.

    Only the names that may share an identity with a name added, removed or changed are merged
    again (found by their surname in `old`), which gives the same result as merging all of them
    (the groups no change touches keep theirs). When a people.yaml name is among the changes,
    all records are merged again.
    """
    upserts, removed = changes.upserts, changes.removed
    before = old.get(set(upserts) | removed)
    if any(is_pinned(r) for r in [*before.values(), *upserts.values()]):
        return _merge_all(changes, old)
    dirty = {
        source
        for source, record in upserts.items()
        if (was := before.get(source)) is None
        or (was.person, named(was)) != (record.person, named(record))
    }
    touched = {named(upserts[s]) for s in dirty}
    touched |= {named(before[s]) for s in dirty | removed if s in before}
    keys = {key for name in touched if (key := identity_key(name))}
    view = {s: r for s, r in old.with_surnames({k[1] for k in keys}).items() if s not in removed}
    view |= upserts
    affected = dirty | {s for s, r in view.items() if identity_key(named(r)) in keys}
    merged = _merged(view, affected, old.pinned_names())
    result = dict(upserts)
    for source in affected:
        if source in upserts or merged[source] != view[source]:
            result[source] = merged[source]
    return RecordChanges(result, removed)


def _merge_all(changes: RecordChanges, old: Records) -> RecordChanges:
    """The changes, with every record's name merged again."""
    previous = old.all()
    records = _applied(dict(previous), changes)
    merged = _merged(records, set(records), _pinned_names(records))
    upserts = {s: r for s, r in merged.items() if s in changes.upserts or previous.get(s) != r}
    return RecordChanges(upserts, changes.removed)


def _merged(
    records: dict[str, DocumentRecord], sources: set[str], pinned: list[str]
) -> dict[str, DocumentRecord]:
    """`records` with those of `sources` filed under their merged name; `sources` must hold
    every record whose name shares an identity with one of theirs."""
    names = {source: named(records[source]) for source in sources}
    canonical = merge_variants(sorted(names.values()))
    merged = dict(records)
    for source, name in names.items():
        record = records[source]
        person = _pinned_form(name, pinned) or canonical[name]
        if (record.person, record.named) != (person, name):
            merged[source] = replace(record, person=person, named=name)
    return merged


def _pinned_names(records: dict[str, DocumentRecord]) -> list[str]:
    return sorted({r.named for r in records.values() if r.attribution == "people.yaml"})


def _pinned_form(name: str, pinned: list[str]) -> str | None:
    """The people.yaml spelling of `name`'s person, when the user gave one."""
    if not pinned:
        return None
    merged = merge_variants([name, *pinned])
    return next((p for p in pinned if merged[p] == merged[name]), None)


def _embed(
    embedder: Embedder, chunks: list[Chunk], spans: list[list[tuple[int, int]]]
) -> tuple[np.ndarray, np.ndarray]:
    """One encode call (per document) for chunk texts and sentence texts, both with the
    context header.

    Each distinct text is embedded once: overlapping chunks repeat sentences, and list entries
    repeat headings.
    """
    chunk_texts = [c.embedding_text() for c in chunks]
    unit_texts = [
        unit_embedding_text(chunk, start, end)
        for chunk, chunk_spans in zip(chunks, spans, strict=True)
        for start, end in chunk_spans
    ]
    texts = chunk_texts + unit_texts
    distinct = list(dict.fromkeys(texts))
    row_of = {text: row for row, text in enumerate(distinct)}
    vectors = embedder.encode(distinct)[[row_of[t] for t in texts]]
    return vectors[: len(chunks)], vectors[len(chunks) :]


def unit_embedding_text(chunk: Chunk, start: int, end: int) -> str:
    """A sentence with its section (and list entry) as context. The person's name is left out
    on purpose: sentences are only compared within the people a question is about, and a name
    in every vector would make any question naming that person look answered."""
    from .text import entry_title, plain_text

    context = [chunk.section, entry_title(chunk.text, start)]
    prefix = ": ".join(c for c in context if c)
    sentence = plain_text(chunk.text[start:end])
    return f"{prefix}: {sentence}" if prefix else sentence


def _stack(parts: list[np.ndarray], dimension: int) -> np.ndarray:
    import numpy as np

    parts = [p for p in parts if len(p)]
    if not parts:
        return np.zeros((0, dimension), dtype=np.float32)
    return np.ascontiguousarray(np.vstack(parts), dtype=np.float32)


def _plain(metadata: dict) -> dict:
    """Metadata as JSON-safe strings (YAML front matter can hold dates and such)."""
    return {
        str(k): v if isinstance(v, str | int | float | bool) else str(v)
        for k, v in metadata.items()
    }


def _reason(error: Exception) -> str:
    if isinstance(error, DocumentError):
        return error.reason
    return f"cannot be read ({type(error).__name__})"
