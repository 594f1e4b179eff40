"""500 varied texts for comparing two embedders (tests/test_onnx_embedder.py, bench_embedding.py).

Drawn from the repository's own documents and question sets, so they look like what ProfileChat
embeds: questions, single lines, and passages from a few lines up to several hundred tokens (past
the model's 256-token cut), plus edge cases a tokenizer can get wrong (empty, whitespace only,
accents, CJK, emoji, markup, code-like strings, one word repeated far past the cut).
"""

from __future__ import annotations

import json
from itertools import zip_longest
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEXT_SOURCES = (REPO / "corpus", REPO / "benchmarks" / "heldout" / "corpus")
TEXT_SUFFIXES = {".txt", ".md", ".html"}
QUESTION_FILES = (
    REPO / "benchmarks" / "questions.jsonl",
    REPO / "benchmarks" / "heldout" / "questions.jsonl",
)
# Lines per passage: short paragraphs to about chunk size, and a few far past 256 tokens.
PASSAGE_LINES = (3, 8, 16)
LONG_PASSAGE_LINES = 60
LONG_PASSAGES = 8
EDGE_CASES = [
    "",
    " ",
    "\n\t  \n",
    "a",
    "🙂",
    "PhD",
    "東京大学で博士号を取得しました。",
    "Naïve café in Zürich — Ångström, São Paulo, Kraków.",
    "C++/CUDA, PyTorch 2.x; p99 < 10.5 ms (≈3×) at https://example.org/a?b=c#d",
    "<h1>Title</h1><p>Some <b>bold</b> text &amp; an entity.</p>",
    "ALL CAPITALS HEADING: EXPERIENCE",
    "  leading and trailing spaces  ",
    "name@example.com · +1 (555) 010-0199 · 2019–2024",
    "word " * 600,
]


def varied_texts(count: int = 500) -> list[str]:
    """`count` distinct texts, the same on every call: edge cases, then questions, lines and
    passages taken in turn."""
    lines = _document_lines()
    step = len(lines) // LONG_PASSAGES
    passages = [
        "\n".join(lines[start : start + LONG_PASSAGE_LINES])
        for start in range(0, step * LONG_PASSAGES, step)
    ]
    passages += [
        "\n".join(lines[start : start + size])
        for size in PASSAGE_LINES
        for start in range(0, len(lines), max(size, 7))
    ]
    chosen = dict.fromkeys(EDGE_CASES)
    for group in zip_longest(_questions(), lines, passages):
        chosen.update(dict.fromkeys(t for t in group if t is not None))
        if len(chosen) >= count:
            break
    return list(chosen)[:count]


def _document_lines() -> list[str]:
    lines: list[str] = []
    for folder in TEXT_SOURCES:
        for path in sorted(folder.iterdir()):
            if path.suffix in TEXT_SUFFIXES:
                text = path.read_text(encoding="utf-8", errors="replace")
                lines += [line.strip() for line in text.splitlines() if line.strip()]
    return lines


def _questions() -> list[str]:
    questions: list[str] = []
    for path in QUESTION_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                questions += [*item.get("history", []), item["question"]]
    return questions
