"""Stage "interfaces/http": a plain JSON API beside the Gradio app, and the server holding both.

    POST /api/ask        {"question", "history": [...], "person": null}
                         → the object `profilechat ask --json` prints
    GET  /api/people     the people with their documents and headline (`profilechat people --json`)
    GET  /api/documents  the indexed documents: file, person, chunks, indexed_at
    GET  /docs           the OpenAPI documentation (/openapi.json its schema)

The Gradio app is mounted at "/" of the same FastAPI app with the options `demo.launch` would
get (`web.launch_options`). A request here skips Gradio's queue and event stream: it is one
HTTP round trip. The access rules are the UI's: in the open mode (loopback, no admin password)
the loopback Host/Origin middleware wraps the whole app, /api/* included; the endpoints only
read, and are public like the chat. Each request first checks for a new index generation with
the chat's `IndexWatcher`. Errors a caller can cause are 400 {"error": "<one sentence>"}; an
index that cannot be read is 503 with the same body.
"""

from __future__ import annotations

import inspect
import threading
import time
from typing import Any, Literal

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from .config import Config
from .embedding import Embedder
from .errors import ProfileChatError, QuestionError
from .gradio_loader import gradio as gr
from .people import people_listing
from .session import ProfileChat
from .web import (
    CHAT_CONCURRENCY,
    IndexBuild,
    WebHandlers,
    _app_kwargs,
    build_app,
    clean_history,
    launch_options,
)

API_PREFIX = "/api"
STARTUP_TIMEOUT = 30.0  # seconds start_in_background waits for the server to listen
STARTUP_POLL = 0.01
# Seconds open connections get to finish when the server stops; Gradio's event streams and
# heartbeats stay open, and Gradio's own launch also waits this long for them.
SHUTDOWN_GRACE = 5


# --------------------------------------------------------------------------- models


class Message(BaseModel):
    """One earlier turn of the conversation."""

    role: Literal["user", "assistant"]
    content: str
    people: list[str] = Field(
        default_factory=list,
        description='An answer\'s "people": whom "he" or "they" in a follow-up refers to.',
    )


class AskRequest(BaseModel):
    question: str = Field(description="The question, in plain text.")
    history: list[Message] = Field(
        default_factory=list, description="The earlier turns, oldest first (answers as returned)."
    )
    person: str | None = Field(
        default=None,
        description="Answer about this person only (a name from GET /api/people); a person the "
        "question names wins over it.",
    )


class SourceOut(BaseModel):
    person: str
    source: str
    section: str
    text: str
    score: float


class AnswerOut(BaseModel):
    question: str
    answer: str
    found: bool
    people: list[str]
    sources: list[SourceOut]
    written_by: str | None = Field(description="The language model that wrote it; null: quoted.")


class PersonOut(BaseModel):
    name: str
    documents: list[str]
    headline: str
    unknown: bool = Field(description="No name was found in the documents.")
    aliases: list[str] = Field(description="Other names the documents give the person.")


class DocumentOut(BaseModel):
    file: str
    person: str
    chunks: int
    indexed_at: str


class ErrorOut(BaseModel):
    error: str


class CallerError(ProfileChatError):
    """A request this API cannot answer as sent (answered 400)."""


# --------------------------------------------------------------------------- the API


class HttpApi:
    """The functions behind /api/*, sharing the chat's bot and index watcher."""

    def __init__(self, handlers: WebHandlers) -> None:
        self.handlers = handlers
        self.bot = handlers.bot
        # At most as many answers at once as the chat's queue runs: the CPU is the limit.
        self._answering = threading.BoundedSemaphore(CHAT_CONCURRENCY)

    def ask(self, request: AskRequest) -> dict[str, Any]:
        self.handlers.watcher.check()
        self.handlers.check_built()  # 503 saying how far the first index is
        person = request.person
        if person is not None and person not in self.bot.people:
            raise CallerError(
                f"Nobody called {person!r} is indexed; GET {API_PREFIX}/people lists the names."
            )
        history = clean_history([m.model_dump() for m in request.history])
        with self._answering:
            answer = self.bot.ask(request.question, history=history, person=person)
        return answer.to_dict()

    def people(self) -> list[dict[str, Any]]:
        self.handlers.watcher.check()
        store = self.bot.store
        return people_listing(store.people, store.facts)

    def documents(self) -> list[dict[str, Any]]:
        self.handlers.watcher.check()
        return self.handlers.api_documents()


def add_api_routes(app: FastAPI, api: HttpApi) -> None:
    """/api/ask, /api/people and /api/documents, with their errors as 400 {"error"}."""
    errors: dict[int | str, dict[str, Any]] = {400: {"model": ErrorOut}}
    app.add_api_route(
        f"{API_PREFIX}/ask",
        api.ask,
        methods=["POST"],
        response_model=AnswerOut,
        responses=errors,
        summary="Answer a question with cited sources",
    )
    app.add_api_route(
        f"{API_PREFIX}/people",
        api.people,
        methods=["GET"],
        response_model=list[PersonOut],
        summary="The people indexed, their documents and headline",
    )
    app.add_api_route(
        f"{API_PREFIX}/documents",
        api.documents,
        methods=["GET"],
        response_model=list[DocumentOut],
        summary="The indexed documents",
    )
    app.add_exception_handler(ProfileChatError, _profilechat_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)


async def _profilechat_error(_request: Request, error: Exception) -> JSONResponse:
    """400 for what the caller sent; 503 for the index (damaged, unreadable), which they cannot
    fix by asking again differently."""
    status = 400 if isinstance(error, QuestionError | CallerError) else 503
    return JSONResponse({"error": str(error)}, status_code=status)


async def _invalid_request(_request: Request, error: Exception) -> JSONResponse:
    """The first problem of a malformed body, as one sentence."""
    problems = error.errors() if isinstance(error, RequestValidationError) else []
    if not problems:
        return JSONResponse({"error": "The request body is not valid JSON."}, status_code=400)
    first = problems[0]
    where = ".".join(str(part) for part in first.get("loc", ()) if part != "body") or "body"
    message = f"The request is malformed at {where}: {first.get('msg', 'invalid value')}."
    return JSONResponse({"error": message}, status_code=400)


# --------------------------------------------------------------------------- the server


def server_app(
    config: Config, bot: ProfileChat, embedder: Embedder, build: IndexBuild | None = None
) -> FastAPI:
    """One FastAPI app: the API and its /docs, and the Gradio app at "/"."""
    return _server_app(config, bot, embedder, build)[0]


def _server_app(
    config: Config, bot: ProfileChat, embedder: Embedder, build: IndexBuild | None = None
) -> tuple[FastAPI, gr.Blocks]:
    """One FastAPI app: the API and its /docs, and the Gradio app at "/" (launched as
    `demo.launch(**launch_options(config))` would), behind the same access middleware."""
    handlers = WebHandlers(config, bot, embedder, build)
    demo = build_app(config, bot, embedder, build, handlers=handlers)
    app = FastAPI(
        title="ProfileChat",
        summary="Cited answers about the people in the profiles.",
        **_app_kwargs(config),
    )
    add_api_routes(app, HttpApi(handlers))
    return gr.mount_gradio_app(app, demo, path="/", **mount_options(config)), demo


def mount_options(config: Config) -> dict[str, Any]:
    """The launch options `gr.mount_gradio_app` takes; the middleware is the outer app's."""
    accepted = inspect.signature(gr.mount_gradio_app).parameters
    return {
        name: value
        for name, value in launch_options(config).items()
        if name in accepted and name != "app_kwargs"
    }


class BackgroundServer:
    """The server running in a thread of this process (tests, benchmarks)."""

    def __init__(self, server: uvicorn.Server, thread: threading.Thread, demo: gr.Blocks) -> None:
        self.server = server
        self.thread = thread
        self.demo = demo

    def close(self) -> None:
        """Stop Gradio's queue and event streams (as `demo.close` does), then the server. As
        Gradio's own launch, wait at most SHUTDOWN_GRACE for the thread: the port is released
        first, a client's open event stream may keep the thread a little longer."""
        self.demo.close(verbose=False)
        self.server.should_exit = True
        self.thread.join(timeout=SHUTDOWN_GRACE)


def start_in_background(
    config: Config, bot: ProfileChat, embedder: Embedder, port: int
) -> tuple[BackgroundServer, str]:
    """Serve on 127.0.0.1:`port` without blocking; the server (`close()` stops it), its URL."""
    app, demo = _server_app(config, bot, embedder)  # the access rules of config.host
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="profilechat-server", daemon=True)
    thread.start()
    running = BackgroundServer(server, thread, demo)
    for _ in range(int(STARTUP_TIMEOUT / STARTUP_POLL)):
        if server.started or not thread.is_alive():
            break
        time.sleep(STARTUP_POLL)
    if not server.started:
        running.close()
        raise OSError(f"The server could not listen on 127.0.0.1:{port}.")
    return running, f"http://127.0.0.1:{port}/"


def run_server(
    config: Config, bot: ProfileChat, embedder: Embedder, build: IndexBuild | None = None
) -> None:
    """Serve until interrupted."""
    app = server_app(config, bot, embedder, build)
    shown = f"[{config.host}]" if ":" in config.host else config.host
    print(f"* Running on http://{shown}:{config.port} (API docs: /docs)", flush=True)
    uvicorn.Server(_uvicorn_config(app, config.host, config.port)).run()


def _uvicorn_config(app: FastAPI, host: str, port: int) -> uvicorn.Config:
    """As Gradio's launch configures uvicorn."""
    return uvicorn.Config(
        app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=SHUTDOWN_GRACE
    )
