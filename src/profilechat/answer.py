"""Stage "answer": the evidence for a question, and the answer made from it.

The seam: the session gathers `Evidence` (the resolved question, its people, the retrieved
passages and every sentence of them scored against the question) and hands it to an `Answerer`.
`ExtractiveAnswerer`, the default, generates no text: every sentence of an answer is copied from
a cited passage; only the person labels and the "not found" phrases are ours. A sentence is
scored by the cosine between the question and the sentence's own vector (embedded at index time,
with its person and section as context) plus a bonus for sharing the question's content words.
"""

from __future__ import annotations

import functools
import itertools
import json
import operator
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import numpy as np

from .answer_kinds import (
    ANSWERING_KINDS,
    JOB_SECTION_KINDS,
    MAX_LISTED_ENTRIES,
    MAX_THINGS,
    ONGOING,
    QUESTION_VERBS,
    FactEvidence,
    Quote,
    advisor_quotes,
    another_activity,
    answers_topics,
    asked_contact_types,
    asked_things,
    asked_years,
    asks_current_state,
    asks_for_degree,
    asks_for_internship,
    asks_work_at,
    authored_entry_at,
    contact_quotes,
    count_quotes,
    current_role_naming,
    dated_entries_naming,
    degree_answer,
    degree_holder_quotes,
    degree_phrase,
    degree_sentence,
    degree_status_asked,
    entries_naming,
    entries_of_asked_kind,
    entries_of_role,
    entry_naming_phrase,
    fact_quotes,
    fact_quotes_of,
    has_ended,
    held_role_asked,
    holds_degree_named,
    job_entries_at,
    listed_advisors,
    main_clause,
    mentions_all,
    modifiers_of_things,
    name_words,
    names_a_degree,
    names_another_degree,
    names_another_place,
    of_the_asked_kind,
    prose_time_quotes,
    publication_quotes,
    research_topics,
    section_time_quotes,
    skills_line_naming,
    skills_quotes,
    time_quotes,
    topics_of_work,
    venue_quotes,
    work_place_phrase,
)
from .answer_type import DATE, PERSON, answers_type, places_named, wanted_types
from .comparisons import (
    asked_order,
    asks_which_of,
    dated_degrees,
    naming_entries,
    order_quotes,
    verdict,
)
from .config import Config
from .facts import DEGREE
from .intent import (
    COMPARISON,
    FACTOID,
    OPEN,
    PEOPLE_LIST,
    YES_NO,
    Intent,
    names_a_topic,
    read_intent,
)
from .readers.clean import MAX_ENTRY_CHARS
from .section_answers import (
    asked_sections,
    held_entry_quotes,
    names_a_held_role,
    section_entry_quotes,
    spelled_otherwise,
    yes_no_object,
)
from .store import IndexStore
from .text import entry_title, indexed_form, plain_text, tokenize, unit_spans, with_synonyms
from .types import Answer, Chunk, Hit, Source

WEIGHTS_FILE = Path(__file__).with_name("answer_weights.json")


@dataclass(frozen=True)
class FittedWeights:
    """How much each sentence feature adds to its cosine, and the score below which a sentence
    does not answer. Fitted by benchmarks/fit_answer_weights.py with logistic regression on
    questions about generated profiles (never on an evaluation set); stored beside this module."""

    bonuses: tuple[float, ...]  # one per SentenceFeatures field, in `as_row` order
    min_score: float
    fitted_on: str

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> FittedWeights:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            tuple(float(w) for w in data["bonuses"]), float(data["min_score"]), data["fitted_on"]
        )


WEIGHTS = FittedWeights.load()

# A passage that uses a synonym of a question's word ("PhD" for "doctorate") counts this much of
# one that uses the word itself.
SYNONYM_WEIGHT = 0.5
# A question about now: a word saying so, or "where does/is …" (where someone works or is
# based). "What is her GPA?" is in the present tense but asks nothing about now.
_PRESENT_QUESTION = re.compile(
    r"\b(now|current|currently|today|present|these days)\b|^\W*where\s+(does|do|is|are)\b",
    re.I,
)
_PRESENT_SENTENCE = re.compile(
    r"\b(now|present|currently|I am|I'm|I work|I lead|is|are|works|leads|serves)\b", re.I
)
_PAST_SENTENCE = re.compile(r"\b(previously|before|was|were|worked|former|formerly)\b", re.I)
_FIELD_LABEL = re.compile(r"^\W*([A-Za-z][\w .&/-]{1,30}):\s")
# Contact questions are about a shape of text that embeddings do not see.
_CONTACT_PATTERNS = {
    "phone": re.compile(r"\(?\+?\d[\d ()-]{7,}\d"),
    "email": re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),
    "contact": re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\(?\+?\d[\d ()-]{7,}\d"),
    "website": re.compile(r"https?://|www\."),
    "homepage": re.compile(r"https?://|www\."),
}
# The two questions every profile is asked: where someone works and where they studied. Their
# key verbs ("work", "study") are too common in profiles to help lexically; the shape of the
# answer sentence ("… at Acme", "… University") helps instead.
_INTENTS = (
    (
        re.compile(r"\b(work|works|working|employ\w*|job|position|role|company|employer)\b", re.I),
        re.compile(
            r"\b(at|joined|join|for|with)\s+(the\s+)?[A-Z]|\b(I am|I'm)\b.*\b(at|of)\b|"
            r"\b(is|am|was)\s+(an?|the)\s+([\w-]+\s+){0,3}[\w-]+(ist|er|or|ian|ant)\b|\b(Engineer|Scientist|"
            r"Manager|Professor|Director|Researcher|Developer|Analyst|Consultant|Founder|Lead)\b"
        ),
    ),
    (
        re.compile(
            r"\b(stud(y|ied)|degree|ph\.?d|doctorate|graduat\w*|universit\w*|college|school|"
            r"education|bachelor\w*|master\w*)\b",
            re.I,
        ),
        re.compile(
            r"\b(University|College|Institute|School|Ph\.?D|B\.?S|M\.?S|B\.?Eng|bachelor|"
            r"master|degree)\b"
        ),
    ),
)
# Topics that profile facts answer even when the question names an organisation or a place:
# "Where did she study in Boston?" is still about her degrees.
# An overview names a person, never a thing: a name the directory spells otherwise ("Müller" for "Muller")
# is no reason to leave the profile facts.
FACT_TOPICS_FOR_THINGS = frozenset({"contact", "advisor", "education", "overview"})
# Sections whose entries are quoted whole (a paper: title, authors and venue), up to this long.
WHOLE_ENTRY_KINDS = frozenset({"publications", "talks", "awards"})
# Verbs that every profile uses everywhere: they say nothing about which sentence answers.
WEAK_TERMS = frozenset({"work", "worked", "working", "do", "doing", "get", "go", "went"})
# A person's further sentences must score within this of their best one.
SENTENCE_MARGIN = 0.08
# When the question names no one, a person is included if their best sentence is this close
# to the overall best.
PERSON_MARGIN = 0.12


@dataclass(frozen=True)
class QueryTerms:
    """The question's content words (names removed) with their rarity in the index."""

    text: str
    terms: set[str]
    idf: dict[str, float]
    known: frozenset[str] = frozenset()  # content words that occur somewhere in the index
    rarest: float = 1.0  # an unseen word is rarer than any seen one
    expanded: frozenset[str] = frozenset()  # terms and their synonyms

    @classmethod
    def build(cls, text: str, terms: set[str], idf: dict[str, float]) -> QueryTerms:
        terms = {indexed_form(t, idf) for t in terms}
        key = terms - WEAK_TERMS
        known = frozenset(t for t in key if with_synonyms(t) & idf.keys())
        expanded = frozenset(w for t in terms for w in with_synonyms(t))
        return cls(text, terms, idf, known, max(idf.values(), default=1.0), expanded)

    @functools.cached_property
    def unknown_share(self) -> float:
        """Share of the question's weight in words no indexed passage uses ("What is her
        blood type?" asked of profiles that never mention blood): such a question is
        answered only by a sentence that matches it on meaning alone."""
        terms = self.terms - WEAK_TERMS
        if not terms:
            return 0.0
        total = sum(self.idf.get(t, self.rarest) for t in terms)
        return sum(self.rarest for t in terms - self.known) / total

    @functools.cached_property
    def cues(self) -> QuestionCues:
        """What the sentence features read of the question, worked out once per question."""
        terms = self.terms - WEAK_TERMS
        weights = [(t, self.idf.get(t, self.rarest), with_synonyms(t)) for t in terms]
        return QuestionCues(
            tuple(weights),
            sum(weight for _, weight, _ in weights),
            bool(_PRESENT_QUESTION.search(self.text)),
            tuple(i for i, (asked, _) in enumerate(_INTENTS) if asked.search(self.text)),
            tuple(i for i, word in enumerate(_CONTACT_PATTERNS) if word in self.expanded),
        )

    def overlap(self, words: set[str] | frozenset[str]) -> float:
        """Share of the question's weight (by inverse document frequency) found in `words`."""
        cues = self.cues
        if not cues.weighted_terms:
            return 0.0
        weight = 0.0
        for term, idf, synonyms in cues.weighted_terms:
            if term in words:
                weight += idf
            elif not synonyms.isdisjoint(words):
                weight += SYNONYM_WEIGHT * idf
        return weight / cues.total_weight


@dataclass(frozen=True)
class QuestionCues:
    """The parts of a question that sentence features compare each sentence with."""

    weighted_terms: tuple[tuple[str, float, frozenset[str]], ...]  # (term, idf, its synonyms)
    total_weight: float  # sum of the terms' idf
    about_now: bool  # _PRESENT_QUESTION
    intents: tuple[int, ...]  # the _INTENTS whose question pattern matches
    contacts: tuple[int, ...]  # the _CONTACT_PATTERNS whose word the question uses


@dataclass(frozen=True)
class UnitTraits:
    """What the sentence features read of one sentence, the same for every question."""

    key: str  # the sentence as quoted, lower-cased: repeats are kept once
    words: frozenset[str]  # its words with its section and entry title
    label_terms: frozenset[str]  # the words of its "Label:" opening, if it has one
    present: bool  # _PRESENT_SENTENCE
    past: bool  # _PAST_SENTENCE
    intents: tuple[bool, ...]  # per _INTENTS: whether its sentence pattern matches
    contacts: tuple[bool, ...]  # per _CONTACT_PATTERNS: whether it matches


@dataclass(frozen=True)
class ScoredSentence:
    """One sentence of a retrieved passage, scored against the question."""

    person: str  # whom the passage is about
    entry: str  # the line introducing the sentence's list entry or dated line, or ""
    sentence: str  # the sentence itself, Markdown removed
    hit: Hit  # the passage it comes from, with the passage's retrieval scores
    score: float  # cosine plus lexical and cue bonuses
    cosine: float  # between the question and the sentence's own vector
    position: tuple[str, int]  # (file, character offset): identifies repeats across chunks

    @property
    def text(self) -> str:
        """The sentence as quoted, after its entry's title when it has one."""
        return f"{self.entry} — {self.sentence}" if self.entry else self.sentence


@dataclass(frozen=True)
class Evidence:
    """Everything an answer may be made from, gathered before answering."""

    question: str  # as the user asked it (cleaned): the question of the Answer
    resolved: str  # what was searched for: follow-ups resolved, ellipses expanded
    people: list[str]  # whom the question is about; [] when it names no one
    each: bool  # answer for every one of `people`, saying "not found" where needed
    query: QueryTerms  # the resolved question's content words, names removed
    hits: list[Hit]  # the retrieved passages, best first
    sentences: list[ScoredSentence]  # every sentence of `hits`, best first
    notice: str = ""  # to be shown with the answer, e.g. that the question was cut
    intent: Intent = field(default_factory=lambda: Intent(FACTOID, ()))  # intent.py
    facts: dict[str, list[FactEvidence]] = field(default_factory=dict)  # per person in `people`
    name_terms: frozenset[str] = frozenset()  # tokens of indexed people's names
    passages: dict[str, list[Chunk]] = field(default_factory=dict)  # per person in `people`
    # the entry of the previous answer a follow-up is relative to ("and before that?")
    referent: str = ""


class Answerer(Protocol):
    """Makes the answer to a question from its evidence.

    An implementation cites only passages of `evidence.hits` (numbered `Source`s, `[n]` markers
    in the text), speaks only about `evidence.people` when that list is not empty, and returns
    `not_found(...)` (found=False) when the evidence does not answer the question.
    `Answer.people` lists the people the answer is about: follow-up questions refer to them.
    It must be safe to call from several threads at once.
    """

    def answer(self, evidence: Evidence) -> Answer: ...


class ExtractiveAnswerer:
    """The default answerer: quoted lines with citations, chosen by what the question asks.

    Profile facts answer the questions people ask first (answer_kinds.fact_quotes); yes/no and
    people-list questions need a sentence that names what they ask about; everything else gets
    the best-scoring sentences per person.
    """

    def __init__(self, config: Config) -> None:
        self.config = config

    def answer(self, evidence: Evidence) -> Answer:
        chosen = select_sentences(
            evidence.sentences,
            evidence.people,
            evidence.each,
            self.config,
            evidence.query,
            evidence.hits,
        )
        intent = evidence.intent
        if intent.form == YES_NO and evidence.people:
            return self._yes_no(evidence, chosen)
        if len(evidence.people) > 1:
            compared = self._compared(evidence)
            if compared is not None:
                return compared
        if intent.form == PEOPLE_LIST and not evidence.people:
            chosen = self._people_list(evidence, chosen)
            if intent.count:  # "How many of them …?": the list, counted
                return _counted(compose_answer(evidence.question, chosen, True, evidence.notice))
        elif evidence.people:
            chosen = self._with_facts(evidence, chosen)
            if intent.form == COMPARISON:
                chosen = _side_by_side(evidence, chosen)
            if intent.form == FACTOID:
                return self._of_the_asked_type(evidence, chosen)
        return compose_answer(evidence.question, chosen, labelled=True, notice=evidence.notice)

    def _of_the_asked_type(
        self, evidence: Evidence, chosen: dict[str, list[ScoredSentence]]
    ) -> Answer:
        """The chosen quotes of each person when they hold what the question asks for (a date
        for "when", a name for "who", an organisation or place for "where" or "which
        company"); else what the profile does not give, and for whom (answer_type.py)."""
        unmentioned = self._places_unmentioned(evidence)
        if unmentioned:
            return self._not_mentioned(evidence, evidence.resolved, [], unmentioned)
        checked: dict[str, list[ScoredSentence]] = {}
        missing: tuple[str, ...] = ()
        for person, sentences in chosen.items():
            texts = [s.text for s in sentences]
            lacking = answers_type(evidence.resolved, texts, person, len(evidence.people))
            checked[person] = [] if sentences and lacking else sentences
            missing = missing or (lacking if sentences else ())
        if missing and not any(checked.values()):
            names = " or ".join(f"{p}'s" for p in evidence.people)
            asked = _asked_words(evidence.resolved, evidence.name_terms)
            about = "" if asked == "that" else f" ({asked})"
            reason = (
                f"{names[0].upper()}{names[1:]} profile does not give "
                f"{' or '.join(missing)} for that{about}."
            )
            return not_found(evidence.question, evidence.people, evidence.notice, reason)
        return compose_answer(evidence.question, checked, labelled=True, notice=evidence.notice)

    def _with_facts(
        self, evidence: Evidence, chosen: dict[str, list[ScoredSentence]]
    ) -> dict[str, list[ScoredSentence]]:
        """Profile facts where they answer; an overview is never "not found" for a person
        the index holds (their best sentences stand in when they have no facts)."""
        merged = dict(chosen)
        names_a_thing = bool(asked_things(evidence.resolved, evidence.name_terms))
        for person in evidence.people:
            facts = evidence.facts.get(person, [])
            # a role named ("reviewed for", "TA'd", "interned") before the topic's own words
            # ("journals", "courses"): its entries are what is asked
            ordered = evidence.intent.count or evidence.intent.time in ("before", "after", "first")
            quotes = None if ordered else _job_details(evidence, person)
            if quotes is None and not ordered:
                quotes = _jobs_of_title(evidence, person)
            if quotes is None and not ordered:
                quotes = _section_entries(evidence, person)
            if quotes is None and not ordered:
                quotes = _role_entries(evidence, person)
            if (
                quotes is None
                and "publications" in evidence.intent.topics
                and not evidence.intent.count
            ):
                quotes = _publications(evidence, person, facts)
            if quotes is None:
                quotes = _ordered_or_counted(evidence, person, facts)
            if (
                quotes is None
                and "publications" in evidence.intent.topics
                and asked_years(evidence.resolved)
            ):  # "What did she publish at ICML 2023?"; "her Lumen paper" names a paper
                quotes = _papers_at(evidence, person)
            if quotes is None and names_a_thing and evidence.intent.topic == "role":
                things = asked_things(evidence.resolved, evidence.name_terms)
                quotes = current_role_naming(person, evidence.resolved, facts, things)
            if quotes is None and evidence.intent.topic == "advisor":
                quotes = _advisor_lines(evidence, person)
            if quotes is None and _asks_skills(evidence):
                quotes = skills_quotes(person, evidence.resolved, evidence.passages.get(person, []))
            if quotes is None and _asks_when_at_a_place(evidence):
                things = asked_things(evidence.resolved, evidence.name_terms)
                passages = evidence.passages.get(person, [])
                quotes = dated_entries_naming(person, passages, things, _block_text)
            if quotes is None:
                if names_a_thing and evidence.intent.topic not in FACT_TOPICS_FOR_THINGS:
                    # "What did she do at Acme?": the sentences about Acme answer
                    merged[person] = _from_answering_sections(
                        evidence, person, merged.get(person, [])
                    )
                    continue
                quotes = fact_quotes(
                    evidence.intent, evidence.resolved, person, facts, evidence.passages.get(person)
                )
            if not quotes and evidence.intent.topic == "education":
                # "What is her PhD research about?": no degree line says it, her topics may
                quotes = research_topics(person, evidence.intent, facts) or quotes
            if quotes is None and evidence.intent.topic == "interests":
                merged[person] = self._topic_sentences(evidence, person, merged.get(person, []))
                continue
            if quotes is None and evidence.intent.topic in ("education", "advisor"):
                merged[person] = _naming_the_degree(evidence, merged.get(person, []))
                continue
            if quotes is not None and not quotes:
                merged[person] = []  # the profile lists such things, but not the one asked
            elif quotes:
                merged[person] = [_as_scored(q) for q in quotes]
            elif evidence.intent.topic == "overview" and not merged.get(person):
                merged[person] = [s for s in evidence.sentences if s.person == person][:2]
        return merged

    def _topic_sentences(
        self, evidence: Evidence, person: str, chosen: list[ScoredSentence]
    ) -> list[ScoredSentence]:
        """What someone works on, for a profile that states no research interests: the best
        thesis title and newest papers; else the best sentences that are not the title line of
        a job or a grant ("Research Assistant, 2019 – 2024" has the word "research" but says
        where, not what about); else the headline."""
        work = topics_of_work(person, evidence.facts.get(person, []))
        if work:
            return [_as_scored(q) for q in work]
        floor = min_score(self.config)
        candidates = chosen + [
            s for s in evidence.sentences if s.person == person and s.score >= floor
        ]
        about = [s for s in dict.fromkeys(candidates) if not is_title_line(s)]
        if about:
            top = about[0].score
            kept = [s for s in about if s.score >= top - SENTENCE_MARGIN]
            return kept[: self.config.max_sentences_per_person]
        headline = [f for f in evidence.facts.get(person, []) if f.fact.kind == "headline"]
        quotes = fact_quotes_of(person, headline[:1]) or []
        return [_as_scored(q) for q in quotes]

    def _compared(self, evidence: Evidence) -> Answer | None:
        """ "Who started their PhD first, A or B?": each one's dated entry and who comes
        first; "A or B — which one studied physics?": the ones whose evidence names it. None
        for other questions about several people, or when the evidence cannot tell."""
        order = asked_order(evidence.resolved)
        if order is not None:
            dated = [
                d
                for person in evidence.people
                if (d := dated_degrees(evidence.resolved, person, _facts(evidence, person), order))
            ]
            if len(dated) < 2:
                return None
            winners, quotes = order_quotes(order, dated)
            chosen = {p: [_as_scored(q) for q in found] for p, found in quotes.items()}
            answer = compose_answer(evidence.question, chosen, True, notice=evidence.notice)
            lead = verdict(order, winners, dated)
            return replace(answer, text=f"{lead}\n{answer.text}", people=winners)
        if not asks_which_of(evidence.resolved):
            return None
        confirmed = {p: self._supports(evidence, p) for p in evidence.people}
        if not any(confirmed.values()):
            return None
        chosen = {p: found for p, found in confirmed.items() if found}
        return compose_answer(evidence.question, chosen, True, notice=evidence.notice)

    def _supports(self, evidence: Evidence, person: str) -> list[ScoredSentence]:
        """The person's evidence for what a "which of them" question asks: the degree in the
        state asked ("has already finished a PhD"), else an entry or a sentence naming the
        things asked ("studied physics")."""
        question, facts = evidence.resolved, _facts(evidence, person)
        status = degree_status_asked(question)
        degree = degree_holder_quotes(question, person, facts, status)
        if degree is None and status:  # no degree among the facts: a line may state it
            passages = evidence.passages.get(person, [])
            stated = degree_sentence(question, person, passages, studying=status == ONGOING)
            degree = [stated] if stated else None
        if degree is not None:
            return [_as_scored(q) for q in degree]
        things = asked_things(question, evidence.name_terms, evidence.query.idf)
        if not things:
            return []
        entry = _entry_of_asked_kind(evidence, person, things)
        if entry is None:
            found = naming_entries(person, facts, things)
            entry = found[0] if found else None
        if entry is not None:
            return [_as_scored(entry)]
        topics = evidence.intent.topics
        return [
            s
            for s in evidence.sentences
            if s.person == person
            and answers_topics(s.hit.chunk.kind, topics)
            and mentions_all(f"{s.hit.chunk.section} {s.entry} {s.sentence}", things)
        ][:1]

    def _yes_no(self, evidence: Evidence, chosen: dict[str, list[ScoredSentence]]) -> Answer:
        """ "Yes — …" with a sentence naming what was asked about, or what the profile does
        not mention. "Did she do a postdoc after her PhD?" asks about a postdoc: the thing a
        time clause names is when, not what (main_clause). A degree asked about is confirmed
        only by a line naming that degree as held ("PhD program" is not a PhD)."""
        channel = self._yes_no_contact(evidence)
        if channel is not None:
            return channel
        question = main_clause(evidence.resolved)
        things = asked_things(question, evidence.name_terms)
        if not things and question != evidence.resolved:
            # everything the question names is in its time clause: the main clause's own
            # content words are what is asked about
            things = asked_things(question, evidence.name_terms, evidence.query.idf)
            if not things:
                return self._not_mentioned(evidence, question, things)
        degree_asked = asks_for_degree(question)
        if not things and not degree_asked:
            held = {p: _held_entries(evidence, question, p) for p in evidence.people}
            if any(held.values()):  # "Does she hold a fellowship?": her fellowships
                listed = {p: [_as_scored(q) for q in found or []] for p, found in held.items()}
                return compose_answer(
                    evidence.question, listed, True, notice=evidence.notice, lead="Yes — "
                )
            roles = {p: _role_entries(evidence, p) for p in evidence.people}
            if any(roles.values()):  # "Did she do any internships?": her internships
                listed = {p: [_as_scored(q) for q in found or []] for p, found in roles.items()}
                return compose_answer(
                    evidence.question, listed, True, notice=evidence.notice, lead="Yes — "
                )
            if asks_for_internship(question):  # every passage was read: none names one
                return self._not_mentioned(evidence, question, [frozenset({"internship"})])
            return self._yes_no_by_words(evidence, question, chosen)
        confirmed: dict[str, list[ScoredSentence]] = {}
        topics = read_intent(question, len(evidence.people)).topics  # of the main clause
        for person in evidence.people:
            degree = degree_answer(question, person, evidence.facts.get(person, []))
            if degree is not None:
                confirmed[person] = [_as_scored(q) for q in degree]
                continue
            naming = [
                s
                for s in evidence.sentences
                if s.person == person
                and answers_topics(s.hit.chunk.kind, topics)
                and mentions_all(f"{s.hit.chunk.section} {s.entry} {s.sentence}", things)
                and (not degree_asked or holds_degree_named(question, s.sentence))
            ]
            # an entry of the asked kind (her degree, for "did she study at …") is the answer
            entry = _entry_of_asked_kind(evidence, person, things) if things else None
            if _ASKS_WORKED_AT.search(question):  # "Has she worked at Acme?"
                places = places_named(question)
                naming = [s for s in naming if _says_work(s.hit.chunk.kind, s.sentence, places)]
                if entry and entry.chunk and not _says_work(entry.chunk.kind, entry.text, places):
                    entry = None
            asked_kind = [s for s in naming if of_the_asked_kind(s.hit.chunk.kind, topics)]
            confirmed[person] = [_as_scored(entry)] if entry else (asked_kind or naming)[:1]
            confirmed[person] = [  # "Ohio State University" is not the "Ohio University" asked
                s
                for s in confirmed[person]
                if not any(names_another_place(p, s.text) for p in places_named(question))
            ]
        if not any(confirmed.values()):
            places = " or ".join(places_named(question))  # the name as asked, whole
            if not places and degree_asked and degree_status_asked(question) == ONGOING:
                places = f"a {degree_phrase(question)} in progress"  # a finished one may be
            return self._not_mentioned(evidence, question, things, places)
        return compose_answer(
            evidence.question, confirmed, True, notice=evidence.notice, lead="Yes — "
        )

    def _yes_no_by_words(
        self, evidence: Evidence, question: str, chosen: dict[str, list[ScoredSentence]]
    ) -> Answer:
        """A yes/no question that names nothing by a capitalised name ("Did he do a
        postdoc?", "Has she worked at a central bank?"): "Yes — " with the person's line that
        names the words of what is asked (the words after the question's verb; a topic's
        word, "award", may be written as any of its synonyms), from all of their passages; else
        with the best sentence the search chose that names one of its own words ("the Bank of
        Portugal" for "a central bank": the ranking vouches for the rest); else what the
        else, as before, the best sentences with no "Yes": "Yes" needs a line naming it."""
        asked = yes_no_object(question)
        phrase = asked if asked is not None else question
        idf = evidence.query.idf
        # a word the index holds only in another form ("astronomical" for "astronomy")
        unknown = [t for t in tokenize(phrase) if t not in idf and t not in evidence.name_terms]
        others = {spelled_otherwise(t, idf) for t in unknown} - {""}
        own = asked_things(phrase, evidence.name_terms, idf)
        own += [with_synonyms(w) for w in sorted(others)]
        own = own[:MAX_THINGS]
        # "best paper award": each topic word is asked too, in any of its synonyms
        topic_words = [
            with_synonyms(t)
            for t in dict.fromkeys(tokenize(phrase))
            if t not in evidence.name_terms and t not in QUESTION_VERBS and names_a_topic(t)
        ]
        things = own + topic_words
        mentoring = asked_sections(question) == ("students",)  # "Has he mentored anyone?"
        if not own and not (mentoring and topic_words):
            # only a topic's words ("any recognition", "at a university"): too common to
            # confirm anything by; the best sentences, unlabelled, as before
            return compose_answer(evidence.question, chosen, True, notice=evidence.notice)
        topics = read_intent(question, len(evidence.people)).topics
        if mentoring:  # he mentors: a job's bullet may say so, not only a students section
            topics = ()
        confirmed: dict[str, list[ScoredSentence]] = {}
        for person in evidence.people:
            ranked = [
                (s, f"{s.hit.chunk.section} {s.entry} {s.sentence}") for s in chosen.get(person, [])
            ]
            naming_one = [s for s, t in ranked if any(mentions_all(t, [g]) for g in own)]
            found = _sentence_naming(evidence, person, things, topics) or _line_naming(
                evidence, person, things, topics
            )
            if found is None and len(own) > 1:  # "a central bank": the search ranked it
                found = naming_one[0] if naming_one else None
            # a second chosen sentence naming what was asked may hold the rest of the entry
            confirmed[person] = [found, *[s for s in naming_one if s != found][:1]] if found else []
        if not any(confirmed.values()):
            # no line names it: the best sentences, unlabelled (a search on meaning may still
            # have found it in other words, "violin" for "an instrument")
            return compose_answer(evidence.question, chosen, True, notice=evidence.notice)
        return compose_answer(
            evidence.question, confirmed, True, notice=evidence.notice, lead="Yes — "
        )

    def _yes_no_contact(self, evidence: Evidence) -> Answer | None:
        """ "Does she have a website?", "Is he on LinkedIn?": "Yes — " with that contact
        detail, or that the profile gives none. None when no contact channel is asked."""
        if "contact" not in evidence.intent.topics or not asked_contact_types(evidence.resolved):
            return None
        found = {
            person: contact_quotes(
                person,
                evidence.resolved,
                evidence.facts.get(person, []),
                evidence.passages.get(person, []),
            )
            for person in evidence.people
        }
        if not any(found.values()):
            if all(quotes == [] for quotes in found.values()):  # details, none of that type
                things = [frozenset({w}) for w in sorted(asked_contact_types(evidence.resolved))]
                return self._not_mentioned(evidence, evidence.resolved, things)
            return None  # no contact details among the facts: the sentences may say
        listed = {p: [_as_scored(q) for q in quotes or []] for p, quotes in found.items()}
        return compose_answer(
            evidence.question, listed, True, notice=evidence.notice, lead="Yes — "
        )

    def _places_unmentioned(self, evidence: Evidence) -> str:
        """The place a question names ("her role at Acme Labs") when none of the
        passages of the people asked about mentions it: their profiles cannot say what they
        did there. "" when every place named is mentioned. An acronym may be written out
        ("EMNLP" in a paper's venue): only names written as words are checked."""
        if "publications" in evidence.intent.topics:
            return ""  # venues are abbreviated one way in questions, another in CVs
        for place in places_named(evidence.resolved):
            if place.isupper():
                continue
            words = [with_synonyms(t) for t in name_words(place) if t not in evidence.name_terms]
            if not words:
                continue
            if not any(
                mentions_all(f"{chunk.section} {chunk.text}", words)
                for person in evidence.people
                for chunk in evidence.passages.get(person, [])
            ):
                return place
        return ""

    def _not_mentioned(
        self, evidence: Evidence, question: str, things: list[frozenset[str]], asked: str = ""
    ) -> Answer:
        """ "Jane Doe's profile does not mention X." naming what was looked for."""
        asked = asked or degree_phrase(question) or _asked_words(question, evidence.name_terms)
        if asked == "that":
            words = [t for t in tokenize(question) if any(t in group for group in things)]
            degree = DEGREE.search(question)
            asked = " ".join(words) or (degree.group(0) if degree else "that")
        names = " or ".join(f"{p}'s" for p in evidence.people)
        reason = f"{names[0].upper()}{names[1:]} profile does not mention {asked}."
        return not_found(evidence.question, evidence.people, evidence.notice, reason)

    def _people_by_degree(self, evidence: Evidence) -> dict[str, list[ScoredSentence]] | None:
        """ "Who holds a doctorate?": everyone whose listed degrees include it, from the facts;
        None when the question names no degree."""
        status = degree_status_asked(evidence.resolved)
        answers = {
            person: degree_holder_quotes(evidence.resolved, person, facts, status)
            for person, facts in evidence.facts.items()
        }
        if all(found is None for found in answers.values()):
            return None
        listed = {p: [_as_scored(q) for q in found] for p, found in answers.items() if found}
        for person in (p for p, found in answers.items() if found is None):
            passages = evidence.passages.get(person, [])
            # no degree among the facts: a line of theirs may still state one, held or (asked
            # about one being studied for) in progress
            stated = degree_sentence(evidence.resolved, person, passages, status == ONGOING)
            if stated:
                listed[person] = [_as_scored(stated)]
        return listed

    def _people_list(
        self, evidence: Evidence, chosen: dict[str, list[ScoredSentence]]
    ) -> dict[str, list[ScoredSentence]]:
        """Every candidate person whose evidence names what the question insists on ("worked
        at Google" needs "Google"): an entry of the asked kind in any of their passages (a
        position, a degree), else their best sentence that answers and is not an entry of a
        list of another kind (answer_kinds.answers_topics)."""
        things = asked_things(evidence.resolved, evidence.name_terms, evidence.query.idf)
        # "a head TA": one noun phrase, to be named in one sentence, not across a passage
        phrase = modifiers_of_things(evidence.resolved) if things else []
        if phrase and _capitalised_things_asked(evidence):
            things = things + phrase
        else:
            phrase = []
        by_degree = self._people_by_degree(evidence)
        if by_degree is not None:  # "Who holds a PhD?", "Which of them are PhD students?"
            return by_degree
        if asks_current_state(evidence.resolved) and things:
            by_role = _people_by_current_role(evidence, things)
            if by_role:
                return by_role
        listed: dict[str, list[ScoredSentence]] = {}
        if "publications" in evidence.intent.topics and things:
            # A publication list names the venue in a line the search may not reach.
            for person in evidence.passages:
                found = _papers_at(evidence, person) or _authored_at(evidence, person)
                if found:
                    listed[person] = [_as_scored(found[0])]
        topics = evidence.intent.topics
        now = _asks_work_now(evidence.resolved)
        if now:  # "Who works at a university in Texas?": a job now, not a degree there
            topics = ("role",)
        tools_asked = _skills_may_answer(evidence)
        for person in evidence.facts:  # "went to Lakeside": their degrees, then any entry
            found = (
                None
                if person in listed
                else _entry_of_asked_kind(evidence, person, things, topics, now)
            )
            passages = evidence.passages.get(person, [])
            if found is None and phrase and person not in listed:
                found = entry_naming_phrase(person, passages, topics, things)
            if found is None and tools_asked and person not in listed:
                found = skills_line_naming(person, passages, things)
            if found:
                listed[person] = [_as_scored(found)]
        prose: dict[str, ScoredSentence] = {}
        # papers at a venue, a degree from a school, a job at a place: a talk there is none
        # of them (a talk on a topic does tell what someone works on)
        at_a_place = bool({"publications", "education"} & set(topics)) or (
            evidence.intent.topic == "role" and "interests" not in topics
        )
        # The sentence names one of the things asked about, and its passage names them all
        # ("LLM serving" and "TPUs" in two sentences of one paragraph); read once per passage.
        passage_names: dict[int, bool] = {}
        for sentence in evidence.sentences:
            kind, chunk = sentence.hit.chunk.kind, sentence.hit.chunk
            if sentence.person in listed or not answers_topics(kind, topics):
                continue  # a scholarship named after a university says nobody studied there
            if not _answers(sentence, min_score(self.config)):
                continue
            if at_a_place and another_activity(evidence.resolved, sentence.text):
                continue  # "Organised a workshop at ECCV" published nothing there
            if now and _said_of_the_past(f"{sentence.entry} {sentence.sentence}"):
                continue  # "Postdoc, University of Texas, 2020 – 2023" works there no more
            text = f"{chunk.section} {sentence.entry} {sentence.sentence}"
            if things and not any(mentions_all(text, [t]) for t in things):
                continue
            if phrase and not mentions_all(text, things):
                continue
            if things and chunk.chunk_id not in passage_names:
                passage_names[chunk.chunk_id] = mentions_all(chunk.text, things)
            if things and not passage_names[chunk.chunk_id]:
                continue
            if of_the_asked_kind(kind, topics):
                listed[sentence.person] = [sentence]
            else:
                prose.setdefault(sentence.person, sentence)
        for person, sentence in prose.items():
            listed.setdefault(person, [sentence])
        return listed if things else (listed or chosen)


def score_sentences(
    store: IndexStore, hits: list[Hit], query_vector: np.ndarray, query: QueryTerms
) -> list[ScoredSentence]:
    """Every sentence of the retrieved chunks, scored against the question, best first.

    Sentences repeated by overlapping chunks, or verbatim elsewhere, are kept once.
    """
    scored: dict[str, ScoredSentence] = {}
    supported = {p: supported_by_passages(p, query, hits) for p in {h.chunk.person for h in hits}}
    for hit in hits:
        chunk = hit.chunk
        units = quoted_units(store, chunk)
        if not units:
            continue
        dense = (store.units_of(chunk.chunk_id)[1] @ query_vector).tolist()
        for (start, context, sentence, traits), cosine in zip(units, dense, strict=True):
            score = cosine + _bonus(feature_row(query, traits, supported[chunk.person]))
            best = scored.get(traits.key)
            if best is None or best.score < score:
                position = (chunk.source, chunk.start + start)
                scored[traits.key] = ScoredSentence(
                    chunk.person, context, sentence, hit, score, cosine, position
                )
    return sorted(scored.values(), key=lambda s: -s.score)


QuotedUnit = tuple[int, str, str, "UnitTraits"]  # quoted_unit's (start, context, sentence), traits


def quoted_units(store: IndexStore, chunk: Chunk) -> tuple[QuotedUnit, ...]:
    """Every sentence unit of `chunk` as quoted, with its traits, in `store.units_of` order:
    they depend on the chunk alone, so they are read once for all questions."""
    spans = tuple(store.units_of(chunk.chunk_id)[0])
    return _quoted_units(chunk.text, chunk.kind, chunk.section, spans)


# Keyed by the chunk's content (not by row: another index may hold other chunks at that row), and
# bounded: about 12 KB per chunk, so at most about 25 MB however large the index is.
@functools.lru_cache(maxsize=1 << 11)
def _quoted_units(
    text: str, kind: str, section: str, spans: tuple[tuple[int, int], ...]
) -> tuple[QuotedUnit, ...]:
    units = []
    for start, end in spans:
        quoted, context, sentence = quoted_unit(text, kind, start, end)
        units.append((quoted, context, sentence, unit_traits(section, context, sentence)))
    return tuple(units)


# What a sentence unit quotes depends on its chunk's text alone, not on the question: worked out
# once per unit for all questions (the heading and entry reading are most of an ask's own time).
@functools.lru_cache(maxsize=1 << 16)
def quoted_unit(text: str, kind: str, start: int, end: int) -> tuple[int, str, str]:
    """Where the unit at `start:end` of a chunk's `text` is quoted from, its entry's title and
    its plain text."""
    context = entry_title(text, start)
    if kind in WHOLE_ENTRY_KINDS:
        # A paper or a prize is quoted whole: "2024." alone answers nothing.
        start, end = entry_block(text, start, end)
        context = ""
    return start, context, plain_text(text[start:end])


@functools.lru_cache(maxsize=1 << 12)  # score_sentences keeps them per chunk (_quoted_units)
def unit_traits(section: str, context: str, sentence: str) -> UnitTraits:
    """What the sentence features read of a quoted unit (see `quoted_unit`), read once."""
    label = _FIELD_LABEL.match(sentence)
    quoted = f"{context} — {sentence}" if context else sentence  # as ScoredSentence.text
    return UnitTraits(
        quoted.lower(),
        frozenset(tokenize(f"{section} {context} {sentence}")),
        frozenset(tokenize(label.group(1))) if label else frozenset(),
        bool(_PRESENT_SENTENCE.search(sentence)),
        bool(_PAST_SENTENCE.search(sentence)),
        tuple(bool(answer.search(sentence)) for _, answer in _INTENTS),
        tuple(bool(pattern.search(sentence)) for pattern in _CONTACT_PATTERNS.values()),
    )


def entry_block(text: str, start: int, end: int) -> tuple[int, int]:
    """The lines around `start:end` that belong to one list entry: the block between blank
    lines when it is short enough to be one entry, else the line itself."""
    block_start = text.rfind("\n\n", 0, start)
    block_start = 0 if block_start < 0 else block_start + 2
    block_end = text.find("\n\n", end)
    block_end = len(text) if block_end < 0 else block_end
    if block_end - block_start <= MAX_ENTRY_CHARS:
        return block_start, block_end
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


@dataclass(frozen=True)
class SentenceFeatures:
    """What, besides its cosine, says a sentence answers a question. Each is 0 or 1 except
    `overlap` (share of the question's weight found in the sentence, 0–1) and `tense` (+1 a
    present-tense sentence for a question about now, -1 a past-tense one)."""

    overlap: float
    field_label: float  # "Dissertation: …" when the question names the label
    tense: float
    intent: float  # the shape of an answer to a where-work / where-study question
    contact: float  # an e-mail, phone or URL when the question asks for one
    unknown: float  # QueryTerms.unknown_share: the same for every sentence of a question
    unsupported: float  # 1 when no retrieved passage of the person uses a known question word

    def as_row(self) -> list[float]:
        return [
            self.overlap,
            self.field_label,
            self.tense,
            self.intent,
            self.contact,
            self.unknown,
            self.unsupported,
        ]


FEATURES = tuple(SentenceFeatures.__dataclass_fields__)


def sentence_features(
    query: QueryTerms, sentence: str, context: str, hit: Hit, supported: bool = True
) -> SentenceFeatures:
    traits = unit_traits(hit.chunk.section, context, sentence)
    return SentenceFeatures(*feature_row(query, traits, supported))


def feature_row(query: QueryTerms, traits: UnitTraits, supported: bool) -> list[float]:
    """The SentenceFeatures of a sentence, in `as_row` order, from the parts of the question
    and of the sentence that they compare (each read once, not once per pair)."""
    cues = query.cues
    tense = 0.0
    if cues.about_now:
        if traits.present:
            tense = 1.0
        elif traits.past:
            tense = -1.0
    return [
        query.overlap(traits.words),
        float(not traits.label_terms.isdisjoint(query.terms)),
        tense,
        float(sum(1 for i in cues.intents if traits.intents[i])),
        float(any(traits.contacts[i] for i in cues.contacts)),
        query.unknown_share,
        float(not supported),
    ]


def min_score(config: Config) -> float:
    """The configured minimum sentence score, else the fitted one."""
    return WEIGHTS.min_score if config.min_sentence_score is None else config.min_sentence_score


def _bonus(row: list[float]) -> float:
    return sum(itertools.starmap(operator.mul, zip(WEIGHTS.bonuses, row, strict=True)))


def select_sentences(
    sentences: list[ScoredSentence],
    people: list[str],
    each: bool,
    config: Config,
    query: QueryTerms,
    hits: list[Hit],
) -> dict[str, list[ScoredSentence]]:
    """Per person, the sentences that answer; a person with nothing good enough gets []."""
    by_person: dict[str, list[ScoredSentence]] = {p: [] for p in people}
    for sentence in sentences:
        by_person.setdefault(sentence.person, []).append(sentence)
    answerable: dict[str, list[ScoredSentence]] = {}
    for person, candidates in by_person.items():
        answerable[person] = [s for s in candidates if _answers(s, min_score(config))]
    best_overall = max((s[0].score for s in answerable.values() if s), default=0.0)
    chosen: dict[str, list[ScoredSentence]] = {}
    for person, candidates in answerable.items():
        if not candidates:
            chosen[person] = []
            continue
        if not each and candidates[0].score < best_overall - PERSON_MARGIN:
            continue
        top = candidates[0].score
        keep = [s for s in candidates if s.score >= top - SENTENCE_MARGIN]
        chosen[person] = keep[: config.max_sentences_per_person]
    if not each:
        chosen = {p: s for p, s in chosen.items() if s}
    return chosen


# List sections whose entries' title lines name a job or a grant, not a topic.
_TITLED_KINDS = frozenset({"experience", "position", "awards"})
# A title line is short: "Predoctoral research grant", "Research Scholar · Fall 2023".
_MAX_TITLE_WORDS = 8
_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def is_title_line(sentence: ScoredSentence) -> bool:
    """Is this the title line of a job or a grant (dated or short), rather than a sentence
    describing the work (a bullet under the title)?"""
    if sentence.hit.chunk.kind not in _TITLED_KINDS or sentence.entry:
        return False
    text = sentence.sentence
    return bool(_A_YEAR.search(text)) or len(text.split()) <= _MAX_TITLE_WORDS


def _answers(sentence: ScoredSentence, min_score: float) -> bool:
    """Is this sentence good enough to be shown as an answer at all? (Its score already
    holds what the question's unknown words and the person's passages say: the fitted
    weights of `unknown` and `unsupported`.) A section's heading never is: it names what the
    section tells ("What I'm building now", "Teaching experience"), its lines tell it."""
    return sentence.score >= min_score and not is_section_heading(sentence)


def is_section_heading(sentence: ScoredSentence) -> bool:
    """Is the sentence its passage's section heading, quoted alone?"""
    heading = _words_of(sentence.hit.chunk.section)
    return bool(heading) and not sentence.entry and _words_of(sentence.sentence) == heading


def _words_of(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def supported_by_passages(person: str, query: QueryTerms, hits: list[Hit]) -> bool:
    """Does any retrieved passage of `person` use one of the question's known content words?"""
    if not query.known:
        return True
    own = [_chunk_words(h.chunk.section, h.chunk.text) for h in hits if h.chunk.person == person]
    return any(not with_synonyms(t).isdisjoint(words) for t in query.known for words in own)


@functools.lru_cache(maxsize=1 << 11)  # as _quoted_units: a few KB a chunk, bounded
def _chunk_words(section: str, text: str) -> frozenset[str]:
    """A passage's words with its section's, the same for every question."""
    return frozenset(tokenize(f"{section} {text}"))


def _ordered_or_counted(
    evidence: Evidence, person: str, facts: list[FactEvidence]
) -> list[Quote] | None:
    """How many (counted list entries) and time order (dated positions and degrees)."""
    intent = evidence.intent
    if intent.count:
        return count_quotes(evidence.resolved, person, facts)
    if intent.time in ("before", "after", "first"):
        things = asked_things(evidence.resolved, evidence.name_terms)
        ordered = time_quotes(intent, evidence.resolved, person, facts, things, evidence.referent)
        passages = evidence.passages.get(person, [])
        return (
            ordered
            or section_time_quotes(intent, person, passages, things)
            or prose_time_quotes(intent, person, passages, things)
        )
    return None


# "Who has worked with Docker?": working with a thing, not at a place.
_WORKS_WITH = re.compile(r"\bwork(?:s|ed|ing)?\s+with\b", re.I)


def _skills_may_answer(evidence: Evidence) -> bool:
    """Whether a line of a skills list can put someone on a people list: the question asks
    for skills, or for working with something, or for nothing that has list sections of its
    own (a job at Google is not shown by "Google Cloud" among someone's tools)."""
    topics = evidence.intent.topics
    if "skills" in topics or _WORKS_WITH.search(evidence.resolved):
        return True
    return not any(topic in ANSWERING_KINDS for topic in topics)


def _people_by_current_role(
    evidence: Evidence, things: list[frozenset[str]]
) -> dict[str, list[ScoredSentence]]:
    """ "Which of them are professors?": everyone whose headline or current position names
    what is asked, from the profile facts of every candidate."""
    listed: dict[str, list[ScoredSentence]] = {}
    for person, facts in evidence.facts.items():
        current = [f for f in facts if f.fact.kind in ("headline", "position") and f.chunk]
        naming = [f for f in current if mentions_all(_without_honorifics(f.fact.text), things)]
        quotes = fact_quotes_of(person, naming[:1])
        if quotes:
            listed[person] = [_as_scored(q) for q in quotes]
    return listed


# "advised by Professor Ann Roe": a title before a name is someone else's.
_HONORIFIC_NAME = re.compile(
    r"\b(?:Prof(?:essor)?|Dr|Doctor)\.?\s+[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*"
)


def _without_honorifics(text: str) -> str:
    return _HONORIFIC_NAME.sub(" ", text)


def _publications(evidence: Evidence, person: str, facts: list[FactEvidence]) -> list[Quote] | None:
    """Whole entries of the person's publication lists naming the venue, year or words asked."""
    return publication_quotes(
        evidence.intent, evidence.resolved, person, facts, *_venue_and_years(evidence)
    )


def _venue_and_years(evidence: Evidence) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """What a publications question names (a venue, a co-author, a topic), and its years.
    Only the names of the people asked about are not things: "Jane Doe's Lumen paper" names a
    paper even though it is written as part of her name, "with Ann Roe" a co-author."""
    years = asked_years(evidence.resolved)
    idf = evidence.query.idf
    names = set(tokenize(" ".join(evidence.people))) | {
        t for t in evidence.name_terms if t not in idf
    }
    things = asked_things(evidence.resolved, frozenset(names), idf)
    return [t for t in things if not any(t <= y for y in years)], years


def _entry_of_asked_kind(
    evidence: Evidence,
    person: str,
    things: list[frozenset[str]],
    topics: tuple[str, ...] | None = None,
    current_only: bool = False,
) -> Quote | None:
    """The person's profile fact or list entry of the asked kind (of `topics`, the question's
    by default) that names the things asked about (her degree from Lakeside for "who went to
    Lakeside?"), from all of her passages; with `current_only`, not one whose dates have all
    ended."""
    topics = evidence.intent.topics if topics is None else topics
    facts = evidence.facts.get(person, [])
    ended = _said_of_the_past if current_only else None
    if ended is not None:
        facts = [f for f in facts if not ended(f"{f.fact.text} {f.fact.fields.get('years', '')}")]
    found = entries_naming(person, facts, topics, things)
    passages = evidence.passages.get(person, [])
    found = found or entries_of_asked_kind(person, passages, topics, things, _entry_text, ended)
    return found[0] if found else None


# "Who works at Acme?", "Which of them are working in Berlin?", "Who is employed by a bank?":
# a job now (present tense; "Who has worked at …" asks about any time). "Who works on
# robotics?" asks what people work on, "… works with Docker" what they use: no job.
_WORKS_NOW = re.compile(
    r"^\W*(?:who|which\b[^?]*?)\s+(?:currently\s+|now\s+|still\s+)?"
    r"(?:works|work|is\s+(?:currently\s+)?working|are\s+(?:currently\s+)?working"
    r"|is\s+employed|are\s+employed)\b(?!\s+(?:on|with)\b)",
    re.I,
)


def _asks_work_now(question: str) -> bool:
    return bool(_WORKS_NOW.search(question))


def _said_of_the_past(text: str) -> bool:
    """A dated line whose dates have all passed ("Postdoc, 2020 – 2023"), or a sentence in
    the past tense only ("Previously, I was a postdoc at …")."""
    if has_ended(text):
        return True
    return bool(_PAST_ONLY.search(text)) and not _PRESENT_SENTENCE.search(text)


# Words of a sentence about the past (English tense): "was", "previously", "worked" — but not
# the perfect "has worked as a designer for ten years", which runs to now.
_PAST_ONLY = re.compile(
    r"\b(?:previously|formerly|former|was|were|used\s+to)\b"
    r"|(?<!\bhas\s)(?<!\bhave\s)(?<!\bhas\salso\s)\bworked\b",
    re.I,
)


def _advisor_lines(evidence: Evidence, person: str) -> list[Quote] | None:
    """ "Who advised her PhD?" (a question for a person only): the lines of all her passages
    that name an advisor, those tied to the asked degree first."""
    if wanted_types(evidence.resolved) != (PERSON,):
        return None  # "Where did she study and who advised her?": the degree's facts answer
    places = _places(evidence)
    if not places:  # an education entry's own advisor line ties advisor and degree best
        listed = listed_advisors(person, evidence.resolved, evidence.facts.get(person, []))
        if listed:
            return listed
    passages = evidence.passages.get(person, [])
    return advisor_quotes(person, evidence.resolved, passages, _block_text, places)


def _section_entries(evidence: Evidence, person: str) -> list[Quote] | None:
    """ "What awards has she received?", "Which meeting did he organise in 2025?": the
    entries of her sections of the asked kind that name what is asked (section_answers.py)."""
    if evidence.intent.form not in (FACTOID, OPEN) or names_a_held_role(evidence.resolved):
        return None  # "Which courses did she TA?": the lines naming the role (_role_entries)
    passages = evidence.passages.get(person, [])
    return section_entry_quotes(person, evidence.resolved, passages, evidence.name_terms)


def _job_details(evidence: Evidence, person: str) -> list[Quote] | None:
    """ "What did she do at Acme?": her job entries at Acme with their details."""
    if not asks_work_at(evidence.resolved):
        return None
    things = asked_things(work_place_phrase(evidence.resolved), evidence.name_terms)
    found = job_entries_at(person, evidence.passages.get(person, []), things)
    if found is None and things:  # a career told as prose: its sentences about jobs there
        jobs = [
            f
            for f in evidence.facts.get(person, [])
            if f.fact.kind in ("experience", "position") and mentions_all(f.fact.text, things)
        ]
        found = fact_quotes_of(person, jobs[:MAX_LISTED_ENTRIES])
    return found


def _jobs_of_title(evidence: Evidence, person: str) -> list[Quote] | None:
    """ "Where was she a postdoc?": her job entries whose heading lines name that title,
    with the employer and dates they give."""
    role = held_role_asked(evidence.resolved)
    if not role:
        return None
    things = [with_synonyms(t) for t in tokenize(role) if t not in evidence.name_terms]
    return job_entries_at(person, evidence.passages.get(person, []), things)


# "Has she worked at / for Acme?", "Was he employed by Acme?": a question about a job there.
_ASKS_WORKED_AT = re.compile(
    r"\b(?:work(?:s|ed|ing)?|employed|interned)\s+(?:at|for|by|with|in)\b", re.I
)
# Words with which prose says someone has a job somewhere (general English): "I was a designer
# at Acme" or "she joined Acme", not "excited to contribute to the Acme community".
_WORK_WORDS = re.compile(
    r"\b(?:work(?:s|ed|ing)?|employ\w*|job|jobs|join(?:s|ed|ing)?|hired|intern(?:ed|ship)?"
    r"|position|role|team|staff|lead|led|leads|manag\w+)\b"
    r"|\b(?:a|an|the)\s+[\w-]+\s+(?:at|for)\s+[A-Z]",
    re.I,
)


def _says_work(section_kind: str, text: str, places: list[str]) -> bool:
    """Whether a line can confirm a job at `places`: an entry of a job section, or prose whose
    sentence naming the place says work."""
    if section_kind in JOB_SECTION_KINDS:
        return True
    pieces = re.split(r"(?<=[.!?])\s+|\n", text)
    naming = [t for t in pieces if any(p.casefold() in t.casefold() for p in places)]
    if not places:
        return any(_WORK_WORDS.search(piece) for piece in pieces)
    return any(_WORK_WORDS.search(piece) for piece in naming)


def _role_entries(evidence: Evidence, person: str) -> list[Quote] | None:
    """ "Which courses did she TA?", "What internships did he do?": every entry naming such a
    role in all of the person's passages, limited to the places the question names."""
    passages = evidence.passages.get(person, [])
    return entries_of_role(person, evidence.resolved, passages, _places(evidence), _block_text)


def _held_entries(evidence: Evidence, question: str, person: str) -> list[Quote] | None:
    """ "Does she hold any fellowship?", "Has he won a prize?": the entries of her sections of
    the asked kind that name the thing asked about (section_answers.py). "Did she TA any
    course?" names a role: the lines naming it answer (_role_entries)."""
    if names_a_held_role(question):
        return None
    passages = evidence.passages.get(person, [])
    return held_entry_quotes(person, question, passages, evidence.name_terms)


def _places(evidence: Evidence) -> list[frozenset[str]]:
    """The places a question names ("at Acme Labs"), as groups of tokens: not every
    capitalised word, as the question may spell the person's name otherwise than the index
    ("Jin-Soo" for "Ben")."""
    words = name_words(" ".join(places_named(evidence.resolved)))
    return [
        with_synonyms(t)
        for t in words
        if t not in evidence.name_terms and not names_a_degree(frozenset({t}))
    ]


def _from_answering_sections(
    evidence: Evidence, person: str, chosen: list[ScoredSentence]
) -> list[ScoredSentence]:
    """The chosen sentences from sections that can answer the question's topics (her job at
    Acme from an experience entry, not a seminar held with Acme); else the entry of the asked
    kind naming the place, from all of her passages; else the chosen sentences as they are."""
    topics = evidence.intent.topics
    answering = [s for s in chosen if answers_topics(s.hit.chunk.kind, topics)]
    if answering or not chosen:
        return answering
    things = asked_things(evidence.resolved, evidence.name_terms)
    entry = _entry_of_asked_kind(evidence, person, things) if things else None
    return [_as_scored(entry)] if entry else chosen


def _asks_skills(evidence: Evidence) -> bool:
    """Whether the question asks for skills in its own words, not only in a name it gives
    ("When was she a designer at VoiceBox Technologies?" asks no skills)."""
    if "skills" not in evidence.intent.topics:
        return False
    question = evidence.resolved
    for name in places_named(question):
        question = question.replace(name, " ")
    return "skills" in read_intent(question, len(evidence.people)).topics


def _asks_when_at_a_place(evidence: Evidence) -> bool:
    """ "When did she join Acme?": a date asked about a place of work, not a degree or a
    paper (their own entries and facts answer those)."""
    topics = set(evidence.intent.topics)
    return (
        DATE in wanted_types(evidence.resolved)
        and evidence.intent.time in ("", "when")
        and not topics & {"education", "advisor", "publications", "awards"}
    )


def _block_text(text: str, start: int, end: int) -> str:
    block_start, block_end = entry_block(text, start, end)
    return text[block_start:block_end]


def _papers_at(evidence: Evidence, person: str) -> list[Quote] | None:
    """Papers at the venue and in the year the question names, from all of the person's
    passages (a publication list is long: retrieval alone may miss the entry)."""
    things, years = _venue_and_years(evidence)
    return venue_quotes(person, evidence.passages.get(person, []), things, years, _entry_text)


def _capitalised_things_asked(evidence: Evidence) -> bool:
    """Whether the question names things by capitalised words (not only by rare words)."""
    return bool(asked_things(evidence.resolved, evidence.name_terms))


def _side_by_side(
    evidence: Evidence, chosen: dict[str, list[ScoredSentence]]
) -> dict[str, list[ScoredSentence]]:
    """A comparison answers the same field for each person: one with nothing chosen gets the
    line of theirs that states the degree asked, else — when someone else has an answer —
    their best sentence from a passage of the asked kind (a comparison is asked because both
    have one)."""
    filled = dict(chosen)
    for person in evidence.people:
        if not filled.get(person):
            passages = evidence.passages.get(person, [])
            stated = degree_sentence(evidence.resolved, person, passages)
            filled[person] = [_as_scored(stated)] if stated else filled.get(person, [])
    if not any(filled.values()):
        return filled
    for person in evidence.people:
        if filled.get(person):
            continue
        own = [
            s
            for s in evidence.sentences
            if s.person == person and answers_topics(s.hit.chunk.kind, evidence.intent.topics)
        ]
        filled[person] = own[:1]
    return filled


def _facts(evidence: Evidence, person: str) -> list[FactEvidence]:
    return evidence.facts.get(person, [])


def _authored_at(evidence: Evidence, person: str) -> list[Quote] | None:
    """A paper of the person's at the venue the question names, listed in any section."""
    things, _ = _venue_and_years(evidence)
    found = authored_entry_at(person, evidence.passages.get(person, []), things, _entry_text)
    return [found] if found else None


def _sentence_naming(
    evidence: Evidence, person: str, things: list[frozenset[str]], topics: tuple[str, ...]
) -> ScoredSentence | None:
    """The person's best-scoring sentence of the search that names every thing asked about,
    one of a section of the asked kind first."""
    naming = [
        s
        for s in evidence.sentences
        if s.person == person
        and answers_topics(s.hit.chunk.kind, topics)
        and mentions_all(f"{s.hit.chunk.section} {s.entry} {s.sentence}", things)
    ]
    naming = [s for s in naming if not _heading_like(s.sentence)]
    asked_kind = [s for s in naming if of_the_asked_kind(s.hit.chunk.kind, topics)]
    return (asked_kind or naming or [None])[0]


def _heading_like(line: str) -> bool:
    """A few capitalised words with no date or number ("International Registrations"): a
    heading over the entries that answer, not itself evidence."""
    words = plain_text(line).split()
    return (
        0 < len(words) <= MAX_HEADING_WORDS
        and not any(ch.isdigit() for ch in line)
        and all(w[:1].isupper() or not tokenize(w) for w in words)
    )


# A heading over a few entries is at most this many words ("Selected Honors and Awards").
MAX_HEADING_WORDS = 4


def _line_naming(
    evidence: Evidence, person: str, things: list[frozenset[str]], topics: tuple[str, ...]
) -> ScoredSentence | None:
    """The first line of all of the person's passages that names every thing asked about
    (with its entry's title when it is a bullet of one): a search returns a few passages, and
    a skill named only in a job's bullet is still the evidence a yes/no question needs."""
    for chunk in evidence.passages.get(person, []):
        if not answers_topics(chunk.kind, topics):
            continue
        if not mentions_all(f"{chunk.section} {chunk.text}", things):
            continue
        for start, end in unit_spans(chunk.text):
            line = plain_text(chunk.text[start:end])
            if not _heading_like(line) and mentions_all(f"{chunk.section} {line}", things):
                title = entry_title(chunk.text, start)
                text = f"{title} — {line}" if title and title not in line else line
                return _as_scored(Quote(person, text, chunk, 1.0))
    return None


def _entry_text(chunk: Chunk, start: int, end: int) -> str:
    block_start, block_end = entry_block(chunk.text, start, end)
    return plain_text(chunk.text[block_start:block_end])


def _naming_the_degree(evidence: Evidence, chosen: list[ScoredSentence]) -> list[ScoredSentence]:
    """The chosen sentences that name no other degree than the one the question asks about,
    from passages that do not speak of other degrees only ("Where did she get her PhD?" is
    not answered by her undergraduate thesis); all of them when it names none. For an advisor,
    the passage may name other degrees (an advisor's line seldom sits with its degree)."""
    question = evidence.resolved
    return [
        s
        for s in chosen
        if not names_another_degree(question, s.sentence)
        and (
            evidence.intent.topic == "advisor"
            or not names_another_degree(question, f"{s.hit.chunk.section} {s.hit.chunk.text}")
        )
    ]


def _as_scored(quote: Quote) -> ScoredSentence:
    hit = Hit(chunk=quote.chunk, score=quote.score)
    return ScoredSentence(
        quote.person, "", quote.text, hit, quote.score, quote.score, (quote.chunk.source, 0)
    )


def _asked_words(question: str, name_terms: frozenset[str]) -> str:
    things = re.findall(r"[\w'’+#.-]+", question)
    named = [
        w.strip(".'’")
        for i, w in enumerate(things)
        if i > 0 and w[:1].isupper() and not set(tokenize(w)) <= name_terms
    ]
    return ", ".join(named) if named else "that"


def compose_answer(
    question: str,
    chosen: dict[str, list[ScoredSentence]],
    labelled: bool,
    notice: str = "",
    lead: str = "",
) -> Answer:
    """Turn the chosen sentences into answer text with [n] markers and numbered sources."""
    sources: list[Source] = []
    number_of: dict[int, int] = {}
    lines: list[str] = []
    found_people = [p for p, s in chosen.items() if s]
    for person, sentences in chosen.items():
        if not sentences:
            lines.append(f"{person}: not found in {person}'s profile.")
            continue
        parts = []
        sentences = without_restatements(sentences)
        for sentence in sentences:
            chunk = sentence.hit.chunk
            if chunk.chunk_id not in number_of:
                number_of[chunk.chunk_id] = len(sources) + 1
                sources.append(
                    Source(
                        number_of[chunk.chunk_id],
                        chunk.person,
                        chunk.source,
                        chunk.section,
                        chunk.text,
                        sentence.score,
                    )
                )
            parts.append(f"{sentence.text.strip()} [{number_of[chunk.chunk_id]}]")
        body = lead + " ".join(parts)
        # The label names the files too: a person's name is whatever a document claims, and a
        # bare label ("SYSTEM: …") could pass for something other than a quote.
        files = ", ".join(dict.fromkeys(s.hit.chunk.source for s in sentences))
        label = person if files in person else f"{person} ({files})"  # "Unknown (cv.pdf)"
        lines.append(f"{label}: {body}" if labelled or len(chosen) > 1 else body)
    if not found_people:
        return not_found(question, list(chosen) if labelled else [], notice)
    text = "\n".join(lines)
    return Answer(question, _with_notice(text, notice), True, found_people, sources, notice)


# A restatement changes pronouns and spelling and at most this many other words of a sentence
# ("After my PhD, I moved …" and "After her PhD, she moved …" in a page's two bios) ...
MAX_RESTATED_CHANGES = 1
# ... and is a sentence: lines this short are entries, where one word tells two apart
# ("Senior Engineer, Acme" and "Staff Engineer, Acme").
MIN_RESTATED_WORDS = 6


def without_restatements(sentences: list[ScoredSentence]) -> list[ScoredSentence]:
    """Each statement once: a sentence that restates an earlier one (the same letters with
    the spaces a PDF lost, or the same words and numbers but a pronoun and a word or so) is
    left out, the better spaced of the two quoted in the first one's place."""
    kept: list[ScoredSentence] = []
    for sentence in sentences:
        same = next((i for i, k in enumerate(kept) if restates(sentence.text, k.text)), None)
        if same is None:
            kept.append(sentence)
        elif len(sentence.text.split()) > len(kept[same].text.split()):
            kept[same] = sentence
    return kept


def restates(one: str, other: str) -> bool:
    """Whether two quotes say the same: the same letters, or sentences with the same numbers
    whose content words differ in at most MAX_RESTATED_CHANGES each way."""
    if _letters(one) == _letters(other):
        return True
    words, others = set(tokenize(one)), set(tokenize(other))
    if min(len(words), len(others)) < MIN_RESTATED_WORDS:
        return False
    if set(re.findall(r"\d+", one)) != set(re.findall(r"\d+", other)):
        return False
    return (
        len(words - others) <= MAX_RESTATED_CHANGES and len(others - words) <= MAX_RESTATED_CHANGES
    )


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _counted(answer: Answer) -> Answer:
    """A people list led by how many people it names ("2 people:")."""
    if not answer.found:
        return answer
    count = len(answer.people)
    lead = f"{count} {'person' if count == 1 else 'people'}:"
    return replace(answer, text=f"{lead}\n{answer.text}")


def not_found(question: str, people: list[str], notice: str = "", reason: str = "") -> Answer:
    if reason:
        text = reason
    elif people:
        names = " or ".join(f"{p}'s" for p in people)
        text = f"I could not find that in {names} profile."
    else:
        text = "I could not find that in the profiles."
    return Answer(question, _with_notice(text, notice), False, [], [], notice)


def _with_notice(text: str, notice: str) -> str:
    return f"{text}\n({notice})" if notice else text
