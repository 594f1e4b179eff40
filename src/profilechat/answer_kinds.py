"""Answers shaped by what a question asks (intent.py), for the extractive answerer.

  open questions and factoids about a profile's core (who is X, how to reach X, where did X
  study, who advised X, where does X work now, what does X work on) are answered from the
  profile facts extracted at index time, each line cited;
  yes/no questions say "Yes" only with a sentence that names what was asked about;
  people lists decide for every candidate person whether their own passages support the
  question, and name the things the question insists on;
  "how many" counts the entries of the matching CV sections.
Each returns None when it has nothing to say, and the caller falls back to the best sentences.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from .facts import DEGREE, Fact, degree_dates, degree_summary, degree_words
from .intent import COMPARISON, FACTOID, OPEN, Intent, names_a_time, names_a_topic
from .text import STOPWORDS, normalise, plain_text, tokenize, unit_spans, with_synonyms
from .types import Chunk, Hit

# At most this many lines from facts per person: an answer is a short profile, not the CV.
MAX_FACT_LINES = 4
# Degrees by rank, to pick the one a question most likely means ("her PhD advisor"); whole
# words only ("Systems" holds no M.S., "postdoctoral" no doctorate).
_DEGREE_RANK = tuple(
    (rank, re.compile(rf"(?<![a-z])(?:{words})(?![a-z])", re.I))
    for rank, words in (
        (3, r"ph\.?\s?d|doctor(?:ate)?|d\.?\s?phil|sc\.?d|habilitation"),
        (2, r"masters?|m\.?\s?s|m\.?\s?sc|m\.?\s?a|mba|m\.?\s?eng|m\.?\s?phil|m\.?\s?tech"),
        (1, r"bachelors?|b\.?\s?s|b\.?\s?sc|b\.?\s?a|b\.?\s?eng|b\.?\s?tech|b\.?\s?e"),
    )
)
# Words for a level of study that are not a degree's name, by the rank of _DEGREE_RANK.
_LEVELS_OF_STUDY = (
    (3, re.compile(r"\b(?:doctoral|graduate\s+school)\b", re.I)),
    (1, re.compile(r"\b(?:undergrad(?:uate)?|college\s+student)\b", re.I)),
)
# A long question's rarest words say what it is about; its other words only describe.
MAX_THINGS = 2
# Words a yes/no or people-list question uses that name no thing to look for.
_QUESTION_VERBS = frozenset(
    "has have had is are was were does do did work works worked working hold holds held "
    "get got ever anyone anybody someone somebody which who them of these those people "
    "person researchers profile profiles list name any all whose among amongst".split()
)


@dataclass(frozen=True)
class FactEvidence:
    """A profile fact with the passage that holds it (None for a link of the document)."""

    fact: Fact
    chunk: Chunk | None


@dataclass(frozen=True)
class Quote:
    """A line of an answer: what is quoted, for whom, from which passage."""

    person: str
    text: str
    chunk: Chunk
    score: float


# ---------------------------------------------------------------------------- facts


def fact_quotes(
    intent: Intent, question: str, person: str, facts: list[FactEvidence]
) -> list[Quote] | None:
    """Lines answering `question` about `person` from their profile facts, or None."""
    if intent.form not in {OPEN, FACTOID, COMPARISON}:
        return None
    topic = intent.topic
    if topic == "overview":
        if "role" in intent.topics:  # "Summarize her career"
            return _career(person, facts)
        return _overview(person, facts)
    if topic == "contact":
        return _contact(person, question, facts)
    if topic == "advisor":
        return _advisors(person, question, facts)
    # "When did she get her PhD?": a degree's line carries its dates.
    if topic == "education" and intent.time in ("", "when") and not intent.count:
        quotes = _education(person, question, facts)
        if intent.time == "when" and quotes and not any(_YEAR.search(q.text) for q in quotes):
            return None  # the entries give no dates: the sentences may
        return quotes
    if topic == "interests" and not intent.count and intent.time in ("", "latest"):
        return _quotes(person, [f for f in facts if f.fact.kind == "interests"], limit=3)
    if topic == "role" and intent.time in ("", "latest") and _asks_present(question):
        current = [f for f in facts if f.fact.kind == "position"] or [
            f for f in facts if f.fact.kind == "headline"
        ]
        return _quotes(person, current, limit=2)
    return None


# The words a question uses for each type of contact detail (facts.py's types).
_CONTACT_TYPES = (
    ("phone", re.compile(r"\b(?:phone|telephone|mobile|cell|call)\b", re.I)),
    ("email", re.compile(r"\b(?:e-?mail|mail\s+address)\b", re.I)),
    ("github", re.compile(r"\bgithub\b", re.I)),
    ("linkedin", re.compile(r"\blinkedin\b", re.I)),
    ("twitter", re.compile(r"\b(?:twitter|x\s+handle)\b", re.I)),
    ("scholar", re.compile(r"\b(?:google\s+)?scholar\b", re.I)),
    ("orcid", re.compile(r"\borcid\b", re.I)),
    ("website", re.compile(r"\b(?:website|homepage|home\s+page|web\s*page|site)\b", re.I)),
)


def _contact(person: str, question: str, facts: list[FactEvidence]) -> list[Quote] | None:
    """All contact details, or only the type asked for; [] when the profile has contact
    details but not of that type (a phone number asked of a page that gives only an e-mail)."""
    contact = [f for f in facts if f.fact.kind == "contact"]
    asked = {kind for kind, pattern in _CONTACT_TYPES if pattern.search(question)}
    if asked:
        contact = [f for f in contact if f.fact.fields.get("type") in asked]
        if not contact:
            return []
    return _quotes(person, contact, limit=6)


def _overview(person: str, facts: list[FactEvidence]) -> list[Quote] | None:
    """Headline, current role, main topic and highest degree: a short profile."""
    picked: list[FactEvidence] = []
    for kind in ("headline", "position", "interests"):
        fresh = [f for f in facts if f.fact.kind == kind and not _repeats(f, picked)]
        picked += fresh[:1]
    education = sorted(
        (f for f in facts if f.fact.kind == "education"), key=lambda f: -_degree_rank(f.fact)
    )
    picked += education[:1]
    return _quotes(person, picked, limit=MAX_FACT_LINES)


def _career(person: str, facts: list[FactEvidence]) -> list[Quote] | None:
    """The headline, the positions held as the profile lists them, and the highest degree:
    a career or background is where someone works now, worked before and trained."""
    picked = [f for f in facts if f.fact.kind == "headline"][:1]
    for item in facts:
        if len(picked) > MAX_FACT_LINES - 1:
            break
        if item.fact.kind in ("position", "experience") and not _repeats(item, picked):
            picked.append(item)
    education = sorted(
        (f for f in facts if f.fact.kind == "education" and not _repeats(f, picked)),
        key=lambda f: -_degree_rank(f.fact),
    )
    picked += education[:1]
    return _quotes(person, picked, limit=MAX_FACT_LINES + 1) or _overview(person, facts)


def _repeats(item: FactEvidence, picked: list[FactEvidence]) -> bool:
    key = item.fact.text.casefold()
    return any(key in p.fact.text.casefold() or p.fact.text.casefold() in key for p in picked)


def _advisors(person: str, question: str, facts: list[FactEvidence]) -> list[Quote] | None:
    advised = [f for f in facts if f.fact.kind == "education" and f.fact.fields.get("advisor")]
    asked = _degree_asked(question) or bool(_specific_degree(question))
    if asked:
        advised = [f for f in advised if _holds_asked(f.fact, question)]
    advised.sort(key=lambda f: -_degree_rank(f.fact))
    quotes = _quotes(person, advised, limit=1 if not asked else 2)
    if not quotes:
        return None
    # The degree's line, then the line that names the advisor ("Committee: … (supervisor)");
    # a degree stated in a sentence is quoted whole, the sentence names the advisor.
    lines = {plain_text(_degree_line(f.fact)): f for f in advised}
    return [
        Quote(q.person, _with_advisor(q.text, lines[q.text].fact), q.chunk, q.score) for q in quotes
    ]


def _with_advisor(summary: str, fact: Fact) -> str:
    line = fact.fields.get("advisor_line", "")
    if line:
        return f"{summary} — {plain_text(line)}"
    return summary if fact.fields.get("advisor", "") in summary else plain_text(fact.text)


def _education(person: str, question: str, facts: list[FactEvidence]) -> list[Quote] | None:
    """The degrees; [] when the profile lists degrees but not the one asked about."""
    degrees = [f for f in facts if f.fact.kind == "education"]
    asked = _degree_asked(question) or bool(_specific_degree(question))
    if asked and degrees:
        holding = [f for f in degrees if _holds_asked(f.fact, question)]
        if not holding:
            return [] if _listed(degrees) else None
        degrees = holding
    # highest first; an education list's entry before a sentence stating the same degree
    degrees.sort(key=lambda f: (-_degree_rank(f.fact), f.fact.fields.get("listed") == "no"))
    return _degree_quotes(person, question, _distinct(degrees), limit=2 if asked else 4)


def _distinct(degrees: list[FactEvidence]) -> list[FactEvidence]:
    """One fact per degree: a CV and a homepage of one person state the same PhD twice."""
    kept: list[FactEvidence] = []
    for item in degrees:
        same = next((n for n, k in enumerate(kept) if _same_degree(item.fact, k.fact)), None)
        if same is None:
            kept.append(item)
        elif len(_entry_of(item)) > len(_entry_of(kept[same])):
            kept[same] = item  # the statement with more of the entry (thesis, advisor)
    return kept


def _same_degree(one: Fact, other: Fact) -> bool:
    """The same level of degree from the same school ("Lakeside University" and "Lakeside
    University, Springfield")."""
    if _degree_rank(one) != _degree_rank(other):
        return False
    a, b = (f.fields.get("institution", "").casefold() for f in (one, other))
    return bool(a and b) and (a in b or b in a)


def _degree_quotes(
    person: str, question: str, degrees: list[FactEvidence], limit: int
) -> list[Quote] | None:
    """Each degree as one composed line (degree, school, dates), followed by the lines of its
    entry that hold what the question asks beyond that ("the title of her dissertation")."""
    quotes: list[Quote] = []
    seen: set[str] = set()
    wanted = _detail_words(question, person)
    for item in degrees:
        if item.chunk is None:
            continue
        text = plain_text(_degree_line(item.fact))
        if text.casefold() in seen:
            continue
        seen.add(text.casefold())
        details = [
            line
            for line in _entry_lines(item)
            if wanted & set(tokenize(line)) - set(tokenize(text))
        ]
        quotes.append(Quote(person, " — ".join([text, *details]), item.chunk, 1.0))
        if len(quotes) >= limit:
            break
    return quotes or None


def _degree_line(fact: Fact) -> str:
    """An entry of an education list as its composed line; a degree stated in a sentence as
    the sentence (it is already an answer, often with the field, thesis and advisor)."""
    return degree_summary(fact) if "entry" in fact.fields else fact.text


def mentions_degree_asked(question: str, text: str) -> bool:
    """Whether `text` names a degree of the kind the question asks about (True when the
    question names no degree): "Where did she get her PhD?" is not answered by her BA."""
    if not (_degree_asked(question) or _specific_degree(question)):
        return True
    held = Fact("education", text, "", 0, 0, {"degree": " ".join(DEGREE.findall(text))})
    return _holds_asked(held, question)


def names_another_degree(question: str, text: str) -> bool:
    """Whether `text` names a degree, or a level of study, other than the one asked about
    (an advisor line naming no degree may still answer "Who advised her PhD?")."""
    asked = _degree_asked(question)
    if not (asked or _specific_degree(question)) or mentions_degree_asked(question, text):
        return False
    return bool(DEGREE.search(text)) or any(
        pattern.search(text) for rank, pattern in _LEVELS_OF_STUDY if rank != asked
    )


def _detail_words(question: str, person: str) -> set[str]:
    """The words a question about a degree says beyond the degree and the person."""
    named = set(tokenize(person)) | set(tokenize(" ".join(DEGREE.findall(question))))
    return {
        t
        for t in tokenize(question)
        if t not in STOPWORDS
        and t not in _QUESTION_VERBS
        and t not in named
        and t not in _DEGREE_KINDS
    }


def _entry_lines(item: FactEvidence) -> list[str]:
    """The entry's lines as the passage holds them."""
    entry = plain_text(item.fact.fields.get("entry", item.fact.text))
    assert item.chunk is not None
    lines = (plain_text(line) for line in item.chunk.text.splitlines())
    return [line for line in lines if line and line in entry]


def degree_answer(question: str, person: str, facts: list[FactEvidence]) -> list[Quote] | None:
    """For "Does X have a PhD?": the degree's entry, [] when the profile lists other degrees
    only, None when it lists none (the sentences decide then)."""
    asked = _degree_named(question) or bool(_specific_degree(question))
    degrees = [f for f in facts if f.fact.kind == "education"]
    if not asked or not degrees:
        return None
    holding = [f for f in degrees if _holds_asked(f.fact, question)]
    qualifiers = degree_qualifiers(question)
    if qualifiers:  # "a PhD in physics", "a degree from Hill College"
        holding = [f for f in holding if mentions_all(_entry_of(f), qualifiers)]
    found = _degree_quotes(person, question, holding, limit=1)
    return found or ([] if _listed(degrees) else None)


# What a question says of a degree after naming it: its field or its school.
_QUALIFIER = re.compile(r"\s+(?:in|from|at)\s+(?:the\s+)?([^?,;]+?)\s*(?:[?,;]|\band\b|$)", re.I)


def degree_qualifiers(question: str) -> list[frozenset[str]]:
    """The content words of "in …"/"from …"/"at …" right after the degree a question names."""
    question = singular_degrees(question)
    match = DEGREE.search(question)
    if match is None:
        return []
    following = _QUALIFIER.match(question, match.end())
    if following is None:
        return []
    return [with_synonyms(t) for t in tokenize(following.group(1)) if not names_a_topic(t)]


def _entry_of(item: FactEvidence) -> str:
    return f"{item.fact.text} {item.fact.fields.get('entry', '')}"


def _listed(degrees: list[FactEvidence]) -> bool:
    """Degrees from an education section: a CV lists them all, so one not there is not held.
    Degrees picked out of running text prove nothing about the others."""
    return all(f.fact.fields.get("listed") != "no" for f in degrees)


def _holds(fact: Fact, rank: int) -> bool:
    """Whether an education fact is about a degree of `rank` ("PhD in Finance and MBA" holds
    both a doctorate and a master's)."""
    patterns = [pattern for r, pattern in _DEGREE_RANK if r == rank]
    return any(p.search(fact.fields.get("degree", "")) or p.search(fact.text) for p in patterns)


def _holds_asked(fact: Fact, question: str) -> bool:
    """Whether the fact is about the degree the question asks: a named degree ("MBA", "MD")
    exactly, a kind of degree ("a master's", "a PhD") by its rank."""
    specific = _specific_degree(question)
    if specific:
        held = {_degree_key(m.group(0)) for m in DEGREE.finditer(fact.fields.get("degree", ""))}
        held |= {_degree_key(m.group(0)) for m in DEGREE.finditer(fact.text)}
        return specific in held
    return _holds(fact, _degree_asked(question))


# ---------------------------------------------------------------------------- finished or ongoing degrees

# Words of a degree's dates that leave it open: "2022 – Est. 2027", "2024 – present".
_OPEN_DATES = re.compile(r"\b(?:present|now|today|expected|est|anticipated|exp)\b", re.I)
# Words of a degree's line or sentence saying it is still being studied for.
_STUDYING = re.compile(
    r"\b(?:students?|candidates?|candidacy|pursuing|currently|will|starting|ongoing"
    r"|in\s+progress|expected|final-year)\b",
    re.I,
)
# Verbs of a sentence saying a degree was earned ("I did my PhD at …", "received her PhD").
_EARNED = re.compile(
    r"\b(?:did|received|earned|completed|obtained|graduated|finished|holds?|awarded|got"
    r"|defended|conferred)\b",
    re.I,
)
COMPLETED, ONGOING, UNKNOWN = "completed", "ongoing", "unknown"


def degree_status(fact: Fact, this_year: int | None = None, heading: str = "") -> str:
    """Whether an education fact's degree is COMPLETED, ONGOING (open or future dates,
    "expected", "PhD student") or UNKNOWN (no dates and no verb saying either). `heading` is
    the line over its entry, where a CV may date it ("Lakeside University · 2022 – Est. 2027")."""
    year = this_year or datetime.date.today().year
    dates = degree_dates(fact) or _written_dates(heading) or fact.fields.get("years", "")
    years = [int(y) for y in re.findall(r"(?:19|20)\d\d", dates)]
    # a degree stated in a sentence: the whole sentence ("I will be starting a PhD …")
    own = degree_words(fact) if "entry" in fact.fields else fact.text
    line = f"{dates} {own}"
    if _OPEN_DATES.search(line):
        return ONGOING
    if _STUDYING.search(line) and not (len(years) > 1 and max(years) < year):
        return ONGOING  # "PhD candidate, 2015 – 2019" is a finished one
    if years:
        return ONGOING if max(years) > year else COMPLETED
    return COMPLETED if _EARNED.search(fact.text) else UNKNOWN


def _written_dates(line: str) -> str:
    found = _DATES_IN_LINE.search(line)
    return found.group(0) if found else ""


# A range of years as an entry's heading line writes it, open or closed.
_DATES_IN_LINE = re.compile(
    r"(?:19|20)\d\d\s*(?:[-–—]+|to)\s*(?:[A-Za-z]+\.?\s+)?(?:(?:19|20)\d\d|present|now)", re.I
)


def heading_dates(item: FactEvidence) -> str:
    """The dates the line over the fact's entry gives ("Princeton · 2022 – Est. 2027")."""
    return _written_dates(_heading_line(item))


# "grad school", "graduate studies": a master's or a doctorate, whichever came first.
_GRADUATE = re.compile(r"\bgrad(?:uate)?\s+(?:school|studies|student)\b", re.I)


def degree_level_ranks(question: str) -> Callable[[Fact], bool]:
    """Which education facts are of the degree or level of study the question names: the
    named degree, "grad school" for a master's or doctorate, "undergrad" for a bachelor's."""
    if _specific_degree(question):
        return lambda fact: _holds_asked(fact, question)
    named = _degree_named(question)
    if named:
        return lambda fact: _holds(fact, named)
    if _GRADUATE.search(question):
        return lambda fact: _holds(fact, 2) or _holds(fact, 3)
    level = _degree_asked(question)
    return (lambda fact: _holds(fact, level)) if level else (lambda fact: False)


def status_of(item: FactEvidence) -> str:
    """`degree_status` of a degree with the line over its entry in its passage."""
    return degree_status(item.fact, heading=_heading_line(item))


def _heading_line(item: FactEvidence) -> str:
    """The line just before the fact's entry in its passage, "" when none is there."""
    chunk = item.chunk
    if chunk is None or "entry" not in item.fact.fields:
        return ""
    words = item.fact.fields["entry"].split()[:4]  # its lines are joined by spaces
    found = re.search(r"\s+".join(map(re.escape, words)), chunk.text) if words else None
    if found is None or found.start() == 0:
        return ""
    return chunk.text[: found.start()].rstrip().rsplit("\n", 1)[-1]


# "Which of them are PhD students?", "Who is pursuing a doctorate?": a degree being studied for.
_ASKS_STUDYING = re.compile(
    r"\b(?:students?|candidates?|pursuing|studying\s+for|working\s+(?:on|towards?))\b", re.I
)
# "Who holds a doctorate?", "Who has finished a PhD?": a degree earned.
_ASKS_EARNED = re.compile(
    r"\b(?:holds?|held|has|have|had|earned|received|completed|finished|obtained|got"
    r"|graduated)\b",
    re.I,
)


def degree_status_asked(question: str) -> str:
    """ONGOING for a question about a degree being studied for, COMPLETED for one about a
    degree held, "" when it asks about either ("Who did or is doing a PhD at …?")."""
    studying = bool(_ASKS_STUDYING.search(question)) or bool(
        re.search(r"\b(?:is|are)\s+(?:doing|studying)\b", question, re.I)
    )
    earned = bool(_ASKS_EARNED.search(question)) or bool(re.search(r"\bdid\b", question, re.I))
    if studying and not earned:
        return ONGOING
    if earned and not studying:
        return COMPLETED
    return ""


def degree_holder_quotes(
    question: str, person: str, facts: list[FactEvidence], status: str
) -> list[Quote] | None:
    """For a people list naming a degree: the person's entry for it in the state asked
    (ongoing: being studied for; completed: held, or listed without dates), [] when they list
    degrees but none such, None when they list none. Someone still studying for a degree of
    that level does not hold it ("Prior to my Ph.D., I was a visiting student …, 2018")."""
    if not status:
        return degree_answer(question, person, facts)
    if not (_degree_named(question) or _specific_degree(question)):
        return None
    if status == ONGOING:  # "I am a PhD student at …" may be a headline, not a degree's fact
        studying = [
            f
            for f in facts
            if f.fact.kind in ("headline", "position")
            and _STUDYING.search(f.fact.text)
            and mentions_degree_asked(question, f.fact.text)
            and DEGREE.search(f.fact.text)
        ]
        if studying:
            return _quotes(person, studying, limit=1)
    degrees = [f for f in facts if f.fact.kind == "education"]
    if not degrees:
        return None
    holding = [f for f in degrees if _holds_asked(f.fact, question)]
    qualifiers = degree_qualifiers(question)
    if qualifiers:
        holding = [f for f in holding if mentions_all(_entry_of(f), qualifiers)]
    states = {id(f): status_of(f) for f in holding}
    if status == ONGOING:
        chosen = [f for f in holding if states[id(f)] == ONGOING]
    elif any(state == ONGOING for state in states.values()):
        chosen = []
    else:
        chosen = [f for f in holding if states[id(f)] == COMPLETED] or holding
    chosen.sort(key=lambda f: f.fact.fields.get("listed") == "no")  # list entries first
    return _degree_quotes(person, question, chosen, limit=1) or []


# Sections whose lines name degrees other people hold or study for (a paper's venue, a course,
# a student supervised, a prize), not the person's own.
_OTHER_PEOPLES_DEGREES = frozenset({"publications", "talks", "teaching", "students", "service"})


def degree_sentence(question: str, person: str, chunks: list[Chunk]) -> Quote | None:
    """For someone with no degree among their facts: the first line of their passages that
    names the degree asked and says it was earned ("I did my PhD at UC Berkeley",
    "Ph.D. @ Virginia Tech" on a page's headline), None when none does."""
    if not _degree_named(question):
        return None
    qualifiers = degree_qualifiers(question)  # "a PhD at the University of Toronto"
    for chunk in chunks:
        if chunk.kind in _OTHER_PEOPLES_DEGREES:
            continue
        for start, end in unit_spans(chunk.text):
            unit = plain_text(chunk.text[start:end])
            named = DEGREE.search(unit)
            if named is None or not _holds_asked(_stated(unit, named.group(0)), question):
                continue
            if qualifiers and not mentions_all(unit, qualifiers):
                continue
            if degree_status(_stated(unit, named.group(0))) != ONGOING:
                return Quote(person, unit, chunk, 1.0)
    return None


def _stated(text: str, degree: str) -> Fact:
    return Fact("education", text, "", 0, len(text), {"degree": degree})


# Words for a kind of degree rather than a particular one, and spellings of one degree.
_DEGREE_KINDS = frozenset(
    "phd doctorate doctoral doctor dphil master masters bachelor bachelors degree".split()
)
_SAME_DEGREE = {"msc": "ms", "bsc": "bs", "ab": "ba", "meng": "ms", "beng": "bs"}


# A degree's abbreviation in the plural: "their PhDs", "MBAs".
_PLURAL_DEGREE = re.compile(r"\b(Ph\.?\s?D|D\.?\s?Phil|MBA|M\.?\s?Sc|B\.?\s?Sc)\.?['’]?s\b")


def singular_degrees(question: str) -> str:
    """The question with degrees named in the plural made singular ("got their PhDs")."""
    return _PLURAL_DEGREE.sub(r"\1", question)


def _specific_degree(question: str) -> str:
    match = DEGREE.search(singular_degrees(question))
    if not match:
        return ""
    key = _degree_key(match.group(0))
    return "" if key in _DEGREE_KINDS else key


def _degree_key(written: str) -> str:
    key = re.sub(r"[^a-z]", "", written.casefold().replace("'s", ""))
    return _SAME_DEGREE.get(key, key)


def _degree_asked(question: str) -> int:
    """The rank of the degree the question names, else of the level of study it names ("her
    undergrad", "his doctoral work"): the degrees an education question is about."""
    return _degree_named(question) or next(
        (rank for rank, pattern in _LEVELS_OF_STUDY if pattern.search(question)), 0
    )


def _degree_named(question: str) -> int:
    """The rank of the degree the question names (a whole word: "LLM serving" names none);
    "Who won medals as an undergrad?" names none: an undergrad is when, not what was earned."""
    match = DEGREE.search(singular_degrees(question))
    if match is None:
        return 0
    return next((rank for rank, pattern in _DEGREE_RANK if pattern.search(match.group(0))), 0)


def _degree_rank(fact: Fact) -> int:
    degree = fact.fields.get("degree", "")
    return next((rank for rank, pattern in _DEGREE_RANK if pattern.search(degree)), 0)


def _asks_present(question: str) -> bool:
    return not re.search(
        r"\b(?:did|was|were|used\s+to|previous\w*|before|former\w*)\b", question, re.I
    )


def fact_quotes_of(person: str, facts: list[FactEvidence]) -> list[Quote] | None:
    """The facts quoted as they are, in order, without repeats."""
    return _quotes(person, facts, limit=len(facts))


# "Which of them are professors?", "Who is currently a postdoc?": a question about what people
# are now (a copula not followed by a verb: "who is doing a PhD" asks about an activity).
_CURRENT_STATE = re.compile(
    r"^\W*(?:which|who)\b[^?]*?\b(?:is|are)\b(?!\s+\w+ing\b)(?!\s+(?:there|listed|named)\b)",
    re.I,
)


def asks_current_state(question: str) -> bool:
    return bool(_CURRENT_STATE.search(question))


def _quotes(person: str, facts: list[FactEvidence], limit: int) -> list[Quote] | None:
    """Quotes of the facts, in order, without repeats; a degree as its composed line."""
    quotes: list[Quote] = []
    seen: set[str] = set()
    for item in facts:
        if item.chunk is None:
            continue
        text = _degree_line(item.fact) if item.fact.kind == "education" else item.fact.text
        text = plain_text(text)  # a quote is text, not its bullet or emphasis marks
        key = text.casefold()
        if any(key in other or other in key for other in seen):
            continue
        seen.add(key)
        quotes.append(Quote(person, text, item.chunk, 1.0))
        if len(quotes) >= limit:
            break
    return quotes or None


# ---------------------------------------------------------------------------- counts and time order

# The list sections a "how many" question counts, by the words it uses.
_COUNTED = (
    ("publications", re.compile(r"\b(?:papers?|publications?|articles?|publish\w*)\b", re.I)),
    ("talks", re.compile(r"\b(?:talks?|presentations?|keynotes?|tutorials?)\b", re.I)),
    ("awards", re.compile(r"\b(?:awards?|prizes?|honou?rs?|fellowships?|grants?)\b", re.I)),
    ("students", re.compile(r"\b(?:students?|advisees?|mentees?)\b", re.I)),
    ("teaching", re.compile(r"\b(?:courses?|classes|taught|teach\w*)\b", re.I)),
    ("projects", re.compile(r"\b(?:projects?|repositories|software)\b", re.I)),
)


def count_quotes(question: str, person: str, facts: list[FactEvidence]) -> list[Quote] | None:
    """ "How many papers …?": the entries of the matching list sections, counted, each section
    cited. None when the profile has no such list (the sentences may still say a number)."""
    kind = next((k for k, pattern in _COUNTED if pattern.search(question)), None)
    counted = [f for f in facts if f.fact.kind == "count" and f.fact.fields.get("section") == kind]
    quotes = []
    for item in counted:
        if item.chunk is not None:
            number = item.fact.fields["entries"]
            quotes.append(
                Quote(person, f"{number} entries under {item.fact.text}", item.chunk, 1.0)
            )
    return quotes or None


def time_quotes(
    intent: Intent, question: str, person: str, facts: list[FactEvidence], things: list
) -> list[Quote] | None:
    """ "What did she do before Acme?" / "after her PhD?" / "What was her first job?": the dated
    positions and degrees put in time order around the one the question names."""
    dated = [(f, _years(f.fact)) for f in facts if f.fact.kind in ("position", "experience")]
    dated += [(f, _years(f.fact)) for f in facts if f.fact.kind == "education"]
    dated = [(f, y) for f, y in dated if y is not None and f.chunk is not None]
    if not dated:
        return None
    if intent.time == "first":
        jobs = [(f, y) for f, y in dated if f.fact.kind != "education"] or dated
        first = min(jobs, key=lambda item: item[1])
        return _quotes(person, [first[0]], limit=1)
    anchors = [(f, y) for f, y in dated if things and mentions_all(f.fact.text, things)]
    others = [(f, y) for f, y in dated if all(f is not a for a, _ in anchors)]
    if not anchors:
        return None
    if intent.time == "before":  # before the latest stint there ("before joining Acme")
        anchor_start = max(y[0] for _, y in anchors)
        earlier = [(f, y) for f, y in others if y[1] <= anchor_start]
        chosen = sorted(earlier, key=lambda item: (-item[1][1], -item[1][0]))[:1]
    elif intent.time == "after":  # after the first stint there ("after her PhD at Hill")
        anchor_end = min(y[1] for _, y in anchors)
        later = [(f, y) for f, y in others if y[0] >= anchor_end]
        chosen = sorted(later, key=lambda item: item[1])[:1]
    else:
        return None
    return _quotes(person, [f for f, _ in chosen], limit=1) if chosen else None


def _years(fact: Fact) -> tuple[int, int] | None:
    """(start, end) of a fact's years; "present" ends after every dated year."""
    found = re.findall(r"\d{4}", fact.fields.get("years", ""))
    if not found:
        return None
    start = int(found[0])
    end = 9999 if "present" in fact.fields.get("years", "") else int(found[-1])
    return start, end


# ---------------------------------------------------------------------------- papers by venue and year

# A year as questions and publication lists write it: "2023", "'23", "ICLR'23".
_YEAR = re.compile(r"\b(?:19|20)(\d\d)\b|(?<=[^\W\d_])['’](\d\d)\b")
# At most this many entries are quoted; the answer says how many more there are.
MAX_LISTED_ENTRIES = 3


def asked_years(question: str) -> list[frozenset[str]]:
    """The years a question names, each as the tokens a list may write it with."""
    years = []
    for match in _YEAR.finditer(question):
        short = match.group(1) or match.group(2)
        century = "19" if match.group(2) and int(short) >= 50 else "20"
        years.append(frozenset({short, match.group(0) if match.group(1) else century + short}))
    return years


def venue_quotes(
    person: str,
    chunks: list[Chunk],
    things: list[frozenset[str]],
    years: list[frozenset[str]],
    entry_of: Callable[[Chunk, int, int], str],
) -> list[Quote] | None:
    """ "What did she publish at ICML 2023?": every entry of the person's passages whose line
    names the venue and the year (or, without a year, a publication-list line naming the
    venue), quoted whole; None when no line does (the sentences decide then: a venue may be
    written out, "Empirical Methods in Natural Language Processing" for EMNLP)."""
    if not things:
        return None
    wanted = things + years
    found: list[Quote] = []
    seen: set[str] = set()
    for chunk in chunks:
        if not years and chunk.kind != "publications":
            continue
        if not _may_mention(_folded(chunk.text), things[0]):
            continue
        for start, end in unit_spans(chunk.text):
            if not mentions_all(chunk.text[start:end], wanted):
                continue
            entry = entry_of(chunk, start, end)
            if entry.casefold() in seen:
                continue
            seen.add(entry.casefold())
            found.append(Quote(person, entry, chunk, 1.0))
    if len(found) > MAX_LISTED_ENTRIES:
        more = len(found) - MAX_LISTED_ENTRIES
        last = found[MAX_LISTED_ENTRIES - 1]
        summary = Quote(person, f"{last.text} (and {more} more)", last.chunk, last.score)
        found = [*found[: MAX_LISTED_ENTRIES - 1], summary]
    return found or None


# Sections whose lines name a venue for something other than a paper of the person's: a
# review, a committee, a course.
_NOT_PAPERS = frozenset({"service", "teaching", "students"})


def authored_entry_at(
    person: str,
    chunks: list[Chunk],
    things: list[frozenset[str]],
    entry_of: Callable[[Chunk, int, int], str],
) -> Quote | None:
    """ "Who has published at ICML?": the first entry of the person's passages, in whatever
    section a document put it, that names the venue, a year and the person among its authors
    ("Ann Roe and Jo Lee. … In International Conference on Machine Learning, 2021."); a
    reviewer's line names the venue and a year but not them. None when no entry does."""
    surname = _surname(person)
    if not things or not surname:
        return None
    author = re.compile(rf"\b{re.escape(surname)}\b", re.I)
    for chunk in chunks:
        if chunk.kind in _NOT_PAPERS or not author.search(chunk.text):
            continue
        if not _may_name(chunk.text, things[0]):  # before reading every line
            continue
        for start, end in unit_spans(chunk.text):
            if not mentions_all(chunk.text[start:end], things):
                continue
            if chunk.kind == "publications":
                entry = entry_of(chunk, start, end)
            else:  # a list of another kind: the lines of this one item, not its neighbours
                entry = plain_text(_item_lines(chunk.text, start, end))
            if _YEAR.search(entry) and _names_author(entry, surname):
                return Quote(person, entry, chunk, 1.0)
    return None


# A line that starts a list item, and one that ends an item with its year ("…, 2019.").
_ITEM_START = re.compile(r"^\s*(?:[-*•·▪‣◦●○■□➢►]|\d{1,3}[.)]|\[\d{1,3}\])\s")
_ITEM_END = re.compile(r"(?:19|20)\d\d\W{0,3}$")


def _item_lines(text: str, start: int, end: int) -> str:
    """The lines of the list item holding `start:end`: back to the line after a blank line,
    an item's start or a line ending with a year, forward to the line ending with a year."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    first = max(i for i, o in enumerate(offsets) if o <= start)
    last = max(i for i, o in enumerate(offsets) if o <= max(start, end - 1))
    while first > 0 and not _ITEM_START.match(lines[first]):
        previous = lines[first - 1]
        if not previous.strip() or _ITEM_END.search(previous.strip()):
            break
        first -= 1
    while last + 1 < len(lines) and not _ITEM_END.search(lines[last].strip()):
        following = lines[last + 1]
        if not following.strip() or _ITEM_START.match(following):
            break
        last += 1
    return "\n".join(lines[first : last + 1])


def _may_name(text: str, group: frozenset[str]) -> bool:
    """A cheap test that a passage may name a thing: one of its words in the lower-cased
    text, or its acronym spelled out."""
    lower = text.lower()
    return any(word in lower for word in group) or _spelled_out(text, group)


def _surname(person: str) -> str:
    """The last word of a person's name as indexed, a parenthesised alias left out."""
    words = re.sub(r"\([^)]*\)", " ", person).split()
    return words[-1].strip(".,") if len(words) > 1 else ""


def _names_author(entry: str, surname: str) -> bool:
    """The surname written as a name in an author list: capitalised, after a given name or
    initial ("Jonathan T. Barron", "ANDREW Y. K. FOONG") or before a comma ("Barron, J."), so
    "He" starting a sentence is not the author He."""
    for match in re.finditer(rf"\b{re.escape(surname)}\b", entry, re.I):
        if not match.group(0)[:1].isupper():
            continue
        before = entry[: match.start()].split()
        if (before and before[-1][:1].isupper()) or entry[match.end() :].startswith(","):
            return True
    return False


# ---------------------------------------------------------------------------- whole list entries

# Words for any publication or for publishing: they name no particular list ("Conference
# Papers" is not what "her papers" asks for, "Books" is what "her newest book" asks for).
_ANY_PUBLICATION = frozenset(
    tokenize("paper papers publication publications article work publish published wrote written")
)
# A question about one entry, not a list: "her newest book", "the paper at ICML".
_ONE_ENTRY = re.compile(
    r"\b(?:paper|publication|book|article|preprint|chapter|talk)\b(?!s)(?!.*\b(?:papers"
    r"|publications|books|articles|preprints|chapters|talks)\b)",
    re.I,
)


def publication_quotes(
    intent: Intent,
    question: str,
    person: str,
    facts: list[FactEvidence],
    things: list[frozenset[str]],
    years: list[frozenset[str]],
) -> list[Quote] | None:
    """ "What did she publish in 2023?", "…at ICML?", "her newest book": whole entries of the
    person's publication lists (title, authors and venue together) that name what the
    question names, newest first when it asks for recent ones, drawn from each list in turn,
    with "(and N more)". None when the profile keeps no such entries or none names what was
    asked (a venue may be written out: the sentences decide then)."""
    entries = [
        f
        for f in facts
        if f.fact.kind == "entry" and f.fact.fields.get("section") == "publications" and f.chunk
    ]
    named = _lists_named(question, entries)
    if named:
        entries = [f for f in entries if f.fact.fields.get("heading") in named]
    things = [t for t in things if not all(names_a_time(w) for w in t & set(tokenize(question)))]
    wanted = [*things, *years]
    if wanted:
        entries = [f for f in entries if mentions_all(_entry_of(f), wanted)]
    if not entries:
        return None
    if intent.time in ("latest", "first") or not wanted:
        entries.sort(key=_entry_year, reverse=intent.time != "first")
        entries = [
            e
            for _, same_year in groupby(entries, _entry_year)
            for e in _diversified(list(same_year))
        ]
    else:
        entries = _diversified(entries)
    if _ONE_ENTRY.search(question) and intent.time in ("latest", "first"):
        entries = entries[:1]  # "her newest book" asks for one
    return listed_quotes(person, entries, limit=MAX_LISTED_ENTRIES)


def _lists_named(question: str, entries: list[FactEvidence]) -> set[str]:
    """The headings of the lists whose own words the question uses ("books" → "Books")."""
    asked = set(tokenize(question)) - _ANY_PUBLICATION
    headings = {f.fact.fields.get("heading", "") for f in entries}
    return {h for h in headings if h and asked & set(tokenize(h))}


def _entry_year(item: FactEvidence) -> int:
    """The year an entry ends in; one running to the present is the newest, undated the oldest."""
    years = item.fact.fields.get("years", "")
    if "present" in years:
        return 9999
    found = re.findall(r"\d{4}", years)
    return int(found[-1]) if found else 0


def _diversified(entries: list[FactEvidence]) -> list[FactEvidence]:
    """The entries in their order, taking from each list in turn (journal articles, conference
    papers, …) so the first few shown are not all from one list; repeats dropped. (In time
    order this is done year by year: the newest stay first.)"""
    by_list: dict[str, list[FactEvidence]] = {}
    seen: set[str] = set()
    for item in entries:
        key = plain_text(item.fact.text).casefold()
        if key not in seen:
            seen.add(key)
            by_list.setdefault(item.fact.fields.get("heading", ""), []).append(item)
    order: list[FactEvidence] = []
    queues = list(by_list.values())
    while any(queues):
        for queue in queues:
            if queue:
                order.append(queue.pop(0))
    return order


def listed_quotes(person: str, entries: list[FactEvidence], limit: int) -> list[Quote] | None:
    """The first `limit` entries quoted whole; the last says how many more there are."""
    quotes = [
        Quote(person, plain_text(f.fact.text), f.chunk, 1.0) for f in entries[:limit] if f.chunk
    ]
    if quotes and len(entries) > limit:
        last = quotes[-1]
        more = f"{last.text} (and {len(entries) - limit} more)"
        quotes[-1] = Quote(person, more, last.chunk, last.score)
    return quotes or None


# ---------------------------------------------------------------------------- things asked about


# ---------------------------------------------------------------------------- evidence of the asked kind

# The CV sections that list one kind of thing (structure.py's section kinds).
LIST_KINDS = frozenset(
    {"experience", "position", "education", "publications", "talks", "awards", "teaching"}
    | {"service", "students"}
)
# For each question topic (intent.py), the list sections whose entries can answer it: a study
# question is answered by education entries, a worked-at question by positions. An entry of
# another list section names the same university or city for another reason (a scholarship,
# a talk given there). A paper's award is an award and a sign of the paper. Teaching is not
# routed: its words ("service", "lead", "talk") are too common in other senses.
ANSWERING_KINDS: dict[str, frozenset[str]] = {
    "role": frozenset({"experience", "position"}),
    "education": frozenset({"education"}),
    "advisor": frozenset({"education", "students"}),
    "awards": frozenset({"awards", "education"}),  # honours are often listed with a degree
    "publications": frozenset({"publications", "talks", "awards"}),
}
# The profile facts (facts.py) that hold the entries of each topic.
ANSWERING_FACTS: dict[str, frozenset[str]] = {
    "role": frozenset({"headline", "position", "experience"}),
    "education": frozenset({"education"}),
    "interests": frozenset({"interests"}),  # "research interests: formal methods, …"
}


def answers_topics(section_kind: str, topics: tuple[str, ...]) -> bool:
    """Can a passage of this section kind answer a question on `topics`? Prose (a bio, an
    untyped section) always can; a list section only when it lists what is asked about."""
    if not topics or section_kind not in LIST_KINDS:
        return True
    if any(t not in ANSWERING_KINDS for t in topics):
        return True  # "speak" may ask for a talk or a skill: a topic with no section of its own
    return any(section_kind in ANSWERING_KINDS[t] for t in topics)


def of_the_asked_kind(section_kind: str, topics: tuple[str, ...]) -> bool:
    """Is this passage an entry of the very kind asked about (an education entry for a study
    question)? Such evidence is preferred to prose that also names the thing."""
    return any(section_kind in ANSWERING_KINDS.get(t, ()) for t in topics)


def entries_naming(
    person: str, facts: list[FactEvidence], topics: tuple[str, ...], things: list[frozenset[str]]
) -> list[Quote] | None:
    """The person's entries of the asked topic (degrees for a study question, positions for
    a worked-at one) that name every thing asked about; None when the topic has no such
    entries to read."""
    kinds = {k for t in topics for k in ANSWERING_FACTS.get(t, ())}
    if not kinds or not things:
        return None
    naming = [f for f in facts if f.fact.kind in kinds and mentions_all(_fact_words(f), things)]
    return _quotes(person, naming, limit=1)


def entries_of_asked_kind(
    person: str,
    chunks: list[Chunk],
    topics: tuple[str, ...],
    things: list[frozenset[str]],
    entry_of: Callable[[Chunk, int, int], str],
) -> list[Quote] | None:
    """The first entry of the person's list sections of the asked kind (education for a study
    question, publications for a venue) whose line names every thing asked about, read in all
    of their passages: a search returns a few passages per person, a verification must not
    miss the one entry that answers. None when no such entry names them."""
    if not things or not any(t in ANSWERING_KINDS for t in topics):
        return None
    for chunk in chunks:
        if not of_the_asked_kind(chunk.kind, topics):
            continue
        if not _may_mention(_folded(chunk.text), things[0]):  # before reading every line
            continue
        for start, end in unit_spans(chunk.text):
            if mentions_all(chunk.text[start:end], things):
                return [Quote(person, entry_of(chunk, start, end), chunk, 1.0)]
    return None


def entry_naming_phrase(
    person: str, chunks: list[Chunk], topics: tuple[str, ...], things: list[frozenset[str]]
) -> Quote | None:
    """For a people list asking for a noun phrase ("a head TA"): the first list entry of the
    person's passages that names all of it in one line ("Head Teaching Assistant, …"), read
    in all of their passages, not only those a search returned. None when none does."""
    for chunk in chunks:
        if chunk.kind not in LIST_KINDS or not answers_topics(chunk.kind, topics):
            continue
        for start, end in unit_spans(chunk.text):
            if mentions_all(chunk.text[start:end], things):
                return Quote(person, plain_text(_item_lines(chunk.text, start, end)), chunk, 1.0)
    return None


def _may_mention(folded: str, group: frozenset[str]) -> bool:
    """A cheap test before tokenizing: a text that names a thing holds one of its tokens as a
    substring of its `_folded` form (less a stemmed "y": "universities" → "universit")."""
    return any((word[:-1] if word.endswith("y") else word) in folded for word in group)


def _folded(text: str) -> str:
    folded = normalise(text)
    return f"{folded} {folded.replace('-', '')}"  # "Hewlett-Packard": the token hewlettpackard


def _fact_words(item: FactEvidence) -> str:
    fields = " ".join(str(v) for v in item.fact.fields.values()) if item.fact.fields else ""
    return f"{item.fact.text} {fields}"


def asked_things(
    question: str, name_terms: frozenset[str], idf: dict[str, float] | None = None
) -> list[frozenset[str]]:
    """What a yes/no or people-list question insists on, as groups of acceptable tokens:
    the names of organisations, places, degrees and topics it capitalises ("Google", "PhD",
    "NLP"), or else every content word that the index knows ("who studied at stanford": a
    study word and "stanford"). Names of indexed people are not things."""
    groups = _capitalised_things(question, name_terms)
    if groups or not idf:
        return groups
    content = [
        t
        for t in tokenize(_NOW.sub(" ", question))
        if t not in _QUESTION_VERBS
        and t not in name_terms
        and not names_a_topic(t)
        and not names_a_time(t)  # "Who is currently a postdoc?" asks for postdocs
        and with_synonyms(t) & idf.keys()
    ]
    if not content:
        return []
    either = _either_words(question, content)
    content = [t for t in content if t not in either]
    rarest = sorted(dict.fromkeys(content), key=lambda t: -idf.get(t, 0.0))[:MAX_THINGS]
    groups = [with_synonyms(t) for t in rarest]
    if either and len(groups) < MAX_THINGS:  # "formal methods or formal verification"
        groups.append(frozenset(w for t in either for w in with_synonyms(t)))
    return groups


# Two phrases joined by "or": "formal methods or formal verification".
_OR_PHRASES = re.compile(
    r"((?:[\w'’-]+\s+){0,2}[\w'’-]+)\s+or\s+([\w'’-]+(?:\s+[\w'’-]+){0,2})", re.I
)


def _either_words(question: str, content: list[str]) -> set[str]:
    """The content words that only one side of an "X or Y" uses: either will do. Words both
    sides use ("formal") are still asked for; none when the sides share no word (then both
    phrases are read as one request, as before)."""
    match = _OR_PHRASES.search(question)
    if match is None:
        return set()
    left, right = (set(tokenize(match.group(i))) & set(content) for i in (1, 2))
    if not (left & right) or not (left - right) or not (right - left):
        return set()
    return (left - right) | (right - left)


# "a head TA", "an applied AI role": the lower-case words between an article and a capitalised
# word are part of the thing it names.
_MODIFIED_THING = re.compile(r"\b(?:a|an|the)\s+((?:[a-z]+\s+){1,3})(?=[A-Z])")


def modifiers_of_things(question: str) -> list[frozenset[str]]:
    """The words that modify a capitalised thing in a noun phrase ("head" of "a head TA"),
    each as a group of acceptable tokens: what a people list needs named beside the thing.
    Words with a verb or a small word among them ("the researchers have worked at Google")
    are no noun phrase."""
    groups: list[frozenset[str]] = []
    for match in _MODIFIED_THING.finditer(question):
        words = match.group(1).split()
        tokens = tokenize(match.group(1))
        if len(tokens) < len(words) or any(
            w in _QUESTION_VERBS or t in _QUESTION_VERBS or names_a_topic(t) or names_a_time(t)
            for w, t in zip(words, tokens, strict=True)
        ):
            continue
        groups += [with_synonyms(t) for t in tokens]
    return groups


# English phrases for the present that tokenize into words of their own ("right").
_NOW = re.compile(r"\b(?:right\s+now|at\s+the\s+moment|at\s+present|these\s+days|nowadays)\b", re.I)


def _capitalised_things(question: str, name_terms: frozenset[str]) -> list[frozenset[str]]:
    groups: list[frozenset[str]] = []
    words = re.findall(r"[\w'’+#.-]+", _joined_compounds(question))
    for index, word in enumerate(words):
        clean = word.strip(".'’")
        tokens = tokenize(clean)
        if not tokens or set(tokens) <= name_terms:
            continue
        capitalised = clean[:1].isupper() and (index > 0 or clean.isupper())
        if capitalised and clean.lower() not in STOPWORDS and clean.lower() not in _QUESTION_VERBS:
            groups.append(frozenset(t for token in tokens for t in with_synonyms(token)))
    return groups


# A web address (with a scheme, "www." or a path): "sites.google.com/…" names no employer;
# nor does the label of a link to a citation profile, which academic pages nearly all carry.
_WEB_ADDRESS = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*|\bGoogle\s+Scholar\b", re.I
)
# A run of capitalised words, with the small words a spelled-out name keeps lower-case
# ("Conference on Empirical Methods in Natural Language Processing"): what an acronym spells.
_CAPITALISED_RUN = re.compile(
    r"[A-Z][\w'’-]*(?:\s+(?:(?:of|on|in|for|and|the|&|de|du|der|für)\s+)*[A-Z][\w'’-]*)+"
)
# An acronym is spelled out from this many letters ("TA", "Teaching Assistant").
MIN_ACRONYM = 2


def mentions_all(text: str, things: list[frozenset[str]]) -> bool:
    folded = _folded(text)
    if not all(_may_mention(folded, g) or _spelled_out(text, g) for g in things):
        return False  # the usual answer, found without tokenizing
    words = _words_named(text)
    return all(group & words or _spelled_out(text, group) for group in things)


def _spelled_out(text: str, group: frozenset[str]) -> bool:
    """Whether `text` writes one of the group's words out as the capitalised words it is an
    acronym of ("International Conference on Machine Learning" for ICML)."""
    acronyms = [
        w
        for w in group
        if w.isalpha() and len(w) >= MIN_ACRONYM and all(c.upper() in text for c in w)
    ]  # each letter must start a capitalised word: most texts fail without a regex
    return bool(acronyms) and any(a in run for a in acronyms for run in _initials(text))


@functools.lru_cache(maxsize=1 << 17)
def _initials(text: str) -> tuple[str, ...]:
    """The initials of each run of capitalised words in `text`, folded (read once per text:
    a people list reads the same passages for every question)."""
    return tuple(
        "".join(w[0] for w in run.split() if w[0].isupper()).casefold()
        for run in _CAPITALISED_RUN.findall(text)
    )


def _words_named(text: str) -> set[str]:
    """The words `text` names things with."""
    text = _WEB_ADDRESS.sub(" ", text)
    # "Meta-Learning" does not name Meta, "Skłodowska-Curie" names Curie, "Hewlett-Packard"
    # names Hewlett-Packard: the first part of a compound is not a word of its own.
    heads_dropped = re.sub(r"(?<![\w-])[^\W\d_]+-(?=[^\W\d_])", " ", text)
    return set(tokenize(heads_dropped)) | set(tokenize(_joined_compounds(text)))


def _joined_compounds(text: str) -> str:
    """ "Meta-Learning" is not "Meta": a hyphenated compound counts as one word."""
    return re.sub(r"(?<=[^\W\d_])-(?=[^\W\d_])", "", text)


def sentence_text(hit: Hit, entry: str, sentence: str) -> str:
    return f"{hit.chunk.section} {entry} {sentence}"
