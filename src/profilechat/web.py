"""Stage "interfaces/web": the Gradio app — a cited chat and document management.

    profilechat serve            (or: python app.py)

Tabs:
  Chat       a conversation with streamed answers, their sources beside them (an answer's [n]
             leads to its card), a person filter (a person the question names wins over it; a
             note under the answer says which applied), example questions made from the people
             indexed.
  People     one card per person from the profile facts, searchable; "Ask about" opens the chat.
  Documents  what is indexed, by person, title and file; upload, delete (into corpus/.trash/),
             restore, empty the trash and rebuild.

Named API endpoints (gradio_client): /ask, /documents, /upload, /delete, /restore, /rebuild. UI
events are private so they do not clutter the API.

Before each answer the app checks manifest.json's modification time (one stat) and, when it
changed and names another generation, switches to the index on disk: `profilechat index` or
`add` run beside the server are seen without a restart.

Everything taken from documents or typed by users is displayed as text: HTML-escaped, with
Markdown and LaTeX rendering switched off in the chat.

Management is open when the app listens on localhost only. Bound to another address it needs
PROFILECHAT_ADMIN_PASSWORD (and PROFILECHAT_ADMIN_USER, default "admin"); without a password it
is switched off. Each management handler checks the credentials itself, because hidden
endpoints can still be called directly.
"""

from __future__ import annotations

import hmac
import html
import logging
import math
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError
from starlette.middleware import Middleware

from .answer import ExtractiveAnswerer
from .config import Config
from .document_view import document_rows, document_titles
from .documents import DocumentManager, Outcome, Progress
from .embedding import Embedder, load_embedder
from .errors import (
    IndexBuildingError,
    IndexMismatchError,
    IndexMissingError,
    ManagementError,
    ProfileChatError,
)
from .generate import GenerativeAnswerer
from .gradio_loader import gradio as gr
from .indexing import update_index
from .manifest import MANIFEST, read_manifest
from .people_view import (
    EXAMPLE_TEMPLATES,
    GENERAL_PLACEHOLDER,
    example_questions,
    person_cards,
    question_placeholder,
    suggested_question,
)
from .session import ProfileChat, clean_question
from .types import Answer, Source

log = logging.getLogger(__name__)

EVERYONE = "Everyone"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
DEFAULT_ADMIN = "admin"
UPLOAD_TYPES = [".txt", ".md", ".markdown", ".pdf", ".html", ".htm", ".docx"]
QUEUE_SIZE = 64
CHAT_CONCURRENCY = 4
# Management events running at once. The document manager's lock keeps changes of the corpus
# one at a time; an upload embeds before taking it, so a delete can run beside a long upload.
MANAGE_CONCURRENCY = 4
STREAM_WORDS = 3
STREAM_PAUSE = 0.02
CONVERSATION_KEY = "profilechat-conversation"
CACHE_LIFETIME = (3600, 3600)  # delete uploaded temp files older than 1 h, checked hourly

# A chat message: role and content; an answer's also carries "people" (Answer.message()). The
# Chatbot's own message metadata only holds the fields of a "thought" (title, log, status, ...),
# so the conversation with its people is kept beside the display, in the browser's local storage
# (gr.BrowserState, encrypted with a key made at each start): a reloaded page shows it again.
Message = dict[str, Any]

CSS = """
#sources .pc-empty { color: var(--body-text-color-subdued); }
#sources .pc-source { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 8px 10px; margin-bottom: 8px; }
#sources .pc-meta { font-size: 0.85em; color: var(--body-text-color-subdued); }
#sources .pc-num { font-weight: 700; color: var(--color-accent); margin-right: 4px; }
#sources .pc-text { white-space: pre-wrap; margin-top: 4px; font-size: 0.92em; }
#sources mark { background: var(--color-accent-soft); color: inherit; border-radius: 2px; }
#sources .pc-score { font-size: 0.8em; color: var(--body-text-color-subdued); margin-top: 4px; }
#sources .pc-file { font-size: 0.9em; }
#sources .pc-source.pc-target { outline: 2px solid var(--color-accent); outline-offset: 1px;
  animation: pc-flash 2.5s ease-out; }
@keyframes pc-flash { from { box-shadow: 0 0 0 8px var(--color-accent-soft); }
  to { box-shadow: 0 0 0 0 transparent; } }
#chatbot a.pc-cite { color: var(--color-accent); font-weight: 600; text-decoration: none; }
#chatbot a.pc-cite:hover { text-decoration: underline; }
#chatbot .pc-cites { display: block; font-size: 0.85em; color: var(--body-text-color-subdued); }
#sources .pc-mode { font-size: 0.85em; color: var(--body-text-color-subdued); margin: 0 0 6px; }
#documents-table { max-width: 100%; overflow: hidden; }
#documents-table .pc-scroll { max-width: 100%; overflow-x: auto; }
#documents-table table { width: 100%; min-width: 34em; border-collapse: collapse; }
#documents-table td { overflow-wrap: anywhere; }
#documents-table th, #documents-table td { text-align: left; padding: 4px 8px;
  border-bottom: 1px solid var(--border-color-primary); }
#documents-table .pc-index { margin-bottom: 8px; }
#filter-note { font-size: 0.85em; color: var(--body-text-color-subdued); min-height: 1.2em; }
#index-status { font-size: 0.9em; color: var(--body-text-color-subdued); }
.pc-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px; }
.pc-card .pc-name { font-weight: 700; font-size: 1.05em; }
.pc-card .pc-headline { margin: 2px 0 6px; }
.pc-card .pc-label { font-weight: 600; color: var(--body-text-color-subdued); }
.pc-card .pc-fix { margin-top: 6px; color: var(--color-accent); }
"""


# The page's script (launch's `js`, run once when the page loads). Clicking an answer's [n]
# scrolls its card in the Sources panel into view and marks it until the next [n] is clicked.
# The Chatbot's copy button copies a message's content, which here is escaped HTML; the copy
# made by a click in the conversation is turned back into the text a reader sees (line breaks
# kept, entities decoded; DOMParser's documents run no scripts and load nothing).
PAGE_JS = """
() => {
  const inChat = (target) => target instanceof Element && target.closest('#chatbot');
  document.addEventListener('click', (event) => {
    const cite = inChat(event.target) && event.target.closest('a.pc-cite');
    if (!cite) return;
    event.preventDefault();
    const card = document.getElementById((cite.getAttribute('href') || '').slice(1));
    if (!card || !card.closest('#sources')) return;
    document.querySelectorAll('#sources .pc-target').forEach((c) => c.classList.remove('pc-target'));
    void card.offsetWidth;
    card.classList.add('pc-target');
    card.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, true);
  let copiedFromChat = 0;
  document.addEventListener('click', (event) => {
    copiedFromChat = inChat(event.target) ? Date.now() : 0;
  }, true);
  const asText = (markup) => {
    const page = new DOMParser().parseFromString(markup, 'text/html');
    page.querySelectorAll('br').forEach((br) => br.replaceWith('\\n'));
    return page.body.textContent;
  };
  const clipboard = navigator.clipboard;
  if (clipboard && clipboard.writeText) {
    const write = clipboard.writeText.bind(clipboard);
    clipboard.writeText = (text) =>
      write(Date.now() - copiedFromChat < 2000 && typeof text === 'string' ? asText(text) : text);
  }
}
"""


# --------------------------------------------------------------------------- access


@dataclass(frozen=True)
class Access:
    """Who may manage documents."""

    enabled: bool
    needs_password: bool
    user: str = ""
    password: str = ""
    notice: str = ""

    def check(self, user: str | None, password: str | None) -> None:
        if not self.enabled:
            raise ManagementError(self.notice)
        if not self.needs_password:
            return
        user_ok = hmac.compare_digest(_utf8(user or DEFAULT_ADMIN), _utf8(self.user))
        password_ok = hmac.compare_digest(_utf8(password), _utf8(self.password))
        if not (user_ok and password_ok):
            raise ManagementError("Refused: the admin user name or password is wrong.")


def access_for(config: Config) -> Access:
    """Open on localhost; elsewhere only with PROFILECHAT_ADMIN_PASSWORD set."""
    if config.host.strip().lower().strip("[]") in LOCAL_HOSTS:
        return Access(enabled=True, needs_password=False)
    password = os.environ.get("PROFILECHAT_ADMIN_PASSWORD", "")
    if not password:
        return Access(
            enabled=False,
            needs_password=True,
            notice=(
                f"Document management is switched off because the app listens on {config.host}; "
                "set PROFILECHAT_ADMIN_PASSWORD to switch it on."
            ),
        )
    user = os.environ.get("PROFILECHAT_ADMIN_USER", "") or DEFAULT_ADMIN
    return Access(enabled=True, needs_password=True, user=user, password=password)


class LoopbackOnly:
    """ASGI middleware for the open (no password) mode: refuses every request whose Host header,
    or Origin when it has one, is not a loopback name. A page on another site whose name was
    re-pointed at 127.0.0.1 (DNS rebinding) sends its own name as Host, so it is refused."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket") and not _loopback_request(scope):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            body = b"Refused: this app only answers requests addressed to localhost or 127.0.0.1."
            headers = [(b"content-type", b"text/plain; charset=utf-8")]
            await send({"type": "http.response.start", "status": 403, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


class UploadFileLimit:
    """ASGI middleware capping the files of one request to Gradio's routes that take files
    (FILE_ROUTES: /gradio_api/upload and /gradio_api/component_server), which anyone who can
    open the page may call and which Gradio lets carry 1,000 files of `max_file_bytes` each.

    It counts the parts of the multipart body as it streams past. At the part over the limit it
    answers 413 with one sentence, and hands Gradio's parser a malformed part instead of the
    rest, so that Gradio deletes the files it had already written (it does on a parse error);
    Gradio's own reply is dropped, and the 413 is sent once Gradio is done, so that a client
    never sees the refusal while those files still exist. Nothing reaches the corpus or the index from this route."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        boundary = _upload_boundary(scope)
        if boundary is None:
            await self.app(scope, receive, send)
            return
        files = FilePartCounter(boundary)
        state = {"refused": False}

        async def counted() -> dict[str, Any]:
            message = await receive()
            if message["type"] != "http.request" or state["refused"]:
                return message
            if files.feed(message.get("body", b"")) <= self.limit:
                return message
            state["refused"] = True
            broken = b"\r\n--" + boundary + b"\r\n:\r\n"  # a header line with no name
            return {"type": "http.request", "body": broken, "more_body": False}

        async def replied(message: dict[str, Any]) -> None:
            if not state["refused"]:
                await send(message)

        await self.app(scope, counted, replied)
        if state["refused"]:  # answered once Gradio has deleted the files it had written
            await self._refuse(send)

    async def _refuse(self, send: Any) -> None:
        sentence = (
            f"Refused: one upload may carry at most {self.limit} files; send them in smaller "
            "groups."
        ).encode()
        headers = [(b"content-type", b"text/plain; charset=utf-8")]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": sentence})


class FilePartCounter:
    """Counts the file parts (those whose headers give a filename) of a multipart body fed to
    it in pieces as they arrive; form fields are not counted."""

    HEADERS_AT_MOST = 16 * 1024  # bytes kept while looking for the end of a part's headers

    def __init__(self, boundary: bytes) -> None:
        self.opening = b"--" + boundary + b"\r\n"
        self.files = 0
        self._pending = b""
        self._in_headers = False

    def feed(self, piece: bytes) -> int:
        """The number of file parts seen so far, `piece` included."""
        data = self._pending + piece
        while True:
            if self._in_headers:
                end = data.find(b"\r\n\r\n")
                if end < 0:  # the headers go on in the next piece
                    self._pending = data[-self.HEADERS_AT_MOST :]
                    return self.files
                self.files += b"filename=" in data[:end].lower()
                data, self._in_headers = data[end + 4 :], False
            else:
                start = data.find(self.opening)
                if start < 0:
                    self._pending = data[-(len(self.opening) - 1) :]
                    return self.files
                data, self._in_headers = data[start + len(self.opening) :], True


# Gradio's routes that parse a multipart body of files: /upload, and /component_server (a
# component's server functions), which parses it before it looks at the component.
FILE_ROUTES = ("/gradio_api/upload", "/gradio_api/component_server")


def _upload_boundary(scope: dict[str, Any]) -> bytes | None:
    """The multipart boundary of a POST to one of Gradio's FILE_ROUTES; None for anything
    else."""
    if scope["type"] != "http" or scope.get("method") != "POST":
        return None
    if not scope.get("path", "").rstrip("/").endswith(FILE_ROUTES):
        return None
    headers = dict(scope.get("headers", []))
    content_type = headers.get(b"content-type", b"").decode("latin-1")
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    return match.group(1).encode("latin-1") if match else None


def _loopback_request(scope: dict[str, Any]) -> bool:
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    origin = headers.get("origin")
    if origin is not None and not _is_loopback(urlsplit(origin).hostname):
        return False
    return _is_loopback(urlsplit(f"//{headers.get('host', '')}").hostname)


def _is_loopback(host: str | None) -> bool:
    return (host or "").lower() in LOCAL_HOSTS


@dataclass
class Login:
    """The admin credentials of one management request, and where it came from."""

    user: str
    password: str
    request: gr.Request | None = None

    def address(self) -> str:
        client = getattr(self.request, "client", None)
        return str(getattr(client, "host", "") or "unknown")


class LoginThrottle:
    """Per client address: `free` wrong passwords, then each further one locks the address out
    for twice as long as the last (1 s, 2 s, 4 s, … up to `longest`). A right password clears
    the count. Behind a reverse proxy every request has the proxy's address: limit there too."""

    def __init__(
        self, free: int = 5, longest: float = 900.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.free = free
        self.longest = longest
        self.clock = clock
        self._failures: dict[str, int] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def check(self, address: str) -> None:
        with self._lock:
            wait = self._locked_until.get(address, 0.0) - self.clock()
        if wait > 0:
            raise ManagementError(
                f"Refused: too many wrong admin passwords from this address; try again in "
                f"{math.ceil(wait)} seconds."
            )

    def failed(self, address: str) -> None:
        with self._lock:
            count = self._failures.get(address, 0) + 1
            self._failures[address] = count
            if count > self.free:
                delay = min(self.longest, 2.0 ** (count - self.free - 1))
                self._locked_until[address] = self.clock() + delay

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)
            self._locked_until.pop(address, None)


def _utf8(text: str | None) -> bytes:
    return (text or "").encode("utf-8")


# --------------------------------------------------------------------------- rendering


def message_html(text: str) -> str:
    """Chat text as inert HTML (the Chatbot renders it with Markdown switched off)."""
    return html.escape(text, quote=True).replace("\n", "<br>")


_MARKER = re.compile(r"\[(\d+)\]")


def answer_html(text: str, citations: list[str], linked: set[int] | frozenset[int]) -> str:
    """An answer as inert HTML: each [n] in `linked` a link to its card in the Sources panel
    (the page's script scrolls to it and highlights it), then the citations, one per line, so
    that the answer and what it cites are read, and copied, together."""

    def link(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number not in linked:
            return match.group()
        return (
            f'<a class="pc-cite" href="#pc-source-{number}" data-source="{number}" '
            f'title="Show source {number}">[{number}]</a>'
        )

    shown = _MARKER.sub(link, message_html(text))
    if citations:
        lines = "<br>".join(message_html(line) for line in citations)
        shown += f'<br><br><span class="pc-cites">{lines}</span>'
    return shown


def citation(source: Source, title: str = "") -> str:
    """ "[n] person — document title (file) · section": a source as a reader names it."""
    document = f"{title} ({source.source})" if title else source.source
    where = " · ".join(part for part in (document, _section(source)) if part)
    return f"[{source.number}] {source.person} — {where}"


def _section(source: Source) -> str:
    """The passage's section; "" when it is only the heading with the person's name."""
    same = " ".join(source.section.split()).casefold() == " ".join(source.person.split()).casefold()
    return "" if same else source.section


def sources_html(
    sources: list[Source],
    written_by: str = "",
    answer_text: str = "",
    titles: dict[str, str] | None = None,
) -> str:
    """The cited passages, under a line saying whether the answer quotes them or a language
    model (`written_by`) wrote it from them. Each card (id pc-source-n, where the answer's [n]
    leads) is headed "person — document title (file) · section"; the sentences `answer_text`
    quotes are highlighted; scores sit behind a toggle."""
    if not sources:
        return '<p class="pc-empty">The sources of the last answer appear here.</p>'
    mode = (
        f"Written by {html.escape(written_by)} from these passages."
        if written_by
        else "Quoted from these passages (extractive)."
    )
    passages = "".join(
        _source_html(s, answer_text, (titles or {}).get(s.source, "")) for s in sources
    )
    return f'<p class="pc-mode" id="answer-mode">{mode}</p><div class="pc-sources">{passages}</div>'


def _source_html(source: Source, answer_text: str, title: str) -> str:
    file = f'<span class="pc-file">{html.escape(source.source)}</span>'
    document = f"{html.escape(title)} ({file})" if title else file
    where = " · ".join(part for part in (document, html.escape(_section(source))) if part)
    return (
        f'<div class="pc-source" id="pc-source-{source.number}" data-source="{source.number}">'
        f'<div class="pc-meta"><span class="pc-num">[{source.number}]</span>'
        f"<strong>{html.escape(source.person)}</strong> — {where}</div>"
        f'<div class="pc-text">{highlight_quoted(source.text, answer_text)}</div>'
        f'<details class="pc-score"><summary>Score</summary>{source.score:.3f} '
        "(relevance of the passage to the question)</details>"
        "</div>"
    )


# A passage's sentences end at . ! ? followed by a space and no lower-case word (so "Ph.D. in"
# stays whole), or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[ \t]+(?![a-z])|\s*\n\s*")
# Shorter pieces ("Ph.D.", "2017.") appear in answers by chance; they are not marked as quoted.
MIN_QUOTED_CHARS = 12


def highlight_quoted(text: str, answer_text: str) -> str:
    """`text` escaped, with each of its sentences that `answer_text` contains in <mark>."""
    quoted = " ".join(answer_text.split()).casefold()
    pieces: list[str] = []
    position = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        sentence = text[position:end]
        words = " ".join(sentence.split()).casefold()
        escaped = html.escape(sentence)
        if quoted and len(words) >= MIN_QUOTED_CHARS and words in quoted:
            escaped = f"<mark>{escaped}</mark>"
        pieces.append(escaped)
        if match:
            pieces.append(html.escape(match.group()))
            position = match.end()
    return "".join(pieces)


def documents_html(bot: ProfileChat) -> str:
    store = bot.store
    summary = (
        f'<div class="pc-index">Model <code>{html.escape(store.model)}</code>, '
        f"{store.dimension} dimensions, {len(store.documents)} documents, "
        f"{len(store.chunks)} passages; built {html.escape(store.built_at or 'never')}.</div>"
    )
    rows = "".join(
        f"<tr><td>{html.escape(r.person)}</td><td>{html.escape(r.title)}</td>"
        f"<td>{html.escape(r.source)}</td><td>{r.passages}</td>"
        f"<td>{html.escape(r.indexed_at)}</td></tr>"
        for r in document_rows(store)
    )
    if not rows:
        rows = '<tr><td colspan="5">No documents are indexed yet.</td></tr>'
    head = "<tr><th>Person</th><th>Title</th><th>File</th><th>Passages</th><th>Indexed at</th></tr>"
    table = f"<table><thead>{head}</thead><tbody>{rows}</tbody></table>"
    return f'{summary}<div class="pc-scroll">{table}</div>'


def _display(
    history: list[Message], linked: set[int] | frozenset[int] = frozenset()
) -> list[Message]:
    """The conversation as the Chatbot shows it; the [n] of the last answer in `linked` lead to
    the Sources panel, which shows that answer's sources (older answers' markers stay text)."""
    last = max((i for i, m in enumerate(history) if m["role"] == "assistant"), default=-1)
    return [
        {
            "role": m["role"],
            "content": answer_html(
                m["content"], m.get("citations", []), linked if i == last else frozenset()
            )
            if m["role"] == "assistant"
            else message_html(m["content"]),
        }
        for i, m in enumerate(history)
    ]


def _word_chunks(text: str) -> Iterator[str]:
    """Growing prefixes of `text`, a few words at a time."""
    words = re.findall(r"\S+\s*", text)
    for end in range(STREAM_WORDS, len(words), STREAM_WORDS):
        yield "".join(words[:end])
    yield text


def clean_history(history: Any) -> list[Message]:
    """The role/content messages of an API caller's history, with an answer's list of "people"
    when it has one; anything else dropped."""
    if history is None:
        return []
    if not isinstance(history, list):
        raise gr.Error("The history must be a list of {role, content} messages.")
    return [
        _clean_message(m)
        for m in history
        if isinstance(m, dict)
        and m.get("role") in ("user", "assistant")
        and isinstance(m.get("content"), str)
    ]


def _clean_message(message: dict[str, Any]) -> Message:
    clean: Message = {"role": message["role"], "content": message["content"]}
    for key in ("people", "citations"):  # an answer's people, and its sources as text
        values = message.get(key)
        if message["role"] == "assistant" and isinstance(values, list):
            clean[key] = [v for v in values if isinstance(v, str)]
    return clean


def filter_note(person: str | None, applied: str | None, indexed: bool = True) -> str:
    """The line under an answer saying whether the person filter was used, and why not."""
    if not person:
        return ""
    if applied:
        text = f"Filter applied: answered about {applied} only."
    elif not indexed:
        text = f"The filter ({person}) is no longer in the index, so it was not applied."
    else:
        text = (
            f"The question names someone, so it was answered as asked; the filter ({person}) "
            "was not applied."
        )
    return f'<span class="pc-filter">{html.escape(text)}</span>'


class IndexWatcher:
    """Notices a new index written by another process (the CLI) and switches the bot to it.

    `check` costs one stat of manifest.json while nothing changed; when its modification time
    moved it reads the generation and reloads if that differs. One reload at a time: a check
    that finds another reload running skips (the next question checks again)."""

    def __init__(self, bot: ProfileChat) -> None:
        self.bot = bot
        self.manifest = bot.config.index_dir / MANIFEST
        self._lock = threading.Lock()
        self._seen = self._stamp()

    def _stamp(self) -> int | None:
        try:
            return self.manifest.stat().st_mtime_ns
        except OSError:
            return None

    def reload(self) -> None:
        """Reload now (after this process changed the index), waiting for a running reload."""
        with self._lock:
            stamp = self._stamp()
            self.bot.reload()
            self._seen = stamp

    def check(self) -> bool:
        """Reload when the index on disk is another generation; True when it did."""
        stamp = self._stamp()
        if stamp == self._seen or not self._lock.acquire(blocking=False):
            return False
        try:
            generation = int(read_manifest(self.bot.config.index_dir).get("generation", 0))
            changed = generation != self.bot.store.generation
            if changed:
                self.bot.reload()
            self._seen = stamp
            return changed
        except (ProfileChatError, OSError, ValueError) as error:
            log.warning(
                "The index on disk could not be loaded; answering from the previous one: %s", error
            )
            return False
        finally:
            self._lock.release()


class IndexBuild:
    """The index update the server starts with, run in a thread while the page is already
    served: questions are answered from the previous index meanwhile, and `on_done` (the
    watcher's reload) switches to the new one when it ends. `status` is the line the page
    shows: which document is being indexed, then what the update did."""

    def __init__(self, config: Config, embedder: Embedder) -> None:
        self.config = config
        self.embedder = embedder
        self.on_done: Callable[[], None] = lambda: None
        self.status = "Checking the corpus for new and changed documents…"
        self.done = threading.Event()

    @property
    def running(self) -> bool:
        return not self.done.is_set()

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="profilechat-index", daemon=True)
        thread.start()
        return thread

    def run(self) -> None:
        try:
            report = update_index(self.config, self.embedder, progress=self._progress)
            self.on_done()
            lines = report.summary_lines() if report.changed or report.skipped else []
            self.status = "\n".join(lines or ["The index is up to date."])
        except ProfileChatError as error:
            self.status = f"The index could not be updated: {error}"
        finally:
            self.done.set()
        print(self.status, flush=True)

    def _progress(self, done: int, total: int, source: str) -> None:
        if source:
            self.status = f"Indexing {done + 1} of {total}: {source}"
        elif total:
            self.status = "Saving the index…"


def empty_bot(config: Config, embedder: Embedder) -> ProfileChat:
    """A ProfileChat over an index with no documents (none is built yet)."""
    import numpy as np

    from .session import answerer_for
    from .store import IndexStore

    nothing = np.zeros((0, embedder.dimension), dtype=np.float32)
    store = IndexStore(
        model=config.model,
        dimension=embedder.dimension,
        chunker=config.chunker_settings(),
        chunks=[],
        unit_spans=[],
        vectors=nothing,
        unit_vectors=nothing,
        documents={},
    )
    return ProfileChat(store, embedder, config, answerer_for(config))


# --------------------------------------------------------------------------- handlers


class WebHandlers:
    """The functions behind the UI events and the API endpoints."""

    def __init__(
        self,
        config: Config,
        bot: ProfileChat,
        embedder: Embedder,
        build: IndexBuild | None = None,
    ) -> None:
        self.config = config
        self.bot = bot
        self.build = build
        self.access = access_for(config)
        # The model that writes answers, "" when they are quoted; the chat can switch it off.
        self.llm_model = bot.answerer.model if isinstance(bot.answerer, GenerativeAnswerer) else ""
        self.quoted = ExtractiveAnswerer(config)
        self.logins = LoginThrottle()
        self.watcher = IndexWatcher(bot)
        self.manager = DocumentManager(
            config, embedder, records=lambda: bot.store.documents, on_update=self.watcher.reload
        )
        # A change a killed process left half done; deleted documents past their time.
        for line in [*self.manager.recover(), *self.manager.expire_trash()]:
            log.warning(line)
        self._titles: tuple[Any, dict[str, str]] = (None, {})
        if build is not None:
            build.on_done = self.watcher.reload

    # ---- the index update running since the start

    def build_status(self) -> tuple[str, Any]:
        """The update's lines for the page (HTML: file names are text), and the timer polling
        it (stopped once it is done)."""
        if self.build is None:
            return "", gr.Timer(active=False)
        if self.build.running:
            previous = (
                "answers come from the previous index meanwhile."
                if self.bot.store.chunks
                else "questions can be answered when it is built."
            )
            return message_html(f"{self.build.status} — {previous}"), gr.Timer(active=True)
        return message_html(self.build.status), gr.Timer(active=False)

    def _still_building(self) -> str:
        """Why there is no answer yet, while the first index is being built."""
        try:
            self.check_built()
        except IndexBuildingError as error:
            return str(error)
        return ""

    def check_built(self) -> None:
        """Raise IndexBuildingError, saying how far the build is, while the first index is
        being built: an answer from no index at all would be "not found" for everything."""
        if self.build is not None and self.build.running and not self.bot.store.chunks:
            raise IndexBuildingError(self.build.status)

    # ---- chat

    def respond(
        self, question: str, history: list[Message], person: str | None, written: bool = True
    ) -> Iterator[tuple[list[Message], str, list[Message], str, str]]:
        history = clean_history(history if isinstance(history, list) else [])
        self.watcher.check()
        if self._still_building():
            gr.Warning(html.escape(self._still_building()))
            yield _display(history), gr.skip(), history, question, gr.skip()
            return
        chosen = person if person and person != EVERYONE else None
        try:
            asked_text, pieces = self._ask(question, history, chosen, written)
        except ProfileChatError as error:
            gr.Warning(html.escape(str(error)))  # toasts render HTML
            yield _display(history), gr.skip(), history, question, gr.skip()
            return
        applied = self.bot.applied_filter(question or "", chosen)
        note = filter_note(chosen, applied, chosen in self.bot.people)
        asked = [*history, {"role": "user", "content": asked_text}]
        streamed = ""
        for item in pieces:  # a written answer's checked sentences as they arrive
            if isinstance(item, Answer):
                answer = item
                break
            streamed += item
            yield (
                _display([*asked, {"role": "assistant", "content": streamed}]),
                gr.skip(),
                history,
                "",
                gr.skip(),
            )
        if not streamed:  # a quoted answer, shown a few words at a time
            for prefix in _word_chunks(answer.text):
                yield (
                    _display([*asked, {"role": "assistant", "content": prefix}]),
                    gr.skip(),
                    history,
                    "",
                    gr.skip(),
                )
                time.sleep(STREAM_PAUSE)
        titles = self.document_titles()
        cited = [citation(s, titles.get(s.source, "")) for s in answer.sources]
        final = [*asked, {**answer.message(), "citations": cited}]
        shown = sources_html(answer.sources, answer.written_by, answer.text, titles)
        yield _display(final, {s.number for s in answer.sources}), shown, final, "", note

    def _ask(
        self, question: str, history: list[Message], person: str | None, written: bool
    ) -> tuple[str, Iterator[str | Answer]]:
        """The question as it will be shown, and the stream of its answer."""
        text, _ = clean_question(question or "", self.config.max_question_chars)
        answerer = None if written else self.quoted
        pieces = self.bot.stream(question, history=history, person=person, answerer=answerer)
        return text, pieces

    def document_titles(self) -> dict[str, str]:
        """File → its title (metadata, else its opening heading), for those that have one;
        worked out once per index generation."""
        store = self.bot.store
        if self._titles[0] is not store:
            self._titles = (store, document_titles(store))
        return self._titles[1]

    def restore_conversation(self, history: Any) -> list[Message]:
        """The conversation kept in the browser, shown again after the page was reloaded."""
        return _display(clean_history(history if isinstance(history, list) else []))

    def new_conversation(self) -> tuple[list[Message], str, list[Message], str, str]:
        return [], sources_html([]), [], "", ""

    def api_ask(self, question: str, history: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """Answer a question about the people in the profiles, with cited sources.

        history: the earlier turns, as a list of {"role": "user"|"assistant", "content": str};
            an assistant message may carry "people": [str] (the "people" of that answer), which
            follow-up questions use to know whom "he" or "they" means.
        Returns the same object as `profilechat ask --json`.
        """
        self.watcher.check()
        try:
            self.check_built()
            return self.bot.ask(question, history=clean_history(history)).to_dict()
        except ProfileChatError as error:
            raise gr.Error(str(error), print_exception=False) from None

    def api_documents(self) -> list[dict[str, Any]]:
        """The indexed documents: file, person, chunks, indexed_at."""
        return self.manager.documents()

    # ---- views

    def person_choices(self) -> list[str]:
        return [EVERYONE, *self.bot.people]

    def refresh(self, person: str | None) -> tuple[Any, ...]:
        """Everything that depends on the index: the documents, the trash, the person filter,
        the example questions and the People tab's version (its cards re-render on change)."""
        self.watcher.check()
        choices = self.person_choices()
        keep = person if person in choices else EVERYONE
        examples = example_questions(self.bot.people)
        return (
            documents_html(self.bot),
            gr.update(choices=self.delete_choices(), value=None),
            gr.update(choices=self.manager.trashed(), value=None),
            gr.update(choices=choices, value=keep),
            gr.update(placeholder=question_placeholder(self.bot.people)),
            *[
                gr.update(value=text, visible=True) if text else gr.update(visible=False)
                for text in [*examples, *[""] * (len(EXAMPLE_TEMPLATES) - len(examples))]
            ],
            self.index_version(),
        )

    def delete_choices(self) -> list[tuple[str, str]]:
        """(label, file) for every corpus file: "person — title (file)" for indexed ones, by
        person, then the files not indexed, by name."""
        indexed = [(row.label(), row.source) for row in document_rows(self.bot.store)]
        known = {source for _, source in indexed}
        return indexed + [(name, name) for name in self.manager.files() if name not in known]

    def index_version(self) -> str:
        store = self.bot.store
        return f"{store.generation}:{store.built_at}"

    def people_cards_html(self, query: str) -> list[tuple[str, str]]:
        """(person, card HTML) for every person matching `query`."""
        people = self.bot.people
        return [(c.person, c.html()) for c in person_cards(self.bot.store, people, query or "")]

    def ask_about(self, person: str) -> tuple[Any, Any, str]:
        """The chat tab, its filter set to `person`, a question suggested."""
        return gr.update(selected="chat"), gr.update(value=person), suggested_question(person)

    # ---- management: UI (status text) and API (errors raised)

    def _check_login(self, login: Login) -> None:
        """The admin password, with failed attempts slowed down per client address."""
        if not (self.access.enabled and self.access.needs_password):
            self.access.check(login.user, login.password)
            return
        address = login.address()
        self.logins.check(address)
        try:
            self.access.check(login.user, login.password)
        except ManagementError:
            self.logins.failed(address)
            raise
        self.logins.succeeded(address)

    def ui_upload(
        self,
        files: list[str] | None,
        user: str,
        password: str,
        request: gr.Request | None = None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 - how Gradio injects progress
    ) -> tuple[str, None]:
        upload = partial(self.manager.upload, list(files or []))
        return self._status(upload, Login(user, password, request), progress), None

    def ui_delete(
        self,
        name: str | None,
        user: str,
        password: str,
        request: gr.Request | None = None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> str:
        return self._status(
            partial(self.manager.delete, name), Login(user, password, request), progress
        )

    def ui_restore(
        self,
        name: str | None,
        user: str,
        password: str,
        request: gr.Request | None = None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> str:
        return self._status(
            partial(self.manager.restore, name), Login(user, password, request), progress
        )

    def ask_to_confirm(self, action: str, name: str | None = None) -> tuple[str, Any, str]:
        """The first step of a delete or rebuild: the question, shown with Confirm and Cancel."""
        if action == "delete":
            if not (name or "").strip():
                return "", gr.update(visible=False), "Choose the document to delete first."
            question = f"Move {name} to the trash and take it out of the index?"
        elif action == "empty":
            count = len(self.manager.trashed())
            if not count:
                gr.Info("The trash is already empty.")
                return "", gr.update(visible=False), ""
            documents = "the document" if count == 1 else f"the {count} documents"
            question = f"Remove {documents} in the trash for good? They cannot be restored."
        else:
            question = "Rebuild the whole index? Every document is embedded again."
        return action, gr.update(visible=True), question

    def ui_confirmed(
        self,
        action: str,
        name: str | None,
        user: str,
        password: str,
        request: gr.Request | None = None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[str, str, Any]:
        """The second step: carry out the action asked for, then hide the confirmation."""
        if action == "delete":
            status = self.ui_delete(name, user, password, request, progress)
        elif action == "rebuild":
            status = self.ui_rebuild(user, password, request, progress)
        elif action == "empty":
            status = self._status(self._empty_trash, Login(user, password, request), progress)
        else:
            status = "Nothing to confirm."
        return status, "", gr.update(visible=False)

    def _empty_trash(self, progress: Progress) -> Outcome:
        return Outcome(done=self.manager.empty_trash())

    def ui_rebuild(
        self,
        user: str,
        password: str,
        request: gr.Request | None = None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> str:
        return self._status(self.manager.rebuild, Login(user, password, request), progress)

    def api_upload(
        self,
        files: list[str] | None,
        password: str = "",
        user: str = "",
        request: gr.Request | None = None,
    ) -> str:
        """Add profile files to the corpus and the index."""
        upload = partial(self.manager.upload, list(files or []))
        return self._run(upload, Login(user, password, request))

    def api_delete(
        self, file: str, password: str = "", user: str = "", request: gr.Request | None = None
    ) -> str:
        """Remove a file from the corpus and the index."""
        return self._run(partial(self.manager.delete, file), Login(user, password, request))

    def api_restore(
        self, file: str, password: str = "", user: str = "", request: gr.Request | None = None
    ) -> str:
        """Put a deleted file back from the trash into the corpus and the index."""
        return self._run(partial(self.manager.restore, file), Login(user, password, request))

    def api_rebuild(
        self, password: str = "", user: str = "", request: gr.Request | None = None
    ) -> str:
        """Re-embed every document of the corpus from scratch."""
        return self._run(self.manager.rebuild, Login(user, password, request))

    def _status(
        self, action: Callable[[Progress], Outcome], login: Login, progress: gr.Progress
    ) -> str:
        try:
            return self._perform(action, login, progress)
        except ProfileChatError as error:
            gr.Warning(html.escape(str(error).splitlines()[0]))  # toasts render HTML
            return str(error)

    def _run(self, action: Callable[[Progress], Outcome], login: Login) -> str:
        try:
            return self._perform(action, login, None)
        except ProfileChatError as error:
            raise gr.Error(str(error), print_exception=False) from None

    def _perform(
        self, action: Callable[[Progress], Outcome], login: Login, progress: gr.Progress | None
    ) -> str:
        self._check_login(login)

        def report(fraction: float, description: str) -> None:
            if progress is not None:
                progress(fraction, desc=description)

        return "\n".join(action(report).lines())


# --------------------------------------------------------------------------- layout


@dataclass
class ChatViews:
    chatbot: gr.Chatbot
    question: gr.Textbox
    ask: gr.Button
    person: gr.Dropdown
    written: gr.Checkbox
    new: gr.Button
    examples: list[gr.Button]
    sources: gr.HTML
    history: gr.BrowserState
    note: gr.HTML

    @property
    def conversation(self) -> list[Any]:
        return [self.chatbot, self.sources, self.history, self.question, self.note]


@dataclass
class DocumentViews:
    table: gr.HTML
    user: gr.Textbox
    password: gr.Textbox
    files: gr.File
    upload: gr.Button
    delete_choice: gr.Dropdown
    delete: gr.Button
    rebuild: gr.Button
    restore_choice: gr.Dropdown
    restore: gr.Button
    empty: gr.Button
    confirm_row: gr.Row
    confirm_text: gr.Markdown
    confirm: gr.Button
    cancel: gr.Button
    pending: gr.State
    status: gr.Textbox


def build_app(
    config: Config,
    bot: ProfileChat | None = None,
    embedder: Embedder | None = None,
    build: IndexBuild | None = None,
    handlers: WebHandlers | None = None,
) -> gr.Blocks:
    """The Gradio app for `bot` (opened from `config.index_dir` when not given), with its queue
    configured; the page shows `build`'s progress while it runs. Launch it with
    `demo.launch(**launch_options(config))`, or serve it with the HTTP API
    (http_api.server_app), which passes the `handlers` it shares."""
    embedder = embedder or (
        bot.embedder
        if bot
        else load_embedder(config.model, config.batch_size, config.embedding_backend)
    )
    bot = bot or ProfileChat.open(config=config, embedder=embedder)
    handlers = handlers or WebHandlers(config, bot, embedder, build)
    with gr.Blocks(
        title="ProfileChat", delete_cache=CACHE_LIFETIME, analytics_enabled=False
    ) as demo:
        gr.Markdown(
            "# ProfileChat\nAsk about the people in the profiles; answers cite their sources."
        )
        status = gr.HTML(handlers.build_status()[0], elem_id="index-status", js_on_load=None)
        version = gr.State(handlers.index_version())
        with gr.Tabs() as tabs:
            with gr.Tab("Chat", id="chat"):
                chat = _chat_tab(handlers)
            with gr.Tab("People", id="people") as people_tab:
                _people_tab(handlers, demo, tabs, chat, version)
            with gr.Tab("Documents", id="documents") as documents_tab:
                docs = _documents_tab(handlers)
        _wire_chat(handlers, chat)
        refresh = {
            "fn": handlers.refresh,
            "inputs": [chat.person],
            "outputs": [
                docs.table,
                docs.delete_choice,
                docs.restore_choice,
                chat.person,
                chat.question,
                *chat.examples,
                version,
            ],
            "api_visibility": "private",
            "show_progress": "hidden",
        }
        _wire_management(handlers, docs, refresh)
        _api_endpoints(handlers)
        demo.load(**refresh)
        restore = {
            "fn": handlers.restore_conversation,
            "inputs": chat.history,
            "outputs": chat.chatbot,
            "api_visibility": "private",
            "show_progress": "hidden",
        }
        demo.load(**restore)
        if build is not None:
            timer = gr.Timer(1.0)
            timer.tick(
                handlers.build_status,
                None,
                [status, timer],
                api_visibility="private",
                show_progress="hidden",
            ).then(**refresh)
        documents_tab.select(**refresh)
        people_tab.select(**refresh)
    demo.queue(max_size=QUEUE_SIZE, default_concurrency_limit=CHAT_CONCURRENCY, api_open=False)
    return demo


def _chat_tab(handlers: WebHandlers) -> ChatViews:
    # The conversation and its sources share a row, with every control below it: on a narrow
    # screen the row wraps, and the sources come right after the conversation.
    with gr.Row(equal_height=False, elem_id="chat-row"):
        with gr.Column(scale=3, min_width=300):
            chatbot = gr.Chatbot(
                label="Conversation",
                elem_id="chatbot",
                height=460,
                render_markdown=False,  # text stays text: no links, images or formatting
                sanitize_html=True,
                allow_tags=False,
                latex_delimiters=[],
                buttons=["copy"],
                feedback_options=None,
                placeholder=GENERAL_PLACEHOLDER,
            )
            note = gr.HTML("", elem_id="filter-note", js_on_load=None)
        with gr.Column(scale=2, min_width=300, elem_id="sources-column"):
            gr.Markdown("### Sources")
            sources = gr.HTML(sources_html([]), elem_id="sources", js_on_load=None)
    with gr.Row():
        question = gr.Textbox(
            label="Question",
            placeholder=question_placeholder(handlers.bot.people),
            elem_id="question",
            scale=5,
            max_lines=4,
        )
        ask = gr.Button("Ask", variant="primary", elem_id="ask", scale=1, min_width=80)
    with gr.Row():
        person = gr.Dropdown(
            handlers.person_choices(), value=EVERYONE, label="Ask about", elem_id="person"
        )
        new = gr.Button("New conversation", elem_id="new-conversation")
        written = gr.Checkbox(
            value=bool(handlers.llm_model),
            label=f"Written answers ({handlers.llm_model})",
            info="off: answers quote the profiles' sentences",
            visible=bool(handlers.llm_model),
            elem_id="written",
        )
    with gr.Row():
        texts = example_questions(handlers.bot.people)
        examples = [
            gr.Button(
                texts[i] if i < len(texts) else "",
                size="sm",
                visible=i < len(texts),
                elem_classes="pc-example",
            )
            for i in range(len(EXAMPLE_TEMPLATES))
        ]
    history = gr.BrowserState([], storage_key=CONVERSATION_KEY)
    return ChatViews(chatbot, question, ask, person, written, new, examples, sources, history, note)


def _people_tab(
    handlers: WebHandlers, demo: gr.Blocks, tabs: gr.Tabs, chat: ChatViews, version: gr.State
) -> None:
    search = gr.Textbox(
        label="Search people",
        placeholder="a name, employer, school, interest…",
        elem_id="people-search",
    )

    @gr.render(inputs=[search, version], triggers=[demo.load, search.change, version.change])
    def cards(query: str, _version: str) -> None:
        found = handlers.people_cards_html(query)
        if not found:
            gr.Markdown("No person matches." if query else "No people are indexed yet.")
        for person, card in found:
            with gr.Column(variant="panel", elem_classes="pc-card"):
                gr.HTML(card, js_on_load=None)
                ask = gr.Button(f"Ask about {person}", size="sm", elem_classes="pc-ask-about")
                ask.click(
                    partial(handlers.ask_about, person),
                    None,
                    [tabs, chat.person, chat.question],
                    api_visibility="private",
                )


def _documents_tab(handlers: WebHandlers) -> DocumentViews:
    access = handlers.access
    table = gr.HTML(documents_html(handlers.bot), elem_id="documents-table", js_on_load=None)
    if access.notice:
        gr.Markdown(f"**{access.notice}**", elem_id="management-off")
    with gr.Row(visible=access.enabled and access.needs_password):
        user = gr.Textbox(label="Admin user", placeholder=DEFAULT_ADMIN, elem_id="admin-user")
        password = gr.Textbox(label="Admin password", type="password", elem_id="admin-password")
    with gr.Row(visible=access.enabled, equal_height=False):
        with gr.Column():
            files = gr.File(
                label="Add profiles",
                file_count="multiple",
                file_types=UPLOAD_TYPES,
                type="filepath",
                elem_id="upload-files",
            )
            upload = gr.Button("Add to the index", variant="primary", elem_id="upload")
        with gr.Column():
            delete_choice = gr.Dropdown(
                handlers.delete_choices(),
                value=None,
                label="Document to delete",
                allow_custom_value=True,  # the handler checks it against the corpus
                elem_id="delete-choice",
            )
            delete = gr.Button("Delete", variant="stop", elem_id="delete")
            rebuild = gr.Button("Rebuild everything", elem_id="rebuild")
        with gr.Column():
            restore_choice = gr.Dropdown(
                handlers.manager.trashed(),
                value=None,
                label="Deleted documents (corpus/.trash)",
                allow_custom_value=True,  # the handler checks it against the trash
                elem_id="restore-choice",
            )
            restore = gr.Button("Restore", elem_id="restore")
            empty = gr.Button("Empty the trash", variant="stop", elem_id="empty-trash")
    with gr.Row(visible=False, elem_id="confirm-row") as confirm_row:
        confirm_text = gr.Markdown("", elem_id="confirm-text")
        confirm = gr.Button("Confirm", variant="stop", elem_id="confirm")
        cancel = gr.Button("Cancel", elem_id="cancel")
    pending = gr.State("")
    status = gr.Textbox(label="Status", interactive=False, lines=3, elem_id="status")
    return DocumentViews(
        table,
        user,
        password,
        files,
        upload,
        delete_choice,
        delete,
        rebuild,
        restore_choice,
        restore,
        empty,
        confirm_row,
        confirm_text,
        confirm,
        cancel,
        pending,
        status,
    )


def _wire_chat(handlers: WebHandlers, chat: ChatViews) -> None:
    answer = {
        "fn": handlers.respond,
        "inputs": [chat.question, chat.history, chat.person, chat.written],
        "outputs": chat.conversation,
        "show_progress": "minimal",
        "api_visibility": "private",
    }
    chat.ask.click(**answer)
    chat.question.submit(**answer)
    for button in chat.examples:  # a button's value is its label: the question it asks
        button.click(lambda text: text, button, chat.question, api_visibility="private").then(
            **answer
        )
    chat.new.click(handlers.new_conversation, None, chat.conversation, api_visibility="private")


def _wire_management(handlers: WebHandlers, docs: DocumentViews, refresh: dict[str, Any]) -> None:
    manage = {
        "api_visibility": "private",
        "concurrency_id": "manage",
        "concurrency_limit": MANAGE_CONCURRENCY,
    }
    credentials = [docs.user, docs.password]
    docs.upload.click(
        handlers.ui_upload, [docs.files, *credentials], [docs.status, docs.files], **manage
    ).then(**refresh)
    asking = [docs.pending, docs.confirm_row, docs.confirm_text]
    private = {"api_visibility": "private", "show_progress": "hidden"}
    docs.delete.click(
        partial(handlers.ask_to_confirm, "delete"), docs.delete_choice, asking, **private
    )
    docs.rebuild.click(partial(handlers.ask_to_confirm, "rebuild"), None, asking, **private)
    docs.empty.click(partial(handlers.ask_to_confirm, "empty"), None, asking, **private)
    docs.cancel.click(lambda: ("", gr.update(visible=False)), None, asking[:2], **private)
    docs.confirm.click(
        handlers.ui_confirmed,
        [docs.pending, docs.delete_choice, *credentials],
        [docs.status, docs.pending, docs.confirm_row],
        **manage,
    ).then(**refresh)
    docs.restore.click(
        handlers.ui_restore, [docs.restore_choice, *credentials], docs.status, **manage
    ).then(**refresh)


class UploadedFiles(gr.data_classes.ListFiles):
    """Gradio's list of uploaded files, whose shape errors say what is wrong: Gradio checks the
    shape before any handler runs, and without this the caller got only {"error": null}."""

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> UploadedFiles:  # type: ignore[override]
        try:
            return super().model_validate(obj, **kwargs)
        except ValidationError:
            raise gr.Error(
                "files must be a list of uploaded files, each as gradio_client.handle_file(path) "
                "sends it.",
                print_exception=False,
            ) from None


def _api_endpoints(handlers: WebHandlers) -> None:
    """The named API. /upload, /delete and /rebuild use hidden components so that uploaded
    files go through Gradio's own checks; /ask and /documents take plain JSON."""
    gr.api(handlers.api_ask, api_name="ask")
    gr.api(handlers.api_documents, api_name="documents")
    manage = {
        "concurrency_id": "manage",
        "concurrency_limit": MANAGE_CONCURRENCY,
        "show_progress": "hidden",
    }
    with gr.Column(visible=False):
        files = gr.File(file_count="multiple", type="filepath", label="files")
        files.data_model = UploadedFiles
        file = gr.Textbox(label="file")
        password = gr.Textbox("", label="password", type="password")
        user = gr.Textbox("", label="user")
        result = gr.Textbox(label="result")
    gr.on([], handlers.api_upload, [files, password, user], result, api_name="upload", **manage)
    gr.on([], handlers.api_delete, [file, password, user], result, api_name="delete", **manage)
    gr.on([], handlers.api_restore, [file, password, user], result, api_name="restore", **manage)
    gr.on([], handlers.api_rebuild, [password, user], result, api_name="rebuild", **manage)


# --------------------------------------------------------------------------- launch


def launch_options(config: Config) -> dict[str, Any]:
    """Keyword arguments for `demo.launch`: address, upload limit, blocked folders, no error
    details, no share link, no MCP, no external fonts."""
    return {
        "server_name": config.host,
        "server_port": config.port,
        "max_file_size": config.max_file_bytes,
        "blocked_paths": [str(config.index_dir.resolve()), str(config.corpus_dir.resolve())],
        "show_error": False,
        "share": False,
        "mcp_server": False,
        "ssr_mode": False,
        "pwa": False,
        "enable_monitoring": False,
        "footer_links": ["api"],
        "app_kwargs": _app_kwargs(config),
        "css": CSS,
        "js": PAGE_JS,
        "theme": gr.themes.Soft(
            font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"]
        ),
    }


def _app_kwargs(config: Config) -> dict[str, Any]:
    """FastAPI settings: a cap on the files of one upload; in the open mode (loopback, no
    password), only loopback requests."""
    access = access_for(config)
    limit = Middleware(UploadFileLimit, limit=config.max_upload_files)
    if access.enabled and not access.needs_password:
        return {"middleware": [Middleware(LoopbackOnly), limit]}
    return {"middleware": [limit]}


def start_in_background(
    config: Config, bot: ProfileChat, embedder: Embedder, port: int
) -> tuple[Any, str]:
    """Serve the app and the HTTP API on 127.0.0.1:`port` without blocking (tests, benchmarks):
    the server (`close()` stops it) and its URL."""
    from .http_api import start_in_background as start  # it imports this module

    return start(config, bot, embedder, port)


def serve(config: Config, embedder: Embedder | None = None, bot: ProfileChat | None = None) -> None:
    """Serve the app and the HTTP API until interrupted, bringing the index up to date with the
    corpus in the background meanwhile (the page shows its progress). `embedder` and `bot`:
    loaded already (launch.serve loads them while this module is imported); None: load them
    here, an index that is missing or for another model being replaced by an empty one."""
    from .http_api import run_server  # it imports this module

    if embedder is None:
        embedder = load_embedder(config.model, config.batch_size, config.embedding_backend)
    if bot is None:
        try:
            bot = ProfileChat.open(config=config, embedder=embedder)
        except (IndexMissingError, IndexMismatchError):  # the update builds it
            bot = empty_bot(config, embedder)
    build = IndexBuild(config, embedder)
    build.start()
    if not access_for(config).enabled:
        print(access_for(config).notice, flush=True)
    run_server(config, bot, embedder, build)
