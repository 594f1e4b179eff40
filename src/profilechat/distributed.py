"""Stage "prepare" on a Ray cluster: new and changed documents are loaded, attributed,
structured, chunked and embedded by a pool of Ray Data actors, each loading the model once.
Results stream back to the driver as they finish, in the documents' order, and the driver
writes each one at once to a staging segment (segments.SegmentWriter) while the workers prepare
the next: it holds no more results in memory than arrive ahead of an earlier one, and writing
overlaps preparing. indexing.py then commits that segment through the same store code as an
in-process build (the same files, byte for byte), so both give the same index.

- Nothing is written by the workers, and the staging segment is only referenced once the
  manifest is committed: an interrupted run leaves the previous index serving, and the next
  update removes what it left.
- A document that fails to load comes back as its skip reason, as in process.
- A worker process that dies is restarted and its batch run again: Ray Data creates its actors
  with `max_restarts=-1` and `max_task_retries=-1` (retries after a lost process or node, not
  after a Python exception, which fails the run and leaves the index as it was).
- Workers read each document at the driver's path: on several machines the corpus must be on a
  filesystem mounted at the same place on every node.

`ray` is an optional extra, imported only here.
"""

from __future__ import annotations

import logging
import math
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import EMBEDDING_BACKENDS, Config
from .embedding import Embedder, choose_backend, load_embedder
from .errors import ProfileChatError, RayMissingError
from .indexing import (
    DocumentProgress,
    PendingDocument,
    PreparedDocuments,
    _Prepared,
    _Streamed,
    embed_document,
    embedder_backend,
    prepare_document,
)

if TYPE_CHECKING:
    import numpy as np

    from .segments import SegmentWriter

LOCAL = "local"  # Config.ray_address that starts a Ray on this machine


def import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as error:
        raise RayMissingError() from error
    return ray


def prepare_on_ray(
    pending: list[PendingDocument],
    config: Config,
    embedder: Embedder | None,
    progress: DocumentProgress,
) -> PreparedDocuments:
    """Prepare the documents on the Ray cluster at `config.ray_address` (a new local one for
    "local"; an already connected one is used as it is), calling `progress` as each result
    arrives and once at the end.

    Each worker loads `config.model` itself when `embedder` is None or one load_embedder makes
    (a loaded model does not pickle; the worker uses the same backend); any other embedder (a
    test's fake) is sent to the workers, so it must pickle and its module be importable there."""
    if not pending:
        return PreparedDocuments([])
    config, embedder = _for_workers(config, embedder)
    ray = import_ray()
    started_here = not ray.is_initialized()
    if started_here:
        connect(config)
    try:
        return _run(ray, pending, config, embedder, progress)
    finally:
        if started_here:
            ray.shutdown()


def connect(config: Config) -> None:
    """Start a local Ray (one CPU per worker when `ray_workers` is set) or join a cluster."""
    ray = import_ray()
    local = config.ray_address == LOCAL
    if _ray_log_level() > logging.INFO:
        # Ray's C++ core logs to stderr; its warnings (Ray Data's actor arguments live in the
        # object store, logged at ERROR level: ray-project/ray#57733) are not the user's to act
        # on. Errors still reach the driver as exceptions. Ray itself then prints one INFO line
        # saying it read this variable (logging.cc logs it before applying the level); Ray offers
        # no setting that avoids both lines.
        os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    ray.init(
        address=config.ray_address,
        num_cpus=(config.ray_workers or None) if local else None,
        include_dashboard=False,
        logging_level=_ray_log_level(),
        log_to_driver=_ray_log_level() <= logging.INFO,  # workers' output only with -v
    )


def _ray_log_level() -> int:
    """Ray's own messages only when ProfileChat shows library messages (-v): otherwise a
    failure reaches the user as the update's one-sentence error, without Ray's tracebacks."""
    verbose = logging.getLogger().getEffectiveLevel() <= logging.INFO
    return logging.INFO if verbose else logging.CRITICAL


def _run(
    ray: Any,
    pending: list[PendingDocument],
    config: Config,
    embedder: Embedder | None,
    progress: DocumentProgress,
) -> PreparedDocuments:
    for name in ("ray", "ray.data"):  # Ray Data sets its loggers' levels when imported
        logging.getLogger(name).setLevel(_ray_log_level())
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    # Results in the documents' order, as the segment is written: Ray keeps the ones that finish
    # early in its object store (spilled to disk when full), not in the driver's memory.
    context.execution_options.preserve_order = True
    workers = config.ray_workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    batch_size = max(1, config.ray_batch_size)
    rows = [
        {"position": i, "path": str(p.path), "source": p.source, "override": p.override or ""}
        for i, p in enumerate(pending)
    ]
    # One block per batch, so that every worker gets some of a small corpus.
    batches = math.ceil(len(rows) / batch_size)
    dataset = ray.data.from_items(rows, override_num_blocks=batches)
    prepared = dataset.map_batches(
        DocumentWorker,
        fn_constructor_kwargs={"config": _shippable(config), "embedder": embedder},
        batch_size=batch_size,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=min(workers, batches)),
        num_cpus=1,
    )
    stream = _InOrder(config)
    try:
        for done, row in enumerate(prepared.iter_rows()):
            position = int(row["position"])
            progress(done, len(pending), pending[position].source)
            stream.receive(position, row["outcome"])
        progress(len(pending), len(pending), "")
        return stream.finish(pending)
    except BaseException:
        stream.discard()
        raise


class _InOrder:
    """Results written to the staging segment in the documents' order as they arrive; one that
    arrives before an earlier one waits (pickled, as received) until that one has come."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.writer: SegmentWriter | None = None
        self.outcomes: list[_Streamed | str] = []
        self.waiting: dict[int, bytes] = {}
        self.held_at_most = 0
        self.dimension, self.backend = 0, ""

    def receive(self, position: int, outcome: bytes) -> None:
        self.waiting[position] = outcome
        self.held_at_most = max(self.held_at_most, len(self.waiting))
        while len(self.outcomes) in self.waiting:
            self._write(pickle.loads(self.waiting.pop(len(self.outcomes))))

    def _write(self, result: tuple[_Prepared | str | ProfileChatError, int, str]) -> None:
        outcome, dimension, backend = result
        if isinstance(outcome, ProfileChatError):
            raise outcome
        if isinstance(outcome, _Prepared):
            assert outcome.chunk_vectors is not None and outcome.unit_vectors is not None
            if self.writer is None:
                from .segments import SegmentWriter

                self.writer = SegmentWriter(self.config.index_dir)
            self.writer.add(
                outcome.chunks,
                outcome.spans,
                outcome.chunk_vectors,
                outcome.unit_vectors,
                outcome.facts,
            )
            outcome = _Streamed.of(outcome)
        self.outcomes.append(outcome)
        self.dimension, self.backend = self.dimension or dimension, self.backend or backend

    def finish(self, pending: list[PendingDocument]) -> PreparedDocuments:
        if len(self.outcomes) < len(pending):
            raise ProfileChatError(
                f"The Ray workers returned no result for {pending[len(self.outcomes)].source}; "
                "the index is unchanged: run the update again."
            )
        staged = self.writer.finish() if self.writer is not None else None
        outcomes: list[_Prepared | _Streamed | str] = list(self.outcomes)
        return PreparedDocuments(
            outcomes, self.dimension, self.backend, staged, held_at_most=self.held_at_most
        )

    def discard(self) -> None:
        if self.writer is not None:
            self.writer.discard()


class DocumentWorker:
    """A Ray Data actor: loads the model once, then prepares batches of documents. Each result
    is pickled whole (documents, chunks, facts and vectors are Python objects, not columns).

    A model that cannot be loaded is sent back as the error, in place of every result: raised
    in the constructor, it would reach the driver as Ray's ActorDiedError with the message lost
    in a traceback."""

    def __init__(self, config: Config, embedder: Embedder | None) -> None:
        self.config = config
        self.failure: ProfileChatError | None = None
        try:
            self.embedder = embedder or load_embedder(
                config.model, config.batch_size, config.embedding_backend
            )
        except ProfileChatError as error:
            self.failure = ProfileChatError(str(error))  # DocumentError and such do not pickle

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, list[Any]]:
        if self.failure is not None:
            failed = pickle.dumps((self.failure, 0, ""))
            return {"position": list(batch["position"]), "outcome": [failed] * len(batch["path"])}
        results = []
        for path, source, override in zip(
            batch["path"], batch["source"], batch["override"], strict=True
        ):
            item = PendingDocument(Path(str(path)), str(source), str(override) or None)
            results.append(pickle.dumps(self._prepare(item), protocol=pickle.HIGHEST_PROTOCOL))
        return {"position": list(batch["position"]), "outcome": results}

    def _prepare(self, item: PendingDocument) -> tuple[_Prepared | str, int, str]:
        outcome = prepare_document(item, self.config)
        if isinstance(outcome, str):
            return outcome, 0, ""
        embed_document(self.embedder, outcome)
        return outcome, self.embedder.dimension, embedder_backend(self.embedder)


def _for_workers(config: Config, embedder: Embedder | None) -> tuple[Config, Embedder | None]:
    """The configuration and embedder to send: a model load_embedder makes is named by the
    configuration (backend included) rather than sent."""
    if embedder is not None and embedder_backend(embedder) in EMBEDDING_BACKENDS:
        config, embedder = config.with_(embedding_backend=embedder_backend(embedder)), None
    if embedder is None:
        choose_backend(config.model, config.embedding_backend)  # a wrong setting fails here
    return config, embedder


def _shippable(config: Config) -> Config:
    """The configuration without the LLM server's API key, which workers never need."""
    return config.with_(llm_api_key="")
