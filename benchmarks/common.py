"""Helpers shared by the benchmark scripts: quiet model loading, timing, tables, indexes."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import tarfile
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TQDM_DISABLE", "1")
warnings.filterwarnings("ignore")

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO / "benchmarks"
CORPUS = REPO / "corpus"
QUESTIONS = BENCH_DIR / "questions.jsonl"


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) with linear interpolation, as numpy's default."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * q / 100.0
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str = "") -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    cells = [[str(h) for h in headers]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        parts = [row[0].ljust(widths[0])]
        parts += [value.rjust(width) for value, width in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    out = [title] if title else []
    out += [line(cells[0]), rule, *(line(row) for row in cells[1:])]
    return "\n".join(out)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def load_default_embedder() -> Any:
    """The project's embedder for the bundled default model (loaded once per process)."""
    _quiet_transformers()
    from profilechat.config import DEFAULT_MODEL
    from profilechat.embedding import load_embedder

    return load_embedder(DEFAULT_MODEL)


def default_model_path() -> str:
    from profilechat.config import DEFAULT_MODEL
    from profilechat.embedding import resolve_model_path

    return resolve_model_path(DEFAULT_MODEL)


def _quiet_transformers() -> None:
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover - transformers always comes with the model
        pass


def open_bot(corpus: Path, index_dir: Path, embedder: Any, **config: Any) -> tuple[Any, Any]:
    """Index `corpus` into `index_dir` and open a ProfileChat on it: (bot, UpdateReport)."""
    from profilechat.config import Config
    from profilechat.indexing import update_index
    from profilechat.session import ProfileChat

    cfg = Config(corpus_dir=corpus, index_dir=index_dir, **config)
    report = update_index(cfg, embedder, rebuild=True)
    return ProfileChat.open(config=cfg, embedder=embedder), report


def load_questions(path: Path = QUESTIONS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def write_jsonl(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def dir_size(path: Path) -> int:
    """Bytes of all files under `path`."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def human_bytes(n_bytes: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n_bytes < 1024 or unit == "GiB":
            return f"{n_bytes:.0f} {unit}" if unit == "B" else f"{n_bytes:.1f} {unit}"
        n_bytes /= 1024
    return f"{n_bytes:.1f} GiB"


def machine_line() -> str:
    """One line naming the machine and the main library versions."""
    import faiss
    import torch

    cpu = "unknown CPU"
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                cpu = row.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"torch {torch.__version__} ({torch.get_num_threads()} threads), faiss {faiss.__version__}"
    )


def header(name: str, quick: bool, extra: str = "") -> str:
    mode = "quick" if quick else "default"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    lines = [f"== {name} ({mode} run, {started}) ==", machine_line()]
    lines.append(f"load average at start (1/5/15 min): {load}")
    if extra:
        lines.append(extra)
    return "\n".join(lines)


def extract(ref: str, target: Path) -> Path:
    """The `src` folder of git revision `ref`, written under `target` (with that revision's
    app.py beside it)."""
    archive = target / "baseline.tar"
    with open(archive, "wb") as out:
        command = ["git", "archive", ref, "src", "app.py"]
        subprocess.run(command, cwd=REPO, stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(target / "baseline", filter="data")
    return target / "baseline" / "src"
