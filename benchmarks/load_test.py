"""Load test: concurrent gradio_client clients ask questions while an upload updates the index.

    .venv/bin/python benchmarks/load_test.py [--clients 16] [--questions 50] [--adversarial 4]

Every client asks its questions in turn; one extra client uploads a new profile part-way through
and then keeps asking about the new person. Reports errors (must be 0), latency, and whether the
switch to the new index was atomic: once the new person is found, they are never lost again.
With --adversarial N, N more clients send the same questions with hostile histories (20 turns of
"what about x" + 100 kB of spaces and punctuation + "y", and a 60 kB answer turn); the latency of
the normal questions (p99 included) shows whether they slow the others down.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from gradio_client import Client, handle_file

from profilechat.config import Config
from profilechat.embedding import load_embedder
from profilechat.indexing import update_index
from profilechat.session import ProfileChat
from profilechat.web import start_in_background

REPO = Path(__file__).resolve().parent.parent
NEW_PROFILE = "# Maria Garcia\n\nMaria Garcia is a marine biologist at the Scripps Institution.\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def questions() -> list[str]:
    lines = (REPO / "benchmarks" / "questions.jsonl").read_text().splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


ADVERSARIAL_PADDING = " " * 50_000 + " \t\n?.!,'-" * 5_000
ADVERSARIAL_HISTORY = [
    {"role": "user", "content": "what about x" + ADVERSARIAL_PADDING + "y"},
    {"role": "assistant", "content": "Zhipeng Jia studied at Tsinghua. " * 1_800},
] * 10


def client_run(
    url: str,
    asked: list[str],
    latencies: list[float],
    errors: list[str],
    history: list[dict[str, str]] | None = None,
) -> None:
    client = Client(url, verbose=False, analytics_enabled=False)
    for question in asked:
        started = time.perf_counter()
        try:
            result = client.predict(question=question, history=history or [], api_name="/ask")
            assert set(result) == {"question", "answer", "found", "people", "sources"}
        except Exception as error:  # any failure is what this test counts
            errors.append(f"{type(error).__name__}: {error}")
        latencies.append(time.perf_counter() - started)


def updater_run(
    url: str,
    folder: Path,
    timeline: list[tuple[float, bool]],
    errors: list[str],
    replies: list[str],
) -> None:
    client = Client(url, verbose=False, analytics_enabled=False)
    profile = folder / "maria-garcia.md"
    profile.write_text(NEW_PROFILE)
    started = time.perf_counter()
    upload = threading.Thread(
        target=lambda: replies.append(
            client.predict(files=[handle_file(str(profile))], password="", api_name="/upload")
        )
    )
    probe = Client(url, verbose=False, analytics_enabled=False)
    probes_after_upload = 0
    # Probe before, during and after the upload: the answers must go from "not found" to
    # "found" once, and never back.
    while probes_after_upload < 5 and len(timeline) < 400:
        if len(timeline) == 3:
            upload.start()
        elif len(timeline) > 3 and not upload.is_alive():
            probes_after_upload += 1
        try:
            found = probe.predict(
                question="Where does Maria Garcia work?", history=[], api_name="/ask"
            )["found"]
            timeline.append((time.perf_counter() - started, found))
        except Exception as error:
            errors.append(f"probe {type(error).__name__}: {error}")
    upload.join()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--adversarial", type=int, default=0, help="clients with hostile history")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="profilechat-load-"))
    try:
        shutil.copytree(REPO / "corpus", root / "corpus")
        config = Config(corpus_dir=root / "corpus", index_dir=root / "index")
        embedder = load_embedder()
        update_index(config, embedder)
        bot = ProfileChat.open(config=config, embedder=embedder)
        demo, url = start_in_background(config, bot, embedder, free_port())
        pool = questions()
        latencies: list[float] = []
        errors: list[str] = []
        timeline: list[tuple[float, bool]] = []
        threads = [
            threading.Thread(
                target=client_run,
                args=(
                    url,
                    [pool[(c * 7 + i) % len(pool)] for i in range(args.questions)],
                    latencies,
                    errors,
                ),
            )
            for c in range(args.clients)
        ]
        hostile_latencies: list[float] = []
        threads += [
            threading.Thread(
                target=client_run,
                args=(
                    url,
                    [pool[(c * 11 + i) % len(pool)] for i in range(args.questions)],
                    hostile_latencies,
                    errors,
                    ADVERSARIAL_HISTORY,
                ),
            )
            for c in range(args.adversarial)
        ]
        upload_messages: list[str] = []
        threads.append(
            threading.Thread(
                target=updater_run, args=(url, root, timeline, errors, upload_messages)
            )
        )
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        demo.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    flips = [found for _, found in timeline]
    first_found = flips.index(True) if True in flips else -1
    atomic = first_found >= 0 and all(flips[first_found:])
    ordered = sorted(latencies)
    rows = [
        ("clients × questions", f"{args.clients} × {args.questions} = {len(latencies)}"),
        ("errors", str(len(errors))),
        ("throughput", f"{len(latencies) / elapsed:.1f} questions/s"),
        ("latency p50", f"{statistics.median(ordered) * 1000:.0f} ms"),
        ("latency p95", f"{ordered[int(0.95 * (len(ordered) - 1))] * 1000:.0f} ms"),
        ("latency p99", f"{ordered[int(0.99 * (len(ordered) - 1))] * 1000:.0f} ms"),
        (
            "probes during update",
            f"{len(flips)} ({flips.count(False)} old index, {flips.count(True)} new)",
        ),
        ("switch atomic (never back to old)", "yes" if atomic else "NO"),
        ("upload reply", " / ".join(str(m) for m in upload_messages)[:70] or "none"),
        ("wall time", f"{elapsed:.1f} s"),
    ]
    if hostile_latencies:
        hostile = sorted(hostile_latencies)
        rows.insert(
            1,
            (
                "hostile-history questions",
                f"{len(hostile)}, p50 {statistics.median(hostile) * 1000:.0f} ms, "
                f"p99 {hostile[int(0.99 * (len(hostile) - 1))] * 1000:.0f} ms",
            ),
        )
    for name, value in rows:
        print(f"{name:<36} {value}")
    for error in errors[:5]:
        print("error:", error)
    return 0 if not errors and atomic else 1


if __name__ == "__main__":
    sys.exit(main())
