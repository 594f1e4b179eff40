"""What written answers cost ProfileChat itself, beyond the language model's own time.

A scripted OpenAI-compatible server (tests/llm_stub.py) on 127.0.0.1, in a child process as a
real server would be, answers every request at once with a cited reply of about 40 words (quoting passage 1), as one JSON completion or as
server-sent events, one word per event. Each question's evidence is gathered once, before any
timing (embedding and retrieval are the same for both kinds of answer); then, per question,
interleaved in rotating order:

  bare         the same request body posted with a bare httpx.Client: the transport floor
  extractive   ExtractiveAnswerer.answer(evidence): the quoted answer (the baseline; the
               written path runs it too, as its gate and fallback)
  written      GenerativeAnswerer.answer(evidence): one non-streaming request
  streamed     list(GenerativeAnswerer.stream(evidence)): the same over server-sent events

The server's own time (from the request read to the reply written, in its handler; read from
its /stats between runs) is subtracted: overhead = written − extractive − server time, i.e. prompt building,
HTTP on loopback (client side), JSON or event parsing, the citation checks and the answer.
Prompt building and the reply checks are also timed alone. Tokens are estimated from
characters (4 per token), as no tokenizer of the user's model is at hand.

    .venv/bin/python benchmarks/bench_llm.py [--quick] [--questions N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
from common import (
    CORPUS,
    format_table,
    header,
    load_default_embedder,
    load_questions,
    median,
    open_bot,
    percentile,
)

from tests.llm_stub import Reply, StubLLM, passages

WARMUP = 5
CHARS_PER_TOKEN = 4  # a common rule of thumb for English text with BPE tokenizers
REPLY_WORDS = 40


def reply_for(request: dict[str, Any]) -> Reply:
    """About REPLY_WORDS words quoted from passage 1, in sentences that cite it."""
    words = " ".join(passages(request).get(1, "").split()).split(" ")[:REPLY_WORDS]
    sentences = [" ".join(words[i : i + 10]) for i in range(0, len(words), 10)]
    return Reply(" ".join(f"{s.rstrip('.')} [1]." for s in sentences if s))


class Capture:
    """An answerer that keeps the evidence it is given and answers extractively."""

    def __init__(self, answerer: Any, seen: list[Any]) -> None:
        self.answerer, self.seen = answerer, seen

    def answer(self, evidence: Any) -> Any:
        self.seen.append(evidence)
        return self.answerer.answer(evidence)


def request_body(evidence: Any, build_messages: Any) -> dict[str, Any]:
    """The body of a non-streaming request, as GenerativeAnswerer sends it."""
    from profilechat.generate import MAX_REPLY_TOKENS

    return {
        "model": "stub",
        "messages": build_messages(evidence),
        "temperature": 0,
        "max_tokens": MAX_REPLY_TOKENS,
        "stream": False,
    }


def questions(count: int) -> list[str]:
    rows = [r for r in load_questions() if r.get("answerable", True) and not r.get("history")]
    return [r["question"] for r in rows][:count]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--questions", type=int)
    parser.add_argument("--serve-stub", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_stub:  # the child process: serve until stdin closes
        with StubLLM(reply_for) as stub:
            print(stub.url, flush=True)
            sys.stdin.read()
        return
    count = args.questions or (15 if args.quick else 50)
    rounds = 1 if args.quick else 3
    asked = questions(count)
    print(header("bench_llm", args.quick, f"{len(asked)} questions, stub server on 127.0.0.1"))

    from profilechat.answer import ExtractiveAnswerer
    from profilechat.generate import GenerativeAnswerer, ReplyChecker, build_messages
    from profilechat.types import Answer

    embedder = load_default_embedder()
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve-stub"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdin is not None
    url = child.stdout.readline().strip()
    stats_url = url.removesuffix("/v1") + "/stats"
    with tempfile.TemporaryDirectory() as tmp:
        bot, _ = open_bot(CORPUS, Path(tmp) / "index", embedder)
        config = bot.config.with_(llm_url=url, llm_model="stub", llm_timeout=30.0)
        written = GenerativeAnswerer(config)
        bare = httpx.Client(timeout=30.0)
        quoted = ExtractiveAnswerer(config)

        def server_seconds() -> float:
            return float(bare.get(stats_url).json()["server_seconds"])

        def server_time(run: Any) -> tuple[float, float, Any]:
            before = server_seconds()
            started = time.perf_counter()
            result = run()
            elapsed = time.perf_counter() - started
            return elapsed, server_seconds() - before, result

        times: dict[str, list[float]] = {
            k: [] for k in ("bare", "extractive", "written", "streamed")
        }
        server_s: dict[str, list[float]] = {"bare": [], "written": [], "streamed": []}
        prompt_ms, check_ms, prompt_tokens, reply_tokens, pieces = [], [], [], [], []
        fallbacks = 0
        # The evidence every answerer receives, gathered first: embedding questions leaves
        # torch's threads spinning for a while, which would slow whatever runs right after.
        gathered: list[Any] = []
        for question in asked[:WARMUP] + asked:
            bot.ask(question, answerer=Capture(quoted, gathered))
        time.sleep(1.0)
        for number, evidence in enumerate(gathered):
            body = request_body(evidence, build_messages)
            runs = {
                "bare": lambda b=body: bare.post(written.server.url, json=b).json(),
                "extractive": lambda e=evidence: quoted.answer(e),
                "written": lambda e=evidence: written.answer(e),
                "streamed": lambda e=evidence: list(written.stream(e)),
            }
            for turn in range(rounds):
                names = list(runs)
                shift = (number + turn) % len(names)
                order = names[shift:] + names[:shift]
                for name in order:
                    seconds, in_server, result = server_time(runs[name])
                    if number < WARMUP:
                        continue
                    times[name].append(seconds)
                    if name == "extractive":
                        continue
                    server_s[name].append(in_server)
                    if name == "bare":
                        continue
                    final = result if isinstance(result, Answer) else result[-1]
                    fallbacks += final.found and not final.written_by
                    if name == "streamed":
                        pieces.append(len(result) - 1)
            if number < WARMUP:
                continue
            started = time.perf_counter()
            messages = build_messages(evidence)
            prompt_ms.append((time.perf_counter() - started) * 1000)
            reply = reply_for({"messages": messages}).content
            started = time.perf_counter()
            checker = ReplyChecker(len(evidence.hits))
            for word in reply.split(" "):
                checker.feed(word + " ")
            checker.finish()
            check_ms.append((time.perf_counter() - started) * 1000)
            prompt_tokens.append(sum(len(m["content"]) for m in messages) / CHARS_PER_TOKEN)
            reply_tokens.append(len(reply) / CHARS_PER_TOKEN)
    child.stdin.close()
    child.wait(timeout=10)

    def row(name: str, values_ms: list[float]) -> list[Any]:
        return [name, median(values_ms), percentile(values_ms, 95)]

    base = times["extractive"]
    bare = [(t - s) * 1000 for t, s in zip(times["bare"], server_s["bare"], strict=True)]
    rows = [
        row("extractive answer (baseline)", [t * 1000 for t in base]),
        row("bare httpx round trip, server time subtracted", bare),
    ]
    for name in ("written", "streamed"):
        total = [t * 1000 for t in times[name]]
        in_server = [s * 1000 for s in server_s[name]]
        overhead = [t - s - b * 1000 for t, s, b in zip(total, in_server, base, strict=True)]
        label = "non-streaming" if name == "written" else "streaming"
        rows += [
            row(f"written answer, {label}: total", total),
            row("  of which the stub server", in_server),
            row("  overhead beyond extractive + server", overhead),
            row(
                "  of which beyond a bare round trip",
                [o - b for o, b in zip(overhead, bare, strict=True)],
            ),
        ]
    rows += [
        row("prompt building alone", prompt_ms),
        row("reply checks alone (40 words)", check_ms),
    ]
    print()
    print(format_table(["per answer", "p50 ms", "p95 ms"], rows, title="Added latency"))
    print()
    token_rows = [
        ["prompt (system + passages + question)", median(prompt_tokens), max(prompt_tokens)],
        ["reply", median(reply_tokens), max(reply_tokens)],
    ]
    print(
        format_table(["estimated tokens", "median", "max"], token_rows, title="Tokens per answer")
    )
    print()
    print(
        f"{len(asked)} questions × {rounds} rounds; streamed pieces per answer (median): {median(pieces):.0f}; "
        f"answers that fell back to quoted sentences: {fallbacks}"
    )


if __name__ == "__main__":
    main()
