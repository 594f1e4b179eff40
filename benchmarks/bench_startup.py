"""What a user waits for: wall time and peak memory of one-off `profilechat` commands.

Each command runs in a fresh interpreter (`python -m profilechat.cli …`), R times, commands
interleaved so that noise hits all of them; the table shows the median wall time (start to
exit, teardown included) and the median peak RSS (GNU time's maximum resident set size).
Commands may cache compiled bytecode (.pyc) as Python does by default (PYTHONDONTWRITEBYTECODE
is removed; the first runs write it).

  --help, --version, status, people     no model; ProfileChat code as checked out
  ask "…" (one-off)                     onnx and torch backends side by side
  index (unchanged)                     nothing to embed: hash the files, read the manifest

The index is the shipped corpus, built once beforehand. With --baseline REF the same commands
also run on the code of git revision REF (extracted with `git archive` into a temporary
folder), e.g. the commit this work started from.

    .venv/bin/python benchmarks/bench_startup.py [--quick] [--repeats R] [--baseline REF]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CORPUS, REPO, extract, format_table, header, median

QUESTION = "Where did Zhipeng Jia do his PhD?"
GNU_TIME = "/usr/bin/time"  # Debian package `time`


@dataclass(frozen=True)
class Variant:
    label: str
    src: Path  # folder holding the profilechat package
    backend: str  # PROFILECHAT_EMBEDDING_BACKEND ("" for code older than the setting)


@dataclass(frozen=True)
class Case:
    name: str
    args: list[str]
    uses_model: bool
    new: bool = False  # added by this work: not in the baseline


def cases(corpus: Path, index: Path) -> list[Case]:
    where = ["--index", str(index)]
    return [
        Case("--help", ["--help"], False),
        Case("--version", ["--version"], False, new=True),
        Case("status", ["status", *where], False),
        Case("people", ["people", *where], False),
        Case("ask (one-off)", ["ask", *where, QUESTION], True),
        Case("index (unchanged)", ["index", str(corpus), *where], False),
    ]


def run_once(variant: Variant, args: list[str], scratch: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MiB, exit code) of one command in a fresh interpreter.

    The peak comes from GNU time: a child forked from this (large) process would report this
    process's peak as its own.
    """
    env = dict(os.environ, PYTHONPATH=str(variant.src))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as a user's Python: .pyc files cached
    if variant.backend:
        env["PROFILECHAT_EMBEDDING_BACKEND"] = variant.backend
    peak_file = scratch / "peak.txt"
    command = [GNU_TIME, "-f", "%M", "-o", str(peak_file), sys.executable, "-m", "profilechat.cli"]
    started = time.perf_counter()
    result = subprocess.run(
        [*command, *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    seconds = time.perf_counter() - started
    peak_kib = int(peak_file.read_text().split()[-1])
    return seconds, peak_kib / 1024, result.returncode


def which_package(variant: Variant) -> str:
    env = dict(os.environ, PYTHONPATH=str(variant.src))
    probe = "import profilechat, pathlib; print(pathlib.Path(profilechat.__file__).parent)"
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--baseline", help="git revision to compare with, e.g. main or a hash")
    args = parser.parse_args(argv)
    repeats = args.repeats or (2 if args.quick else 5)
    print(header("bench_startup", args.quick, f"{repeats} runs per command, median"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus, index = root / "corpus", root / "index"
        shutil.copytree(CORPUS, corpus)
        variants = [
            Variant("now, onnx", REPO / "src", "onnx"),
            Variant("now, torch", REPO / "src", "torch"),
        ]
        if args.baseline:
            variants.insert(
                0, Variant(f"baseline {args.baseline}", extract(args.baseline, root), "")
            )
        for variant in variants:
            print(f"{variant.label}: {which_package(variant)}")
        build = run_once(variants[-2], ["index", str(corpus), "--index", str(index)], root)
        assert build[2] == 0, "building the index failed"
        for variant in variants:  # the first ask may export the ONNX model; not timed
            run_once(variant, ["ask", "--index", str(index), QUESTION], root)

        plan = [
            (case, variant)
            for case in cases(corpus, index)
            for variant in variants
            if (case.uses_model or variant.backend != "torch")  # no model: one row for "now"
            and not (case.new and variant.backend == "")
        ]
        walls: dict[tuple[str, str], list[float]] = {}
        peaks: dict[tuple[str, str], list[float]] = {}
        codes: dict[tuple[str, str], set[int]] = {}
        for _ in range(repeats):
            for case, variant in plan:
                seconds, peak, code = run_once(variant, case.args, root)
                key = (case.name, variant.label)
                walls.setdefault(key, []).append(seconds)
                peaks.setdefault(key, []).append(peak)
                codes.setdefault(key, set()).add(code)
        rows = []
        for key, values in walls.items():
            name, label = key
            failed = codes[key] - {0}
            shown = label.removesuffix(", onnx") if not _uses_model(name, corpus, index) else label
            rows.append(
                [
                    name,
                    shown,
                    f"{median(values):.2f}",
                    f"{median(peaks[key]):.0f}",
                    f"exit {sorted(failed)}" if failed else "",
                ]
            )
        print()
        print(format_table(["command", "code", "wall s", "peak RSS MiB", "note"], rows))


def _uses_model(name: str, corpus: Path, index: Path) -> bool:
    return any(c.name == name and c.uses_model for c in cases(corpus, index))


if __name__ == "__main__":
    main()
