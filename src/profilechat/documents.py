"""Document management: add files to the corpus, remove them, rebuild; each followed by an index
update. Used by the web app's Documents tab and API and by `profilechat add | remove`.

A file enters the corpus only after it has passed every check: a supported type within the size
limit, content not already in the corpus, and a successful load from a private folder. It is
saved under a safe name (letters and digits of any script, "._-") that no existing file has, never overwriting one. When
the index update fails, for whatever reason, the change is undone, so nothing already indexed is
lost.

A deleted file is moved into the corpus's trash folder (`.trash/`, never indexed since hidden
folders are skipped), from where `restore` puts it back. `empty_trash` removes everything in it;
`expire_trash` (run at start-up) what was deleted more than `Config.trash_days` ago. Both work
inside the trash folder only: links are removed, never followed.

An upload is read, checked and embedded before it takes the management lock (a big file takes
a while to embed, and deletes, restores and other uploads should not wait for that); under the
lock it is placed into the corpus and the index updated, reusing those vectors.

A change in progress is written down first (`.profilechat-pending.json` in the corpus). If the
process dies mid-change (kill -9, power loss), `recover` at the next start finishes or undoes it
by what the index on disk holds: a file the index has is kept, one it lacks is taken back out.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Config
from .embedding import Embedder
from .errors import DocumentError, ManagementError, ProfileChatError, describe
from .indexing import (
    DocumentProgress,
    PendingDocument,
    TerminalProgress,
    UpdateReport,
    embed_document,
    no_document_progress,
    prepare_document,
    update_index,
)
from .loaders import SUPPORTED_SUFFIXES, iter_corpus
from .people import PEOPLE_FILE, read_people_file
from .store import DocumentRecord, file_sha256, index_lock, indexed_records

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

MAX_NAME_CHARS = 100
# File systems allow 255 bytes per name; the rest is room for ".deleting-" and such prefixes.
MAX_NAME_BYTES = 200
JOURNAL = ".profilechat-pending.json"
_ASIDE_PREFIX = ".deleting-"
_UPLOAD_PREFIX = ".upload-"
TRASH = ".trash"
SECONDS_PER_DAY = 86_400

Progress = Callable[[float, str], None]


def no_progress(fraction: float, description: str) -> None:
    """A Progress that shows nothing (the command line prints results only)."""


# --------------------------------------------------------------------------- file names


def safe_filename(name: str) -> str:
    """A base name safe to create in the corpus: letters and digits of any script (NFC), "._-",
    everything else "_"; no leading dot; at most MAX_NAME_CHARS characters and MAX_NAME_BYTES
    bytes of UTF-8, with the suffix kept."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    base = "".join(ch for ch in base if ch.isprintable())
    base = "".join(ch if _safe_character(ch) else "_" for ch in base).lstrip(".")
    stem, suffix = _split_suffix(base)
    return _fit(stem, suffix) if stem else "document" + suffix


def _safe_character(ch: str) -> bool:
    # Letters, digits and the combining marks NFC leaves (many scripts need them).
    return ch in "._-" or unicodedata.category(ch)[0] in "LNM"


def _fit(stem: str, suffix: str, tag: str = "") -> str:
    """stem + tag + suffix, the stem cut to fit MAX_NAME_CHARS and MAX_NAME_BYTES."""
    stem = stem[: MAX_NAME_CHARS - len(suffix) - len(tag)]
    budget = MAX_NAME_BYTES - len((tag + suffix).encode("utf-8"))
    while len(stem.encode("utf-8")) > budget:
        stem = stem[:-1]
    return stem + tag + suffix


def _split_suffix(name: str) -> tuple[str, str]:
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or len(suffix) > 10:
        return name, ""
    return stem, "." + suffix


def _candidate_names(name: str) -> Iterator[str]:
    """name.md, name-2.md, name-3.md, ... (each within MAX_NAME_CHARS and MAX_NAME_BYTES)."""
    yield name
    stem, suffix = _split_suffix(name)
    for n in range(2, 10_000):
        yield _fit(stem, suffix, f"-{n}")


def _inside(path: Path, folder: Path) -> Path:
    """`path` itself, or ManagementError if it does not resolve to somewhere inside `folder`."""
    resolved, root = path.resolve(), folder.resolve()
    if not resolved.is_relative_to(root) or resolved == root:
        raise ManagementError(f"Refused {path.name}: the path is outside the corpus folder.")
    return path


def _link_new(source: Path, target: Path) -> bool:
    """Create `target` with the contents of `source` unless it exists. Atomic where links work."""
    try:
        os.link(source, target)
        return True
    except FileExistsError:
        return False
    except OSError:  # no hard links here: an exclusive create is the fallback
        try:
            with open(target, "xb") as out:
                out.write(source.read_bytes())
            return True
        except FileExistsError:
            return False


def _is_plain_name(name: str) -> bool:
    """A name relative to the corpus that stays inside it (journal entries are checked)."""
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def _claimed(
    record: DocumentRecord | None, records: dict[str, DocumentRecord], saved: list[_Saved]
) -> str:
    """A warning when an added document is filed under a person who already had documents: a
    document can claim any name, so the user should check it is the same person."""
    if record is None:
        return ""
    new = {item.name for item in saved}
    earlier = sorted(
        r.source for r in records.values() if r.person == record.person and r.source not in new
    )
    if not earlier:
        return ""
    return (
        f" {record.person} already had {', '.join(earlier)}; check that both are about the "
        "same person."
    )


def _trash_entries(trash: Path) -> list[Path]:
    """Every file and link inside `trash`, without following links."""
    if not trash.is_dir():
        return []
    entries: list[Path] = []
    for folder, dirs, files in os.walk(trash, followlinks=False):
        entries += [Path(folder) / name for name in files]
        entries += [Path(folder) / name for name in dirs if (Path(folder) / name).is_symlink()]
    return entries


def _remove_empty_folders(trash: Path) -> None:
    """The folders left empty inside `trash` (kept: the trash folder itself)."""
    if not trash.is_dir():
        return
    for folder, dirs, _ in os.walk(trash, topdown=False, followlinks=False):
        for name in dirs:
            with contextlib.suppress(OSError):  # not empty, or a link already removed
                (Path(folder) / name).rmdir()


def _sentence(error: Exception) -> str:
    """The user's sentence for a failed index update: ours as it is, a library's described."""
    if isinstance(error, ProfileChatError):
        return str(error)
    return f"The index update failed ({describe(error)})."


# --------------------------------------------------------------------------- management


@dataclass
class Outcome:
    """What a management action did: one sentence per file changed or refused, then the
    index update's summary."""

    done: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [*self.refused, *self.done, *self.summary]


def _summary(report: UpdateReport, leave_out: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Every skipped file with its reason (except those in `leave_out`), then the totals."""
    skipped = [
        line
        for (source, _), line in zip(report.skipped, report.skipped_lines(), strict=True)
        if source not in leave_out
    ]
    return [*skipped, report.summary_lines()[-1]]


@dataclass
class _Saved:
    name: str
    requested: str


@dataclass
class _Staged:
    """An uploaded file that passed every check, its bytes read, not yet in the corpus."""

    name: str
    data: bytes
    position: int  # in the upload, so that refusals are listed in the order the files came


class _VectorCache:
    """An Embedder that keeps every vector it computes, by text: an upload embeds its documents
    through it before taking the lock, and the index update under the lock finds them here."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.backend = getattr(inner, "backend", type(inner).__name__)
        self._vectors: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            self._vectors.update(zip(missing, self.inner.encode(missing), strict=True))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts])


class DocumentManager:
    """Add, delete and rebuild, each followed by an index update.

    `records` reads the documents the index holds now; `on_update` runs after every update of
    the index on disk (the web app reloads its bot there, so the chat keeps answering from the
    previous index until then). One change at a time: a lock here, and the index's own file lock.
    """

    def __init__(
        self,
        config: Config,
        embedder: Embedder | None,
        records: Callable[[], dict[str, DocumentRecord]],
        on_update: Callable[[], None] = lambda: None,
        *,
        show_progress: bool = True,
    ) -> None:
        self.config = config
        self.embedder = embedder
        self.records = records
        self.on_update = on_update
        self.show_progress = show_progress
        self._lock = threading.Lock()

    @property
    def corpus(self) -> Path:
        return self.config.corpus_dir

    # ---- queries

    def documents(self) -> list[dict[str, Any]]:
        return [
            {"file": r.source, "person": r.person, "chunks": r.chunks, "indexed_at": r.indexed_at}
            for r in sorted(self.records().values(), key=lambda r: r.source)
        ]

    def files(self) -> list[str]:
        """Indexed documents and corpus files, by name relative to the corpus."""
        on_disk = {p.relative_to(self.corpus).as_posix() for p in self._corpus_files()}
        return sorted(on_disk | set(self.records()))

    def trashed(self) -> list[str]:
        """The deleted documents that can be restored, by name relative to the trash folder."""
        trash = self.corpus / TRASH
        if trash.is_symlink() or not trash.is_dir():
            return []
        return sorted(
            p.relative_to(trash).as_posix()
            for p in _trash_entries(trash)
            if p.is_file() and not p.is_symlink()
        )

    def _corpus_files(self) -> list[Path]:
        """Every file in the corpus folder, indexable or not (none when it does not exist)."""
        supported, unsupported = iter_corpus(self.corpus) if self.corpus.is_dir() else ([], [])
        return supported + unsupported

    def _document_progress(self, progress: Progress, start: float) -> DocumentProgress:
        """Per-document progress for `progress` (its fraction running from `start` to 1), and a
        terminal bar when `show_progress`."""
        terminal = TerminalProgress() if self.show_progress else no_document_progress

        def report(done: int, total: int, source: str) -> None:
            terminal(done, total, source)
            if source:
                fraction = start + (1.0 - start) * done / total
                progress(fraction, f"Indexing {done + 1} of {total}: {source}")

        return report

    # ---- upload

    def upload(self, paths: list[str], progress: Progress = no_progress) -> Outcome:
        if not paths:
            raise ManagementError("Choose one or more files to upload first.")
        limit = self.config.max_upload_files
        if len(paths) > limit:
            raise ManagementError(
                f"Refused: {len(paths)} files were sent at once and the limit is {limit}; send "
                "them in smaller groups or copy them into the corpus folder and run "
                "`profilechat index`."
            )
        vectors = _VectorCache(self.embedder) if self.embedder is not None else None
        staged, refused = self._stage_all(paths, vectors, progress)
        with self._lock:
            try:
                return self._commit_upload(staged, refused, vectors, progress)
            finally:
                self._journal_clear()

    def _stage_all(
        self, paths: list[str], vectors: _VectorCache | None, progress: Progress
    ) -> tuple[list[_Staged], list[tuple[int, str]]]:
        """Check, load and embed each upload, outside the lock; refusals as sentences."""
        staged: list[_Staged] = []
        refused: list[tuple[int, str]] = []
        for i, path in enumerate(paths):
            progress(0.3 * i / len(paths), f"Checking {Path(path).name}")
            try:
                staged.append(self._stage(Path(path), i, vectors))
            except ManagementError as error:
                refused.append((i, str(error)))
            except OSError as error:  # an unreadable upload
                refused.append((i, f"Refused {Path(path).name}: {describe(error)}."))
        return staged, refused

    def _commit_upload(
        self,
        staged: list[_Staged],
        refused: list[tuple[int, str]],
        vectors: _VectorCache | None,
        progress: Progress,
    ) -> Outcome:
        saved: list[_Saved] = []
        for item in staged:
            try:
                saved.append(self._accept(item))
            except ManagementError as error:
                refused.append((item.position, str(error)))
            except OSError as error:  # a corpus folder that refuses writes
                refused.append((item.position, f"Refused {item.name}: {describe(error)}."))
        sentences = [sentence for _, sentence in sorted(refused)]
        if not saved:
            raise ManagementError("\n".join(sentences))
        progress(0.35, "Updating the index")
        report = self._update_or_undo(saved, progress, vectors)
        outcome = self._upload_results(saved, report)
        outcome.refused[:0] = sentences
        return outcome

    def _stage(self, upload: Path, position: int, vectors: _VectorCache | None) -> _Staged:
        """Check one uploaded file, load it from a private folder and embed it ahead."""
        name = safe_filename(upload.name)
        self._check_type_and_size(upload, name)
        data = upload.read_bytes()
        self._validate(data, name, vectors)
        return _Staged(name, data, position)

    def _accept(self, item: _Staged) -> _Saved:
        """Save a staged upload into the corpus under a safe, unused name (under the lock)."""
        duplicate = self._duplicate_of(hashlib.sha256(item.data).hexdigest(), len(item.data))
        if duplicate:
            raise ManagementError(
                f"Refused {item.name}: it has the same content as {duplicate}, already in the "
                "corpus."
            )
        return _Saved(self._place(item.data, item.name), item.name)

    def _check_type_and_size(self, upload: Path, name: str) -> None:
        suffix = _split_suffix(name)[1].lower()
        if suffix not in SUPPORTED_SUFFIXES:
            kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
            raise ManagementError(
                f"Refused {name}: {suffix or 'files without an extension'} cannot be indexed; "
                f"upload one of {kinds}."
            )
        size = upload.stat().st_size
        if size > self.config.max_file_bytes:
            limit = self.config.max_file_bytes / (1024 * 1024)
            raise ManagementError(
                f"Refused {name}: the file is larger than the {limit:g} MB limit."
            )

    def _duplicate_of(self, digest: str, size: int) -> str | None:
        for record in self.records().values():
            if record.content_hash == digest and (self.corpus / record.source).is_file():
                return record.source
        for path in self._corpus_files():
            if path.stat().st_size == size and file_sha256(path) == digest:
                return path.relative_to(self.corpus).as_posix()
        return None

    def _validate(self, data: bytes, name: str, vectors: _VectorCache | None) -> None:
        """Load the file from a private folder, so a bad file never enters the corpus, and
        embed its passages into `vectors` as the index update will ask for them."""
        with tempfile.TemporaryDirectory(prefix="profilechat-upload-") as folder:
            staged = Path(folder) / name
            staged.write_bytes(data)
            private = self.config.with_(corpus_dir=Path(folder))
            pending = PendingDocument(staged, name, self._people_override(name))
            item = prepare_document(pending, private)
        if isinstance(item, str):
            raise ManagementError(f"Refused {name}: {item}.")
        if vectors is not None:
            embed_document(vectors, item)  # type: ignore[arg-type]

    def _people_override(self, name: str) -> str | None:
        """The person corpus/people.yaml names for `name` (its embedding texts carry it)."""
        try:
            return read_people_file(self.corpus / PEOPLE_FILE).get(name)
        except DocumentError:
            return None

    def _place(self, data: bytes, name: str) -> str:
        """Write `data` into the corpus under the first unused name; never overwrite."""
        self.corpus.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".upload-", dir=self.corpus)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temporary, 0o644)
            for candidate in _candidate_names(name):
                target = _inside(self.corpus / candidate, self.corpus)
                if target.exists():
                    continue
                self._journal_add("upload", candidate)
                if _link_new(Path(temporary), target):
                    return candidate
            raise ManagementError(f"Refused {name}: no free file name is left for it.")
        finally:
            Path(temporary).unlink(missing_ok=True)

    def _update_or_undo(
        self, saved: list[_Saved], progress: Progress, vectors: _VectorCache | None
    ) -> UpdateReport:
        try:
            changed = [item.name for item in saved]
            return self._update(progress, start=0.35, embedder=vectors, changed=changed)
        except Exception as error:  # any failure, ours or a library's: undo, say why
            for item in saved:
                (self.corpus / item.name).unlink(missing_ok=True)
            raise ManagementError(
                f"{_sentence(error)} The upload was undone; nothing changed."
            ) from None

    def _upload_results(self, saved: list[_Saved], report: UpdateReport) -> Outcome:
        skipped = dict(report.skipped)
        records = self.records()
        outcome = Outcome(summary=_summary(report, leave_out={item.name for item in saved}))
        for item in saved:
            if item.name in skipped:  # it loaded but could not be indexed: take it back out
                (self.corpus / item.name).unlink(missing_ok=True)
                outcome.refused.append(f"Refused {item.name}: {skipped[item.name]}.")
                continue
            record = records.get(item.name)
            person = record.person if record else "unknown person"
            chunks = record.chunks if record else 0
            added = item.name
            if item.name != item.requested:
                added = f"{item.requested} as {item.name}, since {item.requested} already exists"
            outcome.done.append(
                f"Added {added}: {person}, {chunks} passages.{_claimed(record, records, saved)}"
            )
        return outcome

    # ---- delete

    def delete(self, name: str | None, progress: Progress = no_progress) -> Outcome:
        name = (name or "").strip()
        if not name:
            raise ManagementError("Choose the document to delete first.")
        with self._lock:
            if name not in self.files():
                raise ManagementError(f"No document named {name} is in the corpus.")
            path = _inside(self.corpus / name, self.corpus)
            record = self.records().get(name)
            person = record.person if record else ""
            progress(0.2, f"Deleting {name}")
            report = self._remove_and_update(path, progress)
            return Outcome(done=[self._deleted_message(name, person)], summary=_summary(report))

    def _remove_and_update(self, path: Path, progress: Progress) -> UpdateReport:
        """Move the file aside, update; put it back if the update fails."""
        aside = path.with_name(f"{_ASIDE_PREFIX}{path.name}")
        moved = path.is_file()
        try:
            self._journal_write("delete", [path.relative_to(self.corpus).as_posix()])
            if moved:
                os.replace(path, aside)
            changed = [path.relative_to(self.corpus).as_posix()]
            report = self._update(progress, start=0.2, changed=changed)
        except Exception as error:  # any failure, ours or a library's: put the file back
            if moved and aside.exists():
                os.replace(aside, path)
            self._journal_clear()
            raise ManagementError(f"{_sentence(error)} The document was not deleted.") from None
        if moved:
            self._to_trash(aside, path.relative_to(self.corpus).as_posix())
        self._journal_clear()
        return report

    def _to_trash(self, file: Path, name: str) -> str:
        """Move `file` into the trash as `name` (or the first unused variant of it)."""
        trash = self.corpus / TRASH
        folder = _inside(trash / name, trash).parent
        folder.mkdir(parents=True, exist_ok=True)
        for candidate in _candidate_names(Path(name).name):
            if _link_new(file, folder / candidate):
                file.unlink(missing_ok=True)
                os.utime(folder / candidate)  # when it was deleted: the trash expires by this
                return (folder / candidate).relative_to(trash).as_posix()
        raise ManagementError(f"No free name is left in the trash for {name}.")

    # ---- emptying the trash

    def empty_trash(self) -> list[str]:
        """Remove everything in the trash for good; one line saying what."""
        with self._lock:
            trash = self._trash_folder()
            names = self.trashed()
            entries = _trash_entries(trash)
            if not entries:
                return ["The trash is already empty."]
            for entry in entries:
                entry.unlink()
            _remove_empty_folders(trash)
            count = f"{len(names)} document{'' if len(names) == 1 else 's'}"
            listed = f": {', '.join(names)}" if names else ""
            return [f"Removed {count} from the trash for good{listed}."]

    def expire_trash(self) -> list[str]:
        """Remove what was deleted more than `trash_days` ago; one line per file. Nothing when
        trash_days is 0 or the trash folder is a link (the app warns of that when emptying)."""
        days = self.config.trash_days
        if days <= 0:
            return []
        with self._lock:
            try:
                trash = self._trash_folder()
            except ManagementError:
                return []
            oldest = time.time() - days * SECONDS_PER_DAY
            lines = []
            for entry in _trash_entries(trash):
                if entry.lstat().st_mtime < oldest:
                    entry.unlink()
                    name = entry.relative_to(trash).as_posix()
                    lines.append(f"Removed {name} from the trash: deleted over {days} days ago.")
            _remove_empty_folders(trash)
            return lines

    def _trash_folder(self) -> Path:
        """corpus/.trash, refused when it is a link (emptying it would delete elsewhere)."""
        trash = self.corpus / TRASH
        if trash.is_symlink() or (trash.exists() and not trash.is_dir()):
            raise ManagementError(
                f"Refused: {trash} is a link or a file, not a folder of the corpus; remove it "
                "and the trash is made again at the next delete."
            )
        return trash

    def _deleted_message(self, name: str, person: str) -> str:
        where = f"Deleted {name} (moved to the trash, {TRASH}/, where it can be restored)"
        if person and person not in {r.person for r in self.records().values()}:
            return f"{where}; {person} is no longer in the index."
        return f"{where}."

    # ---- restore from the trash

    def restore(self, name: str | None, progress: Progress = no_progress) -> Outcome:
        """Put a deleted document back into the corpus (under an unused name) and index it; on
        a failed update it goes back into the trash."""
        name = (name or "").strip()
        if not name:
            raise ManagementError("Choose the document to restore first.")
        with self._lock:
            if name not in self.trashed():
                raise ManagementError(f"No document named {name} is in the trash.")
            trash = self.corpus / TRASH
            source = _inside(trash / name, trash)
            progress(0.2, f"Restoring {name}")
            restored = self._place_back(source, name)
            try:
                report = self._update(progress, start=0.2, changed=[restored])
            except Exception as error:  # any failure: back into the trash, say why
                self._to_trash(self.corpus / restored, name)
                self._journal_clear()
                raise ManagementError(
                    f"{_sentence(error)} The document stays in the trash."
                ) from None
            self._journal_clear()
            record = self.records().get(restored)
            person = f": {record.person}, {record.chunks} passages" if record else ""
            return Outcome(done=[f"Restored {restored}{person}."], summary=_summary(report))

    def _place_back(self, source: Path, name: str) -> str:
        """Move `source` to `name` in the corpus, or the first unused variant; the new name."""
        folder = _inside(self.corpus / name, self.corpus).parent
        folder.mkdir(parents=True, exist_ok=True)
        for candidate in _candidate_names(Path(name).name):
            target = folder / candidate
            relative = target.relative_to(self.corpus).as_posix()
            if target.exists():
                continue
            self._journal_write("restore", [relative])
            if _link_new(source, target):
                source.unlink()
                return relative
        raise ManagementError(f"No free file name is left for {name} in the corpus.")

    # ---- recovery after a crash

    def recover(self) -> list[str]:
        """Finish or undo a change that a dead process left half done; one line per file.

        Run at start-up. A file the index on disk holds is kept (the change reached the index);
        one it lacks is taken back out (an upload) or put back (a delete)."""
        if not self.corpus.is_dir():
            return []
        with self._lock, index_lock(self.config.index_dir, self.config.lock_timeout):
            indexed = set(indexed_records(self.config.index_dir))
            action, names = self._journal_read()
            lines: list[str] = []
            for aside in sorted(self.corpus.rglob(f"{_ASIDE_PREFIX}*")):
                name = aside.with_name(aside.name[len(_ASIDE_PREFIX) :])
                lines.append(self._recover_delete(aside, name, indexed))
            if action == "upload":
                lines += [self._recover_upload(name, indexed) for name in names]
            if action == "restore":
                lines += [self._recover_restore(name, indexed) for name in names]
            for stray in self.corpus.glob(f"{_UPLOAD_PREFIX}*"):
                stray.unlink(missing_ok=True)
            self._journal_clear()
            return [line for line in lines if line]

    def _recover_delete(self, aside: Path, path: Path, indexed: set[str]) -> str:
        name = path.relative_to(self.corpus).as_posix()
        if name in indexed and not path.exists():
            os.replace(aside, path)
            return f"Restored {name}: its deletion was interrupted before the index changed."
        self._to_trash(aside, name)
        return f"Finished deleting {name}: it had already left the index (it is in the trash)."

    def _recover_upload(self, name: str, indexed: set[str]) -> str:
        path = self.corpus / name
        if name in indexed or not path.is_file():
            return ""
        path.unlink()
        return f"Removed {name}: its upload was interrupted before it was indexed."

    def _recover_restore(self, name: str, indexed: set[str]) -> str:
        path = self.corpus / name
        if name in indexed or not path.is_file():
            return ""
        self._to_trash(path, name)
        return f"Put {name} back into the trash: its restore was interrupted before it was indexed."

    def _journal_write(self, action: str, names: list[str]) -> None:
        journal = self.corpus / JOURNAL
        staging = journal.with_name(journal.name + ".tmp")
        staging.write_text(json.dumps({"action": action, "files": names}), encoding="utf-8")
        os.replace(staging, journal)

    def _journal_add(self, action: str, name: str) -> None:
        current_action, names = self._journal_read()
        self._journal_write(action, [*names, name] if current_action == action else [name])

    def _journal_read(self) -> tuple[str, list[str]]:
        try:
            data = json.loads((self.corpus / JOURNAL).read_text(encoding="utf-8"))
            action, names = str(data["action"]), [str(n) for n in data["files"]]
        except (OSError, ValueError, KeyError, TypeError):
            return "", []
        return action, [n for n in names if _is_plain_name(n)]

    def _journal_clear(self) -> None:
        # A journal left behind is harmless: recovery only keeps what the index holds.
        with contextlib.suppress(OSError):
            (self.corpus / JOURNAL).unlink(missing_ok=True)

    # ---- rebuild

    def rebuild(self, progress: Progress = no_progress) -> Outcome:
        with self._lock:
            progress(0.1, "Rebuilding the index")
            report = self._update(progress, start=0.1, rebuild=True)
            return Outcome(
                done=[f"Rebuilt the index from {self.corpus}."], summary=report.summary_lines()
            )

    def _update(
        self,
        progress: Progress,
        start: float,
        rebuild: bool = False,
        embedder: _VectorCache | None = None,
        changed: list[str] | None = None,
    ) -> UpdateReport:
        """Update the index; `changed`: the corpus files this change added or removed, the
        only ones the update then looks at (indexing.update_index)."""
        report = update_index(
            self.config,
            embedder or self.embedder,  # type: ignore[arg-type]
            rebuild=rebuild,
            progress=self._document_progress(progress, start),
            changed=changed,
        )
        self.on_update()
        return report
