"""Exact (IndexFlatIP) vs HNSW (IndexHNSWFlat, M=32) search on clustered 384-d unit vectors.

The vectors imitate sentence embeddings: a mixture of Gaussians (cluster sizes skewed, every
point normalised), queries drawn from the same mixture. For 100k and 1M vectors it measures
the build time, single-query latency p50/p95 (queries interleaved across the indexes) and
recall@10 against the exact top 10, for HNSW at efSearch 64 and 128 and at 16 (FAISS's
default, which the store's HNSW index keeps: it sets only efConstruction). Exact search is
timed with faiss's default OpenMP threads (2 here) and with one thread (what the store uses
since it sets omp_set_num_threads(1)).

It also times a k-NN restricted to one person's few rows through faiss's IDSelectorBatch, the
way the store searched a person's chunks before it switched to an exact product over those
rows: on HNSW (efSearch=max(64, 2k)) the filter returns only a few of the allowed rows.

Default: 100k with efConstruction 80 (as the store builds it) and 1M with efConstruction 40
(an efConstruction-80 build of 1M takes several minutes on 2 cores; --full uses 80 there too).

    .venv/bin/python benchmarks/bench_faiss.py [--quick] [--full] [--sizes 100000,1000000]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import format_table, header, percentile, timed

DIMENSION = 384
M = 32
K = 10
EF_SEARCH = (16, 64, 128)  # 16: FAISS's default, what the store searches with
PERSON_ROWS = 8  # rows of one person's chunks in a filtered search
ROWS_PRODUCT = "store: numpy product over the rows"


@dataclass
class Result:
    size: int
    name: str
    build_s: float
    p50: float
    p95: float
    recall: float
    filtered_p50: float = float("nan")
    filtered_far: float = float("nan")
    filtered_near: float = float("nan")


def clustered_vectors(n: int, rng: np.random.Generator, centres: np.ndarray) -> np.ndarray:
    """n unit vectors from a skewed mixture of Gaussians around `centres`, built in blocks."""
    weights = 1.0 / np.arange(1, len(centres) + 1) ** 0.7
    weights /= weights.sum()
    out = np.empty((n, DIMENSION), dtype=np.float32)
    for start in range(0, n, 100_000):
        stop = min(n, start + 100_000)
        labels = rng.choice(len(centres), size=stop - start, p=weights)
        block = centres[labels] + rng.standard_normal((stop - start, DIMENSION), dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start:stop] = block
    return out


def make_data(n: int, n_queries: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(100, n // 250), DIMENSION), dtype=np.float32) * 1.2
    return clustered_vectors(n, rng, centres), clustered_vectors(n_queries, rng, centres)


def build(vectors: np.ndarray, ef_construction: int | None) -> tuple[float, faiss.Index]:
    if ef_construction is None:
        index: faiss.Index = faiss.IndexFlatIP(DIMENSION)
    else:
        index = faiss.IndexHNSWFlat(DIMENSION, M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = ef_construction
    seconds, _ = timed(lambda: index.add(vectors))
    return seconds, index


def search_params(index: faiss.Index, ef: int | None, k: int, sel: object = None) -> object:
    if ef is None:
        return faiss.SearchParameters(sel=sel) if sel is not None else None
    if sel is None:
        return faiss.SearchParametersHNSW(efSearch=ef)
    return faiss.SearchParametersHNSW(sel=sel, efSearch=max(64, 2 * k))


Indexes = dict[str, tuple[faiss.Index, int | None, int]]  # name → (index, efSearch, threads)


def interleaved_latency(
    indexes: Indexes, queries: np.ndarray
) -> tuple[dict[str, list[float]], dict[str, np.ndarray]]:
    """Single-query searches, all indexes per query in rotating order: times and result ids."""
    names = list(indexes)
    times: dict[str, list[float]] = {name: [] for name in names}
    ids = {name: np.zeros((len(queries), K), dtype=np.int64) for name in names}
    for i, query in enumerate(queries):
        shift = i % len(names)
        for name in names[shift:] + names[:shift]:
            index, ef, threads = indexes[name]
            faiss.omp_set_num_threads(threads)
            params = search_params(index, ef, K)
            started = time.perf_counter()
            _, found = index.search(query.reshape(1, -1), K, params=params)
            times[name].append(time.perf_counter() - started)
            ids[name][i] = found[0]
    return times, ids


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    hits = sum(len(set(f) & set(t)) for f, t in zip(found, truth, strict=True))
    return hits / truth.size


def filtered_search(
    indexes: Indexes, flat: faiss.Index, n_queries: int, n: int, seed: int
) -> dict[str, tuple[float, float, float]]:
    """k-NN among one 'person's' PERSON_ROWS contiguous rows, as the store does it, for two
    kinds of query: one from the mixture at random ("far" from those rows) and one near a row
    (the row plus noise, cosine about 0.7). Returns per index (p50 s, far recall, near recall)."""
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, n - PERSON_ROWS, size=n_queries)
    _, far_queries = make_data(1000, n_queries, seed)  # other centres: unrelated questions
    names = [*indexes, ROWS_PRODUCT]
    xb = faiss.rev_swig_ptr(flat.get_xb(), n * DIMENSION).reshape(n, DIMENSION)
    times: dict[str, list[float]] = {name: [] for name in names}
    found_rows = {(name, kind): 0 for name in names for kind in ("far", "near")}
    for far, start in zip(far_queries, starts, strict=True):
        rows = np.arange(start, start + PERSON_ROWS, dtype=np.int64)
        near = flat.reconstruct(int(start + rng.integers(PERSON_ROWS)))
        near = near + rng.standard_normal(DIMENSION).astype(np.float32) * 0.05
        near /= np.linalg.norm(near)
        for kind, query in (("far", far), ("near", near)):
            for name, (index, ef, threads) in indexes.items():
                faiss.omp_set_num_threads(threads)
                params = search_params(index, ef, PERSON_ROWS, faiss.IDSelectorBatch(rows))
                started = time.perf_counter()
                _, found = index.search(query.reshape(1, -1), PERSON_ROWS, params=params)
                times[name].append(time.perf_counter() - started)
                found_rows[name, kind] += int((found[0] >= 0).sum())
            started = time.perf_counter()
            best = np.argsort(-(xb[rows] @ query))[:PERSON_ROWS]  # what the store does now
            times[ROWS_PRODUCT].append(time.perf_counter() - started)
            found_rows[ROWS_PRODUCT, kind] += len(best)
    total = PERSON_ROWS * n_queries
    return {
        name: (
            percentile(times[name], 50),
            found_rows[name, "far"] / total,
            found_rows[name, "near"] / total,
        )
        for name in names
    }


def run_size(n: int, n_queries: int, ef_construction: int, seed: int, threads: int) -> list[Result]:
    print(f"  {n:,} vectors: generating ...", flush=True)
    vectors, queries = make_data(n, n_queries, seed)
    flat_s, flat = build(vectors, None)
    print(f"  {n:,}: HNSW build (efConstruction {ef_construction}) ...", flush=True)
    hnsw_s, hnsw = build(vectors, ef_construction)
    del vectors
    _, truth = flat.search(queries, K)
    indexes: Indexes = {"exact": (flat, None, threads), "exact 1 thread": (flat, None, 1)}
    indexes |= {f"hnsw ef{ef}": (hnsw, ef, threads) for ef in EF_SEARCH}
    interleaved_latency(indexes, queries[:10])  # warm-up
    times, ids = interleaved_latency(indexes, queries)
    filtered = filtered_search(indexes, flat, len(queries), n, seed + 1)
    results = []
    for name in indexes:
        exact = name.startswith("exact")
        build_s = flat_s if exact else hnsw_s
        label = name if exact else f"{name} (efC {ef_construction})"
        results.append(
            Result(
                n,
                label,
                build_s,
                percentile(times[name], 50),
                percentile(times[name], 95),
                recall(ids[name], truth),
                *filtered[name],
            )
        )
    nan = float("nan")
    results.append(Result(n, ROWS_PRODUCT, nan, nan, nan, nan, *filtered[ROWS_PRODUCT]))
    return results


def crossover(results: list[Result]) -> str:
    """Sizes at which exact search would cost as much as HNSW, or a latency budget, taking
    exact search's p50 as proportional to the number of vectors (cost per vector measured at
    each size: past the CPU caches the larger size's figure is the one to use)."""
    largest = max(r.size for r in results)
    hnsw = [r for r in results if r.name.startswith("hnsw ef128") and r.size == largest]
    budgets = (5, 10, 20, 50)
    rows = []
    for r in results:
        if not r.name.startswith("exact") or not r.p50 > 0:
            continue
        per_vector = r.p50 / r.size
        row = [r.name, f"{r.size:,}", f"{per_vector * 1e9:.0f}"]
        row += [f"{h.p50 / per_vector:,.0f}" for h in hnsw]
        row += [f"{b / 1000 / per_vector:,.0f}" for b in budgets]
        rows.append(row)
    columns = ["exact search", "measured at", "ms per 1M"]
    columns += ["n: = HNSW ef128" for _ in hnsw] + [f"n: {b} ms" for b in budgets]
    title = "\nexact search p50 taken as proportional to n: sizes where it reaches a figure"
    return format_table(columns, rows, title=title)


def _num(value: float, pattern: str) -> str:
    return "-" if value != value else pattern.format(value)  # NaN: not applicable


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--full", action="store_true", help="efConstruction 80 at 1M too")
    parser.add_argument("--sizes", type=str, default=None)
    parser.add_argument("--queries", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sizes = [
        int(s) for s in (args.sizes or ("100000" if args.quick else "100000,1000000")).split(",")
    ]
    n_queries = args.queries or 100
    print(
        header(
            "bench_faiss",
            args.quick,
            f"sizes {sizes}, {n_queries} queries, faiss threads {faiss.omp_get_max_threads()}",
        )
    )
    threads = faiss.omp_get_max_threads()
    results: list[Result] = []
    for n in sizes:
        ef_construction = 80 if (n <= 200_000 or args.full) else 40
        results += run_size(n, n_queries, ef_construction, args.seed, threads)
        faiss.omp_set_num_threads(threads)
    rows = [
        [
            f"{r.size:,}",
            r.name,
            _num(r.build_s, "{:.1f}"),
            _num(r.p50 * 1000, "{:.1f}"),
            _num(r.p95 * 1000, "{:.1f}"),
            _num(r.recall, "{:.3f}"),
            f"{r.filtered_p50 * 1000:.2f}",
            f"{r.filtered_far:.3f}",
            f"{r.filtered_near:.3f}",
        ]
        for r in results
    ]
    columns = [
        "vectors",
        "index",
        "build s",
        "p50 ms",
        "p95 ms",
        f"recall@{K}",
        "filt p50 ms",
        "filt far",
        "filt near",
    ]
    title = (
        f"\nsingle-query search, {n_queries} queries; filt = k-NN among one person's "
        f"{PERSON_ROWS} rows (IDSelectorBatch): share of those rows returned, for a query "
        "unrelated to them (far) and one near a row (near)"
    )
    print(format_table(columns, rows, title=title))
    print(crossover(results))


if __name__ == "__main__":
    main()
