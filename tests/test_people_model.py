"""The fitted chooser of a document's person among the names it writes (people_model)."""

from __future__ import annotations

from profilechat.people import identify_person
from profilechat.people_model import FEATURES, candidates, load_model, most_likely_person
from profilechat.types import Document


def doc(text: str, source: str = "cv.tex", links: tuple[str, ...] = ()) -> Document:
    return Document(source=source, text=text, content_hash="0" * 64, links=links)


TEX_LEFTOVER = """relax Lucia Ferrante
ferrante.lab@example.org · github.com/lferrante
Education
2016 – 2020 B.S. in Geology, University of Padua. Advisor: Prof. Marco Bellini
Skills
Python, QGIS
"""


def test_weights_are_stored_for_every_feature() -> None:
    model = load_model()
    assert model is not None
    assert set(model.weights) == set(FEATURES)


def test_a_name_no_rule_finds_is_chosen_by_its_evidence() -> None:
    # A macro name left in front of the name: no heading, no "I am", no e-mail spelling it;
    # the address holds the surname without spelling the name. The rules find nobody; the
    # chooser weighs the early mention, the address and the link.
    document = doc(TEX_LEFTOVER)
    assert most_likely_person(document) == "Lucia Ferrante"
    assert identify_person(document) == "Lucia Ferrante"
    assert identify_person(document, chooser=None).startswith("Unknown")


def test_the_advisor_is_not_chosen_when_the_subject_is_not_named() -> None:
    text = "About\nI study rivers. My advisor is Prof. Marco Bellini, and we work with farmers."
    assert most_likely_person(doc(text, source="about.md")) is None


def test_candidates_are_names_without_titles_whatever_follows_them() -> None:
    text = "Dr Lucia Ferrante Calculated the flows.\nFerrante L., Bellini M. Rivers. 2021."
    names = {c.name for c in candidates(doc(text))}
    assert "Lucia Ferrante" in names
    assert not any(n.startswith("Dr") for n in names)


def test_a_name_spelt_by_an_address_counts_as_such() -> None:
    found = {
        c.name: c for c in candidates(doc(TEX_LEFTOVER.replace("ferrante.lab@", "lucia.ferrante@")))
    }
    assert found["Lucia Ferrante"].features["email"] == 1.0
    assert found["Marco Bellini"].features["email"] == 0.0
    assert found["Marco Bellini"].features["other_person"] > 0


def test_a_prominent_name_nothing_ties_to_the_owner_is_not_chosen() -> None:
    # A heading that looks like a name, on a page with no e-mail, metadata or "I am".
    text = "Monte Carlo\nSampling methods for rare events.\nMonte Carlo methods are my tools."
    assert most_likely_person(doc(text, source="about.md")) is None
