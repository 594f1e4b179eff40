"""Benchmark helpers that must stay in step with the code they measure."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from benchmarks.bench_embedding import index_texts
from profilechat.config import Config
from profilechat.indexing import update_index

from .fakes import HashEmbedder


class RecordingEmbedder(HashEmbedder):
    """Remembers every text it was asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        self.seen += texts
        return super().encode(texts, progress=progress)


def test_bench_embedding_collects_the_texts_an_index_build_embeds(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ann.md").write_text("# Ann Lee\n\nAnn teaches physics in Lyon. She likes maps.\n")
    (corpus / "cv.txt").write_text("Worked at Acme as an engineer.\nStudied at Oxford.\n")
    (corpus / "people.yaml").write_text("cv.txt: Bo Chen\n")
    embedder = RecordingEmbedder()
    update_index(
        Config(corpus_dir=corpus, index_dir=tmp_path / "index", model=embedder.name), embedder
    )
    texts = index_texts(corpus)
    assert set(texts) == set(embedder.seen)
    assert any("Bo Chen" in text for text in texts)  # people.yaml's name, as indexing uses it
