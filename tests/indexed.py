"""A chat over a small corpus written for one test: the files, their index, the open chat."""

from __future__ import annotations

from pathlib import Path

from profilechat.config import Config
from profilechat.indexing import update_index
from profilechat.session import ProfileChat


def indexed_bot(root: Path, embedder, files: dict[str, str]) -> ProfileChat:
    """`files` (name → text) written to root/corpus, indexed into root/index, and opened."""
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    config = Config(corpus_dir=corpus, index_dir=root / "index")
    update_index(config, embedder)
    return ProfileChat.open(config=config, embedder=embedder)
