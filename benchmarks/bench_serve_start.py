"""The web app's start, two ways.

1. With no index, in this process: time to the page being served and to the index being ready,
   building the index first (the former `serve`) against serving at once and indexing in the
   background (IndexBuild). The model is loaded once before both and not counted.
2. As a user launches it, with an up-to-date index: `python -m profilechat.cli serve` in a fresh
   process, R times; from the launch to the first page (GET / answers 200) and to the first
   answer (POST /api/ask, sent as soon as the page is served; its answer is checked), the CPU
   time the server process had used by then (user + system: less sensitive than wall time to
   other processes sharing the machine), and its resident memory (VmRSS, and its peak VmHWM)
   once it has answered. Model loading, imports and the start-up index check are all inside
   these times.

Usage: python benchmarks/bench_serve_start.py [CORPUS] [--repeats R] [--quick]"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
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

QUESTION = "Where did Zhipeng Jia do his PhD?"  # answered from the shipped corpus
EXPECTED = "Texas at Austin"
LAUNCH_TIMEOUT = 120.0
POLL = 0.02


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


def memory_mib(pid: int) -> tuple[float, float]:
    """VmRSS and VmHWM (peak) of process `pid`, in MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def launched(corpus: Path, index: Path) -> tuple[float, float, float, float, float]:
    """One `profilechat serve` from launch: seconds to the first page and to the first answer,
    the server's CPU seconds by then, its RSS and peak RSS in MiB after that answer."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "profilechat.cli", "serve", "--corpus", str(corpus)]
    command += ["--index", str(index), "--port", str(port)]
    environment = os.environ | {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    started = time.perf_counter()
    server = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        with httpx.Client(timeout=LAUNCH_TIMEOUT) as client:
            page = _first_page(client, url, started, server)
            answer = client.post(f"{url}/api/ask", json={"question": QUESTION})
            answered = time.perf_counter() - started
            assert answer.status_code == 200 and EXPECTED in answer.json()["answer"], answer.text
        cpu = cpu_seconds(server.pid)
        rss, peak = memory_mib(server.pid)
        return page, answered, cpu, rss, peak
    finally:
        server.terminate()
        server.wait(timeout=30)


def _first_page(client: httpx.Client, url: str, started: float, server: subprocess.Popen) -> float:
    while time.perf_counter() - started < LAUNCH_TIMEOUT:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with code {server.returncode}")
        try:
            if client.get(url + "/", timeout=1.0).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(POLL)
    raise TimeoutError(f"no page after {LAUNCH_TIMEOUT} s")


def launch_table(corpus: Path, embedder: object, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "corpus"
        shutil.copytree(corpus, copy)
        config = Config(corpus_dir=copy, index_dir=Path(folder) / "index")
        update_index(config, embedder)  # type: ignore[arg-type]
        launched(copy, config.index_dir)  # untimed: the ONNX export and the OS file cache
        runs = [launched(copy, config.index_dir) for _ in range(repeats)]
    print(f"\nprofilechat serve with an up-to-date index, {repeats} launches, median")
    print(f"load average now: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    names = (
        "first page (s)",
        "first answer (s)",
        "server CPU by then (s)",
        "RSS after it (MiB)",
        "peak RSS (MiB)",
    )
    for position, name in enumerate(names):
        values = sorted(run[position] for run in runs)
        middle = values[len(values) // 2]
        print(f"{name:<24}{middle:>10.2f}   (runs: {', '.join(f'{v:.2f}' for v in values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=Path("corpus"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one timed launch")
    args = parser.parse_args()
    corpus = args.corpus
    embedder = load_embedder()
    print(f"corpus {corpus} ({sum(1 for p in corpus.iterdir() if p.is_file())} files)")
    print(f"load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'start':<28}{'page served (s)':>16}{'index ready (s)':>17}")
    for name, run in (
        ("index, then serve (before)", index_first),
        ("serve at once (now)", serve_at_once),
    ):
        with tempfile.TemporaryDirectory() as folder:
            config = Config(corpus_dir=corpus, index_dir=Path(folder) / "index")
            served, ready = run(config, embedder)
        print(f"{name:<28}{served:>16.2f}{ready:>17.2f}")
    launch_table(corpus, embedder, 1 if args.quick else args.repeats)


if __name__ == "__main__":
    main()
