"""The per-person decision of people lists (list_support.py): features from a person's own
sentences, and a fitted decision that lists someone whose profile words it otherwise."""

from __future__ import annotations

import pytest

from profilechat.list_support import LIST_WEIGHTS_FILE, ListSupport, ListWeights, list_support
from profilechat.session import ProfileChat
from profilechat.text import with_synonyms

from .indexed import indexed_bot


def test_the_features_come_from_the_sentence_naming_most_things() -> None:
    things = [with_synonyms("vision"), with_synonyms("computer")]
    sentences = [
        ("Research: vision-language models", 0.55, "interests"),
        ("Teaching: computer vision, 2020", 0.40, "teaching"),
        ("I like hiking.", 0.10, "other"),
    ]
    support, best = list_support(sentences, ["I like hiking."], things, ("interests",))
    assert best == 1  # names both things
    assert support == ListSupport(cosine=0.55, named=1.0, anywhere=1.0, of_kind=0.0)
    nothing, none = list_support([], [], things, ("interests",))
    assert none == -1 and nothing.cosine == 0.0


def test_the_decision_is_a_fitted_linear_boundary(tmp_path) -> None:
    weights = ListWeights((2.0, 1.0, 0.0, 0.0), -1.5, "test")
    assert weights.includes(ListSupport(0.6, 1.0, 1.0, 0.0))
    assert not weights.includes(ListSupport(0.6, 0.0, 0.0, 0.0))
    stored = ListWeights.load(LIST_WEIGHTS_FILE)
    assert len(stored.coefficients) == len(ListSupport.__dataclass_fields__)
    assert "generated" in stored.fitted_on


PROFILES = {
    "ana.md": "# Ana Lima\n\n## Research\n\nMy research is on vision-language models and "
    "visual data labeling for robots.\n",
    "bo.md": "# Bo Chen\n\n## Research\n\nI work on computer vision for medical images.\n",
    "cy.md": "# Cy Diaz\n\n## Research\n\nI study river sediments and soil chemistry.\n",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory, embedder) -> ProfileChat:
    return indexed_bot(tmp_path_factory.mktemp("lists"), embedder, PROFILES)


def test_the_fitted_decision_lists_no_stranger(bot: ProfileChat) -> None:
    """With the fitted decision on, a list still names whoever states the area and no one
    whose profile is about something else. (A wording far from the question's, "vision-language
    models" for computer vision, stays below the fitted boundary: the generated data words
    interests only by their head or with a generic noun added.)"""
    answer = bot.ask("Whose research focuses on computer vision?")
    assert "Bo Chen" in answer.people
    assert "Cy Diaz" not in answer.people
