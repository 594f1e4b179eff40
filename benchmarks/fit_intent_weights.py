"""Fit the question reader's model (profilechat.intent_model) on generated questions, never on
an evaluation set.

    .venv/bin/python benchmarks/fit_intent_weights.py [--per-core 12] [--seed 0] [--write]

Generates labelled questions (benchmarks/question_forms.py) and splits them by core — whole
wordings — into fitting (60%), validation (20%, to choose the regularisation) and held-out (20%)
parts, so the held-out figure is for wordings the model never saw. Features are the question's
words, word pairs and stems, how many people it names, and what the patterns of intent.py found;
words of the people's names are left out of fitting, so that no name is learnt. Reports routing
accuracy (form and topic both right) per form and topic on the held-out cores for the patterns
alone, the model deciding, and the model only where the patterns find no form or topic; and, as a
check (not a target), how the development half's questions are routed. `--write` refits on all
cores and stores the weights in src/profilechat/intent_weights.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import format_table
from question_forms import LabelledQuestion, accuracy_table, generate

from profilechat.intent import (
    FACTOID,
    Intent,
    names_a_topic,
    read_by_patterns,
    read_with_model,
)
from profilechat.intent_model import (
    MODEL_FILE,
    STEM,
    IntentModel,
    Linear,
    features,
    question_words,
)

DEV_QUESTIONS = Path(__file__).resolve().parent / "real" / "questions-dev.jsonl"
# Weights this small change no decision; leaving them out keeps the stored file small.
PRUNE = 0.05


def split_cores(
    questions: list[LabelledQuestion], seed: int
) -> tuple[list[LabelledQuestion], list[LabelledQuestion], list[LabelledQuestion]]:
    """(fitting, validation, held-out) questions, each core wholly in one part; every form and
    topic has cores in each part when it has at least five."""
    rng = random.Random(seed)
    groups: dict[str, list[str]] = defaultdict(list)
    for core in sorted({q.core for q in questions}):
        groups[core.rsplit("/", 1)[0]].append(core)
    part: dict[str, int] = {}
    for cores in groups.values():
        rng.shuffle(cores)
        n_out = max(1, round(len(cores) * 0.2)) if len(cores) >= 5 else 0
        for i, core in enumerate(cores):
            part[core] = 2 if i < n_out else 1 if i < 2 * n_out else 0
    parts: tuple[list, list, list] = ([], [], [])
    for q in questions:
        parts[part[q.core]].append(q)
    return parts


def question_features(q: LabelledQuestion, with_patterns: bool = True) -> set[str]:
    """The features of a question, without those its people's names make, nor those of the
    things it names drawn from the generator's lists (an employer, a university, a venue): a
    real question names others, so the fit must not learn that "Acme" means a job. A word of a
    thing that itself names a part of a profile ("College", "Award") is kept."""
    by_patterns = read_by_patterns(q.question, q.people_named)
    found = features(q.question, q.people_named, by_patterns.form, by_patterns.topics)
    if not with_patterns:
        found = {f for f in found if not f.startswith("r")}
    name_words = {w for name in q.names for w in question_words(name)}
    name_words |= {
        w
        for thing in q.things
        for word in thing.split()
        if word[:1].isupper()  # a proper name's words, not "of" in "University of …"
        for w in question_words(word)
        if not names_a_topic(w)
    }
    name_words |= {w[:STEM] for w in name_words if len(w) > STEM}
    return {f for f in found if not name_words & set(f[2:].split("_")) and f[2:] not in name_words}


def fit_linear(rows: list[set[str]], labels: list[str], c: float, min_count: int = 2) -> Linear:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        for f in row:
            counts[f] += 1
    vocab = sorted(f for f, n in counts.items() if n >= min_count)
    column = {f: i for i, f in enumerate(vocab)}
    data, indices, indptr = [], [], [0]
    for row in rows:
        cols = sorted(column[f] for f in row if f in column)
        indices += cols
        data += [1.0] * len(cols)
        indptr.append(len(indices))
    matrix = csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(matrix, labels)
    classes = tuple(str(c) for c in model.classes_)
    coef = model.coef_ if len(classes) > 2 else np.vstack([-model.coef_[0], model.coef_[0]])
    bias = (
        model.intercept_
        if len(classes) > 2
        else np.array([-model.intercept_[0], model.intercept_[0]])
    )
    kept = [f for f, i in column.items() if np.abs(coef[:, i]).max() >= PRUNE]
    return Linear(
        classes,
        np.asarray(bias, dtype=np.float64),
        {f: i for i, f in enumerate(kept)},
        np.asarray([coef[:, column[f]] for f in kept], dtype=np.float64).reshape(len(kept), -1),
    )


def fit(
    questions: list[LabelledQuestion],
    c: float,
    with_patterns: bool = True,
    min_confidence: float = 0.0,
    note: str = "",
) -> IntentModel:
    rows = [question_features(q, with_patterns) for q in questions]
    form = fit_linear(rows, [q.form for q in questions], c)
    topic = fit_linear(rows, [q.topic for q in questions], c)
    pairs = tuple(sorted({(q.form, q.topic) for q in questions}))
    return IntentModel(form, topic, pairs, min_confidence, note)


def readers(model: IntentModel) -> dict[str, Callable[[str, int], Intent]]:
    """The ways of reading a question compared: patterns alone, the model deciding, the model
    only where the patterns find no form or topic."""

    def fallback(question: str, people_named: int) -> Intent:
        by_patterns = read_by_patterns(question, people_named)
        if by_patterns.form == FACTOID and not by_patterns.topics:
            return read_with_model(question, people_named, model)
        return by_patterns

    return {
        "patterns": read_by_patterns,
        "model decides": lambda q, n: read_with_model(q, n, model),
        "model where patterns find nothing": fallback,
    }


# The development half's question kinds and the routing they call for: a form, and the topics
# that fit. A check of the reader on questions written by people, not a fitting target.
DEV_FORMS = {
    "open": {"open"},
    "yesno": {"yes_no"},
    "list": {"people_list"},
    "comparison": {"comparison"},
}
DEV_TOPICS = {
    "education": {"education", "advisor"},
    "publications": {"publications"},
    "awards": {"awards"},
    "teaching": {"teaching"},
    "service": {"teaching"},
    "students": {"teaching", "advisor"},
    "contact": {"contact"},
    "skills": {"skills"},
    "experience": {"role"},
    "role": {"role"},
}


def dev_check(read: Callable[[str, int], Intent]) -> dict[str, tuple[int, int]]:
    """Per development kind: (routed as the kind calls for, questions)."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines():
        q = json.loads(line)
        kind = q["kind"]
        if q.get("history") or (kind not in DEV_FORMS and kind not in DEV_TOPICS):
            continue
        # the people a question names: none in a list, two in a comparison, else as expected
        named = {"list": 0, "comparison": 2}.get(kind, len(q["people"]))
        intent = read(q["question"], named)
        ok = (
            intent.form in DEV_FORMS[kind]
            if kind in DEV_FORMS
            else intent.topic in DEV_TOPICS[kind]
        )
        out[kind][0] += ok
        out[kind][1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def accuracy(questions: list[LabelledQuestion], read: Callable[[str, int], Intent]) -> float:
    return sum(
        (i := read(q.question, q.people_named)).form == q.form and i.topic == q.topic
        for q in questions
    ) / len(questions)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-core", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    questions = generate(args.per_core, args.seed)
    fitting, validation, held = split_cores(questions, args.seed)
    print(
        f"{len(questions)} questions; cores: {len({q.core for q in fitting})} fitting, "
        f"{len({q.core for q in validation})} validation, {len({q.core for q in held})} held out"
    )
    choices = []
    for with_patterns in (True, False):
        for c in (0.3, 1.0, 3.0, 10.0):
            model = fit(fitting, c, with_patterns)
            choices.append(
                (
                    accuracy(validation, lambda q, n, m=model: read_with_model(q, n, m)),
                    c,
                    with_patterns,
                )
            )
            print(
                f"  C={c:<5} pattern features={with_patterns!s:5}  validation {choices[-1][0]:.3f}"
            )
    _, c, with_patterns = max(choices)
    model = fit(fitting, c, with_patterns)
    gates = []
    for gate in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        gated = replace(model, min_confidence=gate)
        gates.append((accuracy(validation, lambda q, n, m=gated: read_with_model(q, n, m)), -gate))
        print(f"  min confidence {gate:.1f}  validation {gates[-1][0]:.3f}")
    min_confidence = -max(gates)[1]
    print(f"chosen: C={c}, pattern features={with_patterns}, min confidence {min_confidence}")
    model = fit(fitting + validation, c, with_patterns, min_confidence)
    summary = []
    compared = readers(model)
    shipped = IntentModel.load()
    if shipped is not None:  # the stored weights, as they were before this run (fitted on
        # all the cores of their own generator: in-sample for the cores it shared)
        compared["stored weights (before)"] = lambda q, n: read_with_model(q, n, shipped)
    for name, read in compared.items():
        table, overall, _ = accuracy_table(held, read, f"held-out cores — {name}")
        print(table)
        checks = dev_check(read)
        right, total = sum(v[0] for v in checks.values()), sum(v[1] for v in checks.values())
        summary.append(
            [
                name,
                f"{overall:.3f}",
                f"{right}/{total}",
                ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(checks.items())),
            ]
        )
    print(
        format_table(
            ["reader", "held-out cores", "dev routing", "dev by kind"], summary, "routing accuracy"
        )
    )
    if args.write:
        note = (
            f"benchmarks/fit_intent_weights.py: {len(questions)} generated questions "
            f"(benchmarks/question_forms.py, seed {args.seed}), C={c}"
        )
        final = fit(questions, c, with_patterns, min_confidence, note)
        final.save(MODEL_FILE)
        print(
            f"wrote {MODEL_FILE} ({MODEL_FILE.stat().st_size} bytes, "
            f"{len(final.form.features)} + {len(final.topic.features)} feature rows)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
