"""Attribution on the real-document corpus: is each document filed under the right person?

    python benchmarks/real/check_people.py [--split dev|test|all]

Reads benchmarks/real/people.json (the ground truth written by a colleague from the documents)
and runs the product's own path: load → identify person → merge name variants across the corpus.
A document counts as right when its person folds (case and accents ignored) to the expected name,
or to the expected name without middle names. Prints one row per document and the total; for the
held-back sets (the test half, the validation sets) only the totals, as run_eval.py does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from profilechat.config import Config
from profilechat.errors import DocumentError
from profilechat.evaluate import same_person
from profilechat.loaders import load_document
from profilechat.people import identify_person, merge_variants

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run_eval import HELD_BACK, known_splits  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="all", choices=[*known_splits(), "all"])
    parser.add_argument("--documents", type=Path, default=HERE / "documents")
    args = parser.parse_args()
    truth = json.loads((HERE / "people.json").read_text(encoding="utf-8"))
    rows = [t for t in truth if args.split in ("all", t["split"])]
    config = Config()
    identified: dict[str, str] = {}
    for row in rows:
        path = args.documents / row["file"]
        try:
            identified[row["file"]] = identify_person(load_document(path, path.parent, config))
        except DocumentError as error:
            identified[row["file"]] = f"(skipped: {error.reason})"
    canonical = merge_variants(sorted(identified.values()))
    right: dict[str, int] = {}
    for row in rows:
        found = canonical[identified[row["file"]]]
        ok = same_person(found, row["person"])
        right[row["split"]] = right.get(row["split"], 0) + ok
        if row["split"] not in HELD_BACK:
            mark = "ok " if ok else "BAD"
            print(f"{mark} {row['file'][:44]:44} {found[:34]:34} expected {row['person']}")
    for split in sorted(right):
        total = sum(row["split"] == split for row in rows)
        print(f"{split:6} {right[split]}/{total} documents attributed to the right person")
    return 0


if __name__ == "__main__":
    sys.exit(main())
