"""Stage "chunk": split a document into passages that respect its sections.

Sections and their entries come from structure.py (its heading detector is the package's only
one); each section is split separately with langchain's RecursiveCharacterTextSplitter, so a
passage never straddles two sections. Every chunk also lists its sentence (or list line) spans,
the units an answer is built from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .structure import Section, document_sections
from .types import Chunk, Document

if TYPE_CHECKING:  # imported when a document is split: answering a question never needs it
    from langchain_text_splitters import RecursiveCharacterTextSplitter


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


def _entry_groups(section: Section, chunk_size: int) -> list[tuple[int, int]]:
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
