"""The document records of an index: what it remembers about each indexed file, kept in
records.sqlite beside the segments (index format 4), so that an update reads and writes only
the records it changes.

manifest.json stays the one commit point. Every row carries the generation that wrote it
(`born`) and the one that replaced or removed it (`died`, ALIVE while it is current); a reader
sees the rows alive at the generation of the manifest it read. An update writes its rows
(born = its new generation) in one SQLite transaction before it switches manifest.json, so a
crash before the switch leaves only rows no manifest can see; the next update deletes them and
revives the rows they had marked replaced. Rows that neither the new manifest nor the one it
replaced can see are deleted by each update (a reader may still be opening the older one).

The manifest holds the live records' count and digest: the sum, modulo 2**256, of the sha256
of each record's JSON, which an update adjusts by the records it changes and a full load
checks against every row (a damaged or hand-edited records.sqlite is refused, like a segment
file that fails its checksum). Format 3 manifests listed the records themselves: RecordDict
serves those until their next update moves them here.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import IndexCorruptError
from .people import identity_key

RECORDS_FILE = "records.sqlite"
ALIVE = 1 << 62  # `died` of a current row
_DIGEST_MODULUS = 1 << 256
_BATCH = 500  # host parameters per IN (…) query (SQLite allows 999 in old builds)
# Every query an update makes is indexed (a query that scanned 10,000 rows cost tens of ms);
# auto_vacuum gives the pages of deleted rows back at each commit.
_SCHEMA = """
PRAGMA auto_vacuum = FULL;
CREATE TABLE IF NOT EXISTS records (
    source TEXT NOT NULL, born INTEGER NOT NULL, died INTEGER NOT NULL,
    segment TEXT NOT NULL, person TEXT NOT NULL, surname TEXT NOT NULL,
    pinned INTEGER NOT NULL, record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS by_source ON records (source, died);
CREATE INDEX IF NOT EXISTS by_segment ON records (segment, died);
CREATE INDEX IF NOT EXISTS by_surname ON records (surname, died);
CREATE INDEX IF NOT EXISTS by_person ON records (person, died);
CREATE INDEX IF NOT EXISTS by_pinned ON records (pinned, died);
CREATE INDEX IF NOT EXISTS by_born ON records (born);
CREATE INDEX IF NOT EXISTS by_died ON records (died);
"""


@dataclass
class DocumentRecord:
    """What the index remembers about one indexed file."""

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
    # The name the document itself gives ("" if unknown): people.yaml can be undone without
    # reading the document again.
    own_name: str = ""
    sentences: int = 0  # sentence vectors of its chunks
    # Where its rows are: chunks first_row … first_row + chunks - 1 of segment `segment`.
    segment: str = ""
    first_row: int = 0
    # The file's size and mtime when it was last hashed, and when that stat was taken (all 0
    # when unknown): an update takes a file whose size and mtime are unchanged as unchanged
    # without reading it (manifest.stat_unchanged).
    size: int = 0
    mtime_ns: int = 0
    stat_ns: int = 0

    @property
    def rows(self) -> range:
        return range(self.first_row, self.first_row + self.chunks)


_RECORD_FIELDS = frozenset(f.name for f in fields(DocumentRecord))


def record_of(raw: dict[str, Any]) -> DocumentRecord:
    """A record from its JSON object. One written by this version has exactly the fields of
    DocumentRecord and becomes one without a copy (DocumentRecord(**raw) costs as much as
    parsing the JSON); any other goes through the constructor, which fills in fields added since
    and refuses unknown ones."""
    if not (isinstance(raw, dict) and raw.keys() == _RECORD_FIELDS):
        return DocumentRecord(**raw)
    record = object.__new__(DocumentRecord)
    record.__dict__ = raw
    return record


def named(record: DocumentRecord) -> str:
    """The name a record's document (or people.yaml) gives, before variants were merged."""
    return record.named or record.person


def surname_key(record: DocumentRecord) -> str:
    """The folded surname of the record's name ("" when it has none): the rows whose names may
    be variants of one another share it (people.identity_key)."""
    key = identity_key(named(record))
    return key[1] if key else ""


def is_pinned(record: DocumentRecord) -> bool:
    return record.attribution == "people.yaml"


@dataclass
class RecordChanges:
    """What an update changes in the index's document records: the records added or changed
    (`upserts`; those of segment segments.NEW_SEGMENT have their rows in this update's new
    data) and the files removed. Every other record stays as it is, unread."""

    upserts: dict[str, DocumentRecord]
    removed: set[str]


class Records:
    """The records of one committed index, looked up without reading all of them."""

    def all(self) -> dict[str, DocumentRecord]:
        raise NotImplementedError

    def get(self, sources: Iterable[str]) -> dict[str, DocumentRecord]:
        raise NotImplementedError

    def in_segments(self, names: Iterable[str]) -> dict[str, DocumentRecord]:
        raise NotImplementedError

    def with_surnames(self, surnames: Iterable[str]) -> dict[str, DocumentRecord]:
        raise NotImplementedError

    def pinned_names(self) -> list[str]:
        """The names set in people.yaml, sorted."""
        raise NotImplementedError

    def people_among(self, people: Iterable[str]) -> set[str]:
        """Those of `people` that at least one record is filed under."""
        raise NotImplementedError


class RecordDict(Records):
    """Records held in memory: a format 3 manifest's list, or a first build's nothing."""

    def __init__(self, records: dict[str, DocumentRecord]) -> None:
        self.records = records

    def all(self) -> dict[str, DocumentRecord]:
        return dict(self.records)

    def get(self, sources: Iterable[str]) -> dict[str, DocumentRecord]:
        return {s: self.records[s] for s in sources if s in self.records}

    def in_segments(self, names: Iterable[str]) -> dict[str, DocumentRecord]:
        wanted = set(names)
        return {s: r for s, r in self.records.items() if r.segment in wanted}

    def with_surnames(self, surnames: Iterable[str]) -> dict[str, DocumentRecord]:
        wanted = set(surnames)
        return {s: r for s, r in self.records.items() if surname_key(r) in wanted}

    def pinned_names(self) -> list[str]:
        return sorted({r.named for r in self.records.values() if is_pinned(r)})

    def people_among(self, people: Iterable[str]) -> set[str]:
        wanted = set(people)
        return {r.person for r in self.records.values() if r.person in wanted}


class RecordDB(Records):
    """The rows of records.sqlite alive at one generation, read-only."""

    def __init__(self, index_dir: Path, generation: int) -> None:
        self.path = index_dir / RECORDS_FILE
        self.generation = generation

    def _texts(self, where: str, parameters: list[Any]) -> list[str]:
        """The JSON of the live records matching `where`."""
        query = f"SELECT record FROM records WHERE born <= ? AND died > ? AND {where}"
        try:
            with _connect(self.path, read_only=True) as db:
                rows = db.execute(query, [self.generation, self.generation, *parameters])
                return [text for (text,) in rows.fetchall()]
        except FileNotFoundError as error:
            raise IndexCorruptError(f"{RECORDS_FILE} is missing") from error
        except sqlite3.DatabaseError as error:
            raise IndexCorruptError(f"{RECORDS_FILE} cannot be read") from error

    def _records(self, where: str, parameters: list[Any]) -> dict[str, DocumentRecord]:
        records = (record_of(json.loads(text)) for text in self._texts(where, parameters))
        return {r.source: r for r in records}

    def _in(self, column: str, values: Iterable[str]) -> dict[str, DocumentRecord]:
        values = sorted(set(values))
        found: dict[str, DocumentRecord] = {}
        for start in range(0, len(values), _BATCH):
            batch = values[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            found |= self._records(f"{column} IN ({marks})", batch)
        return found

    def all(self) -> dict[str, DocumentRecord]:
        return self._records("1", [])

    def all_texts(self) -> list[str]:
        """Every live record's JSON, as stored (for the digest check)."""
        return self._texts("1", [])

    def get(self, sources: Iterable[str]) -> dict[str, DocumentRecord]:
        return self._in("source", sources)

    def in_segments(self, names: Iterable[str]) -> dict[str, DocumentRecord]:
        return self._in("segment", names)

    def with_surnames(self, surnames: Iterable[str]) -> dict[str, DocumentRecord]:
        return self._in("surname", [s for s in surnames if s])

    def pinned_names(self) -> list[str]:
        return sorted({r.named for r in self._records("pinned = 1", []).values()})

    def people_among(self, people: Iterable[str]) -> set[str]:
        found: set[str] = set()
        with _connect(self.path, read_only=True) as db:
            for person in set(people):
                row = db.execute(
                    "SELECT 1 FROM records WHERE person = ? AND born <= ? AND died > ? LIMIT 1",
                    [person, self.generation, self.generation],
                ).fetchone()
                if row:
                    found.add(person)
        return found


@dataclass(frozen=True)
class RecordsSummary:
    """What the manifest says of the records: how many are live, their digest."""

    count: int
    digest: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": RECORDS_FILE, "count": self.count, "digest": self.digest}


def record_text(record: DocumentRecord) -> str:
    return json.dumps(record.__dict__, ensure_ascii=False, sort_keys=True)


def text_digest(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")


def digest_of(texts: Iterable[str]) -> str:
    return _hex(sum(text_digest(t) for t in texts))


def _hex(value: int) -> str:
    return f"{value % _DIGEST_MODULUS:064x}"


def write_records(
    index_dir: Path,
    committed: int,
    generation: int,
    upserts: dict[str, DocumentRecord],
    removed: Iterable[str],
    previous: RecordsSummary | None,
) -> RecordsSummary:
    """Store the records of `generation`: `upserts` replace or add records, `removed` go;
    every other record alive at `committed` (the generation of the manifest on disk) stays.
    `previous` None: the records of `committed` are all replaced by `upserts` (a first build,
    a rebuild, a compaction, or the upgrade of a format 3 index).

    Rows no manifest can see (written by an update that died before its commit) are deleted
    first, and rows dead before `committed` last. One transaction: all or nothing."""
    with _connect(index_dir / RECORDS_FILE, read_only=False) as db:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM records WHERE born > ?", [committed])
            db.execute(
                "UPDATE records SET died = ? WHERE died > ? AND died < ?",
                [ALIVE, committed, ALIVE],
            )
            if previous is None:
                db.execute("UPDATE records SET died = ? WHERE died = ?", [generation, ALIVE])
                digest, count = 0, 0
            else:
                digest, count = int(previous.digest, 16), previous.count
                for text in _retire(db, [*upserts, *removed], generation):
                    digest -= text_digest(text)
                    count -= 1
            rows = [_row(record, generation) for record in upserts.values()]
            db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
            digest += sum(text_digest(row[-1]) for row in rows)
            count += len(rows)
            db.execute("DELETE FROM records WHERE died <= ?", [committed])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return RecordsSummary(count, _hex(digest))


def _row(record: DocumentRecord, generation: int) -> tuple[Any, ...]:
    return (
        record.source,
        generation,
        ALIVE,
        record.segment,
        record.person,
        surname_key(record),
        int(is_pinned(record)),
        record_text(record),
    )


def _retire(db: sqlite3.Connection, sources: list[str], generation: int) -> list[str]:
    """Mark the live rows of `sources` replaced at `generation`; their JSON."""
    texts: list[str] = []
    unique = sorted(set(sources))
    for start in range(0, len(unique), _BATCH):
        batch = unique[start : start + _BATCH]
        marks = ",".join("?" * len(batch))
        where = f"source IN ({marks}) AND died = {ALIVE}"
        texts += [t for (t,) in db.execute(f"SELECT record FROM records WHERE {where}", batch)]
        db.execute(f"UPDATE records SET died = ? WHERE {where}", [generation, *batch])
    return texts


@contextlib.contextmanager
def _connect(path: Path, *, read_only: bool) -> Iterator[sqlite3.Connection]:
    if read_only:
        if not path.is_file():
            raise FileNotFoundError(str(path))
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=60)
    else:
        new = not path.exists()
        db = sqlite3.connect(path, timeout=60, isolation_level=None)
        if new:  # the schema once: run again, its statements cost a transaction of their own
            db.executescript(_SCHEMA)
    try:
        yield db
    finally:
        db.close()
