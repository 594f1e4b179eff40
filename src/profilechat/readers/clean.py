"""The one shape of clean text every reader hands on (see `Document` in types.py).

A reader writes "marked text": lines of text, blank lines between blocks, list items starting
with "• ", and heading lines starting with `HEADING`. `finish` turns that into the final text:
NFKC (ligatures, full-width forms), no control or private-use characters (icon fonts), one
space between words, at most one blank line in a row, and the heading offsets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

HEADING = "\x1e"  # starts a heading line in marked text; removed from input text first
CELL = "\x1d"  # starts a table cell in marked text: a row's cells are joined by CELL_SEPARATOR
# One CV entry (a job, a degree, a paper with its authors and venue) is at most about this long.
MAX_ENTRY_CHARS = 400
CELL_SEPARATOR = " · "
BULLET = "• "
BADGE = "\x1c"  # wraps a badge's label in marked text: badges side by side become a list
# Marks that start a list item when they stand alone in a first table cell.
_ITEM_MARKS = frozenset({"-", "–", "—", "•", "*", "·", "▪", "◦", "○", "●", "■", "□", "‣", "⁃"})

# Control characters, zero-width characters and lone surrogates (from broken UTF-16).
_CONTROL_CHARS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\ud800-\udfff\ufffe\uffff]"
)
# Icon fonts (Font Awesome and the like) draw their symbols from the private-use areas.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
# The icons CV templates put before a contact detail (Font Awesome 4/5 code points, as PDF
# text extraction gives them), read as the label they stand for: "\uf09b jdoe" is "GitHub: jdoe".
_CONTACT_ICONS = {
    "\uf0e0": "E-mail:",  # envelope
    "\uf003": "E-mail:",  # envelope-o
    "\uf095": "Phone:",
    "\uf10b": "Phone:",  # mobile
    "\uf3cd": "Phone:",  # mobile-alt
    "\uf09b": "GitHub:",
    "\uf092": "GitHub:",  # github-square
    "\uf113": "GitHub:",  # github-alt
    "\uf08c": "LinkedIn:",
    "\uf0e1": "LinkedIn:",  # linkedin-in
    "\uf099": "Twitter:",
    "\uf081": "Twitter:",  # twitter-square
    "\uf0ac": "Website:",  # globe
    "\uf0c1": "Website:",  # link
}
_CONTACT_ICON = re.compile(f"[{''.join(_CONTACT_ICONS)}]")
_SPACES = re.compile(r"[ \t\xa0\u2000-\u200a\u202f\u205f\u3000]+")
_LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:", "ftp://")


@dataclass(frozen=True)
class Extracted:
    """What a reader returns: clean text, heading offsets, link URLs and metadata."""

    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    headings: tuple[int, ...] = ()
    links: tuple[str, ...] = ()


def unmark(text: str) -> str:
    """Input text without the heading marker, so that only readers can make headings."""
    return text.replace(HEADING, "").replace(CELL, "").replace(BADGE, "")


def clean_line(line: str) -> str:
    """One line as a person reads it: NFKC, no invisible characters, single spaces."""
    line = unicodedata.normalize("NFKC", line)
    line = without_icons(_CONTROL_CHARS.sub("", line.replace("\t", " ")))
    return _SPACES.sub(" ", line).strip()


# Badge images (shields.io, badgen), technology icons (devicon, simple-icons, skillicons) that
# READMEs show in rows for skills and profile links: their label is what a reader sees.
_BADGE_SOURCE = re.compile(
    r"(?:img\.shields\.io|badgen\.net|badge\.fury\.io|forthebadge\.com)/|/badges?/"
    r"|devicon|simple-?icons|skillicons\.dev|techstack",
    re.I,
)
_SKILLICONS = re.compile(r"skillicons\.dev/icons\?(?:[^#]*&)?i=([\w,.+-]+)", re.I)
_BADGE_PATH = re.compile(r"/badge/([^?#]+)", re.I)
_ICON_FILE = re.compile(
    r"/([\w.+-]+?)(?:-(?:original|plain|line)(?:-wordmark)?)?(?:-icon)?\.(?:svg|png)\b", re.I
)
_BADGES_SIDE_BY_SIDE = re.compile(f"{BADGE}[ \\t]*{BADGE}")
# Alt texts that name no technology or site.
_BADGE_PLACEHOLDERS = frozenset({"", "badge", "image", "img", "icon", "logo", "shield"})
_MAX_BADGE_WORDS = 4


def badge_label(src: str, alt: str) -> str:
    """The label of a badge or technology icon, wrapped in BADGE marks; "" for another image.
    Its alt text, else what its address spells ("/badge/-Python-3776AB" is "Python"); the
    message after the label too ("/badge/Threads-@jdoe-222222" is "Threads @jdoe")."""
    if not _BADGE_SOURCE.search(src):
        return ""
    icons = _SKILLICONS.search(src)
    if icons:
        return "".join(f"{BADGE}{name}{BADGE}" for name in icons.group(1).split(",") if name)
    label = " ".join(alt.split())
    spelled = _label_in_address(src)  # "Threads @jdoe": a badge's label and its message
    if (
        label.casefold() in _BADGE_PLACEHOLDERS
        or len(label.split()) > _MAX_BADGE_WORDS
        or spelled.casefold().startswith(label.casefold())
    ):
        label = spelled
    return f"{BADGE}{label}{BADGE}" if label else ""


def _label_in_address(src: str) -> str:
    from urllib.parse import unquote

    path = _BADGE_PATH.search(src)
    if path:  # shields.io: "label-message-color", "--" a dash, "_" a space
        parts = re.split(r"(?<!-)-(?!-)", unquote(path.group(1)))
        named = [p for p in parts[:-1] if p.strip()] or parts[:1]  # the last is the colour
        return (
            " ".join(named[:2])
            .replace("--", "-")
            .replace("__", "\0")
            .replace("_", " ")
            .replace("\0", "_")
            .strip()
        )
    icon = _ICON_FILE.search(src)
    return icon.group(1) if icon else ""


def without_icons(text: str) -> str:
    """Text without icon-font glyphs; a contact detail's icon is read as its label."""
    return _PRIVATE_USE.sub(
        "", _CONTACT_ICON.sub(lambda m: f" {_CONTACT_ICONS[m.group(0)]} ", text)
    )


def finish(
    marked: str, links: Iterable[str] = (), metadata: dict[str, Any] | None = None
) -> Extracted:
    """Turn marked text into an `Extracted`: clean lines, headings by offset, unique links."""
    lines: list[str] = []
    headings: list[int] = []
    offset = 0
    blank_pending = False
    # A heading marker or bullet alone on its line (e.g. <li><p>…</p></li>) goes to the next line.
    carried_heading = carried_bullet = False
    for raw in marked.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        raw = _BADGES_SIDE_BY_SIDE.sub(CELL_SEPARATOR, raw).replace(BADGE, " ")
        is_heading = carried_heading or raw.lstrip(" \t").startswith(HEADING)
        line = _join_cells(raw) if CELL in raw else clean_line(raw)
        if line in ("", "•"):
            carried_heading = is_heading
            carried_bullet = carried_bullet or line == "•"
            blank_pending = blank_pending or (bool(lines) and not carried_bullet)
            continue
        if line.startswith("•"):
            line = line[1:].lstrip()
            carried_bullet = True
        if carried_bullet and not is_heading:
            line = BULLET + line
        if blank_pending:
            lines.append("")
            offset += 1
        if is_heading:
            headings.append(offset)
        lines.append(line)
        offset += len(line) + 1
        blank_pending = carried_heading = carried_bullet = False
    return Extracted(
        text="\n".join(lines),
        metadata=metadata or {},
        headings=tuple(headings),
        links=unique_links(links),
    )


def _join_cells(raw: str) -> str:
    """A row's cells joined; cells without a letter or digit are dropped, except that a
    first cell that is a dash or bullet makes the row a list item ("\\cvline{-}{…}")."""
    cells = [clean_line(cell) for cell in raw.split(CELL)]
    cells = [cell for cell in cells if cell]
    if not cells:
        return ""
    bullet = cells[0] in _ITEM_MARKS and len(cells) > 1
    kept = CELL_SEPARATOR.join(cell for cell in cells if _has_word(cell))
    return BULLET + kept if bullet and kept else kept


def _has_word(text: str) -> bool:
    return any(char.isalnum() for char in text)


def unique_links(urls: Iterable[str]) -> tuple[str, ...]:
    """Absolute link targets (web, e-mail, phone), in order, each once."""
    seen: dict[str, None] = {}
    for url in urls:
        url = url.strip()
        if url.lower().startswith(_LINK_SCHEMES) or url.lower().startswith("www."):
            seen.setdefault(url, None)
    return tuple(seen)
