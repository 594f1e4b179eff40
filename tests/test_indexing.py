from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profilechat.config import Config
from profilechat.errors import (
    IndexBusyError,
    IndexCorruptError,
    IndexMismatchError,
    IndexVersionError,
    IndexWriteError,
)
from profilechat.indexing import _merge_name_variants, update_index
from profilechat.manifest import DocumentRecord, IndexSummary
from profilechat.store import IndexStore, index_lock

from .fakes import HashEmbedder

ALICE = "# Alice Martin\n\n## Education\n\nPhD in Chemistry from Oxford.\n\n## Work\n\nResearcher at Acme Labs.\n"
BOB = "Bob Stone\n\nEXPERIENCE\n\nI build compilers at Initech. I studied at Delft.\n"
CAROL = "---\nname: Carol Ng\n---\nI design bridges in Lisbon.\n"


def _write(config: Config, name: str, text: str) -> Path:
    path = config.corpus_dir / name
    path.write_text(text, encoding="utf-8")
    return path


def _three_documents(config: Config) -> None:
    _write(config, "alice.md", ALICE)
    _write(config, "bob.txt", BOB)
    _write(config, "carol.md", CAROL)


def test_full_build_records_documents_people_and_chunks(
    fake_config: Config, fake_embedder: HashEmbedder
) -> None:
    _three_documents(fake_config)
    report = update_index(fake_config, fake_embedder)
    assert sorted(report.added) == ["alice.md", "bob.txt", "carol.md"]
    store = IndexStore.load(fake_config.index_dir)
    assert store.people == {
        "Alice Martin": ["alice.md"],
        "Bob Stone": ["bob.txt"],
        "Carol Ng": ["carol.md"],
    }
    manifest = json.loads((fake_config.index_dir / "manifest.json").read_text())
    assert manifest["model"] == {"name": "fake-hash-64", "dimension": 64, "backend": "fake"}
    assert manifest["chunker"] == fake_config.chunker_settings()
    documents = [r.__dict__ for r in IndexSummary.load(fake_config.index_dir).documents.values()]
    assert {d["source"]: d["chunks"] for d in documents} == {
        s: sum(c.source == s for c in store.chunks) for s in ("alice.md", "bob.txt", "carol.md")
    }
    assert all(len(d["content_hash"]) == 64 and d["indexed_at"] for d in documents)


def test_unchanged_corpus_embeds_nothing_and_writes_nothing(fake_config: Config) -> None:
    _three_documents(fake_config)
    update_index(fake_config, HashEmbedder())
    generation = json.loads((fake_config.index_dir / "manifest.json").read_text())["generation"]
    second = HashEmbedder()
    report = update_index(fake_config, second)
    assert second.texts_embedded == 0
    assert sorted(report.unchanged) == ["alice.md", "bob.txt", "carol.md"]
    assert not report.changed
    assert (
        json.loads((fake_config.index_dir / "manifest.json").read_text())["generation"]
        == generation
    )


def test_only_changed_documents_are_re_embedded_and_removed_ones_disappear(
    fake_config: Config,
) -> None:
    _three_documents(fake_config)
    update_index(fake_config, HashEmbedder())
    before = IndexStore.load(fake_config.index_dir)
    _write(fake_config, "bob.txt", BOB.replace("Delft", "Leiden"))
    (fake_config.corpus_dir / "carol.md").unlink()
    counting = HashEmbedder()
    report = update_index(fake_config, counting)
    after = IndexStore.load(fake_config.index_dir)
    bob_chunks = [c for c in after.chunks if c.source == "bob.txt"]
    bob_sentences = sum(len(after.units_of(c.chunk_id)[0]) for c in bob_chunks)
    assert (report.updated, report.removed, report.unchanged) == (
        ["bob.txt"],
        ["carol.md"],
        ["alice.md"],
    )
    assert counting.texts_embedded == len(bob_chunks) + bob_sentences
    assert "Carol Ng" not in after.people and any("Leiden" in c.text for c in bob_chunks)
    alice_before = [c.text for c in before.chunks if c.source == "alice.md"]
    assert [c.text for c in after.chunks if c.source == "alice.md"] == alice_before
    assert len(after.vectors) == after.faiss_index.ntotal == len(after.chunks)


def test_bad_file_is_skipped_and_keeps_its_indexed_version(fake_config: Config) -> None:
    _three_documents(fake_config)
    update_index(fake_config, HashEmbedder())
    (fake_config.corpus_dir / "bob.txt").write_bytes(b"\x00\x01\x02junk\x00" * 50)
    (fake_config.corpus_dir / "notes.xyz").write_text("hello")
    report = update_index(fake_config, HashEmbedder())
    reasons = dict(report.skipped)
    assert set(reasons) == {"bob.txt", "notes.xyz"}
    assert "binary" in reasons["bob.txt"]
    assert reasons["notes.xyz"] == "unsupported file type"
    assert "Bob Stone" in IndexStore.load(fake_config.index_dir).people


def test_model_mismatch_says_to_rebuild(fake_config: Config) -> None:
    _three_documents(fake_config)
    update_index(fake_config, HashEmbedder())
    other = fake_config.with_(model="another-model")
    with pytest.raises(IndexMismatchError) as error:
        update_index(other, HashEmbedder("another-model"))
    assert "profilechat index --rebuild" in str(error.value)
    update_index(other, HashEmbedder("another-model"), rebuild=True)
    assert IndexStore.load(fake_config.index_dir).model == "another-model"


@pytest.mark.parametrize("damage", ["truncate", "flip", "delete", "manifest"])
def test_damaged_files_are_detected_and_rebuild_recovers(fake_config: Config, damage: str) -> None:
    _three_documents(fake_config)
    update_index(fake_config, HashEmbedder())
    manifest_path = fake_config.index_dir / "manifest.json"
    segment = json.loads(manifest_path.read_text())["segments"][0]["name"]
    target = fake_config.index_dir / segment / "vectors.npy"
    if damage == "truncate":
        target.write_bytes(target.read_bytes()[:100])
    elif damage == "flip":
        raw = bytearray(target.read_bytes())
        raw[-5] ^= 0xFF
        target.write_bytes(bytes(raw))
    elif damage == "delete":
        target.unlink()
    else:
        manifest_path.write_text("{not json")
    with pytest.raises(IndexCorruptError) as error:
        IndexStore.load(fake_config.index_dir)
    assert "profilechat index --rebuild" in str(error.value)
    update_index(fake_config, HashEmbedder(), rebuild=True)
    assert len(IndexStore.load(fake_config.index_dir).documents) == 3


def test_failed_write_leaves_previous_index_loadable(fake_config: Config, monkeypatch) -> None:
    _three_documents(fake_config)
    update_index(fake_config, HashEmbedder())
    _write(fake_config, "dave.md", "# Dave Roe\n\nI teach maths in Porto.\n")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "save", disk_full)
    with pytest.raises(IndexWriteError) as error:
        update_index(fake_config, HashEmbedder())
    assert str(error.value) == (
        "Could not write the index (No space left on device); the previous index is unchanged "
        "and still in use: free some space and run the update again."
    )
    monkeypatch.undo()
    assert not [p for p in fake_config.index_dir.iterdir() if p.name.startswith(".seg-")]
    assert sorted(p.name for p in fake_config.index_dir.iterdir() if p.name.startswith("seg-")) == [
        s["name"]
        for s in json.loads((fake_config.index_dir / "manifest.json").read_text())["segments"]
    ]
    store = IndexStore.load(fake_config.index_dir)
    assert "Dave Roe" not in store.people and len(store.documents) == 3


_SLOW_UPDATE = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {tests!r})
    from pathlib import Path
    from profilechat.config import Config
    from profilechat.indexing import update_index
    from fakes import HashEmbedder

    class Slow(HashEmbedder):
        def encode(self, texts, *, progress=False):
            print("embedding", flush=True)
            time.sleep(30)
            return super().encode(texts)

    config = Config(corpus_dir=Path({corpus!r}), index_dir=Path({index!r}), model="fake-hash-64")
    update_index(config, Slow())
    """
)


def test_kill_9_during_update_leaves_old_index_and_releases_lock(fake_config: Config) -> None:
    _three_documents(fake_config)
    update_index(fake_config, HashEmbedder())
    _write(fake_config, "dave.md", "# Dave Roe\n\nI teach maths in Porto.\n")
    script = _SLOW_UPDATE.format(
        tests=str(Path(__file__).parent),
        corpus=str(fake_config.corpus_dir),
        index=str(fake_config.index_dir),
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "embedding"
    with pytest.raises(IndexBusyError):  # the running update holds the lock
        update_index(fake_config, HashEmbedder())
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    store = IndexStore.load(fake_config.index_dir)
    assert len(store.documents) == 3
    report = update_index(fake_config, HashEmbedder())  # the lock died with the process
    assert report.added == ["dave.md"]


def test_second_update_waits_for_the_lock(fake_config: Config) -> None:
    _three_documents(fake_config)
    fake_config = fake_config.with_(lock_timeout=5.0)
    released = threading.Event()

    def hold() -> None:
        with index_lock(fake_config.index_dir, 1.0):
            time.sleep(0.5)
        released.set()

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.1)
    report = update_index(fake_config, HashEmbedder())
    holder.join()
    assert released.is_set() and len(report.added) == 3


# --------------------------------------------------------------------------- people and facts


def _people(config: Config) -> dict[str, list[str]]:
    return IndexStore.load(config.index_dir).people


def test_people_yaml_corrects_attribution_without_reembedding_others(fake_config: Config) -> None:
    _three_documents(fake_config)
    _write(fake_config, "cv.txt", "I design boats in Oslo and teach sailing.\n")
    embedder = HashEmbedder()
    update_index(fake_config, embedder)
    assert "Unknown (cv.txt)" in _people(fake_config)

    _write(fake_config, "people.yaml", "cv.txt: Dana Berg\n")
    before = embedder.texts_embedded
    report = update_index(fake_config, embedder)
    assert report.updated == ["cv.txt"] and report.skipped == []
    assert _people(fake_config)["Dana Berg"] == ["cv.txt"]
    store = IndexStore.load(fake_config.index_dir)
    assert store.documents["cv.txt"].attribution == "people.yaml"
    assert embedder.texts_embedded - before < 10  # only cv.txt's few texts

    (fake_config.corpus_dir / "people.yaml").unlink()
    report = update_index(fake_config, embedder)
    assert report.updated == ["cv.txt"]
    assert "Unknown (cv.txt)" in _people(fake_config)


def test_bad_people_yaml_is_reported_and_ignored(fake_config: Config) -> None:
    _three_documents(fake_config)
    _write(fake_config, "people.yaml", "cv.txt: [not, a, name]\n")
    report = update_index(fake_config, HashEmbedder())
    assert report.skipped == [
        ("people.yaml", "['not', 'a', 'name'] for 'cv.txt' is not a person's name; it was ignored")
    ]
    assert set(_people(fake_config)) == {"Alice Martin", "Bob Stone", "Carol Ng"}


def test_two_documents_with_name_variants_are_one_person(fake_config: Config) -> None:
    _write(fake_config, "walker-cv.md", "# Prof. Alice M. Walker\n\nI study rivers.\n")
    _write(fake_config, "walker-bio.txt", "Alice Walker is a hydrologist at Delft.\n")
    _write(fake_config, "other.md", "---\nauthor: Walker, Alice\n---\nRivers and lakes.\n")
    update_index(fake_config, HashEmbedder())
    people = _people(fake_config)
    assert list(people) == ["Alice Walker"]  # the most frequent form
    assert people["Alice Walker"] == ["other.md", "walker-bio.txt", "walker-cv.md"]
    store = IndexStore.load(fake_config.index_dir)
    assert {c.person for c in store.chunks} == {"Alice Walker"}


def test_facts_are_stored_per_document_and_kept_for_unchanged_ones(fake_config: Config) -> None:
    _write(
        fake_config,
        "jane.md",
        "# Jane Doe\n\njane.doe@example.org\n\nI am an assistant professor at Lakeside "
        "University.\n\n## Education\n\nPhD in Biology, Hill University, 2015 – 2020\n\n"
        "Advisor: Mary Major\n",
    )
    embedder = HashEmbedder()
    update_index(fake_config, embedder)
    _write(fake_config, "bob.md", BOB)
    update_index(fake_config, embedder)
    facts = IndexStore.load(fake_config.index_dir).facts_of("Jane Doe")
    by_kind = {f.kind: f for f in facts}
    assert by_kind["headline"].text == "I am an assistant professor at Lakeside University."
    assert by_kind["contact"].fields == {"type": "email", "value": "jane.doe@example.org"}
    assert by_kind["education"].fields["entry"].endswith("Advisor: Mary Major")
    assert {k: v for k, v in by_kind["education"].fields.items() if k != "entry"} == {
        "degree": "PhD",
        "institution": "Hill University",
        "years": "2015–2020",
        "advisor": "Mary Major",
        "advisor_line": "Advisor: Mary Major",
    }


def test_older_index_format_asks_for_rebuild_and_newer_one_does_not(fake_config: Config) -> None:
    _three_documents(fake_config)
    update_index(fake_config, HashEmbedder())
    manifest_path = fake_config.index_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["format_version"] = 1
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatchError, match=r"older index format 1.*--rebuild"):
        IndexStore.load(fake_config.index_dir)
    manifest["format_version"] = 99
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(IndexVersionError) as caught:
        IndexStore.load(fake_config.index_dir)
    assert "--rebuild" not in str(caught.value)
    assert "index format 99" in str(caught.value)


# --------------------------------------------------------------------------- stat skip


def _age(path: Path, seconds: float) -> None:
    """Set the file's mtime `seconds` into the past (keeping it, like an untouched file)."""
    mtime_ns = time.time_ns() - int(seconds * 1e9)
    os.utime(path, ns=(mtime_ns, mtime_ns))


def _counting_hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from profilechat import indexing

    hashed: list[str] = []
    original = indexing.file_sha256

    def counting(path: Path) -> str:
        hashed.append(path.name)
        return original(path)

    monkeypatch.setattr(indexing, "file_sha256", counting)
    return hashed


def test_files_with_unchanged_size_and_old_mtime_are_not_read_again(
    fake_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    _three_documents(fake_config)
    for path in fake_config.corpus_dir.iterdir():
        _age(path, 3600)
    update_index(fake_config, HashEmbedder())
    hashed = _counting_hashes(monkeypatch)
    report = update_index(fake_config, HashEmbedder())
    assert hashed == []
    assert sorted(report.unchanged) == ["alice.md", "bob.txt", "carol.md"]
    rebuilt = update_index(fake_config, HashEmbedder(), rebuild=True)  # reads every file again
    assert sorted(rebuilt.added) == ["alice.md", "bob.txt", "carol.md"]


def test_edit_keeping_size_and_mtime_within_the_racy_window_is_detected(
    fake_config: Config,
) -> None:
    _three_documents(fake_config)
    alice = fake_config.corpus_dir / "alice.md"
    update_index(fake_config, HashEmbedder())  # alice.md written just now: racily clean
    before = alice.stat()
    alice.write_text(ALICE.replace("Oxford", "Durham"), encoding="utf-8")
    os.utime(alice, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert alice.stat().st_size == before.st_size
    report = update_index(fake_config, HashEmbedder())
    assert report.updated == ["alice.md"]
    assert "Durham" in " ".join(c.text for c in IndexStore.load(fake_config.index_dir).chunks)


def test_touched_file_with_the_same_bytes_is_not_re_embedded(fake_config: Config) -> None:
    _three_documents(fake_config)
    update_index(fake_config, HashEmbedder())
    os.utime(fake_config.corpus_dir / "bob.txt")  # a new mtime, same bytes
    embedder = HashEmbedder()
    report = update_index(fake_config, embedder)
    assert report.chunks_embedded == 0 and not report.changed
    assert sorted(report.unchanged) == ["alice.md", "bob.txt", "carol.md"]


def test_records_keep_the_files_size_and_mtime(fake_config: Config) -> None:
    _three_documents(fake_config)
    _age(fake_config.corpus_dir / "carol.md", 3600)
    update_index(fake_config, HashEmbedder())
    records = IndexStore.load(fake_config.index_dir).documents
    stat = (fake_config.corpus_dir / "carol.md").stat()
    assert (records["carol.md"].size, records["carol.md"].mtime_ns) == (
        stat.st_size,
        stat.st_mtime_ns,
    )


# --------------------------------------------------------------------------- incremental name merge

_GIVEN = ["Alice", "Álice", "Bob", "Chen", "Zoë"]
_MIDDLE = ["", "M. ", "Marie ", "van "]
_SURNAMES = ["Walker", "Wälker", "Stone", "Ng", "de Vries"]
_TITLES = ["", "Dr. ", "Prof. "]


def _record(source: str, name: str, pinned: bool) -> DocumentRecord:
    return DocumentRecord(
        source,
        "0" * 64,
        name,
        1,
        "now",
        attribution="people.yaml" if pinned else "document",
        named=name,
        own_name="" if pinned else name,
    )


@st.composite
def _names(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(options)) for options in (_TITLES, _GIVEN, _MIDDLE, _SURNAMES)]
    return "".join(parts[:3]) + parts[3] if draw(st.booleans()) else parts[1]


@st.composite
def _corpus_change(
    draw: st.DrawFn,
) -> tuple[dict[str, DocumentRecord], dict[str, DocumentRecord]]:
    """Records as an update found them (already merged) and as it leaves them (some files
    added, removed, renamed; people.yaml names unchanged or changed)."""
    count = draw(st.integers(1, 12))
    names = draw(st.lists(_names(), min_size=count, max_size=count))
    pins = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    before = {
        f"f{i}": _record(f"f{i}", n, p) for i, (n, p) in enumerate(zip(names, pins, strict=True))
    }
    before = _merge_name_variants(before)
    after = dict(before)
    for source in draw(st.lists(st.sampled_from(sorted(before)), max_size=4, unique=True)):
        del after[source]
    for n, name in enumerate(draw(st.lists(_names(), max_size=4))):
        after[f"new{n}"] = _record(f"new{n}", name, draw(st.booleans()))
    for source in draw(st.lists(st.sampled_from(sorted(before)), max_size=3, unique=True)):
        if source in after:  # a changed document naming someone else (or the same person)
            after[source] = _record(source, draw(_names()), draw(st.booleans()))
    return before, after


@settings(max_examples=300, deadline=None)
@given(_corpus_change())
def test_incremental_name_merge_equals_the_full_merge(
    change: tuple[dict[str, DocumentRecord], dict[str, DocumentRecord]],
) -> None:
    before, after = change
    assert _merge_name_variants(after, before) == _merge_name_variants(after)


def test_incremental_name_merge_looks_only_at_names_sharing_a_changed_identity(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from profilechat import people

    # ASCII names: the others are all given identity keys (accents fold them unpredictably)
    given_names = ("Alice", "Bob", "Chen")
    names = [f"{given} {surname}" for given in given_names for surname in ("Stone", "Ng", "Okafor")]
    before = _merge_name_variants({n: _record(n, n, False) for n in names})
    after = {**before, "new": _record("new", "Dr. Bob M. Stone", False)}
    keyed: list[str] = []
    from profilechat import indexing

    original = people.identity_key.__wrapped__

    def counting(name: str) -> tuple[str, str] | None:
        keyed.append(name)
        return original(name)

    monkeypatch.setattr(people, "identity_key", counting)
    monkeypatch.setattr(indexing, "identity_key", counting)
    merged = _merge_name_variants(after, before)
    assert merged["new"].person == merged["Bob Stone"].person == "Dr. Bob M. Stone"
    assert set(keyed) <= {"Dr. Bob M. Stone", "Bob Stone", "Alice Stone", "Chen Stone"}


def test_an_update_reads_the_document_list_once(
    fake_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    from profilechat import records as records_module

    _three_documents(fake_config)
    update_index(fake_config, HashEmbedder())
    lists: list[int] = []
    original = records_module.RecordDB.all_texts

    def counting(self: records_module.RecordDB) -> list[str]:
        texts = original(self)
        lists.append(len(texts))
        return texts

    monkeypatch.setattr(records_module.RecordDB, "all_texts", counting)
    update_index(fake_config, HashEmbedder())  # nothing changed: reads the records once
    assert lists == [3]
    (fake_config.corpus_dir / "dave.md").write_text("# Dave Poe\n\nDave Poe is a welder.\n")
    update_index(fake_config, HashEmbedder(), changed=["dave.md"])  # told what changed
    assert len(lists) == 1  # the other records were not read


def test_records_read_from_the_index_equal_those_written(fake_config: Config) -> None:
    import sqlite3

    from profilechat.manifest import indexed_records

    _three_documents(fake_config)
    update_index(fake_config, HashEmbedder())
    with contextlib.closing(sqlite3.connect(fake_config.index_dir / "records.sqlite")) as db:
        rows = [json.loads(t) for (t,) in db.execute("SELECT record FROM records")]
    records = indexed_records(fake_config.index_dir)
    assert sorted(rows, key=lambda r: r["source"]) == [r.__dict__ for r in records.values()]
    assert records["bob.txt"] == DocumentRecord(
        **rows[[r["source"] for r in rows].index("bob.txt")]
    )
    assert records["bob.txt"].rows == range(
        records["bob.txt"].first_row, records["bob.txt"].first_row + records["bob.txt"].chunks
    )


def test_retrieving_for_each_person_at_once_finds_what_one_search_per_person_finds(
    fake_config: Config, fake_embedder: HashEmbedder
) -> None:
    from profilechat.retrieve import Retriever

    _three_documents(fake_config)
    update_index(fake_config, fake_embedder)
    retriever = Retriever(IndexStore.load(fake_config.index_dir), fake_embedder)
    people = ["Carol Ng", "Alice Martin", "Nobody Here", "Bob Stone"]
    for question in ("Where did she study?", "Which awards?", "python distributed systems"):
        vector = retriever.embed_query(question)
        one_by_one = [
            (h.chunk.chunk_id, round(h.score, 9))
            for p in people
            for h in retriever.retrieve(question, 2, [p], vector).hits
        ]
        at_once = retriever.retrieve_each(question, 2, people, vector)
        assert [(h.chunk.chunk_id, round(h.score, 9)) for h in at_once] == one_by_one
