"""Comparisons of named people, for the extractive answerer: who did something first (the
parsed dates of each person's matching degree or position), and which of them did something
(the people whose own evidence names it).

The patterns are general English for time order ("first", "earlier", "started", "finished");
nothing here comes from a particular question set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .answer_kinds import (
    ONGOING,
    FactEvidence,
    Quote,
    degree_level_ranks,
    degree_status,
    fact_quotes_of,
    heading_dates,
    mentions_all,
)
from .facts import degree_dates

# "Who started first", "which of them graduated earlier": the direction of a time order.
_EARLIER = re.compile(r"\b(?:first|earlier|earliest|sooner|before)\b", re.I)
_LATER = re.compile(r"\b(?:later|latest|last|more\s+recently|most\s+recently)\b", re.I)
# Verbs for the start of a degree or a job, and for its end.
_STARTED = re.compile(r"\b(?:start\w*|began|begin\w*|enter\w*|enrol\w*|join\w*)\b", re.I)
_FINISHED = re.compile(
    r"\b(?:finish\w*|complet\w*|graduat\w*|got|get|earn\w*|receiv\w*|obtain\w*|defend\w*|end\w*)\b",
    re.I,
)
# "Which one …", "Which of A and B …", "A or B — who …": a question to be answered by naming.
_WHICH_OF = re.compile(r"\bwhich\s+(?:one|of)\b|\bwho\s+of\b|^\W*who\b[^?]*\bor\b", re.I)


@dataclass(frozen=True)
class Order:
    """What a time-order comparison asks: the start or the end of an entry, earliest or latest."""

    end: bool  # compare when the entries ended (finished, graduated), else when they started
    earliest: bool


@dataclass(frozen=True)
class Dated:
    """A person's entry with the year compared."""

    person: str
    item: FactEvidence
    year: int
    dates: str  # the dates as the entry's passage writes them


def asked_order(question: str) -> Order | None:
    """The time order a comparison asks for, None when it asks for none."""
    earlier, later = bool(_EARLIER.search(question)), bool(_LATER.search(question))
    if earlier == later:
        return None
    started, finished = bool(_STARTED.search(question)), bool(_FINISHED.search(question))
    if not (started or finished):
        return None
    return Order(end=finished and not started, earliest=earlier)


def asks_which_of(question: str) -> bool:
    return bool(_WHICH_OF.search(question))


def dated_degrees(
    question: str, person: str, facts: list[FactEvidence], order: Order
) -> Dated | None:
    """The person's degree of the level asked with the year compared: the earliest or latest
    start or end among their entries of that level; None when none is dated."""
    ranks = degree_level_ranks(question)
    found: list[Dated] = []
    for item in facts:
        if item.fact.kind != "education" or item.chunk is None or not ranks(item.fact):
            continue
        dates = degree_dates(item.fact) or heading_dates(item)
        years = [int(y) for y in re.findall(r"(?:19|20)\d\d", dates)]
        if not years and "years" in item.fact.fields:
            years = [int(y) for y in re.findall(r"(?:19|20)\d\d", item.fact.fields["years"])]
            dates = ""
        if order.end and (not years or degree_status(item.fact, heading=dates) == ONGOING):
            continue  # not finished: no end to compare
        if not order.end and len(years) < 2 and degree_status(item.fact) != ONGOING:
            continue  # one year on a finished degree is when it ended
        if years:
            found.append(Dated(person, item, years[-1] if order.end else years[0], dates))
    if not found:
        return None
    pick = min if order.earliest else max
    return pick(found, key=lambda d: d.year)


def order_quotes(order: Order, dated: list[Dated]) -> tuple[list[str], dict[str, list[Quote]]]:
    """Who comes first (or last), and each person's entry quoted with its dates, the one
    who comes first listed first."""
    pick = min if order.earliest else max
    best = pick(d.year for d in dated)
    winners = [d.person for d in dated if d.year == best]
    ranked = sorted(dated, key=lambda d: d.year if order.earliest else -d.year)
    quotes: dict[str, list[Quote]] = {}
    for entry in ranked:
        found = fact_quotes_of(entry.person, [entry.item]) or []
        quotes[entry.person] = [_with_dates(q, entry) for q in found[:1]]
    return winners, quotes


def _with_dates(quote: Quote, dated: Dated) -> Quote:
    """The entry's line, with the dates its heading gives when the line itself has none."""
    if str(dated.year) in quote.text or not dated.dates:
        return quote
    return Quote(quote.person, f"{quote.text} ({dated.dates})", quote.chunk, quote.score)


def verdict(order: Order, winners: list[str], dated: list[Dated]) -> str:
    """The line saying who comes first, with each person's year."""
    word = "Earlier" if order.earliest else "Later"
    if len(winners) > 1:
        word = "Same year"
    ranked = sorted(dated, key=lambda d: d.year if order.earliest else -d.year)
    years = "; ".join(f"{d.person} {d.year}" for d in ranked)
    return f"{word}: {' and '.join(winners)} ({years})."


def naming_entries(
    person: str, facts: list[FactEvidence], things: list[frozenset[str]]
) -> list[Quote] | None:
    """The person's first profile fact (a degree, a position, a topic) that names every thing
    asked about, its entry's words included."""
    for item in facts:
        words = f"{item.fact.text} {' '.join(item.fact.fields.values())}"
        if item.chunk is not None and mentions_all(words, things):
            return fact_quotes_of(person, [item])
    return None
