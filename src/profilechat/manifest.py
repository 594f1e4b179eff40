"""An index folder without its data: manifest.json read on its own (enough for `status`,
`people` and deciding that nothing changed), checksums and the update lock, all without numpy,
FAISS or the vectors (see store.py for the layout)."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import IndexBusyError, IndexCorruptError, IndexMismatchError, IndexMissingError

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_FILES = ("chunks.jsonl", "vectors.npy", "units.npy", "index.faiss")
LOCK = ".lock"


@dataclass
class DocumentRecord:
    """What the manifest remembers about one indexed file."""

    source: str
    content_hash: str
    person: str
    chunks: int
    indexed_at: str
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class IndexSummary:
    """The manifest of a verified index: what it holds, not the data itself."""

    model: str
    dimension: int
    backend: str  # what embedded the newest vectors; "" in indexes built before it was recorded
    chunker: dict[str, int]
    documents: dict[str, DocumentRecord]
    counts: dict[str, int]
    search: str
    built_at: str

    @classmethod
    def load(cls, index_dir: Path) -> IndexSummary:
        """Read manifest.json and check the generation's files against their checksums."""
        manifest = read_manifest(index_dir)
        verify_checksums(index_dir / manifest["data"], manifest.get("checksums", {}))
        try:
            return cls(
                model=manifest["model"]["name"],
                dimension=int(manifest["model"]["dimension"]),
                backend=str(manifest["model"].get("backend", "")),
                chunker=manifest["chunker"],
                documents=read_documents(manifest),
                counts={k: int(v) for k, v in manifest.get("counts", {}).items()},
                search=str(manifest.get("faiss", "")),
                built_at=str(manifest.get("built_at", "")),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise IndexCorruptError("manifest.json is incomplete") from error

    @property
    def people(self) -> dict[str, list[str]]:
        return people_of(self.documents)


def check_model(indexed: str, configured: str) -> None:
    """Vectors of different models are not comparable; different backends' are (same model)."""
    if indexed != configured:
        raise IndexMismatchError(f"the model {indexed!r}, but {configured!r} is configured")


def read_documents(manifest: dict[str, Any]) -> dict[str, DocumentRecord]:
    return {d["source"]: DocumentRecord(**d) for d in manifest.get("documents", [])}


def people_of(documents: dict[str, DocumentRecord]) -> dict[str, list[str]]:
    """Person → the files about them, both sorted."""
    people: dict[str, list[str]] = {}
    for record in sorted(documents.values(), key=lambda r: r.source):
        people.setdefault(record.person, []).append(record.source)
    return dict(sorted(people.items()))


def read_manifest(index_dir: Path) -> dict[str, Any]:
    path = index_dir / MANIFEST
    if not path.is_file():
        raise IndexMissingError(str(index_dir))
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IndexCorruptError("manifest.json cannot be read") from error
    if not isinstance(manifest, dict) or "data" not in manifest or "model" not in manifest:
        raise IndexCorruptError("manifest.json is incomplete")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexMismatchError(f"index format {manifest.get('format_version')}")
    return manifest


def verify_checksums(data_dir: Path, checksums: dict[str, str]) -> None:
    for file_name in DATA_FILES:
        path = data_dir / file_name
        if not path.is_file():
            raise IndexCorruptError(f"{data_dir.name}/{file_name} is missing")
        expected = checksums.get(file_name)
        if expected and file_sha256(path) != expected:
            raise IndexCorruptError(f"{data_dir.name}/{file_name} fails its checksum")


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
    never leaves the index locked.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK, "a+") as handle:
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
