"""Requests per second and latency of the web app's Gradio /ask endpoint (gradio_client) and of
the plain HTTP API's POST /api/ask (httpx, one kept-alive connection per client), with 1, 4 and
16 concurrent clients, beside the in-process bot.ask.

The server (profilechat.web.start_in_background: the Gradio app with its own queue settings and
launch options, mounted beside the HTTP API) runs in this process on a free 127.0.0.1 port. The clients are separate processes
(spawned once, one gradio_client.Client each, so they share no interpreter lock with the
server); at each level, that many of them send a fixed number of requests in all, back to
back. Questions cycle through benchmarks/questions.jsonl; follow-ups send their earlier user
turns as history. For reference, the same questions are first asked in-process with bot.ask.
Every request loop is bounded in count; nothing is sent anywhere but 127.0.0.1.

    .venv/bin/python benchmarks/bench_server.py [--quick] [--requests N] [--levels 1,4,16]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    CORPUS,
    format_table,
    header,
    load_default_embedder,
    load_questions,
    ms,
    open_bot,
    percentile,
    timed,
)

Item = tuple[str, list[dict[str, str]]]  # (question, history)
REQUEST_TIMEOUT = 120.0  # seconds a worker waits for one command's results
GRADIO = "Gradio /ask"
HTTP = "POST /api/ask"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def make_items(count: int) -> list[Item]:
    rows = load_questions()
    items = [(r["question"], [{"role": "user", "content": h} for h in r["history"]]) for r in rows]
    return [items[i % len(items)] for i in range(count)]


# -- client worker processes ---------------------------------------------------------------------


def worker(url: str, commands: Any, results: Any) -> None:
    """One client: wait for (endpoint, requests), send them back to back, report the timings."""
    import httpx
    from gradio_client import Client

    client = Client(url, verbose=False, analytics_enabled=False)
    http = httpx.Client(base_url=url, timeout=REQUEST_TIMEOUT)
    senders = {
        GRADIO: lambda q, h: client.predict(question=q, history=h, api_name="/ask"),
        HTTP: lambda q, h: (
            http.post("/api/ask", json={"question": q, "history": h}).raise_for_status().json()
        ),
    }
    results.put(("ready", None))
    while True:
        command = commands.get()
        if command is None:
            http.close()
            return
        endpoint, items = command
        send = senders[endpoint]
        latencies, errors = [], 0
        started = time.monotonic()
        for question, history in items:
            t0 = time.perf_counter()
            try:
                send(question, history)
            except Exception:  # any failure counts as an error; the loop goes on
                errors += 1
            latencies.append(time.perf_counter() - t0)
        results.put(("done", (latencies, errors, started, time.monotonic())))


class ClientPool:
    """`size` client processes, each with its own gradio_client.Client on `url`."""

    def __init__(self, url: str, size: int) -> None:
        context = mp.get_context("spawn")
        self.results = context.Queue()
        self.commands = [context.Queue() for _ in range(size)]
        self.processes = [
            context.Process(target=worker, args=(url, q, self.results), daemon=True)
            for q in self.commands
        ]
        for process in self.processes:
            process.start()
        for _ in self.processes:
            kind, _ = self.results.get(timeout=REQUEST_TIMEOUT)
            assert kind == "ready"

    def run(self, endpoint: str, items: list[Item], concurrency: int) -> dict[str, float]:
        """Split `items` over `concurrency` clients, run them at once, return the figures."""
        shares = [items[i::concurrency] for i in range(concurrency)]
        for queue, share in zip(self.commands, shares, strict=False):
            queue.put((endpoint, share))
        latencies: list[float] = []
        errors, starts, ends = 0, [], []
        for _ in shares:
            _, (times, failed, started, ended) = self.results.get(timeout=REQUEST_TIMEOUT * 10)
            latencies += times
            errors += failed
            starts.append(started)
            ends.append(ended)
        wall = max(ends) - min(starts)
        return {
            "requests": len(latencies),
            "errors": errors,
            "wall": wall,
            "rps": len(latencies) / wall,
            "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95),
        }

    def close(self) -> None:
        for queue in self.commands:
            queue.put(None)
        for process in self.processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()


# -- the server ------------------------------------------------------------------------------------


def in_process(bot: Any, items: list[Item]) -> dict[str, float]:
    times = [timed(lambda q=q, h=h: bot.ask(q, history=h))[0] for q, h in items]
    return {
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "rps": len(times) / sum(times),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--requests", type=int, default=None, help="requests per level")
    parser.add_argument("--levels", type=str, default="1,4,16")
    args = parser.parse_args(argv)
    levels = [int(x) for x in args.levels.split(",")]
    n_requests = args.requests or (32 if args.quick else 100)
    print(header("bench_server", args.quick, f"{n_requests} requests per level, levels {levels}"))
    from profilechat.config import Config
    from profilechat.web import start_in_background

    embedder = load_default_embedder()
    items = make_items(n_requests)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        bot, _ = open_bot(CORPUS, root / "index", embedder)
        config = Config(corpus_dir=CORPUS, index_dir=root / "index")
        server, url = start_in_background(config, bot, embedder, free_port())
        pool = None
        try:
            pool = ClientPool(url, max(levels))
            for endpoint in (GRADIO, HTTP):  # warm-up, not counted
                pool.run(endpoint, items[:8], min(4, max(levels)))
            rows = [["in-process bot.ask", "-", *_figures(in_process(bot, items))]]
            for level in levels:
                for endpoint in (GRADIO, HTTP):
                    figures = pool.run(endpoint, items, level)
                    label = f"{endpoint}, {level} client(s)"
                    rows.append([label, f"{figures['errors']}", *_figures(figures)])
        finally:
            if pool is not None:
                pool.close()
            server.close()
    title = (
        f"\nthe ask endpoints on 127.0.0.1, {n_requests} requests per level (latency per request)"
    )
    print(format_table(["load", "errors", "req/s", "p50 ms", "p95 ms"], rows, title=title))


def _figures(figures: dict[str, float]) -> list[str]:
    return [f"{figures['rps']:.1f}", ms(figures["p50"]), ms(figures["p95"])]


if __name__ == "__main__":
    main()
