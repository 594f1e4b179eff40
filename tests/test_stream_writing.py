"""The Ray driver's streaming write (distributed._InOrder into segments.SegmentWriter), without
Ray: results are fed to it as a driver receives them. The segment it streams gives the index an
in-memory write gives, the driver holds only results that arrive ahead of an earlier one, and a
failure mid-stream leaves the previous index serving and no file behind."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from profilechat import indexing
from profilechat.config import Config
from profilechat.distributed import _InOrder
from profilechat.embedding import Embedder
from profilechat.errors import ProfileChatError
from profilechat.indexing import (
    DocumentProgress,
    PendingDocument,
    PreparedDocuments,
    prepare_in_process,
    update_index,
)
from profilechat.segments import STREAM_STAGING, SegmentWriter
from profilechat.store import IndexStore

from .fakes import HashEmbedder
from .test_ray_indexing import manifest_without_timings


def _profile(n: int, version: int = 0) -> str:
    body = "\n".join(
        f"Sentence {i} about project {n}-{i} at Org{n}, draft v{version} of topic{n}x{i}."
        for i in range(6)
    )
    return f"---\nname: Person Number{n} Surname{n}\n---\n{body}\n"


def _write_profiles(corpus: Path, numbers: range, version: int = 0) -> None:
    corpus.mkdir(exist_ok=True)
    for n in numbers:
        (corpus / f"person-{n:03d}.md").write_text(_profile(n, version))


def _results(ready: PreparedDocuments) -> list[bytes]:
    """Each outcome as a Ray worker sends it to the driver."""
    return [pickle.dumps((o, ready.dimension, ready.backend)) for o in ready.outcomes]


def _streaming(order: list[int] | None = None) -> indexing.PrepareDocuments:
    """An executor that prepares in process, then feeds the results to the driver's streaming
    writer in `order` (positions; the documents' order when None)."""

    def prepare(
        pending: list[PendingDocument],
        config: Config,
        embedder: Embedder | None,
        progress: DocumentProgress,
    ) -> PreparedDocuments:
        results = _results(prepare_in_process(pending, config, embedder, progress))
        stream = _InOrder(config)
        try:
            for position in order or range(len(results)):
                stream.receive(position, results[position])
            return stream.finish(pending)
        except BaseException:
            stream.discard()
            raise

    return prepare


def _assert_same_index(a: Path, b: Path) -> None:
    first, second = IndexStore.load(a), IndexStore.load(b)
    assert first.chunks == second.chunks
    assert first.unit_spans == second.unit_spans
    assert first.facts == second.facts
    np.testing.assert_array_equal(first.vectors, second.vectors)
    np.testing.assert_array_equal(first.unit_vectors, second.unit_vectors)
    assert manifest_without_timings(a) == manifest_without_timings(
        b
    )  # checksums included: the same bytes


def _listing(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.iterdir())


def _staging(index_dir: Path) -> list[str]:
    """Files an update writes before its commit (dot-names; the lock aside)."""
    return [name for name in _listing(index_dir) if name.startswith(".") and name != ".lock"]


@pytest.mark.parametrize("approximate_above", [10_000, 1])
def test_a_streamed_segment_gives_the_index_an_in_memory_write_gives(
    tmp_path: Path, approximate_above: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first build (with a graph: the compaction that builds it keeps the streamed segment),
    a one-document update (its segment renamed into place, added to the graph), another (merged
    with that one: read back), a larger one, a removal."""
    corpus = tmp_path / "corpus"
    plain = Config(
        corpus_dir=corpus,
        index_dir=tmp_path / "plain",
        model="fake-hash-64",
        approximate_above=approximate_above,
    )
    streamed = plain.with_(index_dir=tmp_path / "streamed")
    steps = [range(0, 12), range(12, 13), range(13, 14), range(14, 40)]
    for numbers in steps:
        _write_profiles(corpus, numbers)
        with monkeypatch.context() as patch:
            expected = update_index(plain, HashEmbedder())
            patch.setattr(indexing, "_executor", lambda config: _streaming())
            report = update_index(streamed, HashEmbedder())
        assert (report.added, report.chunks) == (expected.added, expected.chunks)
        _assert_same_index(plain.index_dir, streamed.index_dir)
        assert _listing(streamed.index_dir) == _listing(plain.index_dir)
        assert _staging(streamed.index_dir) == []
    (corpus / "person-005.md").unlink()
    update_index(plain, HashEmbedder())
    with monkeypatch.context() as patch:
        patch.setattr(indexing, "_executor", lambda config: _streaming())
        update_index(streamed, HashEmbedder())
    _assert_same_index(plain.index_dir, streamed.index_dir)


def test_the_driver_holds_only_results_that_arrive_ahead_of_an_earlier_one(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    _write_profiles(corpus, range(30))
    config = Config(corpus_dir=corpus, index_dir=tmp_path / "index", model="fake-hash-64")
    pending = [PendingDocument(p, p.name) for p in sorted(corpus.iterdir())]
    ready = prepare_in_process(pending, config, HashEmbedder(), lambda *_: None)
    rows = sum(len(o.chunks) for o in ready.outcomes if not isinstance(o, str))
    results = _results(ready)

    in_order = _InOrder(config)
    for position, result in enumerate(results):
        in_order.receive(position, result)
        assert len(in_order.waiting) == 0  # written at once
    assert in_order.held_at_most == 1
    in_order.discard()

    # Results that come back three at a time, the last of each three first (as from a pool).
    order = [p for start in range(0, 30, 3) for p in (start + 2, start + 1, start)]
    shuffled = _InOrder(config)
    for position in order:
        shuffled.receive(position, results[position])
    streamed = shuffled.finish(pending)
    assert shuffled.held_at_most == 3 < len(results)
    assert streamed.staged is not None and streamed.staged.rows == rows
    assert all(not isinstance(o, str) and o.document.text == "" for o in streamed.outcomes)
    streamed.staged.discard()
    assert not (config.index_dir / STREAM_STAGING).exists()


def test_a_failure_mid_stream_leaves_the_previous_index_and_no_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    config = Config(corpus_dir=corpus, index_dir=tmp_path / "index", model="fake-hash-64")
    _write_profiles(corpus, range(5))
    update_index(config, HashEmbedder())
    before, files_before = manifest_without_timings(config.index_dir), _listing(config.index_dir)
    _write_profiles(corpus, range(5, 15))

    written = {"documents": 0}
    add = SegmentWriter.add

    def fails_on_the_fourth(self: SegmentWriter, *args: object) -> None:
        written["documents"] += 1
        if written["documents"] == 4:
            raise OSError(28, "No space left on device")
        add(self, *args)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(indexing, "_executor", lambda config: _streaming())
        patch.setattr(SegmentWriter, "add", fails_on_the_fourth)
        with pytest.raises(ProfileChatError):
            update_index(config, HashEmbedder())

    assert written["documents"] == 4
    assert manifest_without_timings(config.index_dir) == before
    assert len(IndexStore.load(config.index_dir).documents) == 5
    assert _listing(config.index_dir) == files_before
    with monkeypatch.context() as patch:
        patch.setattr(indexing, "_executor", lambda config: _streaming())
        report = update_index(config, HashEmbedder())
    assert len(report.added) == 10
    assert _staging(config.index_dir) == []


def test_a_failed_commit_after_streaming_removes_the_staged_segment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    config = Config(corpus_dir=corpus, index_dir=tmp_path / "index", model="fake-hash-64")
    _write_profiles(corpus, range(3))
    update_index(config, HashEmbedder())
    before, files_before = manifest_without_timings(config.index_dir), _listing(config.index_dir)
    _write_profiles(corpus, range(3, 20))

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(indexing, "_executor", lambda config: _streaming())
        patch.setattr("profilechat.segments._write_json_atomic", full_disk)
        with pytest.raises(ProfileChatError):
            update_index(config, HashEmbedder())

    assert manifest_without_timings(config.index_dir) == before
    assert _listing(config.index_dir) == files_before
