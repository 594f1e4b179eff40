"""Benchmark helpers that must stay in step with the code they measure."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from benchmarks.bench_embedding import index_texts
from benchmarks.fit_intent_weights import accuracy, fit, split_cores
from benchmarks.question_forms import CORES, generate
from profilechat.config import Config
from profilechat.indexing import update_index
from profilechat.intent import read_by_patterns, read_with_model

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


def test_generated_questions_are_seeded_and_fully_written() -> None:
    first, again = generate(2, seed=3), generate(2, seed=3)
    assert first == again
    assert {(q.form, q.topic) for q in first} >= {(f, t) for f, t in CORES}
    assert not any("{" in q.question or "\x00" in q.question for q in first)
    assert all(q.people_named == 0 for q in first if q.form == "people_list")


def test_the_fitted_reader_beats_the_patterns_on_wordings_it_never_saw() -> None:
    fitting, validation, held = split_cores(generate(3, seed=5), seed=5)
    assert not {q.core for q in held} & {q.core for q in fitting + validation}
    model = fit(fitting + validation, c=3.0)
    assert accuracy(held, lambda q, n: read_with_model(q, n, model)) > accuracy(
        held, read_by_patterns
    )
