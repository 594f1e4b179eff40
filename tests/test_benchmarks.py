"""Benchmark helpers that must stay in step with the code they measure."""

from __future__ import annotations

import re
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


def test_every_generated_layout_holds_the_answers_its_questions_expect() -> None:
    from benchmarks.synthetic import ALL_STYLES, WIDER_STYLES, generate_profiles, generate_questions

    profiles = generate_profiles(36, seed=4, styles=ALL_STYLES)
    assert set(WIDER_STYLES) <= set(ALL_STYLES)
    assert {p.style for p in generate_profiles(60, seed=4, styles=WIDER_STYLES)} == set(
        WIDER_STYLES
    )
    assert not any("{" in p.text.replace("\\begin{", "") for p in profiles if p.style != "cv_latex")
    by_name = {p.name: p for p in profiles}
    questions = generate_questions(profiles, n_people=36, seed=4, casual=True)
    answerable = [q for q in questions if q["answerable"] and q["kind"] != "list"]
    assert answerable
    for q in answerable:
        text = by_name[q["people"][0]].text.lower()
        assert all(answer.lower() in text for answer in q["answer_contains"]), q


def test_casual_wordings_name_people_only_in_ways_that_stay_unambiguous() -> None:
    from benchmarks.synthetic import generate_profiles, generate_questions

    profiles = generate_profiles(40, seed=9)
    plain = generate_questions(profiles, n_people=40, seed=9)
    casual = generate_questions(profiles, n_people=40, seed=9, casual=True)
    assert [q["answer_contains"] for q in plain] == [q["answer_contains"] for q in casual]
    assert casual == generate_questions(profiles, n_people=40, seed=9, casual=True)
    firsts = [p.name.split()[0].lower() for p in profiles]
    lasts = [p.name.split()[-1].lower() for p in profiles]
    changed = 0
    for before, after in zip(plain, casual, strict=True):
        if before["question"] == after["question"] or not before["people"]:
            continue
        changed += 1
        if before["people"][0].lower() in after["question"].lower():
            continue  # full name, perhaps in lower case
        # a first name or surname alone: no one else in the corpus has it
        words = set(re.findall(r"[^\W\d_]+", after["question"].lower().replace("'s", " ")))
        alone = [w for w in words if w in firsts or w in lasts]
        assert alone and all(firsts.count(w) + lasts.count(w) == 1 for w in alone), after
    assert changed > len(casual) // 5
