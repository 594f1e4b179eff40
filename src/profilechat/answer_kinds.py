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
from dataclasses import dataclass, replace
from itertools import groupby

from .answer_type import names_job_title
from .facts import (
    DEGREE,
    Fact,
    advisor_named,
    degree_dates,
    degree_summary,
    degree_words,
    held_degree,
)
from .intent import (
    COMPARISON,
    FACTOID,
    OPEN,
    Intent,
    asks_for_marks,
    asks_whole_career,
    names_a_time,
    names_a_topic,
)
from .structure import Entry, entries_of_passage, is_date_only, is_role_line, parse_dates
from .text import STOPWORDS, normalise, plain_text, tokenize, unit_spans, with_synonyms
from .types import Chunk, Hit

# At most this many lines from facts per person: an answer is a short profile, not the CV.
MAX_FACT_LINES = 4
# Degrees by rank, to pick the one a question most likely means ("her PhD advisor"); whole
# words only ("Systems" holds no M.S., "postdoctoral" no doctorate).
_DEGREE_RANK = tuple(
    (rank, re.compile(rf"(?<![a-z])(?:{words})(?![a-z])", re.I))
    for rank, words in (
        (
            3,
            r"ph\.?\s?d|doctor(?:ate)?|d\.?\s?phil|sc\.?d|habilitation|dr\.?[\s-]?(?:rer|phil|ing|med|jur)",
        ),
        (
            2,
            r"masters?|m\.?\s?s|m\.?\s?sc|m\.?\s?a|mba|mfa|m\.?\s?eng|m\.?\s?phil|m\.?\s?tech",
        ),
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
QUESTION_VERBS = frozenset(
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
    intent: Intent,
    question: str,
    person: str,
    facts: list[FactEvidence],
    passages: list[Chunk] | None = None,
) -> list[Quote] | None:
    """Lines answering `question` about `person` from their profile facts, or None.
    `passages` (the person's chunks) cite the links a document keeps aside."""
    if intent.form not in {OPEN, FACTOID, COMPARISON}:
        return None
    topic = intent.topic
    if topic == "overview":
        if "role" in intent.topics or asks_whole_career(question):  # "Summarize her career"
            return _career(person, facts)
        return _overview(person, facts)
    if topic == "contact":
        return contact_quotes(person, question, facts, passages or [])
    if topic == "advisor":
        return _advisors(person, question, facts)
    # "When did she get her PhD?": a degree's line carries its dates.
    if (
        topic == "education"
        and intent.time in ("", "when")
        and not intent.count
        and not asks_for_marks(question)  # a line stating the grade answers, not the degrees
    ):
        quotes = _education(person, question, facts)
        if intent.time == "when" and quotes and not any(_YEAR.search(q.text) for q in quotes):
            return None  # the entries give no dates: the sentences may
        return quotes
    if topic == "interests" and not intent.count and intent.time in ("", "latest"):
        return _interests(person, facts, now=intent.time == "latest")
    if topic == "location":
        return _location(person, facts)
    if topic == "role" and intent.time in ("", "latest") and _asks_present(question):
        return _current_role(person, facts, limit=2)
    if topic == "role" and intent.time == "latest":  # "What was her most recent position?"
        return _quotes(person, _jobs_newest_first(facts, person), limit=1)
    if topic == "role" and not intent.time and _WORKED.search(question):
        return _jobs(person, facts)
    return None


def _jobs(person: str, facts: list[FactEvidence]) -> list[Quote] | None:
    """The jobs newest first, with their dates."""
    return _quotes(person, _jobs_newest_first(facts, person), limit=MAX_CAREER_JOBS)


def _jobs_newest_first(facts: list[FactEvidence], person: str) -> list[FactEvidence]:
    """Positions and past jobs, newest first; a sentence saying what someone does now is left
    out when a dated entry running to the present says it. An "entry" naming the person is
    an author list an experience section ran into, not a job."""
    surname = person.split()[-1] if person.split() else ""
    jobs = sorted(
        (
            f
            for f in facts
            if f.fact.kind in ("position", "experience")
            and (
                len(f.fact.text.split()) <= MAX_JOB_TITLE_WORDS
                or f.fact.fields.get("form") == "sentence"  # a job told in a bio's prose
            )
            and not (f.fact.kind == "experience" and _names(f.fact.text, surname))
        ),
        key=_recency,
    )
    if any(f.fact.kind == "position" and _years(f.fact) for f in jobs):
        jobs = [f for f in jobs if f.fact.kind != "position" or _years(f.fact)]
    return jobs


def _current_role(person: str, facts: list[FactEvidence], limit: int) -> list[Quote] | None:
    """The positions running to the present (dated entries, "currently …" sentences), else
    the headline."""
    current = _current_jobs(facts) or _headlines(facts)
    return _quotes(person, current, limit=limit)


def current_role_naming(
    person: str, question: str, facts: list[FactEvidence], things: list[frozenset[str]]
) -> list[Quote] | None:
    """ "What are her titles at Acme?", "Which department is she in at Acme?": her current
    positions (and headline) that name Acme; None when none does (the sentences decide)."""
    if not things or not _asks_present(question):
        return None
    kinds = ("position", "headline")
    naming = [f for f in facts if f.fact.kind in kinds and mentions_all(_fact_words(f), things)]
    details = _role_details(question, person, things)
    if details:  # "Which team is she on at Acme?": only a line that names a team answers
        naming = [f for f in naming if details & set(tokenize(f.fact.text))]
    return _quotes(person, naming, limit=2)


# Words that ask for the role itself ("her titles at Acme"), not for a detail of it.
_ROLE_ITSELF = frozenset(
    "role roles position positions title titles job jobs work works working employer "
    "occupation profession current currently now".split()
)


def _role_details(question: str, person: str, things: list[frozenset[str]]) -> set[str]:
    """What a role question asks beyond the role and the organisation ("team", "department")."""
    named = set(tokenize(person)) | {t for group in things for t in group}
    return {t for t in _words_beyond(question, named | _ROLE_ITSELF) if len(t) > 2}


def _words_beyond(question: str, known: set[str] | frozenset[str]) -> set[str]:
    """The question's content words other than question words and the `known` ones."""
    return {
        t
        for t in tokenize(question)
        if t not in STOPWORDS and t not in QUESTION_VERBS and t not in known
    }


def _location(person: str, facts: list[FactEvidence]) -> list[Quote] | None:
    """The place line under the name, else the sentence or entry of the current role (it
    usually says where: "… at Acme in San Francisco")."""
    places = [f for f in facts if f.fact.kind == "location"]
    return _quotes(person, places, limit=1) or _current_role(person, facts, limit=1)


# Words of a statement about the present: "My current research focus is …".
_NOW = re.compile(r"\b(?:current(?:ly)?|now|these\s+days|at\s+present|presently)\b", re.I)


def _interests(person: str, facts: list[FactEvidence], now: bool) -> list[Quote] | None:
    """The research-interest statements, keyword lines joined into one; for "what does she
    work on now", the statements about the present first, then her current role."""
    interests = sorted(  # research topics before pastimes
        (f for f in facts if f.fact.kind == "interests"), key=is_leisure
    )
    if now:
        current = [f for f in interests if _NOW.search(f.fact.text)]
        positions = sorted(  # a sentence says what she does there, a dated entry where
            (f for f in facts if f.fact.kind == "position"), key=lambda f: bool(_years(f.fact))
        )[:1]
        interests = [*current, *positions, *[f for f in interests if f not in current]]
    return _keywords_joined(_quotes(person, interests, limit=MAX_KEYWORDS))


def research_topics(person: str, intent: Intent, facts: list[FactEvidence]) -> list[Quote] | None:
    """For a question about education that also asks about research ("What is her PhD
    research about?"): the research-interest statements, None when it asks for none or the
    profile states none."""
    if "interests" not in intent.topics or intent.count or intent.time not in ("", "latest"):
        return None
    return _interests(person, facts, now=intent.time == "latest")


def is_leisure(item: FactEvidence) -> bool:
    """An interest listed under "Hobbies" (facts.py): a pastime, not a topic of work."""
    return item.fact.fields.get("leisure") == "yes"


# The label of a thesis line in an education entry: "Thesis: …", "Dissertation title: …".
# A PDF may run it into the degree's line ("Ph.D. in Biology … 2020 Thesis title: …").
_THESIS = re.compile(r"\b(?:thesis|dissertation)(?:\s+title)?\s*:", re.I)
# Papers quoted for what someone works on when the profile states no interests.
MAX_TOPIC_PAPERS = 2


def topics_of_work(person: str, facts: list[FactEvidence]) -> list[Quote] | None:
    """What someone works on, for a profile that states no research interests: the title of
    the thesis of their highest degree and their newest papers (else talks), whole."""
    degrees = sorted(  # the thesis of the highest degree: the doctorate's, not the bachelor's
        (f for f in facts if f.fact.kind == "education" and f.chunk is not None),
        key=lambda f: -_degree_rank(f.fact),
    )
    quotes = [
        Quote(person, line[thesis.start() :], f.chunk, 1.0)
        for f in degrees
        for line in _entry_lines(f)
        if (thesis := _THESIS.search(line))
    ][:1]
    papers = [
        f
        for f in facts
        if f.fact.kind == "entry" and f.fact.fields.get("section") == "publications" and f.chunk
    ] or [  # a CV without a list of papers may list the talks given on them
        f for f in facts if f.fact.kind == "entry" and f.fact.fields.get("section") == "talks"
    ]
    papers.sort(key=_entry_year, reverse=True)
    newest = papers[:MAX_TOPIC_PAPERS]
    quotes += [Quote(person, plain_text(f.fact.text), f.chunk, 1.0) for f in newest if f.chunk]
    return quotes or None


# A research-interests list names a few topics, each a short line ("Media Studies").
MAX_KEYWORDS = 8
_MAX_KEYWORD_WORDS = 6
# At most this many statements are quoted.
MAX_STATEMENTS = 3


def _keywords_joined(quotes: list[Quote] | None) -> list[Quote] | None:
    """Keyword lines of one passage as one line ("Media Studies, Digital Culture, Comics"):
    a list of topics reads as one answer, not as a quote per topic."""
    if not quotes:
        return quotes
    joined: list[Quote] = []
    for quote in quotes:
        last = joined[-1] if joined else None
        if (
            last is not None
            and _is_keyword(quote.text)
            and last.chunk.chunk_id == quote.chunk.chunk_id
            and _is_keyword(last.text.split(", ")[-1])
        ):
            joined[-1] = Quote(last.person, f"{last.text}, {quote.text}", last.chunk, last.score)
        else:
            joined.append(quote)
    return joined[:MAX_STATEMENTS]


def _is_keyword(text: str) -> bool:
    return len(text.split()) <= _MAX_KEYWORD_WORDS and not text.rstrip().endswith((".", "!", "?"))


# The words a question uses for each type of contact detail (facts.py's types).
_CONTACT_TYPES = (
    ("phone", re.compile(r"\b(?:phone|telephone|mobile|cell|call)\b", re.I)),
    ("email", re.compile(r"\b(?:e-?mail|mail\s+address)\b", re.I)),
    ("github", re.compile(r"\bgithub\b", re.I)),
    ("linkedin", re.compile(r"\blinkedin\b", re.I)),
    ("twitter", re.compile(r"\b(?:twitter|x\s+handle)\b", re.I)),
    # a handle written alone ("@jdoe") is the one a "Twitter handle" or "username" means
    ("handle", re.compile(r"\b(?:twitter|handle|username|user\s+name)\b", re.I)),
    ("scholar", re.compile(r"\b(?:google\s+)?scholar\b", re.I)),
    ("orcid", re.compile(r"\borcid\b", re.I)),
    ("website", re.compile(r"\b(?:website|homepage|home\s+page|web\s*page|site)\b", re.I)),
)


def contact_quotes(
    person: str, question: str, facts: list[FactEvidence], passages: list[Chunk]
) -> list[Quote] | None:
    """All contact details, or only the type asked for ("her LinkedIn"); [] when the profile
    has contact details but not of that type (a phone number asked of a page that gives only
    an e-mail). Each is its line as written, with the address spelled out when the line hides
    it ("jane [at] uni [dot] edu"); a link the
    document keeps aside (a badge's or an icon's target) is cited with the passage that names
    its site, else the top of its document."""
    contact = [f for f in facts if f.fact.kind == "contact"]
    asked = asked_contact_types(question)
    named = [f for f in contact if _site_named(question, person, f.fact)]
    if named and asked <= {"handle", "website"}:  # "her handle on Threads", "his Medium"
        return [q for f in named if (q := _contact_quote(person, f, passages, True))] or None
    if asked:
        contact = [f for f in contact if f.fact.fields.get("type") in asked]
        if not contact:
            return []
    quotes: list[Quote] = []
    seen: set[str] = set()
    for item in contact:
        quote = _contact_quote(person, item, passages)
        key = quote.text.casefold() if quote else ""
        if quote is None or any(key in other or other in key for other in seen):
            continue
        seen.add(key)
        quotes.append(quote)
    return quotes[:MAX_CONTACT_LINES] or None


# At most this many contact lines per person: the channels, not every link of a page.
MAX_CONTACT_LINES = 6
# The names of facts.py's contact types, as an answer labels a link kept aside.
_CONTACT_LABELS = {
    "email": "E-mail",
    "phone": "Phone",
    "github": "GitHub",
    "linkedin": "LinkedIn",
    "twitter": "Twitter",
    "scholar": "Google Scholar",
    "orcid": "ORCID",
    "dblp": "DBLP",
    "researchgate": "ResearchGate",
    "semantic scholar": "Semantic Scholar",
    "website": "Website",
}


# A line that labels a link as the person's own site.
_SITE_LABEL = re.compile(
    r"\b(?:web\s*site|web\s*page|homepage|home\s+page|web|blog|portfolio)\b", re.I
)


def _is_own_site(item: FactEvidence, passages: list[Chunk]) -> bool:
    """Whether a link is the person's own website, not a paper's or a colleague's page:
    it stands in the document's first passage, in a contact section or after a label.
    A link kept aside (a page's links are mostly to other pages) is only when a contact
    section shows its address."""
    chunk = item.chunk
    if chunk is None:
        return _host_shown_as_contact(item.fact, passages)
    if chunk.kind == "contact" or _SITE_LABEL.search(item.fact.text):
        return True
    own = [c.start for c in passages if c.source == chunk.source]
    return bool(own) and chunk.start == min(own)


def _host_shown_as_contact(fact: Fact, passages: list[Chunk]) -> bool:
    """Whether a link kept aside is shown by its own address in a contact section of its
    document ("🌐 [janedoe.dev](https://janedoe.dev)" under "How to reach me"): the person's
    site, not a link of a paper or a project."""
    value = fact.fields.get("value", "")
    host = value.split("://")[-1].split("/")[0].lower().removeprefix("www.")
    if "." not in host:
        return False
    return any(
        c.kind == "contact" and host in c.text.casefold()
        for c in passages
        if c.source == fact.source
    )


def asked_contact_types(question: str) -> set[str]:
    """The types of contact detail a question names ("her LinkedIn", "email him")."""
    return {kind for kind, pattern in _CONTACT_TYPES if pattern.search(question)}


def _site_named(question: str, person: str, fact: Fact) -> bool:
    """Whether the question names the site a contact link points to by its name ("Threads"
    for threads.com/@jdoe, "Speaker Deck" for speakerdeck.com): a content word of five or
    more letters (a plural's stem) that the host's name holds."""
    value = fact.fields.get("value", "")
    if fact.fields.get("type") != "website" or "." not in value:
        return False
    host = value.split("://")[-1].split("/")[0].lower().removeprefix("www.")
    name = host.split(".")[0]
    names = set(tokenize(person))  # a name's word, also cut at an accent ("Andirkó")
    words = {
        w.removesuffix("s")
        for w in tokenize(question)
        if w not in STOPWORDS and not any(w in n or n in w for n in names if len(n) >= 3)
    }
    return any(len(w) >= 5 and w in name for w in words)


# The placeholders of an address a page writes as a pattern ("firstname.lastname@uni.edu",
# "<first>.<last>@…"): the page's own person's name stands for them.
_FIRST_NAME_SLOT = re.compile(r"(?i)\b(?:first[\s_-]?name|given[\s_-]?name|first)\b")
_LAST_NAME_SLOT = re.compile(r"(?i)\b(?:last[\s_-]?name|family[\s_-]?name|surname|last)\b")


def with_name_filled_in(address: str, person: str) -> str:
    """ "firstname.lastname@uni.edu" of Jane Doe's page is jane.doe@uni.edu; any other
    address is returned as it is."""
    local, at, domain = address.partition("@")
    names = [w for w in re.findall(r"[^\W\d_]+", person) if len(w) > 1]
    if not at or not names or not (_FIRST_NAME_SLOT.search(local) or _LAST_NAME_SLOT.search(local)):
        return address
    local = _FIRST_NAME_SLOT.sub(names[0].lower(), local)
    local = _LAST_NAME_SLOT.sub(names[-1].lower(), local)
    return f"{local}@{domain}"


def _contact_quote(
    person: str, item: FactEvidence, passages: list[Chunk], asked: bool = False
) -> Quote | None:
    """`asked`: the question names this link's site, so it is given even when it does not
    look like the person's own."""
    fact = item.fact
    kind, value = fact.fields.get("type", ""), fact.fields.get("value", "")
    label = _CONTACT_LABELS.get(kind, kind.title())
    if kind == "website" and not asked and not _is_own_site(item, passages):
        return None
    if kind == "email":
        value = with_name_filled_in(value, person)
    if item.chunk is not None:
        text = plain_text(fact.text)
        if value and value.casefold() not in text.casefold():
            text = f"{text} ({value})"  # the address its obfuscated spelling stands for
        return Quote(person, text, item.chunk, 1.0)
    own = sorted((c for c in passages if c.source == fact.source), key=lambda c: c.start)
    if not own:
        return None
    words = label.casefold().split()[-1:] if kind != "email" else ["mail", "contact"]
    naming = [c for c in own if any(w in c.text.casefold() for w in words)]
    return Quote(person, f"{label}: {value}", (naming or own)[0], 1.0)


# An overview names at most this many current jobs.
MAX_CURRENT_ROLES = 2
# An overview is a short profile: at most about this many words per person.
MAX_OVERVIEW_WORDS = 80
# A career lists at most this many jobs, newest first.
MAX_CAREER_JOBS = 5
# A career told in a bio's sentences is kept to about this many words (an entry line is short,
# a sentence about a job often thirty words).
MAX_PROSE_CAREER_WORDS = 100
# A job's title line (title, employer, place, dates) is short; a longer "entry" of an
# experience section is a description or a list the section ran into (papers after a missed
# heading), not a job.
MAX_JOB_TITLE_WORDS = 30


def _overview(person: str, facts: list[FactEvidence]) -> list[Quote] | None:
    """Title line, headline, current role, main topics and highest degree: a short
    profile."""
    picked: list[FactEvidence] = _title_and_headline(facts)
    jobs = [f for f in _overview_jobs(facts) if not _inside(f, picked)]
    picked = [f for f in picked if not _inside(f, jobs)] + jobs  # "Kernel Engineer" in a job
    topics = [
        f
        for f in facts
        if f.fact.kind == "interests" and not _repeats(f, picked) and not is_leisure(f)
    ]
    education = sorted(
        (f for f in facts if f.fact.kind == "education"), key=lambda f: -_degree_rank(f.fact)
    )
    quotes = [
        *(_quotes(person, picked, limit=len(picked)) or []),
        *(_keywords_joined(_quotes(person, topics, limit=MAX_KEYWORDS)) or [])[:1],
        *(_quotes(person, education, limit=1) or []),
    ]
    return _within_words(_without_repeats(quotes), MAX_OVERVIEW_WORDS) or None


def _inside(item: FactEvidence, others: list[FactEvidence]) -> bool:
    key = item.fact.text.casefold()
    return any(key in other.fact.text.casefold() for other in others)


def _without_repeats(quotes: list[Quote]) -> list[Quote]:
    """Each line once: the degree a headline states ("I am a PhD student at Yale") is a fact
    of two kinds. A line holding an earlier one whole ("Kernel Engineer" in "Acme — Linux
    kernel engineer · 2017 – present") takes its place."""
    kept: list[Quote] = []
    for quote in quotes:
        key = quote.text.casefold()
        if any(key in k.text.casefold() for k in kept):
            continue
        inside = [i for i, k in enumerate(kept) if k.text.casefold() in key]
        if inside:
            kept[inside[0]] = quote
            kept = [k for i, k in enumerate(kept) if i not in inside[1:]]
        else:
            kept.append(quote)
    return kept


# The forms of headline, best first: a self-description, a summary's first sentence, the
# title line under the name (facts.py).
_HEADLINE_FORMS = ("sentence", "summary", "", "title")


def _headlines(facts: list[FactEvidence]) -> list[FactEvidence]:
    """Headlines, a sentence saying who someone is before a short line under a name."""
    found = [f for f in facts if f.fact.kind == "headline"]
    return sorted(found, key=lambda f: _form_rank(f.fact.fields.get("form", "")))


def _form_rank(form: str) -> int:
    return _HEADLINE_FORMS.index(form) if form in _HEADLINE_FORMS else len(_HEADLINE_FORMS)


def _title_and_headline(facts: list[FactEvidence]) -> list[FactEvidence]:
    """The title line under the name ("Interaction Designer"), then the sentence saying who
    someone is; either alone when the other is missing or says it already."""
    ranked = _headlines(facts)
    title = [f for f in ranked if f.fact.fields.get("form") == "title"][:1]
    sentence = [f for f in ranked if f.fact.fields.get("form") != "title"][:1]
    if not sentence:
        return title
    return [*[f for f in title if not _repeats(f, sentence)], *sentence]


def _current_jobs(facts: list[FactEvidence]) -> list[FactEvidence]:
    """What someone does now: the jobs running to the present with their employer (else the
    newest job), then the sentences saying what they do now."""
    roles, present, positions = _roles_and_positions(facts)
    return (present or roles) + positions


def _overview_jobs(facts: list[FactEvidence]) -> list[FactEvidence]:
    """The jobs an overview names: those running to the present (at most MAX_CURRENT_ROLES),
    else one — the newest dated job, else a sentence saying what someone does now."""
    roles, present, positions = _roles_and_positions(facts)
    return present[:MAX_CURRENT_ROLES] or (roles + positions)[:1]


def _roles_and_positions(
    facts: list[FactEvidence],
) -> tuple[list[FactEvidence], list[FactEvidence], list[FactEvidence]]:
    """The role facts, those of them running to the present, and the position facts that are
    not one of those read again. Of a job read both ways, the reading that says more stands
    for it (an entry with the employer line the role's lines left out)."""
    roles = [f for f in facts if f.fact.kind == "role"]
    positions = [f for f in facts if f.fact.kind == "position"]
    present = [_fuller(f, positions) for f in roles if f.fact.fields.get("form") == "present"]
    rest = [
        f
        for f in positions
        if not _repeats(f, present) and not _overlaps(f, present) and f not in present
    ]
    return roles, present, rest


def _fuller(role: FactEvidence, positions: list[FactEvidence]) -> FactEvidence:
    """A position of the same document that holds the role's text and more."""
    key = plain_text(role.fact.text).casefold()
    fuller = [
        p
        for p in positions
        if p.fact.source == role.fact.source and key in plain_text(p.fact.text).casefold()
    ]
    return max(fuller, key=lambda p: len(p.fact.text)) if fuller else role


def _overlaps(item: FactEvidence, picked: list[FactEvidence]) -> bool:
    """The same passage read as two facts (a job card as a position and as a role)."""
    fact = item.fact
    return any(
        p.fact.source == fact.source and p.fact.start < fact.end and fact.start < p.fact.end
        for p in picked
    )


def _within_words(quotes: list[Quote] | None, limit: int) -> list[Quote] | None:
    """The first quotes that fit in `limit` words (the first always)."""
    if not quotes:
        return quotes
    kept, words = [quotes[0]], len(quotes[0].text.split())
    for quote in quotes[1:]:
        words += len(quote.text.split())
        if words <= limit:
            kept.append(quote)
    return kept


def _career(person: str, facts: list[FactEvidence]) -> list[Quote] | None:
    """The headline, the jobs newest first (positions running to the present, then the
    others by when they ended), and the highest degree: where someone works now, worked
    before and trained."""
    picked = _headlines(facts)[:1]
    jobs = _jobs_within_words(_jobs_newest_first(facts, person), _words(picked))
    for item in jobs:
        if len(picked) > MAX_CAREER_JOBS:
            break
        if not _repeats(item, picked):
            picked.append(item)
    education = sorted(
        (f for f in facts if f.fact.kind == "education" and not _repeats(f, picked)),
        key=lambda f: -_degree_rank(f.fact),
    )
    picked += education[:1]
    return _quotes(person, picked, limit=MAX_CAREER_JOBS + 2) or _overview(person, facts)


def _jobs_within_words(jobs: list[FactEvidence], used: int) -> list[FactEvidence]:
    """The jobs, with those told in a bio's sentences kept to MAX_PROSE_CAREER_WORDS in all:
    the shortest sentences first, so that the career names as many jobs as fit; in their
    order."""
    told = [f for f in jobs if f.fact.fields.get("form") == "sentence"]
    kept: set[int] = set()
    for item in sorted(told, key=lambda f: len(f.fact.text.split())):
        if used + len(item.fact.text.split()) <= MAX_PROSE_CAREER_WORDS:
            used += len(item.fact.text.split())
            kept.add(id(item))
    return [f for f in jobs if f.fact.fields.get("form") != "sentence" or id(f) in kept]


def _words(picked: list[FactEvidence]) -> int:
    return sum(len(f.fact.text.split()) for f in picked)


def _names(text: str, word: str) -> bool:
    return len(word) > 1 and re.search(rf"\b{re.escape(word)}\b", text) is not None


def _recency(item: FactEvidence) -> tuple[int, int, int]:
    """Sort key, newest first: the dated positions running to the present, then the
    sentences saying what someone does now, then past jobs by the years they ended and
    began; undated past entries last, in their order."""
    years = _years(item.fact)
    if item.fact.kind == "position":
        return (0, 0, -years[0]) if years else (0, 1, 0)
    if years is None:
        return (2, 0, 0)
    return (1, -years[1], -years[0])


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


def advisor_quotes(
    person: str,
    question: str,
    passages: list[Chunk],
    block_of: Callable[[str, int, int], str],
    things: list[frozenset[str]],
) -> list[Quote] | None:
    """ "Who advised her PhD?": the lines and sentences of all of the person's passages that
    name someone with advisor vocabulary ("Advisors - Ann Roe, Bo Li", "under the supervision
    of Dr. Ann Roe"), wherever the CV puts them (an advisor often sits under a research
    assistantship, not under the degree). The ones tied to the asked degree come first: their
    entry (`block_of`: the lines of one entry around a span) names that degree and no other;
    then the ones naming it among others; then the ones naming no degree. One that speaks only
    of other degrees ("Master's Student … Advisor - Bo Li" for a PhD question) is left out.
    With no degree asked, a doctorate's advisor comes first. When the question names a place
    ("Who supervised her at Acme?"), the lines whose entry names it are all that answer.
    None when no line names an advisor."""
    asked = _degree_asked(question) or bool(_specific_degree(question))
    tiers: dict[int, list[Quote]] = {}
    seen: set[str] = set()
    for chunk in passages:
        if not _ADVISOR_WORDS.search(chunk.text):
            continue  # before reading every unit
        for start, end in unit_spans(chunk.text):
            unit = plain_text(chunk.text[start:end])
            if not advisor_named(unit) or unit.casefold() in seen:
                continue
            seen.add(unit.casefold())
            block = block_of(chunk.text, start, end)
            tier = _advisor_tier(question, asked, unit, block)
            if _POSTDOC.search(question):  # "Who supervises her postdoc?"
                tier = 3 if _POSTDOC.search(block) else 1
            elif _POSTDOC.search(unit):  # a postdoc's mentor is no degree's advisor
                tier = min(tier, 1)
            if things and mentions_all(f"{block} {unit}", things):
                tier += 4  # above every tier of the lines not naming the place
            if tier:
                title = _entry_title_naming_degree(block, unit)
                text = f"{title} — {unit}" if title else unit
                tiers.setdefault(tier, []).append(Quote(person, text, chunk, 1.0))
    if not tiers or (things and max(tiers) < 4):
        return None
    best: list[Quote] = []
    for quote in tiers[max(tiers)]:  # a CV and a homepage naming the same advisor: once
        if all(advisor_named(quote.text) != advisor_named(q.text) for q in best):
            best.append(quote)
    return best[:2]


# Degrees as tokens: a question's "PhD" or "M.S." says which degree, not which place.
_DEGREE_TOKENS = frozenset(
    tokenize("phd ms msc ma ba bs bsc mba meng beng mphil dphil master masters bachelor degree")
)


def names_a_degree(group: frozenset[str]) -> bool:
    """Whether a thing a question names (asked_things) is a degree."""
    return bool(group & _DEGREE_TOKENS)


# A postdoctoral position, as CVs and questions write it.
_POSTDOC = re.compile(r"\bpost-?\s?doc(?:toral)?s?\b", re.I)
# Advisor vocabulary, for a cheap test of a passage before reading its units.
_ADVISOR_WORDS = re.compile(r"advis|supervis|mentor|promot|guidance|direction", re.I)


def _advisor_tier(question: str, asked: int | bool, unit: str, block: str) -> int:
    """How surely an advisor line is about the degree asked: 3 its entry names that degree
    and no other, 2 the line names it, 1 it names no degree, 0 it is about another degree
    only. With no degree asked, tiers are those of a doctorate, and 0 becomes 1."""
    if not asked:
        question = "Who was her PhD advisor?"
    unit_asked = _names_degree_of(question, unit)
    block_asked = _names_degree_of(question, block)
    if names_another_degree(question, unit) and not unit_asked:
        return 0 if asked else 1
    if block_asked and not names_another_degree(question, block):
        return 3
    if unit_asked:
        return 2
    if names_another_degree(question, block) and not block_asked:
        return 0 if asked else 1
    return 1


def _names_degree_of(question: str, text: str) -> bool:
    """Whether `text` names the degree, or the level of study, the question asks about."""
    rank = _degree_asked(question)
    if DEGREE.search(text) and mentions_degree_asked(question, text):
        return True
    return any(pattern.search(text) for r, pattern in _LEVELS_OF_STUDY if r == rank) or bool(
        rank == 3 and _DOCTORAL_STUDENT.search(text)
    )


# "PhD Student", "doctoral candidate": a doctorate under way also names the doctorate.
_DOCTORAL_STUDENT = re.compile(r"\b(?:ph\.?\s?d|doctoral)\b", re.I)


def _entry_title_naming_degree(block: str, unit: str) -> str:
    """The first line of the unit's entry when it names a degree and is not the unit itself:
    "PhD, Cognitive Science · 2018-2021" over "Supervisor: Ann Roe"."""
    first = plain_text(block.strip().splitlines()[0]) if block.strip() else ""
    if not first or first in unit or unit in first or not DEGREE.search(first):
        return ""
    return first


def listed_advisors(person: str, question: str, facts: list[FactEvidence]) -> list[Quote] | None:
    """The advisor of an education-list entry of the asked degree ("Ph.D. …" over "Advisor:
    Ann Roe"): the degree's line with its advisor's line. None when no such entry names one."""
    if _POSTDOC.search(question):
        return None  # a postdoc's mentor is no degree's advisor
    listed = [f for f in facts if f.fact.fields.get("advisor_line")]
    return _advisors(person, question, listed) if listed else None


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
    return _words_beyond(question, named | _DEGREE_KINDS)


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
    held_elsewhere = False
    if qualifiers:  # "a PhD in physics", "a degree from Hill College"
        qualified = [f for f in holding if mentions_all(_entry_of(f), qualifiers)]
        # a doctorate in another field answers "a PhD in physics?" with no, however stated
        held_elsewhere = bool(holding) and not qualified and _degree_named(question) == 3
        holding = qualified
    if degree_status_asked(question) == ONGOING:  # "Is she a PhD student?": not a PhD held
        holding = [f for f in holding if status_of(f) != COMPLETED]
    found = _degree_quotes(person, question, holding, limit=1)
    return found or ([] if _listed(degrees) or held_elsewhere else None)


def asks_for_degree(question: str) -> bool:
    """Whether a question names a degree ("a PhD", "an MBA", "a master's degree")."""
    return bool(_degree_named(question) or _specific_degree(question))


def holds_degree_named(question: str, text: str) -> bool:
    """Whether `text` names the degree the question asks about as one held or studied for
    (not "the PhD program she directs"), with the field or school the question gives."""
    degree = held_degree(text)
    if degree is None or not mentions_degree_asked(question, text[degree.start() :]):
        return False
    return mentions_all(text, degree_qualifiers(question))


def degree_phrase(question: str) -> str:
    """The degree a question names with its field or school as written ("a PhD in computer
    science" → "PhD in computer science"); "" when it names none."""
    match = DEGREE.search(question)
    if match is None:
        return ""
    following = _QUALIFIER.match(question, match.end())
    return question[match.start() : following.end(1)] if following else match.group(0)


# A time clause at the end of a question: "… after his PhD", "… before joining Acme".
_TIME_CLAUSE = re.compile(
    r"\s+(?:after|before|during|since|following|prior\s+to|while|until)\b[^?]*", re.I
)


def main_clause(question: str) -> str:
    """The question without a time clause at its end: what it asks about, not when."""
    return _TIME_CLAUSE.sub("", question, count=1)


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
            if f.fact.kind in ("headline", "position", *_JOB_FACTS)
            and _STUDYING.search(f.fact.text)
            and mentions_degree_asked(question, f.fact.text)
            and DEGREE.search(f.fact.text)
            # a job entry "PhD Candidate · 2015 – 2019" is a finished one
            and (f.fact.kind not in _JOB_FACTS or degree_status(f.fact) == ONGOING)
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


# Facts of jobs: a CV may list its doctorate as a position ("PhD Candidate | Lakeside
# University, 2022 – present"), with its dates.
_JOB_FACTS = ("role", "experience")


# Sections whose lines name degrees other people hold or study for (a paper's venue, a course,
# a student supervised, a prize), not the person's own.
_OTHER_PEOPLES_DEGREES = frozenset({"publications", "talks", "teaching", "students", "service"})


def degree_sentence(
    question: str, person: str, chunks: list[Chunk], studying: bool = False
) -> Quote | None:
    """For someone with no degree among their facts: the first line of their passages that
    names the degree asked and says it was earned ("I did my PhD at UC Berkeley",
    "Ph.D. @ Virginia Tech" on a page's headline) — or, `studying`, that it is still being
    studied for ("PhD Sociology (In Progress)") — None when none does."""
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
            if (degree_status(_stated(unit, named.group(0))) == ONGOING) == studying:
                return Quote(person, unit, chunk, 1.0)
    return None


def _stated(text: str, degree: str) -> Fact:
    return Fact("education", text, "", 0, len(text), {"degree": degree})


# Words for a kind of degree rather than a particular one, and spellings of one degree.
_DEGREE_KINDS = frozenset(
    "phd doctorate doctoral doctor dphil master masters bachelor bachelors degree".split()
)
_SAME_DEGREE = {
    "msc": "ms",
    "bsc": "bs",
    "ab": "ba",
    "meng": "ms",
    "beng": "bs",
    # degrees written out, by their abbreviation
    "masteroffinearts": "mfa",
    "masterofbusinessadministration": "mba",
    "masterofscience": "ms",
    "masterofarts": "ma",
    "masterofengineering": "ms",
    "bachelorofscience": "bs",
    "bachelorofarts": "ba",
    "bachelorofengineering": "bs",
    "doctorofphilosophy": "phd",
}


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
    """Whether a role question asks about now: not "did", "has worked", "how much experience"."""
    return not re.search(
        r"\b(?:did|was|were|used\s+to|previous\w*|before|former\w*)\b"
        # a perfect ("has she worked", "have they been"), not "does she have"
        r"|\b(?:has|have|had)\s+(?:[\w.'’-]+\s+){0,3}?(?:been|\w+ed)\b"
        r"|\bhow\s+(?:much|many|long)\b",
        question,
        re.I,
    )


# "Where has she worked?": every job, not only the current one.
_WORKED = re.compile(r"\b(?:has|have|had)\b.*\bworked\b", re.I)


def fact_quotes_of(person: str, facts: list[FactEvidence]) -> list[Quote] | None:
    """The facts quoted as they are, in order, without repeats."""
    return _quotes(person, facts, limit=len(facts))


# "Which of them are professors?", "Who is currently a postdoc?": a question about what people
# are now (a copula not followed by a verb: "who is doing a PhD" asks about an activity).
# "Which of them are professors?" asks what people are now; "… are interested in / based in /
# employed by …" (a participle with its preposition) asks something else.
_CURRENT_STATE = re.compile(
    r"^\W*(?:which|who)\b[^?]*?\b(?:is|are)\b(?!\s+\w+ing\b)(?!\s+(?:there|listed|named)\b)"
    r"(?!\s+(?:\w+ly\s+)?\w+ed\s+(?:in|on|at|with|for|by|to|from|about)\b)",
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
            entries = "entry" if str(number) == "1" else "entries"
            quotes.append(
                Quote(person, f"{number} {entries} under {item.fact.text}", item.chunk, 1.0)
            )
    return quotes or None


def time_quotes(
    intent: Intent,
    question: str,
    person: str,
    facts: list[FactEvidence],
    things: list,
    referent: str = "",
) -> list[Quote] | None:
    """ "What did she do before Acme?" / "after her PhD?" / "What was her first job?": the dated
    positions and degrees put in time order around the one the question names, or else around
    `referent`, the entry a follow-up points back at ("and before that?")."""
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
    if not anchors and referent:
        anchors = [(f, y) for f, y in dated if f.fact.text in referent]
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
    quotes = _quotes(person, [f for f, _ in chosen], limit=1) if chosen else None
    return [_with_next_dated_line(q) for q in quotes] if quotes else None


def _with_next_dated_line(quote: Quote) -> Quote:
    """An entry's title line without dates, with the line under it that has them ("Acme ·
    Berlin" over "Analyst · Apr 2020 – Mar 2021"): a time-order answer shows its dates."""
    if _YEAR.search(quote.text):
        return quote
    lines = [plain_text(line) for line in quote.chunk.text.splitlines()]
    at = next((n for n, line in enumerate(lines) if line and line == quote.text), None)
    if at is not None and at + 1 < len(lines) and _YEAR.search(lines[at + 1]):
        return Quote(quote.person, f"{quote.text} — {lines[at + 1]}", quote.chunk, quote.score)
    return quote


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
    return _ending_with_count(found, MAX_LISTED_ENTRIES, len(found)) or None


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
    initial ("Janet Q. Doe", "ANNA B. C. ROE") or before a comma ("Doe, J."), so
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
    return _ending_with_count(quotes, limit, len(entries)) or None


def _ending_with_count(quotes: list[Quote], limit: int, total: int) -> list[Quote]:
    """The first `limit` quotes; when `total` is more, the last says how many more there are."""
    kept = quotes[:limit]
    if kept and total > limit:
        last = kept[-1]
        kept[-1] = Quote(
            last.person, f"{last.text} (and {total - limit} more)", last.chunk, last.score
        )
    return kept


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
    "role": frozenset({"headline", "position", "experience", "role"}),  # role: the job now
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
    ended: Callable[[str], bool] | None = None,
) -> list[Quote] | None:
    """The first entry of the person's list sections of the asked kind (education for a study
    question, publications for a venue) whose line names every thing asked about, read in all
    of their passages: a search returns a few passages per person, a verification must not
    miss the one entry that answers. An entry `ended` says is over does not count. None when no
    such entry names them."""
    if not things or not any(t in ANSWERING_KINDS for t in topics):
        return None
    for chunk in chunks:
        if not of_the_asked_kind(chunk.kind, topics):
            continue
        if not _may_mention(_folded(chunk.text), things[0]):  # before reading every line
            continue
        for start, end in unit_spans(chunk.text):
            line = chunk.text[start:end]
            if not mentions_all(line, things):
                continue
            entry = entry_of(chunk, start, end)
            # the line naming the thing dates it, else the entry around it does
            if ended is None or not ended(line if _YEAR.search(line) else entry):
                return [Quote(person, entry, chunk, 1.0)]
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


# Yes/no and people-list answers test the same sentences and facts against each question.
@functools.lru_cache(maxsize=1 << 14)
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
    groups = _either_named(question, _capitalised_things(question, name_terms))
    if groups or not idf:
        return groups
    compounds = _compounds_asked(question, idf)
    within = {t for c in compounds for t in tokenize(c)}
    content = [
        t
        for t in tokenize(_NOW_PHRASES.sub(" ", question))
        if t not in within
        and t not in QUESTION_VERBS
        and t not in name_terms
        and not names_a_topic(t)
        and not names_a_time(t)  # "Who is currently a postdoc?" asks for postdocs
        and with_synonyms(t) & idf.keys()
    ]
    joined = [frozenset(tokenize(c.replace("-", ""))) for c in compounds][:MAX_THINGS]
    if not content:
        return joined
    either = _either_words(question, content)
    content = [t for t in content if t not in either]
    rarest = sorted(dict.fromkeys(content), key=lambda t: -idf.get(t, 0.0))
    groups = joined + [with_synonyms(t) for t in rarest[: MAX_THINGS - len(joined)]]
    if either and len(groups) < MAX_THINGS:  # "formal methods or formal verification"
        groups.append(frozenset(w for t in either for w in with_synonyms(t)))
    return groups


# A lower-case compound ("privacy-preserving", "human-computer"): one thing, named as written.
_COMPOUND = re.compile(r"(?<![\w-])[a-z]+(?:-[a-z]+)+(?![\w-])")


def _compounds_asked(question: str, idf: dict[str, float]) -> list[str]:
    """The lower-case hyphenated compounds of a question whose parts the index knows: each is
    asked for whole ("privacy-preserving" names privacy-preserving, not any "preserving")."""
    return [
        match.group()
        for match in _COMPOUND.finditer(question)
        if all(with_synonyms(t) & idf.keys() for t in tokenize(match.group()))
    ]


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


def _either_named(question: str, groups: list[frozenset[str]]) -> list[frozenset[str]]:
    """ "Google or Hill College": the capitalised things of the two sides of an "or", either
    side will do. Groups are all required and each is any one of its words, so (A and B) or C
    is written as (A or C) and (B or C); the things outside the "or" are still required."""
    match = _OR_PHRASES.search(question)
    if match is None or not groups:
        return groups
    left, right = (set(tokenize(match.group(i))) for i in (1, 2))
    lefts = [g for g in groups if g & left and not g & right]
    rights = [g for g in groups if g & right and not g & left]
    if bool(lefts) != bool(rights):  # "UX or product designer": the other side in lower case
        side = right if lefts else left
        words = [with_synonyms(t) for t in sorted(side - STOPWORDS - QUESTION_VERBS)]
        if lefts:
            rights = words
        else:
            lefts = words
    if not lefts or not rights:
        return groups
    kept = [g for g in groups if g not in lefts and g not in rights]
    return [*kept, *(one | other for one in lefts for other in rights)]


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
            w in QUESTION_VERBS or t in QUESTION_VERBS or names_a_topic(t) or names_a_time(t)
            for w, t in zip(words, tokens, strict=True)
        ):
            continue
        groups += [with_synonyms(t) for t in tokens]
    return groups


# English phrases for the present that tokenize into words of their own ("right").
_NOW_PHRASES = re.compile(
    r"\b(?:right\s+now|at\s+the\s+moment|at\s+present|these\s+days|nowadays)\b", re.I
)


def _capitalised_things(question: str, name_terms: frozenset[str]) -> list[frozenset[str]]:
    groups: list[frozenset[str]] = []
    words = re.findall(r"[\w'’+#.-]+", _joined_compounds(question))
    for index, word in enumerate(words):
        clean = word.strip(".'’")
        tokens = tokenize(clean)
        if not tokens or set(tokens) <= name_terms:
            continue
        # a name may begin with a digit ("50Hertz", "3M"): its capitals make it one
        written_as_name = clean[:1].isupper() or (
            clean[:1].isdigit() and any(c.isupper() for c in clean)
        )
        capitalised = written_as_name and (index > 0 or clean.isupper())
        if capitalised and clean.lower() not in STOPWORDS and clean.lower() not in QUESTION_VERBS:
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


def name_words(name: str) -> list[str]:
    """The words of a name as texts are searched for it (`mentions_all`): a hyphenated
    compound is one word ("BME-AutSoft" is "bmeautsoft", never "bme" alone)."""
    return tokenize(_joined_compounds(name))


def _joined_compounds(text: str) -> str:
    """ "Meta-Learning" is not "Meta": a hyphenated compound counts as one word."""
    return re.sub(r"(?<=[^\W\d_])-(?=[^\W\d_])", "", text)


def sentence_text(hit: Hit, entry: str, sentence: str) -> str:
    return f"{hit.chunk.section} {entry} {sentence}"


# ---------------------------------------------------------------------------- entries of one kind

# The roles a teaching question asks about (general CV vocabulary): a course taught, assisted,
# led a section of or tutored. "TA" only in capitals: "ta" is no English word, "TA" is. The
# verb "teach" is left out: research prose uses it ("a signal that can teach a network").
_TEACHING_ROLE = re.compile(
    r"(?-i:\bTA\b|\bGSI\b)|\b(?:teaching\s+(?:assistant|fellow|intern)|instructor|lecturer"
    r"|section\s+leader|tutor|grader|taught)\b",
    re.I,
)
# The words a question uses for teaching: "Which courses did she TA?", "What has he taught?"
_ASKS_TEACHING = re.compile(
    r"\bTA(?:'d|’d|ed)?\b|\b(?:teach|teaches|taught|courses?|classes|section\s+leader|instructor"
    r"|lectured)\b",
)
# Things done at a venue or a school that are neither publishing, studying nor working there
# (CV verbs of service and talks): "Organised a workshop at ECCV" is no ECCV paper, "Gave a talk
# at Hill College" no degree from it.
_OTHER_ACTIVITY = re.compile(
    r"\b(?:organi[sz](?:ed|es|ing|er|ers)|co-organi[sz]ed|gave\s+(?:an?\s+)?(?:\w+\s+)?"
    r"(?:talk|keynote|lecture|tutorial|seminar)|invited\s+talk|keynote|served\s+(?:as|on)"
    r"|review(?:ed|er|ers|ing)|chair(?:ed|ing)?|attended|hosted|judged)\b",
    re.I,
)


def another_activity(question: str, sentence: str) -> bool:
    """Whether `sentence` tells of service or a talk that `question` does not ask about."""
    return bool(_OTHER_ACTIVITY.search(sentence)) and not _OTHER_ACTIVITY.search(question)


# An internship, as CVs and questions write it.
_INTERNSHIP = re.compile(r"\bintern(?:s|ed|ship|ships)?\b", re.I)
# Sections listing other people's work or roles (a lab's postdocs, co-authors), not one's own.
_OTHER_PEOPLES_ROLES = frozenset({"students", "publications", "talks", "service"})


def asks_for_internship(question: str) -> bool:
    """Whether a question asks about internships: a CV names one with the word "intern"."""
    return bool(_INTERNSHIP.search(question))


# Reviewing, as CVs and questions write it ("Reviewer: …", "reviewed for …").
_REVIEWING = re.compile(r"\breview(?:er|ers|ed|ing)\b", re.I)
# A sub-item under a line ending in a colon ("Article reviewer:" over "– Biolinguistics").
_SUB_ITEM = re.compile(r"^\s*[–—\-◦▪∗*o]\s+\S")
# At most this many one-line entries per person: about 80 words of a list.
MAX_LISTED_LINES = 6
# A line this short is a list entry ("2019 (Winter). Section leader for CS106A."), quoted whole;
# a longer one is a paragraph, whose sentence naming the role is quoted.
MAX_LINE_CHARS = 120
# A one-line entry's block is quoted whole up to this long (the role with its place and dates).
MAX_BLOCK_CHARS = 300


def entries_of_role(
    person: str,
    question: str,
    passages: list[Chunk],
    things: list[frozenset[str]],
    block_of: Callable[[str, int, int], str],
) -> list[Quote] | None:
    """ "Which courses did she TA at Lakeside?", "What internships did he do?": every line of
    the person's passages that names such a role (a teaching role, an internship, a postdoc), whole
    with its place and dates, limited to those naming the places the question names; teaching
    sections and experience sections first. None when the question asks for no such role or
    no line names one (the sentences decide then)."""
    skipped: frozenset[str] = frozenset()
    if _INTERNSHIP.search(question):
        role, preferred = _INTERNSHIP, "experience"
    elif _POSTDOC.search(question):
        role, preferred, skipped = _POSTDOC, "experience", _OTHER_PEOPLES_ROLES
    elif _REVIEWING.search(question):
        role, preferred = _REVIEWING, "service"
    elif _ASKS_TEACHING.search(question):
        role, preferred = _TEACHING_ROLE, "teaching"
    else:
        return None
    things = [t for t in things if not any(role.fullmatch(w) for w in t)]  # "TA" is the role
    ordered = sorted(passages, key=lambda c: c.kind != preferred)
    quotes: list[Quote] = []
    seen: set[str] = set()
    for chunk in ordered:
        if not role.search(chunk.text) or chunk.kind in skipped:
            continue
        for start, end in unit_spans(chunk.text):
            unit = plain_text(chunk.text[start:end])
            if not role.search(unit):
                continue
            text = _role_entry(chunk.text, start, end, unit, role, block_of)
            if text.casefold() in seen or (things and not mentions_all(text, things)):
                continue
            seen.add(text.casefold())
            quotes.append(Quote(person, text, chunk, 1.0))
    return _ending_with_count(quotes, MAX_LISTED_LINES, len(quotes)) or None


def _sub_items(text: str, end: int) -> list[str]:
    """The sub-items right under the line ending at `end`, without their marks."""
    items: list[str] = []
    for line in text[end:].splitlines()[1:]:
        if not _SUB_ITEM.match(line):
            break
        items.append(plain_text(re.sub(r"^\s*[–—\-◦▪∗*o]\s+", "", line)))
    return items


def _role_entry(
    text: str,
    start: int,
    end: int,
    unit: str,
    role: re.Pattern[str],
    block_of: Callable[[str, int, int], str],
) -> str:
    """A role's line with what says where and when: its whole entry when the entry is short
    and holds this role only ("Software Engineering Intern (2017)" over "Acme, Springfield"),
    else the line, after the dated line above it when it has no date of its own."""
    if unit.rstrip().endswith(":"):  # "Reviewer for:" and the list under it
        items = _sub_items(text, end)
        if items:
            return f"{unit} {'; '.join(items)}"
    block = block_of(text, start, end).strip()
    # an entry: lines, or one line of list length; a paragraph's sentence is the quote
    entry = "\n" in block or len(block) <= MAX_LINE_CHARS
    if entry and len(block) <= MAX_BLOCK_CHARS and len(role.findall(block)) == 1:
        return " — ".join(plain_text(line) for line in block.splitlines() if line.strip())
    if _YEAR.search(unit):
        return unit
    line_start = text.rfind("\n", 0, start)
    above = text[text.rfind("\n", 0, max(line_start, 0)) + 1 : max(line_start, 0)].strip()
    if above and _YEAR.search(above) and not role.search(above):
        return f"{plain_text(above)} — {unit}"
    return unit


def dated_entries_naming(
    person: str,
    passages: list[Chunk],
    things: list[frozenset[str]],
    block_of: Callable[[str, int, int], str],
) -> list[Quote] | None:
    """ "When did she join Acme?", "Since when has he been at Acme?": the entries of the
    person's passages that name the place and carry dates ("Acme · Jan 2025 – Present"),
    experience sections first; a name and its dates are often on two lines of one entry.
    None when no line names it with a date (the sentences decide then)."""
    if not things:
        return None
    ordered = sorted(passages, key=lambda c: c.kind not in ("experience", "position"))
    quotes: list[Quote] = []
    seen: set[str] = set()
    for chunk in ordered:
        if mentions_all(chunk.section, things):  # a section of its own: "Microsoft" over
            dated = _first_dated_unit(chunk)  # "Senior Engineer", "May 2021 - Present"
            if dated and dated.casefold() not in seen:
                seen.add(dated.casefold())
                quotes.append(Quote(person, f"{chunk.section} — {dated}", chunk, 1.0))
            continue
        if not _may_mention(_folded(chunk.text), things[0]):
            continue
        for start, end in unit_spans(chunk.text):
            unit = plain_text(chunk.text[start:end])
            if not mentions_all(unit, things):
                continue
            text = _dated(chunk.text, start, end, unit, block_of)
            if text and text.casefold() not in seen:
                seen.add(text.casefold())
                quotes.append(Quote(person, text, chunk, 1.0))
    return quotes[:2] or None


def _first_dated_unit(chunk: Chunk) -> str:
    """The first line of a passage that holds a date, with the line before it when that is
    the role ("Senior Software Engineer — May 2021 - Present")."""
    units = [plain_text(chunk.text[s:e]) for s, e in unit_spans(chunk.text)]
    for index, unit in enumerate(units):
        if _YEAR.search(unit):
            before = units[index - 1] if index and not _YEAR.search(units[index - 1]) else ""
            return f"{before} — {unit}" if before else unit
    return ""


def _dated(
    text: str, start: int, end: int, unit: str, block_of: Callable[[str, int, int], str]
) -> str:
    """The unit with its dates: itself when it has them, else its short entry when that has
    them, else the unit and the next line when that has them; "" when none do."""
    if _YEAR.search(unit):
        return unit
    block = block_of(text, start, end)
    if len(block) <= MAX_BLOCK_CHARS and _YEAR.search(block):
        return " — ".join(plain_text(line) for line in block.strip().splitlines() if line.strip())
    line_end = text.find("\n", end)
    following = text[line_end + 1 : text.find("\n", line_end + 1)] if line_end >= 0 else ""
    if following.strip() and _YEAR.search(following):
        return f"{unit} — {plain_text(following)}"
    return ""


# The words a question uses for a skills list (general CV vocabulary): "Which programming
# languages does she know?", "What languages does he speak?", "her tech stack". ("Where did
# she speak?" asks for talks: "speak" alone is no skills word.)
_ASKS_SKILLS = re.compile(
    r"\b(?:skills?|languages?|tools?|technolog(?:y|ies)|tech\s+stack|stack"
    r"|frameworks?|proficien(?:t|cy)|fluent)\b",
    re.I,
)
# A labelled skills line outside a skills section: "Relevant Skills Formal Languages: C, Rust",
# "Tools · Git, Docker" (a CV class's label cell). The label begins the line, after at most two
# words ("Relevant Skills", "Programming Languages"): "Member of the team (stack: Java)"
# describes a job, not a skills list. The label words are the usual CV ones for such lists.
_SKILL_LABEL = re.compile(
    r"^\W*(?:[\w&/+-]+\s+){0,2}(?:skills|languages|technologies|tools|frameworks|stack"
    r"|databases|libraries|platforms|programming|software|packages)\b"
    r"(?:[^:·\n]{0,30}:|\s*·)\s*\S",
    re.I,
)
# A page's running header or footer that text extraction leaves inside the last section of a
# page ("Jane Doe – CV – jane@uni.edu – Page 1 of 2"): an e-mail address or a page number.
_RUNNING_FOOTER = re.compile(r"\bpage\s+\d+\s*(?:of|/)\s*\d+\b|[\w.+-]+@[\w-]+\.\w", re.I)
# In a skills section any label of a few words before a colon heads a list of its own:
# "HPC: SLURM, MPI", "Cloud/DevOps: AWS, Terraform" (the label words are the CV's own).
_LABELLED_LINE = re.compile(r"^\W*[\w&/+.-]+(?:\s+[\w&/+.-]+){0,2}\s*:\s*\S")
# A sentence that states skills: "Proficient in SQL and Tableau", "experienced with Docker".
_SKILL_STATEMENT = re.compile(
    r"\b(?:proficient|proficiency|skilled|fluent|expertise|experienced|familiar(?:ity)?"
    r"|hands-on\s+experience|working\s+knowledge|comfortable)\s+(?:in|with|of|using)\b",
    re.I,
)


def skills_quotes(person: str, question: str, passages: list[Chunk]) -> list[Quote] | None:
    """ "Which programming languages does she know?": the lines of the person's skills
    sections (and labelled skills lines elsewhere), whole. When the profile has several
    skills sections ("Languages", "Technical Skills"), the ones whose heading and lines share
    the most words with the question. None when the question asks for no skills or the
    profile lists none."""
    if not _ASKS_SKILLS.search(question):
        return None
    # the person's name is no word of a list ("Jane Doe - CV - Page 2" ends many a section)
    asked = {w for t in tokenize(question) for w in with_synonyms(t)} - STOPWORDS
    asked -= set(tokenize(person))
    groups = _skills_groups(passages)
    if not groups:
        return None

    def shared(key: tuple[str, str]) -> int:
        words = set(tokenize(" ".join([key[1], *(u for _, u in groups[key])])))
        return len(words & asked)

    best = max(shared(k) for k in groups)
    quotes = [
        Quote(person, unit, chunk, 1.0)
        for key in groups
        if shared(key) == best
        for chunk, unit in groups[key]
    ]
    return _one_item_lines_joined(_distinct_quotes(quotes))[: MAX_LISTED_LINES * 2] or None


def skills_line_naming(
    person: str, passages: list[Chunk], things: list[frozenset[str]]
) -> Quote | None:
    """For a people list ("Who uses Stan?", "Which of them know Python?"): the first line of
    the person's skills lists (a skills section's line, a labelled skills line, a sentence
    stating skills) that names every thing asked about, read in all of their passages — a
    search returns a few passages per person and a skills list is seldom among them."""
    if not things:
        return None
    for chunk in passages:
        if not _may_mention(_folded(chunk.text), things[0]):  # before reading every line
            continue
        for start, end in _skills_units(chunk):
            unit = plain_text(chunk.text[start:end])
            listed = (
                chunk.kind == "skills" or _SKILL_LABEL.search(unit) or _SKILL_STATEMENT.search(unit)
            )
            if listed and mentions_all(unit, things):
                return Quote(person, unit, chunk, 1.0)
    return None


# A skills list written one item a line ("Programming / R / Stan / Python") has items of a
# few words each; a longer line is a sentence or a labelled list of its own.
MAX_ITEM_WORDS = 3


def _one_item_lines_joined(quotes: list[Quote]) -> list[Quote]:
    """Runs of one-item lines of one document joined into one line ("Programming · R · Stan"),
    cited with the first line's passage: the list reads as a list, not as fragments."""
    joined: list[Quote] = []
    for quote in quotes:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.chunk.source == quote.chunk.source
            and _is_item(quote.text)
            and _is_item(previous.text.rsplit(" · ", 1)[-1])
        ):
            joined[-1] = replace(previous, text=f"{previous.text} · {quote.text}")
        else:
            joined.append(quote)
    return joined


def _is_item(text: str) -> bool:
    return len(text.split()) <= MAX_ITEM_WORDS and not re.search(r"[.:;!?]$", text)


def _skills_groups(passages: list[Chunk]) -> dict[tuple[str, str], list[tuple[Chunk, str]]]:
    """The lines of skills sections by section, and each labelled skills line on its own; when
    there are none, each sentence stating skills ("Proficient in SQL and Tableau")."""
    groups: dict[tuple[str, str], list[tuple[Chunk, str]]] = {}
    statements: dict[tuple[str, str], list[tuple[Chunk, str]]] = {}
    for chunk in passages:
        # a label cell read as the heading of a section of one row ("Tools · Git, Docker")
        row_label = chunk.section if chunk.text.startswith(f"{chunk.section} · ") else ""
        for start, end in _skills_units(chunk):
            unit = plain_text(chunk.text[start:end])
            if row_label and unit != row_label and start <= len(row_label) + 3:
                unit = f"{row_label} · {unit}"
            if _RUNNING_FOOTER.search(unit):
                continue
            labelled = _SKILL_LABEL.search(unit) or (
                chunk.kind == "skills" and _LABELLED_LINE.match(unit)
            )
            if chunk.kind == "skills" or labelled:
                # a labelled line is a list of its own, under its section's heading
                section = chunk.section if chunk.kind == "skills" else ""
                key = (chunk.source, f"{section} {unit}" if labelled else chunk.section)
                groups.setdefault(key, []).append((chunk, unit))
            elif _SKILL_STATEMENT.search(unit):
                statements.setdefault((chunk.source, unit), []).append((chunk, unit))
    return groups or statements


def _skills_units(chunk: Chunk) -> list[tuple[int, int]]:
    """The pieces of a passage: in a skills section its lines (a list item may be one letter,
    "R", "C"), elsewhere its sentences and list lines."""
    if chunk.kind != "skills":
        return unit_spans(chunk.text)
    spans = []
    offset = 0
    for line in chunk.text.splitlines(keepends=True):
        text = line.strip()
        if text and text != chunk.section and any(ch.isalnum() for ch in text):
            start = offset + line.index(text)
            spans.append((start, start + len(text)))
        offset += len(line)
    return spans


def names_another_place(place: str, text: str) -> bool:
    """Whether `text` names a different organisation whose name holds the words of `place`
    with other proper-name words between them: "Ohio State University" for "Ohio University",
    "Google Cloud Research" for "Google Research". False when the text names `place` itself."""
    words = place.split()
    if len(words) < 2 or normalise(place) in normalise(text):
        return False
    # proper-name words and the small words inside names; not "and": "Microsoft Word and
    # Excel" names Microsoft Excel
    between = r"(?:\s+(?:[A-Z][\w'’.-]*|of|for|the|de|du))+\s+"
    pattern = r"\b" + between.join(re.escape(w) for w in words) + r"\b"
    return re.search(pattern, text, re.I if place.isupper() else 0) is not None


def _distinct_quotes(quotes: list[Quote]) -> list[Quote]:
    seen: set[str] = set()
    kept = []
    for quote in quotes:
        if quote.text.casefold() not in seen:
            seen.add(quote.text.casefold())
            kept.append(quote)
    return kept


def section_time_quotes(
    intent: Intent, person: str, passages: list[Chunk], things: list[frozenset[str]]
) -> list[Quote] | None:
    """ "Where did he work before Acme?" on a page with a section per employer ("Acme" over
    "Engineer" and "May 2021 - Present"): the sections' first dated lines put in time order
    around the ones whose heading names the place. None when no heading names it."""
    if intent.time not in ("before", "after") or not things:
        return None
    stints: list[tuple[Quote, tuple[int, int], bool]] = []
    for chunk in passages:
        dated = _first_dated_unit(chunk) if chunk.section else ""
        years = _span_of_years(dated)
        if years is not None:
            quote = Quote(person, f"{chunk.section} — {dated}", chunk, 1.0)
            stints.append((quote, years, mentions_all(chunk.section, things)))
    anchors = [years for _, years, anchor in stints if anchor]
    others = [(q, years) for q, years, anchor in stints if not anchor]
    if not anchors:
        return None
    if intent.time == "before":  # before the first stint there
        start = min(a[0] for a in anchors)
        earlier = sorted(
            (o for o in others if o[1][1] <= start), key=lambda o: (-o[1][1], -o[1][0])
        )
        chosen = earlier[:1]
    else:
        end = max(a[1] for a in anchors)
        chosen = sorted((o for o in others if o[1][0] >= end), key=lambda o: o[1])[:1]
    return [q for q, _ in chosen] or None


# How prose opens a sentence about an earlier time than the sentence before it (general
# English): "Previously I worked at …", "Before that she taught …", "Prior to joining Acme, …".
_EARLIER_OPENER = re.compile(
    r"^\W*(?:previously|formerly|earlier|before\s+(?:that|this|then|joining)"
    r"|prior\s+to\s+(?:that|this|joining))\b",
    re.I,
)


def prose_time_quotes(
    intent: Intent, person: str, passages: list[Chunk], things: list[frozenset[str]]
) -> list[Quote] | None:
    """ "What did he do before Acme?" on a bio told newest first: the sentence right after the
    one naming Acme when it opens with an earlier-time phrase ("Previously I worked at …");
    "after Beta" is the sentence right before one naming Beta that opens so. None when no
    sentence of the person's names the place."""
    if intent.time not in ("before", "after") or not things:
        return None
    for chunk in passages:
        sentences = [plain_text(chunk.text[s:e]) for s, e in unit_spans(chunk.text)]
        for number, sentence in enumerate(sentences):
            if not mentions_all(sentence, things):
                continue
            if intent.time == "before" and number + 1 < len(sentences):
                earlier = sentences[number + 1]
                if _EARLIER_OPENER.search(earlier):
                    return [Quote(person, earlier, chunk, 1.0)]
            if intent.time == "after" and number > 0 and _EARLIER_OPENER.search(sentence):
                return [Quote(person, sentences[number - 1], chunk, 1.0)]
    return None


def has_ended(text: str, this_year: int | None = None) -> bool:
    """Whether a line's span of years has passed ("2020 – 2023"). A single year says no
    end ("since 2019", "2019 –", "Engineer (2021)"), nor does a span running to the present."""
    if len(re.findall(r"\b(?:19|20)\d\d\b", text)) < 2:
        return False
    span = _span_of_years(text)
    year = this_year or datetime.date.today().year
    return span is not None and span[1] < year


def _span_of_years(text: str) -> tuple[int, int] | None:
    """(first, last) year a line names; a span running to the present ends after all."""
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", text)]
    if not years:
        return None
    ongoing = re.search(r"\b(?:present|now|current)\b", text, re.I)
    return years[0], 9999 if ongoing else years[-1]


# ---------------------------------------------------------------------------- one job's entry

# "What did she do at Acme?", "What is he working on at Acme?", "What was her role at Acme?":
# what someone did at a place (general English question forms; "did" alone is an auxiliary:
# "What did she publish at ICML?").
_ASKS_WORK_AT = re.compile(
    r"^\W*(?:and\s+|so\s+)?(?:what|which)\b[^?]*?\b(?:do|doing|done|work(?:s|ed|ing)?\s+on"
    r"|buil[dt]|roles?|responsibilit(?:y|ies)|duties|jobs?|titles?|positions?)\b[^?]*?"
    r"\b(?P<preposition>at|for|with|in)\s"
    # "Which companies has she worked for in Oslo?": her jobs there
    r"|^\W*(?:and\s+|so\s+)?(?:what|which)\s+(?:compan(?:y|ies)|employers?|firms?|organi[sz]ations?)"
    r"\b[^?]*?\bwork(?:s|ed|ing)?\s+(?:for|at)\s+(?P<place>in|at)\s",
    re.I,
)
# The kind of a section whose heading names no kind of CV section (structure.section_kind).
UNNAMED_SECTION_KIND = "other"
# Sections whose entries are jobs.
JOB_SECTION_KINDS = frozenset({"experience", "position"})  # sections that list jobs
# A job's heading is its first lines up to the one with its dates, at most this many.
_MAX_HEADING_LINES = 3


def asks_work_at(question: str) -> bool:
    """Whether a question asks what someone did or does at a place."""
    return bool(_ASKS_WORK_AT.search(question))


def work_place_phrase(question: str) -> str:
    """The preposition of "What did she do at …" and what follows it: the place, without the
    words naming the person (a name written otherwise than the index's is no place)."""
    match = _ASKS_WORK_AT.search(question)
    if match is None:
        return ""
    return question[match.start("preposition" if match.group("preposition") else "place") :]


# "Where was she a postdoc?", "Where has he been a research fellow?", "Where did she work as
# a data scientist?", "Where did he do his postdoc?": the place of a job asked by its title,
# the last words of the question (at most three).
_ASKS_WHERE_HELD = re.compile(
    r"^\W*(?:and\s+)?where\b[^?]*?\b(?:as(?:\s+an?)?|an?|his|her|their)\s+(?:first\s+)?"
    r"(?P<role>(?:[\w-]+\s+){0,2}?[\w-]+)(?:\s+(?:now|today|currently))?\s*\??\s*$",
    re.I,
)


def held_role_asked(question: str) -> str:
    """The job title of "Where was she a postdoc?" ("postdoc"), or "" when the question asks
    no place of a job named by its title."""
    match = _ASKS_WHERE_HELD.search(question)
    role = match.group("role") if match else ""
    return role if role and names_job_title(role) else ""


def job_entries_at(
    person: str, passages: list[Chunk], things: list[frozenset[str]]
) -> list[Quote] | None:
    """ "What did she do at Acme?": each entry of the person's job sections whose heading
    lines (employer, role, place, dates) name every thing asked about, quoted as its heading
    and its details (bullets or a description) whole, within MAX_OVERVIEW_WORDS for all of
    them, ending with "(and N more)" when details are left out. None when no entry names them."""
    if not things:
        return None
    found = (
        _job_entries_naming(passages, things)
        or _cards_naming(passages, things)
        or _dated_lines_naming(passages, things)
    )[:MAX_LISTED_ENTRIES]
    if not found:
        return None
    budget = max(0, MAX_OVERVIEW_WORDS - sum(len(h.split()) for _, h, _ in found)) // len(found)
    return [
        Quote(person, _with_details(heading, details, budget), chunk, 1.0)
        for chunk, heading, details in found
    ]


# An entry as quoted: its passage, its heading and its details.
_JobEntry = tuple[Chunk, str, list[str]]


def _job_entries_naming(passages: list[Chunk], things: list[frozenset[str]]) -> list[_JobEntry]:
    """The entries of job sections whose heading lines name every thing asked about. A
    section whose heading names no kind of CV section ("Accomplishments", an employer's name
    in capitals) is read as jobs too: its dated entries that name the place are jobs there."""
    found: list[_JobEntry] = []
    following = {(c.source, c.chunk_id): c for c in passages}
    for chunk in passages:
        read_as = chunk.kind if chunk.kind in JOB_SECTION_KINDS else "experience"
        if chunk.kind not in JOB_SECTION_KINDS | {UNNAMED_SECTION_KIND}:
            continue
        if not _may_mention(_folded(chunk.text), things[0]):
            continue
        entries = entries_of_passage(chunk.text, read_as)
        for number, entry in enumerate(entries):
            if read_as != chunk.kind and not entry.dates:
                continue
            lines = [plain_text(chunk.text[s:e]) for s, e in entry.lines]
            heading = _heading_lines(chunk.text, entry)
            named = " ".join([entry.context, *lines[:heading]])
            if not mentions_all(named, things):
                continue
            details = lines[heading:]
            if not details and number == len(entries) - 1:  # its details open the next passage
                details = _continued_details(
                    chunk, following.get((chunk.source, chunk.chunk_id + 1))
                )
            found.append((chunk, " — ".join(lines[:heading]), details))
    return found


def _continued_details(chunk: Chunk, after: Chunk | None) -> list[str]:
    """The lines that open the passage after `chunk` when they continue its last entry (a
    long section is cut into passages between entries, and a job's heading may end one): the
    undated first entry of the next passage of the same section."""
    if after is None or after.section != chunk.section or after.kind != chunk.kind:
        return []
    read_as = chunk.kind if chunk.kind in JOB_SECTION_KINDS else "experience"
    opening = entries_of_passage(after.text, read_as)[:1]
    if not opening or opening[0].dates:
        return []
    return [plain_text(after.text[s:e]) for s, e in opening[0].lines]


def _cards_naming(passages: list[Chunk], things: list[frozenset[str]]) -> list[_JobEntry]:
    """A page's card of its own for the place: a section titled with its name ("## Acme", then
    the role, the dates and what was done there), quoted from its first passage."""
    found: list[_JobEntry] = []
    titles: set[str] = set()
    for chunk in passages:
        if chunk.kind in LIST_KINDS or chunk.section in titles:
            continue
        if chunk.section and mentions_all(chunk.section, things):
            titles.add(chunk.section)
            lines = [plain_text(line) for line in chunk.text.splitlines()]
            details = [line for line in lines if line and line != plain_text(chunk.section)]
            found.append((chunk, plain_text(chunk.section), details))
    return found


def _dated_lines_naming(passages: list[Chunk], things: list[frozenset[str]]) -> list[_JobEntry]:
    """Dated lines of a bio's list that name the place and no degree ("05/2023 - 03/2024:
    Research Associate, … Lakeside University, UK."), each quoted whole."""
    found: list[_JobEntry] = []
    for chunk in passages:
        if chunk.kind in LIST_KINDS or not _may_mention(_folded(chunk.text), things[0]):
            continue
        for line in chunk.text.splitlines():
            text = plain_text(line)
            dated_job = _YEAR.search(text) and held_degree(text) is None
            if dated_job and len(text) <= MAX_BLOCK_CHARS and mentions_all(text, things):
                found.append((chunk, text, []))
    return found


def _heading_lines(text: str, entry: Entry) -> int:
    """How many of an entry's first lines are its heading: up to the dated one (the employer
    over "Engineer · 2021 – 2023"), and the role line under a dated first line."""
    written = [text[s:e] for s, e in entry.lines]
    for number, line in enumerate(written[:_MAX_HEADING_LINES]):
        if parse_dates(line):
            if number:
                return number + 1
            # under a line of dates alone, the role and the employer; under a dated role, the
            # employer or the role
            end, last = 1, 3 if is_date_only(line) else 2
            while end < min(last, len(written)) and is_role_line(written[end]):
                end += 1
            return end
    return 1


def _with_details(heading: str, details: list[str], budget: int) -> str:
    """The heading, then whole details (whole sentences of a long one) while they fit in
    `budget` words, then how many were left out."""
    kept: list[str] = []
    used = 0
    pieces = [piece for detail in details for piece in _sentences_of(detail)]
    for piece in pieces:
        words = len(piece.split())
        if kept and used + words > budget:
            break
        kept.append(piece)
        used += words
    left = len(pieces) - len(kept)
    text = f"{heading}: {' '.join(_ended(k) for k in kept)}" if kept else heading
    return f"{text} (and {left} more)" if left else text


def _sentences_of(detail: str) -> list[str]:
    return [detail[s:e].strip() for s, e in unit_spans(detail)] or [detail]


def _ended(piece: str) -> str:
    """A detail as a quote inside a line: bullets seldom end in a full stop."""
    return piece if piece.endswith((".", "!", "?", ";", ":")) else f"{piece};"
