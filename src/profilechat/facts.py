"""Profile facts: what a profile says about who someone is, extracted once at index time.

Per document, with the passage each fact came from (file and character span):
  headline     the sentence or line that says who they are now
  location     the place line under the name ("Dublin, Ireland")
  position     current roles: dated entries running to "present", "currently …" sentences
  role         the current jobs (entries of experience-like sections running to the present),
               else the newest one: its title lines joined, so the title comes with its employer
  experience   every entry of experience sections (title line and dates), in document order;
               in a profile written as prose, its sentences about a past job ("Earlier I was
               CTO at Lykon, …")
  count        how many entries a list section holds (publications, talks, awards, …)
  education    degree, institution, years and advisor when stated
  contact      e-mail addresses, phone numbers as written, homepage and profile links
  interests    research-interest statements
  entry        every entry of a list section (a paper, a talk, a prize), whole, with its section
  alias        another name the document gives its person ("Bo Li" for Ben Li): names.py

They are the evidence for the questions people ask first (who is X, how to contact X, where did X
study) and for the People view. Extraction relies on the CV structure (structure.py) and on
general patterns of CV writing, never on particular documents.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlparse

from .structure import (
    Entry,
    Section,
    is_date_only,
    is_role_line,
    names_section_kind,
    names_section_of_kind,
    parse_dates,
    starts_with_date,
)
from .types import Document

FACT_KINDS = (
    "headline",
    "location",
    "position",
    "role",
    "experience",
    "education",
    "contact",
    "interests",
    "count",
    "entry",
    "alias",
)


@dataclass(frozen=True)
class Fact:
    kind: str  # one of FACT_KINDS
    text: str  # the passage as the document says it (one line or sentence)
    source: str  # the document's file
    start: int  # span of `text` in the document's clean text; -1 for a link URL
    end: int
    fields: dict[str, str] = field(default_factory=dict)  # e.g. degree, institution, years

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fact:
        return cls(
            kind=str(data["kind"]),
            text=str(data["text"]),
            source=str(data["source"]),
            start=int(data["start"]),
            end=int(data["end"]),
            fields={str(k): str(v) for k, v in dict(data.get("fields", {})).items()},
        )


def extract_facts(doc: Document, sections: list[Section]) -> list[Fact]:
    """All facts of one document, in document order within each kind."""
    return [
        *_headline(doc, sections),
        *_location(doc, sections),
        *_positions(doc, sections),
        *_roles(doc, sections),
        *_experience(doc, sections),
        *_career_sentences(doc, sections),
        *_cards(doc, sections),
        *_education(doc, sections),
        *_contact(doc),
        *_interests(doc, sections),
        *_counts(doc, sections),
        *_list_entries(doc, sections),
    ]


# ---------------------------------------------------------------------------- sentences


@dataclass(frozen=True)
class _Sentence:
    text: str
    start: int
    end: int


# A sentence ends at . ! ? before a space and a capital, except after a common abbreviation.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z0-9])")
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|St|Jr|Sr|vs|etc|e\.g|i\.e|Inc|Ltd|Co|No|Ph\.D|M\.S|B\.S|B\.A|M\.A)|\b[A-Z])\.$"
)


def _sentences(text: str, start: int, end: int) -> Iterator[_Sentence]:
    """Sentences of each line between `start` and `end`."""
    for line_start, line_end in _line_spans(text, start, end):
        piece_start = line_start
        for match in _SENTENCE_END.finditer(text, line_start, line_end):
            if _ABBREVIATION_END.search(text, piece_start, match.start()):
                continue
            yield from _sentence(text, piece_start, match.start())
            piece_start = match.end()
        yield from _sentence(text, piece_start, line_end)


def _sentence(text: str, start: int, end: int) -> Iterator[_Sentence]:
    while start < end and text[start] in " \t•·-*>":  # bullets, a quote's ">"
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 3:
        yield _Sentence(text[start:end], start, end)


def _line_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    offset = start
    while offset < end:
        newline = text.find("\n", offset, end)
        line_end = end if newline < 0 else newline
        if text[offset:line_end].strip():
            yield offset, line_end
        offset = line_end + 1


def _section_sentences(doc: Document, sections: list[Section], kinds: set[str]) -> list[_Sentence]:
    return [
        sentence
        for section in sections
        if section.kind in kinds
        for sentence in _sentences(doc.text, section.body_start, section.end)
    ]


# ---------------------------------------------------------------------------- headline and position

# "I am a …", "Jane is an …", "She is currently …", "works as …": a sentence saying what someone is.
_SELF_DESCRIPTION = re.compile(
    r"\b(?:I\s+am|I['’]m|(?:he|she|they|[A-Z][\w'’-]+)\s+(?:is|are)|(?:I|he|she|they)\s+"
    r"(?:currently\s+)?(?:work|works|serve|serves)\s+as)\s+(?:currently\s+|now\s+)?"
    r"(?:an?|the|currently|now|working|leading|pursuing|based|\w+ing\b|[A-Z])",
)
# Sentences that are not about the person's role though they match the shape above.
_NOT_A_ROLE = re.compile(r"\b(?:I am (?:happy|glad|excited|interested|looking|grateful|always))\b")
_CURRENTLY = re.compile(r"\b(?:currently|presently|at present|now|since\s+(?:19|20)\d\d)\b", re.I)
_AT_ORGANISATION = re.compile(r"\b(?:at|of|in|with|for|from)\s+(?:the\s+)?[\[*_]*[A-Z]")
_HEADLINE_SECTIONS = {"about", "other"}
_MAX_HEADLINE_WORDS = 60
_CONTACT_SHAPE = re.compile(r"@|https?://|www\.|\+?\d[\d ()-]{7,}\d")


def _headline(doc: Document, sections: list[Section]) -> Iterator[Fact]:
    """Who someone is, best first: the first self-description near the top ("I am a …"), else
    the first sentence of a summary section ("Profile", "About me"); then, of another form,
    the title line under the name ("Interaction Designer", "Kernel Engineer")."""
    opening = _opening_sections(sections)
    sentence = next(
        (
            s
            for section in opening
            for s in _sentences(doc.text, section.body_start, section.end)
            if _is_self_description(s.text, doc.person)
        ),
        None,
    )
    summary = None if sentence else _summary_sentence(doc, sections)
    if sentence is not None:
        yield _fact("headline", doc, sentence, {"form": "sentence"})
    elif summary is not None:
        yield _fact("headline", doc, summary, {"form": "summary"})
    title = _title_line(doc, sections, stated=bool(sentence or summary))
    if title is not None:
        yield _fact("headline", doc, title, {"form": "title"})


def _summary_sentence(doc: Document, sections: list[Section]) -> _Sentence | None:
    """The first sentence of the first summary section ("Summary", "Profile", "About me")."""
    for section in sections:
        if section.kind != "about" or not section.title:
            continue
        for sentence in _sentences(doc.text, section.body_start, section.end):
            if _MIN_SUMMARY_WORDS <= len(sentence.text.split()) <= _MAX_HEADLINE_WORDS and (
                _says_something(sentence.text, doc.person)
            ):
                return sentence
    return None


# A summary's first sentence says something: "Low-level engineer, opensource maintainer."
_MIN_SUMMARY_WORDS = 4
# A title line names a title in a few words ("Senior Data Scientist · Ex-Google").
_MAX_TITLE_WORDS = 15


def _title_line(doc: Document, sections: list[Section], stated: bool) -> _Sentence | None:
    """The first short line under the name (or beside it in the name's heading) that says what
    someone is: not the name, a contact detail, a place, a date, a degree or a greeting; when
    a sentence already `stated` who someone is, not a first-person sentence of their story.
    A title set over the organisation's line ("Lecturer, Department of Economics" / "Hill
    University") is read with it."""
    degree_lines: list[_Sentence] = []
    pieces = list(_header_pieces(doc, _header_block(sections), with_title=True))
    for index, piece in enumerate(pieces):
        if (
            1 <= len(piece.text.split()) <= _MAX_TITLE_WORDS
            and not (stated and _FIRST_PERSON.search(piece.text))  # a story's sentence
            and not _only_name_words(piece.text, doc.person)
            and _says_something(piece.text, doc.person)
            and not _told_in_prose(doc.text, piece, stated)
            and not starts_with_date(piece.text)  # a dated entry's line
            and not names_section_of_kind(piece.text, "about")  # "Speaker Bio", "About me"
        ):
            # "M.S. Physics · GPA 4.0 · Hill University" says what someone studied: a title
            # only when no other line says what they are
            if not _starts_with_degree(_line_of(doc.text, piece)):
                following = pieces[index + 1] if index + 1 < len(pieces) else None
                return _with_organisation(doc.text, piece, following)
            degree_lines.append(piece)
    return degree_lines[0] if degree_lines else None


def _told_in_prose(text: str, piece: _Sentence, stated: bool) -> bool:
    """A sentence of a paragraph is a title only as the paragraph's lead phrase ("Software
    Engineer with 10+ years of experience."), and only when no sentence `stated` who someone
    is: not a later sentence ("Go to the project's page for more."), an exclamation ("Yes!")
    or a first-person sentence of a story ("I started as a developer.")."""
    line = _line_of(text, piece)
    start = text.rfind("\n", 0, piece.start) + 1
    if len(list(_sentences(text, start, start + len(line)))) < 2:
        return False
    lead = text[start : piece.start].strip(" \t•·-*>") == ""
    return (
        stated
        or not lead
        or piece.text.rstrip().endswith(("!", "?"))
        or bool(_FIRST_PERSON.search(piece.text))
    )


# Head words of an organisation's name besides a place of study's (general English).
_ORGANISATION_WORDS = re.compile(
    r"\b(?:Inc|Ltd|LLC|GmbH|Corp(?:oration)?|Company|Labs?|Laboratory|Foundation|Center"
    r"|Centre|Agency|Ministry|Hospital|Museum|Bank)\b\.?"
)
# An organisation's line is short: a name, not a sentence.
_MAX_ORGANISATION_WORDS = 10


def _with_organisation(text: str, title: _Sentence, following: _Sentence | None) -> _Sentence:
    """The title with the line after it when that line names an organisation and the title
    names none ("Lecturer, Department of Economics" over "Texas Tech University")."""
    if following is None or following.start <= title.end:
        return title
    if _JOB_AT.search(title.text) or institution_named(title.text):
        return title
    line = following.text
    if len(line.split()) > _MAX_ORGANISATION_WORDS or _is_place(line) or _is_sentence(line):
        return title
    if not (institution_named(line) or _ORGANISATION_WORDS.search(line)):
        return title
    between = text[title.end : following.start]
    if not 0 < between.count("\n") <= 3 or re.search(r"[^\W_]", between):
        return title  # the same line, or lines between: the name belongs to something else
    return _Sentence(f"{title.text}, {line}", title.start, following.end)


def _header_block(sections: list[Section]) -> list[Section]:
    """The first opening section, and the ones after it while each before is a heading alone:
    a page that sets the name, the title and the employer as headings of their own."""
    block: list[Section] = []
    for section in _opening_sections(sections):
        if block and block[-1].entries:
            break
        block.append(section)
    return block


_FIRST_PERSON = re.compile(r"\b(?:I|I['’]m|I['’]ve|me|my|we|our)\b", re.I)


def _line_of(text: str, piece: _Sentence) -> str:
    start = text.rfind("\n", 0, piece.start) + 1
    end = text.find("\n", piece.end)
    return text[start : len(text) if end < 0 else end]


def _only_name_words(text: str, person: str) -> bool:
    """ "Mark" over "Vincze", "Manuel Schulein ̈": a part of the name, accents aside."""
    name = set(_folded_words(person))
    words = _folded_words(text)
    return bool(words) and all(w in name for w in words)


def _folded_words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.findall(r"[^\W\d_]+", plain)


def _says_something(text: str, person: str) -> bool:
    """Not a line that only looks like one: a date, a rule, a postal address, a greeting, a
    section's name, a link's label or a place."""
    return not (
        _is_dates(text)
        or not _DATE_WORDS.sub("", text).strip()  # "present", "2019 –"
        or not re.search(r"[^\W\d_]{2}", text)
        or _RULE.search(text)
        or _POSTAL_CODE.search(text)
        or _GREETING.search(text)
        or names_section_kind(text)
        or _LINK_LABEL.match(text)
        or _is_place(text)
    )


def _starts_with_degree(text: str) -> bool:
    """ "🎓 M.S. Information Science", "Bachelor of Science in Physics": a degree line."""
    return DEGREE.match(re.sub(r"^\W+", "", text)) is not None


def _is_rule(line: str) -> bool:
    """ "......", "=====": a rule line, no words."""
    return bool(_RULE.search(line)) and not re.search(r"[^\W\d_]{2}", line)


# A run of rule characters ("........", "=====", "-----"): a separator, not words.
_RULE = re.compile(r"(?:[-=_.~*#]\s?){5,}")
# A postal code beside a place ("Sunderland, MA, 01375", "10115 Berlin"): an address line.
_POSTAL_CODE = re.compile(r"(?:,\s*|^)\d{4,5}(?:-\d{4})?\b|\b[A-Z]{2},?\s+\d{5}\b")
# "Hi, I'm Pooja 👋", "Welcome!": an introduction says hello, not what someone is.
_GREETING = re.compile(r"^\W*(?:hi|hello|hey|welcome|greetings)\b|\bI['’]m\s+[A-Z]\w*\W*$", re.I)
# The label of a link to a profile or a page ("LinkedIn", "Personal website", "Mail"; also
# the German "Persönliche Webseite" of German CVs, whose umlaut a PDF reader may drop).
_LINK_LABEL = re.compile(
    r"^\W*(?:(?:my|personal|personliche|persönliche)\s+)?(?:web\s*site|web\s*seite|homepage|home\s*page|"
    r"blog|mail|e-?mail|linkedin|github|gitlab|twitter|x|mastodon|scholar|google\s+scholar|orcid|cv|"
    r"r[eé]sum[eé]|portfolio)\W*$",
    re.I,
)
# "Last updated on 20th October 2023", "Updated: May 2024": when the page was written.
_UPDATE_STAMP = re.compile(
    r"\b(?:last\s+)?updated?(?:\s+on)?\s*:?\s+(?:[\w,.]+\s+){0,3}?(?:19|20)\d\d\b\s*", re.I
)


def _location(doc: Document, sections: list[Section]) -> Iterator[Fact]:
    """The place line a page or CV sets under the name: where someone is based."""
    for piece in _header_pieces(doc, _opening_sections(sections)[:1]):
        if _is_place(piece.text):
            yield _fact("location", doc, piece)
            return


def _opening_sections(
    sections: list[Section], kinds: set[str] = _HEADLINE_SECTIONS | {"position"}
) -> list[Section]:
    return [s for s in sections[:3] if s.kind in kinds]


# How many lines under the name are read for a title or a place.
_HEADER_LINES = 6


def _header_pieces(
    doc: Document,
    sections: list[Section],
    with_title: bool = False,
    max_lines: int = _HEADER_LINES,
) -> Iterator[_Sentence]:
    """The parts of the first lines that say something about the person: a header line "Jane
    Doe · jane@example.org" or "PhD in Physics · https://…" holds a name or a title beside its
    contact details; those, the name and contact lines are left out. `with_title`: the
    section's heading first ("Jane Doe / Interaction Designer"), a "last updated" stamp cut
    off the pieces ("Last update on 20th October 2023 Kernel Engineer")."""
    for section in sections:
        lines = list(_line_spans(doc.text, section.body_start, section.end))[:max_lines]
        if with_title and section.title and section.body_start > section.start:
            start = doc.text.find(section.title, section.start, section.body_start)
            if start >= 0:  # the title without a heading's marks ("## ")
                lines.insert(0, (start, start + len(section.title)))
        for line_start, line_end in lines:
            for sentence in _sentences(doc.text, line_start, line_end):
                for piece in _separated(doc.text, sentence):
                    if with_title:
                        piece = _without_stamp(doc.text, piece)
                    if (
                        _names_the_person(piece.text, doc.person)
                        or _CONTACT_LABEL.match(piece.text)
                        or _CONTACT_SHAPE.search(piece.text)
                        or piece.text.endswith(":")  # a label ("personal website:")
                    ):
                        continue
                    yield piece


def _separated(text: str, sentence: _Sentence) -> Iterator[_Sentence]:
    """A line's parts between " · ", " | " or " • " separators."""
    start = sentence.start
    for match in _SEPARATOR.finditer(text, sentence.start, sentence.end):
        yield from _sentence(text, start, match.start())
        start = match.end()
    yield from _sentence(text, start, sentence.end)


def _without_stamp(text: str, piece: _Sentence) -> _Sentence:
    """The piece without a "last updated …" stamp the line set before or after it."""
    stamp = _UPDATE_STAMP.search(text, piece.start, piece.end)
    if stamp is None:
        return piece
    before = next(_sentence(text, piece.start, stamp.start()), None)
    after = next(_sentence(text, stamp.end(), piece.end), None)
    return after or before or _Sentence("", piece.start, piece.start)


_SEPARATOR = re.compile(r"\s+[·|•/]\s+")
# A place as a header writes it: "Dublin, Ireland", "Santa Clara, CA" — two or three parts of
# one to three capitalised words each, separated by commas.
_PLACE = re.compile(
    r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}(?:,\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}){1,2}$"
)
# Head nouns of job titles and organisations (general CV vocabulary): "Postdoctoral Fellow,
# SSLab" or "Acme Labs, Inc" have the shape of a place but are not one.
_NOT_PLACE_WORDS = frozenset(
    "fellow engineer professor lecturer student researcher scientist developer manager director "
    "designer analyst consultant founder officer assistant associate intern candidate chair "
    "editor head lead member lab labs laboratory group team inc ltd llc gmbh corp university "
    "college institute school department center centre phd".split()
)


def _is_place(text: str) -> bool:
    words = {w.casefold().strip(".,") for w in text.split()}
    return bool(_PLACE.match(text.strip())) and not words & _NOT_PLACE_WORDS


# A line that starts with a contact label is contact details, not who someone is.
_CONTACT_LABEL = re.compile(
    r"^\W*(?:contact|e-?mail|mail|phone|tel|mobile|address|web\s*site|web\s*page|homepage|links?)\b",
    re.I,
)


def _names_the_person(text: str, person: str) -> bool:
    """The name line itself ("Jane M. Doe, PhD"), which says who, not what."""
    words = [w for w in re.findall(r"[^\W\d_]+", person.casefold()) if len(w) > 1]
    line = text.casefold()
    return bool(words) and all(w in line for w in words) and len(text.split()) <= len(words) + 4


def _is_self_description(text: str, person: str) -> bool:
    """ "I am a …", "Jane Doe is an …", "I am Jane Doe, a …"; not "I am Jane!" (an
    introduction says who, not what)."""
    if not 3 <= len(text.split()) <= _MAX_HEADLINE_WORDS or _NOT_A_ROLE.search(text):
        return False
    name_words = {w.casefold() for w in person.split()}
    for match in _SELF_DESCRIPTION.finditer(text):
        following = re.match(r"[\w'’-]+", text[match.end() - 1 :])
        if following is None or following.group(0).casefold() not in name_words:
            return True
        if _APPOSITION.match(text, match.end() - 1):
            return True
    return False


# "I am Jane Doe, a data scientist at …", "I'm Jane Doe — a software engineer": the name,
# then what they are.
_APPOSITION = re.compile(r"(?:[\w'’.-]+\s+){0,3}?[\w'’.-]+(?:,|\s+[—–-])\s+(?:an?|the)\s")


def _positions(doc: Document, sections: list[Section]) -> Iterator[Fact]:
    """Entries of experience and position sections that run to the present, and sentences near
    the top that say what someone currently does where."""
    seen: set[str] = set()
    for section in sections:
        if section.kind not in {"experience", "position"}:
            continue
        for entry in section.entries:
            if _is_rule(entry.title):
                continue  # a rule line under the heading, not a job
            if entry.dates.present or (section.kind == "position" and not entry.dates):
                text = _entry_text(doc, entry, _job_title_lines(doc, entry), " — ")
                seen.add(text)
                yield Fact(
                    "position",
                    text,
                    doc.source,
                    entry.start,
                    entry.lines[0][1],
                    _without_empty({"organisation": entry.context, "years": entry.dates.label()}),
                )
    describing = [s for i, s in enumerate(sections) if i < 3 or s.kind == "about"]
    for sentence in _section_sentences(doc, describing, _HEADLINE_SECTIONS):
        about_now = _says_now(sentence.text) or (
            _is_self_description(sentence.text, doc.person) and not _PAST.search(sentence.text)
        )
        if about_now and _AT_ORGANISATION.search(sentence.text) and sentence.text not in seen:
            yield _fact("position", doc, sentence)


def _cards(doc: Document, sections: list[Section]) -> Iterator[Fact]:
    """Jobs set as cards under an experience section, each under a heading of its own (the
    employer), with the title and the dates on lines of their own: "Acme — Engineer · May
    2021 - Present". A card running to the present is a position, the others experience."""
    for index, section in enumerate(sections):
        if section.kind != "experience":
            continue
        for card in sections[index + 1 :]:
            if card.kind != "other":
                break  # the next section of the CV
            fact = _card(doc, card)
            if fact is not None:
                yield fact


# A card's title and dates are within its first lines.
_CARD_LINES = 3


def _card(doc: Document, section: Section) -> Fact | None:
    if section.kind != "other" or not section.title or len(section.title.split()) > 8:
        return None
    lines = list(_line_spans(doc.text, section.body_start, section.end))[:_CARD_LINES]
    written = [doc.text[s:e].strip() for s, e in lines]
    dated = next((n for n, line in enumerate(written) if _is_dates(line)), None)
    if not dated:  # no dates, or dates before any title
        return None
    dates = parse_dates(written[dated])
    text = f"{section.title} — {' · '.join(written[: dated + 1])}"
    kind = "position" if dates.present else "experience"
    fields = {"organisation": section.title, "years": dates.label()}
    return Fact(kind, text, doc.source, lines[0][0], lines[dated][1], fields)


# ---------------------------------------------------------------------------- current role

# At most this many jobs running to the present are someone's current role.
MAX_CURRENT_ROLES = 2
# A job's dated line is short ("Linux kernel engineer · Sept ’17 – present"); a longer dated
# line is a description that mentions a year.
_MAX_DATED_LINE_WORDS = 20
# The lines naming a job beside its dated line (title, employer, place) are short.
_MAX_ROLE_LINE_WORDS = 10
_ROLE_LINES = 2
# An open range however its start is written ("Sept ’17 – present", "2015 to today").
_OPEN_RANGE = re.compile(
    r"(?:[-–—]+|\bto|\buntil|\btill)\s*(?:present|now|current(?:ly)?|today|ongoing|date)\b", re.I
)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str
    heading: bool  # a section's heading line


def _roles(doc: Document, sections: list[Section]) -> Iterator[Fact]:
    """The current jobs: the dated lines of experience-like sections running to the present
    (at most MAX_CURRENT_ROLES), else the newest dated one (in a profile without such a
    section, the lines of its untyped sections running to the present: jobs listed under
    "Accomplishments"), each with the short lines that name the job beside it — a title line
    above its dates ("Adobe Systems" / "2011-Present"),
    an employer under its title ("Research Assistant 2022 – Present" / "Hill University"), or
    the title and employer under dates set first ("2018–2025" / "Principal Developer" /
    "Travix International"), however the layout splits them into lines or headings."""
    lines = _experience_lines(doc, sections)
    present_only = not lines  # no experience-like section: jobs under other headings
    if present_only:
        others = [s for s in sections if s.kind == "other"]
        lines = _section_lines(doc, others, headings=False)  # a heading names no job there
    dated = [
        (index, parse_dates(line.text), bool(_OPEN_RANGE.search(line.text)))
        for index, line in enumerate(lines)
        if len(line.text.split()) <= _MAX_DATED_LINE_WORDS
        and not line.heading
        and not _is_sentence(line.text)
    ]
    dated = [(i, d, open_range) for i, d, open_range in dated if d or open_range]
    current = [(i, d) for i, d, open_range in dated if d.present or open_range]
    if current:
        anchors, form = current[:MAX_CURRENT_ROLES], "present"
    elif dated and not present_only:
        newest = max(dated, key=lambda item: (item[1].end or item[1].start or 0, -item[0]))
        anchors, form = [(newest[0], newest[1])], "newest"
    else:
        return
    for index, dates in anchors:
        block = _role_block(lines, index)
        parts = [_role_text(lines[i].text) for i in block]
        fields = _without_empty({"years": dates.label(), "form": form})
        first = lines[block[0]]
        start = doc.text.find(parts[0], first.start, first.end)  # after a bullet
        start, end = first.start if start < 0 else start, lines[block[-1]].end
        yield Fact("role", " — ".join(parts), doc.source, start, end, fields)


# A line ending in a full stop after this many words is a sentence, not a job's title line.
_MAX_TITLE_LINE_WORDS = 6


def _is_sentence(text: str) -> bool:
    return len(text.split()) > _MAX_TITLE_LINE_WORDS and text.rstrip().endswith(".")


# The kinds a job card's heading may read as when it only uses a section word: the employer
# "Adobe Systems" (projects), "Philips Research" (interests).
_CARD_KINDS = frozenset({"other", "projects", "interests"})


def _experience_lines(doc: Document, sections: list[Section]) -> list[_Line]:
    """The lines of experience-like sections and of the untyped sections after one (jobs set
    as cards under headings of their own: the employer, the title), headings included."""
    region: list[Section] = []
    inside = False
    for section in sections:
        if section.kind in {"experience", "position"}:
            inside = True
        elif section.kind not in _CARD_KINDS or names_section_kind(section.title):
            inside = False
        if inside:
            region.append(section)
    return _section_lines(doc, region)


def _section_lines(doc: Document, sections: list[Section], headings: bool = True) -> list[_Line]:
    lines: list[_Line] = []
    for section in sections:
        if headings and section.title and section.body_start > section.start:
            start = doc.text.find(section.title, section.start, section.body_start)
            start = section.start if start < 0 else start  # after a "## "
            lines.append(_Line(start, start + len(section.title), section.title, True))
        for start, end in _line_spans(doc.text, section.body_start, section.end):
            lines.append(_Line(start, end, doc.text[start:end].strip(), False))
    return lines


def _role_block(lines: list[_Line], anchor: int) -> list[int]:
    """The indexes of the dated line and the short lines naming its job, in document order:
    those just above it; when there are none (dates set first, or a heading above), those
    just under it."""
    above = _naming_lines(lines, range(anchor - 1, -1, -1))
    if above:
        return [*sorted(above), anchor]
    return [anchor, *_naming_lines(lines, range(anchor + 1, len(lines)))]


def _naming_lines(lines: list[_Line], order: range) -> list[int]:
    found: list[int] = []
    for index in order:
        if len(found) >= _ROLE_LINES or not _names_a_job(lines[index].text):
            break
        found.append(index)
    return found


def _names_a_job(text: str) -> bool:
    """A short line that may be a title or an employer: not a bullet, a sentence, a section's
    name, a rule, contact details or another dated line."""
    words = len(text.split())
    return (
        1 <= words <= _MAX_ROLE_LINE_WORDS
        and not _LIST_ITEM.match(text)
        and not (words > 3 and text.endswith("."))
        and not names_section_kind(text)
        and not _RULE.search(text)
        and not _CONTACT_SHAPE.search(text)
        and not parse_dates(text)
        and not _OPEN_RANGE.search(text)
        and re.search(r"[^\W\d_]{2}", text) is not None
    )


def _role_text(line: str) -> str:
    """A line as a role's part: as written, without its bullet."""
    bullet = _LIST_ITEM.match(line)
    return (line[bullet.end() :] if bullet else line).strip()


# Month names, and words that close a date range: what a line of dates holds besides years.
_DATE_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|\b(?:present|now|today)\b"
    r"|\b(?:19|20)\d\d\b|[-–—,/]|\bto\b",
    re.I,
)


def _is_dates(line: str) -> bool:
    """ "May 2021 - Present", "January - May 2021": a line of nothing but dates."""
    return is_date_only(line) or (
        bool(_A_YEAR.search(line)) and not _DATE_WORDS.sub("", line).strip()
    )


def _says_now(text: str) -> bool:
    """ "Currently works at Acme, used to edit a newsletter": a sentence that says what someone
    does now before it mentions the past."""
    now, past = _CURRENTLY.search(text), _PAST.search(text)
    return now is not None and (past is None or now.start() < past.start())


def _experience(doc: Document, sections: list[Section]) -> Iterator[Fact]:
    for section in sections:
        if section.kind != "experience":
            continue
        for entry in section.entries:
            if entry.dates and not entry.dates.present and not _is_rule(entry.title):
                fields = _without_empty(
                    {"organisation": entry.context, "years": entry.dates.label()}
                )
                text = _entry_text(doc, entry, _job_title_lines(doc, entry), " — ")
                yield Fact("experience", text, doc.source, entry.start, entry.lines[0][1], fields)


# A sentence about a job at an organisation: "as VP of Platform at Babbel", "began at
# HelloFresh", "At N26 I led 40 engineers" (an organisation's name is capitalised).
_JOB_AT = re.compile(r"(?:\b(?:at|@)\s+|^\W*(?:At|With)\s+)(?:the\s+)?[A-Z0-9]")
# Words that put a job in the past (general English): the jobs before the current one.
_PAST_JOB = re.compile(
    r"\b(?:was|were|had|served|worked|led|joined|began|started|spent|moved|advanced|became"
    r"|earlier|previously|formerly|then|before|prior)\b",
    re.I,
)
_MAX_CAREER_SENTENCES = 6


def _career_sentences(doc: Document, sections: list[Section]) -> Iterator[Fact]:
    """A profile told as prose, without an experience section: the sentences of its
    describing sections that tell of a past job at an organisation, in the order told."""
    if any(section.kind == "experience" for section in sections):
        return
    count = 0
    for sentence in _describing_sentences(doc, sections):
        text = sentence.text
        if _JOB_AT.search(text) and _PAST_JOB.search(text) and not _says_now(text):
            yield _fact("experience", doc, sentence, {"form": "sentence"})
            count += 1
            if count >= _MAX_CAREER_SENTENCES:
                return


# Sections whose entries are counted: "how many papers has she published?"
COUNTED_KINDS = frozenset({"publications", "talks", "awards", "teaching", "students", "projects"})


def _counts(doc: Document, sections: list[Section]) -> Iterator[Fact]:
    for section in sections:
        if section.kind in COUNTED_KINDS and section.entries and section.title:
            heading_end = doc.text.find("\n", section.start)
            end = len(doc.text) if heading_end < 0 else heading_end
            fields = {"section": section.kind, "entries": str(len(section.entries))}
            yield Fact("count", section.title, doc.source, section.start, end, fields)


# Sections whose entries are answered whole, a few at a time: "What did she publish in 2023?"
LISTED_KINDS = frozenset({"publications", "talks", "awards"})


def _list_entries(doc: Document, sections: list[Section]) -> Iterator[Fact]:
    for section in sections:
        if section.kind not in LISTED_KINDS:
            continue
        for entry in section.entries:
            fields = {"section": section.kind, "heading": section.title}
            yield Fact(
                "entry",
                " ".join(doc.text[s:e].strip() for s, e in entry.lines),  # without a group note
                doc.source,
                entry.start,
                entry.end,
                _without_empty({**fields, "years": entry.dates.label()}),
            )


_PAST = re.compile(r"\b(?:previously|formerly|before|was|were|used to|prior to)\b", re.I)


def _entry_text(doc: Document, entry: Entry, max_lines: int, joiner: str = " ") -> str:
    lines = [doc.text[s:e].strip() for s, e in entry.lines[:max_lines]]
    text = joiner.join(lines)
    return f"{entry.context} — {text}" if entry.context else text


# ---------------------------------------------------------------------------- education

# Degree names and abbreviations of English-language CVs.
DEGREE = re.compile(
    r"(?<![\w.])(?:Ph\.?\s?D\.?|D\.?\s?Phil\.?|Doctor(?:ate)?(?:\s+of\s+[A-Z]\w+)?|Sc\.?D\.?"
    r"|M\.?\s?Sc\.?|M\.?\s?S\.?(?=[\s,])|M\.?\s?A\.?(?=[\s,])|MBA|MFA|M\.?\s?Eng\.?|M\.?\s?Tech\.?"
    r"|M\.?\s?Phil\.?|Master(?:'s|’s|s)?(?:\s+of\s+(?:Fine\s+Arts|Business\s+Administration|[A-Z]\w+))?"
    r"|B\.?\s?Sc\.?|B\.?\s?S\.?(?=[\s,])|B\.?\s?A\.?(?=[\s,])"
    r"|B\.?\s?Eng\.?|B\.?\s?Tech\.?|B\.?\s?E\.?(?=[\s,])|Bachelor(?:'s|’s|s)?(?:\s+of\s+[A-Z]\w+)?"
    r"|J\.?\s?D\.?(?=[\s,])|M\.?\s?D\.?(?=[\s,])|LL\.\s?[BM]\.|A\.?\s?B\.?(?=[\s,])|Diploma|Habilitation"
    r"|Engineer(?:'s|’s)\s+[Dd]egree"  # the European engineering degree
    # the German doctorates, written with their field: "Dr. rer. nat.", "Dr.-Ing.", "Dr. phil."
    r"|Dr\.?[\s-]?(?:rer\.\s?(?:nat|pol|oec|soc)|phil|Ing|med|jur|sc\.\s?(?:nat|techn))\."
    # small capitals often come out of PDFs in lower case: the unambiguous long forms, and
    # short ones written with their dots ("m.eng. & b.a. in engineering")
    r"|(?i:ph\.?\s?d\.?|d\.?\s?phil|mphil|msc|bsc|mba|doctorate|master(?:'s|s)?|bachelor(?:'s|s)?"
    r"|[bm]\.\s?(?:a|s|sc|eng|tech|phil)\.))"
    r"(?![\w])",
)
# Words that name a place of study.
_INSTITUTION = re.compile(
    r"(?:(?:The\s+)?(?:[A-Z][\w.&'’-]*\s+){0,5}(?:University|Universit[éàäy]\w*|College|Institute"
    r"|Institut|School|Academy|Polytechnic|Politecnico|Hochschule|Conservatory|Seminary)(?!\w)"
    r"(?:\s+(?:of|at|for|in|and|de|di|du|del|der|für|&)\s+(?:the\s+)?[A-Z][\w.&'’-]*"
    r"(?:\s+[A-Z][\w.&'’-]*){0,4})*)|(?:\b(?:ETH|EPFL|MIT|KAIST|UCLA|CMU|IIT|Caltech)\b[\w ,]{0,20})"
    r"|\b[A-Z][a-z]+\s+Tech\b(?!\s+[A-Z])"  # "Virginia Tech", not "Senior Tech Lead"
)
# "University of California, Los Angeles": a university system names its campus after a comma;
# the institution ends in "of <Name>" and the campus is one to three capitalised words.
_OF_A_NAME = re.compile(
    r"\b(?:of|de|di|du|del|der)\s+(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*)*$"
)
_CAMPUS = re.compile(r",[ \t]+(?P<campus>[A-Z][\w'’-]*(?:[ \t-]+[A-Z][\w'’-]*){0,2})")
# Head words of fields of study (general academic English): "University of Michigan, Computer
# Science" names a field after the comma, not a campus.
_FIELD_WORDS = frozenset(
    "science sciences engineering studies mathematics physics chemistry biology economics "
    "linguistics literature arts medicine law management business statistics philosophy "
    "psychology history education design informatics technology".split()
)


def institution_named(text: str) -> str:
    """The first place of study `text` names, with its campus when a university system's
    name is followed by one ("University of California, Los Angeles"); "" when none."""
    match = _INSTITUTION.search(text)
    if match is None:
        return ""
    name = _clean(match.group(0))
    campus = _CAMPUS.match(text, match.end())
    if campus and _OF_A_NAME.search(match.group(0).rstrip()):
        words = campus.group("campus").lower().replace("-", " ").split()
        if not _FIELD_WORDS.intersection(words) and not DEGREE.search(campus.group("campus")):
            return f"{name}, {campus.group('campus')}"
    return name


# A degree's name used for something else than a degree held: "the PhD program she directs",
# "PhD students", "the master's committee" (general academic English).
_NOT_HELD_AFTER = re.compile(
    r"\s*(?:programs?|programmes?|students|candidates|committees?|admissions?|applicants"
    r"|courses?|positions?|openings?|level\s+courses?)\b",
    re.I,
)


def held_degree(text: str) -> re.Match[str] | None:
    """The first degree `text` names as a degree someone holds or studies for, not as the name
    of a program, a course or a group of students."""
    for match in DEGREE.finditer(text):
        if not _NOT_HELD_AFTER.match(text, match.end()):
            return match
    return None


_ADVISOR_PATTERNS = (
    re.compile(
        r"\b(?:co-?)?(?:advis[eo]rs?|supervisors?|mentors?|promot[eo]rs?)\s*[:–-]\s*(?P<names>[^.;\n]+)",
        re.I,
    ),
    re.compile(
        r"(?P<names>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3})\s*\((?:co-?)?(?:advis[eo]r|supervisor|chair)\)"
    ),
    re.compile(r"\b(?:advised|supervised|mentored|guided)\s+by\s+(?P<names>[^.;\n]+)", re.I),
    re.compile(
        r"\bunder\s+(?:the\s+)?(?:supervision|guidance|direction|mentorship)\s+of\s+(?P<names>[^.;\n]+)",
        re.I,
    ),
    # "My advisor is Prof. Ann Roe", "his supervisors were …": the role word as a subject
    re.compile(
        r"\b(?:co-?)?(?:advis[eo]rs?|supervisors?|mentors?)\s+(?:is|was|are|were)\s+(?P<names>[^.;\n]+)",
        re.I,
    ),
)
_PERSON_NAME = re.compile(
    r"(?:(?:Prof(?:essor)?|Dr)\.?\s+)?(?P<name>[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]+)){1,3})"
)


def _education(doc: Document, sections: list[Section]) -> Iterator[Fact]:
    found = False
    for section in sections:
        if section.kind != "education":
            continue
        for index, entry in enumerate(section.entries):
            fact = _degree_fact(doc, section, index, entry)
            if fact:
                found = True
                yield fact
    if found:
        return
    # No education section: degrees stated in sentences ("I obtained my Ph.D. from …").
    for section in sections:
        for sentence in _sentences(doc.text, section.body_start, section.end):
            degree = held_degree(sentence.text)
            institution = institution_named(sentence.text)
            if degree and institution:
                fields = {"degree": _clean(degree.group(0)), "institution": institution}
                years = parse_dates(sentence.text).label()
                advisor = _advisor(sentence.text)
                yield _fact(
                    "education",
                    doc,
                    sentence,
                    # From running text: other degrees may be stated in ways not recognised.
                    _without_empty({**fields, "years": years, "advisor": advisor, "listed": "no"}),
                )


def _degree_fact(doc: Document, section: Section, index: int, entry: Entry) -> Fact | None:
    text = doc.text[entry.start : entry.end]
    degree = held_degree(text)
    if not degree:
        return None
    institution = institution_named(text) or institution_named(entry.context)
    if not institution:
        institution = _nearest_institution(doc, section, index)
    advisor = _advisor(text)
    written = _entry_text(doc, entry, max_lines=len(entry.lines))  # with thesis, major, …
    dates = entry.dates
    above = _dated_line_above(doc, section, index) if not dates else None
    if above is not None:  # "Lakeside University · 2015 – 2020" over "Ph.D. in Physics"
        written, dates = f"{above.title} {written}", above.dates
    fields = {
        "degree": _clean(degree.group(0)),
        "institution": institution,
        "years": dates.label(),
        "advisor": advisor,
        "advisor_line": _line_naming(doc, entry, advisor) if advisor else "",
        "entry": written,
    }
    shown = _entry_text(doc, entry, max_lines=_title_lines(doc, entry))
    return Fact("education", shown, doc.source, entry.start, entry.end, _without_empty(fields))


def _title_lines(doc: Document, entry: Entry) -> int:
    """The entry's title, plus its second line when that holds the dates or the degree; under
    a line of dates alone, the lines naming what and where ("2012" over "MSc in Physics")."""
    if _lines_under_dates_alone(doc, entry):
        return 1 + _lines_under_dates_alone(doc, entry)
    if len(entry.lines) > 1 and not entry.dates and not DEGREE.search(entry.title):
        return 2
    return 1


def _lines_under_dates_alone(doc: Document, entry: Entry) -> int:
    """How many short lines (a title, a place: at most two) follow an entry's first line when
    that line is nothing but dates ("2015–2017" over "Senior Developer" over "Acme")."""
    if len(entry.lines) < 2 or not is_date_only(doc.text[entry.lines[0][0] : entry.lines[0][1]]):
        return 0
    written = [doc.text[s:e] for s, e in entry.lines[1:3]]
    return len(list(itertools.takewhile(is_role_line, written)))


def _job_title_lines(doc: Document, entry: Entry) -> int:
    """A job's first line, and its second when only that one holds the dates: "Acme · Berlin"
    over "Engineer · Apr 2021 – Present" (the employer, then the title and dates)."""
    if len(entry.lines) > 1:
        first, second = (doc.text[s:e] for s, e in entry.lines[:2])
        if not parse_dates(first) and parse_dates(second):
            return 2
        if _lines_under_dates_alone(doc, entry):
            return _title_lines(doc, entry)
        if parse_dates(first) and is_role_line(second):  # "Acme · 2022 – 2024" over the role
            return 2
    return _title_lines(doc, entry)


def _line_naming(doc: Document, entry: Entry, name: str) -> str:
    """The line of the entry that names `name` ("Committee: … (supervisor)")."""
    surname = name.split(",")[0].split()[-1]
    for start, end in entry.lines[1:]:
        line = doc.text[start:end].strip()
        if surname in line:
            return line
    return ""


def _dated_line_above(doc: Document, section: Section, index: int) -> Entry | None:
    """The entry right above an undated degree when it is a dated line naming no degree: the
    institution and years a CV sets over the degree."""
    if index == 0:
        return None
    above = section.entries[index - 1]
    if not above.dates or len(above.lines) > 1 or DEGREE.search(above.title):
        return None
    return above


def _nearest_institution(doc: Document, section: Section, index: int) -> str:
    """The institution named by the closest entry above, else below (CVs put it either side);
    below first when the section's first degree has its institution below it (a list of
    degrees each over its institution)."""
    above, below = range(index - 1, -1, -1), range(index + 1, len(section.entries))
    order = [*below, *above] if _institutions_below(doc, section) else [*above, *below]
    for other in order:
        entry = section.entries[other]
        if other > index and DEGREE.search(doc.text[entry.start : entry.end]):
            break
        named = institution_named(doc.text[entry.start : entry.end])
        if named:
            return named
    return ""


def _institutions_below(doc: Document, section: Section) -> bool:
    """Whether the section's first entry is a degree naming no institution, over an entry that
    names one and no degree."""
    texts = [doc.text[e.start : e.end] for e in section.entries[:2]]
    return (
        len(texts) == 2
        and held_degree(texts[0]) is not None
        and not institution_named(texts[0])
        and held_degree(texts[1]) is None
        and bool(institution_named(texts[1]))
    )


def advisor_named(text: str) -> str:
    """The advisors a line or sentence names with advisor vocabulary ("Supervisor: Ann Roe",
    "advised by Dr. Ann Roe"), comma-separated; "" when it names none."""
    return _advisor(text)


def _advisor(text: str) -> str:
    text = re.sub(r"\b(Prof|Dr|Mr|Mrs|Ms)\.\s", r"\1 ", text)  # the dot is not a sentence end
    for pattern in _ADVISOR_PATTERNS:
        match = pattern.search(text)
        if match:
            names = [m.group("name") for m in _PERSON_NAME.finditer(match.group("names"))]
            if names:
                return names[0] if pattern is _ADVISOR_PATTERNS[1] else ", ".join(names[:3])
    return ""


_MONTH_WORD = r"(?:[A-Z][a-z]{2,8}\.?\s+)?"
# A date or a date range as the document writes it ("Aug 2017 — May 2022", "2019 - present").
_WRITTEN_DATES = re.compile(
    rf"{_MONTH_WORD}(?:19|20)\d\d(?:\s*[-–—]+\s*|\s+to\s+)"
    rf"(?:(?:expected|est\.?)\s+)?(?:{_MONTH_WORD}(?:19|20)\d\d|[Pp]resent|[Nn]ow|[Tt]oday)\b"
    rf"|(?:est\.?\s+|expected\s+)?{_MONTH_WORD}(?:19|20)\d\d\b"
)
# Where the degree's own words end in an entry: its dates, a separator, a sentence end.
# (Lines of an entry are joined by spaces, so a labelled field "Thesis: …" ends it too; a
# sentence ends after a word, not after "Prof.".)
_CLAUSE_END = re.compile(
    r"\s+[·|•—]\s+|;\s|(?<=[a-z]{4})\.\s+(?=[A-Z])|\s+[A-Z][\w-]*:\s"
    r"|,?\s*\(?" + _WRITTEN_DATES.pattern
)


# An education entry this short is quoted whole when its place of study is not recognised.
_MAX_WHOLE_ENTRY_WORDS = 30


def degree_summary(fact: Fact) -> str:
    """An education fact as one short line composed of what its entry writes: the degree with
    its field ("Ph.D. in Physics", "BA. Spanish Language and Literature"), the institution
    when those words do not name it, and the dates ("Ph.D. in Physics, Lakeside University
    (2015 — 2020)"); each part is copied from the entry, a part it lacks is left out."""
    span = _degree_span(fact)
    if span is None:
        return fact.text
    entry, start, own_end = span
    degree = fact.fields.get("degree", "")
    stops = [m.start() for m in (_CLAUSE_END.search(entry, start + len(degree)),) if m]
    title = entry[start : min([*stops, own_end])].strip(" ,:;")
    if not title.endswith(degree):  # "Ph.D." keeps its dot, a sentence does not
        title = title.rstrip(".")
    if title.count(")") > title.count("("):  # "Research Assistant (PhD Student)"
        title = title.rstrip(")")
    title = _field_before(entry, start, fact.fields.get("institution", "")) + title
    parts = [title]
    institution = _school_of(entry, fact.fields.get("institution", ""), title)
    if institution:
        parts.append(institution)
    dates = degree_dates(fact)
    line = ", ".join(parts)
    if not fact.fields.get("institution") and len(entry.split()) <= _MAX_WHOLE_ENTRY_WORDS:
        return entry  # no place of study recognised: the entry says it, whole
    return f"{line} ({dates})" if dates else line


def _degree_span(fact: Fact) -> tuple[str, int, int] | None:
    """The fact's entry, where its degree's words start and where the next degree's begin."""
    entry = fact.fields.get("entry", fact.text)
    degree = fact.fields.get("degree", "")
    start = entry.find(degree) if degree else -1
    if start < 0:
        return None
    following = DEGREE.search(entry, start + len(degree))  # another degree's words begin
    # one combined degree ("M.Eng. & B.A. in Engineering"), or its abbreviation in brackets
    # ("Master of Arts (M.A.) in Education")
    while following and entry[start + len(degree) : following.start()].strip() in {*_JOINED, "("}:
        start_of_next = following.end()
        following = DEGREE.search(entry, start_of_next)
    return entry, start, following.start() if following else len(entry)


def degree_words(fact: Fact) -> str:
    """What an education fact's entry writes of its own degree: from the degree's name to
    the next degree's (the whole text for a sentence, or when the degree is not found)."""
    span = _degree_span(fact)
    if span is None:
        return fact.fields.get("entry", fact.text)
    entry, start, own_end = span
    return entry[start:own_end]


def degree_dates(fact: Fact) -> str:
    """The dates an education fact's entry writes for its own degree ("2022 – Est. 2027"):
    after the degree and before the next degree's words, else before it; "" when none."""
    span = _degree_span(fact)
    if span is None:
        return ""
    entry, start, own_end = span
    dates = _WRITTEN_DATES.search(entry, start, own_end) or _WRITTEN_DATES.search(entry, 0, start)
    return dates.group(0) if dates else ""


# What may stand between a field of study and the degree after it: "Computer Science, Ph.D.".
_FIELD_BEFORE = re.compile(
    r"(?:^|(?<=[\s·|;—–-]))(?P<field>[A-Z][\w&'’-]*(?:\s+[\w&'’-]+){0,5}),\s+$"
)


# What joins the two degrees of one combined degree.
_JOINED = frozenset({"&", "and", "/", "+"})


def _field_before(entry: str, start: int, institution: str) -> str:
    """The field of study written before a degree ("Computer Science, " of "Computer Science,
    Ph.D., 2019"), or "": the words since the last date, separator or institution, when
    they are a few words ending in a comma and name no institution."""
    before = entry[:start]
    cut = max(
        [
            before.rfind(mark) + len(mark)
            for mark in (" · ", " | ", "; ", " — ", " – ")
            if mark in before
        ]
        + [m.end() for m in _WRITTEN_DATES.finditer(before)]
        + [m.end() for m in _INSTITUTION.finditer(before)]
        + ([before.rfind(institution) + len(institution)] if institution in before else [])
        + [0]
    )
    match = _FIELD_BEFORE.search(before[cut:])
    if (
        match is None
        or _INSTITUTION.search(match.group("field"))
        or DEGREE.search(match.group("field"))
    ):
        return ""
    return before[cut + match.start("field") :]


def _school_of(entry: str, institution: str, title: str) -> str:
    """The place of study the degree's words do not name: the institution found at index time,
    else another one the entry names ("School of Engineering" is in the title, the university
    before it)."""
    named = [_clean(m.group(0)) for m in _INSTITUTION.finditer(entry)]
    for school in [institution, *named]:
        if school and school.casefold() not in title.casefold():
            short = re.search(rf"{re.escape(school)}\s+(\([A-Z][A-Za-z&]+\))", entry)
            return f"{school} {short.group(1)}" if short else school  # "… Technology (KAIST)"
    return ""


# ---------------------------------------------------------------------------- contact

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
# An e-mail written to fool harvesters: the "@" as "[at]", "(at)", "{at}" or " at ", the dots
# as "[dot]", " dot " or "." ("jane [at] example [dot] org", "sam dot lee at uni dot edu").
_AT_BRACKETED = r"\s*[\[(<{]\s*at\s*[\])>}]\s*"
_AT_WORD = r"\s+(?:at|AT)\s+"
_DOT = r"(?:\s*[\[(<{]\s*dot\s*[\])>}]\s*|\s+(?:dot|DOT)\s+|\.)"
_ADDRESS_PART = rf"[\w+-]+(?:{_DOT}[\w+-]+)*"
_OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.+-])({_ADDRESS_PART})(?:{_AT_BRACKETED}|{_AT_WORD})([\w-]+(?:{_DOT}[\w-]+)+)"
)
_SPELLED_DOT = re.compile(_DOT)
# The last part of an address's domain: letters only ("edu", "org", "co.uk"'s "uk").
_TOP_LEVEL = re.compile(r"\.[A-Za-z]{2,}$")
_PHONE = re.compile(
    r"(?<![\w/.-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{2,4}[\s.-])\d{2,4}[\s.-]\d{3,4}(?:[\s.-]\d{2,4})?(?![\w/-])"
)
_PHONE_LABEL = re.compile(r"\b(?:phone|tel|telephone|mobile|cell|fax)\b|☎|📞", re.I)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]\"']+")
# A profile site's address written without "https://" ("github.com/jdoe", "linkedin.com/in/x").
_BARE_PROFILE_URL = re.compile(
    r"(?<![\w./@-])(?:[a-z]+\.)?(?:linkedin\.com|github\.com|gitlab\.com|scholar\.google\.[a-z.]+"
    r"|orcid\.org|twitter\.com|x\.com|researchgate\.net|dblp\.org|semanticscholar\.org"
    r"|huggingface\.co|kaggle\.com|medium\.com|stackoverflow\.com)/[^\s<>()\[\]\"'|,;]+",
    re.I,
)
# A website written without "https://" after a label ("Website: janedoe.dev").
_LABELLED_SITE = re.compile(
    r"\b(?:web\s*site|web\s*page|homepage|home\s+page|web|site|blog|portfolio|url)\s*[:：]\s*"
    r"((?:[\w-]+\.)+[A-Za-z]{2,}(?:/[^\s<>()\[\]\"'|,;]*)?)",
    re.I,
)
# An ORCID iD however it is written: four groups of four digits, the last may end in X.
_ORCID_ID = re.compile(r"(?<![\w/-])\d{4}-\d{4}-\d{4}-\d{3}[\dX](?![\w-])")
# A piece of a contact line that is only a social handle ("@jdoe") or only an international
# number written without spaces ("+33629583939"): the line's separators delimit the pieces.
_PIECE_SEPARATORS = re.compile(r"\s*[|·•,;]\s*|\s{2,}")
_BARE_HANDLE = re.compile(r"@[A-Za-z0-9_][\w.]{1,29}")
_UNSPACED_PHONE = re.compile(r"\+\d{8,15}")
# A handle after a label: what the site calls a user name.
_HANDLE = r"@?[A-Za-z0-9][\w.-]{0,38}[A-Za-z0-9_]"
# Labels of profile sites before a handle ("GitHub: jdoe42", "Twitter: @jdoe").
_LABELLED_HANDLE = re.compile(
    rf"\b(github|gitlab|linkedin|twitter|orcid|mastodon)\s*[:：]\s*({_HANDLE})(?![\w./@-])", re.I
)
# Hosts of profile sites, by the name a user asks for.
_PROFILE_SITES = {
    "linkedin": ("linkedin.com",),
    "github": ("github.com",),
    "scholar": ("scholar.google.",),
    "orcid": ("orcid.org",),
    "dblp": ("dblp.org", "dblp.uni-trier.de"),
    "twitter": ("twitter.com", "x.com"),
    "researchgate": ("researchgate.net",),
    "semantic scholar": ("semanticscholar.org",),
}


def _contact(doc: Document) -> Iterator[Fact]:
    seen: set[str] = set()
    for line_start, line_end in _line_spans(doc.text, 0, len(doc.text)):
        line = doc.text[line_start:line_end]
        for kind, value in _contacts_in_line(line):
            if value.casefold() not in seen:
                seen.add(value.casefold())
                yield Fact(
                    "contact",
                    line.strip(),
                    doc.source,
                    line_start,
                    line_end,
                    {"type": kind, "value": value},
                )
    for url in doc.links:
        kind = _link_kind(url)
        value = url.removeprefix("mailto:")
        if kind and value.casefold() not in seen:
            seen.add(value.casefold())
            yield Fact("contact", url, doc.source, -1, -1, {"type": kind, "value": value})


def _contacts_in_line(line: str) -> Iterator[tuple[str, str]]:
    for match in _EMAIL.finditer(line):
        yield "email", match.group(0)
    if "@" not in line:
        yield from (("email", address) for address in _obfuscated_emails(line))
    for match in _PHONE.finditer(line):
        digits = re.sub(r"\D", "", match.group(0))
        looks_like_years = re.fullmatch(r"((19|20)\d\d)+", digits) is not None
        if (
            9 <= len(digits) <= 15
            and not looks_like_years
            and (
                _PHONE_LABEL.search(line)
                or "(" in match.group(0)
                or "+" in match.group(0)
                or "|" in line
                or len(line) < 40
            )
        ):
            yield "phone", match.group(0).strip()
    for match in _URL.finditer(line):
        url = match.group(0).rstrip(".,;:")
        kind = _link_kind(url)
        if kind:
            yield kind, url
    yield from _written_without_scheme(line)
    for match in _ORCID_ID.finditer(line):
        yield "orcid", match.group(0)
    for piece in _PIECE_SEPARATORS.split(line.strip()):
        if _BARE_HANDLE.fullmatch(piece):
            yield "handle", piece
        elif _UNSPACED_PHONE.fullmatch(piece):
            yield "phone", piece


def _obfuscated_emails(line: str) -> Iterator[str]:
    """ "jane [at] example [dot] org", "jane(at)example.org", "sam dot lee at uni dot edu";
    a word "at" counts only with a spelled-out "dot" ("… at Google." is no address). Each
    position is tried: "reach me at jane(at)uni.edu" has an address after a first "at"."""
    position = 0
    while (match := _OBFUSCATED_EMAIL.search(line, position)) is not None:
        written = match.group(0)
        bracketed = re.search(_AT_BRACKETED, written) is not None
        domain = _SPELLED_DOT.sub(".", match.group(2))
        if (bracketed or re.search(r"\bdot\b", written, re.I)) and _TOP_LEVEL.search(domain):
            yield f"{_SPELLED_DOT.sub('.', match.group(1))}@{domain}"
            position = match.end()
        else:
            position = match.start() + len(match.group(1)) + 1


def _written_without_scheme(line: str) -> Iterator[tuple[str, str]]:
    """Profile links and websites written without "https://", and handles after a site's
    label ("github.com/jdoe", "Website: jdoe.dev", "GitHub: jdoe"; an icon-font glyph is
    read as its label, readers/clean.py)."""
    for match in _BARE_PROFILE_URL.finditer(line):
        if not line[: match.start()].rstrip().endswith(("//", "www.")):
            yield _link_kind(match.group(0)), match.group(0).rstrip(".")
    for match in _LABELLED_SITE.finditer(line):
        yield _link_kind(match.group(1)), match.group(1).rstrip(".")
    for match in _LABELLED_HANDLE.finditer(line):
        yield match.group(1).lower(), match.group(2)


def _link_kind(url: str) -> str:
    if url.startswith("mailto:"):
        return "email"
    host = urlparse(url if "://" in url else f"http://{url}").netloc.lower().removeprefix("www.")
    if not host:
        return ""
    for kind, hosts in _PROFILE_SITES.items():
        if any(host == h or host.endswith("." + h) or host.startswith(h) for h in hosts):
            return kind
    return "website"


# ---------------------------------------------------------------------------- interests

# Sentences that state what someone works on.
_INTEREST_STATEMENT = re.compile(
    r"\b(?:research\s+interests?|interested\s+in|(?:my|his|her|their|our)\s+(?:research|work)"
    r"(?:\s+\w+){0,2}?\s+(?:focuses|centers|centres|lies|lie|spans|examines|explores|investigates"
    r"|studies|addresses|aims|asks|seeks|concerns|surrounds|revolves|tackles|is\s+(?:on|about|in))"
    r"|research\s+(?:focuses|centers|centres|lies|spans|is)|(?:work|research)\s+(?:focuses|is focused)\s+on|focus\s+is\s+on"
    r"|focus(?:es|ing)?\s+on|I\s+(?:work|study|research)\s+(?:on|in)|working\s+on"
    r"|research(?:ed|ing)?\s+(?:on|into)"
    r"|(?:he|she|they|[A-Z][\w'’-]+)\s+(?:works|studies|researches)\s+(?:on|in)|areas?\s+of\s+(?:research|interest|expertise))\b",
    re.I,
)
# Sentences with those words that say something else: where the work appeared or can be found,
# or what the reader may be interested in ("If my research aligns with your needs, …").
_NOT_A_TOPIC = re.compile(
    r"\b(?:published|available|appeared|funded|sponsored|you|your|you['’]re)\b|^\W*(?:if|whether)\b",
    re.I,
)
# A keyword line of a research-interests section ("Media Studies"), not a paper or a project.
_MAX_TOPIC_LINE_WORDS = 12
_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


# A labelled line of topics anywhere in a CV: "Interests: networked systems, robot learning".
_INTERESTS_LABEL = re.compile(
    r"^[ \t]*(?:research\s+)?(?:interests?|areas?(?:\s+of\s+(?:interest|expertise))?|topics"
    r"|keywords|expertise|specialties|specializations?)\s*:[ \t]*\S",
    re.I | re.M,
)


def _interests(doc: Document, sections: list[Section]) -> Iterator[Fact]:
    listed = [*_listed_interests(doc, sections), *_labelled_interests(doc)]
    if listed:
        yield from listed
        return
    count = 0
    for sentence in _describing_sentences(doc, sections):
        if _INTEREST_STATEMENT.search(sentence.text) and not _NOT_A_TOPIC.search(sentence.text):
            yield _fact("interests", doc, _with_list(doc, sentence))
            count += 1
            if count >= _MAX_INTEREST_SENTENCES:
                return


# A bio states its topics in a few sentences; further ones are about something else.
_MAX_INTEREST_SENTENCES = 4


def _labelled_interests(doc: Document) -> Iterator[Fact]:
    for match in _INTERESTS_LABEL.finditer(doc.text):
        end = doc.text.find("\n", match.start())
        end = len(doc.text) if end < 0 else end
        start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
        yield Fact("interests", doc.text[start:end].strip(), doc.source, start, end)


def _listed_interests(doc: Document, sections: list[Section]) -> Iterator[Fact]:
    """The entries of research-interest sections that state a topic: a statement or a keyword
    line. A "Research" section that lists papers or projects gives its statement only, or,
    when it has none, its first entries (the section's name says they are what they work on)."""
    for section in sections:
        if section.kind != "interests":
            continue
        texts = [
            (span, text)
            for e in section.entries
            for span, text in _topic_items(doc, e)
            if not _is_dates(text)  # the dates of a card the section ran into
        ]
        topical = [(span, t) for span, t in texts if _states_a_topic(t)] or texts[:6]
        fields = {"leisure": "yes"} if _LEISURE_HEADING.search(section.title) else {}
        for (start, end), text in topical[:6]:
            yield Fact("interests", text, doc.source, start, end, dict(fields))


# The heading of a list of pastimes rather than of research topics ("Hobbies", "Interests &
# Hobbies", "Free time"), in English and the other languages résumés are written in most often
# (structure.py's OTHER_LANGUAGE_PHRASES).
_LEISURE_HEADING = re.compile(
    r"\b(?:hobb(?:y|ies|ys)|leisure|pastimes?|free\s+time|spare\s+time|personal\s+interests?"
    r"|outside\s+(?:of\s+)?work|freizeit|loisirs|aficiones|хобби)\b",
    re.I,
)


def _topic_items(doc: Document, entry: Entry) -> list[tuple[tuple[int, int], str]]:
    """An entry of an interests section as its topics: each of its lines when every line is
    one short topic ("* Gastronomy" / "* Fashion design" under a rule line), else the whole
    entry; rule lines left out."""
    lines = [(span, _without_rules(doc.text[span[0] : span[1]])) for span in entry.lines]
    lines = [
        (span, _LIST_ITEM.sub("", text, count=1) if _LIST_ITEM.match(text) else text)
        for span, text in lines
        if text
    ]
    if len(lines) > 1 and all(_states_a_topic(text) for _, text in lines):
        return lines
    text = _without_rules(_entry_text(doc, entry, len(entry.lines)))
    return [((entry.start, entry.end), text)] if text else []


def _without_rules(text: str) -> str:
    """ "........ * Gastronomy * Fashion design": an entry without the rule lines set in it."""
    return _clean(_RULE.sub(" ", text))


def _states_a_topic(text: str) -> bool:
    if _INTEREST_STATEMENT.search(text) and not _NOT_A_TOPIC.search(text):
        return True
    short = len(text.split()) <= _MAX_TOPIC_LINE_WORDS
    return short and not _A_YEAR.search(text) and not text.rstrip().endswith((".", "!", "?"))


def _describing_sentences(doc: Document, sections: list[Section]) -> list[_Sentence]:
    """Sentences of the sections that describe the person: about sections anywhere, untyped
    ones near the top (further down they are a paper's abstract or a project's)."""
    return [
        sentence
        for index, section in enumerate(sections)
        if section.kind in {"about", "interests"} or (section.kind == "other" and index < 3)
        for sentence in _sentences(doc.text, section.body_start, section.end)
    ]


def _with_list(doc: Document, sentence: _Sentence) -> _Sentence:
    """A statement that ends in a colon with the list that follows it ("questions of the
    following kind:" and its bullets)."""
    if not sentence.text.rstrip().endswith(":"):
        return sentence
    end = sentence.end
    for line_start, line_end in _line_spans(doc.text, sentence.end, len(doc.text)):
        if not _LIST_ITEM.match(doc.text, line_start):
            break
        end = line_end
    return _Sentence(doc.text[sentence.start : end], sentence.start, end)


_LIST_ITEM = re.compile(r"[ \t]*(?:[•·▪‣◦●○■*-]|\d{1,2}[.)])\s+")


# ---------------------------------------------------------------------------- helpers


def _fact(
    kind: str, doc: Document, sentence: _Sentence, fields: dict[str, str] | None = None
) -> Fact:
    return Fact(kind, sentence.text, doc.source, sentence.start, sentence.end, fields or {})


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" ,;:-–—")


def _without_empty(fields: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in fields.items() if v}
