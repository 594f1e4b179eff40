"""DOCX → marked text, read from the WordprocessingML itself (python-docx opens the package).

python-docx's paragraphs skip text boxes, where many CV templates keep headings and dates; so
the body is walked in document order: paragraphs, tables and text boxes (each once: a text
box inside mc:AlternateContent is read from its first choice, not again from the fallback).
"""

from __future__ import annotations

import io
import re
from typing import Any

from profilechat.readers.clean import CELL, HEADING, Extracted, finish, unmark

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_HEADING_STYLE_NAMES = ("heading", "title", "subtitle")
_LIST_STYLE_NAMES = ("list",)  # "List Paragraph", "List Bullet", "List Number"
# Field instructions that hold a link: HYPERLINK "https://…"
_FIELD_LINK = re.compile(r'HYPERLINK\s+"([^"]+)"')
# A table whose cells hold more lines than this is page layout, read cell by cell.
_MAX_ROW_CELL_LINES = 2
_PAGE_NUMBER = re.compile(r"^\W*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\W*$", re.I)


def read_docx(data: bytes) -> Extracted:
    import docx

    document = docx.Document(io.BytesIO(data))
    reader = _Reader(_styles(document))
    body = reader.blocks(document.element.body, document.part)
    headers, footers = reader.page_margins(document)
    marked = "\n\n".join(part for part in (headers, body, footers) if part)
    return finish(marked, reader.links, _metadata(document))


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class _Reader:
    def __init__(self, styles: dict[str, tuple[bool, bool]]) -> None:
        self.styles = styles  # style id → (is heading, is list)
        self.links: list[str] = []

    def blocks(self, container: Any, part: Any) -> str:
        """Paragraphs and tables of a body, cell, text box, header or footer."""
        out: list[str] = []
        for child in container:
            name = _local(child)
            if name == "p":
                out.append(self.paragraph(child, part))
            elif name == "tbl":
                out.append(self.table(child, part))
            elif name in ("sdt", "sdtContent", "customXml", "ins", "smartTag"):
                out.append(self.blocks(child, part))
            elif name == "AlternateContent":
                out.append(self.blocks(_chosen(child), part))
        return "\n".join(piece for piece in out if piece)

    def paragraph(self, paragraph: Any, part: Any) -> str:
        text: list[str] = []
        boxes: list[str] = []
        self._runs(paragraph, part, text, boxes)
        own = unmark("".join(text))
        is_heading, is_list = self._kind(paragraph)
        if is_heading and own.strip():
            own = f"\n\n{HEADING}{' '.join(own.split())}\n\n"
        elif is_list and own.strip():
            own = "• " + own.strip()
        return "\n".join(piece for piece in (own, *boxes) if piece.strip())

    def _runs(self, element: Any, part: Any, text: list[str], boxes: list[str]) -> None:
        for child in element:
            name = _local(child)
            if name == "t":
                text.append(child.text or "")
            elif name in ("tab", "ptab"):
                text.append(" ")
            elif name in ("br", "cr"):
                text.append("\n")
            elif name == "noBreakHyphen":
                text.append("-")
            elif name == "txbxContent":
                boxes.append("\n\n" + self.blocks(child, part) + "\n\n")
            elif name == "AlternateContent":
                self._runs(_chosen(child), part, text, boxes)
            elif name == "instrText":
                self.links.extend(_FIELD_LINK.findall(child.text or ""))
            elif name in ("delText", "pPr", "rPr", "fldData", "footnoteReference"):
                continue
            else:
                if name == "hyperlink":
                    self._hyperlink(child, part)
                self._runs(child, part, text, boxes)

    def _hyperlink(self, element: Any, part: Any) -> None:
        relation = element.get(_R_ID)
        if relation and relation in part.rels and part.rels[relation].is_external:
            self.links.append(part.rels[relation].target_ref)

    def _kind(self, paragraph: Any) -> tuple[bool, bool]:
        properties = paragraph.find(f"{_W}pPr")
        if properties is None:
            return False, False
        style = properties.find(f"{_W}pStyle")
        is_heading, is_list = self.styles.get(
            style.get(f"{_W}val", "") if style is not None else "", (False, False)
        )
        is_heading = is_heading or properties.find(f"{_W}outlineLvl") is not None
        is_list = is_list or properties.find(f"{_W}numPr") is not None
        return is_heading, is_list

    def table(self, table: Any, part: Any) -> str:
        rows: list[str] = []
        for row in table.iter(f"{_W}tr"):
            if row.getparent() is not table:
                continue  # rows of nested tables are read with their cell
            cells = [self.blocks(cell, part) for cell in row if _local(cell) == "tc"]
            lines = [[line for line in cell.split("\n") if line.strip()] for cell in cells]
            if all(len(cell) <= _MAX_ROW_CELL_LINES for cell in lines):
                rows.append("".join(CELL + " ".join(cell) for cell in lines if cell))
            else:
                rows.append("\n\n" + "\n\n".join(cells) + "\n\n")
        return "\n\n" + "\n".join(rows) + "\n\n"

    def page_margins(self, document: Any) -> tuple[str, str]:
        """Headers and footers, each distinct line once, without page numbers."""
        parts: dict[str, list[str]] = {"header": [], "footer": []}
        seen: set[str] = set()
        for section in document.sections:
            margins = (
                ("header", section.first_page_header),
                ("header", section.header),
                ("header", section.even_page_header),
                ("footer", section.first_page_footer),
                ("footer", section.footer),
                ("footer", section.even_page_footer),
            )
            for kind, margin in margins:
                if margin.is_linked_to_previous:
                    continue
                for line in self.blocks(margin._element, margin.part).split("\n"):
                    key = " ".join(line.split())
                    if key and key not in seen and not _PAGE_NUMBER.match(key):
                        seen.add(key)
                        parts[kind].append(line)
        return "\n".join(parts["header"]), "\n".join(parts["footer"])


def _chosen(alternate: Any) -> Any:
    """The content of mc:AlternateContent that a reader shows: its first choice."""
    choice = alternate.find(f"{_MC}Choice")
    return choice if choice is not None else (alternate.find(f"{_MC}Fallback") or [])


def _styles(document: Any) -> dict[str, tuple[bool, bool]]:
    styles: dict[str, tuple[bool, bool]] = {}
    for style in document.styles.element.findall(f"{_W}style"):
        style_id = style.get(f"{_W}styleId", "")
        name_element = style.find(f"{_W}name")
        name = (name_element.get(f"{_W}val", "") if name_element is not None else "").lower()
        properties = style.find(f"{_W}pPr")
        outline = properties is not None and properties.find(f"{_W}outlineLvl") is not None
        numbered = properties is not None and properties.find(f"{_W}numPr") is not None
        is_heading = name.startswith(_HEADING_STYLE_NAMES) or (outline and "toc" not in name)
        styles[style_id] = (is_heading, numbered or name.startswith(_LIST_STYLE_NAMES))
    return styles


def _metadata(document: Any) -> dict[str, Any]:
    properties = document.core_properties
    metadata: dict[str, Any] = {}
    for key, value in (("title", properties.title), ("author", properties.author)):
        if value and value.strip():
            metadata[key] = " ".join(value.split())
    return metadata
