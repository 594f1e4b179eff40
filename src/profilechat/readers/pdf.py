"""PDF → marked text with pypdfium2 (PDFium), chosen by measurement (docs/documents.md).

PDFium gives the characters in reading order with their boxes. From the boxes the reader
rebuilds what the page shows: lines repeated at the top or bottom of pages (running headers
and footers) and page numbers are dropped; lines of one paragraph are joined, with words
hyphenated across the line end made whole; a wide gap inside a line (a date set flush right)
separates cells, and such a line is never joined to the next one.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from profilechat.readers.clean import CELL, Extracted, clean_line, finish, unmark

_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
# A gap between two characters of a line wider than this many font sizes is a column gap.
_CELL_GAP = 1.5
# Lines looked at for running headers and footers at each end of a page.
_MARGIN_LINES = 3
# Running lines are short: a name, a title, a date and the page number.
_RUNNING_LINE_MAX_WORDS = 6
_PAGE_NUMBER = re.compile(r"^\W*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\W*$", re.I)
# A line that starts with a date opens a new entry of a CV rather than continuing a paragraph.
_DATE_START = re.compile(
    r"^\W*(?:(?:19|20)\d\d\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d\d)",
    re.I,
)
# A line ending like this goes on in the next one, even when that one starts with a year
# ("… joined in" / "2020 and was promoted …"): a comma or an English word that cannot end a
# sentence or a title.
_ENDS_MID_PHRASE = re.compile(
    r"(?:,|\b(?:in|on|at|since|from|to|until|by|of|and|or|the|a|an|between|during|for|with))\s*$"
)
# A column's right edge is where this share of its lines end (below: the longest line), once
# it has enough lines for one overlong line (a URL) not to count.
_RIGHT_EDGE_QUANTILE = 0.9
_MIN_LINES_FOR_QUANTILE = 20
# Lines starting at one left edge needed to take their right edge as a column's.
_MIN_COLUMN_LINES = 8
# A wrapped line ends within this many font sizes of its column's right edge.
_NEAR_EDGE_SIZES = 6
_ENDS_SENTENCE = re.compile(r"[.!?)\]”\"]\s*$")
# A numbered list item or reference starts a line of its own: "3. …", "(b) …", "[12] …".
_NUMBERED_ITEM = re.compile(r"^\s*(?:\d{1,3}[.)]|\([a-z\d]{1,3}\)|\[\d{1,3}\])\s")
_BULLETS = "•●○◦▪▫■□‣∙⁃➢➤►▶✓✔-–—*"
_SOFT_HYPHEN_AT_BREAK = "\ufffe"  # PDFium's mark of a word hyphenated across a line end
# A letter's box is about this share of the font size high (between x-height and cap height).
_LETTER_HEIGHT = 0.7


class EncryptedPdf(Exception):
    """The PDF needs a password."""


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    bottom: float
    size: float
    has_cells: bool
    first_word_width: float  # would the first word have fitted on the line above?
    hyphenated: bool = False  # ended in a hyphen that PDFium marked as a line-end break
    key: str = field(init=False)

    def __post_init__(self) -> None:
        self.key = re.sub(r"\d+", "#", clean_line(self.text.replace(CELL, " "))).lower()


def read_pdf(data: bytes, max_pages: int) -> Extracted:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if getattr(error, "err_code", None) == _PASSWORD_ERROR:
            raise EncryptedPdf from None
        raise
    try:
        metadata = _metadata(document)
        page_count = len(document)
        metadata["pages"] = page_count
        if page_count > max_pages:
            metadata["truncated_pages"] = page_count - max_pages
        pages: list[list[_Line]] = []
        unreadable = 0
        for index in range(min(page_count, max_pages)):
            try:
                pages.append(_page_lines(document[index]))
            except Exception:  # one damaged page should not cost the whole document
                unreadable += 1
        if unreadable:
            metadata["unreadable_pages"] = unreadable
    finally:
        document.close()
    pages = _without_running_lines(pages)
    marked = _document_text(pages)
    return finish(marked, (), metadata)


def _metadata(document: Any) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    try:
        info = document.get_metadata_dict()
    except Exception:  # a damaged info dictionary is not worth losing the text over
        return metadata
    for key in ("Title", "Author"):
        value = " ".join(str(info.get(key, "")).split())
        if value:
            metadata[key.lower()] = value
    return metadata


def _page_lines(page: Any) -> list[_Line]:
    import pypdfium2.raw as pdfium

    textpage = page.get_textpage()
    try:
        lines: list[_Line] = []
        chars: list[tuple[str, tuple[float, float, float, float] | None, float]] = []
        high_surrogate = 0  # PDFium gives UTF-16 units: a character beyond the BMP is two
        for index in range(textpage.count_chars()):
            code = pdfium.FPDFText_GetUnicode(textpage.raw, index)
            if 0xD800 <= code < 0xDC00:
                high_surrogate = code
                continue
            if 0xDC00 <= code < 0xE000:
                code = 0x10000 + ((high_surrogate - 0xD800) << 10) + (code - 0xDC00)
                code = code if high_surrogate else 0
            high_surrogate = 0
            char = unmark(chr(code)) if 0 < code < 0x110000 else ""
            if char in ("\r", "\n"):
                if char == "\n":
                    _add_line(lines, chars)
                    chars = []
                continue
            box = None
            if not pdfium.FPDFText_IsGenerated(textpage.raw, index):
                box = textpage.get_charbox(index)
            chars.append((char, box, pdfium.FPDFText_GetFontSize(textpage.raw, index)))
        _add_line(lines, chars)
        return lines
    finally:
        textpage.close()


def _add_line(
    lines: list[_Line], chars: list[tuple[str, tuple[float, float, float, float] | None, float]]
) -> None:
    boxes = [(box, size) for char, box, size in chars if box is not None and char.strip()]
    if not boxes:
        return
    size = _line_size(boxes)
    parts: list[str] = []
    previous_right: float | None = None
    has_cells = False
    for char, box, _ in chars:
        if box is not None and char.strip():
            if previous_right is not None and box[0] - previous_right > _CELL_GAP * size:
                parts.append(CELL)
                has_cells = True
            previous_right = box[2]
        parts.append(char)
    text = "".join(parts).replace("\xad", "-")  # a drawn soft hyphen is a visible hyphen
    hyphenated = text.rstrip().endswith(_SOFT_HYPHEN_AT_BREAK)
    text = text.replace(_SOFT_HYPHEN_AT_BREAK, "")
    lines.append(
        _Line(
            text=text,
            x0=min(box[0] for box, _ in boxes),
            x1=max(box[2] for box, _ in boxes),
            bottom=min(box[1] for box, _ in boxes),
            size=size,
            has_cells=has_cells,
            first_word_width=_first_word_width(chars),
            hyphenated=hyphenated,
        )
    )


def _line_size(boxes: list[tuple[tuple[float, float, float, float], float]]) -> float:
    """The font size of a line. Design tools set text at size 1 and scale it with the text
    matrix, so PDFium reports 1; the letters' boxes then tell the size the page shows."""
    reported = statistics.median(size for _, size in boxes) or 10.0
    from_letters = statistics.median(box[3] - box[1] for box, _ in boxes) / _LETTER_HEIGHT
    return from_letters if reported < 0.5 * from_letters else reported


def _first_word_width(
    chars: list[tuple[str, tuple[float, float, float, float] | None, float]],
) -> float:
    left: float | None = None
    right = 0.0
    for char, box, _ in chars:
        if not char.strip():
            if left is not None:
                break
            continue
        if box is not None:
            left = box[0] if left is None else left
            right = box[2]
    return right - left if left is not None else 0.0


def _without_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Pages without running headers/footers (the same line, numbers aside, at the top or
    bottom of at least half the pages) and without page-number lines there."""
    counts: dict[str, int] = {}
    for lines in pages:
        for key in {line.key for line in _margin_lines(lines)}:
            counts[key] = counts.get(key, 0) + 1
    needed = max(2, math.ceil(len(pages) / 2))
    repeated = {key for key, count in counts.items() if count >= needed}
    kept_pages: list[list[_Line]] = []
    for number, lines in enumerate(pages, start=1):
        margin = {id(line) for line in _margin_lines(lines)}
        kept_pages.append(
            [
                line
                for line in lines
                if id(line) not in margin or not _is_running(line, repeated, number)
            ]
        )
    return kept_pages


def _is_running(line: _Line, repeated: set[str], page_number: int) -> bool:
    """A running header or footer line: repeated on pages, a page number, or a short line
    that ends in this page's number ("Jane Doe | 2")."""
    if line.key in repeated or _PAGE_NUMBER.match(line.key.replace("#", "0")):
        return True
    words = clean_line(line.text.replace(CELL, " ")).split()
    return 1 < len(words) <= _RUNNING_LINE_MAX_WORDS and words[-1] == str(page_number)


def _margin_lines(lines: list[_Line]) -> list[_Line]:
    if len(lines) <= 2 * _MARGIN_LINES:
        return list(lines)
    return [*lines[:_MARGIN_LINES], *lines[-_MARGIN_LINES:]]


def _document_text(pages: list[list[_Line]]) -> str:
    """The pages' lines, those of one paragraph joined (also across a page break),
    paragraphs on lines of their own."""
    all_lines = [line for lines in pages for line in lines]
    out: list[str] = []
    previous: _Line | None = None
    for lines in pages:
        pitch = _line_pitch(lines) if lines else 0.0
        for position, line in enumerate(lines):
            text = _readable(line.text)
            page_break = position == 0
            if previous is not None and _continues(previous, line, all_lines, pitch, page_break):
                if previous.hyphenated or (
                    out[-1].rstrip().endswith("-") and text.lstrip()[:1].islower()
                ):
                    out[-1] = out[-1].rstrip().removesuffix("-") + text.lstrip()
                else:
                    out[-1] = out[-1].rstrip() + " " + text.lstrip()
            else:
                gap = previous.bottom - line.bottom if previous and not page_break else 0.0
                out.append(("\n" if 0 < gap <= 1.6 * pitch else "\n\n") + text)
            previous = line
    return "".join(out)


# Spacing accents that TeX sets as a glyph of their own before the letter ("Montr´eal"), and
# the combining mark each stands for.
_SPACING_ACCENTS = {
    "´": "\u0301", "`": "\u0300", "¨": "\u0308", "ˆ": "\u0302", "˜": "\u0303",
    "¸": "\u0327", "ˇ": "\u030c", "˘": "\u0306", "˚": "\u030a", "˝": "\u030b",
    "¯": "\u0304", "˙": "\u0307",
}  # fmt: skip
_ACCENT_BEFORE_LETTER = re.compile("([" + "".join(_SPACING_ACCENTS) + "]) ?([^\\W\\d_])")
# Letters set apart for effect: "E X P E R I E N C E" (pairs like "AT" from kerning).
_LETTER_SPACED = re.compile(r"^(?:[^\W\d_]{1,2} ){3,}[^\W\d_]{1,2}$")


def _readable(text: str) -> str:
    """A line's text with accents put on their letters and letter-spaced words closed up;
    replacement characters (glyphs PDFium could not map, e.g. icons) dropped."""
    text = _ACCENT_BEFORE_LETTER.sub(_accented, text.replace("\ufffd", ""))
    stripped = text.strip()
    if _LETTER_SPACED.match(stripped) and stripped.isupper():
        return stripped.replace(" ", "")
    return text


def _accented(match: re.Match[str]) -> str:
    letter = "i" if match.group(2) == "ı" else match.group(2)  # TeX accents a dotless i
    return unicodedata.normalize("NFC", letter + _SPACING_ACCENTS[match.group(1)])


def _line_pitch(lines: list[_Line]) -> float:
    """The usual distance between the baselines of two lines of the page."""
    gaps = [
        a.bottom - b.bottom
        for a, b in itertools.pairwise(lines)
        if 0 < a.bottom - b.bottom < 3 * a.size
    ]
    return statistics.median(gaps) if gaps else 1.2 * statistics.median(line.size for line in lines)


def _right_edge(rights: list[float]) -> float:
    """The right edge of a column: where most of its full lines end. A high quantile, not the
    maximum, since a long URL or an overfull line can stick out past the margin."""
    if not rights:
        return 0.0
    rights.sort()
    if len(rights) < _MIN_LINES_FOR_QUANTILE:  # too few lines to tell an outlier
        return rights[-1]
    return rights[int(_RIGHT_EDGE_QUANTILE * (len(rights) - 1))]


def _is_capitals(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 3 and all(char.isupper() for char in letters)


def _continues(
    previous: _Line, line: _Line, lines: list[_Line], pitch: float, page_break: bool
) -> bool:
    """Is `line` the next line of the paragraph that `previous` ends?"""
    size = previous.size
    if previous.has_cells or line.has_cells or abs(previous.size - line.size) > 0.5:
        return False
    if not page_break and not 0 < previous.bottom - line.bottom <= 1.25 * pitch:
        return False
    if page_break and (abs(line.x0 - previous.x0) > size or previous.text.rstrip()[-1:] in ".:"):
        return False
    first = line.text.lstrip()[:1]
    if not first or first in _BULLETS or _NUMBERED_ITEM.match(line.text):
        return False
    if _DATE_START.match(line.text) and not _ENDS_MID_PHRASE.search(previous.text):
        return False
    if not previous.x0 - 3 * size <= line.x0 <= previous.x0 + 2 * size:  # another block
        return False
    if _is_capitals(previous.text) or _is_capitals(line.text):  # a heading in capitals
        return False
    column = [o.x1 for o in lines if abs(o.x0 - previous.x0) <= 2 * size and not o.has_cells]
    if len(column) < _MIN_COLUMN_LINES:  # a few indented lines: the page's edge is theirs
        column = [other.x1 for other in lines if not other.has_cells]
    column_right = _right_edge(column)
    # Wrapped, not broken on purpose: the line above is long and the next line's first word
    # would not have fitted on it; a line that ends a sentence short of the edge ends there.
    if previous.x1 < column_right - _NEAR_EDGE_SIZES * size:
        return False
    if (
        previous.x1 < column_right - 1.5 * size
        and _ENDS_SENTENCE.search(previous.text)
        and first.isupper()
    ):
        return False
    return previous.x1 + 0.5 * size + line.first_word_width >= column_right - 0.5 * size
