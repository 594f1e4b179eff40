"""HTML → marked text: the page's main content, headings, list items, table rows, links."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from profilechat.readers.clean import (
    CELL,
    HEADING,
    MAX_ENTRY_CHARS,
    Extracted,
    badge_label,
    finish,
    unmark,
)

# Elements that are never read: code, chrome, menus and controls.
_DROP = ("script", "style", "noscript", "template", "nav", "svg", "iframe", "form")
_DROP_ALSO = ("button", "object", "embed", "canvas", "head", "select", "math")
_BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "address"}
    | {"ul", "ol", "dl", "table", "blockquote", "pre", "center"}
    | {"figure", "figcaption", "hr", "fieldset", "details", "summary"}
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LINE_TAGS = frozenset({"tr", "dt", "dd", "caption"})
_CELL_TAGS = frozenset({"td", "th"})
# Elements that frameworks use for a card: a heading, then one short block per detail.
_CARD_TAGS = frozenset({"div", "li", "article", "section"})
# How deep in a card its heading may sit: card > header row > column > heading.
_CARD_HEADING_DEPTH = 3


def read_html(markup: str) -> Extracted:
    """A whole page: main content, `<title>` and author meta as metadata."""
    soup = _parse(markup)
    metadata = _metadata(soup)
    _drop_unread(soup)
    marked, links = soup_marked(soup)
    return finish(marked, links, metadata)


def html_marked(markup: str) -> tuple[str, list[str]]:
    """A fragment (e.g. an HTML block inside Markdown) as marked text and its link URLs."""
    soup = _parse(markup)
    _drop_unread(soup)
    return soup_marked(soup)


def _parse(markup: str) -> Any:
    from bs4 import BeautifulSoup

    return BeautifulSoup(unmark(markup), "html.parser")


def _drop_unread(soup: Any) -> None:
    dropped = [*soup.find_all([*_DROP, *_DROP_ALSO]), *soup.find_all(attrs={"role": "navigation"})]
    for tag in dropped:
        if not tag.decomposed:  # may sit inside an element dropped before it
            tag.decompose()


def _metadata(soup: Any) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    title = soup.find("title")
    if title is not None and title.get_text(strip=True):
        metadata["title"] = " ".join(title.get_text().split())
    for meta in soup.find_all("meta"):
        name = str(meta.get("name", "")).strip().lower()
        content = " ".join(str(meta.get("content", "")).split())
        if name == "author" and content:
            metadata["author"] = content
    return metadata


def soup_marked(soup: Any) -> tuple[str, list[str]]:
    """Marked text of a parsed page, with block elements on their own lines.

    Walks the tree with an explicit stack (deeply nested pages would overflow recursion) and
    collapses HTML whitespace inside text, except in <pre>.
    """
    from bs4 import NavigableString, Tag
    from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

    skipped_strings = (Comment, Declaration, Doctype, ProcessingInstruction)
    parts: list[str] = []
    links: list[str] = []
    stack: list[tuple[Iterator[Any], str, bool]] = [(iter(soup.children), "", False)]
    while stack:
        children, closer, in_pre = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            parts.append(closer)
        elif isinstance(child, skipped_strings):
            continue
        elif isinstance(child, NavigableString):
            parts.append(str(child) if in_pre else re.sub(r"\s+", " ", str(child)))
        elif isinstance(child, Tag):
            if child.name == "br":
                parts.append("\n")
                continue
            if child.name == "img":
                parts.append(badge_label(str(child.get("src", "")), str(child.get("alt", ""))))
                continue
            if child.name == "a" and child.get("href"):
                links.append(str(child["href"]))
            if _is_card(child):
                text, card_links = soup_marked(child)
                parts.append(f"\n\n{_one_entry(text)}\n\n")
                links += card_links
                continue
            opener, closer_of_child = _separators(child.name)
            parts.append(opener)
            stack.append((iter(child.children), closer_of_child, in_pre or child.name == "pre"))
    return "".join(parts), links


def _separators(tag_name: str) -> tuple[str, str]:
    """What a tag opens and closes with in marked text."""
    if tag_name in _HEADING_TAGS:
        return f"\n\n{HEADING}", "\n\n"
    if tag_name in _BLOCK_TAGS:
        return "\n\n", "\n\n"
    if tag_name == "li":
        return "\n• ", ""
    if tag_name in _LINE_TAGS:
        return "\n", ""
    if tag_name in _CELL_TAGS:
        return CELL, ""
    return "", ""


def _is_card(tag: Any) -> bool:
    """A short element that starts with a heading, has siblings built the same way and sits
    under a higher heading: one entry of a list shown as cards (a degree, a job), not a section
    of the page."""
    heading = _leading_heading(tag) if tag.name in _CARD_TAGS else None
    if heading is None:
        return False
    if len(tag.get_text(" ", strip=True)) > MAX_ENTRY_CHARS:
        return False
    cards = list(_same_built_siblings(tag))
    if len(cards) < 2:
        return False
    # The list sits in a section: a heading of a higher level comes before its first card.
    section = cards[0].find_previous(list(_HEADING_TAGS))
    return section is not None and section.name < heading.name


def _same_built_siblings(tag: Any) -> Iterator[Any]:
    """Elements beside `tag` (itself included) of its kind and class, led by the same heading."""
    heading = _leading_heading(tag)
    classes = tag.get("class")
    for sibling in tag.parent.find_all(tag.name, recursive=False):
        lead = _leading_heading(sibling)
        if sibling.get("class") == classes and lead is not None and lead.name == heading.name:
            yield sibling


def _leading_heading(tag: Any) -> Any:
    """The heading `tag` starts with: its first content, or the first content of that, a few
    wrappers deep at most (a card's header row holds the heading beside the dates). Only the
    first path down is followed, so deeply nested pages stay linear to read."""
    from bs4 import NavigableString

    node = tag
    for _ in range(_CARD_HEADING_DEPTH):
        first = next((c for c in node.children if _has_content(c)), None)
        if first is None or isinstance(first, NavigableString):
            return None
        if first.name in _HEADING_TAGS:
            return first
        node = first
    return None


def _has_content(node: Any) -> bool:
    """Text that is not blank, or an element with something in it (not an empty icon)."""
    from bs4 import NavigableString

    return bool(node.strip()) if isinstance(node, NavigableString) else bool(node.contents)


def _one_entry(marked: str) -> str:
    """A card's marked text as one entry: its lines, no heading mark, no blank lines."""
    lines = (line.strip() for line in marked.replace(HEADING, "").splitlines())
    return "\n".join(line for line in lines if line)
