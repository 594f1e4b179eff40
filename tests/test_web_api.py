"""The web app's named API, driven through gradio_client against the app launched in-process
on a free port, over a copy of the shipped corpus."""

from __future__ import annotations

import re
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from profilechat.config import Config
from profilechat.documents import safe_filename
from profilechat.errors import ManagementError
from profilechat.http_api import BackgroundServer
from profilechat.indexing import update_index
from profilechat.session import ProfileChat
from profilechat.web import WebHandlers, access_for, start_in_background

from .conftest import SHIPPED_CORPUS

pytestmark = [
    pytest.mark.server,
    # Raised inside Gradio's queue by pandas 3; nothing this project can change.
    pytest.mark.filterwarnings("ignore:'future.no_silent_downcasting' is deprecated"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]

MARIA = """---
name: Maria Garcia
---
# Maria Garcia

Maria Garcia is a marine biologist at the Scripps Institution of Oceanography in La Jolla.

## Education

She received her PhD in Biology from Stanford University in 2015.
"""
ANSWER_KEYS = {"question", "answer", "found", "people", "sources", "written_by"}
SOURCE_KEYS = {"person", "source", "section", "text", "score"}


@dataclass
class Served:
    config: Config
    bot: ProfileChat
    demo: BackgroundServer  # the running server: close() stops it
    client: Client
    url: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_index(root: Path, embedder: object, **config: object) -> tuple[Config, ProfileChat]:
    corpus = root / "corpus"
    shutil.copytree(SHIPPED_CORPUS, corpus)
    for path in corpus.iterdir():
        path.chmod(0o644)
    settings = Config(corpus_dir=corpus, index_dir=root / "index").with_(**config)
    update_index(settings, embedder)
    return settings, ProfileChat.open(config=settings, embedder=embedder)


def launch(config: Config, bot: ProfileChat, embedder: object) -> Served:
    demo, url = start_in_background(config, bot, embedder, free_port())
    client = Client(url, verbose=False, analytics_enabled=False)
    return Served(config, bot, demo, client, url)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, embedder: object) -> Iterator[Served]:
    config, bot = make_index(tmp_path_factory.mktemp("web"), embedder)
    app = launch(config, bot, embedder)
    yield app
    app.demo.close()


def ask(app: Served, question: str, history: list[dict[str, str]] | None = None) -> dict:
    return app.client.predict(question=question, history=history or [], api_name="/ask")


def upload(app: Served, *paths: Path, password: str = "") -> str:
    files = [handle_file(str(p)) for p in paths]
    return app.client.predict(files=files, password=password, api_name="/upload")


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def corpus_names(app: Served) -> set[str]:
    return {p.name for p in app.config.corpus_dir.iterdir()}


# --------------------------------------------------------------------------- ask


def test_ask_returns_the_cli_json_object(served: Served) -> None:
    question = "Where did Zhipeng Jia do his PhD?"
    result = ask(served, question)
    assert set(result) == ANSWER_KEYS
    assert result["found"] is True
    assert result["people"] == ["Zhipeng Jia"]
    assert "Texas at Austin" in result["answer"]
    assert re.search(r"\[\d+\]", result["answer"])
    assert result["sources"] and all(set(s) == SOURCE_KEYS for s in result["sources"])
    assert result == served.bot.ask(question).to_dict()


def test_follow_up_uses_the_history(served: Served) -> None:
    first = ask(served, "Where does Zhipeng Jia work?")
    history = [
        {"role": "user", "content": "Where does Zhipeng Jia work?"},
        {"role": "assistant", "content": first["answer"]},
    ]
    follow_up = ask(served, "Where did he do his PhD?", history)
    assert follow_up["found"] is True
    assert follow_up["people"] == ["Zhipeng Jia"]
    assert "Texas at Austin" in follow_up["answer"]


def test_follow_up_uses_the_people_an_answer_carries(served: Served) -> None:
    history = [
        {"role": "user", "content": "Who did a PhD in Texas?"},
        {
            "role": "assistant",
            "content": "A systems researcher did. [1]",
            "people": ["Zhipeng Jia"],
        },
    ]
    follow_up = ask(served, "Where did he study?", history)
    assert follow_up["found"] is True and follow_up["people"] == ["Zhipeng Jia"]


def test_web_chat_keeps_the_people_of_each_answer(served: Served) -> None:
    handlers = WebHandlers(served.config, served.bot, served.bot.embedder)
    *_, (_, _, state, _, _) = handlers.respond("Who maintains DeepSpeed?", [], None)
    kept = {key: value for key, value in state[-1].items() if key != "citations"}
    assert kept == served.bot.ask("Who maintains DeepSpeed?").message()
    assert state[-1]["people"] == ["Zhipeng Wang"]
    assert state[-1]["citations"][0].startswith("[1] Zhipeng Wang — 000_d4a71bdd76594050.txt")
    state[-1]["content"] = "A maintainer of a training library. [1]"  # names nobody now
    *_, (_, _, state, _, _) = handlers.respond("Where does he work now?", state, None)
    assert state[-1]["people"] == ["Zhipeng Wang"] and "LinkedIn" in state[-1]["content"]


def test_empty_question_is_a_one_sentence_error(served: Served) -> None:
    with pytest.raises(AppError, match="Please type a question") as caught:
        ask(served, "   ")
    assert "Traceback" not in str(caught.value)


def test_documents_lists_the_index(served: Served) -> None:
    documents = served.client.predict(api_name="/documents")
    assert {d["person"] for d in documents} >= {"Zhipeng Jia", "Zhipeng Wang"}
    assert all(set(d) == {"file", "person", "chunks", "indexed_at"} for d in documents)


# --------------------------------------------------------------------------- management


def test_upload_ask_delete(served: Served, tmp_path: Path) -> None:
    status = upload(served, write(tmp_path, "maria-garcia.md", MARIA))
    assert "Added maria-garcia.md" in status and "Maria Garcia" in status
    answer = ask(served, "Where did Maria Garcia do her PhD?")
    assert answer["found"] and "Stanford" in answer["answer"]
    assert answer["sources"][0]["source"] == "maria-garcia.md"

    status = served.client.predict(file="maria-garcia.md", api_name="/delete")
    assert "Deleted maria-garcia.md" in status
    assert "maria-garcia.md" not in corpus_names(served)
    assert ask(served, "Where did Maria Garcia do her PhD?")["found"] is False

    status = served.client.predict(file="maria-garcia.md", api_name="/restore")
    assert status.startswith("Restored maria-garcia.md: Maria Garcia")
    assert "maria-garcia.md" in corpus_names(served)
    assert ask(served, "Where did Maria Garcia do her PhD?")["found"] is True
    served.client.predict(file="maria-garcia.md", api_name="/delete")


def test_ask_sees_an_index_the_cli_wrote(served: Served) -> None:
    corpus = served.config.corpus_dir
    (corpus / "ines-duarte.md").write_text(MARIA.replace("Maria Garcia", "Ines Duarte"))
    try:
        update_index(served.config, served.bot.embedder)  # `profilechat index` beside the server
        answer = ask(served, "Where did Ines Duarte do her PhD?")
        assert answer["found"] and answer["people"] == ["Ines Duarte"]
    finally:
        (corpus / "ines-duarte.md").unlink()
        update_index(served.config, served.bot.embedder)


def test_bad_file_is_refused_and_the_index_keeps_serving(served: Served, tmp_path: Path) -> None:
    junk = write(tmp_path, "junk.txt", bytes(range(256)) * 64)
    before = corpus_names(served)
    with pytest.raises(AppError, match=r"Refused junk\.txt: not a text file"):
        upload(served, junk)
    assert corpus_names(served) == before
    assert ask(served, "Where did Zhipeng Jia do his PhD?")["found"] is True


def test_unsupported_type_is_refused(served: Served, tmp_path: Path) -> None:
    with pytest.raises(AppError, match=r"Refused notes\.exe: \.exe cannot be indexed"):
        upload(served, write(tmp_path, "notes.exe", "Maria Garcia is a biologist."))


def test_duplicate_content_is_refused(served: Served, tmp_path: Path) -> None:
    copy = tmp_path / "same-as-shipped.txt"
    shutil.copyfile(SHIPPED_CORPUS / "002_682bc478652e0be9.txt", copy)
    with pytest.raises(AppError, match=r"same content as 002_682bc478652e0be9\.txt"):
        upload(served, copy)
    assert "same-as-shipped.txt" not in corpus_names(served)


def test_same_name_other_content_gets_a_new_name(served: Served, tmp_path: Path) -> None:
    name = "002_682bc478652e0be9.txt"
    status = upload(served, write(tmp_path, name, MARIA.replace("Maria", "Marta")))
    assert f"Added {name} as 002_682bc478652e0be9-2.txt, since {name} already exists" in status
    assert (served.config.corpus_dir / name).read_bytes() == (SHIPPED_CORPUS / name).read_bytes()
    served.client.predict(file="002_682bc478652e0be9-2.txt", api_name="/delete")


def test_traversal_file_name_stays_inside_the_corpus(served: Served, tmp_path: Path) -> None:
    # Gradio's upload route receives the hostile name; the file it stores is what /upload gets.
    response = httpx.post(
        f"{served.url}gradio_api/upload",
        files={"files": ("../../evil.md", MARIA.replace("Maria", "Eve").encode())},
    )
    stored = Path(response.json()[0])
    try:
        status = upload(served, stored)
        assert "Added evil.md" in status
        assert (served.config.corpus_dir / "evil.md").is_file()
        root = served.config.corpus_dir.parent
        assert not (root / "evil.md").exists() and not (root.parent / "evil.md").exists()
    finally:
        served.client.predict(file="evil.md", api_name="/delete")


def test_delete_refuses_paths_outside_the_index(served: Served) -> None:
    with pytest.raises(AppError, match="No document named"):
        served.client.predict(file="../index/manifest.json", api_name="/delete")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../evil.md", "evil.md"),
        ("..\\..\\evil.md", "evil.md"),
        (".hidden.md", "hidden.md"),
        ("Maria Garcia (CV)\x00\x07.pdf", "Maria_Garcia__CV_.pdf"),
        ("..", "document"),
        ("a" * 300 + ".docx", "a" * 95 + ".docx"),
        ("<img src=x>.html", "_img_src_x_.html"),
    ],
)
def test_safe_filename(given: str, expected: str) -> None:
    assert safe_filename(given) == expected


# --------------------------------------------------------------------------- access


def test_management_needs_the_password_off_localhost(
    tmp_path: Path, embedder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROFILECHAT_ADMIN_PASSWORD", "s3cret-pass")
    monkeypatch.delenv("PROFILECHAT_ADMIN_USER", raising=False)
    config, bot = make_index(tmp_path, embedder, host="0.0.0.0")
    app = launch(config, bot, embedder)
    target = "002_682bc478652e0be9.txt"
    try:
        for password in ("", "wrong"):
            with pytest.raises(AppError, match="password is wrong"):
                app.client.predict(file=target, password=password, api_name="/delete")
        with pytest.raises(AppError, match="password is wrong"):
            upload(app, write(tmp_path, "maria.md", MARIA))
        assert (config.corpus_dir / target).is_file()
        assert "maria.md" not in corpus_names(app)
        assert ask(app, "Where did Zhipeng Jia do his PhD?")["found"] is True
        status = app.client.predict(file=target, password="s3cret-pass", api_name="/delete")
        assert "Deleted" in status and not (config.corpus_dir / target).exists()
    finally:
        app.demo.close()


def test_management_is_off_without_a_password_off_localhost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PROFILECHAT_ADMIN_PASSWORD", raising=False)
    access = access_for(Config(host="0.0.0.0"))
    assert not access.enabled and "PROFILECHAT_ADMIN_PASSWORD" in access.notice
    assert access_for(Config(host="127.0.0.1")).needs_password is False
    assert access_for(Config(host="::1")).enabled


def test_a_custom_admin_user_must_be_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROFILECHAT_ADMIN_PASSWORD", "pw")
    monkeypatch.setenv("PROFILECHAT_ADMIN_USER", "boss")
    access = access_for(Config(host="192.0.2.7"))
    with pytest.raises(ManagementError, match="password is wrong"):
        access.check("", "pw")
    with pytest.raises(ManagementError, match="password is wrong"):
        access.check("boss", "")
    access.check("boss", "pw")


# --------------------------------------------------------------------------- file routes


def _file_route_targets(app: Served) -> list[str]:
    corpus_file = next(app.config.corpus_dir.iterdir())
    manifest = app.config.index_dir / "manifest.json"
    return [
        str(corpus_file.resolve()),
        str(manifest.resolve()),
        "/etc/passwd",
        "../../../../etc/passwd",
        "..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        str(Path(__file__).resolve()),
        "http://example.invalid/secret.txt",
    ]


@pytest.mark.parametrize("route", ["gradio_api/file=", "file="])
def test_file_routes_serve_nothing_outside_the_app(served: Served, route: str) -> None:
    """Traversal, absolute paths, the corpus, the index and URLs: none can be read."""
    secret_markers = ("root:", "Zhipeng", '"format_version"', "def _file_route_targets")
    for target in _file_route_targets(served):
        response = httpx.get(served.url + route + target, follow_redirects=False, timeout=10)
        assert response.status_code in (400, 403, 404, 405), (target, response.status_code)
        assert not any(marker in response.text for marker in secret_markers), target


def _uploaded_files() -> set[Path]:
    from gradio.utils import get_upload_folder

    return {p for p in Path(get_upload_folder()).rglob("*") if p.is_file()}


def test_gradio_upload_route_refuses_too_many_files_at_once(served: Served) -> None:
    limit = served.config.max_upload_files
    before, indexed = _uploaded_files(), set(served.bot.store.documents)
    files = [("files", (f"p{n}.md", f"# P{n}\n\ntext {n}\n".encode())) for n in range(limit + 1)]
    refused = httpx.post(f"{served.url}gradio_api/upload", files=files, timeout=30)
    assert refused.status_code == 413
    assert refused.text == (
        f"Refused: one upload may carry at most {limit} files; send them in smaller groups."
    )
    assert _uploaded_files() == before  # the files Gradio had written are gone again
    accepted = httpx.post(f"{served.url}gradio_api/upload", files=files[:limit], timeout=30)
    assert accepted.status_code == 200 and len(accepted.json()) == limit
    assert set(served.bot.store.documents) == indexed  # this route never touches the index


def test_component_server_route_refuses_too_many_files_at_once(served: Served) -> None:
    """Gradio's /component_server parses a multipart body of up to 1,000 files (written to its
    upload folder, then read into memory) before it looks at the component: the same cap."""
    limit = served.config.max_upload_files
    before = _uploaded_files()
    fields = {"session_hash": "s", "component_id": "1", "fn_name": "missing"}
    files = [("files", (f"p{n}.md", f"# P{n}\n\ntext {n}\n".encode())) for n in range(limit + 1)]
    route = f"{served.url}gradio_api/component_server"
    refused = httpx.post(route, data=fields, files=files, timeout=30)
    assert refused.status_code == 413
    assert refused.text == (
        f"Refused: one upload may carry at most {limit} files; send them in smaller groups."
    )
    assert _uploaded_files() == before
    within = httpx.post(route, data=fields, files=files[:limit], timeout=30)
    # Gradio's own answer to a call of a function that does not exist (404 or 500, depending on
    # the sessions it holds): the files reached it.
    assert within.status_code != 413 and "Refused" not in within.text
