"""Answers from the entries of one kind of CV section: awards, teaching, service, students.

"What awards has she received?", "Which ISBA award did he win in 2024?", "What does she teach
at TCU?", "Which meeting did he organise in 2025?", "Does she hold a fellowship?": the entries
of the person's sections of the asked kind, each quoted whole, narrowed to those that name what
the question names — a year, a body written as words or as its acronym ("TCU" for "Texas
Christian University"), a kind of thing ("fellowship", "conference") — never the heading line
or the whole section when one entry is asked. "Which postdoc did he supervise?" reads the
people someone supervised (students sections and supervision headings).

Which words of a question must an answer hold? In "Which ISBA award did Rebaudo win in 2024?"
the noun phrase after "which" says what kind of thing is asked ("ISBA award") and the phrases
after the verb narrow it ("in 2024"); the verb itself ("win", "received", "organize") is only
the frame of the question: a list entry seldom repeats it. `frame_verb` finds that verb.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from .answer_kinds import (
    Quote,
    _ending_with_count,
    asked_things,
    asked_years,
    mentions_all,
)
from .structure import (
    ITEM_PER_DATE_KINDS,
    Entry,
    entries_of_text,
    is_date_only,
    parse_dates,
    read_heading,
    section_kind,
)
from .text import plain_text, stem, tokenize, unit_spans
from .types import Chunk

# The words a question uses for each kind of list section (structure.py's section kinds):
# general CV vocabulary, matched on whole words. "Students" is left to advisor questions'
# routing: "who supervised her" and "whom did she supervise" share their words.
_ASKED_SECTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "awards",
        re.compile(
            r"\b(?:awards?|awarded|prizes?|honou?rs?|fellowships?|scholarships?|grants?|medals?"
            r"|distinctions?|won|wins?)\b",
            re.I,
        ),
    ),
    (
        "teaching",
        re.compile(r"\b(?:teach(?:es|ing)?|taught|courses?|classes|lectur(?:e|es|ed|ing))\b", re.I),
    ),
    (
        "service",
        re.compile(
            r"\b(?:(?:co-?)?organi[sz](?:e|es|ed|ing|er|ers)|serves?|served|serving|committees?"
            r"|chair(?:ed|s)?|referee(?:d|s)?|editor(?:ial|s)?|societ(?:y|ies)|associations?"
            r"|members?|memberships?|belongs?|volunteer(?:ed|s)?)\b",
            re.I,
        ),
    ),
)
# The words that name a whole list section rather than one kind of its entries (a fellowship
# is an award, a workshop is not every service): they narrow nothing.
# Each word also as the tokenizer stems it and its plural ("courses" is read as "cours").
_WHOLE_SECTION_WORDS = frozenset(
    form
    for word in (
        "award honor honour prize distinction recognition achievement course class lecture "
        "teach taught teaching service activity"
    ).split()
    for form in (word, stem(word), stem(f"{word}s"))
)
# "Besides teaching, what does she do?": a question about what is not in the section named.
_EXCEPT = re.compile(r"\b(?:besides|apart\s+from|other\s+than|except|aside\s+from)\b", re.I)
# The auxiliary verbs of an inverted question ("has she", "did he", "does Jane").
_AUXILIARY = r"(?:has|have|had|did|does|do|is|are|was|were|will|would|can|could)"
# A word of a person's name: a letter that is no lower-case ASCII letter first ("Özdemir",
# "Şahin" as well as "Gordeev").
_NAME_WORD = r"(?![a-z])[^\W\d_][\w'’.-]*"
# "What/Which <noun phrase> <auxiliary> <subject> <verb> …?": the noun phrase names what is
# asked; the subject is a name (capitalised words, possibly possessive) or a pronoun.
_WH_NOUN_QUESTION = re.compile(
    rf"^\W*(?i:what|which)\s+(?P<phrase>(?:(?!(?i:{_AUXILIARY})\b)[\w'’+&.-]+\s+){{1,4}}?)"
    rf"(?i:{_AUXILIARY})\s+(?P<subject>(?:{_NAME_WORD}\s+){{1,4}}|(?:he|she|they|you|i)\s+)"
    r"(?P<verb>[a-z][a-z-]*)\b",
)
# A role a question says the person held in a section's entries ("Which courses did she TA?",
# "Which journals has he reviewed for?"): the lines naming the role answer, not every entry.
_HELD_ROLE = re.compile(
    r"(?-i:\bTA(?:'d|’d|ed)?\b|\bGSI\b)|\b(?:teaching\s+assistant|instructor|lecturer"
    r"|section\s+leader|tutor(?:ed)?|grader|intern\w*|review(?:er|ers|ed|ing))\b",
    re.I,
)
# "Which of her papers won an award?", "Which paper won …": the thing asked for is an entry of
# another list (a paper, a talk, a student), which the award only describes.
_OTHER_KIND_ASKED = re.compile(
    r"^\W*(?:which|what)\s+(?:of\s+[\w'’.\s-]{1,40}?\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:papers?|publications?|articles?|books?|talks?|presentations?|projects?|students?)\b",
    re.I,
)
# At most this many entries are quoted for a section asked about as a whole ("What awards …?").
MAX_SECTION_ENTRIES = 6
# Two words are forms of one word when they share a stem of at least this many letters
# ("organize" / "Organizer", "fellowship" / "Fellow", "teach" / "teaching").
MIN_SHARED_STEM = 5
# … and neither goes on for more than this many letters past it ("teach" / "teacher" do,
# "course" / "coursework" do not).
MAX_ENDING = 4


def frame_verb(question: str) -> str:
    """The verb of an inverted question whose "what"/"which" names a noun phrase ("received"
    in "What awards has Gordeev received?"): the frame of the question, not a detail its
    answer holds. "" for any other question ("What does she teach?" asks by its verb)."""
    match = _WH_NOUN_QUESTION.search(question)
    return match.group("verb").lower() if match else ""


def section_frame_verb(question: str) -> str:
    """The frame verb of a question about a list section's entries ("What awards has she
    received?"): a list entry names the award, never the receiving. Other questions keep
    their verb: "What technologies does he specialise in?" is answered by a sentence that
    may well say "specialise"."""
    return frame_verb(question) if _asks_for_entries(question) else ""


def _asks_for_entries(question: str) -> bool:
    return bool(asked_sections(question))


def names_a_held_role(question: str) -> bool:
    return bool(_HELD_ROLE.search(question))


def asked_kind_words(question: str) -> list[str]:
    """The lower-case words of the noun phrase a "what"/"which" question asks for ("award"
    of "ISBA award", "professional societies"), small words left out; [] for other
    questions."""
    match = _WH_NOUN_QUESTION.search(question)
    if match is None:
        return []
    # capitalised names ("ISBA") are things an entry must name, read by asked_things
    return [
        w for word in match.group("phrase").split() if word[:1].islower() for w in tokenize(word)
    ]


def _asks_for_other_kind(question: str) -> bool:
    return bool(_OTHER_KIND_ASKED.search(question))


def asked_sections(question: str) -> tuple[str, ...]:
    """The list section kinds a question asks about, by the words it uses; () when none or
    when it asks about what lies outside them ("Besides teaching, …")."""
    if _asks_about_students(question):
        return ("students",)
    if _EXCEPT.search(question) or _asks_for_other_kind(question):
        return ()
    return tuple(kind for kind, words in _ASKED_SECTIONS if words.search(question))


# "Whom did she supervise?", "Which students has he mentored?": the person is the one who
# supervises (the verb after the subject), not the one supervised ("Who supervised her?").
_SUPERVISING = re.compile(r"^(?:co-?)?(?:supervis|advis|mentor)", re.I)
# "Rebaudo's current PhD students", "postdocs of Ann Roe": the people someone supervises.
_SUPERVISED = re.compile(
    r"['’]s?\s+(?:\w+\s+){0,3}?(?:students|advisees|mentees|postdocs|post-docs|doctoral\s+"
    r"candidates)\b|\b(?:students|advisees|mentees|postdocs)\s+(?:of|supervised\s+by|advised\s+by)\b",
    re.I,
)


# "Who has Ann Roe supervised?", "Whom did she mentor?": "who" is the object, the person the
# subject after the auxiliary ("Who supervised Ann Roe?" has no auxiliary: "who" is the subject).
# The verb, not the noun ("Who were Ann Roe's PhD advisors?" asks for her advisors): an
# auxiliary of the perfect or of "do", and a verb's form.
_WHOM_SUPERVISED = re.compile(
    rf"^\W*(?i:who|whom)\s+(?i:has|have|had|did|does|do)\s+"
    rf"(?:(?:{_NAME_WORD}\s+){{1,4}}|(?i:he|she|they)\s+)"
    r"(?i:(?:co-?)?(?:supervis(?:e|ed|es|ing)|advis(?:e|ed|es|ing)|mentor(?:ed|ing)?)\b"
    r"(?!\s+by\b))",  # "… advised by?" is passive
)


# "Has Ann Roe supervised any students?", "Did he mentor anyone?": the yes/no form of it.
_HAS_SUPERVISED = re.compile(
    rf"^\W*(?i:has|have|had|did|does|do)\s+(?:(?:{_NAME_WORD}\s+){{1,4}}|(?i:he|she|they)\s+)"
    r"(?i:(?:ever\s+)?(?:co-?)?(?:supervis(?:e|ed|es|ing)|advis(?:e|ed|es|ing)|mentor(?:ed|ing)?)\b"
    r"(?!\s+by\b))",
)


def _asks_about_students(question: str) -> bool:
    """Whether a question asks for the people someone supervised or mentored."""
    return bool(
        _SUPERVISED.search(question)
        or _SUPERVISING.match(frame_verb(question))
        or _WHOM_SUPERVISED.search(question)
        or _HAS_SUPERVISED.search(question)
    )


def section_entry_quotes(
    person: str,
    question: str,
    passages: list[Chunk],
    name_terms: frozenset[str],
) -> list[Quote] | None:
    """The entries of the person's sections of the asked kind that answer `question`: those
    naming every year and every capitalised name it asks about, and of those the ones that
    name most of the other words of the asked noun phrase and its verb; every entry (up to
    MAX_SECTION_ENTRIES) when the question names nothing. None when the question asks about
    no such section, the profile has none, or no entry names what is asked (other evidence
    decides then)."""
    kinds = asked_sections(question)
    if not kinds:
        return None
    views = _sections_of_kinds(passages, kinds)
    listed = [(view, e) for view in views for e in _listed_entries(view)]
    if not listed:
        return None
    hard = asked_years(question) + [
        t for t in asked_things(question, name_terms) if not _is_section_word(t, kinds)
    ]
    naming = [(c, e, text) for c, e in listed if mentions_all(text := _entry_words(c, e), hard)]
    if not naming:
        return None
    kind, verb = _soft_words(question, name_terms)
    kept = _best_named(naming, kind, verb)
    if not kept or _verb_stated_elsewhere(kept, verb, hard, passages, views):
        return None
    quotes = [Quote(person, _quoted(c, e), views[c], 1.0) for c, e in kept]
    return _ending_with_count(_without_repeats(quotes), MAX_SECTION_ENTRIES, len(quotes))


def _verb_stated_elsewhere(
    kept: list[tuple[Chunk, Entry]],
    verb: list[frozenset[str]],
    hard: list[frozenset[str]],
    passages: list[Chunk],
    views: dict[Chunk, Chunk],
) -> bool:
    """Whether no entry kept names the question's verb while a line of another passage
    names it with the things asked ("Which course did she create at Laval?": "… where he
    created and teaches the course …" in a bio): that line answers, not the section."""
    if not verb or not hard or any(_soft_score(_own_words(c, e), verb) for c, e in kept):
        return False
    sections = set(views.values())
    return any(
        _soft_score(chunk.text[start:end], verb) and mentions_all(chunk.text[start:end], hard)
        for chunk in passages
        if chunk not in sections
        for start, end in unit_spans(chunk.text)
    )


def _sections_of_kinds(passages: list[Chunk], kinds: tuple[str, ...]) -> dict[Chunk, Chunk]:
    """The person's passages of the asked kinds, and the parts of other passages under a
    heading of such a kind that the document's structure did not find ("Professional Society
    Memberships" as a line inside a skills passage), each mapped to the passage it cites."""
    views = {c: c for c in passages if c.kind in kinds}
    for chunk in passages:
        if chunk.kind in kinds:
            continue
        for view in _inner_sections(chunk, kinds):
            views[view] = chunk
    return views


# Headings for the events someone organised, a part of service CVs give a heading of its own
# ("Conference Organizer", "Organization of Scientific Events", "Session Chair").
_ORGANISING_HEADING = re.compile(
    r"\b(?:(?:co-?)?organi[sz](?:er|ers|ing)|organi[sz]ation\s+of\s+(?:\w+\s+)?(?:events?"
    r"|conferences?|workshops?|meetings?|symposi(?:a|um)|sessions?)|session\s+chairs?)\b",
    re.I,
)
# Headings for the people someone supervised, with more words than a section phrase
# ("Students and Postdocs Supervised at …", "Postdocs (with first placement)").
_SUPERVISION_HEADING = re.compile(
    r"\b(?:students|advisees|mentees|postdocs|post-docs|supervision|supervised|mentoring)\b", re.I
)
# An inner heading is a short line, not a bullet nor a sentence.
MAX_INNER_HEADING_WORDS = 8
_BULLET_OR_NUMBER = re.compile(r"^\s*(?:[-*•·▪◦●–—−]|\d{1,3}[.)])\s")


def _inner_sections(chunk: Chunk, kinds: tuple[str, ...]) -> list[Chunk]:
    """The parts of a passage under an inner line that names a section of the asked kinds,
    each up to the next line naming a section of any kind, as passages of that kind."""
    found: list[Chunk] = []
    offset = 0
    current: tuple[str, str, int] | None = None  # title, kind, body start
    for line in chunk.text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        kind = _inner_heading_kind(line)
        if not kind:
            continue
        if current is not None:
            found.append(_inner(chunk, current, start))
        current = (line.strip(), kind, offset) if kind in kinds else None
    if current is not None:
        found.append(_inner(chunk, current, len(chunk.text)))
    return [view for view in found if view.text.strip()]


def _inner_heading_kind(line: str) -> str:
    """The section kind an inner heading line names, or "" for any other line."""
    text = line.strip()
    if (
        not text
        or len(text.split()) > MAX_INNER_HEADING_WORDS
        or text.endswith((".", ",", ";"))
        or _BULLET_OR_NUMBER.match(line)
        or not text[:1].isupper()
    ):
        return ""
    kind = section_kind(text)
    if kind == "other" and _ORGANISING_HEADING.search(text):
        return "service"
    if kind == "other" and _SUPERVISION_HEADING.search(text):
        return "students"
    return "" if kind == "other" else kind


def _inner(chunk: Chunk, heading: tuple[str, str, int], end: int) -> Chunk:
    title, kind, start = heading
    return replace(chunk, section=title, text=chunk.text[start:end], kind=kind)


def _best_named(
    naming: list[tuple[Chunk, Entry, str]], kind: list[frozenset[str]], verb: list[frozenset[str]]
) -> list[tuple[Chunk, Entry]]:
    """The entries naming most of the words of the asked kind in their own words (a
    section's heading names every entry alike), the question's verb breaking ties ("organize"
    prefers "Organizer, …"); when none names one, every entry of the sections whose heading
    does ("Professional Society Memberships" for "which societies"), else none (the answer
    is not in these sections). Without such words: the entries naming the verb, else all."""
    if not kind:
        by_verb = [(c, e) for c, e, _ in naming if _soft_score(_own_words(c, e), verb)]
        return by_verb or [(c, e) for c, e, _ in naming]
    scored = [
        (_soft_score(_own_words(c, e), kind), _soft_score(_own_words(c, e), verb), c, e)
        for c, e, _ in naming
    ]
    best = max((k, v) for k, v, _, _ in scored)
    if best[0] > 0:
        return [(c, e) for k, v, c, e in scored if (k, v) == best]
    by_heading = [(c, e) for c, e, _ in naming if _soft_score(c.section, kind)]
    # "Which conference did she organise?" of "Organizer, … Workshop": the verb still says
    return by_heading or [(c, e) for k, v, c, e in scored if v and v == best[1]]


def _listed_entries(chunk: Chunk) -> list[Entry]:
    """The entries of a passage, without its heading line and without the undated lines that
    only head a group of entries ("Texas Christian University" over its courses: each of
    them carries it as its context)."""
    found = entries_of_text(chunk.text, chunk.kind, _body_start(chunk))
    found = _grouped(chunk.text, _date_led_joined(chunk.text, found))
    if chunk.kind in ITEM_PER_DATE_KINDS:
        found = _details_joined(chunk.text, found)
    groups = {e.context for e in found if e.context}
    return [e for part in found if part.title not in groups for e in _one_per_line(chunk, part)]


def _date_led_joined(text: str, found: list[Entry]) -> list[Entry]:
    """In a list whose items start with their year ("2019 Merit Scholarship, Chaire de …"
    wrapped onto "numériques, Université Laval"), each item runs from its year to the next
    line that starts with one; a line before the first item going on in lower case is the
    end of an item of the passage before this one and is left out."""
    lines = [span for entry in found for span in entry.lines]
    led = [span for span in lines if _DATE_FIRST.match(text[span[0] : span[1]])]
    if not led or 2 * len(led) < len([e for e in found if e.dates]):
        return found
    items: list[list[tuple[int, int]]] = []
    for span in lines:
        line = text[span[0] : span[1]].strip()
        if _DATE_FIRST.match(line) or (not items and line[:1].isupper()):
            items.append([span])
        elif items:
            items[-1].append(span)
    return [
        Entry(
            item[0][0],
            item[-1][1],
            text[item[0][0] : item[0][1]].strip(),
            parse_dates(text[item[0][0] : item[-1][1]]),
            tuple(item),
        )
        for item in items
    ]


def _details_joined(text: str, found: list[Entry]) -> list[Entry]:
    """A sentence under a dated item ("aihc 5100: AI Fundamentals · Fall 2025" over "Created a
    24-lecture course for …") describes it: in a list whose items end at their dates it reads
    as an item of its own, but it is part of the one above."""
    joined: list[Entry] = []
    for entry in found:
        if joined and joined[-1].dates and not entry.dates and _is_sentence(text, entry):
            last = joined[-1]
            joined[-1] = replace(last, end=entry.end, lines=last.lines + entry.lines)
        else:
            joined.append(entry)
    return joined


# A description is a sentence of at least this many words, not a title.
MIN_SENTENCE_WORDS = 6


def _is_sentence(text: str, entry: Entry) -> bool:
    body = text[entry.start : entry.end].strip()
    return body.endswith(".") and len(body.split()) >= MIN_SENTENCE_WORDS


def _starts_dated(text: str, entry: Entry) -> bool:
    first = text[entry.lines[0][0] : entry.lines[0][1]]
    return bool(_DATE_FIRST.match(first))


# A line that starts with a year or a range of years ("2020-2023 Doctoral Research …").
_DATE_FIRST = re.compile(r"^[\s(\[•·*▪◦–—-]*(?:19|20)\d\d\b")


def _grouped(text: str, found: list[Entry]) -> list[Entry]:
    """Entries under an undated title that heads them ("Texas Christian University" over two
    dated courses) carry it as their context. A list whose items run to their dated line
    reads the title into the first item; it heads a group when that item's next line is
    dated and the next entry starts with a dated line of its own (two-line items, a title
    over its dated line each, are no group)."""
    grouped: list[Entry] = []
    group = ""
    for index, entry in enumerate(found):
        following = found[index + 1] if index + 1 < len(found) else None
        first = text[entry.lines[0][0] : entry.lines[0][1]].strip()
        if _dated(first):
            grouped.append(replace(entry, context=entry.context or group))
            continue
        group = ""
        heads = (
            len(entry.lines) >= 2
            and _dated(text[entry.lines[1][0] : entry.lines[1][1]])
            and following is not None
            and _dated(text[following.lines[0][0] : following.lines[0][1]])
        )
        if not heads:
            grouped.append(entry)
            continue
        group = first
        rest = entry.lines[1:]
        title = text[rest[0][0] : rest[0][1]].strip()
        grouped.append(Entry(rest[0][0], entry.end, title, entry.dates, rest, group))
    return grouped


def _dated(line: str) -> bool:
    return bool(parse_dates(line))


def _body_start(chunk: Chunk) -> int:
    """Where a passage's entries begin: after its first line when that line is the heading."""
    first_end = chunk.text.find("\n")
    first = chunk.text[: len(chunk.text) if first_end < 0 else first_end]
    heading = read_heading(first) if first.strip() else None
    if heading is None and first.strip().rstrip(":").casefold() != chunk.section.casefold():
        return 0
    if heading is not None:
        return heading.body
    return len(first)


def _one_per_line(chunk: Chunk, entry: Entry) -> list[Entry]:
    """An entry of lines that each read as an item of their own ("Referee for …", "Member, …":
    capitalised, none going on from the line above, none only dates) as one entry per line,
    unless it is a dated item of a list whose items run to their dated line (an award over
    two lines); any other entry as it is."""
    if len(entry.lines) < 2 or (entry.dates and chunk.kind in ITEM_PER_DATE_KINDS):
        return [entry]
    texts = [chunk.text[s:e].strip() for s, e in entry.lines]
    if not all(_starts_an_item(previous, line) for previous, line in itertools.pairwise(texts)):
        return [entry]
    if any(is_date_only(line) for line in texts):
        return [entry]  # "Program Committee, NeurIPS" over "2019 – 2021" is one entry
    return [
        Entry(s, e, text, entry.dates, ((s, e),), entry.context)
        for (s, e), text in zip(entry.lines, texts, strict=True)
    ]


def _starts_an_item(previous: str, line: str) -> bool:
    """Does `line` start an item of its own rather than go on from `previous`?"""
    return (
        line[:1].isupper()
        and not previous.endswith((",", ";", ":", "-", "–", "&"))
        and not previous.endswith((" and", " of", " for", " in", " the", " on"))
    )


def _entry_words(chunk: Chunk, entry: Entry) -> str:
    """What an entry names, with its section's heading and its group's title."""
    return f"{chunk.section} {entry.context} {chunk.text[entry.start : entry.end]}"


def _own_words(chunk: Chunk, entry: Entry) -> str:
    return f"{entry.context} {chunk.text[entry.start : entry.end]}"


def _quoted(chunk: Chunk, entry: Entry) -> str:
    lines = [plain_text(chunk.text[s:e]) for s, e in entry.lines]
    text = " — ".join(line for line in lines if line)
    return f"{plain_text(entry.context)} — {text}" if entry.context else text


def _without_repeats(quotes: list[Quote]) -> list[Quote]:
    seen: set[str] = set()
    kept = []
    for quote in quotes:
        key = quote.text.casefold()
        if key not in seen:
            seen.add(key)
            kept.append(quote)
    return kept


def _is_section_word(group: frozenset[str], kinds: tuple[str, ...]) -> bool:
    """A capitalised word that only names the section asked about ("Awards" in a title-case
    question) is no thing an entry must name."""
    return any(
        words.fullmatch(w) for kind, words in _ASKED_SECTIONS if kind in kinds for w in group
    )


def _soft_words(
    question: str, name_terms: frozenset[str]
) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """The words that prefer one entry to another without being required: those of the
    asked kind (the noun phrase, "fellowship", "professional societies", and the words after
    the verb, "as a driver"), and the question's verb. A word matches its own forms, not its
    synonyms: "fellowship" prefers fellowships to prizes."""
    words = asked_kind_words(question) + _words_after_verb(question)
    kind = [
        frozenset({w})
        for w in dict.fromkeys(words)
        if w not in name_terms and w not in _WHOLE_SECTION_WORDS
    ]
    verb = frame_verb(question)
    # "What courses does she teach?": every entry of a teaching section is taught; the verb
    # would prefer "Teaching Assistant, …" to the courses she teaches herself
    if not verb or {verb, stem(verb)} & _WHOLE_SECTION_WORDS:
        return kind, []
    return kind, [frozenset({stem(verb)})]


def _words_after_verb(question: str) -> list[str]:
    """The lower-case content words after the verb ("as a driver" in "What award did he win
    as a driver?"); capitalised names and years there are required things already."""
    match = _WH_NOUN_QUESTION.search(question)
    if match is None:
        return []
    tail = question[match.end() :]
    return [
        w
        for word in re.findall(r"[\w'’-]+", tail)
        if word[:1].islower() and not word.isdigit()
        for w in tokenize(word)
    ]


def _soft_score(text: str, soft: list[frozenset[str]]) -> int:
    """How many of the soft word groups the entry names, a word matching its other forms."""
    words = set(tokenize(text))
    return sum(1 for group in soft if any(_same_word(a, b) for a in group for b in words))


def spelled_otherwise(word: str, vocabulary: dict[str, float]) -> str:
    """The word of `vocabulary` that is `word` with another ending ("astronomical" for
    "astronomy"), or "" when it holds none."""
    if len(word) < MIN_SHARED_STEM:
        return ""
    stem = word[:MIN_SHARED_STEM]
    return next((w for w in vocabulary if w.startswith(stem) and _same_word(word, w)), "")


def _same_word(asked: str, written: str) -> bool:
    if asked == written:
        return True
    shared = 0
    for a, b in zip(asked, written, strict=False):
        if a != b:
            break
        shared += 1
    if shared < MIN_SHARED_STEM:
        return False
    # "organize" / "organizer": past the shared stem, each goes on by an ending at most
    return len(asked) - shared <= MAX_ENDING and len(written) - shared <= MAX_ENDING


# "Does she hold any fellowship?", "Has he won an award?": an inverted yes/no question and the
# noun phrase its verb takes.
_YES_NO_OBJECT = re.compile(
    rf"^\W*(?i:{_AUXILIARY})\s+(?:(?:{_NAME_WORD}\s+){{1,4}}|(?i:he|she|they)\s+)"
)
_OBJECT = re.compile(r"^[a-z-]+\s+(?:(?:any|a|an|the|some)\s+)?(?P<phrase>[\w\s'’-]+?)\s*\??$")


def yes_no_object(question: str) -> str | None:
    """The words after the verb of an inverted yes/no question about a named person ("a
    postdoc" of "Did Rui Lobo do a postdoc?", "in industry" of "Has she worked in
    industry?"), or its verb when nothing follows ("mentored" of "Has he mentored
    anyone?"): what the question asks the profile to show, without the verb that frames it.
    None when the question is not of that shape."""
    subject = _YES_NO_OBJECT.match(question)
    if subject is None:
        return None
    rest = question[subject.end() :].strip()
    found = _OBJECT.match(rest)
    if found is None:  # "Is he hiring?": the verb alone
        word = rest.rstrip("?. ")
        return word if len(word.split()) == 1 and tokenize(word) else None
    phrase = found.group("phrase")
    return phrase if tokenize(phrase) else rest.split()[0]


def held_entry_quotes(
    person: str, question: str, passages: list[Chunk], name_terms: frozenset[str]
) -> list[Quote] | None:
    """For a yes/no question about a kind of thing of a list section ("Does she hold any
    fellowship?"): the person's entries of that section naming its head noun ("Berkeley
    Fellow"). None when the question is not of that shape or no entry names it."""
    kinds = asked_sections(question)
    subject = _YES_NO_OBJECT.match(question)
    if not kinds or subject is None:
        return None
    rest = _OBJECT.match(question[subject.end() :].strip())
    words = [w for w in tokenize(rest.group("phrase"))] if rest else []
    if not words:
        return None
    asked = [frozenset({w}) for w in words]
    sections = [c for c in passages if c.kind in kinds]
    # "Has she won a prize?", "… an award?" of an "Honors and Awards" section: every entry is
    # one; "any best paper awards" needs an entry naming all three words
    every = len(asked) == 1 and (
        words[-1] in _WHOLE_SECTION_WORDS or any(_soft_score(c.section, asked) for c in sections)
    )
    quotes = [
        Quote(person, _quoted(c, e), c, 1.0)
        for c in sections
        for e in _listed_entries(c)
        if every or _soft_score(_own_words(c, e), asked) == len(asked)
    ]
    quotes = _without_repeats(quotes)
    return _ending_with_count(quotes, MAX_SECTION_ENTRIES, len(quotes)) or None
