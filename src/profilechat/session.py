"""Stage "chat session": who a question is about, follow-ups, and the ProfileChat facade.

A question is resolved against the conversation before it is searched:
  - names in it ("Zhipeng Jia", "Jia", "Zhipeng" shared by two people) pick whose chunks to
    search, and each named person gets an answer of their own;
  - a pronoun ("he", "his", "them") refers to the people of the previous turn, or to the people
    the previous answer was about when that turn named no one;
  - an ellipsis ("And what about Zhipeng Jia?") repeats the previous question about the new name.
The conversation is passed in on every call (`history`), so the object keeps no chat state.
"""

from __future__ import annotations

import contextlib
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .answer import QueryTerms, compose_answer, not_found, score_sentences, select_sentences
from .config import Config
from .embedding import Embedder, load_embedder
from .errors import QuestionError
from .retrieve import Retriever
from .store import IndexStore
from .text import STOPWORDS, tokenize
from .types import Answer, Hit

Engine = tuple[IndexStore, Retriever, "PeopleDirectory"]

_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "they", "them", "their", "theirs"}
_PLURAL_PRONOUNS = {"they", "them", "their", "theirs"}
_ELLIPSIS = re.compile(
    r"^\s*(?:and|but|ok|okay|so)?[\s,]*(?:what|how)\s+about\s+(?P<rest>.+?)\s*[?.!]*\s*$"
    r"|^\s*(?:and|same\s+for|also)\s+(?P<rest2>.+?)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_QUESTION_WORDS = {
    "who",
    "what",
    "where",
    "when",
    "which",
    "how",
    "why",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "do",
    "can",
    "could",
    "tell",
    "list",
    "name",
    "give",
    "show",
    "and",
    "what's",
    "where's",
    "who's",
    "i",
    "the",
    "whose",
    "whom",
    "in",
    "at",
    "on",
    "for",
    "with",
    "from",
    "about",
    "a",
    "an",
    "of",
}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    people: tuple[str, ...]


class PeopleDirectory:
    """Finds mentions of indexed people in text: full names, surnames, unique first names."""

    def __init__(self, people: list[str], vocabulary: frozenset[str] = frozenset()) -> None:
        self.people = list(people)
        self.vocabulary = vocabulary
        self._aliases: dict[tuple[str, ...], set[str]] = {}
        for person in self.people:
            words = tuple(_fold(w) for w in _WORD.findall(person))
            variants = {words}
            if len(words) >= 2:
                variants |= {
                    (words[0],),
                    (words[-1],),
                    (words[0], words[-1]),
                    (words[-1], words[0]),
                }
            for variant in variants:
                self._aliases.setdefault(variant, set()).add(person)
        self._longest = max((len(a) for a in self._aliases), default=1)
        # Words of people's names: never content words of a question (computed once per index).
        self.name_terms = frozenset(t for person in self.people for t in tokenize(person))

    def mentions(self, text: str) -> list[Mention]:
        words = [(m.start(), _strip_possessive(m.group()), m.group()) for m in _WORD.finditer(text)]
        found: list[Mention] = []
        i = 0
        while i < len(words):
            for length in range(min(self._longest, len(words) - i), 0, -1):
                key = tuple(_fold(w[1]) for w in words[i : i + length])
                people = self._aliases.get(key)
                if (
                    people
                    and self._plausible(words[i : i + length])
                    and not self._other_person(words, i + length)
                ):
                    end = words[i + length - 1][0] + len(words[i + length - 1][2])
                    found.append(Mention(words[i][0], end, tuple(sorted(people))))
                    i += length
                    break
            else:
                i += 1
        return found

    def unknown_names(self, text: str) -> list[str]:
        """Capitalised names in `text` that are neither indexed people nor words of the corpus,
        such as "Geoffrey Hinton" or the "Li" of "Zhipeng Li"."""
        names: list[str] = []
        for run in _capitalised_runs(text):
            while run and run[0].lower() in _QUESTION_WORDS:
                run = run[1:]
            if len(run) < 2 or self._is_indexed_name(run):
                continue
            if any(not self._known_word(w) for w in run):
                names.append(" ".join(run))
        return names

    def people_in(self, text: str) -> list[str]:
        """Indexed people named by full name in `text` (used to read earlier answers)."""
        return [p for p in self.people if _fold(p) in _fold(text)]

    def _known_word(self, word: str) -> bool:
        folded = _fold(word)
        return any(folded in alias for alias in self._aliases) or any(
            t in self.vocabulary for t in tokenize(word)
        )

    def _other_person(self, words: list[tuple[int, str, str]], after: int) -> bool:
        """ "Zhipeng Li": a first name followed by an unknown capitalised word is someone else."""
        if after >= len(words):
            return False
        word = words[after][1]
        return word[:1].isupper() and not self._known_word(word)

    def _is_indexed_name(self, words: list[str]) -> bool:
        return tuple(_fold(w) for w in words) in self._aliases

    @staticmethod
    def _plausible(words: list[tuple[int, str, str]]) -> bool:
        # A one-word alias that is also an ordinary word ("will", "rose") counts only capitalised.
        if len(words) > 1:
            return True
        word = words[0][1]
        return word[:1].isupper() or word.lower() not in STOPWORDS


@dataclass
class ResolvedQuestion:
    text: str  # the question to search for, with ellipses expanded
    people: list[str] | None  # whose chunks to search; None means everyone
    each: bool  # answer for every one of `people`, saying "not found" where needed
    unknown: list[str] = field(default_factory=list)


def resolve(
    question: str, history: list[dict[str, Any]], directory: PeopleDirectory
) -> ResolvedQuestion:
    """Resolve `question` against the earlier turns of the conversation."""
    previous: ResolvedQuestion | None = None
    previous_answer_people: list[str] = []
    for turn in history:
        content = str(turn.get("content", ""))
        if turn.get("role") == "user" and content.strip():
            previous = _resolve_turn(content, previous, previous_answer_people, directory)
            previous_answer_people = []
        elif turn.get("role") == "assistant":
            previous_answer_people = directory.people_in(content)
    return _resolve_turn(question, previous, previous_answer_people, directory)


def _resolve_turn(
    question: str,
    previous: ResolvedQuestion | None,
    previous_answer_people: list[str],
    directory: PeopleDirectory,
) -> ResolvedQuestion:
    mentions = directory.mentions(question)
    unknown = directory.unknown_names(question)
    named = sorted({p for m in mentions for p in m.people}, key=directory.people.index)
    ellipsis = _ELLIPSIS.match(question)
    if previous is not None and ellipsis and (named or unknown):
        rest = ellipsis.group("rest") or ellipsis.group("rest2") or ""
        if _only_names(rest, directory):
            return ResolvedQuestion(
                _retarget(previous.text, named or unknown, directory), named or None, True, unknown
            )
    if named:
        return ResolvedQuestion(question, named, not _asks_which(question), unknown)
    if previous is not None and ellipsis and not unknown:
        # "And at Google?": the same people as before, asked about something new.
        earlier = previous.people or previous_answer_people
        if earlier:
            return ResolvedQuestion(question, earlier, previous.each, unknown)
    words = {w.lower() for w in _WORD.findall(question)}
    if previous is not None and words & _PRONOUNS:
        earlier = previous.people if previous.people else previous_answer_people
        if earlier:
            plural = bool(words & _PLURAL_PRONOUNS)
            return ResolvedQuestion(
                question, earlier, not plural and not _asks_which(question), unknown
            )
    return ResolvedQuestion(question, None, False, unknown)


def _capitalised_runs(text: str) -> list[list[str]]:
    """Runs of capitalised words separated by single spaces: candidate names."""
    runs: list[list[str]] = []
    current: list[str] = []
    last_end = -1
    for match in _WORD.finditer(text):
        word = _strip_possessive(match.group())
        adjacent = last_end >= 0 and text[last_end : match.start()] == " "
        if word[:1].isupper():
            if not adjacent and current:
                runs.append(current)
                current = []
            current.append(word)
        elif current:
            runs.append(current)
            current = []
        last_end = match.end() if word[:1].isupper() else -1
    if current:
        runs.append(current)
    return runs


def _only_names(rest: str, directory: PeopleDirectory) -> bool:
    leftover = rest
    for mention in sorted(directory.mentions(rest), key=lambda m: -m.start):
        leftover = leftover[: mention.start] + leftover[mention.end :]
    for name in directory.unknown_names(rest):
        leftover = leftover.replace(name, "")
    return not tokenize(leftover)


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


def without_names(text: str, directory: PeopleDirectory) -> str:
    """`text` with the people it names replaced by "this person".

    Once the search is limited to a person's passages their name carries no information, and
    left in the query it would make every passage that repeats the name look relevant.
    """
    for mention in sorted(directory.mentions(text), key=lambda m: -m.start):
        text = text[: mention.start] + "this person" + text[mention.end :]
    return text


def _asks_which(question: str) -> bool:
    return bool(re.match(r"^\s*(which|who)\b", question, re.IGNORECASE))


def _strip_possessive(word: str) -> str:
    return re.sub(r"(?:'s|’s|'|’)$", "", word).rstrip(".")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def clean_question(question: str, max_chars: int) -> tuple[str, str]:
    """The question without control characters, cut to `max_chars`; and a notice if cut."""
    if not isinstance(question, str):
        raise QuestionError("The question must be text.")
    text = "".join(ch if ch.isprintable() else " " for ch in question)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QuestionError("Please type a question; an empty one cannot be answered.")
    if len(text) > max_chars:
        return text[:max_chars], f"the question was cut to its first {max_chars} characters"
    return text, ""


class ProfileChat:
    """Ask questions about the people in an index.

    bot = ProfileChat.open("index")
    answer = bot.ask("Where did Zhipeng Jia do his PhD?")
    answer.text, answer.found, answer.people, answer.sources
    """

    def __init__(self, store: IndexStore, embedder: Embedder, config: Config) -> None:
        self.config = config
        self.embedder = embedder
        self._lock = threading.Lock()
        self._engine = self._build_engine(store)

    @classmethod
    def open(
        cls,
        index_dir: str | Path | None = None,
        config: Config | None = None,
        embedder: Embedder | None = None,
    ) -> ProfileChat:
        config = (config or Config.from_env()).with_(
            index_dir=Path(index_dir) if index_dir else None
        )
        store = IndexStore.load(config.index_dir, config.approximate_above)
        store.check_model(config.model)
        embedder = embedder or load_embedder(config.model, config.batch_size)
        return cls(store, embedder, config)

    @property
    def store(self) -> IndexStore:
        return self._engine[0]

    @property
    def people(self) -> list[str]:
        return self._engine[2].people

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
    ) -> Answer:
        """Answer `question`, reading follow-ups against `history` (role/content messages)."""
        engine = self._engine  # one consistent snapshot of the index for this question
        store, retriever, directory = engine
        text, notice = clean_question(question, self.config.max_question_chars)
        resolved = self._resolve(text, history, person, directory)
        if resolved.unknown and not resolved.people:
            names = ", ".join(resolved.unknown)
            return not_found(text, [], notice, f"The profiles do not mention {names}.")
        _, vector, hits = self._search(engine, resolved, k or self.config.top_k)
        terms = set(tokenize(resolved.text)) - directory.name_terms
        query = QueryTerms.build(resolved.text, terms, retriever.idf)
        sentences = score_sentences(store, hits, vector, query)
        chosen = select_sentences(
            sentences, resolved.people or [], resolved.each, self.config, query, hits
        )
        return compose_answer(text, chosen, labelled=True, notice=notice)

    def retrieve(
        self, question: str, history: list[dict[str, Any]] | None = None, k: int | None = None
    ) -> list[Hit]:
        """The passages `ask` would read for `question`, best first (for evaluation)."""
        engine = self._engine
        text, _ = clean_question(question, self.config.max_question_chars)
        resolved = self._resolve(text, history, None, engine[2])
        return self._search(engine, resolved, k or self.config.top_k)[2]

    @contextlib.contextmanager
    def retrieval_mode(self, mode: str) -> Iterator[None]:
        """Temporarily search with "dense" or "bm25" only, to compare against "hybrid"."""
        retriever = self._engine[1]
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
        directory: PeopleDirectory,
    ) -> ResolvedQuestion:
        resolved = resolve(text, list(history or []), directory)
        if person and person in directory.people:
            resolved.people, resolved.each = [person], True
        return resolved

    def _search(
        self, engine: Engine, resolved: ResolvedQuestion, k: int
    ) -> tuple[str, np.ndarray, list[Hit]]:
        _, retriever, directory = engine
        people = resolved.people
        query = without_names(resolved.text, directory) if people else resolved.text
        vector = retriever.embed_query(query)
        if people is not None and resolved.each and len(people) > 1:
            # Retrieve per person so one person's passages cannot crowd out the other's.
            hits = [h for p in people for h in retriever.retrieve(query, k, [p], vector).hits]
        else:
            hits = retriever.retrieve(query, k, people, vector).hits
        return query, vector, hits

    def _build_engine(self, store: IndexStore) -> Engine:
        retriever = Retriever(store, self.embedder)
        return store, retriever, PeopleDirectory(list(store.people), retriever.vocabulary)
