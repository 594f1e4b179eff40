"""Stage "load": turn one profile file (txt, md, tex, pdf, html, docx) into a `Document`.

The readers in `profilechat.readers` turn each format into the same clean text (see the
`Document` docstring); this module picks the reader, by suffix and, for text files, by
content (a `.txt` may hold Markdown or LaTeX), and keeps the limits on hostile files.

Every problem with a file becomes a `DocumentError` with a short reason, so one bad file
never stops the indexing of the others.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import io
import logging
import os
import re
import stat as statmodule
import time
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from profilechat.config import Config
from profilechat.errors import DocumentError
from profilechat.limits import LimitExceeded, ParserFailed, run_limited
from profilechat.readers.clean import Extracted, unique_links, without_icons
from profilechat.readers.html import read_html
from profilechat.readers.latex import looks_like_latex, read_latex, warm_up
from profilechat.readers.markdown import looks_like_markdown, read_markdown
from profilechat.types import Document

SUPPORTED_SUFFIXES = {".txt", ".md", ".markdown", ".tex", ".pdf", ".html", ".htm", ".docx"}

# Control characters except \t and \n (\r is turned into \n before this runs).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_BYTES = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}) | {0x7F}
# Above this share of control bytes a file is binary junk, not text in some 8-bit encoding.
_MAX_CONTROL_RATIO = 0.05

# URLs written out in plain text, for Document.links.
_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]{}\"']+[^\s<>()\[\]{}\"'.,;:!?]")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)

# Front matter with more values than this (e.g. YAML alias "billion laughs") is ignored.
_MAX_FRONT_MATTER_VALUES = 10_000

_DOCX_MAX_RATIO = 200
# The ratio rule only applies to members that inflate to more than this: small members
# (empty styles, a few KB of repeated XML) can compress very well and are harmless.
_DOCX_RATIO_MIN_BYTES = 1024 * 1024


log = logging.getLogger(__name__)


class _LoadFailure(Exception):
    """Raised inside the format readers; `load_document` turns it into a DocumentError."""


# --------------------------------------------------------------------------- public API


def load_document(path: Path, root: Path, config: Config) -> Document:
    """Read `path` and return its text as a Document (person not filled in yet).

    Raises DocumentError, and only DocumentError, when the file cannot be used.
    """
    source = _source_name(path, root)
    suffix = path.suffix.lower()
    try:
        if suffix not in SUPPORTED_SUFFIXES:
            raise _LoadFailure(f"unsupported file type {suffix or '(no extension)'}")
        data = _read_bytes(path, config.max_file_bytes)
        extracted = _READERS[suffix](data, config)
    except _LoadFailure as failure:
        raise DocumentError(source, str(failure)) from None
    except Exception as error:  # a parser bug must not stop the other files
        log.debug("unexpected error while loading %s", source, exc_info=True)
        reason = f"{suffix.lstrip('.').upper()} could not be read ({type(error).__name__})"
        raise DocumentError(source, reason) from None
    if not extracted.text.strip():
        raise DocumentError(source, "no extractable text")
    return Document(
        source=source,
        text=extracted.text,
        content_hash=hashlib.sha256(data).hexdigest(),
        metadata=extracted.metadata,
        headings=extracted.headings,
        links=extracted.links,
    )


@dataclass
class CorpusListing:
    """The files of a corpus folder: indexable, of another type, and refused with a reason
    (a name that is not UTF-8, a link that leaves the corpus or loops). Each list by path."""

    supported: list[Path] = field(default_factory=list)
    unsupported: list[Path] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (printable name, reason)


@dataclass(frozen=True)
class CorpusFile:
    """One file found by scan_corpus: its name relative to the corpus (with "/"), its path, and
    its size and mtime from the one stat the scan took."""

    source: str
    path: str
    size: int
    mtime_ns: int
    supported: bool  # of a type load_document reads


def _corpus_file(source: str, path: str, size: int, mtime_ns: int) -> CorpusFile:
    supported = os.path.splitext(source)[1].lower() in SUPPORTED_SUFFIXES
    return CorpusFile(source, path, size, mtime_ns, supported)


@dataclass
class CorpusScan:
    """Every visible file of a corpus, sorted as list_corpus sorts them, with its stat; the
    refused ones with a reason; and the time (ns) taken just before the first stat."""

    files: list[CorpusFile] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    taken_ns: int = 0


def scan_corpus(root: Path) -> CorpusScan:
    """All files under `root` as list_corpus finds them, each stat()ed once (os.scandir: file
    types come with the listing, so a plain file costs that one stat and no Path object)."""
    scan = CorpusScan(taken_ns=time.time_ns())  # before any stat: see manifest.RACY_NS
    _scan_folder(root, str(root), "", root.resolve(), scan)
    scan.files.sort(key=lambda f: tuple(f.source.split("/")))
    scan.refused.sort()
    return scan


def _scan_folder(root: Path, folder: str, prefix: str, real_root: Path, scan: CorpusScan) -> None:
    """Scan one folder as os.walk (links to folders are not entered) and the old listing did."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return  # as os.walk does: a folder that cannot be listed is left out
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            link = entry.is_symlink()
            problem = _name_problem(entry.name) or (
                link and _link_problem(Path(entry.path), real_root)
            )
            if problem:
                scan.refused.append((printable_name(Path(entry.path), root), problem))
            elif entry.is_dir():
                if not link:
                    _scan_folder(root, entry.path, f"{prefix}{entry.name}/", real_root, scan)
            elif entry.is_file():
                stat = entry.stat()
                scan.files.append(
                    _corpus_file(prefix + entry.name, entry.path, stat.st_size, stat.st_mtime_ns)
                )
        except OSError:
            continue  # gone since it was listed


def scan_named(root: Path, sources: list[str]) -> CorpusScan:
    """The files named by `sources` (relative to `root`, with "/") that scan_corpus would find,
    each stat()ed once, and those it would refuse; names of files that are not there (or that
    the scan would not enter: hidden, or under a link to a folder) are left out."""
    scan = CorpusScan(taken_ns=time.time_ns())  # before any stat: see manifest.RACY_NS
    real_root = root.resolve()
    for source in sources:
        parts = source.split("/")
        if any(not part or part.startswith(".") or part == ".." for part in parts):
            continue
        path = root.joinpath(*parts)
        try:
            if any(root.joinpath(*parts[:depth]).is_symlink() for depth in range(1, len(parts))):
                continue
            problem = next((p for part in parts if (p := _name_problem(part))), "")
            if not problem and path.is_symlink():
                problem = _link_problem(path, real_root)
            if problem:
                scan.refused.append((printable_name(path, root), problem))
                continue
            stat = path.stat()
        except OSError:
            continue  # not there (any more)
        if statmodule.S_ISREG(stat.st_mode):
            scan.files.append(_corpus_file(source, str(path), stat.st_size, stat.st_mtime_ns))
    scan.files.sort(key=lambda f: tuple(f.source.split("/")))
    scan.refused.sort()
    return scan


def list_corpus(root: Path) -> CorpusListing:
    """All files under `root` (recursively, hidden files and folders skipped, links followed
    only while they stay inside `root`), split into supported, unsupported and refused."""
    scan = scan_corpus(root)
    listing = CorpusListing(refused=scan.refused)
    for file in scan.files:
        (listing.supported if file.supported else listing.unsupported).append(Path(file.path))
    return listing


def iter_corpus(root: Path) -> tuple[list[Path], list[Path]]:
    """All files under `root` (see `list_corpus`), split into (supported, unsupported), each
    sorted by path; refused files are in neither."""
    listing = list_corpus(root)
    return listing.supported, listing.unsupported


def normalise_text(text: str) -> str:
    """Unix newlines, no control characters, no trailing spaces, no leading or trailing
    blank lines. Blank lines inside the text are kept: they separate sections."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARS.sub("", text).replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


# --------------------------------------------------------------------------- files


def _source_name(path: Path, root: Path) -> str:
    for base, target in ((root, path), (root.resolve(), path.resolve())):
        try:
            return target.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.name


def _name_problem(name: str) -> str:
    """Why a file name cannot be used ("" when it can): names are stored and shown as text."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "the file name is not valid UTF-8; rename the file to use it"
    return ""


def _link_problem(path: Path, real_root: Path) -> str:
    """Why a symbolic link is not followed ("" when it stays inside the corpus)."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:
        return "the symbolic link loops back on itself"
    except FileNotFoundError:
        return "the symbolic link points to nothing"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "the symbolic link loops back on itself"
        return f"the symbolic link cannot be followed ({error.strerror or error})"
    if not target.is_relative_to(real_root):
        return "the symbolic link points outside the corpus folder; copy the file in instead"
    return ""


def printable_name(path: Path, root: Path) -> str:
    """`path` relative to `root`, with bytes that are not UTF-8 shown as U+FFFD."""
    relative = os.path.relpath(path, root)
    raw = os.fsencode(relative).decode("utf-8", "replace")
    return raw.replace(os.sep, "/")


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            raise _LoadFailure(f"file is larger than the {_human_size(max_bytes)} limit")
        if size == 0:
            raise _LoadFailure("empty file")
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise _LoadFailure(f"file could not be opened ({error.strerror or error})") from None
    if len(data) > max_bytes:  # the file grew after stat
        raise _LoadFailure(f"file is larger than the {_human_size(max_bytes)} limit")
    if not data.strip():
        raise _LoadFailure("empty file")
    return data


def _human_size(n_bytes: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n_bytes >= factor:
            return f"{n_bytes / factor:.3g} {unit}"
    return f"{n_bytes} bytes"


class _TooManyValues(Exception):
    pass


def _json_safe(value: Any, budget: list[int]) -> Any:
    """YAML front matter can hold dates and other objects; the index stores metadata as
    JSON, so everything that is not a plain JSON value becomes a string. `budget` counts
    down the values copied, because YAML aliases can make a tiny file expand enormously."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooManyValues
    if isinstance(value, dict):
        return {str(k): _json_safe(v, budget) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_json_safe(v, budget) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------- text


def decode_text(data: bytes) -> str:
    """Decode the bytes of a text file: UTF-8 (BOM or not), UTF-16 with a BOM, else
    Windows-1252 / Latin-1. Raises _LoadFailure for binary content."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _LoadFailure("not a text file (binary content)") from None
    if _looks_binary(data):
        raise _LoadFailure("not a text file (binary content)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return data.decode("latin-1")


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    control = sum(1 for byte in data if byte in _CONTROL_BYTES)
    return control / len(data) > _MAX_CONTROL_RATIO


def _decoded(data: bytes) -> str:
    text = decode_text(data)
    if not text.strip():
        raise _LoadFailure("empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_text(data: bytes, config: Config) -> Extracted:
    """Plain text as it is (NFKC, tidy lines), unless it holds LaTeX or Markdown."""
    text = _decoded(data)
    if looks_like_latex(text):
        return _latex(text, config)
    if looks_like_markdown(text):
        return read_markdown(text, {}, keep_line_breaks=True)
    return _plain(text)


def _plain(text: str) -> Extracted:
    lines = (unicodedata.normalize("NFKC", line) for line in normalise_text(text).split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(without_icons(line) for line in lines))
    return Extracted(text=text.strip("\n"), links=unique_links(_BARE_URL.findall(text)))


def _read_markdown(data: bytes, config: Config) -> Extracted:
    body, metadata = split_front_matter(_decoded(data))
    if looks_like_latex(body):
        extracted = _latex(body, config)
        return Extracted(extracted.text, metadata, extracted.headings, extracted.links)
    return read_markdown(_with_lead(body, metadata), metadata, keep_line_breaks=False)


# Front-matter keys whose value a static-site page shows under its title as the page's lead
# (Jekyll and Hugo themes: "subtitle: PhD candidate at …", "description: I'm a …").
_LEAD_KEYS = ("subtitle", "description")
# A lead says something in a few words; a shorter value is a pronunciation or a label.
_MIN_LEAD_WORDS = 3


def _with_lead(body: str, metadata: dict[str, Any]) -> str:
    """The body with the page's lead from its front matter as its first paragraph, after the
    page's first heading when it opens with one (its title, shown over the lead): the page
    shows it, and it often is the line saying who someone is."""
    lead = next(
        (
            " ".join(value.split())
            for value in (metadata.get(key) for key in _LEAD_KEYS)
            if isinstance(value, str) and len(value.split()) >= _MIN_LEAD_WORDS
        ),
        "",
    )
    if not lead:
        return body
    opening = _OPENING_HEADING.match(body)
    cut = opening.end() if opening else 0
    return f"{body[:cut]}\n{lead}\n\n{body[cut:].lstrip(chr(10))}"


# A Markdown body's first line when it is a heading ("# Jane Doe").
_OPENING_HEADING = re.compile(r"\A\s*#{1,6}[ \t][^\n]*\n")


def _read_latex(data: bytes, config: Config) -> Extracted:
    return _latex(_decoded(data), config)


def _latex(text: str, config: Config) -> Extracted:
    """LaTeX is parsed in the limited child process: macro expansion and pylatexenc can be
    driven into long runs by a hostile file, like the PDF and DOCX parsers."""
    return _parse_limited(_latex_in_child, text.encode("utf-8", "surrogatepass"), config, "LaTeX")


def _latex_in_child(data: bytes, _max_pages: int) -> Extracted:
    try:
        return read_latex(data.decode("utf-8", "surrogatepass"))
    except RecursionError:  # braces nested deeper than the parser recurses
        raise _LoadFailure("LaTeX could not be read") from None


def split_front_matter(text: str) -> tuple[str, dict[str, Any]]:
    """Remove a YAML front matter block from the top of `text` and return it parsed.

    Anything that does not parse to a mapping is not treated as front matter."""
    import yaml

    match = _FRONT_MATTER.match(text)
    if not match:
        return text, {}
    try:
        parsed = yaml.safe_load(match.group(1))
        if not isinstance(parsed, dict):
            return text, {}
        metadata = _json_safe(parsed, [_MAX_FRONT_MATTER_VALUES])
    except (yaml.YAMLError, _TooManyValues, RecursionError):
        return text, {}
    return text[match.end() :], metadata


# --------------------------------------------------------------------------- html


def _read_html(data: bytes, config: Config) -> Extracted:
    try:
        return read_html(decode_text(data))
    except (RecursionError, ValueError, AssertionError):
        raise _LoadFailure("HTML could not be read") from None


# --------------------------------------------------------------------------- pdf


def _read_pdf(data: bytes, config: Config) -> Extracted:
    extracted = _parse_limited(_pdf_in_child, data, config, "PDF")
    pages_read = extracted.metadata.get("pages", 0) - extracted.metadata.get("truncated_pages", 0)
    if pages_read and extracted.metadata.get("unreadable_pages") == pages_read:
        raise _LoadFailure("PDF could not be read")
    return extracted


def _pdf_in_child(data: bytes, max_pages: int) -> Extracted:
    from profilechat.readers.pdf import EncryptedPdf, read_pdf

    try:
        return read_pdf(data, max_pages)
    except EncryptedPdf:
        raise _LoadFailure("PDF is encrypted") from None
    except Exception:  # PDFium raises on damaged files
        raise _LoadFailure("PDF could not be read") from None


def _import_parsers() -> None:
    """Import the parsers in this process, before any fork (see limits.py)."""
    import docx  # noqa: F401
    import pypdfium2  # noqa: F401

    import profilechat.readers.pdf
    import profilechat.readers.word  # noqa: F401

    warm_up()


def _parse_limited(
    parser: Callable[[bytes, int], Extracted],
    data: bytes,
    config: Config,
    kind: str,
) -> Extracted:
    """Run `parser` in a child process bounded by the configured time and memory."""
    _import_parsers()
    try:
        return run_limited(
            parser, (data, config.max_pdf_pages), config.parse_seconds, config.parse_memory_mb
        )
    except LimitExceeded as error:
        raise _LoadFailure(f"{kind} {error}") from None
    except ParserFailed as error:
        kind_name, message = error.args
        if kind_name == "_LoadFailure":
            raise _LoadFailure(message) from None
        raise _LoadFailure(f"{kind} could not be read ({kind_name})") from None


# --------------------------------------------------------------------------- docx


def _read_docx(data: bytes, config: Config) -> Extracted:
    _check_docx_zip(data, config.max_file_bytes)
    return _parse_limited(_docx_in_child, data, config, "DOCX")


def _docx_in_child(data: bytes, _max_pages: int) -> Extracted:
    from profilechat.readers.word import read_docx

    try:
        return read_docx(data)
    except Exception:  # python-docx / lxml errors on damaged packages
        raise _LoadFailure("DOCX could not be read") from None


def _check_docx_zip(data: bytes, max_file_bytes: int) -> None:
    """Refuse zip bombs before python-docx inflates anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise _LoadFailure("DOCX could not be read (not a valid zip file)") from None
    if sum(member.file_size for member in members) > 50 * max_file_bytes:
        raise _LoadFailure("DOCX looks like a decompression bomb")
    for member in members:
        if member.file_size > _DOCX_RATIO_MIN_BYTES and (
            member.file_size > _DOCX_MAX_RATIO * max(member.compress_size, 1)
        ):
            raise _LoadFailure("DOCX looks like a decompression bomb")
    if "word/document.xml" not in {member.filename for member in members}:
        raise _LoadFailure("DOCX could not be read (no word/document.xml)")


_READERS: dict[str, Callable[[bytes, Config], Extracted]] = {
    ".txt": _read_text,
    ".tex": _read_latex,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
}
