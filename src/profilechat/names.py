"""Names: the other names a document gives its person (aliases, read at index time), which
indexed people a text mentions, and which names it uses that the index does not know.

`PeopleDirectory` matches full names, surnames, first names (shared ones refer to everyone who
has them) and "Surname Firstname" orders, accent- and case-insensitively, with possessives
("Lima's") removed, for each person's display name and for every alias their documents state
("Ben (Bo) Li" is also Bo Li; "Wei Chen (陈伟)" also 陈伟; a name in Cyrillic or Greek
also its Latin spelling). A capitalised run of words that is neither an indexed name nor made of
words the corpus uses is an unknown name ("Geoffrey Hinton"): such a question is about someone
the profiles do not cover.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .facts import Fact
from .people import identity_key, is_unknown
from .text import STOPWORDS, tokenize
from .types import Document

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
        aliases: dict[str, list[str]] | None = None,
        capitalised_words: frozenset[str] = frozenset(),
        name_pairs: Callable[[], frozenset[str]] | None = None,
    ) -> None:
        self.people = list(people)
        self.vocabulary = vocabulary
        # Words the documents write in lower case: never a name, even in a lower-case question.
        self.ordinary_words = ordinary_words
        # Words the documents write capitalised: a name typed in lower case in a question that is
        # otherwise capitalised ("who was zur's MS advisor") is one of them.
        self.capitalised_words = capitalised_words
        # Reads the adjacent capitalised words of the documents ("daniel park"), on first need:
        # few questions need them, and reading them costs a pass over every passage.
        self._read_name_pairs = name_pairs
        # The other names each person's documents give them ("Bo Li" for "Ben Li").
        self.aliases = {p: list(a) for p, a in (aliases or {}).items() if p in set(self.people)}
        self._aliases: dict[tuple[str, ...], set[str]] = {}
        self._full_names: dict[tuple[str, ...], list[str]] = {}
        for person in self.people:
            for name in [person, *self.aliases.get(person, [])]:
                self._add_name(person, name)
        self._longest = max((len(a) for a in self._aliases), default=1)
        self._alias_words = frozenset(w for alias in self._aliases for w in alias)
        self._longest_full = max((len(n) for n in self._full_names), default=1)
        # Words of people's names: never content words of a question (computed once per index).
        self.name_terms = frozenset(
            t
            for person in self.people
            for name in [person, *self.aliases.get(person, [])]
            for t in tokenize(name)
        )

    def _add_name(self, person: str, name: str) -> None:
        # Read as mentions read a question ("Y." and "Y" are one initial).
        words = tuple(fold(strip_possessive(w)) for w in WORD.findall(name))
        if not words:
            return
        variants = {words}
        if len(words) >= 2:
            variants |= {(words[0],), (words[-1],), (words[0], words[-1]), (words[-1], words[0])}
        for variant in variants:
            self._aliases.setdefault(variant, set()).add(person)
        full = tuple(fold(w) for w in WORD.findall(name))
        if person not in self._full_names.setdefault(full, []):
            self._full_names[full].append(person)

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
            if any(not self._known_word(w) for w in run) or self._never_written(run):
                names.append(" ".join(run))
        return names

    def _never_written(self, run: list[str]) -> bool:
        """ "Dan Rook" when the documents hold a Dan and a Rook but never the two
        together: a name the index does not hold, though each word is in some author list. Only
        for runs of words the documents never write in lower case — an organisation's words
        ("Google Research", "Lakeside University") often are, and may be combined anew."""
        if self._read_name_pairs is None or any(fold(w) in self.ordinary_words for w in run):
            return False
        folded = [fold(w).rstrip(".") for w in run]
        folded = [w for w in folded if len(w) > 1]  # initials, as `_pairs_in` reads them
        return len(folded) > 1 and not any(
            f"{a} {b}" in self._name_pairs for a, b in itertools.pairwise(folded)
        )

    @functools.cached_property
    def _name_pairs(self) -> frozenset[str]:
        return self._read_name_pairs() if self._read_name_pairs else frozenset()

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
        ("Where did …" with someone called Where). A word in lower case is a name unless it is
        a common word or one the documents use as an ordinary word (`word_cases`): in a question
        typed all in lower case, where capitals say nothing ("what's barron working on"), and
        elsewhere when the documents write it capitalised ("who was zur's MS advisor")."""
        if length > 1:
            return True
        word = words[i][1]
        if word[:1].isupper():
            return not (_starts_sentence(text, words, i) and word.lower() in _COMMON_WORDS)
        lowered = word.lower()
        if lowered in _COMMON_WORDS or lowered in self.ordinary_words:
            return False
        return text == text.lower() or lowered in self.capitalised_words


@dataclass(frozen=True)
class WordCases:
    """How the documents of an index write their words, for reading names typed in lower case."""

    ordinary: frozenset[str]  # used as ordinary words: a lower-case form is not a name
    capitalised: frozenset[str]  # words of people's names written capitalised somewhere


def word_cases(texts: list[tuple[str, str]], people: list[str]) -> WordCases:
    """From (person, text) pairs, words written in lower case in running text (not inside
    addresses or links). A word of someone's name is ordinary only when the documents of two or
    more people write it in lower case, or the documents of a person whose name it is ("studied
    law" in David Law's CV): one profile writing "(aida)" as an acronym does not make "aida" an
    ordinary word for a question about Aida. One pass; memory grows with the vocabulary, not
    with people times words."""
    name_words = {word.lower() for person in people for word in WORD.findall(person)}
    capital_forms = {word.capitalize(): word for word in name_words}
    own_words = {person: {w.lower() for w in WORD.findall(person)} for person in people}
    seen: set[str] = set()  # every word, either case: set operations keep the pass in C
    ordinary_names: set[str] = set()
    first_writer: dict[str, str] = {}
    capitalised: set[str] = set()
    for person, text in texts:
        found = set(_CASED_WORD.findall(text))
        seen |= found
        capitalised.update(capital_forms[w] for w in found & capital_forms.keys())
        own = own_words.get(person, set())
        for word in found & name_words:  # a name word written in lower case
            if word in own or first_writer.setdefault(word, person) != person:
                ordinary_names.add(word)
    ordinary = (seen - name_words) | ordinary_names
    return WordCases(frozenset(ordinary), frozenset(capitalised))


# Runs of capitalised words and initials: "Daniel J. Park", "Lakeside University".
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’-]*\.?(?:[ \t]+[A-Z][\w'’-]*\.?)+")


def name_pairs(texts: Iterable[str]) -> frozenset[str]:
    """Every two capitalised words the texts write one after the other (`_pairs_in`)."""
    return frozenset(pair for text in texts for pair in _pairs_in(text))


def _pairs_in(text: str) -> Iterator[str]:
    """Each two capitalised words a text writes one after the other, folded, possessives and
    initials between them skipped ("Daniel J. Park" gives "daniel park"); a double-barrelled
    word pairs with each of its parts too ("Marie Skłodowska-Curie": "marie curie")."""
    for run in _CAPITALISED_RUN.findall(text):
        words = [strip_possessive(w.rstrip(".")) for w in fold(run).split()]
        words = [w for w in words if len(w) > 1]  # initials
        for a, b in itertools.pairwise(words):
            yield f"{a} {b}"
            if "-" in a or "-" in b:
                for left in {a, a.rsplit("-", 1)[-1]}:
                    for right in {b, *b.split("-")}:
                        yield f"{left} {right}"


# A word in lower case or capitalised, in running text (not inside addresses or links).
_CASED_WORD = re.compile(r"(?<![\w@./:-])[A-Za-z][a-z'’-]+(?![\w@./:-])")


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
    """People known by one name only ("Ana"): "Ana Lima" is them with the surname their
    profile never gave, not someone else."""
    return all(len(WORD.findall(person)) == 1 for person in people)


def as_indexed(text: str, directory: PeopleDirectory) -> str:
    """`text` with a name written more fully than the index knows it — given names before a
    known surname, "Jin-Soo Park" for the person filed as Ben Park — in its indexed form,
    so that the given names are not read as things asked about."""
    for mention in sorted(directory.mentions(text), key=lambda m: -m.start):
        if len(mention.people) != 1:
            continue
        start = _given_names_start(text, mention.start)
        if start < mention.start:
            text = text[:start] + mention.people[0] + text[mention.end :]
    return text


def _given_names_start(text: str, end: int) -> int:
    """Where the capitalised words written right before offset `end` begin (one space
    between each): "Tell me about Jin-Soo |Park" → "Jin-Soo". A word that opens the
    question or a sentence is capitalised for that reason ("Summarize Lima's career")."""
    start = end
    for match in reversed(list(WORD.finditer(text[:end]))):
        word = match.group()
        if text[match.end() : start] != " " or not word[:1].isupper():
            break
        before = text[: match.start()].rstrip()
        if not before or before[-1] in ".?!:\n" or fold(word) in _COMMON_WORDS:
            break
        start = match.start()
    return start


# --------------------------------------------------------------------------- aliases


ALIAS = "alias"  # the fact kind under which a document's other names for its person are stored
# Where a document states its person's name, if anywhere: its first lines.
_ALIAS_LINES = 8
# "Ben (Bo) Li", "Wei Chen (陈伟)", "Al(exander) Roe": a name with an aside in brackets.
_ASIDE = re.compile(r"(?P<space>\s?)[(（](?P<aside>[^()（）\n]{1,40})[)）]")
# Latin spellings of the Cyrillic and Greek alphabets (BGN/PCGN, simplified): a name written in
# them is also found when a question spells it in Latin letters ("Nikita" for "Никита").
_TO_LATIN = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye", strict=True)),
        **{"ё": "yo", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
        **{"ю": "yu", "я": "ya", "ъ": "", "ь": "", "і": "i", "ї": "yi", "є": "ye", "ґ": "g"},
        **{"ў": "w", "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz"},
        **dict(zip("αβγδεζηικλμνξοπρσςτυφω", "abgdeziiklmnxoprsstyfo", strict=True)),
        **{"θ": "th", "χ": "ch", "ψ": "ps", "ά": "a", "έ": "e", "ή": "i", "ί": "i", "ό": "o"},
        **{"ύ": "y", "ώ": "o", "ϊ": "i", "ϋ": "y", "ΐ": "i", "ΰ": "y"},
    }
)


def name_aliases(text: str, person: str, title: str = "") -> list[tuple[str, int, int]]:
    """The other names a document gives `person` where it states their name (its first lines
    or page title), each with the span that says so (-1, -1 for the title):
      - a given name in brackets: "Ben (Bo) Li" → Bo Li;
      - a completion in brackets: "Al(exander) Roe" → Alexander Roe;
      - a name in another script beside it: "Wei Chen (陈伟)" → 陈伟;
      - the Latin spelling of a Cyrillic or Greek name: "Иван" → Ivan.
    """
    found: dict[str, tuple[int, int]] = {}
    offset = 0
    lines = []
    for line in text.split("\n"):
        if line.strip():
            lines.append((line, offset))
        offset += len(line) + 1
    for line, start in [*lines[:_ALIAS_LINES], (title, -1)]:
        for alias in _asides_naming(line, person):
            span = (start, start + len(line)) if start >= 0 else (-1, -1)
            found.setdefault(alias, span)
    for name in [person, *found]:
        latin = transliterated(name)
        if latin != name:
            found.setdefault(latin, found.get(name, (-1, -1)))
    found.pop(person, None)
    return [(alias, start, end) for alias, (start, end) in found.items()]


def transliterated(name: str) -> str:
    """`name` with Cyrillic and Greek letters spelt in Latin ones, capitals kept."""
    return "".join(
        spelt.capitalize() if ch.isupper() else spelt
        for ch in name
        for spelt in [ch.lower().translate(_TO_LATIN)]
    )


def _asides_naming(line: str, person: str) -> list[str]:
    """The names `line` gives `person` in a bracketed aside, when without its asides the line
    is `person`'s name."""
    line = line.strip().lstrip("#").strip(" \t*_=`~")
    asides = list(_ASIDE.finditer(line))
    if not asides or len(line) > 80:
        return []
    bare = " ".join(_ASIDE.sub("", line).split())
    words = bare.split()
    if identity_key(person) is None or not words:
        return []
    if identity_key(bare) != identity_key(person):
        # "Jin-Soo (Ben) Park" on the page of the person filed as Ben Park.
        known_by_aside = any(
            identity_key(f"{m.group('aside')} {words[-1]}") == identity_key(person) for m in asides
        )
        return [bare] if known_by_aside and identity_key(bare) else []
    aliases: list[str] = []
    for match in asides:
        aside = match.group("aside").strip()
        if not any(ch.isalpha() for ch in aside) or any(ch.isdigit() for ch in aside):
            continue
        before = line[: match.start()].split()
        if not match.group("space") and before:  # "Mo(hamed)": the rest of the word
            completed = before[-1] + aside
            aliases.append(" ".join(completed if w == before[-1] else w for w in words))
        elif not _same_script(aside, bare):  # "(侯凯希)": the name in its own script
            aliases.append(aside)
        elif len(aside.split()) == 1 and len(before) < len(words):  # "Ben (Bo) Li"
            aliases.append(" ".join([aside, *words[len(before) :]]))
        elif len(aside.split()) >= 2:  # "Jane Doe (Jane Q. Public)": another full name
            aliases.append(aside)
    return [a for a in aliases if a != bare]


def _same_script(a: str, b: str) -> bool:
    def script(text: str) -> set[str]:
        return {unicodedata.name(ch, "?").split()[0] for ch in text if ch.isalpha()}

    return bool(script(a) & script(b))


def alias_facts(doc: Document) -> list[Fact]:
    """`doc`'s other names for its person as profile facts of kind "alias" (stored with the
    document's other facts; the index's PeopleDirectory reads them)."""
    if not doc.person or is_unknown(doc.person):
        return []
    title = doc.metadata.get("title")
    found = name_aliases(doc.text, doc.person, title if isinstance(title, str) else "")
    return [Fact(ALIAS, alias, doc.source, start, end) for alias, start, end in found]


def aliases_of(facts: list[Fact]) -> list[str]:
    """The aliases among a person's facts, each once."""
    return list(dict.fromkeys(f.text for f in facts if f.kind == ALIAS))
