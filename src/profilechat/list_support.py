"""People lists, person by person: whether someone the word rules did not list still belongs in
a "which of them …" answer, judged from their own sentences.

The word rules (answer.py) list a person when one line of theirs names every thing the question
asks about. A profile may say it in other words ("vision-language models" for "computer vision",
"visual data labeling"): for each person they did not list, the sentences of that person's own
retrieved passages give four features — the best cosine with the question, the share of the
asked things the best-naming sentence names, the share named anywhere in their passages, and
whether that sentence is in a section of the asked kind — and a logistic regression decides.
Its weights are fitted by benchmarks/fit_list_weights.py on generated profiles and people-list
questions (never on an evaluation set) and stored in list_weights.json beside this module.
"""

from __future__ import annotations

import json
from dataclasses import astuple, dataclass
from pathlib import Path

from .answer_kinds import mentions_all, of_the_asked_kind

LIST_WEIGHTS_FILE = Path(__file__).with_name("list_weights.json")


@dataclass(frozen=True)
class ListSupport:
    """What one person's evidence says for a people-list question."""

    cosine: float  # the best cosine of one of their sentences with the question
    named: float  # share of the asked things that their best-naming sentence names
    anywhere: float  # share of the asked things named anywhere in their passages
    of_kind: float  # 1.0 when that sentence is in a section of the kind asked about

    def as_row(self) -> list[float]:
        return [float(v) for v in astuple(self)]


FEATURES = tuple(ListSupport.__dataclass_fields__)


@dataclass(frozen=True)
class ListWeights:
    """A fitted logistic regression over `ListSupport` rows: listed when the sum is ≥ 0."""

    coefficients: tuple[float, ...]
    intercept: float
    fitted_on: str

    @classmethod
    def load(cls, path: Path = LIST_WEIGHTS_FILE) -> ListWeights:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            tuple(float(c) for c in data["coefficients"]),
            float(data["intercept"]),
            str(data["fitted_on"]),
        )

    def includes(self, support: ListSupport) -> bool:
        row = support.as_row()
        return sum(c * v for c, v in zip(self.coefficients, row, strict=True)) + self.intercept >= 0


def list_support(
    sentences: list[tuple[str, float, str]],
    passages: list[str],
    things: list[frozenset[str]],
    topics: tuple[str, ...],
) -> tuple[ListSupport, int]:
    """The features of one person's evidence — `sentences` as (text with its section and entry,
    cosine, section kind), `passages` their passage texts — and the index of the sentence that
    supports them best (names the most things, then is closest to the question); -1 if none."""
    if not sentences:
        return ListSupport(0.0, 0.0, _share(" ".join(passages), things), 0.0), -1
    shares = [_share(text, things) for text, _, _ in sentences]
    best = max(range(len(sentences)), key=lambda i: (shares[i], sentences[i][1]))
    anywhere = max(_share(text, things) for text in passages) if passages else shares[best]
    kind = sentences[best][2]
    return (
        ListSupport(
            max(cosine for _, cosine, _ in sentences),
            shares[best],
            max(anywhere, shares[best]),
            float(of_the_asked_kind(kind, topics)),
        ),
        best,
    )


def _share(text: str, things: list[frozenset[str]]) -> float:
    if not things:
        return 0.0
    return sum(mentions_all(text, [group]) for group in things) / len(things)
