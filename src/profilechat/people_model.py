"""A fitted chooser of a document's person among the names it writes, for documents whose
heading, front matter and opening sentences name nobody (people.identify_person asks it then).

Every name-like run of the text (2–4 capitalised words, initials allowed), the file's author
metadata and its file name are candidates; names that share a given name and surname are one
candidate. Each is described by where and how the document writes it — alone on an early line,
how early and how often, its surname alone, spelt by an e-mail address, a link or the file name,
introduced by "I am", inside an author list or after a word that introduces someone else (an
advisor, a manager) — and a conditional logit turns that into each candidate's chance of being the
person the document is about (or nobody's). The likeliest candidate is taken when it is likelier
than nobody.

The weights are fitted by benchmarks/fit_people_weights.py on the development documents' known
people (never on the held-back sets) and stored beside this module in people_weights.json.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from profilechat.people import (
    as_name,
    email_local_parts,
    identity_key,
    name_in_title,
    spells,
    strip_accents,
    strip_title,
    with_capitalised_surname,
    written_in_lower_case,
)
from profilechat.types import Document

MODEL_FILE = Path(__file__).with_name("people_weights.json")

# The part of a document where its owner is named if anywhere: résumés and homepages name
# their person in the first screenful, papers and referees come later.
_EARLY_CHARS = 3000
_EARLY_LINES = 40
# Names in the text: capitalised words, middle initials allowed ("Jane Q. Doe").
_NAME_RUN = re.compile(
    r"(?<![\w'’-])(?!I['’])[A-Z][\w'’-]+(?:[ \t]+(?:[A-Z]\.(?:[ \t]?[A-Z]\.){0,2}(?=[ \t])|[A-Z][\w'’-]+)){1,3}"
)
# A web address written out in the text ("github.com/jdoe", "https://janedoe.dev").
_ADDRESS_IN_TEXT = re.compile(
    r"(?<![@\w.])(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?:/[\w./~-]*)?(?![@\w-])"
)
# Words just before a name that say it is someone other than the document's subject: the
# people a CV or bio mentions (advisors, committee members, managers, co-authors, referees).
_OTHER_PERSON_WORDS = re.compile(
    r"\b(?:advis[eo]rs?|supervis(?:or|ors|ed|ion)|mentors?|committee|under|with|by|and"
    r"|prof\.?|professor|dr\.?|referees?|references?|managers?|co-?authors?|collaborat\w*"
    r"|hosts?|chairs?|led|lab|group)\W{0,3}$",
    re.IGNORECASE,
)
_INTRODUCTION = re.compile(r"(?:\bI\s+am|\bI['’]m|\bmy\s+name\s+is|\bcall\s+me)\s+$", re.IGNORECASE)
_SEPARATED_NAMES = re.compile(r",\s*|\s+and\s+|;\s*")

FEATURES = (
    "alone_on_line",  # the whole of a line, heading decoration aside
    "alone_rank",  # 1 / (1 + the first such line's position among non-empty lines)
    "early",  # how early its first mention is (1 at the start, 0 after _EARLY_CHARS)
    "mentions",  # log-scaled count of its mentions
    "surname_mentions",  # log-scaled count of its surname alone
    "email",  # an e-mail address spells it (1) or holds its given name or surname (0.5)
    "link",  # a web address (a link's or one in the text) holds its surname or given name
    "file_name",  # the file name holds its surname or given name
    "metadata",  # the file's author or title metadata names it
    "introduced",  # "I am …" / "My name is …" before a mention
    "other_person",  # share of mentions right after a word introducing someone else
    "author_list",  # share of mentions inside a list of names
    "initials",  # written with a middle initial somewhere
    "ordinary_words",  # share of its words the document also writes in lower case
)


@dataclass
class Candidate:
    """One person a document names, with the evidence of how it names them."""

    name: str
    forms: list[str] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class PeopleModel:
    """A conditional logit: each candidate's score is a weighted sum of its features, and a
    document's person is one of its candidates, or nobody (score 0), with softmax chances."""

    weights: dict[str, float]

    def score(self, candidate: Candidate) -> float:
        return sum(
            self.weights.get(name, 0.0) * value for name, value in candidate.features.items()
        )

    def chances(self, found: list[Candidate]) -> list[float]:
        """Each candidate's chance of being the document's person (the rest is nobody's)."""
        scores = [self.score(c) for c in found]
        top = max([0.0, *scores])
        exps = [math.exp(s - top) for s in scores]
        total = math.exp(-top) + sum(exps)
        return [e / total for e in exps]

    @classmethod
    def from_json(cls, data: dict) -> PeopleModel:
        return cls({k: float(v) for k, v in data["weights"].items()})

    def to_json(self) -> dict:
        return {"weights": {k: round(v, 4) for k, v in self.weights.items()}}


@functools.cache
def load_model() -> PeopleModel | None:
    if not MODEL_FILE.is_file():
        return None
    return PeopleModel.from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))


def most_likely_person(doc: Document, model: PeopleModel | None = None) -> str | None:
    """The candidate the model finds more likely than anyone else, and than nobody, to be the
    document's person."""
    model = model or load_model()
    found = candidates(doc)
    if model is None or not found:
        return None
    chances = model.chances(found)
    best = max(range(len(found)), key=chances.__getitem__)
    if not _tied_to_owner(found[best]):
        return None
    return found[best].name if chances[best] > 1.0 - sum(chances) else None


def _tied_to_owner(candidate: Candidate) -> bool:
    """Whether something besides the text ties the name to the document's owner: their e-mail
    address, the file's metadata, or a self-introduction. A name that is only prominent may be a
    heading ("Monte Carlo") or someone the page is about too (a famous athlete)."""
    features = candidate.features
    return features["email"] > 0 or features["metadata"] > 0 or features["introduced"] > 0


def candidates(doc: Document) -> list[Candidate]:
    """Every person the document names, with features."""
    text = doc.text
    groups: dict[tuple[str, str], Candidate] = {}
    mentions: dict[tuple[str, str], list[int]] = {}
    for match in _NAME_RUN.finditer(text):
        for name in _leading_names(match.group(0)):
            key = identity_key(name)
            if key is None:
                continue
            groups.setdefault(key, Candidate(name)).forms.append(name)
            mentions.setdefault(key, []).append(match.start())
    metadata_names = _metadata_names(doc)
    for name in metadata_names:
        key = identity_key(name)
        if key is not None:
            groups.setdefault(key, Candidate(name)).forms.append(name)
    lines = [line.strip() for line in text.split("\n") if line.strip()][:_EARLY_LINES]
    alone = _names_alone(lines)
    context = _context(doc, metadata_names)
    for key, candidate in groups.items():
        candidate.name = max(set(candidate.forms), key=lambda f: (candidate.forms.count(f), len(f)))
        candidate.features = _features(key, candidate, mentions.get(key, []), alone, context)
    return list(groups.values())


@dataclass(frozen=True)
class _Context:
    """What a candidate's features are read against, worked out once per document."""

    text: str
    email_locals: tuple[str, ...]
    link_text: str  # the letters of its web addresses, links and written out
    file_name: str  # the letters of its file name
    metadata_keys: frozenset[tuple[str, str]]


def _context(doc: Document, metadata_names: list[str]) -> _Context:
    links = [link for link in doc.links if not link.startswith("mailto:")]
    links += _ADDRESS_IN_TEXT.findall(doc.text)
    return _Context(
        text=doc.text,
        email_locals=tuple(dict.fromkeys(local.casefold() for local in email_local_parts(doc))),
        link_text=_letters(" ".join(links)),
        file_name=_letters(PurePosixPath(doc.source).stem),
        metadata_keys=frozenset(k for k in map(identity_key, metadata_names) if k),
    )


def _features(
    key: tuple[str, str], candidate: Candidate, starts: list[int], alone: dict, context: _Context
) -> dict[str, float]:
    given, surname = (_letters(part) for part in key)
    text = context.text
    position = alone.get(key)
    first = starts[0] if starts else len(text)
    surname_alone = len(
        re.findall(rf"(?<![\w-]){re.escape(candidate.name.split()[-1])}(?![\w-])", text)
    )
    before = [text[max(0, s - 40) : s] for s in starts]
    return {
        "alone_on_line": 1.0 if position is not None else 0.0,
        "alone_rank": 1.0 / (1 + position) if position is not None else 0.0,
        "early": max(0.0, 1.0 - first / _EARLY_CHARS),
        "mentions": min(math.log1p(len(starts)) / math.log(20), 1.0),
        "surname_mentions": min(
            math.log1p(max(surname_alone - len(starts), 0)) / math.log(20), 1.0
        ),
        "email": _email_evidence(candidate.name, given, surname, context.email_locals),
        "link": 1.0 if _holds_part(context.link_text, given, surname) else 0.0,
        "file_name": 1.0 if _holds_part(context.file_name, given, surname) else 0.0,
        "metadata": 1.0 if key in context.metadata_keys else 0.0,
        "introduced": 1.0 if any(_INTRODUCTION.search(b) for b in before) else 0.0,
        "other_person": _share(before, lambda b: bool(_OTHER_PERSON_WORDS.search(b))),
        "author_list": _share(starts, lambda s: _in_list_of_names(text, s)),
        "initials": 1.0 if any(len(f.split()) > 2 for f in candidate.forms) else 0.0,
        "ordinary_words": _share(candidate.name.split(), lambda w: written_in_lower_case(w, text)),
    }


def _leading_names(run: str) -> list[str]:
    """The names a run of capitalised words may open with: "Dr Jane Q. Doe Calculated" →
    "Jane Q. Doe" and "Jane Q. Doe Calculated" (titles dropped, a surname in capitals written
    as names are); where the name ends is left to the evidence of each."""
    words = strip_title(run).split()
    ends = range(2, min(len(words), 5) + 1)
    found = (as_name(with_capitalised_surname(" ".join(words[:end]))) for end in ends)
    return [name for name in found if name]


def _names_alone(lines: list[str]) -> dict[tuple[str, str], int]:
    """Each name that is a line of its own (as a heading or title is), with the first line's
    position."""
    found: dict[tuple[str, str], int] = {}
    for position, line in enumerate(lines):
        name = name_in_title(line)
        key = identity_key(name) if name else None
        if key is not None and key not in found:
            found[key] = position
    return found


def _metadata_names(doc: Document) -> list[str]:
    """Names in the file's author and title fields, front matter's SEO and page titles too."""
    names = []
    for key, value in doc.metadata.items():
        if not isinstance(value, str) or not (key in ("author", "name") or "title" in key):
            continue
        name = name_in_title(value)
        if name:
            names.append(name)
    return names


def _email_evidence(name: str, given: str, surname: str, locals_: tuple[str, ...]) -> float:
    if any(spells(local, name) for local in locals_):
        return 1.0
    return 0.5 if any(_holds_part(_letters(local), given, surname) for local in locals_) else 0.0


def _holds_part(letters: str, given: str, surname: str) -> bool:
    return any(len(part) >= 3 and part in letters for part in (given, surname))


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", strip_accents(text).casefold())


def _share(items: list, test) -> float:
    return sum(1 for item in items if test(item)) / len(items) if items else 0.0


def _in_list_of_names(text: str, start: int) -> bool:
    """Whether the mention at `start` sits in a line that lists at least three names."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    parts = [p for p in _SEPARATED_NAMES.split(line) if p.strip()]
    return sum(1 for p in parts if as_name(p.strip(" .*_")) is not None) >= 3
