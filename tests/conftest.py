from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Gradio keeps uploads in one folder per machine (/tmp/gradio); a test run of its own keeps the
# upload tests from seeing files of another run on the same machine. Set before Gradio is imported.
if "GRADIO_TEMP_DIR" not in os.environ:
    os.environ["GRADIO_TEMP_DIR"] = tempfile.mkdtemp(prefix="profilechat-tests-gradio-")
    atexit.register(shutil.rmtree, os.environ["GRADIO_TEMP_DIR"], True)

from profilechat.config import Config
from profilechat.embedding import load_embedder
from profilechat.indexing import update_index
from profilechat.session import ProfileChat

from .fakes import HashEmbedder

REPO = Path(__file__).resolve().parent.parent
SHIPPED_CORPUS = REPO / "corpus"


@pytest.fixture(scope="session")
def embedder():
    """The real default model, loaded once per test session."""
    return load_embedder()


@pytest.fixture
def fake_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture
def fake_config(tmp_path: Path) -> Config:
    """A config for the fake model, with an empty corpus and index under tmp_path."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    return Config(
        corpus_dir=corpus, index_dir=tmp_path / "index", model="fake-hash-64", lock_timeout=0.5
    )


@pytest.fixture(scope="session")
def shipped_index(tmp_path_factory: pytest.TempPathFactory, embedder) -> Config:
    """The shipped corpus indexed with the real model, built once per session."""
    root = tmp_path_factory.mktemp("shipped")
    shutil.copytree(SHIPPED_CORPUS, root / "corpus")
    config = Config(corpus_dir=root / "corpus", index_dir=root / "index")
    update_index(config, embedder)
    return config


@pytest.fixture(scope="session")
def bot(shipped_index: Config, embedder) -> ProfileChat:
    return ProfileChat.open(config=shipped_index, embedder=embedder)
