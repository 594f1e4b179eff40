"""The index store in segments: updates write only what changed, tombstones hide what left,
compaction and crashes change no answer, disk stays bounded, people.yaml relabels in place."""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import faiss
import numpy as np
import pytest

from profilechat.config import Config
from profilechat.errors import ProfileChatError
from profilechat.indexing import update_index
from profilechat.session import ProfileChat
from profilechat.store import IndexStore

from .fakes import HashEmbedder

NAMES = [
    *("Ana Lima", "Bob Stone", "Carla Mendes", "David Okafor", "Elena Petrova", "Farid Haddad"),
    *("Grace Kim", "Hugo Laurent", "Ines Duarte", "Jonas Berg", "Keiko Sato", "Liam Walsh"),
    *("Maria Rossi", "Nikhil Rao", "Olga Ivanova", "Pedro Alves"),
]
QUESTIONS = [
    "Which project is at Org3?",
    "Who works on project 5-2?",
    f"What does {NAMES[7]} do at Org7?",
    f"Tell me about {NAMES[1]}.",
]


def _profile(n: int, version: int = 0) -> str:
    body = "\n".join(
        f"Sentence {i} about project {n}-{i} at Org{n}, draft v{version} of topic{n}x{i}."
        for i in range(12)
    )
    return f"---\nname: {NAMES[n]}\n---\n{body}\n"


def _write_profiles(config: Config, numbers: range, version: int = 0) -> None:
    for n in numbers:
        (config.corpus_dir / f"person-{n}.md").write_text(_profile(n, version))


def _manifest(config: Config) -> dict:
    return json.loads((config.index_dir / "manifest.json").read_text())


def _segment_files(config: Config) -> dict[str, tuple[int, bytes]]:
    """Every file in a segment folder: (mtime in ns, bytes)."""
    return {
        str(path.relative_to(config.index_dir)): (path.stat().st_mtime_ns, path.read_bytes())
        for path in sorted(config.index_dir.glob("seg-*/*"))
    }


def _answers(config: Config) -> list[tuple[str, list[tuple[str, str]]]]:
    store = IndexStore.load(config.index_dir, config.approximate_above)
    bot = ProfileChat(store, HashEmbedder(), config)
    answers = []
    for question in QUESTIONS:
        answer = bot.ask(question)
        answers.append((answer.text, [(s.source, s.text) for s in answer.sources]))
    return answers


def test_a_one_document_update_writes_one_new_segment_and_rewrites_no_old_one(
    fake_config: Config,
) -> None:
    _write_profiles(fake_config, range(8))
    update_index(fake_config, HashEmbedder())
    before = _segment_files(fake_config)
    segments_before = [s["name"] for s in _manifest(fake_config)["segments"]]

    _write_profiles(fake_config, range(8, 9))
    update_index(fake_config, HashEmbedder())

    segments = [s["name"] for s in _manifest(fake_config)["segments"]]
    assert segments[:-1] == segments_before and len(segments) == len(segments_before) + 1
    after = _segment_files(fake_config)
    assert {f: v for f, v in after.items() if f in before} == before  # not touched
    new_files = sorted(f for f in after if f not in before)
    assert new_files == [
        f"{segments[-1]}/{f}" for f in sorted(os.listdir(fake_config.index_dir / segments[-1]))
    ]
    store = IndexStore.load(fake_config.index_dir)
    assert NAMES[8] in store.people and len(store.documents) == 9


@pytest.mark.parametrize("approximate_above", [10**9, 1], ids=["exact", "hnsw"])
def test_tombstoned_rows_never_appear_in_any_result(
    fake_config: Config, approximate_above: int
) -> None:
    config = fake_config.with_(approximate_above=approximate_above, max_deleted_share=0.95)
    _write_profiles(config, range(6))
    update_index(config, HashEmbedder())
    old = IndexStore.load(config.index_dir, approximate_above)
    gone = {"person-2.md", "person-4.md"}
    old_rows = [row for row, c in enumerate(old.chunks) if c.source in gone]
    (config.corpus_dir / "person-2.md").unlink()
    _write_profiles(config, range(4, 5), version=1)  # person-4 replaced
    update_index(config, HashEmbedder())

    manifest = _manifest(config)
    assert manifest["counts"]["deleted chunks"] > 0  # the rows are still on disk, tombstoned
    store = IndexStore.load(config.index_dir, approximate_above)
    assert (manifest["graph"] is not None) == (approximate_above == 1)
    assert isinstance(store.faiss_index, faiss.IndexHNSWFlat) == (approximate_above == 1)
    live_texts = {c.text for c in store.chunks}
    dead_texts = {old.chunks[row].text for row in old_rows} - live_texts
    assert dead_texts and "v1" in " ".join(
        c.text for c in store.chunks if c.source == "person-4.md"
    )
    for row in old_rows:  # the removed rows' own vectors, the closest queries there are
        found = store.search(old.vectors[row], 10)
        assert len(found) == 10
        assert all(store.chunks[r].text not in dead_texts for r, _ in found)
        rows_of_4 = np.array([i for i, c in enumerate(store.chunks) if c.source == "person-4.md"])
        assert all(
            store.chunks[r].source == "person-4.md"
            for r, _ in store.search(old.vectors[row], 3, rows_of_4)
        )
    bot = ProfileChat(store, HashEmbedder(), config)
    assert NAMES[2] not in bot.people
    for question in ("Who works on project 2-3 at Org2?", "draft v0 of topic4x1"):
        answer = bot.ask(question)
        assert all(s.text not in dead_texts for s in answer.sources)
        assert "person-2.md" not in {s.source for s in answer.sources}


def _remove_until_compacted(config: Config, total: int) -> list[dict]:
    manifests = []
    for n in range(total):
        (config.corpus_dir / f"person-{n}.md").unlink()
        update_index(config, HashEmbedder())
        manifests.append(_manifest(config))
        if len(manifests[-1]["segments"]) == 1 and not manifests[-1]["segments"][0]["deleted"]:
            break
    return manifests


def test_compaction_starts_past_the_limit_and_changes_no_answer(tmp_path: Path) -> None:
    configs = []
    for name, share in (("compacted", 0.3), ("never", 1.0)):
        corpus = tmp_path / name / "corpus"
        corpus.mkdir(parents=True)
        config = Config(
            corpus_dir=corpus,
            index_dir=corpus.parent / "index",
            model="fake-hash-64",
            max_deleted_share=share,
        )
        _write_profiles(config, range(10))
        update_index(config, HashEmbedder())
        configs.append(config)
    compacted, never = configs
    manifests = _remove_until_compacted(compacted, 10)
    shares = [
        m["counts"]["deleted chunks"] / sum(s["rows"] for s in m["segments"])
        for m in manifests[:-1]
    ]
    assert all(share <= 0.3 for share in shares) and len(manifests) >= 2  # no compaction before
    last = manifests[-1]
    assert last["counts"]["deleted chunks"] == 0 and len(last["segments"]) == 1
    for n in range(len(manifests)):  # the same removals without compaction
        (never.corpus_dir / f"person-{n}.md").unlink()
        update_index(never, HashEmbedder())
    assert _manifest(never)["counts"]["deleted chunks"] > 0
    assert _answers(compacted) == _answers(never)
    a, b = IndexStore.load(compacted.index_dir), IndexStore.load(never.index_dir)
    assert a.chunks == b.chunks and np.array_equal(a.vectors, b.vectors)
    assert np.array_equal(a.unit_vectors, b.unit_vectors) and a.facts == b.facts


class _Crash(OSError):
    """Injected: a crash at one step of an update."""


def _crash_at(step: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Raise at the `step`-th file-system step of the update (write, fsync, rename, save)."""
    calls = {"n": 0}

    def wrap(function: Callable) -> Callable:
        def crashing(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == step:
                raise _Crash(f"crash at step {step}")
            return function(*args, **kwargs)

        return crashing

    monkeypatch.setattr(os, "replace", wrap(os.replace))
    monkeypatch.setattr(os, "fsync", wrap(os.fsync))
    monkeypatch.setattr(np, "save", wrap(np.save))
    monkeypatch.setattr(faiss, "write_index", wrap(faiss.write_index))
    monkeypatch.setattr(Path, "mkdir", wrap(Path.mkdir))


@pytest.mark.parametrize("change", ["add", "compact", "add-to-graph"])
def test_a_crash_at_any_step_leaves_the_previous_index_with_the_same_answers(
    fake_config: Config, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = fake_config.with_(
        approximate_above=1 if change == "add-to-graph" else 10**9, max_deleted_share=0.2
    )
    _write_profiles(config, range(8))
    update_index(config, HashEmbedder())
    _write_profiles(config, range(8, 9))
    update_index(config, HashEmbedder())
    if change == "compact":
        for n in range(2):
            (config.corpus_dir / f"person-{n}.md").unlink()
        expected_segments = 1
    else:
        _write_profiles(config, range(9, 10))
        expected_segments = None
    before = _answers(config)
    manifest_before = _manifest(config)
    step = 1
    while True:
        with monkeypatch.context() as patch:
            _crash_at(step, patch)
            try:
                update_index(config, HashEmbedder())
            except ProfileChatError as error:
                assert "crash at step" in str(error)
            else:
                break
        assert _manifest(config) == manifest_before, f"step {step} changed the index"
        assert _answers(config) == before, f"step {step} changed an answer"
        leftovers = [
            p.name
            for p in config.index_dir.iterdir()
            if p.name.startswith(".") and p.name != ".lock"
        ]
        assert leftovers == [], f"step {step} left {leftovers}"
        step += 1
    assert step > 4  # every step of the write was tried
    after = _manifest(config)
    assert after["generation"] == manifest_before["generation"] + 1
    if expected_segments:
        assert (
            len(after["segments"]) == expected_segments and after["counts"]["deleted chunks"] == 0
        )
    else:
        assert NAMES[9] in IndexStore.load(config.index_dir, config.approximate_above).people


def _size(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        files = path.rglob("*") if path.is_dir() else [path]
        total += sum(f.stat().st_size for f in files if f.is_file())
    return total


def test_disk_stays_within_the_bound_after_many_updates(
    fake_config: Config, tmp_path: Path
) -> None:
    config = fake_config.with_(approximate_above=20)  # a graph file too, after some updates
    rng = random.Random(3)
    _write_profiles(config, range(12))
    update_index(config, HashEmbedder())
    fresh = config.with_(index_dir=tmp_path / "fresh")
    graphs = set()
    for update in range(40):
        n = rng.randrange(16)
        path = config.corpus_dir / f"person-{n}.md"
        if path.exists() and rng.random() < 0.3:
            path.unlink()
        else:
            path.write_text(_profile(n, version=update))
        previous = _manifest(config)
        update_index(config, HashEmbedder())
        manifest = _manifest(config)
        graphs.add(manifest["graph"])
        listed = (
            [config.index_dir / "manifest.json"]
            + [config.index_dir / s["name"] for s in manifest["segments"]]
            + ([config.index_dir / manifest["graph"]] if manifest["graph"] else [])
        )
        shutil.rmtree(fresh.index_dir, ignore_errors=True)  # its records.sqlite written anew
        update_index(fresh, HashEmbedder())
        live = _size(
            [
                fresh.index_dir / "manifest.json",
                *fresh.index_dir.glob("seg-*"),
                *fresh.index_dir.glob("hnsw-*"),
            ]
        )
        assert _size(listed) <= 1.3 * live, f"update {update}"
        # The records: the live ones, and those the previous manifest may still be read with.
        records = _size([config.index_dir / "records.sqlite"])
        assert records <= 2.5 * _size([fresh.index_dir / "records.sqlite"]), f"update {update}"
        kept = {s["name"] for s in manifest["segments"] + previous["segments"]}
        kept |= {m["graph"] for m in (manifest, previous) if m["graph"]}
        on_disk = {p.name for p in config.index_dir.iterdir()}
        on_disk -= {"manifest.json", "records.sqlite", ".lock"}
        assert on_disk == kept  # nothing else is kept: only what the previous manifest needs
    assert len(graphs - {None}) > 1  # the graph was written, and added to


def test_people_yaml_relabels_without_reembedding_or_rewriting_segments(
    fake_config: Config,
) -> None:
    _write_profiles(fake_config, range(4))
    (fake_config.corpus_dir / "cv.txt").write_text("I design boats in Oslo and teach sailing.\n")
    embedder = HashEmbedder()
    update_index(fake_config, embedder)
    segments = _segment_files(fake_config)
    embedded = embedder.texts_embedded

    (fake_config.corpus_dir / "people.yaml").write_text("cv.txt: Dana Berg\n")
    # told only that people.yaml changed: it may refile any document, so the corpus is scanned
    report = update_index(fake_config, embedder, changed=["people.yaml"])
    assert report.updated == ["cv.txt"] and embedder.texts_embedded == embedded
    assert _segment_files(fake_config) == segments
    store = IndexStore.load(fake_config.index_dir)
    assert {c.person for c in store.chunks if c.source == "cv.txt"} == {"Dana Berg"}
    answer = ProfileChat(store, HashEmbedder(), fake_config).ask("What does Dana Berg design?")
    assert answer.people == ["Dana Berg"] and "boats" in answer.text

    (fake_config.corpus_dir / "people.yaml").unlink()
    report = update_index(fake_config, embedder)
    assert report.updated == ["cv.txt"] and embedder.texts_embedded == embedded
    store = IndexStore.load(fake_config.index_dir)
    assert {c.person for c in store.chunks if c.source == "cv.txt"} == {"Unknown (cv.txt)"}


def test_above_the_threshold_an_update_adds_to_the_graph_without_rebuilding_it(
    fake_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = fake_config.with_(approximate_above=1)
    _write_profiles(config, range(8))
    update_index(config, HashEmbedder())
    first_graph = _manifest(config)["graph"]

    def no_new_graph(*args: object) -> None:
        raise AssertionError("the graph was rebuilt")

    monkeypatch.setattr("profilechat.segments.new_graph", no_new_graph)
    _write_profiles(config, range(8, 9))
    update_index(config, HashEmbedder())
    manifest = _manifest(config)
    assert manifest["graph"] != first_graph
    store = IndexStore.load(config.index_dir, 1)
    assert store.faiss_index.ntotal == len(store.chunks)
    row = next(i for i, c in enumerate(store.chunks) if c.source == "person-8.md")
    assert store.search(store.vectors[row], 1)[0][0] == row


def _format_3(config: Config) -> None:
    """Turn the index into what format 3 wrote: the records listed in manifest.json."""
    from profilechat.manifest import indexed_records

    records = indexed_records(config.index_dir)
    manifest = _manifest(config)
    manifest["format_version"] = 3
    del manifest["records"]
    manifest["documents"] = [r.__dict__ for r in records.values()]
    (config.index_dir / "manifest.json").write_text(json.dumps(manifest))
    (config.index_dir / "records.sqlite").unlink()


def test_a_format_3_index_is_served_and_upgraded_by_its_next_update_without_reembedding(
    fake_config: Config,
) -> None:
    _write_profiles(fake_config, range(8))
    update_index(fake_config, HashEmbedder())
    before = _answers(fake_config)
    _format_3(fake_config)
    assert _answers(fake_config) == before  # served as it is
    segment_files = _segment_files(fake_config)

    _write_profiles(fake_config, range(8, 9))
    report = update_index(fake_config, HashEmbedder())

    assert report.added == ["person-8.md"] and report.chunks_embedded < 30  # one document
    manifest = _manifest(fake_config)
    assert manifest["format_version"] == 4 and "documents" not in manifest
    assert {f: v for f, v in _segment_files(fake_config).items() if f in segment_files} == (
        segment_files
    )
    store = IndexStore.load(fake_config.index_dir)
    assert len(store.documents) == 9 and NAMES[8] in store.people
    assert manifest["counts"]["documents"] == 9


def _same_index(a: Config, b: Config) -> None:
    first, second = (IndexStore.load(c.index_dir, c.approximate_above) for c in (a, b))
    assert first.chunks == second.chunks and first.facts == second.facts
    timings = ("indexed_at", "stat_ns", "mtime_ns")
    assert {
        s: {k: v for k, v in r.__dict__.items() if k not in timings}
        for s, r in first.documents.items()
    } == {
        s: {k: v for k, v in r.__dict__.items() if k not in timings}
        for s, r in second.documents.items()
    }
    np.testing.assert_allclose(first.vectors, second.vectors)
    truth = [len(first.documents), len(first.people), len(first.chunks), len(first.unit_vectors)]
    assert [_manifest(a)["counts"][k] for k in ("documents", "people", "chunks", "sentences")] == (
        truth
    )  # counts kept up by differences equal those of the loaded index
    counts = ("documents", "people", "chunks", "sentences", "segments", "deleted chunks")
    assert [_manifest(a)["counts"][k] for k in counts] == [
        _manifest(b)["counts"][k] for k in counts
    ]


@pytest.mark.parametrize("approximate_above", [10**9, 30], ids=["exact", "hnsw"])
def test_an_update_told_what_changed_gives_the_index_a_full_scan_gives(
    fake_config: Config, tmp_path: Path, approximate_above: int
) -> None:
    told = fake_config.with_(approximate_above=approximate_above, max_deleted_share=0.3)
    scanned = told.with_(index_dir=tmp_path / "scanned")
    _write_profiles(told, range(10))
    for config in (told, scanned):
        update_index(config, HashEmbedder())
    rng = random.Random(5)
    for update in range(12):
        changed = []
        for n in rng.sample(range(16), 3):
            path = told.corpus_dir / f"person-{n}.md"
            if path.exists() and rng.random() < 0.3:
                path.unlink()
            elif rng.random() < 0.2:  # another person's variant of a name: names merge
                path.write_text(_profile(n, update).replace(NAMES[n], f"Dr. {NAMES[(n + 1) % 16]}"))
            else:
                path.write_text(_profile(n, version=update))
            changed.append(path if update % 2 else path.name)
        told_report = update_index(told, HashEmbedder(), changed=changed)
        scan_report = update_index(scanned, HashEmbedder())
        assert (told_report.added, told_report.updated, told_report.removed) == (
            scan_report.added,
            scan_report.updated,
            scan_report.removed,
        )
        assert (
            told_report.summary_lines()[-1].split(";")[0]
            == (scan_report.summary_lines()[-1].split(";")[0])
        )
        _same_index(told, scanned)


def test_a_crash_after_the_records_are_written_leaves_the_previous_index(
    fake_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    from profilechat import segments

    _write_profiles(fake_config, range(8))
    update_index(fake_config, HashEmbedder())
    before, manifest_before = _answers(fake_config), _manifest(fake_config)
    _write_profiles(fake_config, range(8, 10))
    (fake_config.corpus_dir / "person-0.md").unlink()

    def crash(path: Path, data: dict) -> None:
        raise _Crash("crash before the manifest switch")

    with monkeypatch.context() as patch:
        patch.setattr(segments, "_write_json_atomic", crash)
        with pytest.raises(ProfileChatError):
            update_index(fake_config, HashEmbedder(), changed=["person-8.md", "person-9.md"])
    # records of the new generation are in records.sqlite, but no manifest names them
    assert _manifest(fake_config) == manifest_before and _answers(fake_config) == before
    store = IndexStore.load(fake_config.index_dir)
    assert sorted(store.documents) == [f"person-{n}.md" for n in range(8)]

    report = update_index(fake_config, HashEmbedder())
    assert report.added == ["person-8.md", "person-9.md"] and report.removed == ["person-0.md"]
    store = IndexStore.load(fake_config.index_dir)
    assert len(store.documents) == 9 and _manifest(fake_config)["counts"]["documents"] == 9


def test_damaged_records_are_refused(fake_config: Config) -> None:
    import sqlite3

    from profilechat.errors import IndexCorruptError

    _write_profiles(fake_config, range(3))
    update_index(fake_config, HashEmbedder())
    with sqlite3.connect(fake_config.index_dir / "records.sqlite") as db:
        db.execute("UPDATE records SET record = replace(record, 'Ana Lima', 'Eve Lima')")
    with pytest.raises(IndexCorruptError, match=r"records\.sqlite fails its checksum"):
        IndexStore.load(fake_config.index_dir)


def test_missing_records_are_refused_with_one_sentence_on_both_paths(fake_config: Config) -> None:
    from profilechat.errors import IndexCorruptError

    _write_profiles(fake_config, range(3))
    update_index(fake_config, HashEmbedder())
    (fake_config.index_dir / "records.sqlite").unlink()
    _write_profiles(fake_config, range(3, 4))
    for changed in (None, ["person-3.md"]):
        with pytest.raises(IndexCorruptError, match=r"records\.sqlite is missing.*--rebuild"):
            update_index(fake_config, HashEmbedder(), changed=changed)
    update_index(fake_config, HashEmbedder(), rebuild=True)
    assert len(IndexStore.load(fake_config.index_dir).documents) == 4


def test_an_index_read_by_an_older_profilechat_is_read_again_by_its_next_update(
    fake_config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    from profilechat.cli import main
    from profilechat.indexing import READ_AGAIN
    from profilechat.manifest import ANALYSIS_VERSION

    _write_profiles(fake_config, range(3))
    update_index(fake_config, HashEmbedder())
    before = IndexStore.load(fake_config.index_dir).chunks
    manifest = _manifest(fake_config)
    del manifest["analysis"]  # as written before the analysis version was recorded
    (fake_config.index_dir / "manifest.json").write_text(json.dumps(manifest))
    args = ["status", "--index", str(fake_config.index_dir)]
    assert main(args) == 0
    assert "the next `profilechat index` reads them all again" in capsys.readouterr().out

    report = update_index(fake_config, HashEmbedder())  # no file changed

    assert report.reread_all and READ_AGAIN in report.summary_lines()
    assert len(report.added) == 3 and report.chunks_embedded == len(before)
    assert _manifest(fake_config)["analysis"] == ANALYSIS_VERSION
    assert IndexStore.load(fake_config.index_dir).chunks == before
    again = update_index(fake_config, HashEmbedder())
    assert not again.reread_all and not again.changed and again.chunks_embedded == 0
