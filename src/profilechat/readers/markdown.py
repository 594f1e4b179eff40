"""Markdown → marked text, rendered with markdown-it-py as a person reads the page.

Jekyll and Hugo pages mix in Liquid tags and kramdown attribute lists, which no renderer of
plain Markdown removes: they are taken out of the source first.
"""

from __future__ import annotations

import re
from typing import Any

from profilechat.readers.clean import (
    BULLET,
    CELL,
    HEADING,
    Extracted,
    badge_label,
    finish,
    unmark,
)
from profilechat.readers.html import html_marked

# Liquid: comment blocks with their content, then every other tag and output.
_LIQUID_COMMENT = re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.S)
_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
# kramdown: comment extensions with their content, then attribute lists and extensions
# ({: .class}, {:target="_blank"}, {::options …/}, {:toc}).
_KRAMDOWN_COMMENT = re.compile(r"\{::comment\}.*?\{:/comment\}", re.S)
_KRAMDOWN_ATTRIBUTES = re.compile(r"\{:[^}\n]*\}")
# The Markdown comment idiom: a line made a link definition that nothing uses, "[//]: # (…)".
_COMMENT_LINE = re.compile(r"^[ \t]{0,3}\[(?://|#|comment|_comment)\]:.*(?:\n|$)", re.M | re.I)
# Header attributes of kramdown and Pandoc at the end of a line: "## About {#about .wide}".
_TRAILING_ATTRIBUTES = re.compile(r"[ \t]*\{[#.][^{}\n]*\}[ \t]*$", re.M)
# kramdown's table-of-contents placeholder: a one-item list that `{:toc}` replaces.
_KRAMDOWN_TOC = re.compile(r"^[ \t]*[*+-][ \t]+[^\n]*\n(?=[ \t]*\{:[ \t]*\.?toc[ \t]*\})", re.M)
# Image alt text is read only when it is words, not a file name or a placeholder.
_WORDS = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+)+$")
_ALT_PLACEHOLDERS = frozenset({"image", "img", "photo", "picture", "logo", "icon", "avatar"})


def strip_site_markup(source: str) -> str:
    """Markdown source without Liquid tags, kramdown attribute lists and comment lines."""
    source = _LIQUID.sub("", _LIQUID_COMMENT.sub("", source))
    source = _KRAMDOWN_TOC.sub("", _KRAMDOWN_COMMENT.sub("", source))
    source = _COMMENT_LINE.sub("", source)
    return _TRAILING_ATTRIBUTES.sub("", _KRAMDOWN_ATTRIBUTES.sub("", source))


def read_markdown(source: str, metadata: dict[str, Any], *, keep_line_breaks: bool) -> Extracted:
    """Render `source` (front matter already removed).

    `keep_line_breaks`: a single line break inside a paragraph ends a line (a `.txt` file is
    read line by line) instead of being a space (a rendered Markdown page).
    """
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = renderer.parse(strip_site_markup(unmark(source)))
    links: list[str] = []
    marked = _blocks(tokens, links, "\n" if keep_line_breaks else " ")
    return finish(marked, links, metadata)


def _blocks(tokens: list[Any], links: list[str], soft_break: str) -> str:
    parts: list[str] = []
    in_heading = False
    item_starts: list[bool] = []  # per open list item: is its first paragraph still to come?
    row: list[str] | None = None
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            in_heading = True
        elif kind == "heading_close":
            in_heading = False
        elif kind == "list_item_open":
            item_starts.append(True)
        elif kind == "list_item_close":
            item_starts.pop()
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            parts.append("\n" + "".join(CELL + cell for cell in row))
            row = None
        elif kind == "inline":
            text = _inline(token.children or [], links, soft_break)
            if row is not None:
                row.append(" ".join(text.split()))
            elif in_heading:
                parts.append(f"\n\n{HEADING}{' '.join(text.split())}\n\n")
            elif item_starts and item_starts[-1]:
                item_starts[-1] = False
                parts.append("\n" + BULLET + text)
            else:
                parts.append("\n" + text)
        elif kind == "fence" or (kind == "code_block" and not _HTML_TAG.search(token.content)):
            parts.append("\n\n" + token.content + "\n\n")
        elif kind in ("html_block", "code_block"):  # indented HTML is HTML, not code
            html, html_links = html_marked(token.content)
            links.extend(html_links)
            parts.append("\n\n" + _inline_markdown(html, links) + "\n\n")
        elif kind in ("paragraph_close", "bullet_list_close", "ordered_list_close", "hr"):
            if not item_starts:
                parts.append("\n\n")
        elif kind in ("table_close", "blockquote_close"):
            parts.append("\n\n")
    return "".join(parts)


def _inline(children: list[Any], links: list[str], soft_break: str) -> str:
    parts: list[str] = []
    hidden_until = ""  # inside an inline <script> or <style>: the tag that ends it
    for child in children:
        kind = child.type
        if hidden_until:
            if kind == "html_inline" and child.content.lower().startswith(hidden_until):
                hidden_until = ""
        elif kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append(soft_break)
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "link_open":
            links.append(str(child.attrs.get("href", "")))
        elif kind == "image":
            label = badge_label(str(child.attrs.get("src", "")), child.content)
            parts.append(label or _alt_text(child.content))
        elif kind == "html_inline":
            hidden = _HIDDEN_INLINE.match(child.content)
            if hidden:
                hidden_until = f"</{hidden.group(1).lower()}"
            parts.append(_inline_html(child.content, links))
    return "".join(parts)


# Markdown left inside an HTML block (Jekyll renders it where the block says markdown="1").
_LEFT_LINK = re.compile(r"!?\[([^\]\n]*)\]\(([^()\s]+)\)")
_LEFT_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def _inline_markdown(text: str, links: list[str]) -> str:
    """Links and strong emphasis written in Markdown inside HTML, read as text."""

    def link_text(match: re.Match[str]) -> str:
        links.append(match.group(2))
        return "" if match.group(0).startswith("!") else match.group(1)

    return _LEFT_STRONG.sub(r"\2", _LEFT_LINK.sub(link_text, text))


def _alt_text(alt: str) -> str:
    alt = " ".join(alt.split())
    if _WORDS.match(alt) and alt.lower() not in _ALT_PLACEHOLDERS:
        return alt
    return ""


_HIDDEN_INLINE = re.compile(r"<(script|style)\b", re.I)  # their content is never shown
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?>")
_HREF = re.compile(r"""\bhref\s*=\s*["']?([^"'\s>]+)""", re.I)


_ATTRIBUTE_SRC = re.compile(r"\bsrc\s*=\s*[\"']([^\"']*)[\"']", re.I)
_ATTRIBUTE_ALT = re.compile(r"\balt\s*=\s*[\"']([^\"']*)[\"']", re.I)


def _inline_html(tag: str, links: list[str]) -> str:
    """An inline HTML tag reads as nothing, except a line break; `<a href>` gives a link."""
    if re.match(r"<br\b", tag, re.I):
        return "\n"
    if re.match(r"<img\b", tag, re.I):
        src, alt = _ATTRIBUTE_SRC.search(tag), _ATTRIBUTE_ALT.search(tag)
        return badge_label(src.group(1) if src else "", alt.group(1) if alt else "")
    href = _HREF.search(tag) if re.match(r"<a\b", tag, re.I) else None
    if href:
        links.append(href.group(1))
    return ""


# Marks of Markdown in a file that does not say it is Markdown (a .txt): headings, links,
# strong emphasis, autolinks, table rules, fenced code, site-generator tags.
_MARKDOWN_SIGNS = (
    re.compile(r"^#{1,6}[ \t]+\S", re.M),
    re.compile(r"\[[^\]\n]+\]\([^)\s]*\)"),
    re.compile(r"(\*\*|__)[^*_\n]+\1"),
    re.compile(r"<(?:https?://|mailto:)[^>\s]+>"),
    re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|", re.M),
    re.compile(r"^```", re.M),
    re.compile(r"\{%|\{:"),
)


def looks_like_markdown(text: str) -> bool:
    """Two different marks of Markdown, or one found three times."""
    counts = [len(sign.findall(text)) for sign in _MARKDOWN_SIGNS]
    return sum(1 for count in counts if count) >= 2 or max(counts) >= 3
