"""Text utilities shared by the stages: words for search and scoring, sentences for answers.

Words: `tokenize` (normalised, lightly stemmed content words), `STOPWORDS`, the synonym groups
that let a question's word match a passage's (`with_synonyms`) and `inverse_document_frequency`.
Sentences: `unit_spans` (the sentences and list lines an answer is made of), `plain_text`
(Markdown removed) and `entry_title` (the line that introduces a list entry).
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter

from .structure import read_heading

STOPWORDS = frozenset(
    """a about above after again all am an and any are as at be been before being below between
    both but by can could did do does doing done during each else few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours out over own
    same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours anyone anybody someone somebody tell know
    please also ever any one them two let us get got give""".split()
)

# Words profiles and questions use for the same thing: general CV vocabulary, one group per
# part of a CV, so that a question's word matches a passage's in BM25 and when answer
# sentences are scored. Nothing here is for one question: personal details (birthplace,
# hobbies, ways to "get in touch") are left to the embedding, which sees paraphrase anyway.
SYNONYM_GROUPS = (
    "phd doctorate doctoral dissertation thesis",  # the doctorate and its thesis
    # who supervised a degree or a postdoc
    "advisor adviser supervisor supervised supervise advised mentor mentored mentorship",
    # education sections: "Where did she study?" is answered by a degree line
    "study studied studying degree education university college school graduated",
    "undergraduate undergrad bachelor bsc beng ba",  # first degrees
    "master msc ms",  # master's degrees
    "email e-mail mail",  # contact lines spell it several ways
    "phone telephone",  # contact lines
    "teach taught teaching course courses lecture lectures",  # teaching sections
    "award awarded prize medal honor honour fellowship won win",  # honours sections
    "paper publication article published",  # publication lists
    "language languages speak speaks spoken",  # skills sections
    "founded founder co-founded cofounded",  # company founders
    "lead led leads leading",  # past and present of a role verb
    "write wrote written author authored",  # authorship
    "begin began start started",  # dates of positions
    "company employer firm organization organisation startup",  # experience sections
    "job position role title",  # experience sections
    "postdoc postdoctoral",  # postdoctoral positions
)
_TOKEN = re.compile(r"[a-z0-9]+(?:[+#][a-z0-9+#]*)?")


_DOTTED_LETTERS = re.compile(r"\b((?:[a-z]\.){2,})")
_PH_D = re.compile(r"\bph\.\s?d\b")
_POSSESSIVE = re.compile(r"'s\b")


def normalise(text: str) -> str:
    """Lower-case, with dotted abbreviations closed up: "Ph.D." → "phd", "M.S." → "ms"."""
    text = text.lower().replace("’", "'")
    if "." in text:  # the substitutions only change text that has their character
        text = _DOTTED_LETTERS.sub(lambda m: m.group(1).replace(".", ""), text)
        text = _PH_D.sub("phd", text)
    return _POSSESSIVE.sub("", text) if "'" in text else text


@functools.lru_cache(maxsize=1 << 16)  # answering tokenizes every retrieved sentence
def stem(token: str) -> str:
    """A deliberately light stemmer: plurals only, so names stay recognisable."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 4 and token.endswith(("ses", "xes", "zes", "ches", "shes")):
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    """Content words of `text`, normalised and stemmed, stopwords dropped."""
    return [stem(t) for t in _TOKEN.findall(normalise(text)) if t not in STOPWORDS]


def inverse_document_frequency(documents: list[list[str]]) -> dict[str, float]:
    frequency = Counter(t for tokens in documents for t in set(tokens))
    count = max(len(documents), 1)
    return {t: math.log(1 + count / df) for t, df in frequency.items()}


def _synonym_index() -> dict[str, frozenset[str]]:
    index: dict[str, frozenset[str]] = {}
    for line in SYNONYM_GROUPS:
        group = frozenset(stem(word) for word in line.split())
        for word in group:
            index[word] = index.get(word, frozenset()) | group
    return index


SYNONYMS = _synonym_index()


# English verb endings, for a question's word that the index only has in another form:
# "interned" for "Intern", "supervises" for "supervisor" is not one (that is a synonym group).
_INFLECTIONS = (("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""))


def indexed_form(term: str, vocabulary: dict[str, float]) -> str:
    """`term`, or the form without its verb ending that `vocabulary` holds when it holds
    `term` in no form of its own."""
    if term in vocabulary or len(term) < 5:
        return term
    for ending, replacement in _INFLECTIONS:
        if term.endswith(ending):
            base = term[: -len(ending)] + replacement
            if base in vocabulary:
                return base
    return term


def with_synonyms(term: str) -> frozenset[str]:
    """`term` and the words of its synonym group."""
    return SYNONYMS.get(term, frozenset()) | {term}


# A sentence ends at . ! ? followed by space and a capital, unless the dot ends an abbreviation.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(\[]?[A-Z0-9])")
# Titles, Latin abbreviations and abbreviated months ("Sep. 2021"): a dot that ends no sentence.
_ABBREVIATIONS = (
    *("dr.", "mr.", "mrs.", "ms.", "prof.", "e.g.", "i.e.", "etc.", "st.", "jr.", "vs."),
    *("jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov."),
    "dec.",
)


def unit_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences and list lines in `text`: the pieces an answer is made of."""
    spans: list[tuple[int, int]] = []
    for start, end in _segments(text):
        segment = text[start:end]
        for s, e in _sentence_spans(segment):
            if _has_words(segment[s:e]):
                spans.append((start + s, start + e))
    return spans


def _segments(text: str) -> list[tuple[int, int]]:
    """Lines of `text`, except that hard-wrapped running text (PDFs, e-mail style text) is
    joined back into one segment. Titles and blank lines always separate segments."""
    segments: list[tuple[int, int]] = []
    previous = ""
    offset = 0
    for line in text.splitlines(keepends=True):
        start, end = offset, offset + len(line.rstrip("\r\n"))
        offset += len(line)
        content = text[start:end]
        heading = read_heading(content) if content.strip() else None
        if heading is not None:
            # a title says where, not what: never part of an answer; a left-column heading's
            # line goes on with its section's first line
            start += heading.body
            content = text[start:end]
        if not content.strip():
            previous = ""
            continue
        if previous and _wraps_onto(previous, content):
            segments[-1] = (segments[-1][0], end)
        else:
            segments.append((start, end))
        previous = content
    return segments


def _wraps_onto(previous: str, line: str) -> bool:
    """Does `previous` continue on `line`, as a sentence wrapped at a fixed width does?"""
    previous = previous.strip()
    return (
        len(previous) >= _WRAPPED_LINE_MIN
        and previous[-1] not in ".!?:;"
        and not _BULLET.match(line)
        and not _DATE_LINE.match(line)
    )


_BULLET = re.compile(r"^[ \t]*(?:[-*•·]|\d+[.)])[ \t]+", re.MULTILINE)
# Lines of running text wrapped at a fixed width are at least this long.
_WRAPPED_LINE_MIN = 40
_DATE_LINE = re.compile(
    r"^\W*(?:\d{4}\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4})",
    re.I | re.M,
)
_QUOTE_MARK = re.compile(r"^[ \t]*>[ \t]+", re.MULTILINE)  # a Markdown blockquote's "> "
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


@functools.lru_cache(maxsize=1 << 14)  # answers quote the same sentences for many questions
def plain_text(text: str) -> str:
    """Markdown syntax removed: links become their text, emphasis, bullets and quote marks go."""
    text = _QUOTE_MARK.sub("", _MARKDOWN_LINK.sub(r"\1", text))
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    return re.sub(r"\s+", " ", _BULLET.sub("", text)).strip()


def entry_title(text: str, start: int) -> str:
    """For a list item or a dated line, the line that introduces its entry ("Google, Seattle
    WA - Engineer"): "- Worked on RPC latency" or "May 2024 - now: Senior Engineer" mean
    little without it."""
    line_start = text.rfind("\n", 0, start) + 1
    if not (_BULLET.match(text, line_start) or _DATE_LINE.match(text, line_start)):
        return ""
    for line in reversed(text[:line_start].splitlines()):
        if line.strip() and not _BULLET.match(line) and not _DATE_LINE.match(line):
            heading = read_heading(line)
            candidate = plain_text(line[heading.body :] if heading else line)
            return candidate if len(candidate) <= 120 else ""
    return ""


def _sentence_spans(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(line):
        before = line[start : match.start()].lower()
        if before.endswith(_ABBREVIATIONS) or re.search(r"\b[a-z]\.$", before):
            continue
        spans.append(_strip_span(line, start, match.start()))
        start = match.end()
    spans.append(_strip_span(line, start, len(line)))
    return [(s, e) for s, e in spans if e > s]


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _has_words(text: str) -> bool:
    return sum(ch.isalnum() for ch in text) >= 3
