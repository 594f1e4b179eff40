"""Compare pypdf, pypdfium2 and pdfplumber on real PDFs: speed and text quality.

    python benchmarks/real/compare_pdf_extractors.py [FOLDER]   # default benchmarks/real/documents

Each extractor reads every PDF in FOLDER in this one process (plain text of every page, no
clean-up). Columns: milliseconds; words (runs of two or more letters: text an extractor lost
shows as fewer words than the others found); glued (runs of 25+ letters: spaces lost between
words); lig (ligature characters such as "ﬁ" left in words). pdfplumber comes with the `bench`
extra.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

WORD = re.compile(r"[^\W\d_]{2,}")
GLUED = re.compile(r"[^\W\d_]{25,}")
LIGATURE = re.compile("[\ufb00-\ufb06]")


def with_pypdf(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def with_pypdfium2(data: bytes) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def with_pdfplumber(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


EXTRACTORS: dict[str, Callable[[bytes], list[str]]] = {
    "pypdf": with_pypdf,
    "pypdfium2": with_pypdfium2,
    "pdfplumber": with_pdfplumber,
}


def measure(extract: Callable[[bytes], list[str]], data: bytes) -> tuple[float, int, int, int]:
    started = time.perf_counter()
    text = "\n".join(extract(data))
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, len(WORD.findall(text)), len(GLUED.findall(text)), len(LIGATURE.findall(text))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="benchmarks/real/documents", type=Path)
    args = parser.parse_args()
    files = sorted(p for p in args.folder.rglob("*") if p.suffix.lower() == ".pdf")
    if not files:
        print(f"no PDFs under {args.folder}")
        return 1
    header = " ".join(f"{name + ' ms/words/glued/lig':>34}" for name in EXTRACTORS)
    print(f"{'file':36} {header}")
    totals = {name: [0.0, 0, 0, 0] for name in EXTRACTORS}
    for path in files:
        data = path.read_bytes()
        cells = []
        for name, extract in EXTRACTORS.items():
            figures = measure(extract, data)
            totals[name] = [a + b for a, b in zip(totals[name], figures, strict=True)]
            cells.append(f"{figures[0]:8.0f} {figures[1]:7d} {figures[2]:6d} {figures[3]:5d}")
        print(f"{path.name[:36]:36} " + " ".join(f"{cell:>34}" for cell in cells))
    cells = [f"{t[0]:8.0f} {t[1]:7d} {t[2]:6d} {t[3]:5d}" for t in totals.values()]
    print(f"{'total (' + str(len(files)) + ' files)':36} " + " ".join(f"{c:>34}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
