"""Stage "retrieve": hybrid search over the chunks of an IndexStore.

Dense search (FAISS, cosine on normalised vectors) finds paraphrases; BM25 finds names of
systems and papers the embedding model has never seen. The two
rankings are fused with reciprocal rank fusion, which needs no score calibration between them.
"""

from __future__ import annotations

from dataclasses import dataclass

import bm25s
import numpy as np

from .embedding import Embedder
from .store import IndexStore
from .text import inverse_document_frequency, tokenize, with_synonyms
from .types import Hit

RRF_K = 60  # the usual constant of reciprocal rank fusion
CANDIDATES_PER_RANKING = 30


@dataclass(frozen=True)
class Retrieval:
    """The question's vector and the fused hits, best first."""

    query_vector: np.ndarray
    hits: list[Hit]


class Retriever:
    def __init__(self, store: IndexStore, embedder: Embedder) -> None:
        self.store = store
        self.embedder = embedder
        self.mode = "hybrid"  # or "dense" / "bm25", for comparisons
        self._bm25 = bm25s.BM25()
        corpus_tokens = [tokenize(f"{c.person} {c.section} {c.text}") for c in store.chunks]
        self.vocabulary = frozenset(t for tokens in corpus_tokens for t in tokens)
        self.idf = inverse_document_frequency(corpus_tokens)
        if store.chunks:
            self._bm25.index(corpus_tokens, show_progress=False)
        rows: dict[str, list[int]] = {}
        for row, chunk in enumerate(store.chunks):
            rows.setdefault(chunk.person, []).append(row)
        self._rows_by_person = {p: np.array(r, dtype=np.int64) for p, r in rows.items()}

    def embed_query(self, text: str) -> np.ndarray:
        return self.embedder.encode([text])[0]

    def retrieve(
        self,
        text: str,
        k: int,
        people: list[str] | None = None,
        query_vector: np.ndarray | None = None,
    ) -> Retrieval:
        """The k best chunks for `text`, only among `people`'s chunks when given."""
        vector = self.embed_query(text) if query_vector is None else query_vector
        rows = self._rows_for(people)
        if rows is not None and len(rows) == 0:
            return Retrieval(vector, [])
        depth = max(CANDIDATES_PER_RANKING, 3 * k)
        dense = self.store.search(vector, depth, rows) if self.mode != "bm25" else []
        lexical = self._lexical(text, depth, rows) if self.mode != "dense" else []
        return Retrieval(vector, self._fuse(vector, dense, lexical, k))

    def retrieve_each(
        self, text: str, k: int, people: list[str], query_vector: np.ndarray
    ) -> list[Hit]:
        """The k best chunks of each of `people` in turn: what `retrieve` finds for one person
        at a time, from one lexical scoring of the index and one product with all their vectors
        (a question about many people costs one search, not one per person)."""
        rows_of = [self._rows_by_person.get(p, np.zeros(0, dtype=np.int64)) for p in people]
        if not any(len(rows) for rows in rows_of):
            return []
        depth = max(CANDIDATES_PER_RANKING, 3 * k)
        everyone = np.concatenate(rows_of)
        dense = self.store.vectors[everyone] @ query_vector if self.mode != "bm25" else None
        lexical = self._lexical_scores(text) if self.mode != "dense" else None
        hits: list[Hit] = []
        offset = 0
        for rows in rows_of:
            own_dense: list[tuple[int, float]] = []
            if dense is not None:
                scores = dense[offset : offset + len(rows)]
                own_dense = [(int(rows[i]), float(scores[i])) for i in np.argsort(-scores)[:depth]]
            own_lexical: list[tuple[int, float]] = []
            if lexical is not None:
                scores = lexical[rows]
                best = np.argsort(-scores)[:depth]
                own_lexical = [(int(rows[i]), float(scores[i])) for i in best if scores[i] > 0]
            offset += len(rows)
            hits += self._fuse(query_vector, own_dense, own_lexical, k)
        return hits

    def _rows_for(self, people: list[str] | None) -> np.ndarray | None:
        if people is None:
            return None
        parts = [self._rows_by_person[p] for p in people if p in self._rows_by_person]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def _lexical_scores(self, text: str) -> np.ndarray | None:
        """BM25 scores of every chunk for `text`; None when it has no words to match."""
        tokens = sorted({t for token in tokenize(text) for t in with_synonyms(token)})
        if not tokens or not self.store.chunks:
            return None
        return self._bm25.get_scores(tokens)

    def _lexical(self, text: str, depth: int, rows: np.ndarray | None) -> list[tuple[int, float]]:
        scores = self._lexical_scores(text)
        if scores is None:
            return []
        if rows is not None:
            mask = np.full(len(scores), -1.0, dtype=np.float32)
            mask[rows] = scores[rows]
            scores = mask
        best = np.argsort(-scores)[:depth]
        return [(int(i), float(scores[i])) for i in best if scores[i] > 0]

    def _fuse(
        self,
        vector: np.ndarray,
        dense: list[tuple[int, float]],
        lexical: list[tuple[int, float]],
        k: int,
    ) -> list[Hit]:
        fused: dict[int, float] = {}
        for ranking in (dense, lexical):
            for rank, (row, _) in enumerate(ranking):
                fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank + 1)
        dense_scores = dict(dense)
        lexical_scores = dict(lexical)
        best = sorted(fused, key=lambda row: -fused[row])[:k]
        return [
            Hit(
                chunk=self.store.chunks[row],
                score=fused[row],
                dense_score=dense_scores.get(row, float(self.store.vectors[row] @ vector)),
                lexical_score=lexical_scores.get(row, 0.0),
            )
            for row in best
        ]
