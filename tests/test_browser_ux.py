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
from profilechat.web import IndexBuild, build_app, empty_bot, launch_options

from .conftest import SHIPPED_CORPUS
from .test_browser import SCREENSHOTS, WAIT_MS, ask, browser, served  # noqa: F401 - fixtures
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
