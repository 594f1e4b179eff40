"""Stage "retrieve": hybrid search over the chunks of an IndexStore.

Dense search (FAISS, cosine on normalised vectors) finds paraphrases; BM25 finds names of
systems and papers the embedding model has never seen (Boki, Nightcore, EZBlender). The two
rankings are fused with reciprocal rank fusion, which needs no score calibration between them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import bm25s
import numpy as np

from .embedding import Embedder
from .store import IndexStore
from .types import Hit

RRF_K = 60  # the usual constant of reciprocal rank fusion
CANDIDATES_PER_RANKING = 30

STOPWORDS = frozenset(
    """a about above after again all am an and any are as at be been before being below between
    both but by can could did do does doing done during each else few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours out over own
    same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours anyone anybody someone somebody tell know
    please also ever any one them two let us get got give""".split()
)

# Words profiles and questions use for the same thing. A question term matches a passage that
# uses any word of its group, both in BM25 and when answer sentences are scored.
SYNONYM_GROUPS = (
    "phd doctorate doctoral dissertation thesis",
    "advisor adviser supervisor supervised supervise advised mentor mentored mentorship",
    "grow grew grown raised hometown",
    "born birthplace",
    "study studied studying degree education university college school graduated",
    "undergraduate undergrad bachelor bsc beng ba",
    "master msc ms",
    "email mail contact touch reach",
    "phone telephone call",
    "teach taught teaching course courses lecture lectures",
    "award awarded prize medal honor honour fellowship won win",
    "hobby hobbies spare free leisure enjoy",
    "paper publication article published",
    "language languages speak speaks spoken",
    "founded founder co-founded cofounded",
    "lead led leads leading",
    "write wrote written author authored",
    "begin began start started",
    "company employer firm organization organisation startup",
    "job position role title",
    "postdoc postdoctoral",
)
_TOKEN = re.compile(r"[a-z0-9]+(?:[+#][a-z0-9+#]*)?")


def normalise(text: str) -> str:
    """Lower-case, with dotted abbreviations closed up: "Ph.D." → "phd", "M.S." → "ms"."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"\b((?:[a-z]\.){2,})", lambda m: m.group(1).replace(".", ""), text)
    text = re.sub(r"\bph\.\s?d\b", "phd", text)
    return re.sub(r"'s\b", "", text)


def stem(token: str) -> str:
    """A deliberately light stemmer: plurals only, so names stay recognisable."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 4 and token.endswith(("ses", "xes", "zes", "ches", "shes")):
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    """Content words of `text`, normalised and stemmed, stopwords dropped."""
    return [stem(t) for t in _TOKEN.findall(normalise(text)) if t not in STOPWORDS]


def inverse_document_frequency(documents: list[list[str]]) -> dict[str, float]:
    frequency = Counter(t for tokens in documents for t in set(tokens))
    count = max(len(documents), 1)
    return {t: math.log(1 + count / df) for t, df in frequency.items()}


def _synonym_index() -> dict[str, frozenset[str]]:
    index: dict[str, frozenset[str]] = {}
    for line in SYNONYM_GROUPS:
        group = frozenset(stem(word) for word in line.split())
        for word in group:
            index[word] = index.get(word, frozenset()) | group
    return index


SYNONYMS = _synonym_index()


def with_synonyms(term: str) -> frozenset[str]:
    """`term` and the words of its synonym group."""
    return SYNONYMS.get(term, frozenset()) | {term}


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

    def _rows_for(self, people: list[str] | None) -> np.ndarray | None:
        if people is None:
            return None
        parts = [self._rows_by_person[p] for p in people if p in self._rows_by_person]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def _lexical(self, text: str, depth: int, rows: np.ndarray | None) -> list[tuple[int, float]]:
        tokens = sorted({t for token in tokenize(text) for t in with_synonyms(token)})
        if not tokens or not self.store.chunks:
            return []
        scores = self._bm25.get_scores(tokens)
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
