"""Indexing on a local Ray versus in process: the same synthetic profiles, side by side in one
process, and a projection to 1,000,000 profiles from the measured rates.

  in-process      update_index(rebuild=True) with the model already loaded (its load is not
                  counted): one document after the other, ONNX Runtime on one thread; run
                  before and after the Ray runs, the ratios are to the mean of the two
  ray, W workers  the same on the local Ray started before the runs (start-up printed on its
                  own): a Ray Data actor pool of W, each actor loading the model (counted)
  driver receive  the rate at which the driver takes results off Ray: a dataset of the real
                  pickled results of this corpus, iterated and unpickled on the driver
  driver write    from the last result to the end of update_index: assemble the store, build
                  FAISS, write with fsync (the same code as in process); measured on the runs
                  above and, for a steadier rate, on a larger corpus built in process with
                  random unit vectors in place of the model (same sizes, no embedding cost)

  driver, held / streamed
                  the driver's side of a Ray run without Ray or a model (--driver-only runs
                  just this): the pickled results of profiles with random vectors fed to
                  update_index one after the other, as Ray hands them over. "held" is the
                  driver before streaming (every result kept, the index written after the
                  last one), "streamed" the driver now (each result written to the staging
                  segment as it arrives, the commit after the last one). Time while results
                  arrive and after the last one; Python's peak allocation (tracemalloc, in a
                  second run of each: it slows Python down) per document.

Per-worker rate: the 1-worker run after its first batch arrived (documents/s and texts/s; the
actor's start and model load are start-up). Projection for N profiles and W workers (the
driver streaming): start-up + max(N / (W x worker rate), N / driver rate while streaming) + the
commit after the last result; the driver bounds the run once W x worker rate passes its rate
while streaming (receiving, unpickling and writing each result).

    .venv/bin/python benchmarks/bench_ray.py [--quick] [--profiles N] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import format_table, header, load_default_embedder, timed
from synthetic import generate_profiles, write_corpus

PROJECTED_PROFILES = 1_000_000
PROJECTED_WORKERS = (8, 32, 128)


class CountingEmbedder:
    """Passes every call to the real embedder and counts the texts it embeds."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name, self.dimension = inner.name, inner.dimension
        self.backend = getattr(inner, "backend", "")
        self.texts = 0

    def encode(self, texts: list[str], *, progress: bool = False) -> Any:
        self.texts += len(texts)
        return self.inner.encode(texts, progress=progress)


class RandomEmbedder:
    """Random unit vectors of the real model's size: a build that costs no embedding."""

    name, dimension, backend = "random-384", 384, "random"

    def encode(self, texts: list[str], *, progress: bool = False) -> Any:
        import numpy as np

        vectors = np.random.default_rng(len(texts)).standard_normal((len(texts), self.dimension))
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors.astype(np.float32)


class Clock:
    """A DocumentProgress that notes when the first and the last result arrived."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.first = self.last = 0.0

    def __call__(self, done: int, total: int, source: str) -> None:
        now = time.perf_counter()
        self.first = self.first or now
        if not source:  # the end of the preparation: every result is in
            self.last = now


def build(config: Any, embedder: Any) -> dict[str, float]:
    from profilechat.indexing import update_index

    clock = Clock()
    seconds, report = timed(lambda: update_index(config, embedder, rebuild=True, progress=clock))
    return {
        "seconds": seconds,
        "first result": clock.first - clock.started,
        "last result": clock.last - clock.started,
        "write": seconds - (clock.last - clock.started),
        "documents": len(report.added),
        "chunks": report.chunks_embedded,
    }


def receive_rate(ray: Any, payloads: list[bytes]) -> float:
    """Documents per second the driver takes off Ray and unpickles (no workers involved)."""
    rows = [{"position": i, "outcome": p} for i, p in enumerate(payloads)]
    dataset = ray.data.from_items(rows, override_num_blocks=max(1, len(rows) // 16))
    dataset = dataset.materialize()  # the results already in the object store
    started = time.perf_counter()
    for row in dataset.iter_rows():
        pickle.loads(row["outcome"])
    return len(rows) / (time.perf_counter() - started)


def pickled_results(config: Any, embedder: Any) -> list[bytes]:
    """What the workers send back for each document of the corpus (indexing.py's outcomes)."""
    from profilechat.indexing import PendingDocument, embed_document, prepare_document
    from profilechat.loaders import list_corpus

    payloads = []
    for path in list_corpus(config.corpus_dir).supported:
        source = path.relative_to(config.corpus_dir).as_posix()
        outcome = prepare_document(PendingDocument(path, source), config)
        if not isinstance(outcome, str):
            embed_document(embedder, outcome)
        payloads.append(pickle.dumps((outcome, embedder.dimension, "onnx"), protocol=5))
    return payloads


def replaying(payloads: list[bytes], streamed: bool) -> Callable[..., Any]:
    """An executor for update_index that hands over `payloads` (the corpus's results, in its
    order) as Ray's iterator does: held (the driver before streaming) or streamed."""
    from profilechat.distributed import _InOrder
    from profilechat.indexing import PreparedDocuments

    def prepare(pending: list[Any], config: Any, embedder: Any, progress: Any) -> Any:
        stream = _InOrder(config)
        held, dimension, backend = [], 0, ""
        for position, payload in enumerate(payloads):
            progress(position, len(payloads), pending[position].source)
            if streamed:
                stream.receive(position, payload)
            else:
                outcome, dimension, backend = pickle.loads(payload)
                held.append(outcome)
        progress(len(payloads), len(payloads), "")
        if streamed:
            return stream.finish(pending)
        return PreparedDocuments(held, dimension, backend)

    return prepare


def driver_variants(n: int) -> dict[str, dict[str, float]]:
    """The driver held and streamed on the same n results (random vectors): seconds while
    results arrive, after the last one, and peak Python allocation per document."""
    from profilechat import indexing
    from profilechat.config import Config

    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(generate_profiles(n, seed=2), corpus)
        config = Config(corpus_dir=corpus, index_dir=Path(tmp) / "index")
        payloads = pickled_results(config, RandomEmbedder())
        size = sum(len(p) for p in payloads) / len(payloads)
        original = indexing._executor
        try:
            for name, streamed in (("held", False), ("streamed", True)):
                indexing._executor = lambda _config, s=streamed: replaying(payloads, s)
                run = build(config, RandomEmbedder())
                tracemalloc.start()
                build(config, RandomEmbedder())
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                results[name] = {
                    "arrival": run["last result"],
                    "after": run["write"],
                    "peak MiB": peak / 2**20,
                    "result KiB": size / 1024,
                }
        finally:
            indexing._executor = original
    return results


def report_driver(
    n: int, variants: dict[str, dict[str, float]], half: dict[str, dict[str, float]]
) -> None:
    """The run on n results, and the growth of the peak from n / 2 to n results per document
    (what a driver's memory grows by per result; the fixed part left out)."""
    rows = [
        [
            name,
            f"{v['arrival']:.2f}",
            f"{v['after']:.2f}",
            f"{n / v['arrival']:.0f}",
            f"{n / (v['arrival'] + v['after']):.0f}",
            f"{v['peak MiB']:.1f}",
            f"{(v['peak MiB'] - half[name]['peak MiB']) * 1024 / (n - n // 2):.1f}",
        ]
        for name, v in variants.items()
    ]
    columns = [
        "driver",
        "arrive s",
        "after last s",
        "docs/s arriving",
        "docs/s",
        "peak MiB",
        f"KiB/doc ({n // 2} to {n})",
    ]
    title = (
        f"driver without Ray, {n} results of {variants['held']['result KiB']:.1f} KiB pickled "
        "(random vectors)"
    )
    print(format_table(columns, rows, title=title))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--profiles", type=int, default=None)
    parser.add_argument("--workers", default="2,1", help="comma-separated actor pool sizes")
    parser.add_argument(
        "--write-profiles", type=int, default=None, help="corpus for the write rate"
    )
    parser.add_argument(
        "--driver-only", action="store_true", help="only the driver, held versus streamed"
    )
    args = parser.parse_args(argv)
    if args.driver_only:
        n_driver = args.profiles or (200 if args.quick else 2000)
        print(header("bench_ray", args.quick, f"driver only, {n_driver} synthetic profiles"))
        half = driver_variants(n_driver // 2)
        report_driver(n_driver, driver_variants(n_driver), half)
        return
    n_profiles = args.profiles or (40 if args.quick else 1000)
    n_write = args.write_profiles or (200 if args.quick else 3000)
    # At least 8 batches, so that the per-worker rate is measured after the first one.
    batch = max(1, min(16, n_profiles // 8))
    workers = [int(w) for w in args.workers.split(",") if w]
    print(header("bench_ray", args.quick, f"{n_profiles} synthetic profiles, Ray batch {batch}"))

    from profilechat.config import Config
    from profilechat.distributed import connect, import_ray

    embedder = load_default_embedder()
    embedder.encode(["warm-up"] * 8)
    ray = import_ray()
    ray_start, _ = timed(lambda: connect(Config(ray_address="local", ray_workers=max(workers))))
    print(f"local Ray started in {ray_start:.1f}s ({max(workers)} CPUs)")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(generate_profiles(n_profiles, seed=0), corpus)
        base = Config(corpus_dir=corpus, index_dir=Path(tmp) / "in-process")
        counting = CountingEmbedder(embedder)
        runs = {"in-process, before": build(base, counting)}
        texts = counting.texts
        for w in workers:
            on_ray = base.with_(
                index_dir=Path(tmp) / f"ray-{w}", ray_address="local", ray_batch_size=batch
            )
            runs[f"ray, {w} worker{'s' if w > 1 else ''}"] = build(
                on_ray.with_(ray_workers=w), None
            )
        runs["in-process, after"] = build(base.with_(index_dir=Path(tmp) / "again"), embedder)
        payloads = pickled_results(base, embedder)
        receive = receive_rate(ray, payloads)
    ray.shutdown()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(generate_profiles(n_write, seed=1), corpus)
        writes = build(Config(corpus_dir=corpus, index_dir=Path(tmp) / "index"), RandomEmbedder())
    write_rate = writes["documents"] / writes["write"]
    print(
        f"driver write, {n_write} profiles in process with random vectors: {writes['write']:.1f}s "
        f"({write_rate:.0f} documents/s; {writes['chunks']} chunks)"
    )
    variants = driver_variants(n_write)
    report_driver(n_write, variants, driver_variants(n_write // 2))
    streamed = variants["streamed"]
    stream_rate = n_write / streamed["arrival"]
    report(
        runs, texts, receive, ray_start, n_profiles, stream_rate, batch, streamed["after"] / n_write
    )


def report(
    runs: dict[str, dict[str, float]],
    texts: int,
    receive: float,
    ray_start: float,
    n: int,
    stream_rate: float,
    batch: int,
    after_per_document: float,
) -> None:
    """The runs, the per-worker rate, and the projection with the driver streaming:
    `stream_rate` is what it writes per second while results arrive (receiving not included),
    `after_per_document` its time after the last result, per document."""
    base = (runs["in-process, before"]["seconds"] + runs["in-process, after"]["seconds"]) / 2
    rows = []
    for name, run in runs.items():
        seconds = run["seconds"]
        rows.append(
            [
                name,
                f"{seconds:.1f}",
                f"{seconds / base:.2f}",
                f"{(seconds + ray_start) / base:.2f}" if name.startswith("ray") else "",
                f"{run['documents'] / seconds:.2f}",
                f"{texts / seconds:.1f}",
                f"{run['first result']:.1f}",
                f"{run['write']:.2f}",
            ]
        )
    columns = [
        "run",
        "s",
        "x in-proc",
        "x incl. Ray start",
        "docs/s",
        "texts/s",
        "1st s",
        "write s",
    ]
    print(f"\n{n} documents, {texts} texts embedded ({texts / n:.1f} per document)\n")
    print(format_table(columns, rows))

    single = next((r for k, r in runs.items() if k.startswith("ray, 1 worker")), None)
    if single is None:
        return
    # Steady rate: the documents after the first batch over the time after it arrived (the
    # actor's start and model load are paid once, in the first batch's latency).
    steady = single["last result"] - single["first result"]
    per_worker = (single["documents"] - batch) / steady if steady > 0 else float("nan")
    start_up = ray_start + single["first result"] - batch / per_worker
    print(
        f"\nper worker (1-worker run, after its first batch): {per_worker:.2f} documents/s, "
        f"{per_worker * texts / n:.1f} texts/s; start-up (Ray, actor, model) {start_up:.1f}s"
    )
    driver = 1 / (1 / receive + 1 / stream_rate)  # receive, unpickle and write one result
    print(
        f"driver receive: {receive:.0f} documents/s; writing while streaming: {stream_rate:.0f} "
        f"documents/s; both: {driver:.0f} documents/s"
    )
    print(f"the driver's rate is reached at {driver / per_worker:.0f} workers\n")
    rows = []
    after = PROJECTED_PROFILES * after_per_document
    for w in PROJECTED_WORKERS:
        prepare = PROJECTED_PROFILES / (w * per_worker)
        stream = PROJECTED_PROFILES / driver
        total = start_up + max(prepare, stream) + after
        limit = "driver" if stream > prepare else "workers"
        rows.append(
            [
                w,
                f"{prepare / 3600:.2f}",
                f"{stream / 3600:.2f}",
                f"{after / 3600:.2f}",
                f"{total / 3600:.2f}",
                limit,
            ]
        )
    title = (
        f"projection for {PROJECTED_PROFILES:,} profiles, the driver streaming (from the rates "
        "above, not measured; HNSW build not included)"
    )
    columns = ["workers", "prepare h", "driver h", "after last h", "total h", "bound by"]
    print(format_table(columns, rows, title=title))


if __name__ == "__main__":
    main()
