"""A fitted reader of what a question asks: two small logistic regressions, one for the form
(open, yes/no, people list, comparison, factoid) and one for the topic, over a question's words,
word pairs, word stems, how many people it names and what the patterns of intent.py found.

The weights are fitted by benchmarks/fit_intent_weights.py on generated questions
(benchmarks/question_forms.py: general English wordings of every form and topic), never on an
evaluation set, and stored beside this module in intent_weights.json. Scoring is a sum of a few
dozen stored rows: microseconds, next to milliseconds for embedding the question.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).with_name("intent_weights.json")

# Words as the model sees them: lower case, a clitic ("'s", "'d") as a word of its own.
_WORD = re.compile(r"[a-z0-9]+|'[a-z]+")
# Stems long enough to carry a word's meaning across its forms ("supervis", "publica").
STEM = 6
# How many words open a question: where its question word and auxiliary verb stand.
HEAD = 3


def question_words(question: str) -> list[str]:
    return _WORD.findall(question.lower().replace("’", "'"))


def features(
    question: str, people_named: int, pattern_form: str, pattern_topics: tuple
) -> set[str]:
    """The question's features: words, word pairs (from its start), stems, its first words, how
    many people it names, and the form and topics the patterns found."""
    words = question_words(question)
    found = {f"w:{w}" for w in words}
    found |= {f"b:{a}_{b}" for a, b in zip(["<s>", *words], words, strict=False)}
    found |= {f"s:{w[:STEM]}" for w in words if len(w) > STEM}
    found |= {f"h:{w}" for w in words[:HEAD]}  # the question word and verb say the form
    found.add(f"n:{min(people_named, 2)}")
    found.add(f"rf:{pattern_form}")
    found |= {f"rt:{topic}" for topic in pattern_topics}
    found.add(f"rt0:{pattern_topics[0] if pattern_topics else ''}")
    return found


@dataclass(frozen=True, eq=False)
class Linear:
    """A multinomial logistic regression: a row of class weights per feature."""

    classes: tuple[str, ...]
    bias: np.ndarray  # (classes,)
    features: dict[str, int]  # feature → its row of `weights`
    weights: np.ndarray  # (features, classes)

    def probabilities(self, active: set[str]) -> dict[str, float]:
        rows = [self.features[f] for f in active if f in self.features]
        scores = self.bias + self.weights[rows].sum(axis=0)
        exps = np.exp(scores - scores.max())
        return dict(zip(self.classes, (exps / exps.sum()).tolist(), strict=True))

    @classmethod
    def from_json(cls, data: dict) -> Linear:
        return cls(
            tuple(data["classes"]),
            np.asarray(data["bias"], dtype=np.float64),
            {f: i for i, f in enumerate(data["features"])},
            np.asarray(data["weights"], dtype=np.float64).reshape(len(data["features"]), -1),
        )

    def to_json(self) -> dict:
        return {
            "classes": list(self.classes),
            "bias": [round(float(b), 3) for b in self.bias],
            "features": list(self.features),
            "weights": [[round(float(w), 3) for w in row] for row in self.weights],
        }


@dataclass(frozen=True)
class IntentModel:
    form: Linear
    topic: Linear
    pairs: tuple[tuple[str, str], ...]  # the (form, topic) pairs a question can have
    # Below this probability of its best (form, topic) pair the model is not sure, and the
    # patterns' reading stands (fitted with the weights).
    min_confidence: float
    fitted_on: str

    def pairs_for(self, people_named: int, people_list: bool) -> list[tuple[str, str]]:
        """The pairs a question naming `people_named` people can have: a people list names no
        one and is one when `people_list` says so, a comparison names at least two."""
        return [
            (form, topic)
            for form, topic in self.pairs
            if (form == "people_list") == (people_list and people_named == 0)
            and (form != "comparison" or people_named >= 2)
        ]

    def predict(self, active: set[str]) -> tuple[dict[str, float], dict[str, float]]:
        """(form → probability, topic → probability)."""
        return self.form.probabilities(active), self.topic.probabilities(active)

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> IntentModel | None:
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            Linear.from_json(data["form"]),
            Linear.from_json(data["topic"]),
            tuple((form, topic) for form, topic in data["pairs"]),
            float(data["min_confidence"]),
            data["fitted_on"],
        )

    def save(self, path: Path = MODEL_FILE) -> None:
        data = {
            "form": self.form.to_json(),
            "topic": self.topic.to_json(),
            "pairs": [list(pair) for pair in self.pairs],
            "min_confidence": self.min_confidence,
            "fitted_on": self.fitted_on,
        }
        path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
