"""Names in questions: which indexed people a text mentions, and which names it uses that the
index does not know.

`PeopleDirectory` matches full names, surnames, first names (shared ones refer to everyone who
has them) and "Surname Firstname" orders, accent- and case-insensitively, with possessives
("Lima's") removed. A capitalised run of words that is neither an indexed name nor made of words
the corpus uses is an unknown name ("Geoffrey Hinton"): such a question is about someone the
profiles do not cover.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from .text import STOPWORDS, tokenize

# A word as names are written: letters first, then letters, digits, apostrophes, dots, hyphens.
WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
# Words that start questions or join them: capitalised at the start of a question, never names.
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

# Words that open a sentence capitalised without being names, even when someone is called so.
_COMMON_WORDS = frozenset(STOPWORDS | _QUESTION_WORDS)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    people: tuple[str, ...]


class PeopleDirectory:
    """Finds mentions of indexed people in text: full names, surnames, unique first names."""

    def __init__(
        self,
        people: list[str],
        vocabulary: frozenset[str] = frozenset(),
        ordinary_words: frozenset[str] = frozenset(),
    ) -> None:
        self.people = list(people)
        self.vocabulary = vocabulary
        # Words the documents write in lower case: never a name, even in a lower-case question.
        self.ordinary_words = ordinary_words
        self._aliases: dict[tuple[str, ...], set[str]] = {}
        for person in self.people:
            # Read as mentions read a question ("Y." and "Y" are one initial).
            words = tuple(fold(strip_possessive(w)) for w in WORD.findall(person))
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
        self._alias_words = frozenset(w for alias in self._aliases for w in alias)
        self._full_names: dict[tuple[str, ...], list[str]] = {}
        for person in self.people:
            self._full_names.setdefault(tuple(fold(w) for w in WORD.findall(person)), []).append(
                person
            )
        self._longest_full = max((len(n) for n in self._full_names), default=1)
        # Words of people's names: never content words of a question (computed once per index).
        self.name_terms = frozenset(t for person in self.people for t in tokenize(person))

    def mentions(self, text: str) -> list[Mention]:
        words = [(m.start(), strip_possessive(m.group()), m.group()) for m in WORD.finditer(text)]
        found: list[Mention] = []
        i = 0
        while i < len(words):
            for length in range(min(self._longest, len(words) - i), 0, -1):
                key = tuple(fold(w[1]) for w in words[i : i + length])
                people = self._aliases.get(key)
                if (
                    people
                    and self._plausible(words, i, length, text)
                    and (_first_names_only(people) or not self._other_person(words, i + length))
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
        such as "Geoffrey Hinton", or the "Li" of "Ana Li" when Ana Lima is indexed."""
        names: list[str] = []
        for run in capitalised_runs(text):
            while run and run[0].lower() in _QUESTION_WORDS:
                run = run[1:]
            if len(run) < 2 or self._is_indexed_name(run):
                continue
            if any(not self._known_word(w) for w in run):
                names.append(" ".join(run))
        return names

    def people_in(self, text: str) -> list[str]:
        """Indexed people named by full name in `text` (used to read earlier answers).

        One pass over the words of `text`, looking up each run of words among the full names:
        the cost does not grow with the number of people."""
        words = [fold(strip_possessive(w)) for w in WORD.findall(text)]
        found: set[str] = set()
        for start in range(len(words)):
            for length in range(1, min(self._longest_full, len(words) - start) + 1):
                found.update(self._full_names.get(tuple(words[start : start + length]), ()))
        return [p for p in self.people if p in found]

    def _known_word(self, word: str) -> bool:
        return fold(word) in self._alias_words or any(t in self.vocabulary for t in tokenize(word))

    def _other_person(self, words: list[tuple[int, str, str]], after: int) -> bool:
        """ "Ana Li": a first name followed by an unknown capitalised word is someone else."""
        if after >= len(words):
            return False
        word = words[after][1]
        return word[:1].isupper() and not self._known_word(word)

    def _is_indexed_name(self, words: list[str]) -> bool:
        return tuple(fold(w) for w in words) in self._aliases

    def _plausible(self, words: list[tuple[int, str, str]], i: int, length: int, text: str) -> bool:
        """Whether words that match an alias are meant as a name. Several words ("david law")
        are a full-name mention. One word is a name when capitalised ("law" and "rose" are
        ordinary words), but not when it opens a sentence and is a question or common word
        ("Where did …" with someone called Where). In a question typed all in lower case,
        capitals say nothing: there a word is a name unless it is a common word or one the
        documents themselves write in lower case ("what's barron working on")."""
        if length > 1:
            return True
        word = words[i][1]
        if word[:1].isupper():
            return not (_starts_sentence(text, words, i) and word.lower() in _COMMON_WORDS)
        lowered = word.lower()
        return (
            text == text.lower()
            and lowered not in _COMMON_WORDS
            and lowered not in self.ordinary_words
        )


def ordinary_words(texts: list[str]) -> frozenset[str]:
    """Words written in lower case in running text (not inside addresses or links)."""
    found: set[str] = set()
    for text in texts:
        found.update(_LOWER_WORD.findall(text))
    return frozenset(found)


_LOWER_WORD = re.compile(r"(?<![\w@./:-])[a-z][a-z'’-]+(?![\w@./:-])")


def _starts_sentence(text: str, words: list[tuple[int, str, str]], i: int) -> bool:
    if i == 0:
        return True
    previous_end = words[i - 1][0] + len(words[i - 1][2])
    gap = text[previous_end : words[i][0]]
    return any(mark in gap for mark in ".?!\n") or words[i - 1][2].endswith((".", "?", "!"))


def capitalised_runs(text: str) -> list[list[str]]:
    """Runs of capitalised words separated by single spaces: candidate names."""
    runs: list[list[str]] = []
    current: list[str] = []
    last_end = -1
    for match in WORD.finditer(text):
        word = strip_possessive(match.group())
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


def only_names(rest: str, directory: PeopleDirectory) -> bool:
    leftover = rest
    for mention in sorted(directory.mentions(rest), key=lambda m: -m.start):
        leftover = leftover[: mention.start] + leftover[mention.end :]
    for name in directory.unknown_names(rest):
        leftover = leftover.replace(name, "")
    return not tokenize(leftover)


def without_names(text: str, directory: PeopleDirectory) -> str:
    """`text` with the people it names replaced by "this person".

    Once the search is limited to a person's passages their name carries no information, and
    left in the query it would make every passage that repeats the name look relevant.
    """
    for mention in sorted(directory.mentions(text), key=lambda m: -m.start):
        text = text[: mention.start] + "this person" + text[mention.end :]
    return text


_POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)$")


# Every question's words are stripped and folded again for each alias length: memoised.
@functools.lru_cache(maxsize=1 << 14)
def strip_possessive(word: str) -> str:
    return _POSSESSIVE_END.sub("", word).rstrip(".")


@functools.lru_cache(maxsize=1 << 14)
def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def _first_names_only(people: set[str]) -> bool:
    """People known by one name only ("Awni"): "Awni Altabaa" is them with the surname their
    profile never gave, not someone else."""
    return all(len(WORD.findall(person)) == 1 for person in people)
