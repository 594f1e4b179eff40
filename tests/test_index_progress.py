"""Per-document progress of index updates: the callback of `update_index`, the terminal bar of
the CLI, the status of the web app's management actions and of its start-up update."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from profilechat.config import Config
from profilechat.documents import DocumentManager
from profilechat.indexing import TerminalProgress, update_index
from profilechat.session import ProfileChat
from profilechat.store import indexed_records
from profilechat.web import IndexBuild, WebHandlers, empty_bot

from .fakes import HashEmbedder

ALICE = "# Alice Walker\n\nAlice Walker is a chemist at Acme Labs. She studied at Oxford.\n"
BOB = "# Bob Stone\n\nBob Stone is a pilot at Northwind Air. He studied at Leeds.\n"


def corpus_config(tmp_path: Path, embedder: HashEmbedder) -> Config:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "alice.md").write_text(ALICE, encoding="utf-8")
    (corpus / "bob.md").write_text(BOB, encoding="utf-8")
    return Config(corpus_dir=corpus, index_dir=tmp_path / "index", model=embedder.name)


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int, str]] = []

    def __call__(self, done: int, total: int, source: str) -> None:
        self.calls.append((done, total, source))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def embedder() -> HashEmbedder:
    return HashEmbedder()


def test_update_index_reports_each_new_document_then_the_end(
    tmp_path: Path, embedder: HashEmbedder
) -> None:
    config = corpus_config(tmp_path, embedder)
    first = Recorder()
    update_index(config, embedder, progress=first)
    assert first.calls == [(0, 2, "alice.md"), (1, 2, "bob.md"), (2, 2, "")]

    (config.corpus_dir / "bob.md").write_text(BOB + "He flies gliders.\n", encoding="utf-8")
    second = Recorder()
    update_index(config, embedder, progress=second)
    assert second.calls == [(0, 1, "bob.md"), (1, 1, "")]  # alice.md is unchanged

    third = Recorder()
    update_index(config, embedder, progress=third)
    assert third.calls == []


def test_a_file_that_fails_to_load_is_still_counted(tmp_path: Path, embedder: HashEmbedder) -> None:
    config = corpus_config(tmp_path, embedder)
    (config.corpus_dir / "empty.md").write_text("", encoding="utf-8")
    progress = Recorder()
    report = update_index(config, embedder, progress=progress)
    assert [call[2] for call in progress.calls] == ["alice.md", "bob.md", "empty.md", ""]
    assert [source for source, _ in report.skipped] == ["empty.md"]
    assert report.skipped_lines()[0].startswith("skipped empty.md: ")


def test_terminal_progress_draws_a_bar_per_document_only_on_a_terminal(
    tmp_path: Path, embedder: HashEmbedder
) -> None:
    config = corpus_config(tmp_path, embedder)
    piped = io.StringIO()
    update_index(config, embedder, rebuild=True, progress=TerminalProgress(piped))
    assert piped.getvalue() == ""

    terminal = Terminal()
    update_index(config, embedder, rebuild=True, progress=TerminalProgress(terminal))
    drawn = terminal.getvalue()
    assert "alice.md" in drawn and "bob.md" in drawn
    assert "/2" in drawn  # tqdm's "n/total documents"


def test_management_progress_names_each_document(tmp_path: Path, embedder: HashEmbedder) -> None:
    config = corpus_config(tmp_path, embedder)
    update_index(config, embedder)
    records = lambda: indexed_records(config.index_dir)  # noqa: E731
    manager = DocumentManager(config, embedder, records, show_progress=False)
    steps: list[tuple[float, str]] = []
    manager.rebuild(lambda fraction, text: steps.append((fraction, text)))
    texts = [text for _, text in steps]
    assert "Indexing 1 of 2: alice.md" in texts and "Indexing 2 of 2: bob.md" in texts
    fractions = [fraction for fraction, _ in steps]
    assert fractions == sorted(fractions) and all(0 <= f <= 1 for f in fractions)


def test_a_status_names_every_skipped_file_with_its_reason(
    tmp_path: Path, embedder: HashEmbedder
) -> None:
    config = corpus_config(tmp_path, embedder)
    update_index(config, embedder)
    (config.corpus_dir / "empty.md").write_text("", encoding="utf-8")
    (config.corpus_dir / "notes.xyz").write_text("x", encoding="utf-8")
    records = lambda: indexed_records(config.index_dir)  # noqa: E731
    manager = DocumentManager(config, embedder, records, show_progress=False)
    # A delete looks only at the file it removes (update_index(changed=...)): it names no other.
    lines = manager.delete("bob.md").lines()
    assert not any(line.startswith("skipped") for line in lines)
    assert lines[-1].startswith("0 added, 0 updated, 1 removed, 1 unchanged, 0 skipped")
    lines = manager.rebuild().lines()  # a rebuild (as the start-up update) scans the corpus
    assert any(line.startswith("skipped empty.md: ") for line in lines)
    assert "skipped notes.xyz: unsupported file type" in lines


def test_the_start_up_build_answers_only_when_an_index_exists_and_then_switches(
    tmp_path: Path, embedder: HashEmbedder
) -> None:
    config = corpus_config(tmp_path, embedder)
    bot = empty_bot(config, embedder)
    build = IndexBuild(config, embedder)
    handlers = WebHandlers(config, bot, embedder, build)
    assert "being built" in handlers._still_building()
    assert "questions can be answered when it is built" in handlers.build_status()[0]

    build.run()  # what build.start() runs in its thread
    assert handlers._still_building() == ""
    assert bot.people == ["Alice Walker", "Bob Stone"]
    status, timer = handlers.build_status()
    assert "2 added" in status and timer.active is False


def test_the_start_up_build_keeps_the_previous_index_until_it_ends(
    tmp_path: Path, embedder: HashEmbedder
) -> None:
    config = corpus_config(tmp_path, embedder)
    update_index(config, embedder)
    (config.corpus_dir / "carol.md").write_text(
        "# Carol King\n\nCarol King is a judge in Boston.\n", encoding="utf-8"
    )
    bot = ProfileChat.open(config=config, embedder=embedder)
    build = IndexBuild(config, embedder)
    handlers = WebHandlers(config, bot, embedder, build)
    seen: list[str] = []
    report = build._progress

    def spy(done: int, total: int, source: str) -> None:
        report(done, total, source)
        seen.append(f"{handlers.build_status()[0]} | {bot.people}")

    build._progress = spy  # type: ignore[method-assign]
    build.run()
    assert seen[0].startswith("Indexing 1 of 1: carol.md")
    assert "previous index" in seen[0] and "Carol King" not in seen[0]
    assert "Carol King" in bot.people


@pytest.mark.server
@pytest.mark.filterwarnings("ignore:'future.no_silent_downcasting' is deprecated")
@pytest.mark.filterwarnings("ignore:The copy keyword is deprecated")
def test_an_api_question_during_the_first_build_is_told_how_far_it_is(
    tmp_path: Path, embedder: HashEmbedder
) -> None:
    """Not a "not found" from the empty index: the API says the index is being built, and
    how far, until it is; then it answers."""
    from fastapi.testclient import TestClient

    from profilechat.gradio_loader import gradio as gr
    from profilechat.http_api import server_app

    config = corpus_config(tmp_path, embedder)
    bot = empty_bot(config, embedder)
    build = IndexBuild(config, embedder)
    handlers = WebHandlers(config, bot, embedder, build)
    build._progress(0, 2, "alice.md")  # what update_index reports as it starts on alice.md
    question = {"question": "Where did Alice Walker study?"}
    with pytest.raises(gr.Error, match=r"being built \(Indexing 1 of 2: alice\.md\)"):
        handlers.api_ask(question["question"])
    with TestClient(
        server_app(config, bot, embedder, build), base_url="http://127.0.0.1"
    ) as client:
        refused = client.post("/api/ask", json=question)
        assert refused.status_code == 503
        assert "being built (Indexing 1 of 2: alice.md)" in refused.json()["error"]
        build.run()
        answered = client.post("/api/ask", json=question)
    # Answered from the index now built (the hash embedder finds no answer, but knows her).
    assert answered.status_code == 200 and "Alice Walker" in answered.json()["answer"]
    assert "Alice Walker" in handlers.api_ask(question["question"])["answer"]
