"""Fit the answer scorer's weights on generated profiles, never on an evaluation set.

    .venv/bin/python benchmarks/fit_answer_weights.py [--profiles 140] [--seed 7]
        [--eval-seed 8] [--styles all|default] [--write]

Generates profiles and questions with expected answers (benchmarks/synthetic.py), indexes the
profiles with the product, and for every question turns each retrieved sentence into a row: its
cosine and its features (answer.SentenceFeatures), labelled 1 when the sentence holds an
expected answer string and 0 otherwise (every sentence of an unanswerable question is 0). A
logistic regression on those rows gives how much each feature is worth next to the cosine, and
its decision boundary gives the minimum score a sentence needs to answer. Half of the generated
people are held out to report how well the fitted scorer ranks and decides, next to the weights
used before; a second corpus generated with `--eval-seed` (never fitted on) is scored the same
way. `--styles all` (the default) draws every layout of synthetic.py (ALL_STYLES) and words
the questions as people type (lower case, surnames); `--styles default` is the generator's
first ten layouts with plain wordings, as the weights were fitted before. `--write` stores the
weights in src/profilechat/answer_weights.json.
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
from synthetic import ALL_STYLES, STYLES, generate_profiles, generate_questions, write_corpus

from profilechat.answer import (
    FEATURES,
    WEIGHTS_FILE,
    FittedWeights,
    sentence_features,
    supported_by_passages,
)
from profilechat.config import Config
from profilechat.errors import QuestionError
from profilechat.indexing import update_index
from profilechat.session import ProfileChat
from profilechat.types import Answer


def rows_for(bot: ProfileChat, question: dict) -> tuple[list[list[float]], list[int], list[int]]:
    """(features with cosine first, labels, group id per row) for one question."""
    try:
        evidence = bot._evidence(question["question"], [], None, None)
    except QuestionError:
        return [], [], []
    if isinstance(evidence, Answer):
        return [], [], []
    expected = [s.lower() for s in question.get("answer_contains", [])]
    answerable = question.get("answerable", True) and expected
    rows, labels = [], []
    people = {s.person for s in evidence.sentences}
    supported = {p: supported_by_passages(p, evidence.query, evidence.hits) for p in people}
    for sentence in evidence.sentences:
        features = sentence_features(
            evidence.query,
            sentence.sentence,
            sentence.entry,
            sentence.hit,
            supported[sentence.person],
        ).as_row()
        rows.append([sentence.cosine, *features])
        text = sentence.text.lower()
        labels.append(int(bool(answerable) and any(e in text for e in expected)))
    return rows, labels, [0] * len(rows)


def collect(bot: ProfileChat, questions: list[dict]) -> list[tuple[np.ndarray, np.ndarray, bool]]:
    """Per question: its rows, labels and whether it is answerable."""
    out = []
    for question in questions:
        rows, labels, _ = rows_for(bot, question)
        if rows:
            out.append((np.array(rows), np.array(labels), bool(question.get("answerable", True))))
    return out


def fit(groups: list[tuple[np.ndarray, np.ndarray, bool]]) -> FittedWeights:
    """Two fits. The ranking: a logistic regression on sentence rows (does this sentence hold
    an answer?) gives each feature's weight next to the cosine; `unknown` is left out of it, as
    it is the same for every sentence of a question and so cannot rank. The decision: a
    logistic regression on question rows (the best sentence's score and the question's unknown
    share) tells a question the profiles answer from one they do not; its boundary gives the
    minimum score and the weight of `unknown`."""
    unknown = FEATURES.index("unknown") + 1  # column of `unknown` (the cosine is column 0)
    ranking_columns = [c for c in range(groups[0][0].shape[1]) if c != unknown]
    x = np.vstack([g[0][:, ranking_columns] for g in groups])
    y = np.concatenate([g[1] for g in groups])
    ranking = LogisticRegression(class_weight="balanced", max_iter=2000).fit(x, y)
    coefficients = ranking.coef_[0]
    scale = coefficients[0]  # the cosine's weight: the score stays "cosine + bonuses"
    if scale <= 0:
        raise SystemExit("the cosine came out with no positive weight; generate more profiles")
    bonuses = [float(c / scale) for c in coefficients[1:]]
    bonuses.insert(unknown - 1, 0.0)
    weights = np.array(bonuses)
    decisions, answered = [], []
    for rows, _labels, is_answerable in groups:
        scores = rows[:, 0] + rows[:, 1:] @ weights
        best = int(np.argmax(scores))
        decisions.append([scores[best], rows[best, unknown]])
        answered.append(int(is_answerable))
    decision = LogisticRegression(class_weight="balanced", max_iter=2000)
    decision.fit(np.array(decisions), np.array(answered))
    score_weight, unknown_weight = decision.coef_[0]
    if score_weight <= 0:
        raise SystemExit("the best score came out with no positive weight; generate more")
    bonuses[unknown - 1] = float(unknown_weight / score_weight)
    min_score = float(-decision.intercept_[0] / score_weight)
    return FittedWeights(tuple(round(b, 4) for b in bonuses), round(min_score, 4), "")


def score(groups, weights: FittedWeights) -> dict[str, float]:
    """Top-1 precision on answerable questions (the best sentence holds an answer), and how
    often the best sentence's score decides found / not found correctly."""
    top_right = answerable = decided = 0
    for rows, labels, is_answerable in groups:
        scores = rows[:, 0] + rows[:, 1:] @ np.array(weights.bonuses)
        best = int(np.argmax(scores))
        found = scores[best] >= weights.min_score
        if is_answerable and labels.any():
            answerable += 1
            top_right += int(labels[best] == 1)
            decided += int(found)
        elif not is_answerable:
            decided += int(not found)
    return {
        "top-1 holds the answer": top_right / max(answerable, 1),
        "found / not found right": decided / max(len(groups), 1),
    }


def corpus_groups(
    root: Path, profiles: list, seed: int, casual: bool, halves: bool
) -> list[list[tuple[np.ndarray, np.ndarray, bool]]]:
    """Index `profiles` under `root` and collect the rows of their questions: [first half's,
    second half's] when `halves`, else [everyone's]."""
    write_corpus(profiles, root / "corpus")
    config = Config(corpus_dir=root / "corpus", index_dir=root / "index")
    update_index(config)
    bot = ProfileChat.open(config=config)
    parts = (
        [profiles[: len(profiles) // 2], profiles[len(profiles) // 2 :]] if halves else [profiles]
    )
    return [
        collect(bot, generate_questions(part, n_people=len(part), seed=seed, casual=casual))
        for part in parts
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=140)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--eval-seed", type=int, default=8, help="a held-out corpus; -1: none")
    parser.add_argument("--styles", choices=["all", "default"], default="all")
    parser.add_argument("--write", action="store_true", help="store the fitted weights")
    parser.add_argument(
        "--work-dir", type=Path, help="keep the generated corpus and its index here between runs"
    )
    args = parser.parse_args()
    styles, casual = (ALL_STYLES, True) if args.styles == "all" else (STYLES, False)
    profiles = generate_profiles(args.profiles, seed=args.seed, styles=styles)
    with tempfile.TemporaryDirectory() as folder:
        root = args.work_dir or Path(folder)
        train, test = corpus_groups(root / "fit", profiles, args.seed, casual, halves=True)
        held: list = []
        if args.eval_seed >= 0:
            others = generate_profiles(args.profiles, seed=args.eval_seed, styles=styles)
            [held] = corpus_groups(root / "held", others, args.eval_seed, casual, halves=False)
    fitted = fit(train)
    before = FittedWeights.load()
    rows = []
    for name, weights in (("before", before), ("fitted", fitted)):
        row = [name, *map(str, weights.bonuses), str(weights.min_score)]
        row += [f"{v:.3f}" for v in score(test, weights).values()]
        if held:
            row += [f"{v:.3f}" for v in score(held, weights).values()]
        rows.append(row)
    print(
        f"{args.profiles} generated profiles (seed {args.seed}, styles {args.styles}); fitted on "
        f"{len(train)} questions about half of them, scored on {len(test)} about the other half"
        + (
            f" and on {len(held)} about {args.profiles} profiles of seed {args.eval_seed}"
            if held
            else ""
        )
    )
    header = ["weights", *FEATURES, "min score", "top-1 (other half)", "decided (other half)"]
    if held:
        header += [f"top-1 (seed {args.eval_seed})", f"decided (seed {args.eval_seed})"]
    print(format_table(header, rows))
    if args.write:
        record = {
            "bonuses": list(fitted.bonuses),
            "min_score": fitted.min_score,
            "features": list(FEATURES),
            "fitted_on": (
                f"benchmarks/fit_answer_weights.py: {args.profiles} generated profiles, seed "
                f"{args.seed}, styles {args.styles}, {sum(len(g[0]) for g in train)} sentences "
                f"of {len(train)} questions"
            ),
        }
        WEIGHTS_FILE.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
