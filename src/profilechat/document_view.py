"""What the Documents tab, the Sources panel and `profilechat documents` show about each indexed
document: its person, a title a reader recognises, and the file it is.

A document's title is its own: the title in its metadata (HTML <title>, PDF and DOCX
properties, Markdown front matter), else the heading it opens with. A title that only repeats
the person's name says nothing the person column does not, so then the file name stands alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from .manifest import DocumentRecord
from .store import IndexStore
from .types import Chunk


@dataclass(frozen=True)
class DocumentRow:
    source: str
    person: str
    title: str  # "" when the document has no title of its own
    passages: int
    indexed_at: str

    def label(self) -> str:
        """ "Person — title (file)", or "Person — file" without a title."""
        document = f"{self.title} ({self.source})" if self.title else self.source
        return f"{self.person} — {document}"


def document_title(record: DocumentRecord, opening: Chunk | None) -> str:
    """The metadata title, else the heading `opening` (the passage at offset 0) starts with;
    "" when neither says more than the person's name."""
    for candidate in (str(record.metadata.get("title", "")), opening_heading(opening)):
        title = " ".join(candidate.split())
        if title and title.casefold() != " ".join(record.person.split()).casefold():
            return title
    return ""


def opening_heading(opening: Chunk | None) -> str:
    """The heading a document's first line is, when the chunker took it for one."""
    if opening is None or opening.start != 0 or not opening.section:
        return ""
    first_line = opening.text.strip().split("\n", 1)[0]
    same = " ".join(first_line.split()).casefold() == " ".join(opening.section.split()).casefold()
    return opening.section if same else ""


def document_titles(store: IndexStore) -> dict[str, str]:
    """File → its title, for the documents that have one."""
    titles = {
        source: document_title(record, store.chunk_at(source, 0))
        for source, record in store.documents.items()
    }
    return {source: title for source, title in titles.items() if title}


def document_rows(store: IndexStore) -> list[DocumentRow]:
    """The indexed documents by person, then title, then file name."""
    titles = document_titles(store)
    rows = [
        DocumentRow(r.source, r.person, titles.get(r.source, ""), r.chunks, r.indexed_at)
        for r in store.documents.values()
    ]
    return sorted(rows, key=lambda r: (r.person.casefold(), r.title.casefold(), r.source))
