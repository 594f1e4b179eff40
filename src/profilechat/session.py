"""Stage "chat session": who a question is about, follow-ups, and the ProfileChat facade.

A question is resolved against the conversation before it is searched:
  - names in it ("Ana Lima", "Lima", "Ana" shared by two people) pick whose chunks to
    search, and each named person gets an answer of their own;
  - a pronoun ("he", "his", "them") refers to the people of the previous turn, or to the people
    the previous answer was about when that turn named no one: the "people" its message carries
    (`Answer.message()`), or else the full names its text mentions;
  - an ellipsis ("And what about Ana Lima?") repeats the previous question about the new name;
  - a follow-up about the same people is written out from the previous question and the
    entries its answer quoted ("when?", "and her master's?", "there", "before that", "the first
    one": followups.py); a question naming no one goes on about the previous turn's people;
  - after a list of people, "which of them …" is a list among them, "who else …" of the others.
The conversation is passed in on every call (`history`), so the object keeps no chat state.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .answer import (
    Answerer,
    Evidence,
    ExtractiveAnswerer,
    QueryTerms,
    not_found,
    score_sentences,
)
from .answer_kinds import FactEvidence
from .config import Config
from .embedding import Embedder, load_embedder
from .errors import QuestionError
from .facts import Fact
from .followups import FollowUp, answer_quotes, is_bare_question, rewrite
from .generate import answerer_for
from .intent import PEOPLE_LIST, read_intent
from .names import (
    WORD,
    PeopleDirectory,
    aliases_of,
    as_indexed,
    capitalised_runs,
    fold,
    name_pairs,
    only_names,
    without_names,
    word_cases,
)
from .people import is_unknown
from .retrieve import Retriever
from .section_answers import section_frame_verb
from .store import IndexStore
from .text import tokenize
from .types import Answer, Chunk, Hit

_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "they", "them", "their", "theirs"}
_PLURAL_PRONOUNS = {"they", "them", "their", "theirs"}
# Words that point back at what the previous turn was about ("which team is that?", "what lab
# was he in there?", "what language are they in?"): such a question, naming nobody, is about the
# previous turn's people, and is searched together with the previous question, whose words say
# what "that" is. Plain English deixis, not any question's vocabulary.
_POINTING = {"that", "this", "those", "these", "there", "then", "it", "its"} | _PLURAL_PRONOUNS
# Matched against a question already stripped of closing punctuation and surrounding space
# (`_ellipsis`): no two adjacent repeats can share characters, so matching is linear.
_ELLIPSIS = re.compile(
    r"(?:and|but|ok|okay|so)?[\s,]*(?:what|how)\s+about\s+(?P<rest>.+)"
    r"|(?:and|same\s+for|also)\s+(?P<rest2>.+)",
    re.IGNORECASE | re.DOTALL,
)
_CLOSING = " \t\r\n?.!"
# Cleaning a question reads at most this many characters per character kept, so that a huge
# question is cut before it is copied (runs of spaces collapse, so some slack is needed).
_RAW_CHARS_PER_KEPT = 4


# "Which of them …" is decided for every person of an index up to this size; in a larger one,
# for this many people found by a deep search of this many passages.
CANDIDATE_PEOPLE = 60
CANDIDATE_PASSAGES = 300
# A document's subject is named in its opening characters, if anywhere.
OPENING_CHARS = 600


@dataclass(frozen=True)
class Engine:
    """One index as the questions see it; `reload` swaps the whole of it at once."""

    store: IndexStore
    retriever: Retriever
    directory: PeopleDirectory
    # The folded opening text of each "Unknown (file)" person's document, read once when the
    # engine is built (scanning every chunk per question would cost as much as the index).
    unnamed_openings: dict[str, str] = field(default_factory=dict)
    passages: dict[str, list[Chunk]] = field(default_factory=dict)  # each person's chunks
    # Each person's facts with their passages, read once (a people list asks for 60 people's).
    _facts: dict[str, list[FactEvidence]] = field(default_factory=dict)

    def unnamed_documents_naming(self, names: list[str]) -> list[str]:
        """The "Unknown (file)" people whose document names one of `names` near its top: a
        question about "Jane Doe" reaches a CV filed as Unknown that has her name in its
        heading (people.yaml is the lasting fix)."""
        wanted = [fold(name) for name in names if len(name.split()) >= 2]
        return [
            person
            for person, opening in self.unnamed_openings.items()
            if any(name in opening for name in wanted)
        ]

    def fact_evidence(self, person: str) -> list[FactEvidence]:
        """`person`'s profile facts, each with the passage that holds it."""
        if person not in self._facts:  # the engine is one index: its facts never change
            self._facts[person] = [
                FactEvidence(fact, self.store.chunk_at(fact.source, fact.start))
                for fact in self.store.facts_of(person)
            ]
        return self._facts[person]


@dataclass
class ResolvedQuestion:
    text: str  # the question to search for, with ellipses expanded
    people: list[str] | None  # whose chunks to search; None means everyone
    each: bool  # answer for every one of `people`, saying "not found" where needed
    unknown: list[str] = field(default_factory=list)
    # For a follow-up that points back ("and before that?"): the previous question and the
    # entry its answer quoted, searched for together with this one.
    context: str = ""
    # The entry of the previous answer a follow-up is relative to ("before that"): followups.py
    referent: str = ""
    # A people list among `people` only ("which of them …" after a list of people)
    among: bool = False


# What a follow-up needs of the people it is about: their facts (names the places of entries).
FactsOf = Callable[[str], list[Fact]]


def _no_facts(person: str) -> list[Fact]:
    return []


@dataclass
class _Previous:
    """What a follow-up may point back at: the previous answer's people and quoted entries."""

    people: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


def resolve(
    question: str,
    history: list[dict[str, Any]],
    directory: PeopleDirectory,
    facts_of: FactsOf = _no_facts,
) -> ResolvedQuestion:
    """Resolve `question` against the earlier turns of the conversation; `facts_of` gives the
    facts of an indexed person (places of the entries an answer quoted)."""
    previous: ResolvedQuestion | None = None
    answered = _Previous()
    for turn in history:
        content = str(turn.get("content", ""))
        if turn.get("role") == "user" and content.strip():
            previous = _resolve_turn(content, previous, answered, directory, facts_of)
            answered = _Previous()
        elif turn.get("role") == "assistant":
            answered = _Previous(_answer_people(turn, directory), answer_quotes(turn))
    return _resolve_turn(question, previous, answered, directory, facts_of)


def _answer_people(message: dict[str, Any], directory: PeopleDirectory) -> list[str]:
    """The indexed people an earlier answer was about: the "people" its message carries, or,
    for a message without that list, the full names its text mentions."""
    people = message.get("people")
    if isinstance(people, list):
        carried = {p for p in people if isinstance(p, str)}
        return [p for p in directory.people if p in carried]
    return directory.people_in(str(message.get("content", "")))


def _resolve_turn(
    question: str,
    previous: ResolvedQuestion | None,
    answered: _Previous,
    directory: PeopleDirectory,
    facts_of: FactsOf = _no_facts,
) -> ResolvedQuestion:
    mentions = directory.mentions(question)
    unknown = directory.unknown_names(question)
    named = sorted({p for m in mentions for p in m.people}, key=directory.people.index)
    ellipsis = _ellipsis(question)
    if previous is not None and ellipsis and (named or unknown):
        rest = ellipsis.group("rest") or ellipsis.group("rest2") or ""
        if only_names(rest, directory):
            return ResolvedQuestion(
                _retarget(previous.text, named or unknown, directory), named or None, True, unknown
            )
    if named:
        each = not _asks_which(question)
        return ResolvedQuestion(as_indexed(question, directory), named, each, unknown)
    if previous is None:
        return ResolvedQuestion(question, None, False, unknown)
    earlier = previous.people or answered.people
    words = {w.lower() for w in WORD.findall(question)}
    if previous.unknown and not earlier and words & _PRONOUNS:
        # "who was his advisor?" after a question about someone the index does not hold
        return ResolvedQuestion(question, None, False, previous.unknown)
    among = _among_listed(question, previous, answered, directory)
    if among is not None:
        return among
    if unknown or not earlier:
        return ResolvedQuestion(question, None, False, unknown)
    pointing = bool(words & _POINTING)
    plural = bool(words & _PLURAL_PRONOUNS)
    if not ellipsis and not words & _PRONOUNS and read_intent(question, 0).form == PEOPLE_LIST:
        return ResolvedQuestion(question, None, False, unknown)
    # "in whose group?", "for which magazine?": a question naming no one, after a turn about
    # named people, goes on about them (after a list of people it is about everyone)
    implicit = not (ellipsis or words & _PRONOUNS or pointing or is_bare_question(question))
    if implicit and previous.people is None:
        return ResolvedQuestion(question, None, False, unknown)
    facts = [fact for person in earlier for fact in facts_of(person)]
    written = rewrite(question, previous.text, answered.quotes, facts, directory.name_terms)
    searched_with = pointing or ellipsis or implicit
    context = _context(previous.text, answered.quotes, written) if searched_with else ""
    if ellipsis:
        # "And at Google?", "and before that?": the same people, asked about something new.
        each = previous.each
    elif words & _PRONOUNS:
        each = not plural  # "who supervised him there?" is about him
    elif implicit:
        each = previous.each
    else:
        each = not _asks_which(question)  # "Which team is that?" after a question about Amir Zur
    return ResolvedQuestion(written.text, earlier, each, unknown, context, written.referent)


def _context(previous: str, quotes: list[str], written: FollowUp) -> str:
    """What a pointing follow-up is searched with besides itself: the previous question and
    the entry it points at (the one it names, else the first the answer quoted)."""
    entry = written.referent or (quotes[0] if quotes else "")
    return f"{previous} {entry}".strip()


def _among_listed(
    question: str, previous: ResolvedQuestion, answered: _Previous, directory: PeopleDirectory
) -> ResolvedQuestion | None:
    """After a list of people: "which of them …" is a list among them, "who else …" a list of
    everyone but them; None for any other question."""
    if previous.people is not None or not answered.people:
        return None
    if read_intent(question, 0).form != PEOPLE_LIST:
        return None
    words = {w.lower() for w in WORD.findall(question)}
    if "else" in words:
        others = [p for p in directory.people if p not in answered.people]
        return ResolvedQuestion(question, others, True, among=True)
    if words & _PLURAL_PRONOUNS or words & {"these", "those"}:
        return ResolvedQuestion(question, list(answered.people), True, among=True)
    return None


def _ellipsis(question: str) -> re.Match[str] | None:
    return _ELLIPSIS.fullmatch(question.strip().rstrip(_CLOSING))


def _retarget(previous_text: str, people: list[str], directory: PeopleDirectory) -> str:
    """The previous question with its person replaced by `people`."""
    target = " and ".join(people)
    mentions = directory.mentions(previous_text)
    if not mentions:
        return f"{previous_text} ({target})"
    text = previous_text
    for mention in sorted(mentions, key=lambda m: -m.start):
        text = text[: mention.start] + target + text[mention.end :]
    return text


def _asks_which(question: str) -> bool:
    return bool(re.match(r"^\s*(which|who)\b", question, re.IGNORECASE))


def _filter_applies(question: str, person: str | None, directory: PeopleDirectory) -> bool:
    """A person filter narrows a question that names nobody; a name in the question wins."""
    if not person or person not in directory.people:
        return False
    return not (directory.mentions(question) or directory.unknown_names(question))


def names_as_written(question: str, directory: PeopleDirectory) -> frozenset[str]:
    """Words of the capitalised runs in which the question names an indexed person: "Jin-Soo
    Park" names the person filed as Ben Park, so "Jin-Soo" is a name, not a thing asked."""
    words: set[str] = set()
    for run in capitalised_runs(question):
        if directory.mentions(" ".join(run)):
            words.update(_through_last_name_word(run, directory.name_terms))
    return frozenset(words)


def _through_last_name_word(run: list[str], name_terms: frozenset[str]) -> list[str]:
    """The words of a capitalised run without the acronyms after its last word of an indexed
    name: "Is Jane Doe AWS certified?" runs on past the name into the thing asked about,
    which names no one. (A name's other words stay, however they are spelled: "Andirkó"
    for the "Andirko" of the index.)"""
    end = len(run)
    while end > 1 and _is_acronym(run[end - 1]) and not set(tokenize(run[end - 1])) & name_terms:
        end -= 1
    return [t for word in run[:end] for t in tokenize(word)]


def _is_acronym(word: str) -> bool:
    """ "AWS", "SQL", "GCP": capitals only, which a question seldom writes a name in."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def clean_question(question: str, max_chars: int) -> tuple[str, str]:
    """The question without control characters, cut to `max_chars`; and a notice if cut."""
    if not isinstance(question, str):
        raise QuestionError("The question must be text.")
    raw = question[: max_chars * _RAW_CHARS_PER_KEPT]  # cut first: cleaning copies the text
    text = "".join(ch if ch.isprintable() else " " for ch in raw)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QuestionError("Please type a question; an empty one cannot be answered.")
    if len(text) > max_chars or len(question) > len(raw):
        return text[:max_chars], f"the question was cut to its first {max_chars} characters"
    return text, ""


def bounded_history(history: list[dict[str, Any]], config: Config) -> list[dict[str, Any]]:
    """The last `max_history_turns` messages, each cleaned and cut like a question (user turns)
    or to `max_answer_chars` (answers): what an earlier turn can cost is bounded."""
    bounded: list[dict[str, Any]] = []
    for turn in history[-config.max_history_turns :]:
        if not isinstance(turn, dict):
            continue
        content = turn.get("content", "")
        if not isinstance(content, str):
            continue
        limit = config.max_question_chars
        if turn.get("role") == "assistant":
            limit = config.max_answer_chars
        try:
            content = clean_question(content, limit)[0]
        except QuestionError:
            content = ""
        bounded.append({**turn, "content": content})
    return bounded


class ProfileChat:
    """Ask questions about the people in an index.

    bot = ProfileChat.open("index")
    answer = bot.ask("Where did Ana Lima do her PhD?")
    answer.text, answer.found, answer.people, answer.sources

    The answer is made by `answerer` from the evidence gathered here: the resolved question, its
    people, the passages and their scored sentences. `open` uses a `GenerativeAnswerer` when
    the config names an LLM server (`llm_url`), else the default `ExtractiveAnswerer`.
    """

    def __init__(
        self,
        store: IndexStore,
        embedder: Embedder,
        config: Config,
        answerer: Answerer | None = None,
    ) -> None:
        self.config = config
        self.embedder = embedder
        self.answerer = answerer or ExtractiveAnswerer(config)
        self._lock = threading.Lock()
        self._engine = self._build_engine(store)

    @classmethod
    def open(
        cls,
        index_dir: str | Path | None = None,
        config: Config | None = None,
        embedder: Embedder | None = None,
        answerer: Answerer | None = None,
    ) -> ProfileChat:
        config = (config or Config.from_env()).with_(
            index_dir=Path(index_dir) if index_dir else None
        )
        store = IndexStore.load(config.index_dir, config.approximate_above)
        store.check_model(config.model)
        embedder = embedder or load_embedder(
            config.model, config.batch_size, config.embedding_backend
        )
        return cls(store, embedder, config, answerer or answerer_for(config))

    @property
    def store(self) -> IndexStore:
        return self._engine.store

    @property
    def people(self) -> list[str]:
        return self._engine.directory.people

    def reload(self) -> None:
        """Switch to the index now on disk. Questions in flight finish on the old one."""
        store = IndexStore.load(self.config.index_dir, self.config.approximate_above)
        store.check_model(self.config.model)
        engine = self._build_engine(store)
        with self._lock:
            self._engine = engine

    def ask(
        self,
        question: str,
        history: list[dict[str, Any]] | None = None,
        *,
        k: int | None = None,
        person: str | None = None,
        answerer: Answerer | None = None,
    ) -> Answer:
        """Answer `question`, reading follow-ups against `history` (role/content messages).
        `answerer` replaces the bot's own for this question (e.g. to answer extractively)."""
        evidence = self._evidence(question, history, k, person)
        if isinstance(evidence, Answer):
            return evidence
        return (answerer or self.answerer).answer(evidence)

    def stream(
        self,
        question: str,
        history: list[dict[str, Any]] | None = None,
        *,
        k: int | None = None,
        person: str | None = None,
        answerer: Answerer | None = None,
    ) -> Iterator[str | Answer]:
        """Like `ask`, as pieces of text while an answerer that streams (one with a `stream`
        method, e.g. `GenerativeAnswerer`) writes, then the final Answer, whose text replaces
        the pieces. Errors in the question are raised here, before iterating."""
        evidence = self._evidence(question, history, k, person)
        if isinstance(evidence, Answer):
            return iter([evidence])
        chosen = answerer or self.answerer
        streaming = getattr(chosen, "stream", None)
        if streaming is None:
            return iter([chosen.answer(evidence)])
        return streaming(evidence)

    def _evidence(
        self,
        question: str,
        history: list[dict[str, Any]] | None,
        k: int | None,
        person: str | None,
    ) -> Evidence | Answer:
        """The evidence for `question`, or the answer already when it names only unknown people."""
        engine = self._engine  # one consistent snapshot of the index for this question
        text, notice = clean_question(question, self.config.max_question_chars)
        resolved = self._resolve(text, history, person, engine)
        if resolved.unknown and not resolved.people:
            unnamed = engine.unnamed_documents_naming(resolved.unknown)
            if not unnamed:
                names = ", ".join(resolved.unknown)
                return not_found(text, [], notice, f"The profiles do not mention {names}.")
            searched = resolved.text
            for name in resolved.unknown:  # a name matches its own heading, not the answer
                searched = searched.replace(name, "this person")
            resolved = ResolvedQuestion(searched, unnamed, True, [])
        return self._gather(engine, text, resolved, k or self.config.top_k, notice)

    def retrieve(
        self, question: str, history: list[dict[str, Any]] | None = None, k: int | None = None
    ) -> list[Hit]:
        """The passages `ask` would read for `question`, best first (for evaluation)."""
        engine = self._engine
        text, _ = clean_question(question, self.config.max_question_chars)
        resolved = self._resolve(text, history, None, engine)
        return self._search(engine, resolved, k or self.config.top_k)[1]

    @contextlib.contextmanager
    def retrieval_mode(self, mode: str) -> Iterator[None]:
        """Temporarily search with "dense" or "bm25" only, to compare against "hybrid"."""
        retriever = self._engine.retriever
        previous, retriever.mode = retriever.mode, mode
        try:
            yield
        finally:
            retriever.mode = previous

    def _resolve(
        self,
        text: str,
        history: list[dict[str, Any]] | None,
        person: str | None,
        engine: Engine,
    ) -> ResolvedQuestion:
        directory = engine.directory
        conversation = bounded_history(list(history or []), self.config)
        resolved = resolve(text, conversation, directory, engine.store.facts_of)
        if _filter_applies(text, person, directory):
            resolved.people, resolved.each = [person], True
        return resolved

    def applied_filter(self, question: str, person: str | None) -> str | None:
        """`person` when the filter applies to `question`, None when the question names someone
        itself (that person wins) or `person` is not indexed."""
        text, _ = clean_question(question, self.config.max_question_chars)
        return person if _filter_applies(text, person, self._engine.directory) else None

    def _gather(
        self, engine: Engine, question: str, resolved: ResolvedQuestion, k: int, notice: str
    ) -> Evidence:
        named = 0 if resolved.among else len(resolved.people or [])
        intent = read_intent(resolved.text, named)
        if intent.form == PEOPLE_LIST and resolved.people is None:
            resolved = self._candidates(engine, resolved)
        vector, hits = self._search(engine, resolved, k)
        written = names_as_written(question, engine.directory)
        name_terms = engine.directory.name_terms | written
        # A run naming someone may go on into a word the index knows ("Doe's Lumen paper");
        # only its words the index never uses ("Ana Lima" of a page saying "Ana") are names.
        unknown_name_words = {w for w in written if w not in engine.retriever.idf}
        terms = set(tokenize(resolved.text)) - engine.directory.name_terms - unknown_name_words
        terms -= set(tokenize(section_frame_verb(resolved.text)))  # "What awards has she received?"
        query = QueryTerms.build(resolved.text, terms, engine.retriever.idf)
        people = resolved.people or []
        return Evidence(
            question=question,
            resolved=resolved.text,
            people=[] if intent.form == PEOPLE_LIST else people,
            each=resolved.each,
            query=query,
            hits=hits,
            sentences=score_sentences(engine.store, hits, vector, query),
            notice=notice,
            intent=intent,
            facts={p: engine.fact_evidence(p) for p in people},
            name_terms=name_terms,
            passages={p: engine.passages.get(p, []) for p in people},
            referent=resolved.referent,
        )

    def _candidates(self, engine: Engine, resolved: ResolvedQuestion) -> ResolvedQuestion:
        """For "which of them …": everyone when the index is small, else the people whose
        passages rank in a deep global search; each is then searched on their own."""
        people = engine.directory.people
        if len(people) > CANDIDATE_PEOPLE:
            hits = engine.retriever.retrieve(resolved.text, CANDIDATE_PASSAGES).hits
            ranked = list(dict.fromkeys(h.chunk.person for h in hits))
            people = ranked[:CANDIDATE_PEOPLE]
        return ResolvedQuestion(resolved.text, list(people), True, resolved.unknown)

    def _search(
        self, engine: Engine, resolved: ResolvedQuestion, k: int
    ) -> tuple[np.ndarray, list[Hit]]:
        retriever, people = engine.retriever, resolved.people
        query = f"{resolved.text} {resolved.context}".strip()
        query = without_names(query, engine.directory) if people else query
        vector = retriever.embed_query(query)
        if people is not None and resolved.each and len(people) > 1:
            # Retrieve per person so one person's passages cannot crowd out the other's.
            per_person = k if len(people) <= 3 else max(2, k // 2)
            hits = retriever.retrieve_each(query, per_person, people, vector)
        else:
            hits = retriever.retrieve(query, k, people, vector).hits
        return vector, hits

    def _build_engine(self, store: IndexStore) -> Engine:
        retriever = Retriever(store, self.embedder)
        people = list(store.people)
        cases = word_cases([(c.person, c.text) for c in store.chunks], people)
        aliases = {person: aliases_of(store.facts_of(person)) for person in people}
        directory = PeopleDirectory(
            people,
            retriever.vocabulary,
            cases.ordinary,
            aliases,
            cases.capitalised,
            lambda: name_pairs(chunk.text for chunk in store.chunks),
        )
        passages: dict[str, list[Chunk]] = {}
        for chunk in store.chunks:
            passages.setdefault(chunk.person, []).append(chunk)
        openings = unnamed_openings(store, directory.people)
        return Engine(store, retriever, directory, openings, passages)


def unnamed_openings(store: IndexStore, people: list[str]) -> dict[str, str]:
    """For each "Unknown (file)" person, the folded text of their document's opening
    characters: where a document names its subject, if anywhere."""
    unnamed = {person for person in people if is_unknown(person)}
    pieces: dict[str, list[str]] = {person: [] for person in people if person in unnamed}
    for chunk in store.chunks:
        if chunk.person in unnamed and chunk.start < OPENING_CHARS:
            pieces[chunk.person].append(chunk.text)
    return {
        person: fold(" ".join(" ".join(texts)[: 2 * OPENING_CHARS].split()))
        for person, texts in pieces.items()
    }
