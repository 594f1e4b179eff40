"""Time from starting the web app on a corpus with no index to the page being served, and to
the index being ready: building the index first (the former `serve`) against serving at once
and indexing in the background (IndexBuild). The model is loaded once before both and not
counted. Usage: python benchmarks/bench_serve_start.py [CORPUS]"""

from __future__ import annotations

import socket
import sys
import tempfile
import time
from pathlib import Path

import httpx

from profilechat.config import Config
from profilechat.embedding import load_embedder
from profilechat.indexing import update_index
from profilechat.session import ProfileChat
from profilechat.web import IndexBuild, build_app, empty_bot, launch_options


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def launch(config: Config, demo: object) -> str:
    options = {"server_name": "127.0.0.1", "server_port": free_port(), "prevent_thread_lock": True}
    _, url, _ = demo.launch(**(launch_options(config) | options | {"quiet": True}))  # type: ignore[attr-defined]
    assert httpx.get(url, timeout=30).status_code == 200
    return url


def index_first(config: Config, embedder: object) -> tuple[float, float]:
    started = time.perf_counter()
    update_index(config, embedder)  # type: ignore[arg-type]
    ready = time.perf_counter() - started
    demo = build_app(config, ProfileChat.open(config=config, embedder=embedder), embedder)  # type: ignore[arg-type]
    launch(config, demo)
    served = time.perf_counter() - started
    demo.close()
    return served, ready


def serve_at_once(config: Config, embedder: object) -> tuple[float, float]:
    started = time.perf_counter()
    build = IndexBuild(config, embedder)  # type: ignore[arg-type]
    demo = build_app(config, empty_bot(config, embedder), embedder, build)  # type: ignore[arg-type]
    build.start()
    launch(config, demo)
    served = time.perf_counter() - started
    build.done.wait()
    ready = time.perf_counter() - started
    demo.close()
    return served, ready


def main() -> None:
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")
    embedder = load_embedder()
    print(f"corpus {corpus} ({sum(1 for p in corpus.iterdir() if p.is_file())} files)")
    print(f"{'start':<28}{'page served (s)':>16}{'index ready (s)':>17}")
    for name, run in (
        ("index, then serve (before)", index_first),
        ("serve at once (now)", serve_at_once),
    ):
        with tempfile.TemporaryDirectory() as folder:
            config = Config(corpus_dir=corpus, index_dir=Path(folder) / "index")
            served, ready = run(config, embedder)
        print(f"{name:<28}{served:>16.2f}{ready:>17.2f}")


if __name__ == "__main__":
    main()
