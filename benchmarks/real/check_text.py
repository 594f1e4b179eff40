"""Count markup artefacts left in the clean text of real documents (goal: 0).

    python benchmarks/real/check_text.py [FOLDER]     # default benchmarks/real/documents

Loads every document with the product's loaders and prints, per file, how many times each
kind of artefact is left in `Document.text`, then the totals.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

from profilechat.config import Config
from profilechat.errors import DocumentError
from profilechat.loaders import iter_corpus, load_document

ARTEFACTS: dict[str, re.Pattern[str]] = {
    "\\cmd": re.compile(r"\\[a-zA-Z]+"),
    "{}": re.compile(r"[{}]"),
    "**": re.compile(r"\*\*|__"),
    "](": re.compile(r"\]\("),
    "{:": re.compile(r"\{:"),
    "{%": re.compile(r"\{%|\{\{"),
    "|---": re.compile(r"\|\s*:?-{3,}"),
    "<tag>": re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>"),
    "&ent;": re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,6});"),
    "pagenum": re.compile(r"^\W*(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?\W*$", re.I | re.M),
    "ligature": re.compile("[\ufb00-\ufb06]"),
}
COLUMNS = [*ARTEFACTS, "repeated"]


RUNNING_LINE = re.compile(r"^\D{2,60}?\W*\d{1,3}$|^page\b", re.I)


def repeated_lines(text: str) -> int:
    """Running header or footer lines left: the same short line, numbers aside, three times
    or more, that ends in a small number or starts with "Page" ("Jane Doe 6", "CV – 2")."""
    lines = [line for line in text.split("\n") if RUNNING_LINE.match(line)]
    counts = Counter(re.sub(r"\d+", "#", line) for line in lines)
    return sum(count for count in counts.values() if count >= 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="benchmarks/real/documents", type=Path)
    args = parser.parse_args()
    files, _ = iter_corpus(args.folder)
    if not files:
        print(f"no documents under {args.folder}")
        return 1
    config = Config()
    totals: Counter[str] = Counter()
    width = max(len(p.relative_to(args.folder).as_posix()) for p in files)
    print(f"{'document':<{width}} " + " ".join(f"{c:>8}" for c in COLUMNS) + "       ms")
    for path in files:
        name = path.relative_to(args.folder).as_posix()
        started = time.perf_counter()
        try:
            text = load_document(path, args.folder, config).text
        except DocumentError as error:
            print(f"{name:<{width}} skipped: {error.reason}")
            continue
        elapsed = (time.perf_counter() - started) * 1000
        row = {kind: len(pattern.findall(text)) for kind, pattern in ARTEFACTS.items()}
        row["repeated"] = repeated_lines(text)
        totals.update(row)
        print(f"{name:<{width}} " + " ".join(f"{row[c]:>8}" for c in COLUMNS) + f" {elapsed:8.0f}")
    print(f"{'total':<{width}} " + " ".join(f"{totals[c]:>8}" for c in COLUMNS))
    print(f"artefacts left: {sum(totals.values())} (goal 0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
