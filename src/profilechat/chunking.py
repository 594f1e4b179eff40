"""Stage "chunk": split a document into passages that respect its sections.

Sections are found from headings (Markdown `#` lines, UPPER-CASE titles and short title-like
lines); each section is split separately with langchain's RecursiveCharacterTextSplitter, so a
passage never straddles two sections. Every chunk also lists its sentence (or list line) spans,
the units an answer is built from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .structure import Section as StructureSection
from .structure import document_sections
from .types import Chunk, Document

if TYPE_CHECKING:  # imported when a document is split: answering a question never needs it
    from langchain_text_splitters import RecursiveCharacterTextSplitter

_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
_TRAILING_ASIDE = re.compile(r"\s*\((?:[^()]|\([^()]*\))*\)\s*$")
_SMALL_WORDS = {"and", "of", "the", "in", "on", "for", "to", "a", "an", "&", "at", "with", "or"}


@dataclass(frozen=True)
class Section:
    title: str
    start: int
    end: int


def heading_title(line: str, person: str = "") -> str | None:
    """The section title a line announces, or None when it is ordinary text."""
    stripped = line.strip()
    match = _MARKDOWN_HEADING.match(stripped)
    if match:
        return _clean_title(match.group("title"))
    # "PUBLICATIONS ([Google Scholar](#))": a trailing aside does not stop a line being a title.
    stripped = _TRAILING_ASIDE.sub("", stripped)
    if not stripped or len(stripped) > 60 or stripped.lower() == person.lower():
        return None
    if stripped[-1] in ".,;:!?" or any(ch.isdigit() for ch in stripped):
        return None
    words = stripped.split()
    letters = [ch for ch in stripped if ch.isalpha()]
    if len(letters) >= 3 and all(ch.isupper() for ch in letters) and len(words) <= 8:
        return _clean_title(stripped)
    if len(words) > 5 or not stripped[0].isupper() or re.search(r"[,|*:/(\[]", stripped):
        return None
    if all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words):
        return _clean_title(stripped)
    return None


def _clean_title(title: str) -> str:
    return re.sub(r"[*_`]+", "", title).strip()


def find_sections(text: str, person: str = "") -> list[Section]:
    """Contiguous sections covering the whole text; text before the first heading is untitled."""
    sections: list[Section] = []
    title, start, offset = "", 0, 0
    for line in text.splitlines(keepends=True):
        new_title = heading_title(line, person)
        if new_title is not None and offset > start:
            sections.append(Section(title, start, offset))
            start = offset
        if new_title is not None:
            title = new_title
        offset += len(line)
    if offset > start:
        sections.append(Section(title, start, offset))
    return sections


def make_splitter(chunk_size: int, chunk_overlap: int) -> RecursiveCharacterTextSplitter:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        separators=["\n\n", "\n", ". ", "; ", ", ", " ", ""],
        keep_separator="end",
        add_start_index=True,
    )


def chunk_document(
    doc: Document, chunk_size: int, chunk_overlap: int, first_id: int = 0
) -> list[Chunk]:
    """Split `doc` into chunks with person, source, section and character span.

    Chunks follow the document's CV structure: whole entries are packed into a chunk up to
    `chunk_size`, so a bullet stays with its entry's title and dates; only an entry longer than a
    chunk is split, by the text splitter.
    """
    splitter = make_splitter(chunk_size, chunk_overlap)
    chunks: list[Chunk] = []
    for section in document_sections(doc):
        for start, end in _entry_groups(section, chunk_size):
            for piece_start, text in _pieces(doc.text, start, end, chunk_size, splitter):
                chunks.append(
                    Chunk(
                        chunk_id=first_id + len(chunks),
                        person=doc.person,
                        source=doc.source,
                        section=section.title,
                        text=text,
                        start=piece_start,
                        end=piece_start + len(text),
                        kind=section.kind,
                    )
                )
    return chunks


def _entry_groups(section: StructureSection, chunk_size: int) -> list[tuple[int, int]]:
    """Spans of consecutive whole entries, each at most `chunk_size` long where entries allow.
    The first span starts at the section's heading, so no text of the section is left out."""
    if not section.entries:
        return [(section.start, section.end)]
    groups: list[tuple[int, int]] = []
    start, end = section.start, section.entries[0].end
    for entry in section.entries[1:]:
        if entry.end - start > chunk_size:
            groups.append((start, end))
            start = entry.start
        end = entry.end
    groups.append((start, end))
    return groups


def _pieces(
    text: str, start: int, end: int, chunk_size: int, splitter: RecursiveCharacterTextSplitter
) -> list[tuple[int, str]]:
    body = text[start:end]
    if not body.strip():
        return []
    if len(body) <= chunk_size:
        return [(start, body)]
    return [
        (start + int(piece.metadata["start_index"]), piece.page_content)
        for piece in splitter.create_documents([body])
        if piece.page_content.strip()
    ]
