"""Check benchmarks/heldout/questions.jsonl against the held-out corpus.

.venv/bin/python benchmarks/heldout/validate.py
"""

import collections
import json
import re
import sys
from pathlib import Path

import docx
import pypdf

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
FILES = {
    "Priya Raghunathan": "priya-raghunathan-cv.md",
    "Rafael Quintero": "index.html",
    "Li Wei": "li-wei-resume.docx",
    "Amara Okafor": "okafor-speaker-bio.pdf",
    "Sofia Marchetti": "sofia-homepage.txt",
    "Sofia Lindqvist": "sofia-lindqvist.md",
}


def text_of(path: Path) -> str:
    if path.suffix == ".docx":
        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    if path.suffix == ".pdf":
        return "\n".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages)
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        import html

        raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
        raw = html.unescape(re.sub(r"<[^>]+>", " ", raw))
    return raw


def main() -> int:
    texts = {p: text_of(CORPUS / f) for p, f in FILES.items()}
    for p, t in texts.items():
        print(f"{FILES[p]:28s} {p:18s} {len(t):5d} chars of text")
    rows = [
        json.loads(line)
        for line in (HERE / "questions.jsonl").read_text().splitlines()
        if line.strip()
    ]
    problems = []
    ids = collections.Counter(r["id"] for r in rows)
    problems += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    keys = {"id", "kind", "question", "history", "answerable", "people", "answer_contains"}
    for r in rows:
        if set(r) != keys:
            problems.append(f"{r['id']}: keys {sorted(r)}")
        if r["answerable"] != bool(r["people"]) or (
            r["answerable"] and not 1 <= len(r["answer_contains"]) <= 2
        ):
            problems.append(f"{r['id']}: answerable/people/answer_contains inconsistent")
        for s in r["answer_contains"]:
            found_raw = [p for p in r["people"] if s.lower() in texts[p].lower()]
            found_ws = [p for p in r["people"] if s.lower() in " ".join(texts[p].split()).lower()]
            if not found_ws:
                problems.append(f"{r['id']}: {s!r} not in the text of {r['people']}")
            elif len(found_raw) < len(found_ws):
                problems.append(f"{r['id']}: {s!r} only matches across a line break")
        for p in r["people"]:
            if p not in FILES:
                problems.append(f"{r['id']}: unknown person {p}")
    print(len(rows), "questions:", dict(collections.Counter(r["kind"] for r in rows)))
    print("\n".join(problems) or "all checks pass")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
