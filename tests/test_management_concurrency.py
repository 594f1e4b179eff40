"""An upload embeds its documents before it takes the management lock: a delete or restore
started meanwhile does not wait for the embedding, and the upload's commit reuses its vectors.
Also the per-request limit on the number of files."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from profilechat.config import Config
from profilechat.documents import DocumentManager
from profilechat.errors import ManagementError
from profilechat.indexing import update_index
from profilechat.store import indexed_records

from .fakes import HashEmbedder

ANA = "# Ana Lima\n\nI am a geologist at Petrobras in Rio.\n"
BOB = "# Bob Stone\n\nI build compilers at Initech in Delft.\n"
CARLA = "# Carla Mendes\n\nCarla Mendes studies glaciers at the University of Oslo.\n"
# Generous: the delete is expected to finish at once; this only bounds a test that would hang.
DEADLOCK_GUARD = 30.0


class GatedEmbedder(HashEmbedder):
    """Blocks in encode, while `gate` is closed, for texts containing `held`."""

    def __init__(self, held: str) -> None:
        super().__init__()
        self.held = held
        self.gate = threading.Event()
        self.waiting = threading.Event()

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        if any(self.held in text for text in texts):
            self.waiting.set()
            self.gate.wait(DEADLOCK_GUARD)
        return super().encode(texts)


@pytest.fixture
def corpus(fake_config: Config) -> Config:
    (fake_config.corpus_dir / "ana.md").write_text(ANA)
    (fake_config.corpus_dir / "bob.md").write_text(BOB)
    update_index(fake_config, HashEmbedder())
    return fake_config


def test_a_delete_does_not_wait_for_an_upload_being_embedded(
    corpus: Config, tmp_path: Path
) -> None:
    embedder = GatedEmbedder(held="glaciers")
    manager = DocumentManager(corpus, embedder, lambda: indexed_records(corpus.index_dir))
    upload = tmp_path / "carla.md"
    upload.write_text(CARLA)
    results: dict[str, object] = {}

    def run_upload() -> None:
        results["upload"] = manager.upload([str(upload)]).lines()

    uploading = threading.Thread(target=run_upload)
    uploading.start()
    assert embedder.waiting.wait(DEADLOCK_GUARD)  # the upload is embedding Carla's profile

    deleting = threading.Thread(target=lambda: results.update(delete=manager.delete("bob.md")))
    deleting.start()
    deleting.join(DEADLOCK_GUARD)
    finished_while_embedding = not deleting.is_alive()
    embedder.gate.set()
    uploading.join(DEADLOCK_GUARD)
    deleting.join(DEADLOCK_GUARD)

    assert finished_while_embedding
    assert set(indexed_records(corpus.index_dir)) == {"ana.md", "carla.md"}
    assert results["upload"][0].startswith("Added carla.md: Carla Mendes")  # type: ignore[index]


def test_the_commit_reuses_the_vectors_embedded_before_the_lock(
    corpus: Config, tmp_path: Path
) -> None:
    embedder = HashEmbedder()
    manager = DocumentManager(corpus, embedder, lambda: indexed_records(corpus.index_dir))
    upload = tmp_path / "carla.md"
    upload.write_text(CARLA)
    manager.upload([str(upload)])
    assert embedder.calls == 1  # embedded once, outside the lock; the commit found it all


def test_more_files_than_the_limit_are_refused_in_one_sentence(
    corpus: Config, tmp_path: Path
) -> None:
    config = corpus.with_(max_upload_files=2)
    manager = DocumentManager(config, HashEmbedder(), lambda: indexed_records(config.index_dir))
    paths = []
    for n in range(3):
        path = tmp_path / f"p{n}.md"
        path.write_text(CARLA.replace("Oslo", f"Oslo {n}"))
        paths.append(str(path))
    with pytest.raises(ManagementError) as refused:
        manager.upload(paths)
    assert str(refused.value) == (
        "Refused: 3 files were sent at once and the limit is 2; send them in smaller groups "
        "or copy them into the corpus folder and run `profilechat index`."
    )
    assert set(indexed_records(config.index_dir)) == {"ana.md", "bob.md"}
    assert sorted(p.name for p in config.corpus_dir.iterdir()) == ["ana.md", "bob.md"]
