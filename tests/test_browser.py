"""The web app in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright):
chat with sources, uploading a profile, and hostile document text staying inert."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from .test_web_api import MARIA, Served, launch, make_index

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:'future.no_silent_downcasting' is deprecated"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "tests" / "screenshots"
WAIT_MS = 20_000

HOSTILE = """---
name: Eve Mallory
---
# Eve Mallory

Eve Mallory is a security researcher at Example Labs.

## Education

Eve Mallory obtained her PhD in Computer Science from Oxford University \
<img src=x onerror="window.__pwned=1"> <script>window.__pwned=4</script> \
&lt;img src=x onerror="window.__pwned=1"&gt; &lt;script&gt;window.__pwned=2&lt;/script&gt; \
![x](http://example.invalid/x.png) [click](javascript:alert(1)) ${window.__pwned=3} $$\\alpha$$.
"""
# The loader drops real HTML tags from Markdown; the escaped ones are text a reader sees, and
# the page must show them as text.


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, embedder: object) -> Iterator[Served]:
    config, bot = make_index(tmp_path_factory.mktemp("browser"), embedder)
    app = launch(config, bot, embedder)
    yield app
    app.demo.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` to install Debian's chromium.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, served: Served) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(served.url)
    expect(page.locator("#question textarea")).to_be_visible(timeout=WAIT_MS)
    yield page
    context.close()


def ask(page: Page, question: str, new_conversation: bool = False) -> None:
    page.get_by_role("tab", name="Chat").click()
    if new_conversation:
        page.locator("#new-conversation").click()
        expect(page.locator("#sources")).to_contain_text("appear here", timeout=WAIT_MS)
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()


def upload(page: Page, path: Path) -> None:
    page.get_by_role("tab", name="Documents").click()
    page.locator("#upload-files input[type=file]").set_input_files(str(path))
    uploaded = page.locator(f"#upload-files a[href$='/{path.name}']")  # stored by Gradio
    expect(uploaded).to_be_visible(timeout=WAIT_MS)
    page.locator("#upload").click()
    status = page.locator("#status textarea")
    expect(status).to_have_value(re.compile(f"Added {re.escape(path.name)}"), timeout=WAIT_MS)
    # The lists (table, delete and restore choices) are refreshed by the event after the status:
    # wait for them as a user waits to see the file listed, or a choice made next may miss it.
    expect(page.locator("#documents-table")).to_contain_text(path.name, timeout=WAIT_MS)


def test_chat_and_upload(page: Page, tmp_path: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    ask(page, "Where did Zhipeng Jia do his PhD?")
    expect(page.locator("#chatbot")).to_contain_text("Texas at Austin", timeout=WAIT_MS)
    expect(page.locator("#chatbot")).to_contain_text("[1]")
    expect(page.locator("#sources")).to_contain_text("002_682bc478652e0be9.txt", timeout=WAIT_MS)
    page.locator("#chatbot a.pc-cite").first.click()  # the picture shows where [1] leads
    expect(page.locator("#sources .pc-target")).to_have_count(1, timeout=WAIT_MS)
    page.screenshot(path=str(SCREENSHOTS / "chat.png"), full_page=True)
    if os.environ.get("PROFILECHAT_UPDATE_SCREENSHOT") == "1":  # refresh README's picture
        shutil.copyfile(SCREENSHOTS / "chat.png", REPO / "docs" / "screenshot-chat.png")

    profile = tmp_path / "maria-garcia.md"
    profile.write_text(MARIA, encoding="utf-8")
    upload(page, profile)
    expect(page.locator("#documents-table")).to_contain_text("Maria Garcia", timeout=WAIT_MS)
    page.screenshot(path=str(SCREENSHOTS / "documents.png"), full_page=True)

    ask(page, "Where did Maria Garcia do her PhD?", new_conversation=True)
    expect(page.locator("#chatbot")).to_contain_text("Stanford", timeout=WAIT_MS)
    expect(page.locator("#sources")).to_contain_text("maria-garcia.md", timeout=WAIT_MS)


def test_hostile_document_stays_text(page: Page, tmp_path: Path) -> None:
    profile = tmp_path / "eve-mallory.md"
    profile.write_text(HOSTILE, encoding="utf-8")
    upload(page, profile)
    ask(page, "Where did Eve Mallory do her PhD?")
    expect(page.locator("#chatbot")).to_contain_text("Oxford", timeout=WAIT_MS)
    sources = page.locator("#sources")
    expect(sources).to_contain_text("<script>window.__pwned=2</script>", timeout=WAIT_MS)
    expect(page.locator("#chatbot")).to_contain_text("onerror")
    page.wait_for_timeout(500)  # give any injected handler the chance to run
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src*='example.invalid']").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.locator("#chatbot img, #sources img").count() == 0
    assert page.locator("#chatbot script, #sources script, .katex").count() == 0


def test_people_view_and_ask_about(page: Page) -> None:
    page.get_by_role("tab", name="People").click()
    cards = page.locator(".pc-card")
    expect(cards.first).to_be_visible(timeout=WAIT_MS)
    expect(page.locator(".pc-card", has_text="Zhipeng Jia")).to_contain_text("Documents")
    page.locator("#people-search textarea, #people-search input").first.fill("Zhipeng Jia")
    expect(cards).to_have_count(1, timeout=WAIT_MS)
    page.screenshot(path=str(SCREENSHOTS / "people.png"), full_page=True)
    page.get_by_role("button", name="Ask about Zhipeng Jia").click()
    expect(page.locator("#question textarea")).to_have_value("Who is Zhipeng Jia?", timeout=WAIT_MS)
    expect(page.locator("#person input")).to_have_value("Zhipeng Jia", timeout=WAIT_MS)
    page.locator("#question textarea").fill("Where did this person do a PhD?")
    page.locator("#ask").click()
    expect(page.locator("#chatbot")).to_contain_text("Texas at Austin", timeout=WAIT_MS)
    expect(page.locator("#filter-note")).to_contain_text(
        "Filter applied: answered about Zhipeng Jia only.", timeout=WAIT_MS
    )


def test_examples_name_indexed_people(page: Page, served: Served) -> None:
    examples = page.locator(".pc-example")
    expect(examples.first).to_contain_text("Who is ", timeout=WAIT_MS)
    examples.first.click()
    # The page's load event relabels the buttons for the people indexed now, which may happen
    # around the click: whichever label was clicked, it names an indexed person.
    asked = page.locator("#chatbot .user-row, #chatbot [data-testid=user]").first
    expect(asked).to_contain_text(re.compile(r"Who is .+\?"), timeout=WAIT_MS)
    person = re.search(r"Who is (.+)\?", asked.inner_text()).group(1)  # type: ignore[union-attr]
    assert person in served.bot.people


def test_delete_asks_first_and_restore_brings_it_back(page: Page, tmp_path: Path) -> None:
    profile = tmp_path / "ines-duarte.md"
    profile.write_text(MARIA.replace("Maria Garcia", "Ines Duarte"), encoding="utf-8")
    upload(page, profile)
    choice = page.locator("#delete-choice input")
    choice.fill(profile.name)
    choice.press("Enter")
    page.locator("#delete").click()
    expect(page.locator("#confirm-text")).to_contain_text(
        f"Move {profile.name} to the trash", timeout=WAIT_MS
    )
    expect(page.locator("#documents-table")).to_contain_text("Ines Duarte")  # not yet deleted
    page.locator("#confirm").click()
    status = page.locator("#status textarea")
    expect(status).to_have_value(re.compile(f"Deleted {profile.name}"), timeout=WAIT_MS)
    expect(page.locator("#confirm-row")).to_be_hidden()
    expect(page.locator("#documents-table")).not_to_contain_text("Ines Duarte")
    restore = page.locator("#restore-choice input")
    restore.fill(profile.name)
    restore.press("Enter")
    page.locator("#restore").click()
    expect(status).to_have_value(re.compile(f"Restored {profile.name}"), timeout=WAIT_MS)
    expect(page.locator("#documents-table")).to_contain_text("Ines Duarte", timeout=WAIT_MS)
