"""What the web app shows about the indexed people: one card per person made from the profile
facts (the People tab), and example questions made from the people actually indexed.

Everything taken from documents is HTML-escaped here; the cards are plain text in markup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from .facts import Fact
from .people import PEOPLE_FILE, is_unknown
from .store import IndexStore

# General questions a newcomer can ask about anyone; {name} is an indexed person.
EXAMPLE_TEMPLATES = (
    "Who is {name}?",
    "How can I contact {name}?",
    "Where did {name} study?",
)
# Shown when no person is indexed yet.
GENERAL_PLACEHOLDER = "Ask a question about the people in the profiles."
# Facts per kind shown on a card; the rest are a question away.
CARD_FACTS = 3


def example_questions(people: list[str]) -> list[str]:
    """One question per template, each about a different named person where there are enough
    (people filed as "Unknown (file)" have no name to ask with); none without named people."""
    named = [p for p in people if not is_unknown(p)]
    if not named:
        return []
    return [t.format(name=named[i % len(named)]) for i, t in enumerate(EXAMPLE_TEMPLATES)]


def question_placeholder(people: list[str]) -> str:
    examples = example_questions(people)
    return f"e.g. {examples[0]}" if examples else GENERAL_PLACEHOLDER


def suggested_question(person: str) -> str:
    """The question "Ask about" fills in; it names nobody else, so the person filter applies."""
    return "Who is this person?" if is_unknown(person) else EXAMPLE_TEMPLATES[0].format(name=person)


@dataclass(frozen=True)
class PersonCard:
    person: str
    headline: str
    positions: list[str]
    education: list[str]
    interests: list[str]
    contact: list[str]
    documents: list[str]

    @property
    def unknown(self) -> bool:
        return is_unknown(self.person)

    def matches(self, query: str) -> bool:
        """Every word of `query` appears somewhere on the card (case-insensitive)."""
        words = query.casefold().split()
        lists = (self.positions, self.education, self.interests, self.contact, self.documents)
        text = " ".join([self.person, self.headline, *(v for values in lists for v in values)])
        return all(word in text.casefold() for word in words)

    def html(self) -> str:
        rows = [
            ("Position", self.positions),
            ("Education", self.education),
            ("Interests", self.interests),
            ("Contact", self.contact),
            ("Documents", self.documents),
        ]
        lines = "".join(
            f'<div class="pc-row"><span class="pc-label">{label}</span> '
            f"{' · '.join(html.escape(v) for v in values)}</div>"
            for label, values in rows
            if values
        )
        headline = f'<div class="pc-headline">{html.escape(self.headline)}</div>' * bool(
            self.headline
        )
        return (
            f'<div class="pc-card-body"><div class="pc-name">{html.escape(self.person)}</div>'
            f"{headline}{lines}{self._fix_html()}</div>"
        )

    def _fix_html(self) -> str:
        if not self.unknown:
            return ""
        first = html.escape(self.documents[0]) if self.documents else "file.pdf"
        return (
            '<div class="pc-fix">No name was found in this document. To file it under its '
            f"person, add the line <code>{first}: Full Name</code> to "
            f"<code>corpus/{PEOPLE_FILE}</code>, then rebuild the index.</div>"
        )


def person_card(store: IndexStore, person: str) -> PersonCard:
    facts = store.facts_of(person)

    def texts(kind: str) -> list[str]:
        return list(dict.fromkeys(f.text for f in facts if f.kind == kind))[:CARD_FACTS]

    headline = next(iter(texts("headline")), "")
    positions = [t for t in texts("position") or texts("experience")[:1] if t != headline]
    return PersonCard(
        person=person,
        headline=headline,
        positions=positions,
        education=texts("education"),
        interests=texts("interests"),
        contact=[_contact(f) for f in facts if f.kind == "contact"][:CARD_FACTS],
        documents=list(store.people.get(person, [])),
    )


def _contact(fact: Fact) -> str:
    """A contact fact as its value (an address or link) when the extractor recorded one."""
    return fact.fields.get("value") or fact.text


def person_cards(store: IndexStore, people: list[str], query: str = "") -> list[PersonCard]:
    cards = [person_card(store, person) for person in people]
    return [card for card in cards if card.matches(query)]
