"""A fake embedding model: hashed bag of words, so index tests need no weights."""

from __future__ import annotations

import hashlib

import numpy as np

from profilechat.text import tokenize


class HashEmbedder:
    """Deterministic, fast and crude; counts how many texts it was asked to embed."""

    backend = "fake"

    def __init__(self, name: str = "fake-hash-64", dimension: int = 64) -> None:
        self.name = name
        self.dimension = dimension
        self.texts_embedded = 0
        self.calls = 0

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        self.calls += 1
        self.texts_embedded += len(texts)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in tokenize(text) or ["empty"]:
                bucket = int(hashlib.md5(token.encode()).hexdigest()[:8], 16) % self.dimension
                vectors[row, bucket] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-9)
