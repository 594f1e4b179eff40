"""Fit the per-person decision of people lists on generated profiles, never on an evaluation set.

    .venv/bin/python benchmarks/fit_list_weights.py [--profiles 60] [--questions 240] [--write]

Generates profiles and people-list questions with everyone who should be listed
(benchmarks/synthetic.py: employers, universities, venues, PhD fields, "X or Y", and research
interests in other words than the profile's). Indexes the profiles with the product and, for each
question, lets the word rules list people as the answerer does; every other candidate becomes a
row of list_support.ListSupport features, labelled 1 when they should have been listed. A
logistic regression on the rows of half the questions gives the decision; the other half reports
how it decides next to listing nobody more. `--write` stores it in
src/profilechat/list_weights.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import format_table
from synthetic import generate_profiles, people_list_questions, write_corpus

from profilechat.answer import ExtractiveAnswerer, select_sentences, support_of
from profilechat.answer_kinds import asked_things
from profilechat.config import Config
from profilechat.errors import QuestionError
from profilechat.indexing import update_index
from profilechat.intent import PEOPLE_LIST
from profilechat.list_support import FEATURES, LIST_WEIGHTS_FILE, ListWeights
from profilechat.session import ProfileChat
from profilechat.types import Answer


def rows_for(bot: ProfileChat, question: dict) -> tuple[list[list[float]], list[int], int]:
    """Features and labels of the candidates the word rules leave out of one question's list,
    and how many people the rules listed who should not be."""
    try:
        evidence = bot._evidence(question["question"], [], None, None)
    except QuestionError:
        return [], [], 0
    if isinstance(evidence, Answer) or evidence.intent.form != PEOPLE_LIST:
        return [], [], 0
    things = asked_things(evidence.resolved, evidence.name_terms, evidence.query.idf)
    if not things:
        return [], [], 0
    rules = ExtractiveAnswerer(bot.config, list_weights=None)  # the word rules alone
    chosen = select_sentences(
        evidence.sentences,
        evidence.people,
        evidence.each,
        bot.config,
        evidence.query,
        evidence.hits,
    )
    listed = rules._people_list(evidence, chosen)
    expected = set(question["people"])
    rows, labels = [], []
    for person in evidence.facts:
        if person in listed:
            continue
        support, sentence = support_of(evidence, person, things)
        if sentence is None:
            continue
        rows.append(support.as_row())
        labels.append(int(person in expected))
    return rows, labels, len(set(listed) - expected)


def collect(bot: ProfileChat, questions: list[dict]) -> list[tuple[np.ndarray, np.ndarray, int]]:
    """Per question: its left-out candidates' rows and labels, and how many people the word
    rules listed wrongly (a list is right only when it names exactly the expected people)."""
    groups = []
    for question in questions:
        rows, labels, wrong = rows_for(bot, question)
        groups.append((np.array(rows).reshape(-1, len(FEATURES)), np.array(labels), wrong))
    return groups


def exact_lists(weights: ListWeights | None, groups) -> float:
    """The share of questions whose list is exactly right with this decision."""
    right = 0
    for x, y, wrong in groups:
        if weights is None:
            chosen = np.zeros(len(y), dtype=bool)
        else:
            chosen = x @ np.array(weights.coefficients) + weights.intercept >= 0
        right += int(wrong == 0 and bool((chosen == y.astype(bool)).all()))
    return right / max(len(groups), 1)


def at_threshold(model: LogisticRegression, probability: float) -> ListWeights:
    """The model's decision at a probability other than one half, as a shifted intercept."""
    shift = float(np.log(probability / (1 - probability)))
    return ListWeights(
        tuple(round(float(c), 4) for c in model.coef_[0]),
        round(float(model.intercept_[0]) - shift, 4),
        "",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=60)
    parser.add_argument("--questions", type=int, default=240)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--write", action="store_true", help="store the fitted decision")
    parser.add_argument("--work-dir", type=Path, help="keep the generated corpus and index here")
    args = parser.parse_args()
    profiles = generate_profiles(args.profiles, seed=args.seed)
    questions = people_list_questions(profiles, args.questions, seed=args.seed)
    half = len(questions) // 2
    with tempfile.TemporaryDirectory() as folder:
        root = args.work_dir or Path(folder)
        write_corpus(profiles, root / "corpus")
        config = Config(corpus_dir=root / "corpus", index_dir=root / "index")
        update_index(config)
        bot = ProfileChat.open(config=config)
        train, test = collect(bot, questions[:half]), collect(bot, questions[half:])
    train_x = np.vstack([x for x, _, _ in train])
    train_y = np.concatenate([y for _, y, _ in train])
    if train_y.sum() == 0 or train_y.sum() == len(train_y):
        raise SystemExit("the generated rows hold one class only; generate more questions")
    model = LogisticRegression(max_iter=2000).fit(train_x, train_y)
    # The probability that decides is the one giving the most exactly right lists on the
    # fitting half (a stranger listed spoils a list as much as a person missed).
    fitted = max(
        (at_threshold(model, t) for t in np.arange(0.05, 0.96, 0.05)),
        key=lambda weights: exact_lists(weights, train),
    )
    table = [
        [name, f"{exact_lists(w, train):.3f}", f"{exact_lists(w, test):.3f}"]
        for name, w in (("word rules only", None), ("fitted", fitted))
    ]
    print(
        f"{args.profiles} generated profiles (seed {args.seed}); {len(train_y)} candidate rows "
        f"left out by the word rules in {half} questions to fit, the other "
        f"{len(questions) - half} questions to score"
    )
    print("coefficients", dict(zip(FEATURES, fitted.coefficients, strict=True)), fitted.intercept)
    print(format_table(["decision", "exact lists (fit half)", "exact lists (other half)"], table))
    if args.write:
        record = {
            "coefficients": list(fitted.coefficients),
            "intercept": fitted.intercept,
            "features": list(FEATURES),
            "fitted_on": (
                f"benchmarks/fit_list_weights.py: {args.profiles} generated profiles, seed "
                f"{args.seed}, {len(train_y)} rows of {half} people-list questions"
            ),
        }
        LIST_WEIGHTS_FILE.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {LIST_WEIGHTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
