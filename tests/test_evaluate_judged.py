"""`evaluate(judged_people=…)`: the stability check judges people lists on a set's own people."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from profilechat.evaluate import evaluate


@dataclass
class _Answer:
    people: list[str]
    found: bool = True
    text: str = "quoted lines"
    written_by: str = ""

    def message(self) -> dict[str, Any]:
        return {"role": "assistant", "content": self.text, "people": self.people}


@dataclass
class _Bot:
    """Answers each question with the people given for it."""

    answers: dict[str, _Answer]
    answerer: object = field(default_factory=object)

    def ask(self, question: str, history: list[dict[str, Any]], k: int) -> _Answer:
        return self.answers[question]

    def retrieve(self, question: str, history: list[dict[str, Any]], k: int) -> list[Any]:
        return []

    @contextlib.contextmanager
    def retrieval_mode(self, mode: str) -> Iterator[None]:
        yield


OWN = frozenset({"Ana Lima", "Ben Okafor"})
QUESTIONS = [
    {"question": "Who has a PhD?", "kind": "list", "people": ["Ana Lima"], "answerable": True},
    {"question": "Who has worked at Acme?", "kind": "list", "people": [], "answerable": False},
    {"question": "Where did Ben study?", "kind": "education", "people": ["Ben Okafor"]},
]
BOT = _Bot(
    {
        # an added person with a PhD is rightly listed too
        "Who has a PhD?": _Answer(["Ana Lima", "Gen Erated"]),
        # only an added person worked at Acme: nothing is said about the set's own people
        "Who has worked at Acme?": _Answer(["Gen Erated"]),
        # not a people list: an added person in the answer stays wrong
        "Where did Ben study?": _Answer(["Ben Okafor", "Gen Erated"]),
    }
)


def test_people_lists_are_judged_on_the_sets_own_people_only() -> None:
    report = evaluate(BOT, QUESTIONS, judged_people=OWN)
    assert report.by_kind == {"list": [2, 2], "education": [0, 1]}


def test_without_judged_people_every_listed_person_counts() -> None:
    report = evaluate(BOT, QUESTIONS)
    assert report.by_kind == {"list": [0, 2], "education": [0, 1]}
