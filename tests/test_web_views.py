"""The web app's handlers without a server: examples and People cards made from the index, the
person filter note, seeing the CLI's index updates, and the confirmed delete / restore."""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import httpx
import pytest

from profilechat.config import Config
from profilechat.indexing import update_index
from profilechat.people_view import GENERAL_PLACEHOLDER, example_questions, person_cards
from profilechat.session import ProfileChat
from profilechat.web import EVERYONE, FilePartCounter, WebHandlers

from .fakes import HashEmbedder

SRC = Path(__file__).resolve().parent.parent / "src"
# The shipped corpus's people and specifics (PREAMBLE): the product must not know them.
SHIPPED_WORDS = ("zhipeng", "witchel", "boki", "deepspeed", "tsinghua", "nightcore", "sagemaker")
ANA = """# Ana Lima

Geologist at Petrobras in Rio de Janeiro.

## Education

PhD in Geology from the University of Sao Paulo, 2012.

## Contact

ana.lima@example.org
"""
BOB = "# Bob Stone\n\nBob Stone builds compilers at Initech in Delft.\n"
NAMELESS = "Builds <b>bridges</b> & tunnels for a living.\n"


def _handlers(config: Config, files: dict[str, str]) -> WebHandlers:
    for name, text in files.items():
        (config.corpus_dir / name).write_text(text, encoding="utf-8")
    embedder = HashEmbedder()
    update_index(config, embedder)
    return WebHandlers(config, ProfileChat.open(config=config, embedder=embedder), embedder)


@pytest.fixture
def handlers(fake_config: Config) -> WebHandlers:
    return _handlers(fake_config, {"ana.md": ANA, "bob.md": BOB, "notes.txt": NAMELESS})


def _final(handlers: WebHandlers, question: str, person: str) -> tuple[str, list, str]:
    *_, (_, _, state, _, note) = handlers.respond(question, [], person, False)
    return state[-1]["content"], state[-1].get("people", []), note


# --------------------------------------------------------------------------- 1: examples


def test_the_product_names_none_of_the_shipped_people() -> None:
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8").casefold()
        assert not [w for w in SHIPPED_WORDS if w in text], path


def test_examples_and_placeholder_come_from_the_indexed_people(handlers: WebHandlers) -> None:
    refreshed = handlers.refresh(EVERYONE)
    placeholder, examples = refreshed[4], refreshed[5:8]
    assert placeholder["placeholder"] == "e.g. Who is Ana Lima?"
    assert [e["value"] for e in examples] == [
        "Who is Ana Lima?",
        "How can I contact Bob Stone?",
        "Where did Ana Lima study?",
    ]


def test_without_named_people_there_are_no_examples(fake_config: Config) -> None:
    handlers = _handlers(fake_config, {"notes.txt": NAMELESS})
    refreshed = handlers.refresh(EVERYONE)
    assert refreshed[4]["placeholder"] == GENERAL_PLACEHOLDER
    assert all(e == {"visible": False, "__type__": "update"} for e in refreshed[5:8])
    assert example_questions([]) == []


# --------------------------------------------------------------------------- 2: people cards


def test_cards_show_the_profile_facts_escaped(handlers: WebHandlers) -> None:
    cards = {c.person: c for c in person_cards(handlers.bot.store, handlers.bot.people)}
    ana = cards["Ana Lima"].html()
    assert "Ana Lima" in ana and "ana.md" in ana and "ana.lima@example.org" in ana
    assert "University of Sao Paulo" in ana
    nameless = next(c for c in cards.values() if c.unknown).html()
    assert "Builds &lt;b&gt;bridges&lt;/b&gt; &amp; tunnels" in nameless
    assert "<b>" not in nameless
    assert "<code>notes.txt: Full Name</code>" in nameless and "people.yaml" in nameless


def test_cards_are_searched_by_any_text_on_them(handlers: WebHandlers) -> None:
    assert [p for p, _ in handlers.people_cards_html("petrobras")] == ["Ana Lima"]
    assert [p for p, _ in handlers.people_cards_html("bob DELFT")] == ["Bob Stone"]
    assert handlers.people_cards_html("nobody-at-all") == []
    assert len(handlers.people_cards_html("")) == 3


def test_ask_about_opens_the_chat_with_the_filter_set(handlers: WebHandlers) -> None:
    tabs, person, question = handlers.ask_about("Bob Stone")
    assert tabs["selected"] == "chat" and person["value"] == "Bob Stone"
    assert question == "Who is Bob Stone?"


# --------------------------------------------------------------------------- 3: filter


def test_a_person_named_in_the_question_wins_over_the_filter(handlers: WebHandlers) -> None:
    text, people, note = _final(handlers, "Where does Bob Stone work?", "Ana Lima")
    assert people == ["Bob Stone"] and "Initech" in text
    assert "was not applied" in note and "Ana Lima" in note


def test_the_filter_narrows_a_question_that_names_nobody(handlers: WebHandlers) -> None:
    text, people, note = _final(handlers, "Where does this person work?", "Bob Stone")
    assert people == ["Bob Stone"] and "Initech" in text
    assert "Filter applied: answered about Bob Stone only." in note
    assert _final(handlers, "Where does Bob Stone work?", EVERYONE)[2] == ""


def test_the_filter_note_is_escaped(handlers: WebHandlers) -> None:
    from profilechat.web import filter_note

    assert "<script>" not in filter_note("<script>x</script>", None)


def test_a_filter_that_left_the_index_is_not_applied_and_says_so(handlers: WebHandlers) -> None:
    text, people, note = _final(handlers, "Where does Bob Stone work?", "Gone Person")
    assert people == ["Bob Stone"] and "Initech" in text
    assert "The filter (Gone Person) is no longer in the index" in note


# --------------------------------------------------------------------------- 4: CLI's index


def test_an_index_written_by_another_process_is_picked_up(handlers: WebHandlers) -> None:
    config = handlers.config
    (config.corpus_dir / "cy.md").write_text(
        "# Cy Park\n\nCy Park builds ships at Hyundai in Busan.\n"
    )
    update_index(config, HashEmbedder())  # what `profilechat index` does beside the server
    assert "Cy Park" not in handlers.bot.people
    text, people, _ = _final(handlers, "Where does Cy Park work?", EVERYONE)
    assert people == ["Cy Park"] and "Busan" in text


def test_an_unchanged_index_is_not_reloaded(handlers: WebHandlers) -> None:
    with mock.patch.object(handlers.bot, "reload") as reload:
        assert handlers.watcher.check() is False
        _final(handlers, "Where does Bob Stone work?", EVERYONE)
    reload.assert_not_called()


def test_a_check_during_another_reload_waits_for_nothing(handlers: WebHandlers) -> None:
    handlers.watcher._seen = None  # the manifest looks changed
    with handlers.watcher._lock, mock.patch.object(handlers.bot, "reload") as reload:
        assert handlers.watcher.check() is False
    reload.assert_not_called()


# --------------------------------------------------------------------------- 5: trash


def test_delete_asks_first_then_moves_to_the_trash_and_restores(handlers: WebHandlers) -> None:
    action, row, question = handlers.ask_to_confirm("delete", "bob.md")
    assert action == "delete" and row["visible"] is True
    assert question == "Move bob.md to the trash and take it out of the index?"
    assert "bob.md" in handlers.manager.files()  # nothing happened yet
    status, pending, row = handlers.ui_confirmed(action, "bob.md", "", "", None, None)
    assert re.match(r"Deleted bob\.md \(moved to the trash", status)
    assert pending == "" and row["visible"] is False
    assert "Bob Stone" not in handlers.bot.people
    assert handlers.refresh(EVERYONE)[2]["choices"] == ["bob.md"]
    status = handlers.ui_restore("bob.md", "", "", None, None)
    assert status.startswith("Restored bob.md: Bob Stone")
    assert "Bob Stone" in handlers.bot.people and handlers.manager.trashed() == []


def test_confirming_without_a_document_says_what_to_do(handlers: WebHandlers) -> None:
    assert handlers.ask_to_confirm("delete", None)[2] == "Choose the document to delete first."
    assert handlers.ask_to_confirm("rebuild")[0] == "rebuild"


# --------------------------------------------------------------------------- 6: sources panel


def test_sources_mark_the_quoted_sentences_and_hide_scores(handlers: WebHandlers) -> None:
    *_, (_, shown, _, _, _) = handlers.respond("Where does Bob Stone work?", [], None, False)
    assert '<strong>Bob Stone</strong> — <span class="pc-file">bob.md</span>' in shown
    assert '<div class="pc-source" id="pc-source-1" data-source="1">' in shown  # where [1] leads
    assert "<mark>Bob Stone builds compilers at Initech in Delft.</mark>" in shown
    assert '<details class="pc-score"><summary>Score</summary>' in shown


def test_highlighting_escapes_the_passage() -> None:
    from profilechat.web import highlight_quoted

    shown = highlight_quoted(
        "Says <b>hi</b> to everyone here. Then <i>leaves</i>.", "says <b>hi</b> to everyone here."
    )
    assert (
        shown
        == "<mark>Says &lt;b&gt;hi&lt;/b&gt; to everyone here.</mark> Then &lt;i&gt;leaves&lt;/i&gt;."
    )


def test_an_abbreviation_does_not_end_a_quoted_sentence() -> None:
    from profilechat.web import highlight_quoted

    shown = highlight_quoted(
        "Ph.D. in Computer Science, 2022\nM.S. in Physics", "Ph.D. in Computer Science, 2022 [1]"
    )
    assert shown == "<mark>Ph.D. in Computer Science, 2022</mark>\nM.S. in Physics"


# --------------------------------------------------------------------------- trash at start-up


def test_the_app_removes_expired_trash_when_it_starts(fake_config: Config) -> None:
    import os
    import time

    from profilechat.documents import TRASH

    trash = fake_config.corpus_dir / TRASH
    trash.mkdir()
    (trash / "old.md").write_text(BOB)
    (trash / "recent.md").write_text(BOB)
    long_ago = time.time() - (fake_config.trash_days + 1) * 86_400
    os.utime(trash / "old.md", (long_ago, long_ago))
    handlers = _handlers(fake_config, {"ana.md": ANA})
    assert handlers.manager.trashed() == ["recent.md"]
    assert handlers.delete_choices() == [("Ana Lima — ana.md", "ana.md")]  # label, value


def test_file_part_counter_counts_files_not_fields_wherever_the_body_is_cut() -> None:
    fields = {"session_hash": "s", "fn_name": "f"}
    files = [("files", (f"p{n}.md", b"text\r\n\r\nmore")) for n in range(3)]
    request = httpx.Request("POST", "http://x/", data=fields, files=files)
    body = request.read()
    boundary = request.headers["content-type"].split("boundary=")[1].encode()
    for cut in range(len(body) + 1):
        counter = FilePartCounter(boundary)
        counter.feed(body[:cut])
        assert counter.feed(body[cut:]) == 3, cut
