"""The type check of an extractive answer: what kind of thing a factoid question asks for (a
date, a person's name, an organisation or place, a number) and whether a quoted line holds one.

An extractive answer is a quote, and a quote that holds nothing of the asked kind cannot answer:
"When did she join Acme?" is not answered by a sentence naming Acme and no date, "Which company
did he work for?" not by "he worked as a software engineer". The answerer then says what the
profile does not give instead of quoting the nearest sentence. Each rule below is a general
English question form or a general shape of written dates, names and numbers, with its reason;
nothing is taken from a question set.
"""

from __future__ import annotations

import datetime
import re

from .facts import DEGREE, held_degree
from .text import STOPWORDS, tokenize

DATE = "a date"
PERSON = "a person's name"
PLACE = "an organisation or place"
NUMBER = "a number"
CURRENT = "anything current"
THESIS = "a thesis"
TITLE = "a job title"

# "When did …", "since when", "what year", "how long": a point or span in time. "when" counts
# only as the question word, before an auxiliary ("… when she was at Acme" is a clause).
_ASKS_DATE = re.compile(
    r"\bwhen\s+(?:did|does|do|was|were|is|are|has|have|had|will|would|could)\b|^\W*when\b"
    r"|\bsince\s+when\b|\b(?:what|which)\s+(?:year|month|date)\b|\bhow\s+long\b",
    re.I,
)
# "How long did she work at Acme?": a span, which a duration states as well as dates do.
_ASKS_DURATION = re.compile(r"\bhow\s+long\b", re.I)
# A duration as English writes it: "3+ years", "twenty years", "six months", "a decade".
_DURATION = re.compile(
    r"\b(?:\d+\+?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty|several|many)\s+(?:\+\s+)?(?:full\s+)?(?:years?|months?|decades?)\b"
    r"|\b\d+\+\s+(?:years?|months?)\b",
    re.I,
)
# "Who advised her?", "Whom did he work with?": a person. Only the question word at the start
# ("Which of them …" lists are another form and never reach this check).
_ASKS_PERSON = re.compile(r"^\W*(?:who|whom|with\s+whom|under\s+whom)\b", re.I)
# "Where …", "Which company / university / city …": an organisation or a place.
_ASKS_PLACE = re.compile(
    r"^\W*where\b|\bwhere\s+(?:did|does|do|was|were|is|are|has|have|had)\b"
    r"|\b(?:which|what)\s+(?:\w+\s+)?(?:compan(?:y|ies)|employers?|firms?|universit(?:y|ies)"
    r"|schools?|colleges?|institut(?:e|es|ion|ions)|organi[sz]ations?|labs?|laborator(?:y|ies)"
    r"|cit(?:y|ies)|countr(?:y|ies)|startups?)\b",
    re.I,
)
# "Which company …", "where does she work": an employer, which an author list never names.
_ASKS_EMPLOYER = re.compile(
    r"\b(?:which|what)\s+(?:\w+\s+)?(?:compan(?:y|ies)|employers?|firms?|startups?)\b"
    r"|\bwhere\s+(?:\w+\s+){1,4}?work(?:s|ed|ing)?\b|\bwork(?:s|ed|ing)?\s+(?:for|at)\b",
    re.I,
)
# "… now", "currently", "these days": the present, which an entry that has ended does not give.
_ASKS_NOW = re.compile(
    r"\b(?:now|current(?:ly)?|these\s+days|at\s+present|presently|today)\b", re.I
)
# "What is the title of her dissertation?", "What was his thesis about?": the thesis itself,
# which a degree line that names none does not give.
_ASKS_THESIS = re.compile(r"\b(?:thesis|dissertation)\b", re.I)
# A thesis as CVs give it: labelled (in the languages CVs are often written in), or a title
# of three or more words in quotation marks.
_THESIS = re.compile(
    r"\b(?:thesis|dissertation|th[eè]se|tesis|tesi|proefschrift|doktorarbeit|diplomarbeit)\b"
    r"|[\"“«][^\"”»]*\w+\s+\w+\s+\w+[^\"”»]*[\"”»]",
    re.I,
)
# "What was her job title at Acme?", "What position did he hold there?": a title, which a
# sentence about fields of work ("I moved between engineering and product") does not give.
_ASKS_TITLE = re.compile(
    r"\b(?:job\s+)?titles?\b(?!\s+of\s+(?:her|his|their|the)\s+(?:thesis|dissertation|paper|book|talk))"
    r"|\b(?:what|which)\s+(?:\w+\s+)?(?:positions?|roles?)\b",
    re.I,
)
# Head nouns of job titles (general CV vocabulary in English).
_TITLE_WORDS = frozenset(
    tokenize(
        "engineer developer programmer manager director head lead chief officer president vp "
        "scientist researcher professor lecturer instructor teacher fellow postdoc intern "
        "assistant associate analyst designer architect consultant advisor adviser advocate "
        "evangelist specialist coordinator administrator founder cofounder owner partner "
        "editor writer chair member student candidate technician principal staff senior "
        "representative agent clerk accountant attorney lawyer nurse physician doctor "
        "ceo cto cfo coo"
    )
)
# "How many papers …", "how much experience": a count or an amount.
_ASKS_NUMBER = re.compile(r"\bhow\s+(?:many|much)\b|\bnumber\s+of\b", re.I)

# A year (1900–2099), a month name, or a span running to the present: how CVs write dates.
_DATE = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d"
    r"|\b(?:present|current|now)\b(?=\s*[)\]]|\s*$)|[-–—]\s*(?:present|now)\b",
    re.I,
)
# A span of years as CVs write it, with its end: "Sep 2019 - Mar 2024", "2019–2021".
_SPAN_END = re.compile(
    r"(?:19|20)\d\d\s*(?:[-–—]+|\bto\b)\s*(?:[A-Za-z]{3,9}\.?\s+)?(?P<end>(?:19|20)\d\d"
    r"|present|now|current|today|ongoing)\b",
    re.I,
)
# An author list: three or more personal names joined by commas ("Tom Roe, Ann Sturm, Jane
# Doe, and Bo Li"), as a paper's or a shared prize's entry writes it. A personal name is two
# words or more: a list of single names ("Microsoft, Twilio, Okta") is one of employers.
_AUTHOR_LIST = re.compile(
    r"(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3}\*?,\s+){2,}(?:and\s+)?[A-Z][\w'’.-]*"
    r"(?:\s+[A-Z][\w'’.-]*){1,3}"
)
# A number written in digits or as an English number word.
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?"
    r"|several|many)\b",
    re.I,
)
# A personal name as CVs write it: a title before a capitalised word, or two to four
# capitalised words in a row ("Stefano Ermon", "John D. Lafferty").
_TITLED_NAME = re.compile(r"\b(?:Prof(?:essor)?|Dr|Mr|Mrs|Ms)\.?\s+[A-Z][\w'’-]+")
_NAME_RUN = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.\s*)?[A-Z][\w'’-]+){1,3}\b")
# Words that make a run of capitalised words the name of an organisation, a place or a
# section, not of a person (general English institution vocabulary).
_NOT_A_PERSON = frozenset(
    tokenize(
        "university universities college institute institution school department laboratory "
        "lab labs center centre group team inc ltd llc corporation company foundation society "
        "association conference journal program programme science sciences engineering "
        "research computer technology national international state city county academy "
        "hospital clinic museum library press committee council office ministry bank tech"
    )
)
# A capitalised word or an acronym after a sentence's first word: a proper name ("Acme",
# "KAIST", "New York"). A sentence's first word is capitalised whatever it is.
_PROPER_WORD = re.compile(r"(?<=[\s(,;:/–—-])[A-Z][\w&'’.-]*")


def wanted_types(question: str, people_named: int = 1) -> tuple[str, ...]:
    """The kinds of thing a factoid question asks for, in the order it names them; () when
    it asks for none in particular ("What did she do at Acme?"). A "who" question naming
    several people asks which of them ("Who finished first, Ann or Bo?"), not for a name."""
    wanted = []
    if _ASKS_DATE.search(question):
        wanted.append(DATE)
    if _ASKS_PERSON.search(question) and people_named < 2:
        wanted.append(PERSON)
    if _ASKS_PLACE.search(question):
        wanted.append(PLACE)
    if _ASKS_NUMBER.search(question):
        wanted.append(NUMBER)
    if _ASKS_THESIS.search(question) and not wanted:
        wanted.append(THESIS)
    elif _ASKS_TITLE.search(question) and not wanted and not _ASKS_THESIS.search(question):
        wanted.append(TITLE)
    return tuple(wanted)


def holds_type(kind: str, text: str, person: str = "") -> bool:
    """Whether `text` holds a thing of `kind` other than `person`'s own name."""
    if kind == DATE:
        return bool(_DATE.search(text))
    if kind == NUMBER:
        return bool(_NUMBER.search(text))
    if kind == THESIS:
        return bool(_THESIS.search(text))
    own = set(tokenize(person))
    if kind == TITLE:
        return _names_a_title(text, own)
    if kind == PERSON:
        return _names_a_person(text, own)
    if kind == PLACE:
        return any(not set(tokenize(m.group(0))) <= own for m in _PROPER_WORD.finditer(text))
    return True


def names_job_title(text: str) -> bool:
    """Whether `text` holds the head noun of a job title ("postdoc", "data scientist")."""
    return bool(set(tokenize(text)) & _TITLE_WORDS)


def _names_a_title(text: str, known: set[str]) -> bool:
    """A title word, or a title of the document's own making ("Front-End Captain"): two or
    more capitalised words that are not function words, `known` names or places."""
    if set(tokenize(text)) & _TITLE_WORDS:
        return True
    for match in _NAME_RUN.finditer(text):
        words = [w for w in tokenize(match.group(0)) if w not in STOPWORDS]
        if len(words) >= 2 and not set(words) & (known | _NOT_A_PERSON):
            return True
    return False


def _names_a_person(text: str, own: set[str]) -> bool:
    text = DEGREE.sub(" ", text)  # "Jane Doe Ph.D." names Jane Doe only
    if any(not set(tokenize(m.group(0))) <= own for m in _TITLED_NAME.finditer(text)):
        return True
    for match in _NAME_RUN.finditer(text):
        words = set(tokenize(match.group(0)))
        if words and not words <= own and not words & _NOT_A_PERSON:
            return True
    return False


def answers_type(
    question: str, texts: list[str], person: str = "", people_named: int = 1
) -> tuple[str, ...]:
    """The kinds the question asks for that none of `texts` holds; () when they answer. An
    employer is not named by an author list; what someone does now is not answered by
    entries that have all ended."""
    joined = " ".join(texts)
    wanted = wanted_types(question, people_named)
    # a title names neither the person nor the place the question names ("her title at Acme")
    known = person + " " + " ".join(places_named(question)) if TITLE in wanted else person
    lacking = [kind for kind in wanted if not holds_type(kind, joined, known)]
    if DATE in lacking and _ASKS_DURATION.search(question) and _DURATION.search(joined):
        lacking.remove(DATE)  # "How long …?" is answered by "3+ years at Acme" too
    employer = PLACE in wanted and PLACE not in lacking and _ASKS_EMPLOYER.search(question)
    if employer and not any(_names_an_employer(text, person) for text in texts):
        lacking.append(PLACE)
    # an undated degree says where someone studied, not what they do now
    jobs = [t for t in texts if held_degree(t) is None or _SPAN_END.search(t)]
    if wanted and jobs and _ASKS_NOW.search(question) and all(map(has_ended, jobs)):
        lacking.append(CURRENT)
    return tuple(lacking)


def _names_an_employer(text: str, person: str) -> bool:
    """Whether a proper name stands outside the author lists of `text`."""
    return holds_type(PLACE, _AUTHOR_LIST.sub(" ", text), person)


def has_ended(text: str, this_year: int | None = None) -> bool:
    """Whether `text` dates what it says with spans that have all ended ("2019 – 2021"), so
    that it says nothing of now; False when it has no span or one runs to the present."""
    year = this_year or datetime.date.today().year
    ends = [m.group("end") for m in _SPAN_END.finditer(text)]
    return bool(ends) and all(end[:1].isdigit() and int(end) < year for end in ends)


# A place a question puts after a preposition or a joining verb: "her role at Acme Labs",
# "before joining Acme Labs", "in Amsterdam" (capitalised words: a proper name).
_PLACE_NAMED = re.compile(
    r"\b(?:at|for|with|from|in|joined|join|joining)\s+(?:the\s+)?"
    r"(?P<place>[A-Z][\w&'’.-]*(?:\s+(?:of\s+)?[A-Z][\w&'’.-]*)*)"
)


def places_named(question: str) -> list[str]:
    """The proper names a question puts after "at", "for", "in", "joined" … ("Acme Labs")."""
    return [m.group("place").rstrip(".'’") for m in _PLACE_NAMED.finditer(question)]
