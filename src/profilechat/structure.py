"""Stage "structure": a profile's clean text as CV sections holding entries.

A section is a heading and what follows it, with a kind (education, experience, publications,
…) recognised from general CV vocabulary in the heading. An entry is one item of a section: a
title line, its dates and the detail lines and bullets that belong to it ("Google — Engineer,
2019–2022" and the bullets under it). Chunks and answer units follow entries, so a bullet never
loses its entry's title and dates.

Everything here works on character offsets into `Document.text`, so any part of the structure can
be quoted and cited exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from .readers.clean import CELL_SEPARATOR, MAX_ENTRY_CHARS
from .types import Document

# ---------------------------------------------------------------------------- section kinds

# General CV vocabulary: the words résumé and homepage headings use for each kind of section.
# A heading is given the kind whose phrase it matches with the most words ("research interests"
# beats "research"); a heading matching none is "other".
SECTION_KIND_PHRASES: dict[str, tuple[str, ...]] = {
    "about": (
        "about",
        "about me",
        "bio",
        "biography",
        "short bio",
        "summary",
        "profile",
        "professional summary",
        "introduction",
        "overview",
        "who i am",
        "welcome",
        "personal statement",
        "personal profile",
        "professional profile",
        "career summary",
        "executive summary",
        "summary of qualifications",
    ),
    "interests": (
        "interests",
        "research interests",
        "research areas",
        "areas of interest",
        "research focus",
        "research",
        "research statement",
        "topics",
    ),
    "position": ("current position", "current positions", "current role", "current appointment"),
    "experience": (
        "experience",
        "work experience",
        "professional experience",
        "research experience",
        "industry experience",
        "industrial experience",
        "employment",
        "employment history",
        "work history",
        "career",
        "positions",
        "appointments",
        "academic appointments",
        "professional appointments",
        "internships",
        "full-time experience",
    ),
    "education": (
        "education",
        "academic background",
        "degrees",
        "qualifications",
        "academic qualifications",
        "training",
        "education and training",
    ),
    "publications": (
        "publications",
        "selected publications",
        "recent publications",
        "papers",
        "preprints",
        "journal articles",
        "conference papers",
        "articles",
        "books",
        "book chapters",
        "patents",
        "theses",
        "working papers",
        "manuscripts",
        "edited collections",
        "edited volumes",
        "extended abstracts",
        "workshop papers",
        # the sub-lists of a publication list, often a left-column heading of their own
        "conferences",
        "journals",
        "workshops",
        "conference proceedings",
        "journal papers",
        "refereed publications",
        "peer-reviewed publications",
    ),
    "awards": (
        "awards",
        "honors",
        "honours",
        "awards and honors",
        "honors and awards",
        "prizes",
        "fellowships",
        "grants",
        "scholarships",
        "achievements",
        "recognition",
        "funding",
    ),
    "teaching": (
        "teaching",
        "teaching experience",
        "courses",
        "courses taught",
        "lectures",
        "teaching assistant",
    ),
    "service": (
        "service",
        "professional service",
        "academic service",
        "activities",
        "professional activities",
        "committees",
        "reviewing",
        "memberships",
        "professional memberships",
        "affiliations",
        "leadership",
        "volunteering",
        "outreach",
    ),
    "students": (
        "students",
        "advising",
        "mentoring",
        "supervision",
        "current students",
        "former students",
        "advisees",
        "mentees",
        "group",
        "lab members",
        # a homepage's list of the students who have graduated
        "alumni",
        "former members",
        "past members",
    ),
    "talks": (
        "talks",
        "invited talks",
        "presentations",
        "keynotes",
        "seminars",
        "tutorials",
        "talks and tutorials",
        "conference presentations",
        "posters",
    ),
    "projects": (
        "projects",
        "selected projects",
        "software",
        "open source",
        "open source contributions",
        "open-source",
        "tools",
        "systems",
    ),
    "skills": (
        "skills",
        "technical skills",
        "programming languages",
        "languages",
        "technologies",
        "expertise",
        "competencies",
        "tools and technologies",
        # how developer profiles and READMEs head the list of what they use
        "tech stack",
        "technical stack",
        "technology stack",
        "stack",
        "toolbox",
        "toolkit",
        "frameworks",
        "proficiencies",
        "languages and tools",
        "tools and languages",
        "languages and frameworks",
        "frameworks and tools",
        "tools and frameworks",
        "skills and tools",
        "skills & tools",
    ),
    "contact": (
        "contact",
        "contact me",
        "contact information",
        "contact info",
        "get in touch",
        "links",
        "social",
        "find me",
        "email",
        # how developer READMEs head their links ("📫 How to reach me", "Connect with me")
        "reach me",
        "how to reach me",
        "connect with me",
        "socials",
        "where to find me",
    ),
    "news": ("news", "updates", "recent news", "announcements", "latest news"),
}
# The same headings in the other languages résumés are most often written in (German,
# French, Spanish): "Berufserfahrung", "Formation", "Experiencia laboral". Heading words are
# read in lower case without accents' combining marks, as PDF readers may drop them.
OTHER_LANGUAGE_PHRASES: dict[str, tuple[str, ...]] = {
    "about": (
        "profil",
        "uber mich",
        "über mich",
        "zusammenfassung",
        "kurzprofil",
        "a propos",
        "à propos",
        "resume",
        "résumé",
        "perfil",
        "sobre mi",
        "sobre mí",
        "resumen",
    ),
    "interests": (
        "interessen",
        "hobbys",
        "hobbies",
        "freizeit",
        "centres d'interet",
        "centres d'intérêt",
        "loisirs",
        "intereses",
        "aficiones",
    ),
    "experience": (
        "erfahrung",
        "berufserfahrung",
        "berufliche erfahrung",
        "berufspraxis",
        "werdegang",
        "beruflicher werdegang",
        "praktika",
        "experience professionnelle",
        "expérience professionnelle",
        "expériences professionnelles",
        "expériences",
        "parcours professionnel",
        "experiencia",
        "experiencia laboral",
        "experiencia profesional",
        "trayectoria profesional",
    ),
    "education": (
        "bildung",
        "ausbildung",
        "bildungsweg",
        "schulbildung",
        "studium",
        "formation",
        "formations",
        "diplomes",
        "diplômes",
        "educacion",
        "educación",
        "formacion",
        "formación",
        "estudios",
    ),
    "projects": ("projekte", "projets", "proyectos"),
    "skills": (
        "fahigkeiten",
        "fähigkeiten",
        "kenntnisse",
        "technische fahigkeiten",
        "technische fähigkeiten",
        "sprachen",
        "competences",
        "compétences",
        "langues",
        "habilidades",
        "competencias",
        "idiomas",
    ),
    "publications": ("publikationen", "veroffentlichungen", "veröffentlichungen", "publicaciones"),
    "awards": ("auszeichnungen", "preise", "distinctions", "premios"),
    "contact": ("kontakt", "coordonnees", "coordonnées", "contacto"),
}
# Russian, Portuguese and Italian résumé headings ("Опыт работы", "Formação", "Esperienze").
OTHER_LANGUAGE_PHRASES["about"] += ("о себе", "обо мне", "sobre mim", "chi sono", "profilo")
OTHER_LANGUAGE_PHRASES["experience"] += (
    "опыт",
    "опыт работы",
    "experiência",
    "experiência profissional",
    "esperienza",
    "esperienze",
    "esperienza professionale",
    "esperienze lavorative",
)
OTHER_LANGUAGE_PHRASES["education"] += ("образование", "formação", "istruzione", "formazione")
OTHER_LANGUAGE_PHRASES["skills"] += ("навыки", "компетенции", "competências", "competenze")
OTHER_LANGUAGE_PHRASES["projects"] += ("проекты", "projetos", "progetti")
OTHER_LANGUAGE_PHRASES["contact"] += ("контакты", "contatos", "contatti")
OTHER_LANGUAGE_PHRASES["interests"] += ("интересы", "хобби", "interesses", "interessi")
for _kind, _phrases in OTHER_LANGUAGE_PHRASES.items():
    SECTION_KIND_PHRASES[_kind] = (*SECTION_KIND_PHRASES[_kind], *_phrases)

# Words around a kind phrase that do not change it ("Selected Recent Publications").
_HEADING_FILLER = frozenset(
    "selected recent recents current past previous full key other my and & of the".split()
)
_PHRASE_KIND = {
    phrase: kind for kind, phrases in SECTION_KIND_PHRASES.items() for phrase in phrases
}
_LONGEST_PHRASE = max(len(p.split()) for p in _PHRASE_KIND)


def section_kind(heading: str) -> str:
    """The kind of section a heading announces, or "other"."""
    match = _kind_match(heading)
    # "Research Experience at Google and Amazon" is still experience; a long sentence is not.
    return match.kind if match.leftover <= 3 else "other"


@dataclass(frozen=True)
class _KindMatch:
    kind: str  # "other" when no phrase matches
    length: int  # the matched phrase's words
    leftover: int  # the heading's other words that are not filler
    trailing: tuple[str, ...]  # the heading's words after the phrase


def _kind_match(heading: str) -> _KindMatch:
    """The kind whose phrase the heading holds with the most words."""
    words = _heading_words(heading)
    best, best_length, best_end = "other", 0, len(words)
    for start in range(len(words)):
        for length in range(min(_LONGEST_PHRASE, len(words) - start), 0, -1):
            kind = _PHRASE_KIND.get(" ".join(words[start : start + length]))
            # on a tie the later phrase wins: an English heading's head noun comes last
            # ("Research Papers" lists papers)
            if kind and length >= best_length:
                best, best_length, best_end = kind, length, start + length
                break
    leftover = len([w for w in words if w not in _HEADING_FILLER]) - best_length
    return _KindMatch(best, best_length, leftover, tuple(words[best_end:]))


def _heading_words(heading: str) -> list[str]:
    return re.findall(r"[^\W\d_&]+(?:['’-][^\W\d_]+)?|&", heading.lower())


def names_section_kind(line: str) -> bool:
    """Is `line` nothing but the name of a kind of CV section ("Work History", "EXPERIENCE",
    "Selected Publications")? Not a card's title that merely uses a section word ("Senior
    Experience Designer", "Adobe Systems")."""
    match = _kind_match(line)
    return match.kind != "other" and match.leftover <= 0


def names_section_of_kind(line: str, kind: str) -> bool:
    """Is `line` a heading of a section of `kind`, at most one word besides ("Speaker Bio",
    "About Me")?"""
    match = _kind_match(line)
    return match.kind == kind and match.leftover <= 1


# ---------------------------------------------------------------------------- dates

# Months, and the terms of an academic year ("Fall 2023 – Spring 2024").
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|spring|summers?|fall|autumn|winter)\.?"
)
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
# Words that close an open date range: "2019 – present".
_PRESENT = r"(?:present|now|current|currently|today|ongoing|date|till\s+now)"
# A year not inside a number or an identifier ("10.1101/2021.04"), though "2018-2021" holds two
# and a month may be written as a number before it ("09/2019", "3/2018", "12.2019").
_YEAR_RE = re.compile(
    rf"(?:(?<![\d/.-])|(?<=\d{{4}}-)|(?<=(?<![\d./])\d[/.])|(?<=(?<![\d./])[01]\d[/.])){_YEAR}(?![\d])"
)
_RANGE_TO_PRESENT = re.compile(
    rf"{_YEAR}\s*(?:[-–—]+|to|until|till)\s*(?:{_MONTH}\s*)?{_PRESENT}\b|\bsince\s+(?:{_MONTH}\s*)?{_YEAR}"
    # a range left open after its dash: "2024- Acme", "2023– · Associate Professor"
    # (then the line ends, a separator, or a name in capitals: not "2020 - top 200", "Okt. 2026")
    rf"|(?<![\d/.-]){_YEAR}\s?[-–—](?=\s*(?:$|[·|,;:]|(?-i:[A-Z]{{2,}})\b))",
    re.IGNORECASE,
)
# A line that is nothing but dates: "Aug 2017 — May 2022", "2019 - present", "(2020)".
_DATE_ONLY = re.compile(
    rf"^[\s(\[]*(?:(?:{_MONTH}\s*)?(?:\d{{1,2}}[/.]\s*)?{_YEAR}|{_PRESENT}|[-–—,/]|to|until|since|\s)+[\s)\]:.]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Dates:
    """Years a line or an entry mentions: "2017 – 2022" → Dates(2017, 2022, False)."""

    start: int | None = None
    end: int | None = None
    present: bool = False  # the range is open: "2019 – present"

    def __bool__(self) -> bool:
        return self.start is not None

    def merge(self, other: Dates) -> Dates:
        """The range covering both."""
        if not other:
            return self
        if not self:
            return other
        ends = [d for d in (self.end, other.end, self.start, other.start) if d is not None]
        present = self.present or other.present
        return Dates(min(self.start, other.start), None if present else max(ends), present)

    def label(self) -> str:
        if self.start is None:
            return ""
        if self.present:
            return f"{self.start}–present"
        return str(self.start) if self.end in (None, self.start) else f"{self.start}–{self.end}"


# A year cut to two digits after a month: "Jul ’14 – Nov ’15" (1950–2049, as _YEAR).
_SHORT_YEAR = re.compile(rf"\b(?P<month>{_MONTH})\s*['’‘](?P<year>\d\d)\b", re.IGNORECASE)


def _with_full_years(text: str) -> str:
    def full(match: re.Match[str]) -> str:
        year = int(match.group("year"))
        return f"{match.group('month')} {2000 + year if year < 50 else 1900 + year}"

    return _SHORT_YEAR.sub(full, text) if "'" in text or "’" in text or "‘" in text else text


def parse_dates(text: str) -> Dates:
    """The years in `text` as a range; "present" when the range is open."""
    text = _with_full_years(text)
    years = [int(y) for y in _YEAR_RE.findall(text)]
    if not years:
        return Dates()
    present = bool(_RANGE_TO_PRESENT.search(text))
    return Dates(min(years), None if present else max(years), present)


def is_date_only(line: str) -> bool:
    line = _with_full_years(line)
    return bool(_YEAR_RE.search(line)) and bool(_DATE_ONLY.match(line))


# ---------------------------------------------------------------------------- entries and sections

HeadingTest = Callable[[str, int], "Heading | None"]  # a line and its offset

_BULLET = re.compile(r"^\s*(?:[•·▪‣◦●○■□➢►*-]|\d{1,2}[.)]|\[\d{1,3}\]|\(\d{1,3}\))\s+")
_NUMBERED = re.compile(r"^\s*(?:\d{1,3}[.)]|\[\d{1,3}\]|\(\d{1,3}\))\s+")
# "Advisor: …", "Thesis: …": a detail of the entry above it. A label is one to four words.
_LABEL = re.compile(r"^\s*[A-Z][\w'’/&().-]*(?:\s+[\w'’/&().-]+){0,3}\s*:\s+\S")
# Kinds whose items are each one line or one short block ending with a year (a paper, a talk).
_ITEM_PER_DATE_KINDS = frozenset({"publications", "talks", "awards", "news", "teaching"})
ITEM_PER_DATE_KINDS = _ITEM_PER_DATE_KINDS


@dataclass(frozen=True)
class Entry:
    """One item of a section: a title line and the lines that belong to it."""

    start: int
    end: int
    title: str  # the entry's first line
    dates: Dates
    lines: tuple[tuple[int, int], ...]  # spans of every line of the entry, the title first
    # The undated line that heads a group of dated entries: the university above two degrees,
    # the employer above two roles.
    context: str = ""

    def heading(self) -> str:
        """The title with its group, as a reader needs it: "Acme Corp — 2019–2021: Engineer"."""
        return f"{self.context} — {self.title}" if self.context else self.title


@dataclass(frozen=True)
class Section:
    """A heading and its body. The text before the first heading is a section with title ""."""

    title: str
    kind: str
    start: int  # the heading line's start (or the body's, for the untitled first section)
    end: int
    body_start: int
    entries: tuple[Entry, ...]


def document_sections(doc: Document, is_heading: HeadingTest | None = None) -> list[Section]:
    """The sections of `doc`, from the headings its markup marks plus heading-like lines."""
    test = is_heading or _default_heading_test(doc)
    lines = list(_lines(doc.text))
    sections: list[Section] = []
    title, start, body_start = "", 0, 0
    for line_start, line_end in lines:
        line = doc.text[line_start:line_end]
        heading = test(line, line_start) if line.strip() else None
        if heading is None:
            continue
        if line_start > start:
            sections.append(_section(doc.text, title, start, body_start, line_start))
        title, start, body_start = heading.title, line_start, line_start + heading.body
    if len(doc.text) > start:
        sections.append(_section(doc.text, title, start, body_start, len(doc.text)))
    return [s for s in sections if s.entries or s.title]


def _default_heading_test(doc: Document) -> HeadingTest:
    marked = set(doc.headings)

    def test(line: str, offset: int) -> Heading | None:
        if offset in marked:
            return Heading(_heading_text(line), len(line))
        return read_heading(line, doc.person)

    return test


# ---------------------------------------------------------------------------- headings
#
# The one heading detector of the package: sections (here), chunks (chunking.py, through the
# sections) and answer units (text.py) all use it. It works on a line of clean text, from
# general CV layout: what the markup marks, what names a CV section, what is set in capitals.


@dataclass(frozen=True)
class Heading:
    """A section heading found in a line: its title, and where in the line the section's body
    starts (the line's length, unless the heading sits in a left column beside the body)."""

    title: str
    body: int


# A heading is at most this long; one in capitals at most this many words.
_MAX_HEADING_CHARS = 60
_MAX_CAPITALS_WORDS = 6
_MAX_SECTION_WORDS = 6
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+\S")
# PDF readers join the cells of a row with this (readers/clean.py): a CV's left column of
# headings comes out as "Education · Hill University".
_CELL = CELL_SEPARATOR.strip()


def read_heading(line: str, person: str = "") -> Heading | None:
    """The heading `line` holds, or None when it is ordinary text: a Markdown heading, a short
    line that names a CV section ("Education", "PUBLICATIONS:", "Awards and Honors"), a short
    line in capitals, or a left-column cell naming a section before the section's first line
    ("Education · Hill University")."""
    if _MARKDOWN_HEADING.match(line):
        return Heading(_heading_text(line), len(line))
    title = _title_of(line, person)
    if title is not None:
        return Heading(title, len(line))
    cell = line.find(CELL_SEPARATOR)
    if cell > 0:
        title = _title_of(line[:cell], person)
        body = line[cell + len(CELL_SEPARATOR) :]
        # "Volunteering · November 2025" is an entry: its dates sit in the next cell
        if title is not None and _names_a_section(title) and not is_date_only(body.split(_CELL)[0]):
            return Heading(title, cell + len(CELL_SEPARATOR))
    return _capitals_run_in(line)


# Words in capitals at the start of a line, then a word that is not: "EXPERIENCE Software …".
_CAPITALS_LEAD = re.compile(
    rf"^\s*((?:[A-Z&]+\s+){{1,{_MAX_SECTION_WORDS}}})(?=[A-Z]?[a-z]|[A-Z][a-z.]*,)"
)


def _capitals_run_in(line: str) -> Heading | None:
    """A section heading in capitals that a PDF reader ran into its section's first line
    ("EXPERIENCE Software Engineer, Acme", "PUBLICATIONS Lee, A. …"): the capital words name
    a section and the text after them is not in capitals."""
    match = _CAPITALS_LEAD.match(line)
    if match is None:
        return None
    title = match.group(1).strip()
    if not _in_capitals(title) or not _names_a_section(title):
        return None
    return Heading(title, match.end(1))


def heading_title(line: str, person: str = "") -> str | None:
    """The title of the heading `line` holds, or None."""
    heading = read_heading(line, person)
    return heading.title if heading else None


def looks_like_heading(line: str, person: str = "") -> bool:
    return read_heading(line, person) is not None


def _title_of(line: str, person: str) -> str | None:
    """The line as a heading title when the whole line is one."""
    # an emoji or a symbol before a heading's words ("🎓 Education") is decoration
    stripped = re.sub(r"^[^\w\[(<]+", "", _heading_text(line))
    if not stripped or len(stripped) > _MAX_HEADING_CHARS:
        return None
    if stripped.casefold() == person.casefold() or _CELL in stripped or "|" in stripped:
        return None
    if _BULLET.match(line) or stripped[-1] in ".,;!?" or any(ch.isdigit() for ch in stripped):
        return None
    if stripped[0] in "[(<":  # "[PDF] [Slides]": links of the entry above
        return None
    title = _spaced_capitals(stripped)
    if _names_a_section(title) or _in_capitals(title):
        return title
    return None


def _names_a_section(title: str) -> bool:
    """A short line made mostly of a section's words: "Work Experience", "Selected Projects &
    Contributions"; not an entry's title using one ("Research Scientist Intern")."""
    if not title[:1].isupper() or len(title.split()) > _MAX_SECTION_WORDS:
        return False
    # "Honors, Awards" lists sections; "Teaching Assistant, Hill University" is an entry.
    for part in title.split(","):
        match = _kind_match(part)
        if match.kind == "other" or match.length < match.leftover:
            return False
        # Other words may stand before the section's words or beside them in a list
        # ("Awards & Press"), not after them as the head noun they modify ("Research Scholar").
        after = set(match.trailing) - _HEADING_FILLER
        if after and not _CONJUNCTIONS & set(_heading_words(part)):
            return False
    return True


def _in_capitals(title: str) -> bool:
    letters = [ch for ch in title if ch.isalpha()]
    return (
        len(letters) >= 3 and title.upper() == title and len(title.split()) <= _MAX_CAPITALS_WORDS
    )


_CONJUNCTIONS = frozenset({"and", "&"})
# Every word of the section vocabulary, to read headings whose spaces a PDF reader lost.
_SECTION_WORDS = frozenset(w for phrase in _PHRASE_KIND for w in phrase.split()) | _HEADING_FILLER


def _spaced_capitals(title: str) -> str:
    """ "RESEARCHPAPERS" → "RESEARCH PAPERS": a heading in spaced capitals whose spaces the PDF
    reader lost, split into section words; any other title as it is."""
    if " " in title or not title.isupper() or not title.isalpha():
        return title
    words = _split_into(title.lower(), _SECTION_WORDS)
    return " ".join(w.upper() for w in words) if words and len(words) > 1 else title


def _split_into(text: str, vocabulary: frozenset[str]) -> list[str] | None:
    """`text` as the fewest words of `vocabulary` that spell it, or None."""
    best: list[list[str] | None] = [[]] + [None] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - 20), end):
            before, current = best[start], best[end]
            shorter = current is None or (before is not None and len(before) + 1 < len(current))
            if before is not None and text[start:end] in vocabulary and shorter:
                best[end] = [*before, text[start:end]]
    return best[len(text)]


def _heading_text(line: str) -> str:
    text = re.sub(r"^\s*#{1,6}\s+", "", line.strip())
    text = re.sub(r"\s*#+\s*$", "", text)
    text = re.sub(r"[*_`]+", "", text)
    # "PUBLICATIONS ([Google Scholar](#))" and "Education:" announce the same section.
    text = re.sub(r"\s*\((?:[^()]|\([^()]*\))*\)\s*$", "", text)
    return text.strip().rstrip(":").strip()


def _section(text: str, title: str, start: int, body_start: int, end: int) -> Section:
    kind = section_kind(title) if title else "about"
    entries = tuple(_with_groups(list(_entries(text, body_start, end, kind))))
    return Section(title, kind, start, end, body_start, entries)


def _lines(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    end = len(text) if end is None else end
    offset = start
    while offset < end:
        newline = text.find("\n", offset, end)
        line_end = end if newline < 0 else newline
        yield offset, line_end
        offset = line_end + 1


# A line of nothing but rule characters ("-----", "=====", "....."): decoration, no entry.
_RULE_LINE = re.compile(r"^\s*(?:[-=_.~*#·•–—]\s?){5,}\s*$")


def _entries(text: str, start: int, end: int, kind: str) -> Iterator[Entry]:
    current: list[tuple[int, int]] = []
    dates = Dates()
    blank_before = False
    spans = list(_lines(text, start, end))
    lines = [text[s:e] for s, e in spans]
    line_dates_of = [Dates() if _separates(line) else parse_dates(line) for line in lines]
    dates_lead = kind in _JOB_KINDS and _dates_lead(lines)
    decided = (
        _whole_entry_blocks(lines, spans, line_dates_of)
        if kind in _JOB_KINDS and not dates_lead
        else {}
    )
    for number, (line_start, line_end) in enumerate(spans):
        line = lines[number]
        if _separates(line):
            blank_before = True
            continue
        line_start += len(line) - len(line.lstrip())
        line_dates = line_dates_of[number]
        entry = _EntrySoFar(text[current[0][0] : current[0][1]] if current else "", dates)
        following = text[slice(*spans[number + 1])] if number + 1 < len(spans) else ""
        if dates_lead:
            # a column of dates before each job: a dated line starts the next one, whatever
            # its blank lines and wrapped descriptions
            joins = bool(current) and (
                _BULLET.match(line) is not None or not starts_with_date(line)
            )
        elif number in decided:  # a block that is one job or degree
            joins = bool(current) and decided[number]
        else:
            joins = bool(current) and _joins_entry(
                line, line_dates, entry, len(current), blank_before, kind, following
            )
        if joins:
            current.append((line_start, line_end))
            dates = dates.merge(line_dates)
        else:
            if current:
                yield _entry(text, current, dates)
            current, dates = [(line_start, line_end)], line_dates
        blank_before = False
    if current:
        yield _entry(text, current, dates)


def _separates(line: str) -> bool:
    """A blank line, or a rule (which separates entries as a blank line does)."""
    return not line.strip() or _RULE_LINE.match(line) is not None


def _whole_entry_blocks(
    lines: list[str], spans: list[tuple[int, int]], line_dates: list[Dates]
) -> dict[int, bool]:
    """Lines decided by their block being one job or degree, mapped to whether they join the
    line above. In a block between blank lines, short enough for one entry, with exactly one
    dated line, the lines after the dates are that entry's details; and when short title lines
    lead up to the dates ("Bachelor's Degree" / field / "2007 - 2012" / university), the block's
    first line starts the entry. Other lines are read as any line is."""
    decided: dict[int, bool] = {}
    for block in _blocks(lines):
        chars = spans[block[-1]][1] - spans[block[0]][0]
        dated = [i for i, number in enumerate(block) if line_dates[number]]
        if len(dated) != 1 or chars > MAX_ENTRY_CHARS or _BULLET.match(lines[block[0]]):
            continue  # a block of bullets is a list of items, each read as any line is
        decided.update({number: True for number in block[dated[0] + 1 :]})
        if dated[0] > 0 and all(_is_title_line(lines[n]) for n in block[: dated[0]]):
            decided.update({number: number != block[0] for number in block[: dated[0] + 1]})
    return decided


def _is_title_line(line: str) -> bool:
    """A line that can head an entry: no bullet, no sentence describing the work."""
    return not _BULLET.match(line) and not _is_description(line)


def _blocks(lines: list[str]) -> Iterator[list[int]]:
    """The numbers of the lines of each block of non-blank lines (rules separate, too)."""
    block: list[int] = []
    for number, line in enumerate(lines):
        if _separates(line):
            if block:
                yield block
            block = []
        else:
            block.append(number)
    if block:
        yield block


def _dates_lead(lines: list[str]) -> bool:
    """Whether a section sets each entry's dates before it, in a column of their own or at the
    start of its line ("2018–2023  Acme, Staff Engineer", "2015–2017" over "Senior Developer"):
    its first line starts with dates, and so does at least one more line that is no bullet."""
    written = [line for line in lines if not _separates(line)]
    if not written or not starts_with_date(written[0]):
        return False
    led = [line for line in written if starts_with_date(line) and not _BULLET.match(line)]
    return len(led) >= 2


def _joins_entry(
    line: str,
    line_dates: Dates,
    entry: _EntrySoFar,
    lines: int,
    blank_before: bool,
    kind: str,
    following: str,
) -> bool:
    """Does `line` belong to the entry above it (titled `entry`, `lines` long so far)?"""
    if kind in _JOB_KINDS and _heads_next_job(line, entry, following):
        return False
    return _continues(line, line_dates, entry, blank_before, kind) or (
        kind in _JOB_KINDS
        and _describes_job(line, line_dates, entry, lines, blank_before, following)
    )


def _heads_next_job(line: str, entry: _EntrySoFar, following: str) -> bool:
    """Is `line` the employer over the next job's dated role ("Beta Corp · Oslo" over
    "Engineer · 2014 – 2015") after a paragraph, which is no title waiting for its dates?"""
    return (
        not entry.dates
        and not is_role_line(entry.title)
        and is_role_line(line)
        and bool(parse_dates(following))
        and not _BULLET.match(following)
    )


@dataclass(frozen=True)
class _EntrySoFar:
    title: str
    dates: Dates


def _continues(
    line: str, line_dates: Dates, entry: _EntrySoFar, blank_before: bool, kind: str
) -> bool:
    """Does `line` belong to the entry above it rather than start a new one?"""
    if _BULLET.match(line):
        # Bullets under a title are its details; a list of bare bullets is a list of items,
        # and so is a list of papers or prizes under a note ("Asterisks denote …"), whose
        # dated titles alone have bullets for details.
        # A number always starts the next item of a list: details are never numbered.
        if kind in _ITEM_PER_DATE_KINDS and (not entry.dates or _NUMBERED.match(line)):
            return False
        return not _BULLET.match(entry.title)
    if kind in _ITEM_PER_DATE_KINDS:
        if _BULLET.match(entry.title):
            # a bulleted item runs to the next bullet, across a page break until it is dated
            return not (blank_before and entry.dates)
        return not entry.dates  # an item runs until the line that dates it
    if _LABEL.match(line) and not starts_with_date(line):
        return True
    if entry.dates and line_dates:
        return False  # a second dated line is the next item
    if is_date_only(line) or starts_with_date(line):
        return not entry.dates  # the dates (and role) of the title above
    if blank_before:  # a sentence goes on in lower case; a dated line is an entry of its own
        return line[:1].islower() and not line_dates
    return not (entry.dates and _looks_like_entry_title(line))


# Kinds whose entries are jobs or degrees: a dated line, then what, where and how.
_JOB_KINDS = frozenset({"experience", "position", "education"})
# A role line is short ("Senior Researcher", "Google, San Francisco"); a line describing the work
# is a sentence of at least this many words.
_MAX_ROLE_WORDS = 8
_MIN_DESCRIPTION_WORDS = 6


def _describes_job(
    line: str, line_dates: Dates, entry: _EntrySoFar, lines: int, blank_before: bool, following: str
) -> bool:
    """Does an undated line continue the dated job above it: its role or place right under a
    one-line "Acme · 2022 – 2024" (unless the line after it holds the dates of a next job:
    "Beta Corp" over "Engineer · 2014 – 2015"), or a sentence describing the work?"""
    if not entry.dates or line_dates or _BULLET.match(line) or read_heading(line) is not None:
        return False
    if _is_description(line):
        return True
    # a line too long for a role or a place, right under the job, is its description wrapped
    # by the layout ("Led the design of the billing service and" …), unless the line after
    # it holds the dates of the next job, whose employer it names
    long = len(line.split()) > _MAX_ROLE_WORDS or _is_description(line)
    if long and not blank_before and not parse_dates(following):
        return True
    # a paragraph set apart under the job's heading lines (employer, role, dates) describes it;
    # a name set apart ("Graduate Center of the City University") heads the next item
    if long and blank_before and lines <= 2:
        return bool(_SENTENCE_END.search(line))
    # at most two such lines: the role or field, then the place ("ESILV - Paris"); under a line
    # of dates alone, one (a second names the next item: "MSc …" over "BSc …")
    most = 1 if is_date_only(entry.title) else 2
    return is_role_line(line) and lines <= most and not blank_before and not parse_dates(following)


# The end of a sentence of prose: a word and a full stop, before a space or the line's end.
_SENTENCE_END = re.compile(r"[a-z)]{2}[.!?](?:\s|$)")


def is_role_line(line: str) -> bool:
    """A short undated line that is no sentence and no bullet: a job's role or place under its
    dated line ("Senior Researcher", "Google, San Francisco")."""
    stripped = line.strip()
    return (
        bool(stripped)
        and len(stripped.split()) <= _MAX_ROLE_WORDS
        and not stripped.endswith(":")
        and not re.search(
            r"[a-z]{2}[.!?]\s+[A-Z]", stripped
        )  # one sentence at most ("Ph.D. in" is)
        and not _BULLET.match(line)
        and not parse_dates(line)
    )


def _is_description(line: str) -> bool:
    stripped = line.strip()
    ends_clause = stripped.endswith((".", "!", "?", ",", ";", ":"))
    return ends_clause and len(stripped.split()) >= _MIN_DESCRIPTION_WORDS


def starts_with_date(line: str) -> bool:
    return bool(_DATE_START.match(line))


_DATE_START = re.compile(rf"^[\s(\[]*(?:{_MONTH}\s*)?(?:\d{{1,2}}[/.]\s*)?{_YEAR}\b", re.I)


def _looks_like_entry_title(line: str) -> bool:
    """A line that starts a new item after a dated one: capitalised and not a sentence tail."""
    stripped = line.strip()
    return stripped[:1].isupper() and len(stripped) <= 120


def _entry(text: str, lines: list[tuple[int, int]], dates: Dates) -> Entry:
    first_start, first_end = lines[0]
    title = _BULLET.sub("", text[first_start:first_end]).strip()
    return Entry(first_start, lines[-1][1], title, dates, tuple(lines))


def _with_groups(items: list[Entry]) -> Iterator[Entry]:
    """Give each dated entry the undated title that heads its group, if any."""
    group = ""
    previous: Entry | None = None
    for entry in items:
        if not entry.dates:
            group = ""
        elif previous is not None and not group:
            date_led_under_title = starts_with_date(entry.title) and not starts_with_date(
                previous.title
            )
            undated_title = not previous.dates and _is_title(previous.title)
            if undated_title or date_led_under_title:
                group = previous.title
        yield replace(entry, context=group) if entry.dates and group else entry
        previous = entry


# A group's title is a name ("Hill University, Department of Physics"), not a paragraph.
_MAX_GROUP_TITLE = 100


def _is_title(line: str) -> bool:
    return len(line) <= _MAX_GROUP_TITLE and not line.rstrip().endswith((".", "!", "?"))


def entries_of_text(text: str, kind: str, start: int = 0) -> list[Entry]:
    """The entries of a passage of one section kind (a chunk's text, from `start`: after its
    heading line), read as the section's own entries are: an answer quotes one entry, not the
    passage."""
    return list(_with_groups(list(_entries(text, start, len(text), kind))))


def entries_of_passage(text: str, kind: str) -> list[Entry]:
    """The entries of a passage of a section of `kind` (a chunk holds whole entries), read as
    the section's entries are; a heading at its start is not an entry."""
    first_line = text.split("\n", 1)[0]
    heading = read_heading(first_line)
    return entries_of_text(text, kind, heading.body if heading is not None else 0)


def entries(sections: list[Section]) -> Iterator[tuple[Section, Entry]]:
    for section in sections:
        for entry in section.entries:
            yield section, entry
