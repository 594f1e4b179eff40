"""Stage "chat session", follow-ups: a question that points back at the previous turn, written
out from the conversation's data.

The data are the previous question (already resolved), the people its answer was about (the
"people" of the assistant message) and the entries that answer quoted (its text between the
"[n]" citation markers). From them:
  - "when?", "where?", "who?" (a bare question word) ask the previous question again with that
    word: "Where did Ana Lima do her PhD?" → "when?" → "When did Ana Lima do her PhD?";
  - "and her master's?" swaps the degree, place or year of the previous question for the one it
    names: → "Where did Ana Lima do her master's?";
  - "there" is the place the previous question names, else the place of the entry its answer
    quoted: "who supervised her there?" → "who supervised her at Lakeside University?";
  - "before that", "after that" are relative to the entry the previous answer quoted (its text
    is the follow-up's `referent`, which time order anchors on);
  - "the first one", "that one", "the last one" are an entry the previous answer listed, quoted.
Everything here is English deixis and question syntax, nothing of any particular profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .facts import DEGREE, Fact
from .names import WORD, capitalised_runs, strip_possessive
from .text import tokenize

_CITATION = re.compile(r"\[\d+\]")
_CLOSING = " \t\r\n?.!"
# The kinds of fact that are entries of a CV: what an answer quotes and a follow-up points at.
ENTRY_KINDS = ("position", "experience", "education", "entry")
# The fields of a fact that name where it happened (an employer, a school).
PLACE_FIELDS = ("organisation", "institution")
# Question words a follow-up may consist of, with an optional "and"/"so" before ("and when?").
_BARE_QUESTION = re.compile(
    r"(?:(?:and|so|ok|okay|but)[\s,]+)?(?P<wh>when|where|who|whom|why|how|with\s+whom"
    r"|since\s+when|until\s+when|how\s+long|(?:which|what)\s+year|in\s+which\s+year)",
    re.IGNORECASE,
)
# The words a question starts with: a question word (replaced by a bare follow-up's) or an
# auxiliary verb (a yes/no question, which the bare question word goes before).
_LEADING_WH = re.compile(
    r"^\W*(?:(?:in|at|from|with|for)\s+)?(?:who(?:m|se)?|what|where|when|which|why|how(?:\s+(?:long|many|much))?)"
    r"(?:\s+(?:year|years|one|company|university|school|institution|place|lab|team))?\b",
    re.IGNORECASE,
)
_LEADING_AUXILIARY = re.compile(
    r"^\W*(?:is|are|was|were|does|do|did|has|have|had|can|could|will|would)\b", re.IGNORECASE
)
# "there" as a place ("who supervised him there?"), not the existential "is there …", "there
# were …" (a lookaround on the neighbouring verb of being or having).
_THERE = re.compile(
    r"(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bwere\s)\bthere\b"
    r"(?!\s+(?:is|are|was|were|has|have|had)\b|['’]s\b)",
    re.IGNORECASE,
)
# Time order relative to what the previous answer said: "before that", "after then".
_RELATIVE_TIME = re.compile(
    r"\b(?:before|after|prior\s+to|since|until|following)\s+(?:that|then|this|it)\b", re.IGNORECASE
)
# An entry the previous answer listed: "that one", "the first one", "the second paper".
_ORDINALS = {"first": 0, "second": 1, "third": 2, "last": -1, "latter": -1, "former": 0}
_LISTED_ONE = re.compile(
    r"\b(?:(?:the\s+)?(?P<ordinal>first|second|third|last|latter|former)|that|this)\s+"
    r"(?:one|entry|paper|award|job|position|role|degree|course|talk|item)\b",
    re.IGNORECASE,
)
# An entry quoted in place of "the first one" is cut to about a title's length.
MAX_REFERENT_WORDS = 16
# Possessive pronouns an elliptical follow-up puts before what it asks ("and her master's?").
_POSSESSIVES = {"his", "her", "their", "its", "my", "your"}


@dataclass(frozen=True)
class FollowUp:
    """A follow-up written out: the question to answer, and the previous answer's entry it
    is relative to ("" when none)."""

    text: str
    referent: str = ""


def answer_quotes(message: dict[str, Any]) -> list[str]:
    """The quoted entries of an earlier answer, in order: its text between citation markers,
    without the "Person (file): " labels. None for an answer that found nothing."""
    people = message.get("people")
    if message.get("found") is False or (isinstance(people, list) and not people):
        return []
    labels = [p for p in people if isinstance(p, str)] if isinstance(people, list) else []
    quotes: list[str] = []
    for line in str(message.get("content", "")).splitlines():
        for person in labels:
            label = re.match(rf"{re.escape(person)}(?: \([^()\n]*\))?: ", line)
            if label:
                line = line[label.end() :]
                break
        for piece in _CITATION.split(line):
            piece = piece.strip(" ;,")
            piece = re.sub(r"^(?:Yes|No)\s+—\s+", "", piece)
            if tokenize(piece):
                quotes.append(piece)
    return quotes


def _folded(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def quoted_facts(quotes: list[str], facts: list[Fact]) -> list[Fact]:
    """The entries (positions, degrees, list entries) that `quotes` quote, in quote order: a
    fact whose text is within a quote, or a quote within the fact's whole entry."""
    entries = [f for f in facts if f.kind in ENTRY_KINDS and tokenize(f.text)]
    found: list[Fact] = []
    for quote in quotes:
        folded = _folded(quote)
        for fact in entries:
            whole = _folded(fact.fields.get("entry", "") or fact.text)
            if fact not in found and (_folded(fact.text) in folded or folded in whole):
                found.append(fact)
    return found


def place_in(text: str, facts: list[Fact]) -> str:
    """Of the places the facts name (employers, schools), the one `text` mentions first."""
    folded = text.casefold()
    found: list[tuple[int, int, str]] = []
    for fact in facts:
        for name in (fact.fields.get(key, "").strip(" ,.;") for key in PLACE_FIELDS):
            at = folded.find(name.casefold()) if name else -1
            if at >= 0:
                found.append((at, -len(name), name))
    return min(found)[2] if found else ""


def named_place(question: str, name_terms: frozenset[str]) -> str:
    """A place or organisation a question names: its first run of capitalised words that names
    no indexed person and no degree ("Google DeepMind" of "Did Ana Lima intern at Google
    DeepMind?"); the question's first word is capitalised by sentence case, not as a name."""
    first = WORD.search(question)
    for number, run in enumerate(capitalised_runs(question)):
        if number == 0 and first and run[0] == strip_possessive(first.group()):
            run = run[1:]
        words = [w for w in run if not set(tokenize(w)) <= name_terms]
        phrase = " ".join(words)
        if words and tokenize(phrase) and not DEGREE.search(phrase):
            return phrase
    return ""


def rewrite(
    question: str,
    previous: str,
    quotes: list[str],
    facts: list[Fact],
    name_terms: frozenset[str],
) -> FollowUp:
    """`question`, a follow-up about the people of the previous turn, written out against the
    previous question `previous`, the entries its answer quoted and those people's facts."""
    bare = _BARE_QUESTION.fullmatch(question.strip().rstrip(_CLOSING))
    if bare and previous:
        return FollowUp(with_question_word(previous, bare.group("wh")))
    swapped = swapped_detail(question, previous, name_terms)
    if swapped:
        return FollowUp(swapped)
    referents = quoted_facts(quotes, facts)
    text = question
    listed = _LISTED_ONE.search(text)
    if listed and quotes:
        ordinal = _ORDINALS.get((listed.group("ordinal") or "").lower(), 0)
        entry = quotes[ordinal] if -len(quotes) <= ordinal < len(quotes) else quotes[0]
        title = " ".join(entry.split()[:MAX_REFERENT_WORDS])
        text = f"{text[: listed.start()]}“{title}”{text[listed.end() :]}"
        return FollowUp(text, entry)
    if _THERE.search(text):
        answered = place_in(" ".join(quotes), referents or facts)
        asked = place_in(previous, facts) or named_place(previous, name_terms)
        # "Where did he work before Acme?" → "what was his role there?": the place the answer
        # gave, not the one the question named; after "Did he intern at Acme?", Acme
        place = (answered or asked) if asks_for_place(previous) else (asked or answered)
        if place:
            text = _THERE.sub(lambda _: f"at {place}", text)
    if _RELATIVE_TIME.search(text) and referents:
        return FollowUp(text, referents[0].fields.get("entry") or referents[0].text)
    return FollowUp(text)


def is_bare_question(question: str) -> bool:
    """ "When?", "and where?": a question word alone, asking the previous question again."""
    return bool(_BARE_QUESTION.fullmatch(question.strip().rstrip(_CLOSING)))


# A question asking for a place: "where …", "which company/university/lab …".
_ASKS_PLACE = re.compile(
    r"^\W*(?:where\b|(?:which|what)\s+(?:company|companies|university|universities|school|college"
    r"|institution|lab|laboratory|group|team|organi[sz]ation|employer|firm|city|country)\b)",
    re.IGNORECASE,
)


def asks_for_place(question: str) -> bool:
    return bool(_ASKS_PLACE.search(question))


def with_question_word(previous: str, wh: str) -> str:
    """The previous question asked with another question word: "Where did she study?" with
    "when" → "When did she study?"; "Did she intern at Acme?" with "when" → "When did she
    intern at Acme?"."""
    word = " ".join(wh.split()).lower()
    stripped = previous.strip()
    leading = _LEADING_WH.match(stripped)
    if leading and _LEADING_AUXILIARY.match(stripped[leading.end() :]):
        rest = stripped[leading.end() :].lstrip()
    elif _LEADING_AUXILIARY.match(stripped):
        rest = stripped[0].lower() + stripped[1:]
    else:  # "Who advised her?": no clause to put the word before; both are searched
        return f"{word.capitalize()}? {stripped}"
    return f"{word.capitalize()} {rest}"


def swapped_detail(question: str, previous: str, name_terms: frozenset[str]) -> str:
    """ "and her master's?" after "Where did she do her PhD?" → "Where did she do her
    master's?": an elliptical follow-up naming only a degree, a year or a place puts it in
    place of the previous question's of the same kind; "" when it names something else."""
    words = question.strip().rstrip(_CLOSING).split()
    while words and words[0].lower().strip(",") in {"and", "also", "so", "ok", "okay", "but"}:
        words = words[1:]
    if words[:2] and " ".join(words[:2]).lower() in {"what about", "how about"}:
        words = words[2:]
    while words and words[0].lower() in _POSSESSIVES | {"the", "a", "an"}:
        words = words[1:]
    rest = " ".join(words)
    if not rest or not previous:
        return ""
    degree, before = DEGREE.fullmatch(rest), DEGREE.search(previous)
    if degree and before:
        return f"{previous[: before.start()]}{rest}{previous[before.end() :]}"
    year, earlier_year = (
        re.fullmatch(r"(?:19|20)\d\d", rest),
        re.search(r"\b(?:19|20)\d\d\b", previous),
    )
    if year and earlier_year:
        return f"{previous[: earlier_year.start()]}{rest}{previous[earlier_year.end() :]}"
    place = named_place(previous, name_terms)
    runs = capitalised_runs(rest)
    if place and len(runs) == 1 and " ".join(runs[0]) == rest.removeprefix("at ").strip():
        return previous.replace(place, " ".join(runs[0]), 1)
    return ""
