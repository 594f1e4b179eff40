"""Each command imports only what it needs (a behaviour, checked through sys.modules in a fresh
interpreter; how long the imports take is measured by benchmarks/bench_startup.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from profilechat.config import Config
from profilechat.embedding import load_embedder
from profilechat.indexing import update_index

from .conftest import REPO
from .fakes import HashEmbedder

# Runs the CLI in-process, then prints which of the watched modules were imported.
PROBE = """
import json, sys
from profilechat.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
watched = {watched!r}
print("PROBE " + json.dumps({{"code": code, "imported": sorted(m for m in watched if m in sys.modules)}}))
"""
FRAMEWORKS = (
    "torch",
    "transformers",
    "sentence_transformers",
    "gradio",
    "faiss",
    "onnxruntime",
    "ray",
)
TORCH = ("torch", "sentence_transformers", "transformers")


def run_probe(script: str, args: list[str] | None = None) -> dict:
    """Run `script` in a fresh interpreter; the JSON report it prints after "PROBE "."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO / "src"), *sys.path]))
    result = subprocess.run(
        [sys.executable, "-c", script, *(args or [])],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("PROBE ")]
    assert lines, result.stderr
    return json.loads(lines[-1].removeprefix("PROBE "))


def probe(args: list[str], watched: tuple[str, ...]) -> tuple[int, list[str]]:
    report = run_probe(PROBE.format(watched=watched), args)
    return report["code"], report["imported"]


@pytest.fixture
def fake_index(fake_config: Config) -> Config:
    (fake_config.corpus_dir / "ann.md").write_text("# Ann Lee\n\nAnn teaches physics.\n")
    update_index(fake_config, HashEmbedder())
    return fake_config


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["ask", "--help"]])
def test_help_and_version_import_no_framework(args: list[str]) -> None:
    assert probe(args, FRAMEWORKS) == (0, [])


@pytest.mark.parametrize("command", ["status", "people"])
def test_status_and_people_import_no_framework(fake_index: Config, command: str) -> None:
    index = ["--index", str(fake_index.index_dir), "--model", fake_index.model]
    assert probe([command, *index], (*FRAMEWORKS, "numpy")) == (0, [])


def test_unchanged_index_imports_no_framework(fake_index: Config) -> None:
    args = ["index", str(fake_index.corpus_dir), "--index", str(fake_index.index_dir)]
    assert probe([*args, "--model", fake_index.model], (*FRAMEWORKS, "numpy")) == (0, [])


@pytest.fixture(scope="module")
def onnx_exported() -> None:
    """The ONNX export exists in the cache (exporting is the one step that needs torch)."""
    load_embedder(backend="onnx")


def test_ask_with_onnx_never_imports_torch_or_ray(
    shipped_index: Config, onnx_exported: None
) -> None:
    args = ["ask", "--backend", "onnx", "--index", str(shipped_index.index_dir), "Who is this?"]
    assert probe(args, (*TORCH, "ray")) == (0, [])


def test_indexing_with_onnx_never_imports_torch(tmp_path: Path, onnx_exported: None) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ann.md").write_text("# Ann Lee\n\nAnn teaches physics in Lyon.\n")
    args = ["index", str(corpus), "--index", str(tmp_path / "index"), "--backend", "onnx"]
    assert probe(args, TORCH) == (0, [])


# Imports the server's modules, builds a component, then reports on Gradio's stub writer.
STUBS_PROBE = """
import json, sys
import profilechat.http_api
import gradio as gr
from gradio import component_meta
box = gr.Textbox(label="q")
pandas_at_start = "pandas.core.frame" in sys.modules
import importlib.util
found = importlib.util.find_spec("pandas") is not None  # as libraries probing for pandas do
import pandas
from gradio import caching
frame = pandas.DataFrame({"a": [1, 2]})
print("PROBE " + json.dumps({
    "writer": component_meta.create_or_modify_pyi.__name__,
    "hooks_left": [type(f).__name__ for f in sys.meta_path if "Stub" in type(f).__name__],
    "events": callable(box.submit),
    "pandas_at_start": pandas_at_start,
    "pandas_works": found and caching.pd.DataFrame is pandas.DataFrame and len(frame) == 2,
}))
"""


def test_server_modules_import_gradio_without_type_stubs_or_pandas_until_used() -> None:
    report = run_probe(STUBS_PROBE)
    assert report == {
        "writer": "_write_no_stub",
        "hooks_left": [],
        "events": True,
        "pandas_at_start": False,
        "pandas_works": True,
    }
