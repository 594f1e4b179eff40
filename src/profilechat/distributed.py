"""Stage "prepare" on a Ray cluster: new and changed documents are loaded, attributed,
structured, chunked and embedded by a pool of Ray Data actors, each loading the model once.
Results stream back to the driver as they finish and indexing.py writes them with the same store
code as an in-process build, so both give the same index.

- Nothing is written by the workers: an interrupted run leaves the previous index serving.
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
    embed_document,
    embedder_backend,
    prepare_document,
)

if TYPE_CHECKING:
    import numpy as np

    from .indexing import _Prepared

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
        # object store) are not the user's to act on. Errors still reach the driver as exceptions.
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
    outcomes: list[_Prepared | str | None] = [None] * len(pending)
    dimension, backend = 0, ""
    for done, row in enumerate(prepared.iter_rows()):
        position = int(row["position"])
        progress(done, len(pending), pending[position].source)
        outcome, row_dimension, row_backend = pickle.loads(row["outcome"])
        if isinstance(outcome, ProfileChatError):
            raise outcome
        outcomes[position] = outcome
        dimension, backend = dimension or row_dimension, backend or row_backend
    progress(len(pending), len(pending), "")
    missing = [pending[i].source for i, o in enumerate(outcomes) if o is None]
    if missing:
        raise ProfileChatError(
            f"The Ray workers returned no result for {missing[0]}; the index is unchanged: "
            "run the update again."
        )
    return PreparedDocuments([o for o in outcomes if o is not None], dimension, backend)


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
