"""The web app's start, two ways.

1. With no index, in this process: time to the page being served and to the index being ready,
   building the index first (the former `serve`) against serving at once and indexing in the
   background (IndexBuild). The model is loaded once before both and not counted.
2. As a user launches it, with an up-to-date index: `python -m profilechat.cli serve` in a fresh
   process, R times; from the launch to the first page (GET / answers 200) and to the first
   answer, sent as soon as the page is served (its answer is checked), through one of two
   routes, alternating from launch to launch: the plain API (POST /api/ask) or Gradio's queue,
   the way the page's own events go (POST /gradio_api/call/ask, then its event stream until
   "complete"). Then the other route is asked once, so each launch checks both. Also the CPU
   time the server process had used by the first answer (user + system: less sensitive than
   wall time to other processes sharing the machine), and its resident memory (VmRSS, and its
   peak VmHWM) once it has answered. Model loading, imports and the start-up index check are
   all inside these times. The server may cache compiled bytecode (.pyc) as Python does by
   default (PYTHONDONTWRITEBYTECODE is removed; the untimed first launch writes it). `--app` launches `python app.py` instead of `profilechat serve`;
   `--baseline REF` also launches the code of git revision REF, interleaved.

Usage: python benchmarks/bench_serve_start.py [CORPUS] [--repeats R] [--quick] [--launch-only]
       [--app] [--baseline REF]"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from common import extract

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


def ask_api(client: httpx.Client, url: str) -> str:
    """The answer of POST /api/ask."""
    answer = client.post(f"{url}/api/ask", json={"question": QUESTION})
    assert answer.status_code == 200, answer.text
    return answer.json()["answer"]


def ask_queue(client: httpx.Client, url: str) -> str:
    """The answer of the named endpoint /ask through Gradio's queue and its event stream."""
    started = client.post(f"{url}/gradio_api/call/ask", json={"data": [QUESTION, []]})
    assert started.status_code == 200, started.text
    stream = client.get(f"{url}/gradio_api/call/ask/{started.json()['event_id']}")
    event = ""
    for line in stream.text.splitlines():
        if line.startswith("event: "):
            event = line.removeprefix("event: ")
        elif line.startswith("data: ") and event == "complete":
            return json.loads(line.removeprefix("data: "))[0]["answer"]
    raise AssertionError(f"no answer in the event stream: {stream.text[:300]}")


ROUTES = {"/api/ask": ask_api, "Gradio queue /ask": ask_queue}


def launched(
    corpus: Path, index: Path, first_route: str, app: bool = False, source: Path | None = None
) -> tuple[float, float, float, float, float]:
    """One `profilechat serve` (or `python app.py`) from launch: seconds to the first page and
    to the first answer through `first_route`, the server's CPU seconds by then, its RSS and
    peak RSS in MiB after that answer. `source`: another version's src/ folder to run."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    if app:
        checkout = Path(__file__).resolve().parent.parent if source is None else source.parent
        command = [sys.executable, str(checkout / "app.py")]
    else:
        command = [sys.executable, "-m", "profilechat.cli", "serve"]
    command += ["--corpus", str(corpus), "--index", str(index), "--port", str(port)]
    environment = os.environ | {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # as a user's Python: .pyc files cached
    if source is not None:
        environment["PYTHONPATH"] = str(source)
    started = time.perf_counter()
    server = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        with httpx.Client(timeout=LAUNCH_TIMEOUT) as client:
            page = _first_page(client, url, started, server)
            answer = ROUTES[first_route](client, url)
            answered = time.perf_counter() - started
            cpu = cpu_seconds(server.pid)
            rss, peak = memory_mib(server.pid)
            assert EXPECTED in answer, answer
            for name, ask in ROUTES.items():
                if name != first_route:
                    assert EXPECTED in ask(client, url), name
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


def launch_table(
    corpus: Path, embedder: object, repeats: int, app: bool, variants: dict[str, Path | None]
) -> None:
    """`repeats` launches of each variant (name → its src/ folder; None: the code of this
    process) for each first route, interleaved."""
    routes = list(ROUTES)
    runs: dict[tuple[str, str], list[tuple[float, ...]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "corpus"
        shutil.copytree(corpus, copy)
        config = Config(corpus_dir=copy, index_dir=Path(folder) / "index")
        update_index(config, embedder)  # type: ignore[arg-type]
        for source in variants.values():  # untimed: ONNX export, OS file cache
            launched(copy, config.index_dir, routes[0], app, source)
        for _ in range(repeats):
            for variant, source in variants.items():
                for route in routes:
                    run = launched(copy, config.index_dir, route, app, source)
                    runs.setdefault((variant, route), []).append(run)
    launcher = "python app.py" if app else "profilechat serve"
    print(f"\n{launcher} with an up-to-date index, {repeats} launches per route, median")
    print(f"load average now: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for (variant, route), results in runs.items():
        print(f"{variant}: first question through {route}")
        print_medians(results)


def print_medians(runs: list[tuple[float, ...]]) -> None:
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
        shown = ", ".join(f"{v:.2f}" for v in values)
        print(f"  {name:<24}{middle:>10.2f}   (runs: {shown})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=Path("corpus"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one timed launch per route")
    parser.add_argument("--launch-only", action="store_true", help="skip the in-process part")
    parser.add_argument("--app", action="store_true", help="launch app.py, not profilechat serve")
    parser.add_argument("--baseline", help="also launch git revision REF, e.g. main, interleaved")
    args = parser.parse_args()
    corpus = args.corpus
    embedder = load_embedder()
    print(f"corpus {corpus} ({sum(1 for p in corpus.iterdir() if p.is_file())} files)")
    print(f"load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not args.launch_only:
        in_process(corpus, embedder)
    with tempfile.TemporaryDirectory() as scratch:
        variants: dict[str, Path | None] = {"now": None}
        if args.baseline:
            variants[f"baseline {args.baseline}"] = extract(args.baseline, Path(scratch))
        launch_table(corpus, embedder, 1 if args.quick else args.repeats, args.app, variants)


def in_process(corpus: Path, embedder: object) -> None:
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
