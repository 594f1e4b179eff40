"""Vector search in the index store: exact, approximate, and limited to some rows."""

from __future__ import annotations

import numpy as np
import pytest

from profilechat.store import IndexStore
from profilechat.types import Chunk


def _store(count: int, approximate_above: int, seed: int = 0) -> IndexStore:
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(count, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    chunks = [Chunk(i, f"P{i % 50}", f"p{i % 50}.md", "", f"text {i}", 0, 6) for i in range(count)]
    return IndexStore(
        model="m",
        dimension=32,
        chunker={},
        chunks=chunks,
        unit_spans=[[] for _ in chunks],
        vectors=vectors,
        unit_vectors=np.zeros((0, 32), dtype=np.float32),
        documents={},
        approximate_above=approximate_above,
    )


@pytest.mark.parametrize("approximate_above", [10**9, 1_000])
def test_search_limited_to_rows_is_exact(approximate_above: int) -> None:
    """A person's passages must all be reachable, whatever kind of FAISS index serves the rest
    (HNSW with an ID filter returns only a few of them: see docs/benchmarks.md)."""
    store = _store(20_000, approximate_above)
    rows = np.arange(7, 20_000, 2_500)  # one person's 8 chunks among 20,000
    query = np.random.default_rng(1).normal(size=32).astype(np.float32)  # near none of them
    query /= np.linalg.norm(query)
    found = store.search(query, 10, rows)
    expected = rows[np.argsort(-(store.vectors[rows] @ query))[:10]]
    assert [row for row, _ in found] == expected.tolist()
    assert all(row in set(rows.tolist()) for row, _ in found)


def test_unfiltered_search_uses_hnsw_above_the_threshold() -> None:
    store = _store(500, approximate_above=100)
    assert type(store.faiss_index).__name__ == "IndexHNSWFlat"
    best = store.search(store.vectors[3], 1)
    assert best[0][0] == 3 and best[0][1] == pytest.approx(1.0, abs=1e-5)
