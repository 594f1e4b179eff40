"""What a question asks for: its form (open, yes/no, a list of people, a comparison, a plain
factoid), the topic of profile it is about, and any time order it asks for.

The patterns are general English question forms and CV vocabulary, one group per topic, so any
profile's questions are read the same way; nothing here comes from a particular question set.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .intent_model import IntentModel, features

# Forms.
OPEN = "open"
YES_NO = "yes_no"
PEOPLE_LIST = "people_list"
COMPARISON = "comparison"
FACTOID = "factoid"

# Open requests for a short profile of someone.
_OVERVIEW = re.compile(
    r"^\W*(?:(?:can|could)\s+you\s+)?(?:please\s+)?(?:tell\s+(?:me|us)\s+(?:more\s+)?about|who\s+is|who['’]s"
    r"|who\s+are|what\s+do\s+(?:you|we)\s+know\s+about|summari[sz]e|give\s+(?:me\s+)?(?:an?\s+)?(?:short\s+|brief\s+|quick\s+)?"
    r"(?:overview|summary|profile|bio)|describe|introduce|(?:a\s+)?(?:short\s+)?(?:bio|profile|overview|summary)\s+of)\b"
    r"|\bknown\s+for\b|\bbackground\b|^\W*what\s+(?:does|do)\s+[\w .'’-]+\s+do\W*$",
    re.IGNORECASE,
)
# The marks a degree is given with (CV vocabulary): part of education, yet asked of a line
# stating the mark, not of the list of degrees.
_MARKS = r"c?gpa|grade[\s-]point(?:\s+average)?|grades|cum\s+laude|valedictorian"


def asks_for_marks(question: str) -> bool:
    """ "What was her GPA at Hill University?": a grade, not the degrees."""
    return bool(re.search(rf"\b(?:{_MARKS})\b", question, re.I))


# Topic vocabulary: the words questions use for each part of a profile.
_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "contact",
        re.compile(
            r"\b(?:contact|e-?mail|mail\s+address|reach|phone|telephone|call|orcid|google\s+scholar"
            r"|scholar\s+profile|website|homepage|home\s+page|web\s*page|get\s+in\s+touch"
            r"|social\s+media|handle|username)\b"
            # a profile site, unless it is named as an employer ("before LinkedIn", "at GitHub")
            r"|(?<!\bat\s)(?<!\bfor\s)(?<!\bbefore\s)(?<!\bafter\s)(?<!\bjoined\s)(?<!\bjoin\s)"
            r"\b(?:linkedin|github|gitlab|twitter|mastodon|bluesky)\b",
            re.I,
        ),
    ),
    (
        "advisor",
        re.compile(
            r"\b(?:advis(?:[eo]rs?|e[sd]?|ing)|supervis(?:ors?|ed|es?|ing)|mentor(?:s|ed)?|promot[eo]rs?|doctoral\s+father"
            r"|who\s+(?:did|was)\s+\w+\s+(?:work|study)\s+(?:with|under))\b",
            re.I,
        ),
    ),
    (
        "education",
        re.compile(
            r"\b(?:stud(?:y|ied|ies|ying)|degrees?|ph\.?\s?d(?:s|['’]s)?|doctor(?:ate|al)|master(?:'s|s)?"
            r"|bachelor(?:'s|s)?|b\.?s\.?c?|m\.?s\.?c?|mba|universit(?:y|ies)|college|school|undergrad\w*"
            r"|graduat\w*|alma\s+mater|thesis|dissertation|education(?:al)?|educated|major(?:ed)?"
            rf"|{_MARKS}"
            r"|academic(?=\s+(?:background|history|record|training|path)))\b",
            re.I,
        ),
    ),
    (
        "awards",
        re.compile(
            r"\b(?:awards?|awarded|prizes?|honou?rs?|fellowships?|grants?|medals?|won|win|wins"
            r"|recogni[sz]ed|recognition|scholarships?)\b",
            re.I,
        ),
    ),
    (
        "publications",
        re.compile(
            r"\b(?:papers?|publish\w*|publications?|articles?|wrote|written|co-?authors?|authored"
            r"|venues?|journals?|conferences?|proceedings|books?|preprints?|cited)\b",
            re.I,
        ),
    ),
    (
        "teaching",
        re.compile(
            r"\b(?:teach\w*|taught|courses?|lectures?|classes|students?|mentees?|advisees?"
            r"|review(?:er|ed|s|ing)?|committees?|service|organi[sz]\w*|chair(?:ed)?|talks?"
            r"|tutorials?|keynotes?|presentations?|spoke|speak\w*)\b",
            re.I,
        ),
    ),
    (
        "skills",
        re.compile(
            r"\b(?:skills?|languages?|programming|tools?|technolog\w*|frameworks?|stack|proficien\w*"
            r"|fluent|speaks?)\b",
            re.I,
        ),
    ),
    (
        "interests",
        re.compile(
            r"\b(?:research|interests?|interested|work(?:s|ing)?\s+on|focus\w*|fields?|areas?"
            r"|topics?|speciali[sz]\w*|expertise|study\s+of)\b",
            re.I,
        ),
    ),
    (
        # where someone is: the place line of a header, or the place in their role's sentence
        "location",
        re.compile(
            r"\b(?:based(?!\s+(?:on|upon|around)\b)|located|location|lives?|living|resides?|residing|hometown|home\s+town"
            r"|(?:which|what)\s+(?:city|country|town))\b",
            re.I,
        ),
    ),
    (
        "role",
        re.compile(
            r"\b(?:work(?:s|ing|ed)?|job|jobs|role|roles|position|positions|titles?|employ\w*|company"
            r"|companies|firm|organi[sz]ation|lab|team|career|profession|occupation|hired|joined"
            r"|intern(?:ship)?s?|experience|department|affiliat\w*)\b"
            r"|\bdo\s+(?:before|after|next|then|now|for\s+a\s+living|at|there)\b",
            re.I,
        ),
    ),
)
# What a chat message may open with before its question: greetings, apologies, hesitations and
# discourse markers, each followed by a comma, colon or exclamation mark ("Hi, who is …",
# "Quick question: does …"). The question's own first word is what the patterns read.
_OPENER = re.compile(
    r"^\W*(?:(?:hi|hey|hello|ok|okay|so|sorry|um+|uh+|well|alright|all\s+right|right|thanks"
    r"|quick\s+question|one\s+more\s+thing|next|also|out\s+of\s+curiosity|by\s+the\s+way"
    r"|btw|just\s+curious|another\s+question|question)\s*[,:!.;—–-]+\s*)+",
    re.I,
)


def without_opener(question: str) -> str:
    """The question without a greeting or discourse marker before it."""
    return _OPENER.sub("", question, count=1)


# A courtesy title before a name ("Ms. Lee", "mr okafor"): "Ms" is spelt like the degree
# abbreviation "MS", which is followed by a degree's words ("an MS in physics", "her MS
# degree") or ends the question, never by a name.
_TITLE_BEFORE_NAME = re.compile(
    r"\b(?:mr|mrs|ms|mx|miss|dr|prof)\b\.?\s+(?!(?:in|degree|degrees|from|at|on|of|or|and|program"
    r"|programme|thesis|student|course|courses|with|to|for|is|was|the|a|an)\b)(?=[^\W\d_])",
    re.I,
)


def without_titles(question: str) -> str:
    """The question with courtesy titles before names left out."""
    return _TITLE_BEFORE_NAME.sub("", question)


_YES_NO = re.compile(
    r"^\W*(?:is|are|was|were|does|do|did|has|have|had|can|could|will|would|should)\s", re.I
)
# "Which of them …", "Who has …", "Who else …", "Does anyone …": a question about everyone.
_PEOPLE_LIST = re.compile(
    r"^\W*(?:which|who)\s+(?:(?:of|among)\s+(?:them|these|those|the\s+\w+|all|you)|people|persons?|researchers?"
    r"|profiles?|ones?|candidates?|engineers?|scientists?|students?|else)\b"
    r"|^\W*who['’]s\s"  # "who is" or "who has"
    r"|^\W*(?:who|which)\s+(?:here\s+)?(?:has|have|had|is|are|was|were|works?|worked|studied|did|does|got"
    r"|received|won|holds?|teaches|taught|speaks?|lives?|uses?|knows?)\b"
    # what a profile says: "Who lists / mentions / names …"
    r"|^\W*who\s+(?:lists?|mentions?|names?|cites?|states?|describes?)\b"
    # "how many of them …", "how many people here …"
    r"|^\W*how\s+many\s+(?:of\s+(?:them|these|those|the\s+\w+|us|you)|people|persons|researchers"
    r"|profiles|candidates)\b"
    r"|\b(?:anyone|anybody|any\s+of\s+(?:them|these|those|you)|someone|somebody|everyone|everybody)\b"
    r"|^\W*(?:list|name|find|show)\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?(?:people|researchers|persons|everyone|those)\b",
    re.I,
)
_COMPARISON = re.compile(
    r"\b(?:compare|comparison|compared|differ\w*|versus|vs\.?|both|same|similar\w*|in\s+common"
    r"|more\s+\w+\s+than|older|younger|earlier|later\s+than|first,)\b",
    re.I,
)
_COUNT = re.compile(r"\bhow\s+many\b|\bnumber\s+of\b|\bcount\b", re.I)
_TIME_ORDERS = (
    ("before", re.compile(r"\b(?:before|prior\s+to|previous(?:ly)?|earlier|until)\b", re.I)),
    ("after", re.compile(r"\b(?:after|afterwards|then|next|later|following)\b", re.I)),
    ("first", re.compile(r"\b(?:first|earliest|initially|start(?:ed)?\s+(?:out|career))\b", re.I)),
    (
        "latest",
        re.compile(
            r"\b(?:latest|most\s+recent(?:ly)?|recent(?:ly)?|last|newest|now|current(?:ly)?|today|these\s+days)\b",
            re.I,
        ),
    ),
    (
        "when",
        re.compile(r"\b(?:when|since\s+when|how\s+long|what\s+year|which\s+year|dates?)\b", re.I),
    ),
)


@dataclass(frozen=True)
class Intent:
    form: str  # OPEN, YES_NO, PEOPLE_LIST, COMPARISON or FACTOID
    topics: tuple[str, ...]  # profile topics the question is about, most specific first
    time: str = ""  # "before", "after", "first", "latest", "when" or ""
    count: bool = False  # "how many"

    @property
    def topic(self) -> str:
        return self.topics[0] if self.topics else ""


def read_intent(question: str, people_named: int) -> Intent:
    """The intent of `question`, which names `people_named` indexed people: the form and topic
    the fitted model (intent_model.py) reads from the question's words and what the patterns
    below found; the patterns alone when no model is stored. Time order and "how many" are the
    patterns'."""
    return read_with_model(question, people_named, _stored_model())


@functools.cache
def _stored_model() -> IntentModel | None:
    return IntentModel.load()


def read_with_model(question: str, people_named: int, model: IntentModel | None) -> Intent:
    by_patterns = read_by_patterns(question, people_named)
    if model is None:
        return by_patterns
    active = features(question, people_named, by_patterns.form, by_patterns.topics)
    forms, topics = model.predict(active)

    def probability(pair: tuple[str, str]) -> float:
        return forms[pair[0]] * topics[pair[1]]

    # Whether the question asks for a list of everyone stays the patterns' call: it sends the
    # question down another path (every person checked), and a question naming no one is as
    # often a search for one passage ("Whose paper showed …?"), which words alone do not tell.
    pairs = model.pairs_for(people_named, by_patterns.form == PEOPLE_LIST)
    form, topic = max(pairs, key=probability)
    if probability((form, topic)) < model.min_confidence:
        return by_patterns
    others = tuple(t for t in by_patterns.topics if t not in (topic, "overview"))
    return Intent(form, (topic, *others) if topic else (), by_patterns.time, by_patterns.count)


def read_by_patterns(question: str, people_named: int) -> Intent:
    """The intent the patterns of this module read from `question`."""
    question = without_titles(without_opener(question))
    topics = tuple(name for name, pattern in _TOPICS if pattern.search(question))
    time = next((name for name, pattern in _TIME_ORDERS if pattern.search(question)), "")
    count = bool(_COUNT.search(question))
    if people_named >= 2 and _COMPARISON.search(question):
        form = COMPARISON
    elif people_named == 0 and _PEOPLE_LIST.search(question):
        form = PEOPLE_LIST
    elif _OVERVIEW.search(question) and not _narrows(question, topics):
        form, topics = OPEN, ("overview", *topics)
    elif _YES_NO.search(question):
        form = YES_NO
    elif topics and topics[0] in {"contact", "interests"} and not count:
        form = OPEN
    else:
        form = FACTOID
    return Intent(form, topics, time, count)


def names_a_topic(word: str) -> bool:
    """Whether a word only says what part of a profile is asked about ("research", "studied",
    "degree"), not which thing in it."""
    return any(pattern.fullmatch(word) or pattern.search(f" {word} ") for _, pattern in _TOPICS)


def names_a_time(word: str) -> bool:
    """Whether a word only says which end of a time order is asked for ("newest", "recent")."""
    return any(pattern.fullmatch(word) for _, pattern in _TIME_ORDERS)


# Words for the whole of a profile: "Summarize her career" asks for the overview, not a topic.
# ("her academic background" is her education: the qualifier stays).
_WHOLE_PROFILE = re.compile(
    r"\b(?:career|(?<!academic\s)background|life|bio(?:graphy)?|cv|r[eé]sum[eé])\b", re.I
)


def asks_whole_career(question: str) -> bool:
    """ "Summarize her career", "his background": the jobs in time order, not only now."""
    return bool(_WHOLE_PROFILE.search(question))


def _narrows(question: str, topics: tuple[str, ...]) -> bool:
    """ "Tell me about her education" and "Who is Jane's PhD advisor?" ask about a topic, not
    for a whole profile."""
    if not topics:
        return False
    after = re.search(r"\babout\b(.*)$", question, re.I)
    tail = _WHOLE_PROFILE.sub(" ", after.group(1) if after else question)
    return any(pattern.search(tail) for name, pattern in _TOPICS if name in topics) and bool(
        re.search(r"\b(?:his|her|their|its|the)\b|\w['’]s?\s", tail, re.I)
    )
