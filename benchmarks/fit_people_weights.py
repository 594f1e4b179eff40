"""Fit the chooser of a document's person (src/profilechat/people_model.py) and report it.

    python benchmarks/fit_people_weights.py [--write]

Training rows are the name candidates of the development documents of benchmarks/real
(people.json, every set but the held-back ones: the test half and the validation sets), labelled
by whether the candidate is the document's known person. Prints, per set, how many documents the
rule chain alone (people.identify_person without the chooser) files under the right person, how
many the chain with the chooser asked when it finds no full name does, and the chooser fitted
with that set left out (so the figure of a set is never one its own documents were fitted on).
--write stores the weights fitted on all development sets in people_weights.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "real"))

from common import format_table  # noqa: E402
from run_eval import HELD_BACK  # noqa: E402

from profilechat.config import Config  # noqa: E402
from profilechat.errors import DocumentError  # noqa: E402
from profilechat.evaluate import same_person  # noqa: E402
from profilechat.loaders import load_document  # noqa: E402
from profilechat.people import identify_person, is_unknown  # noqa: E402
from profilechat.people_model import (  # noqa: E402
    FEATURES,
    MODEL_FILE,
    PeopleModel,
    candidates,
    most_likely_person,
)
from profilechat.types import Document  # noqa: E402

DOCUMENTS = HERE / "real" / "documents"
# An L2 penalty strong enough to keep a dozen weights fitted on about a hundred documents
# moderate (weights of a few units: no single feature decides alone).
PENALTY = 0.1


def development_documents() -> list[tuple[str, Document, str]]:
    """(set, document, known person) of every readable development document."""
    rows = json.loads((HERE / "real" / "people.json").read_text(encoding="utf-8"))
    config = Config()
    found = []
    for row in rows:
        if row["split"] in HELD_BACK:
            continue
        path = DOCUMENTS / row["file"]
        try:
            document = load_document(path, path.parent, config)
        except DocumentError:
            continue
        # The file as its owner named it: the "<GitHub owner>__" prefix the corpus adds often
        # spells the person, which a user's own "cv.pdf" would not.
        document = replace(document, source=row["file"].split("__", 1)[-1])
        found.append((row["split"], document, row["person"]))
    return found


def fit(documents: list[tuple[str, Document, str]]) -> PeopleModel:
    """Maximum likelihood of each document's known person among its candidates (or nobody, when
    no candidate is the person), with an L2 penalty."""
    groups = []
    for _, doc, person in documents:
        found = candidates(doc)
        features = np.asarray([[c.features[f] for f in FEATURES] for c in found]).reshape(
            -1, len(FEATURES)
        )
        right = [i for i, c in enumerate(found) if same_person(c.name, person)]
        groups.append((features, right[0] if right else -1))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, gradient = PENALTY * w @ w, 2 * PENALTY * w
        for features, right in groups:
            scores = np.append(features @ w, 0.0)  # the last option: nobody
            top = scores.max()
            exps = np.exp(scores - top)
            chances = exps / exps.sum()
            total += -(scores[right] - top - np.log(exps.sum()))
            expected = chances[:-1] @ features
            gradient += expected - (features[right] if right >= 0 else 0.0)
        return total, gradient

    result = minimize(loss, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B")
    return PeopleModel(dict(zip(FEATURES, result.x.tolist(), strict=True)))


def chain_only(doc: Document) -> str:
    return identify_person(doc, chooser=None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    documents = development_documents()
    sets = sorted({s for s, _, _ in documents})
    table = []
    for left_out in sets:
        model = fit([d for d in documents if d[0] != left_out])
        held = [d for d in documents if d[0] == left_out]
        chain = sum(same_person(chain_only(doc), person) for _, doc, person in held)
        with_model = sum(
            same_person(identify_person(doc, chooser=model), person) for _, doc, person in held
        )
        unknown = sum(is_unknown(identify_person(doc, chooser=model)) for _, doc, _ in held)
        alone = sum(
            same_person(most_likely_person(doc, model) or "", person) for _, doc, person in held
        )
        table.append([left_out, len(held), chain, with_model, unknown, alone])
    print(
        format_table(
            [
                "set (left out of the fit)",
                "documents",
                "chain",
                "chain + chooser",
                "unknown",
                "chooser alone",
            ],
            table,
        )
    )
    model = fit(documents)
    print("\nweights fitted on all development sets:")
    print(format_table(["feature", "weight"], [[k, f"{v:+.2f}"] for k, v in model.weights.items()]))
    if args.write:
        MODEL_FILE.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {MODEL_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
