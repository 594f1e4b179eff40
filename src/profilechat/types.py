"""The things that flow through the pipeline: Document → Chunk → Hit → Answer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """One profile file as clean text: what a person reads on the rendered page.

    Every loader hands on the same shape of text, whatever the format: no markup; one paragraph,
    entry or table row per line; list items start with "• "; blank lines between blocks.
    Headings that the markup marks (Markdown `#`, HTML `<h1>`–`<h6>`, Word heading styles,
    LaTeX `\\section`) are listed in `headings` by the offset of their line in `text`;
    `links` keeps the URLs of links whose text is in `text` (for contact details).
    """

    source: str  # file name relative to the corpus folder
    text: str
    content_hash: str  # sha256 of the file's bytes
    metadata: dict[str, Any] = field(default_factory=dict)  # e.g. front matter
    person: str = ""  # filled in by people.identify_person
    headings: tuple[int, ...] = ()  # offsets in `text` of lines the markup marks as headings
    links: tuple[str, ...] = ()  # URLs of the document's links, in order, without duplicates


@dataclass(frozen=True)
class Chunk:
    """A passage of one document, the unit that is embedded and retrieved."""

    chunk_id: int
    person: str
    source: str
    section: str
    text: str
    start: int  # character span of `text` in Document.text
    end: int
    kind: str = ""  # the kind of CV section it belongs to (structure.SECTION_KIND_PHRASES)

    def embedding_text(self) -> str:
        """Text sent to the embedding model: a context header, then the passage.

        The header lets a passage that only says "his PhD" be found by the person's name.
        """
        header = self.person if not self.section else f"{self.person} — {self.section}"
        return f"{header}\n{self.text}"


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused relevance score."""

    chunk: Chunk
    score: float
    dense_score: float = 0.0
    lexical_score: float = 0.0


@dataclass(frozen=True)
class Source:
    """A passage cited by an answer."""

    number: int  # the [n] marker in the answer text
    person: str
    source: str
    section: str
    text: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "source": self.source,
            "section": self.section,
            "text": self.text,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Answer:
    """What `ProfileChat.ask` returns."""

    question: str
    text: str
    found: bool
    people: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    notice: str = ""  # e.g. "question was truncated"
    written_by: str = ""  # the language model that wrote the text; "" when quoted (extractive)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "found": self.found,
            "people": list(self.people),
            "sources": [s.to_dict() for s in self.sources],
            "written_by": self.written_by or None,
        }

    def message(self) -> dict[str, Any]:
        """This answer as the assistant message of a conversation's `history`; its "people"
        tell follow-up questions whom "he" or "they" refer to."""
        return {"role": "assistant", "content": self.text, "people": list(self.people)}


__all__ = ["Answer", "Chunk", "Document", "Hit", "Source", "asdict"]
