"""Stage "interfaces/launch": start the web server (`profilechat serve`, `python app.py`).

Most of a start is importing Gradio and FastAPI and building the page, Python work that holds
the GIL. Loading the embedding model is mostly ONNX Runtime building its session, and opening
the index mostly FAISS reading its files: C++ that releases the GIL. So a thread loads the model
and opens the index while the main thread imports the web modules; on two cores the two overlap
(benchmarks/bench_serve_start.py measures the whole start). The modules the thread needs from
this package (numpy, the index store, the retriever) are imported before it starts, so the two
threads do not import the same modules at once.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from .config import Config

if TYPE_CHECKING:
    from .embedding import Embedder
    from .session import ProfileChat


class Preload(threading.Thread):
    """Loads the embedding model, then opens the index (None when there is none yet or it was
    built with another model: the server's start-up update builds it)."""

    def __init__(self, config: Config) -> None:
        super().__init__(name="profilechat-preload", daemon=True)
        self.config = config
        self.embedder: Embedder | None = None
        self.bot: ProfileChat | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        from .embedding import load_embedder
        from .errors import IndexMismatchError, IndexMissingError
        from .session import ProfileChat

        config = self.config
        try:
            self.embedder = load_embedder(config.model, config.batch_size, config.embedding_backend)
            try:
                self.bot = ProfileChat.open(config=config, embedder=self.embedder)
            except (IndexMissingError, IndexMismatchError):
                self.bot = None
        except BaseException as error:  # re-raised in the main thread by result()
            self.error = error

    def result(self) -> tuple[Embedder, ProfileChat | None]:
        """The model and the open index, once loaded; what went wrong, raised here."""
        self.join()
        if self.error is not None:
            raise self.error
        assert self.embedder is not None
        return self.embedder, self.bot


def serve(config: Config) -> None:
    """Serve the app and the HTTP API until interrupted (web.serve), loading the model and the
    index while Gradio is imported."""
    from . import session  # noqa: F401  (the thread's imports, made here first)

    preload = Preload(config)
    preload.start()
    from .web import empty_bot  # imports Gradio and FastAPI meanwhile
    from .web import serve as serve_loaded

    embedder, bot = preload.result()
    serve_loaded(config, embedder, bot or empty_bot(config, embedder))
