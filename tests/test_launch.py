"""launch.py: the server's model and index load in a thread while the web modules import."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from profilechat.config import Config
from profilechat.errors import ProfileChatError
from profilechat.launch import Preload

from .conftest import REPO


def preloaded(config: Config) -> Preload:
    preload = Preload(config)
    preload.start()
    return preload


def test_preload_gives_the_model_and_the_open_index(shipped_index: Config) -> None:
    embedder, bot = preloaded(shipped_index).result()
    assert bot is not None and bot.people
    assert embedder.encode(["a question"]).shape == (1, embedder.dimension)


def test_preload_without_an_index_gives_no_bot(tmp_path: Path) -> None:
    config = Config(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    embedder, bot = preloaded(config).result()
    assert bot is None and embedder.dimension > 0


def test_preload_raises_a_loading_error_in_the_caller(tmp_path: Path) -> None:
    config = Config(corpus_dir=tmp_path, index_dir=tmp_path / "index", model=str(tmp_path / "no"))
    with pytest.raises(ProfileChatError, match="Could not load the embedding model"):
        preloaded(config).result()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def launch(args: list[str]) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO / "src"), *sys.path]))
    return subprocess.Popen(
        [sys.executable, "-m", "profilechat.cli", "serve", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.server
def test_serve_answers_through_the_page_and_the_api(shipped_index: Config) -> None:
    port = free_port()
    folders = ["--corpus", str(shipped_index.corpus_dir), "--index", str(shipped_index.index_dir)]
    server = launch([*folders, "--port", str(port)])
    url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(timeout=60) as client:
            for _ in range(600):
                assert server.poll() is None, server.communicate()[1]
                try:
                    if client.get(url + "/").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            answer = client.post(f"{url}/api/ask", json={"question": "Who is Zhipeng Jia?"})
            assert answer.status_code == 200 and answer.json()["found"], answer.text
            assert "Zhipeng Jia" in answer.json()["people"]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_reports_a_model_that_cannot_load_in_one_line(shipped_index: Config) -> None:
    config = replace(shipped_index, model="/nonexistent/model")
    folders = ["--corpus", str(config.corpus_dir), "--index", str(config.index_dir)]
    server = launch([*folders, "--model", config.model, "--port", str(free_port())])
    _, errors = server.communicate(timeout=120)
    assert server.returncode == 2
    assert errors.strip().startswith("error: Could not load the embedding model")
    assert "Traceback" not in errors
