"""Indexing on Ray (distributed.py) gives the index an in-process build gives, and fails the way
an in-process build does. One local Ray (2 CPUs) serves the whole file; start-up costs seconds.

Deselect with `-m 'not ray'`; `make test` runs them (the ray extra is part of `make install`).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from profilechat.cli import main
from profilechat.config import Config
from profilechat.distributed import prepare_on_ray
from profilechat.errors import ProfileChatError
from profilechat.indexing import PendingDocument, UpdateReport, update_index
from profilechat.segments import STREAM_STAGING
from profilechat.store import IndexStore, indexed_records

from .conftest import REPO
from .fakes import HashEmbedder

pytestmark = pytest.mark.ray

ALICE = "# Alice Walker\n\nAlice Walker is a chemist at Acme Labs. She studied at Oxford.\n"
BOB = "# Bob Stone\n\nBob Stone is a pilot at Northwind Air. He studied at Leeds.\n"
CAROL = "# Carol Diaz\n\n## Work\n\nCarol Diaz builds bridges in Porto.\n\n## Education\n\nMIT.\n"
# Fields of the manifest that say when, not what.
TIMINGS = ("built_at", "indexed_at", "mtime_ns", "stat_ns")


@pytest.fixture(scope="session")
def ray_address() -> Iterator[str]:
    """A local Ray for the session; the address other processes can join it at."""
    import ray

    from profilechat.distributed import connect

    # Workers unpickle the fake model from tests.fakes: the repository must be importable in
    # them wherever pytest was started (they inherit the environment of the Ray started here).
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPATH", os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
        connect(Config(ray_address="local", ray_workers=2))
    yield ray.get_runtime_context().gcs_address
    ray.shutdown()


def write_corpus(corpus: Path, files: dict[str, str | bytes]) -> None:
    corpus.mkdir(exist_ok=True)
    for name, content in files.items():
        if isinstance(content, bytes):
            (corpus / name).write_bytes(content)
        else:
            (corpus / name).write_text(content, encoding="utf-8")


def configs(tmp_path: Path, model: str = "fake-hash-64") -> tuple[Config, Config]:
    """An in-process and a Ray configuration: one corpus, two index folders."""
    corpus = tmp_path / "corpus"
    plain = Config(corpus_dir=corpus, index_dir=tmp_path / "in-process", model=model)
    on_ray = plain.with_(index_dir=tmp_path / "ray", ray_address="local", ray_batch_size=1)
    return plain, on_ray


def manifest_without_timings(index_dir: Path, checksums: bool = True) -> dict[str, Any]:
    manifest = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))
    for key in TIMINGS:
        manifest.pop(key, None)
    # The records' digest covers their timings: compared without them, record by record.
    manifest["records"].pop("digest")
    manifest["documents"] = [dict(r.__dict__) for r in indexed_records(index_dir).values()]
    for record in manifest["documents"]:
        for key in TIMINGS:
            record.pop(key, None)
    if not checksums:
        manifest.pop("checksums")
    return manifest


def assert_same_index(a: Path, b: Path, checksums: bool = True) -> None:
    first, second = IndexStore.load(a), IndexStore.load(b)
    assert first.chunks == second.chunks
    assert first.unit_spans == second.unit_spans
    assert first.facts == second.facts
    np.testing.assert_allclose(first.vectors, second.vectors, atol=1e-5)
    np.testing.assert_allclose(first.unit_vectors, second.unit_vectors, atol=1e-5)
    assert manifest_without_timings(a, checksums) == manifest_without_timings(b, checksums)


def outcome(report: UpdateReport) -> tuple[list[str], ...]:
    skipped = [f"{source}: {reason}" for source, reason in report.skipped]
    return report.added, report.updated, report.removed, report.unchanged, skipped


def test_ray_builds_the_index_an_in_process_build_gives(tmp_path: Path, ray_address: str) -> None:
    plain, on_ray = configs(tmp_path)
    files: dict[str, str | bytes] = {"alice.md": ALICE, "bob.md": BOB, "carol.md": CAROL}
    # Two that cannot be indexed: the reason is found in a worker and reported by the driver.
    files |= {"empty.md": "", "broken.pdf": b"%PDF-1.4 not really a PDF"}
    write_corpus(plain.corpus_dir, files)

    expected = update_index(plain, HashEmbedder())
    progress: list[tuple[int, int, str]] = []
    report = update_index(on_ray, HashEmbedder(), progress=lambda *call: progress.append(call))

    assert outcome(report) == outcome(expected)
    assert sorted(source for source, _ in report.skipped) == ["broken.pdf", "empty.md"]
    assert_same_index(plain.index_dir, on_ray.index_dir)
    # Every document once, in the order results arrived, then the end.
    assert sorted(source for _, _, source in progress[:-1]) == sorted(files)
    assert [done for done, _, _ in progress] == list(range(len(files) + 1))
    assert progress[-1] == (len(files), len(files), "")


def test_incremental_ray_run_prepares_only_changed_documents(
    tmp_path: Path, ray_address: str
) -> None:
    plain, on_ray = configs(tmp_path)
    write_corpus(plain.corpus_dir, {"alice.md": ALICE, "bob.md": BOB, "dave.md": CAROL})
    update_index(plain, HashEmbedder())
    update_index(on_ray, HashEmbedder())

    # Changed, new, removed, and an indexed file that now fails (its earlier version stays).
    write_corpus(plain.corpus_dir, {"bob.md": BOB + "He flies gliders.\n", "carol.md": CAROL})
    (plain.corpus_dir / "alice.md").unlink()
    (plain.corpus_dir / "dave.md").write_text("", encoding="utf-8")
    expected = update_index(plain, HashEmbedder())
    embedder = HashEmbedder()
    progress: list[str] = []
    report = update_index(on_ray, embedder, progress=lambda *call: progress.append(call[2]))

    assert outcome(report) == outcome(expected)
    assert (report.added, report.updated, report.removed) == (
        ["carol.md"],
        ["bob.md"],
        ["alice.md"],
    )
    assert [source for source, _ in report.skipped] == ["dave.md"]
    assert sorted(progress) == ["", "bob.md", "carol.md", "dave.md"]
    assert embedder.texts_embedded == 0  # the driver's copy embeds nothing: workers do
    assert_same_index(plain.index_dir, on_ray.index_dir)
    assert "dave.md" in IndexStore.load(on_ray.index_dir).documents


class DiesOnceEmbedder(HashEmbedder):
    """Kills its worker process the first time any worker embeds (a marker file says so)."""

    def __init__(self, marker: Path) -> None:
        super().__init__()
        self.marker = marker

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        if not self.marker.exists():
            self.marker.touch()
            os._exit(1)
        return super().encode(texts, progress=progress)


def test_a_worker_that_dies_is_restarted_and_its_batch_run_again(
    tmp_path: Path, ray_address: str
) -> None:
    plain, on_ray = configs(tmp_path)
    write_corpus(plain.corpus_dir, {"alice.md": ALICE, "bob.md": BOB})
    update_index(plain, HashEmbedder())

    report = update_index(on_ray, DiesOnceEmbedder(tmp_path / "died"))

    assert (tmp_path / "died").exists()  # a worker did die
    assert sorted(report.added) == ["alice.md", "bob.md"]
    assert_same_index(plain.index_dir, on_ray.index_dir)


# Indexes the corpus on the Ray at argv[3]; stops in the progress callback once the first
# result has been written and the second has arrived, so that the test can kill it mid-stream.
KILLED_DRIVER = """
import sys, time
from pathlib import Path
from profilechat.config import Config
from profilechat.errors import ProfileChatError
from profilechat.indexing import update_index
from tests.fakes import HashEmbedder

def stall(done, total, source):
    if done < 1:
        return
    print("RESULT", source, flush=True)
    time.sleep(600)

config = Config(corpus_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]), model="fake-hash-64",
                ray_address=sys.argv[3], ray_batch_size=1)
update_index(config, HashEmbedder(), progress=stall)
"""


def test_killing_the_driver_mid_run_leaves_the_previous_index(
    tmp_path: Path, ray_address: str
) -> None:
    _, on_ray = configs(tmp_path)
    write_corpus(on_ray.corpus_dir, {"alice.md": ALICE})
    update_index(on_ray, HashEmbedder())
    before = manifest_without_timings(on_ray.index_dir)
    write_corpus(on_ray.corpus_dir, {"bob.md": BOB, "carol.md": CAROL})

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), str(REPO / "src")]))
    args = [str(on_ray.corpus_dir), str(on_ray.index_dir), ray_address]
    driver = subprocess.Popen(
        [sys.executable, "-c", KILLED_DRIVER, *args], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert driver.stdout is not None
        assert driver.stdout.readline().startswith("RESULT")
    finally:
        driver.send_signal(signal.SIGKILL)
        driver.wait(timeout=30)

    assert manifest_without_timings(on_ray.index_dir) == before
    assert sorted(IndexStore.load(on_ray.index_dir).documents) == ["alice.md"]
    assert (on_ray.index_dir / STREAM_STAGING).exists()  # killed mid-stream
    report = update_index(on_ray.with_(lock_timeout=5.0), HashEmbedder())  # the lock was freed
    assert sorted(report.added) == ["bob.md", "carol.md"]
    # The segment the killed driver was streaming to is gone, and nothing else was left.
    left = [p.name for p in on_ray.index_dir.iterdir() if p.name.startswith(".")]
    assert left == [".lock"]


def test_the_driver_writes_results_as_they_arrive_holding_few(
    tmp_path: Path, ray_address: str
) -> None:
    _, on_ray = configs(tmp_path)
    profiles = {
        f"p{n:02d}.md": f"# Person {n}\n\nPerson {n} works on topic {n}.\n" for n in range(12)
    }
    write_corpus(on_ray.corpus_dir, profiles)
    pending = [PendingDocument(on_ray.corpus_dir / name, name) for name in sorted(profiles)]
    staged_on_arrival: list[bool] = []

    def progress(done: int, total: int, source: str) -> None:
        staged_on_arrival.append((on_ray.index_dir / STREAM_STAGING).exists())

    ready = prepare_on_ray(pending, on_ray, HashEmbedder(), progress)

    assert ready.staged is not None
    assert ready.staged.rows == sum(o.chunks for o in ready.outcomes if not isinstance(o, str))
    assert all(staged_on_arrival[1:])  # written to while results still arrive
    # In order from Ray: at most the one just received (a batch is one document here).
    assert ready.held_at_most <= on_ray.ray_batch_size < len(pending)
    ready.staged.discard()


def test_cli_ray_flag_with_the_real_model(
    tmp_path: Path, ray_address: str, embedder: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Workers load the bundled model themselves; their vectors equal the driver's."""
    plain, on_ray = configs(tmp_path, model=embedder.name)
    write_corpus(plain.corpus_dir, {"alice.md": ALICE, "bob.md": BOB})
    update_index(plain, embedder)

    args = ["index", str(plain.corpus_dir), "--index", str(on_ray.index_dir), "--ray"]
    assert main([*args, "--ray-workers", "2", "--ray-batch-size", "1"]) == 0

    assert "2 added" in capsys.readouterr().out
    assert_same_index(plain.index_dir, on_ray.index_dir, checksums=False)


def test_without_the_ray_extra_one_sentence_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    corpus = tmp_path / "corpus"
    write_corpus(corpus, {"alice.md": ALICE})

    code = main(["index", str(corpus), "--index", str(tmp_path / "index"), "--ray"])

    error = capsys.readouterr().err.strip()
    assert code == 2
    assert error.count("\n") == 0 and error.count(". ") == 0 and error.endswith(".")
    assert "pip install -e '.[ray]'" in error
    assert not (tmp_path / "index" / "manifest.json").exists()


def test_workers_load_a_real_model_themselves_and_receive_a_fake_one(embedder: Any) -> None:
    """A loaded model does not pickle: workers are told its name and backend instead."""
    from profilechat.distributed import _for_workers

    config = Config(model=embedder.name, embedding_backend="auto")
    sent_config, sent = _for_workers(config, embedder)
    assert sent is None and sent_config.embedding_backend == embedder.backend
    fake = HashEmbedder()
    assert _for_workers(config.with_(model=fake.name), fake)[1] is fake


def test_a_model_the_workers_cannot_load_is_one_sentence(tmp_path: Path, ray_address: str) -> None:
    _, on_ray = configs(tmp_path, model=str(tmp_path / "no-such-model"))
    write_corpus(on_ray.corpus_dir, {"alice.md": ALICE})

    with pytest.raises(ProfileChatError, match=r"^Could not load the embedding model '.*'"):
        update_index(on_ray.with_(embedding_backend="torch"))
    assert not (on_ray.index_dir / "manifest.json").exists()
