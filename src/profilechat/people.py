"""Stage "identify person": whose profile is a document?

Evidence, strongest first:
  (a) front matter keys name / person / author (Markdown) / title (when it is a name);
  (b) the text: a name heading near the top, a self-introduction ("I am X", completed from the
      document's author lists), a third-person opening ("Jane Doe is a …", "Bio: Jane Doe is …"),
      the name that matches the local part of the document's e-mail address, then the file's
      own author / title metadata (HTML, PDF, DOCX);
  (c) the file name ("jane-doe_cv.pdf"), last.
When nothing names a person, the document is filed under "Unknown (file name)"; a user fixes that
(or any wrong attribution) in corpus/people.yaml without editing the document.
Names that differ only by titles, middle names or initials, or "Surname, Given" order
("Prof. Alice M. Walker", "Walker, Alice") are one person: `merge_variants`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from profilechat.errors import DocumentError
from profilechat.types import Document

if TYPE_CHECKING:
    from profilechat.facts import Fact

_HEADING_LINES = 5
_MAX_HEADING_CHARS = 80
# Self-introductions come early; a later "I am ..." is more likely a quote or a title.
_INTRO_SEARCH_CHARS = 5000

# Lower-case name particles allowed between capitalised words.
_PARTICLES = frozenset(
    {"de", "da", "das", "del", "della", "der", "den", "di", "do", "dos", "du", "la", "le"}
    | {"van", "von", "ter", "ten", "bin", "binti", "ibn", "al", "el", "y", "zu", "st."}
)
_DEGREE = re.compile(
    r"^(ph\.?\s?d\.?|d\.?phil\.?|m\.?d\.?|m\.?sc?\.?|b\.?sc?\.?|b\.?a\.?|m\.?a\.?|mba|mph"
    r"|jd|j\.d\.|llm|jr\.?|sr\.?|ii|iii|iv|esq\.?|frs|feng|p\.?eng\.?|cpa|pmp|rn)$",
    re.IGNORECASE,
)
# Words around a name in titles and headings: "Jane Doe's Homepage", "CV of Jane Doe".
_PAGE_WORDS = (
    r"(?:(?:personal|academic|official|professional)\s+)?(?:home\s*page|web\s*page|web\s*site"
    r"|site|cv|c\.v\.|resume|résumé|curriculum\s+vitae|vita|profile|bio|biography|blog"
    r"|portfolio)"
)
_TITLE_WORDS = r"(?:dr|prof|professor|mr|mrs|ms|mx)\.?"
_DECORATION_START = re.compile(
    rf"^(?:welcome\s+to|about|(?:the\s+)?{_PAGE_WORDS}\s+of|{_TITLE_WORDS})\s+", re.IGNORECASE
)
_DECORATION_END = re.compile(rf"\s+{_PAGE_WORDS}$", re.IGNORECASE)
# Capitalised words that are not names: section headings, job titles, organisations, greetings,
# nationalities, letter and page furniture. Any of them in a candidate means it is not a name.
_NOT_NAME_TEXT = """
    about academic academia achievements activities advisor affiliations all and appointments
    areas assistant associate awards background bio biography blog book books by
    career certifications chapter chief cloud co-founder college committee community computer
    conference conferences contact contributions courses current currently curriculum cv data
    department deep design director distinguished doctoral education engineer engineering
    events experience expert faculty fellow fellowships founder full-time grants group hello
    here home homepage honors i industry institute interests introduction invited journal
    keynotes lab laboratory labs lead learning lecturer lectures links machine manager media
    meetup member memberships my news now open papers part part-time patents personal
    phd post-doctoral postdoc postdoctoral preprints presentations press principal product
    professional professor profile program programming projects publications recent research
    researcher resume scholar school science scientist selected senior service services
    skills software source staff student students summary systems talks teaching team tech
    technical technology thanks the there thesis tutorials university updates vitae website
    welcome work workshop workshops world year
    google microsoft amazon apple meta facebook ibm intel nvidia openai deepmind linkedin
    american british canadian chinese english french german indian italian japanese korean
    spanish european asian african australian brazilian russian
    january february march july september october november december
    monday tuesday wednesday thursday friday saturday sunday
    new city street road avenue suite building campus
    dear hiring sir madam whom concern hi hey greetings hello
    developer developers backend back-end frontend front-end full-stack fullstack devops designer
    architect consultant analyst intern candidate specialist administrator coordinator officer
    programmer freelancer enthusiast writer editor artist photographer speaker advocate evangelist
    table contents index page pages menu navigation nav skip toggle copyright rights reserved
    unknown untitled document draft template sample example
"""
# "University", "school", "institute" in the other languages CVs are often written in.
_INSTITUTION_WORDS = """
    universite université universitat universität universidad universidade università universita
    universiteit uniwersytet universitet hochschule ecole école instituto institut istituto
    politecnico politécnica
"""
_NOT_NAME_WORDS = frozenset(_NOT_NAME_TEXT.split()) | frozenset(_INSTITUTION_WORDS.split())
_COMMON_HEADINGS = frozenset(
    {"curriculum vitae", "about me", "introduction", "research interests", "welcome", "home"}
    | {"publications", "contact me", "contact information", "about"}
)
_FILE_NAME_NOISE = frozenset(
    {"cv", "resume", "résumé", "profile", "bio", "biography", "homepage", "home", "page"}
    | {"final", "draft", "new", "old", "updated", "latest", "copy", "website", "personal"}
    | {"curriculum", "vitae", "vita", "en", "english", "short", "long", "full", "public"}
    | {"speaker", "about", "me", "info", "contact", "index", "talk", "press", "kit", "readme"}
)
_VERSION_OR_YEAR = re.compile(r"^(v\d+|\d{4}|\(\d+\))$", re.IGNORECASE)
_HEX_HASH = re.compile(r"^[0-9a-f]{8,}$", re.IGNORECASE)

# A word of letters, apostrophes and hyphens, or an initial ("J." / "J.R.").
_WORD = r"(?:[^\W\d_]\.){1,2}|[^\W\d_](?:[^\W\d_]|['’\-])*"
_NAME_RUN = rf"{_WORD}(?:[ \t]+{_WORD}){{0,5}}"
# "I am" / "my name is" in English and in the languages profiles are most often written in
# besides (German, French, Spanish, Portuguese, Italian, Russian, Ukrainian): a GitHub README
# opening "Привет, я Никита!" introduces Никита. The name after them must still be capitalised.
_INTRO_PHRASES = (
    r"\bI\s+am|\bI['’]m|\bmy\s+name\s+is|\bcall\s+me|(?:^|(?<=[.!?])\s+)this\s+is"
    r"|\bich\s+bin|\bmein\s+name\s+ist|\bich\s+hei(?:ß|ss)e|\bje\s+suis|\bje\s+m['’]appelle"
    r"|\bmoi\s+c['’]est|\bme\s+llamo|\bmi\s+nombre\s+es|\bsoy|\bme\s+chamo|\bmeu\s+nome\s+é"
    r"|\beu\s+sou|\bmi\s+chiamo|\bsono|\bменя\s+зовут|\bмене\s+звати|(?<!\w)я|\bэто"
)
_INTRO = re.compile(
    rf"(?:{_INTRO_PHRASES})"
    rf"[ \t]+(?P<name>{_NAME_RUN})(?=(?P<after>[ \t]*[^\s\w]|[ \t]+\w+|[ \t]*$)?)",
    re.IGNORECASE | re.MULTILINE,
)
_THIRD_PERSON_CHARS = 600
_THIRD_PERSON = re.compile(
    rf"(?:\A|(?<=[.!?\n])\s*)(?:[A-Z][\w ]{{0,20}}:\s*)?(?:{_TITLE_WORDS}\s+)?"
    r"(?P<name>[A-Z][\w'’-]+(?:[ \t]+(?:[A-Z]\.|[A-Z][\w'’-]+)){1,3})"
    r"(?:[ \t]*\([^()\n]{1,30}\))?"  # an aside before the verb: "Jane Doe (@jdoe) is"
    r"[ \t]+(?:is|was|has|holds|leads|works|received|joined|serves|studies|teaches)\b"
)
_EMAIL = re.compile(r"\b([\w.+-]+)@[\w-]+(?:\.[\w-]+)+")
_EMAIL_SEARCH_CHARS = 5000
# Short words that are never a whole name on their own: a front-matter "name: Where" or "The".
_FUNCTION_WORDS = frozenset(
    "a an and are as at be by did do does for from had has have he her his how i in is it me my of"
    " on or our she so that the their them they this to was we were what when where which who"
    " whom whose why will with would you your".split()
)
_CAPITALISED_PAIR = re.compile(r"\b[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){1,2}\b")
# The same with middle initials allowed ("Jane Q.R. Doe", "Jane Q. R. Doe"): how author lists
# write a name.
_NAME_WITH_INITIALS = re.compile(
    r"\b[A-Z][\w'’-]+(?:[ \t]+(?:[A-Z]\.(?:[ \t]?[A-Z]\.){0,2}(?=[ \t])|[A-Z][\w'’-]+)){1,4}\b"
)
# A form's field: "Name: Jane Doe", "Date Prepared: · May 2, 2023" (PDFs and Word tables
# put a separator between the label and its value).
_FIELD = re.compile(r"(?P<label>[^\W\d][^:]{0,30}?)\s*:\s*[·•|]?\s*(?P<value>\S.*)")
# The label of the name field in the languages CVs are most often written in.
_NAME_LABEL = re.compile(
    r"(?:full\s+)?name|nombre(?:\s+completo)?|nom(?:\s+complet)?|nome(?:\s+completo)?"
    r"|naam|vollständiger\s+name",
    re.IGNORECASE,
)
_HEADING_SEPARATORS = re.compile(r"\s+[-–—|·•:]\s+|\s*[|·•]\s*|:\s+")


# --------------------------------------------------------------------------- public API


UNKNOWN_PREFIX = "Unknown"
# Corrections a user makes without editing documents: "file name: Full Name" per line.
PEOPLE_FILE = "people.yaml"
_MAX_PEOPLE_FILE_BYTES = 1024 * 1024


def read_people_file(path: Path) -> dict[str, str]:
    """corpus/people.yaml as {file: person}; {} when there is none.

    Keys are file names relative to the corpus folder. Raises DocumentError (with the reason
    the indexer reports) when the file cannot be used.
    """
    import yaml

    if not path.is_file():
        return {}
    try:
        if path.stat().st_size > _MAX_PEOPLE_FILE_BYTES:
            raise DocumentError(PEOPLE_FILE, "it is larger than 1 MB; it was ignored")
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        reason = f"it could not be read ({type(error).__name__}); it was ignored"
        raise DocumentError(PEOPLE_FILE, reason) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DocumentError(PEOPLE_FILE, "it must map file names to names, one per line")
    overrides: dict[str, str] = {}
    for source, person in data.items():
        name = normalise_name(person) if isinstance(person, str) else None
        if not isinstance(source, str) or name is None:
            raise DocumentError(
                PEOPLE_FILE, f"{person!r} for {source!r} is not a person's name; it was ignored"
            )
        overrides[source.strip().lstrip("./")] = name
    return overrides


def unknown_person(source: str) -> str:
    """The person a document is filed under when it names nobody."""
    return f"{UNKNOWN_PREFIX} ({PurePosixPath(source).name})"


def is_unknown(person: str) -> bool:
    return person.startswith(f"{UNKNOWN_PREFIX} (") and person.endswith(")")


def people_listing(
    people: dict[str, list[str]], facts: dict[str, list[Fact]]
) -> list[dict[str, Any]]:
    """Each person with their documents, headline and the other names their documents give
    them (`profilechat people --json`, the API)."""
    return [
        {
            "name": person,
            "documents": sources,
            "headline": _headline(facts, sources),
            "unknown": is_unknown(person),
            "aliases": _aliases(facts, sources),
        }
        for person, sources in people.items()
    ]


def _aliases(facts: dict[str, list[Fact]], sources: list[str]) -> list[str]:
    found = (f.text for source in sources for f in facts.get(source, []) if f.kind == "alias")
    return list(dict.fromkeys(found))


def _headline(facts: dict[str, list[Fact]], sources: list[str]) -> str:
    found = (f.text for source in sources for f in facts.get(source, []) if f.kind == "headline")
    return next(found, "")


_DEFAULT_CHOOSER = object()  # identify_person's default: the fitted chooser of people_model


def identify_person(doc: Document, chooser: Any = _DEFAULT_CHOOSER) -> str:
    """The full name of the person `doc` is about, or "Unknown (file name)".

    When the rules below find no full name, `chooser` (a people_model.PeopleModel; the fitted
    one by default, None for the rules alone) picks among the names the document writes.
    """
    found = _by_rules(doc)
    if chooser is None or (" " in found and not is_unknown(found)):
        return found
    from .people_model import load_model, most_likely_person

    model = load_model() if chooser is _DEFAULT_CHOOSER else chooser
    chosen = most_likely_person(doc, model) if model is not None else None
    # A bare first name the rules found may be completed by the chooser, not contradicted.
    if chosen and (is_unknown(found) or chosen.split()[0].casefold() == found.casefold()):
        return chosen
    return found


def _by_rules(doc: Document) -> str:
    found = _from_front_matter(doc) or _from_name_heading(doc.text)
    if found:
        return found
    first_name = _from_self_introduction(doc.text) or _front_matter_introduction(doc)
    if first_name and " " in first_name:
        return first_name
    if first_name:
        first_name = _complete_from_email(first_name, doc) or first_name
    third_person = _from_third_person_opening(doc.text)
    if third_person and not first_name:
        return third_person
    later = [_from_email(doc.text), _from_file_metadata(doc), _from_file_name(doc.source, doc.text)]
    if first_name:
        # Weaker evidence may complete a bare first name, but not contradict it.
        agreeing = [n for n in later if n and n.split()[0].casefold() == first_name.casefold()]
        return agreeing[0] if agreeing else first_name
    return next((name for name in later if name), None) or unknown_person(doc.source)


def merge_variants(names: list[str]) -> dict[str, str]:
    """Map each name to the one form used for its person: names with the same given name and
    surname once titles, middle names and initials are ignored are one person. The form kept is
    the most frequent one, and among those the longest ("Alice M. Walker" over "Alice Walker")."""
    groups: dict[tuple[str, str], list[str]] = {}
    for name in names:
        key = identity_key(name)
        if key:
            groups.setdefault(key, []).append(name)
    canonical: dict[str, str] = {name: name for name in names}
    for members in groups.values():
        counts = Counter(members)
        best = max(counts, key=lambda n: (counts[n], len(n.split()), n))
        for member in members:
            canonical[member] = best
    return canonical


def normalise_name(value: str) -> str | None:
    """A name written by a person (front matter, people.yaml, metadata) in display form: titles
    and degrees dropped, "Walker, Alice" turned round. None when it cannot be a person's name
    (a stopword, a question word, a generic word such as "bio")."""
    value = " ".join(value.split())
    if not value or len(value) > 100 or any(ch.isdigit() for ch in value):
        return None
    turned = re.fullmatch(
        r"([^\W\d_][\w'’-]+),\s*([^\W\d_][\w'’.-]+(?:\s+[^\W\d_][\w'’.]*)?)", value
    )
    if turned and not _DEGREE.match(turned.group(2)):
        value = f"{turned.group(2)} {turned.group(1)}"
    value = strip_title(_strip_decoration(value) or value)
    words = value.split()
    if not words or all(w.lower().strip(".") in _NOT_NAME_WORDS | _FUNCTION_WORDS for w in words):
        return None
    if len(words) == 1 and (not words[0][:1].isupper() or len(words[0]) < 2):
        return None
    return value


def name_variants(full_name: str) -> set[str]:
    """Lower-cased ways a question may refer to the person: the full name, the first
    name, the surname (with and without particles such as "van") and "first last"
    without middle names; accented names also without accents."""
    words = full_name.split()
    if len(words) < 2:
        return {full_name.strip().lower()} - {""}
    surname_start = len(words) - 1
    while surname_start > 1 and words[surname_start - 1].lower() in _PARTICLES:
        surname_start -= 1
    surname = " ".join(words[surname_start:])
    variants = {" ".join(words), words[0], words[-1], f"{words[0]} {words[-1]}", surname}
    variants.add(f"{words[0]} {surname}")
    lowered = {variant.lower() for variant in variants}
    return lowered | {strip_accents(variant) for variant in lowered}


def looks_like_name(text: str) -> bool:
    """True for 2–4 capitalised words (plus particles such as "van"), e.g. "Jane Doe"."""
    return as_name(text) is not None


# --------------------------------------------------------------------------- evidence


def _from_front_matter(doc: Document) -> str | None:
    keys = ["name", "person"]
    if PurePosixPath(doc.source).suffix.lower() in {".md", ".markdown"}:
        keys.append("author")  # in other formats "author" comes from file metadata
    for key in keys:
        value = doc.metadata.get(key)
        if isinstance(value, str):
            name = normalise_name(value)
            if name:
                return name
    title = doc.metadata.get("title")
    if isinstance(title, str) and PurePosixPath(doc.source).suffix.lower() in {".md", ".markdown"}:
        return name_in_title(title)
    return None


def _front_matter_introduction(doc: Document) -> str | None:
    """A page title that introduces its owner: "This is Jane!", "Hi, I'm Jane"."""
    title = doc.metadata.get("title")
    return _from_self_introduction(title) if isinstance(title, str) else None


def _from_name_heading(text: str) -> str | None:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in lines[:_HEADING_LINES]:
        name = name_in_title(line)
        if name and not _ordinary_words(name, text):
            return name
    return None


def _ordinary_words(name: str, text: str) -> bool:
    """Whether every word of `name` is also written in lower case in `text`: then it is a
    heading made of the document's own words ("Core Expertise" over "my core expertise"),
    not a name. Words inside addresses ("jane.doe@…", "…/janedoe") do not count."""
    words = [w for w in name.split() if not _is_initial(w) and w not in _PARTICLES]
    return bool(words) and all(written_in_lower_case(w, text) for w in words)


def written_in_lower_case(word: str, text: str) -> bool:
    """Whether `text` writes `word` in lower case as a word of its own (not in an address)."""
    return re.search(rf"(?<![\w.@/-]){re.escape(word.lower())}(?![\w.@-])", text) is not None


def _from_self_introduction(text: str) -> str | None:
    """A name from "I am X" / "My name is X"; a single first name is completed from the
    full names in the same document ("Maria" + "..., Maria Garcia, ..." → Maria Garcia).
    Returns a bare first name only when nothing completes it."""
    for match in _INTRO.finditer(text[:_INTRO_SEARCH_CHARS]):
        run = match.group("name").split()
        words = _leading_name_words(run)
        if not words:
            continue
        if len(words) >= 2:
            return " ".join(words)
        completed = _complete_first_name(words[0], text)
        if completed:
            return completed
        if _ends_clause(run, match.group("after") or ""):
            return words[0]
    return None


def _from_email(text: str) -> str | None:
    """The name in the text that an e-mail address of the document spells: "jane.doe@…",
    "jdoe@…", "doej@…" or "janedoe@…" pick "Jane Doe" out of the names in the document."""
    locals_ = [m.group(1).casefold() for m in _EMAIL.finditer(text[:_EMAIL_SEARCH_CHARS])]
    if not locals_:
        return None
    counts: Counter[str] = Counter()
    for match in _NAME_WITH_INITIALS.finditer(text):
        name = as_name(match.group(0))
        if name and any(spells(local, name) for local in locals_):
            counts[name] += 1
    return counts.most_common(1)[0][0] if counts else None


def _complete_from_email(first_name: str, doc: Document) -> str | None:
    """ "I'm Jane" and jane.doe@… or janedoe42@… → "Jane Doe": the address spells the surname."""
    first = strip_accents(first_name).casefold()
    for local in email_local_parts(doc, _EMAIL_SEARCH_CHARS):
        letters = re.sub(r"[^a-z.\-_]", "", strip_accents(local).casefold())
        match = re.fullmatch(rf"{re.escape(first)}[._-]?([a-z]{{2,}})", letters)
        if match and match.group(1) not in _NOT_NAME_WORDS:
            return f"{first_name} {_capitalise(match.group(1))}"
    return None


def email_local_parts(doc: Document, search_chars: int | None = None) -> list[str]:
    """The part before "@" of each e-mail address in the text (its first `search_chars`
    characters, or all of it) and in its mailto: links, in order."""
    text = doc.text if search_chars is None else doc.text[:search_chars]
    found = [m.group(1) for m in _EMAIL.finditer(text)]
    found += [
        link.split(":", 1)[1].split("@")[0] for link in doc.links if link.startswith("mailto:")
    ]
    return found


def spells(local_part: str, name: str) -> bool:
    words = [strip_accents(w).casefold() for w in name.split() if not _is_initial(w)]
    if len(words) < 2:
        return False
    first, last = re.sub(r"\W", "", words[0]), re.sub(r"\W", "", words[-1])
    letters = re.sub(r"[^a-z]", "", local_part)
    spellings = {first + last, last + first, first[0] + last, last + first[0], first + last[0]}
    return letters in spellings and len(last) >= 2


def _from_file_metadata(doc: Document) -> str | None:
    for key in ("author", "title"):
        value = doc.metadata.get(key)
        if isinstance(value, str):
            turned = normalise_name(value) if key == "author" and "," in value else None
            name = as_name(turned) if turned else name_in_title(value)
            if name:
                return name
    return None


def _from_third_person_opening(text: str) -> str | None:
    """ "Dr. Amara Okafor is an epidemiologist …": a bio that opens with its subject."""
    match = _THIRD_PERSON.search(text[:_THIRD_PERSON_CHARS])
    return as_name(match.group("name")) if match else None


def _from_file_name(source: str, text: str = "") -> str | None:
    """A name from the file name; "okafor-bio.pdf" is completed to "Amara Okafor" when the
    document names someone whose surname is one of the file name's words."""
    stem = _stem(source)
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", stem)  # JaneDoe → Jane Doe
    tokens = [token for token in re.split(r"[\s_\-.+]+", spaced) if token]
    tokens = [t for t in tokens if t.lower() not in _FILE_NAME_NOISE]
    tokens = [t for t in tokens if not _VERSION_OR_YEAR.match(t)]
    if any(any(ch.isdigit() for ch in t) or _HEX_HASH.match(t) for t in tokens):
        return None
    completed = _name_in_text_ending_with(tokens, text)
    if completed:
        return completed
    if not 2 <= len(tokens) <= 4:
        return None
    words = [_capitalise_name_word(t.lower(), i, len(tokens)) for i, t in enumerate(tokens)]
    return as_name(" ".join(words))


def _name_in_text_ending_with(tokens: list[str], text: str) -> str | None:
    """The most frequent full name in `text` whose last word is one of `tokens`."""
    surnames = {t.casefold() for t in tokens if len(t) > 1}
    counts: dict[str, int] = {}
    for match in _CAPITALISED_PAIR.finditer(text):
        name = as_name(match.group(0))
        if name and name.split()[-1].casefold() in surnames:
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda n: counts[n]) if counts else None


# --------------------------------------------------------------------------- names


def name_in_title(line: str) -> str | None:
    """The name in a heading or page title: "# Jane Doe, PhD", "Jane Doe - Homepage",
    "Curriculum Vitae – Jane Doe", "Jane Doe's CV"."""
    line = _strip_markup(line)
    if len(line) > _MAX_HEADING_CHARS or line.casefold() in _COMMON_HEADINGS:
        return None
    field = _FIELD.fullmatch(line)
    if field:  # "Name: Jane Doe" names; "Date Prepared: May 2, 2023" is a form's field
        label, value = field.group("label"), field.group("value")
        if _NAME_LABEL.fullmatch(label):
            return as_name(with_capitalised_surname(_strip_decoration(value)))
        if re.search(r"[\d@]", value):
            return None
    parts = _HEADING_SEPARATORS.split(line)
    # "Java Developer | Spring Boot | Docker" is a list of skills: in a list of three or more
    # parts only the first can be the page's name ("Jane Doe | Engineer | Speaker").
    for part in parts if len(parts) <= 2 else parts[:1]:
        name = as_name(with_capitalised_surname(_strip_decoration(part) or _before_titles(part)))
        if name:
            return name
    return None


def with_capitalised_surname(name: str) -> str:
    """ "Marta QUINTERO" → "Marta Quintero": the surname in capitals after a given name written
    as names are, as many CVs set it (an all-capitals line is handled by as_name)."""
    words = name.split()
    caps = [w.isupper() and sum(ch.isalpha() for ch in w) >= 2 for w in words]
    if len(words) < 2 or caps[0] or not caps[-1] or all(caps):
        return name
    first_caps = caps.index(True)
    if not all(caps[first_caps:]):
        return name
    return " ".join(words[:first_caps] + [_capitalise(w) for w in words[first_caps:]])


def _before_titles(part: str) -> str:
    """ "Kenji Arakawa, Assistant Professor, Rust Contributor" → "Kenji Arakawa": a name
    followed by job titles (one of them holds a title word); a place after the comma
    ("San Jose, CA") does not count."""
    head, *tail = [piece.strip() for piece in part.split(",")]
    titles = [p for p in tail if any(w.lower() in _NOT_NAME_WORDS for w in p.split())]
    return head if titles and not any(ch.isdigit() for ch in part) else ""


def _strip_markup(line: str) -> str:
    # An accent that PDF extraction left standing apart from its letter ("Muller, PhD ̈").
    line = re.sub(r"\s+[\u0300-\u036f\u00b4\u02c6-\u02dd]+(?=\s|$)", "", line)
    # A bracketed aside in a name: "Ben (Bo) Li", "Wei Chen (陈伟)", "Al(exander) Roe"
    # are filed under the name without it (names.name_aliases keeps the aside as an alias).
    line = re.sub(r"\s?[(（][^()（）\n]{1,40}[)）]", "", line)
    line = re.sub(r"^(?:#{1,6}|[•·▪◦‣*\-–])\s+", "", line.strip())
    line = re.sub(r"\s+#+$", "", line)
    return line.strip(" \t*_=`~").strip()


def strip_title(name: str) -> str:
    return re.sub(rf"^(?:{_TITLE_WORDS}\s+)+", "", name, flags=re.IGNORECASE).strip()


def _strip_decoration(part: str) -> str:
    """Remove degrees after a comma, possessive suffixes and words like "Homepage"."""
    head, *tail = [piece.strip() for piece in part.split(",")]
    if tail and not all(_DEGREE.match(piece) for piece in tail):
        return ""
    head = re.sub(r"['’]s(\s.*)?$", "", head)
    previous = None
    while head != previous:
        previous = head
        head = _DECORATION_START.sub("", _DECORATION_END.sub("", head)).strip()
    words = head.split()
    while words and _DEGREE.match(words[-1]):
        words.pop()
    return " ".join(words)


def as_name(text: str) -> str | None:
    """`text` as a name ("JANE DOE" becomes "Jane Doe"), or None if it does not look like
    one: 2–4 capitalised words, particles and initials allowed, no digits."""
    words = text.split()
    if not 2 <= len(words) <= 7 or any(ch.isdigit() for ch in text):
        return None
    if text.upper() == text:  # "JANE VAN DOE" → "Jane van Doe"
        words = [_capitalise_name_word(w, i, len(words)) for i, w in enumerate(words)]
    core = [w for w in words if w not in _PARTICLES]
    if not 2 <= len(core) <= 4 or words[0] not in core or words[-1] not in core:
        return None
    if not all(_is_name_word(w) for w in core):
        return None
    if any(w.lower().strip(".") in _NOT_NAME_WORDS for w in core):
        return None
    if all(_is_initial(w) for w in core[:-1]) or _is_initial(core[-1]):
        return None
    return " ".join(words)


def _is_name_word(word: str) -> bool:
    if _is_initial(word):
        return True
    if re.fullmatch(r"I['’][a-z]{1,2}", word):  # "I'm", "I’ve": a clause, not a name
        return False
    word = re.sub(r"^(al|el|d|o)['’\-]", "", word, flags=re.IGNORECASE)
    if not word or not word[0].isupper():
        return False
    if not all(ch.isalpha() or ch in "'’-" for ch in word):
        return False
    letters = [ch for ch in word if ch.isalpha()]
    # "McDonald" is fine, "ASPLOS" or "TSC" (acronyms) are not.
    return len(letters) >= 2 and any(ch.islower() for ch in letters)


def _is_initial(word: str) -> bool:
    """ "Q." or "Q.R.", or a bare capital "Q" ("Jane Q Doe"); not "A" or "I", English words."""
    if len(word) == 1:
        return word.isupper() and word.isalpha() and word not in {"A", "I"}
    return re.fullmatch(r"(?:[^\W\d_]\.){1,2}", word) is not None and word[0].isupper()


def _leading_name_words(run: list[str]) -> list[str]:
    """The name at the start of an introduction: "Jane Doe and I ..." → [Jane, Doe].
    Empty when the words are not a name ("a seasoned", "Senior Manager", "Google's")."""
    taken: list[str] = []
    for word in run:
        if re.search(r"['’]s$", word):
            return []
        is_particle = word in _PARTICLES and bool(taken)
        if not is_particle and (not _is_name_word(word) or word.lower() in _NOT_NAME_WORDS):
            break
        taken.append(word)
    while taken and (taken[-1] in _PARTICLES or _is_initial(taken[-1])):
        taken.pop()
    if len(taken) > 1 and as_name(" ".join(taken)) is None:
        taken = taken[:1]
    return taken[:4]


def _ends_clause(run: list[str], after: str) -> bool:
    """Whether a single name word ends its clause: "I am Maria!", "I'm Maria, a ...",
    "I'm Maria and ...", but not "I am Google engineer"."""
    if len(run) > 1:
        return run[1].lower() in {"and", "from", "a", "an"}
    after = after.strip()
    return after == "" or after[0] in ".,!;:)—–-" or after.lower() in {"and", "from"}


def _complete_first_name(first: str, text: str) -> str | None:
    """The most frequent "First Surname" in `text`, or "First Middle Surname" when that
    is as frequent (every occurrence carries the same middle name or initial)."""
    pattern = re.compile(rf"(?<![\w\-]){re.escape(first)}[ \t]+({_WORD})(?:[ \t]+({_WORD}))?")
    pairs: Counter[str] = Counter()
    triples: Counter[str] = Counter()
    for match in pattern.finditer(text):
        second, third = match.group(1), match.group(2)
        pair = None if _is_initial(second) else as_name(f"{first} {second}")
        if pair:
            pairs[pair] += 1
        triple = as_name(f"{first} {second} {third}") if third else None
        if triple and (pair or _is_initial(second)):
            triples[triple] += 1
    best_pair, pair_count = pairs.most_common(1)[0] if pairs else (None, 0)
    best_triple, triple_count = triples.most_common(1)[0] if triples else (None, 0)
    if best_triple and triple_count >= pair_count:
        return best_triple
    return best_pair


def _capitalise_name_word(word: str, position: int, count: int) -> str:
    """Capitalise a word of an all-caps or all-lower-case name, keeping inner particles
    ("van", "de") lower case."""
    if 0 < position < count - 1 and word.lower() in _PARTICLES:
        return word.lower()
    return _capitalise(word)


def _capitalise(word: str) -> str:
    """ "o'neil-smith" → "O'Neil-Smith"."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(), word)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=1 << 16)  # every update merges all names: an app updates often
def identity_key(name: str) -> tuple[str, str] | None:
    """(given name, surname), folded: what two spellings of one person share."""
    words = [w for w in strip_title(name).split() if not _is_initial(w)]
    core = [w for w in words if w.lower() not in _PARTICLES]
    if len(core) < 2:
        return None
    return strip_accents(core[0]).casefold(), strip_accents(core[-1]).casefold()


def _stem(source: str) -> str:
    return PurePosixPath(source).stem
