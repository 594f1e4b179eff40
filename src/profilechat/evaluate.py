"""`profilechat eval`: retrieval hit@k and MRR, answer accuracy and abstention accuracy.

The question file is JSONL; each line:
    {"id": "doe-phd", "kind": "fact", "question": "Where did Jane Doe do her PhD?",
     "history": ["earlier user question", ...], "answerable": true,
     "people": ["Jane Doe"], "answer_contains": ["Lakeside University"]}
`history` holds earlier user turns; they are replayed through the bot to get real answers.
An answerable question is answered correctly when the answer is marked found, names exactly
the expected people, and contains every `answer_contains` string (case-insensitive).
An unanswerable one is handled correctly when the answer is marked not found.

With `judged_people` (the stability check: unrelated profiles indexed beside a question set's
own), a people-list question (kind "list") is judged only on what its answer says about those
people: a list that also names added people who qualify is right when its judged people are
(the key lists only the set's own people). Every other question is judged as without it.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ProfileChatError


@dataclass
class EvalReport:
    total: int = 0
    answerable: int = 0
    unanswerable: int = 0
    hits_at_k: int = 0
    reciprocal_ranks: float = 0.0
    correct: int = 0
    declined: int = 0
    seconds: float = 0.0
    found: int = 0  # answers marked found
    written: int = 0  # of them, written by a language model (the others quoted or fell back)
    llm: str = ""  # the model of a generative answerer, "" when answers are extractive
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind → [correct, total]
    failures: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, float]:
        return {
            "hit@k": self.hits_at_k / max(self.answerable, 1),
            "mrr": self.reciprocal_ranks / max(self.answerable, 1),
            "answer_accuracy": self.correct / max(self.answerable, 1),
            "abstention_accuracy": self.declined / max(self.unanswerable, 1),
        }


def load_questions(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    except (OSError, json.JSONDecodeError) as error:
        raise ProfileChatError(
            f"Cannot read the question file {path} ({error}); "
            "it must be JSONL, one question object per line."
        ) from error


def evaluate(
    bot: Any,
    questions: list[dict[str, Any]],
    k: int = 5,
    mode: str = "hybrid",
    judged_people: frozenset[str] | None = None,
) -> EvalReport:
    report = EvalReport(llm=str(getattr(bot.answerer, "model", "") or ""))
    started = time.perf_counter()
    with bot.retrieval_mode(mode):
        for item in questions:
            _score_one(bot, item, k, report, judged_people)
    report.seconds = time.perf_counter() - started
    return report


def _score_one(
    bot: Any,
    item: dict[str, Any],
    k: int,
    report: EvalReport,
    judged_people: frozenset[str] | None = None,
) -> None:
    history: list[dict[str, Any]] = []
    for earlier in item.get("history", []):
        previous = bot.ask(earlier, history=history, k=k)
        history += [{"role": "user", "content": earlier}, previous.message()]
    answer = bot.ask(item["question"], history=history, k=k)
    judged = judged_people if item.get("kind") == "list" else None
    people, found = _judged(answer.people, answer.found, judged)
    report.total += 1
    report.found += answer.found
    report.written += bool(answer.written_by)
    kind = item.get("kind", "other")
    tally = report.by_kind.setdefault(kind, [0, 0])
    tally[1] += 1
    if not item.get("answerable", True):
        report.unanswerable += 1
        ok = not found
        report.declined += ok
    else:
        report.answerable += 1
        expected = [s.lower() for s in item.get("answer_contains", [])]
        rank = _first_relevant_rank(bot, answer, item, history, k, expected)
        if rank:
            report.hits_at_k += 1
            report.reciprocal_ranks += 1.0 / rank
        text = answer.text.lower()
        people_ok = same_people(people, item.get("people", people))
        ok = found and people_ok and all(s in text for s in expected)
        report.correct += ok
    tally[0] += ok
    if not ok:
        report.failures.append(
            f"[{kind}] {item['question']!r}: found={answer.found} people={answer.people} "
            f"expected={item.get('people')} {item.get('answer_contains')}\n    → {answer.text[:300]!r}"
        )


def _judged(
    people: list[str], found: bool, judged_people: frozenset[str] | None
) -> tuple[list[str], bool]:
    """The people of an answer that are judged, and whether it found anything about them (an
    answer about unjudged people only found nothing about the judged ones)."""
    if judged_people is None or not people:
        return people, found
    kept = [p for p in people if p in judged_people]
    return kept, found and bool(kept)


def same_people(found: list[str], expected: list[str]) -> bool:
    """The answer is about exactly the expected people. Question files may write a name more
    fully than a document does ("Wei Chen (陈伟)", "Ben (Bo) Li", "Anna B. C. Roe"
    for "Anna Roe"): a name matches when it folds to the same words, or to the same first and
    last word, as one of the expected name's forms."""
    if len(found) != len(expected):
        return False
    unmatched = list(found)
    for name in expected:
        match = next((f for f in unmatched if same_person(f, name)), None)
        if match is None:
            return False
        unmatched.remove(match)
    return True


def same_person(found: str, expected: str) -> bool:
    found_words = _fold(found).split()
    for form in _name_forms(expected):
        words = _fold(form).split()
        if found_words == words:
            return True
        if len(found_words) >= 2 and (found_words[0], found_words[-1]) == (words[0], words[-1]):
            return True
    return False


def _name_forms(name: str) -> list[str]:
    aside = re.search(r"\(([^)]*)\)", name)
    outside = " ".join(re.sub(r"\([^)]*\)", " ", name).split())
    if not aside:
        return [name]
    inside = aside.group(1).strip()
    forms = [outside, inside]
    if len(inside.split()) == 1 and len(outside.split()) >= 2:
        forms.append(f"{inside} {outside.split()[-1]}")
    return [f for f in forms if f]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _first_relevant_rank(
    bot: Any,
    answer: Any,
    item: dict[str, Any],
    history: list[dict[str, Any]],
    k: int,
    expected: list[str],
) -> int:
    """Rank (1-based) of the first retrieved passage holding the first expected string."""
    if not expected:
        return 0
    for rank, hit in enumerate(bot.retrieve(item["question"], history=history, k=k), start=1):
        if expected[0] in hit.chunk.text.lower():
            return rank
    return 0


def format_report(report: EvalReport, show_failures: bool = False) -> str:
    scores = report.as_dict()
    lines = [
        f"questions            {report.total} ({report.answerable} answerable, "
        f"{report.unanswerable} unanswerable)",
        f"retrieval hit@k      {scores['hit@k']:.3f}",
        f"retrieval MRR        {scores['mrr']:.3f}",
        f"answer accuracy      {scores['answer_accuracy']:.3f} ({report.correct}/{report.answerable})",
        f"abstention accuracy  {scores['abstention_accuracy']:.3f} "
        f"({report.declined}/{report.unanswerable})",
        f"time                 {report.seconds:.2f}s",
        "by kind              "
        + ", ".join(f"{k} {c}/{t}" for k, (c, t) in sorted(report.by_kind.items())),
    ]
    if report.llm:
        lines.append(
            f"written answers      {report.written}/{report.found} found answers written by "
            f"{report.llm} (the others fell back to quoted sentences)"
        )
    if show_failures and report.failures:
        lines += ["", "failures:", *report.failures]
    return "\n".join(lines)
