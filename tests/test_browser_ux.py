"""The web app in headless Chromium: the progress of index updates, the conversation kept
across a page reload, and the layout on a phone-sized (390 px) and a desktop screen."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Browser, Page, expect

from profilechat.config import Config
from profilechat.document_view import document_titles
from profilechat.manifest import indexed_records
from profilechat.web import IndexBuild, build_app, citation, empty_bot, launch_options

from .conftest import SHIPPED_CORPUS
from .test_browser import (  # noqa: F401 - fixtures
    SCREENSHOTS,
    WAIT_MS,
    ask,
    browser,
    served,
    upload,
)
from .test_web_api import MARIA, Served, free_port

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:'future.no_silent_downcasting' is deprecated"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 1000}
BUILD_WAIT_MS = 90_000  # a whole build on a shared 2-core machine; not a performance limit
ENCODE_PAUSE = 2.0  # seconds per document, long enough to see each step on the page


class SlowEmbedder:
    """The real embedder, pausing before each encode call (one per document) so that an
    index update lasts long enough to watch."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.name = inner.name  # type: ignore[attr-defined]
        self.dimension = inner.dimension  # type: ignore[attr-defined]
        self.backend = getattr(inner, "backend", "")

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        time.sleep(ENCODE_PAUSE)
        return self.inner.encode(texts)  # type: ignore[attr-defined]


def open_page(chromium: Browser, url: str, viewport: dict[str, int]) -> Page:
    page = chromium.new_context(viewport=viewport).new_page()
    page.goto(url)
    expect(page.locator("#question textarea")).to_be_visible(timeout=WAIT_MS)
    return page


def test_the_page_shows_the_start_up_build_and_a_rebuild_per_document(
    browser: Browser,  # noqa: F811
    tmp_path: Path,
    embedder: object,
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SHIPPED_CORPUS, corpus)
    (corpus / "maria-garcia.md").write_text(MARIA, encoding="utf-8")
    config = Config(corpus_dir=corpus, index_dir=tmp_path / "index")
    slow = SlowEmbedder(embedder)
    build = IndexBuild(config, slow)  # type: ignore[arg-type]
    demo = build_app(config, empty_bot(config, slow), slow, build)  # type: ignore[arg-type]
    options = {"server_name": "127.0.0.1", "server_port": free_port(), "prevent_thread_lock": True}
    _, url, _ = demo.launch(**(launch_options(config) | options | {"quiet": True}))
    try:
        page = open_page(browser, url, DESKTOP)
        status = page.locator("#index-status")
        expect(status).to_contain_text("Checking the corpus")
        build.start()
        expect(status).to_contain_text("Indexing 1 of 3", timeout=WAIT_MS)
        expect(status).to_contain_text("questions can be answered when it is built")
        ask(page, "Where did Maria Garcia do her PhD?")
        expect(page.locator(".toast-body")).to_contain_text("being built", timeout=WAIT_MS)
        expect(status).to_contain_text("Indexing 3 of 3", timeout=BUILD_WAIT_MS)
        expect(status).to_contain_text("3 added", timeout=BUILD_WAIT_MS)
        ask(page, "Where did Maria Garcia do her PhD?")
        expect(page.locator("#chatbot")).to_contain_text("Stanford", timeout=WAIT_MS)

        page.get_by_role("tab", name="Documents").click()
        page.locator("#rebuild").click()
        page.locator("#confirm").click()
        progress = page.locator("#status")
        expect(progress).to_contain_text("Indexing 1 of 3", timeout=WAIT_MS)
        expect(progress).to_contain_text("Indexing 2 of 3", timeout=WAIT_MS)
        page.screenshot(path=str(SCREENSHOTS / "rebuild-progress.png"), full_page=True)
        expect(page.locator("#status textarea")).to_have_value(
            re.compile("Rebuilt the index"), timeout=BUILD_WAIT_MS
        )
    finally:
        demo.close()


@pytest.fixture
def phone(browser: Browser, served: Served) -> Iterator[Page]:  # noqa: F811
    page = open_page(browser, served.url, PHONE)
    yield page
    page.context.close()


def test_the_conversation_and_its_people_survive_a_reload(
    browser: Browser,  # noqa: F811
    served: Served,  # noqa: F811
) -> None:
    page = open_page(browser, served.url, DESKTOP)
    ask(page, "Where did Zhipeng Jia do his PhD?")
    chatbot = page.locator("#chatbot")
    expect(chatbot).to_contain_text("Texas at Austin", timeout=WAIT_MS)
    expect(chatbot.get_by_role("button", name="Copy message").first).to_be_attached()
    # The conversation is stored when the answer is complete, with its sources.
    expect(page.locator("#sources")).to_contain_text("002_682bc478652e0be9.txt", timeout=WAIT_MS)

    page.reload()
    expect(chatbot).to_contain_text("Where did Zhipeng Jia do his PhD?", timeout=WAIT_MS)
    expect(chatbot).to_contain_text("Texas at Austin")
    ask(page, "Where does he work now?")  # "he": the person of the kept answer
    expect(page.locator("#sources .pc-source").first).to_be_visible(timeout=WAIT_MS)
    people = page.locator("#sources .pc-meta strong").all_inner_texts()
    assert people and set(people) == {"Zhipeng Jia"}
    page.context.close()


def test_narrow_screen_shows_sources_after_the_conversation(phone: Page) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    ask(phone, "Where did Zhipeng Jia do his PhD?")
    expect(phone.locator("#chatbot")).to_contain_text("Texas at Austin", timeout=WAIT_MS)
    expect(phone.locator("#sources .pc-source").first).to_be_visible(timeout=WAIT_MS)
    chatbot = phone.locator("#chatbot").bounding_box()
    sources = phone.locator("#sources").bounding_box()
    question = phone.locator("#question").bounding_box()
    assert chatbot and sources and question
    assert chatbot["y"] + chatbot["height"] <= sources["y"] < question["y"]
    assert sources["x"] + sources["width"] <= PHONE["width"]
    phone.screenshot(path=str(SCREENSHOTS / "chat-390.png"), full_page=True)

    phone.get_by_role("tab", name="Documents").click()
    table = phone.locator("#documents-table")
    expect(table).to_contain_text("Zhipeng Jia", timeout=WAIT_MS)
    box = table.bounding_box()
    assert box and box["x"] + box["width"] <= PHONE["width"]
    scroller = phone.locator("#documents-table .pc-scroll")
    widths = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] > widths[1]  # the table scrolls inside its box rather than being cut off
    phone.screenshot(path=str(SCREENSHOTS / "documents-390.png"), full_page=True)


def test_desktop_keeps_sources_beside_the_conversation(
    browser: Browser,  # noqa: F811
    served: Served,  # noqa: F811
) -> None:
    page = open_page(browser, served.url, DESKTOP)
    chatbot = page.locator("#chatbot").bounding_box()
    sources = page.locator("#sources").bounding_box()
    assert chatbot and sources
    assert sources["x"] >= chatbot["x"] + chatbot["width"]
    assert abs(sources["y"] - chatbot["y"]) < chatbot["height"]
    page.screenshot(path=str(SCREENSHOTS / "chat-desktop.png"), full_page=True)
    page.context.close()


DANA = """# Dana O'Neil

Dana O'Neil is a chemist at Procter & Gamble in Cincinnati.

## Education

She received her PhD in Chemistry from Ohio State University in 2012.
"""
CV_HTML = """<html><head><title>Curriculum Vitae</title></head><body>
<h1>Rui Tanaka</h1><p>Rui Tanaka is a geologist at the Japan Agency for Marine-Earth Science.</p>
</body></html>"""


def test_a_citation_leads_to_its_source_card(phone: Page) -> None:
    ask(phone, "Where did Zhipeng Jia do his PhD?")
    cite = phone.locator("#chatbot a.pc-cite").first
    expect(cite).to_be_visible(timeout=WAIT_MS)
    number = cite.inner_text().strip("[]")
    card = phone.locator(f"#sources #pc-source-{number}")
    expect(card).to_contain_text("Zhipeng Jia — 002_682bc478652e0be9.txt")
    phone.evaluate("window.scrollTo(0, 0)")
    # On a phone the sources come below the conversation, mostly out of sight.
    expect(card).not_to_be_in_viewport(ratio=0.5)
    cite.click()
    expect(card).to_be_in_viewport(ratio=0.9, timeout=WAIT_MS)
    expect(card).to_have_class(re.compile(r"\bpc-target\b"))
    outline = card.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"
    assert phone.locator("#sources .pc-target").count() == 1
    # The answer ends with its citations, as a reader would name the sources.
    expect(phone.locator("#chatbot .pc-cites")).to_contain_text(f"[{number}] Zhipeng Jia — ")


def test_copy_gives_the_answer_as_plain_text(
    browser: Browser,  # noqa: F811
    served: Served,  # noqa: F811
    tmp_path: Path,
) -> None:
    context = browser.new_context(
        viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.goto(served.url)
    profile = tmp_path / "dana-oneil.md"
    profile.write_text(DANA, encoding="utf-8")
    upload(page, profile)
    question = "Where does Dana O'Neil work?"
    ask(page, question)
    expect(page.locator("#chatbot")).to_contain_text("Procter & Gamble", timeout=WAIT_MS)
    expect(page.locator("#chatbot .pc-cites")).to_be_visible(timeout=WAIT_MS)
    answer = served.bot.ask(question)
    titles = document_titles(served.bot.store)
    cited = [citation(s, titles.get(s.source, "")) for s in answer.sources]
    message = page.locator("#chatbot .bot-row, #chatbot [data-testid=bot]").last
    message.hover()
    page.locator("#chatbot").get_by_role("button", name="Copy message").last.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == answer.text + "\n\n" + "\n".join(cited)
    assert "Procter & Gamble" in copied and "O'Neil" in copied
    context.close()


def test_documents_show_titles_and_the_trash_can_be_emptied(
    browser: Browser,  # noqa: F811
    served: Served,  # noqa: F811
    tmp_path: Path,
) -> None:
    page = open_page(browser, served.url, DESKTOP)
    profile = tmp_path / "rui-tanaka.html"
    profile.write_text(CV_HTML, encoding="utf-8")
    upload(page, profile)
    row = page.locator("#documents-table tr", has_text="rui-tanaka.html")
    expect(row).to_contain_text("Rui Tanaka")
    expect(row).to_contain_text("Curriculum Vitae")
    choice = page.locator("#delete-choice input")
    choice.fill("Rui Tanaka")  # documents are chosen by person and title too
    page.get_by_role("option", name="Rui Tanaka — Curriculum Vitae (rui-tanaka.html)").click()
    page.locator("#delete").click()
    expect(page.locator("#confirm-text")).to_contain_text(f"Move {profile.name} to the trash")
    page.locator("#confirm").click()
    status = page.locator("#status textarea")
    expect(status).to_have_value(re.compile(f"Deleted {profile.name}"), timeout=WAIT_MS)
    page.locator("#empty-trash").click()
    expect(page.locator("#confirm-text")).to_contain_text("in the trash for good", timeout=WAIT_MS)
    page.locator("#confirm").click()
    expect(status).to_have_value(
        re.compile(f"Removed 1 document from the trash for good: {profile.name}"), timeout=WAIT_MS
    )
    page.locator("#empty-trash").click()
    expect(page.locator(".toast-body")).to_contain_text("already empty", timeout=WAIT_MS)
    page.context.close()


def test_an_upload_over_the_file_limit_is_refused_in_one_sentence(
    browser: Browser,  # noqa: F811
    served: Served,  # noqa: F811
    tmp_path: Path,
) -> None:
    page = open_page(browser, served.url, DESKTOP)
    limit = served.config.max_upload_files
    files = []
    for n in range(limit + 1):
        path = tmp_path / f"person-{n}.md"
        path.write_text(f"# Person {n}\n\nPerson {n} is a tester.\n", encoding="utf-8")
        files.append(str(path))
    page.get_by_role("tab", name="Documents").click()
    # Counted from the index, not the table: the table may still be showing an earlier state.
    indexed = len(indexed_records(served.config.index_dir))
    expect(page.locator("#documents-table tbody tr")).to_have_count(indexed, timeout=WAIT_MS)
    page.locator("#upload-files input[type=file]").set_input_files(files)
    expect(page.locator(".toast-body")).to_contain_text(
        f"HTTP 413: Refused: one upload may carry at most {limit} files; send them in smaller "
        "groups.",
        timeout=WAIT_MS,
    )
    page.get_by_role("tab", name="Chat").click()
    page.get_by_role("tab", name="Documents").click()  # the table is read again
    expect(page.locator("#documents-table tbody tr")).to_have_count(indexed)
    page.context.close()
