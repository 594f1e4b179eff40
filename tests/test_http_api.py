"""The plain HTTP API (/api/*) and the server that holds it beside the Gradio app, driven with
FastAPI's TestClient over a copy of the shipped corpus."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from profilechat.config import Config
from profilechat.indexing import update_index
from profilechat.session import ProfileChat
from profilechat.web import WebHandlers

from .test_web_api import ANSWER_KEYS, MARIA, SOURCE_KEYS, make_index

pytestmark = [
    pytest.mark.server,
    pytest.mark.filterwarnings("ignore:'future.no_silent_downcasting' is deprecated"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]

LOCAL = "http://127.0.0.1:7860"


@dataclass
class Api:
    config: Config
    bot: ProfileChat
    client: TestClient


def api_client(config: Config, bot: ProfileChat, base_url: str = LOCAL) -> TestClient:
    from profilechat.http_api import server_app

    return TestClient(server_app(config, bot, bot.embedder), base_url=base_url)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, embedder: object) -> Iterator[Api]:
    config, bot = make_index(tmp_path_factory.mktemp("http"), embedder)
    with api_client(config, bot) as client:
        yield Api(config, bot, client)


def ask(api: Api, question: str, **fields: object) -> dict:
    response = api.client.post("/api/ask", json={"question": question, **fields})
    assert response.status_code == 200, response.text
    return response.json()


def refused(api: Api, body: object) -> str:
    """The error sentence of a request the API answers 400."""
    response = api.client.post("/api/ask", json=body)
    assert response.status_code == 400
    assert set(response.json()) == {"error"}
    error = response.json()["error"]
    assert "Traceback" not in error and error.endswith(".")
    return error


def test_ask_returns_the_cli_json_object(api: Api) -> None:
    question = "Where did Zhipeng Jia do his PhD?"
    result = ask(api, question)
    assert set(result) == ANSWER_KEYS
    assert all(set(source) == SOURCE_KEYS for source in result["sources"])
    assert result == api.bot.ask(question).to_dict()
    assert result["found"] is True and result["people"] == ["Zhipeng Jia"]


def test_follow_up_uses_the_history(api: Api) -> None:
    first = ask(api, "Where does Zhipeng Jia work?")
    history = [
        {"role": "user", "content": "Where does Zhipeng Jia work?"},
        {"role": "assistant", "content": first["answer"], "people": first["people"]},
    ]
    follow_up = ask(api, "Where did he do his PhD?", history=history)
    assert follow_up["found"] is True and follow_up["people"] == ["Zhipeng Jia"]
    assert "Texas at Austin" in follow_up["answer"]


def test_person_narrows_the_answer(api: Api) -> None:
    question = "Where did this person do a PhD?"
    result = ask(api, question, person="Zhipeng Jia")
    assert result == api.bot.ask(question, person="Zhipeng Jia").to_dict()
    assert result["found"] is True and result["people"] == ["Zhipeng Jia"]
    assert {source["person"] for source in result["sources"]} == {"Zhipeng Jia"}


def test_people_are_the_cli_listing(api: Api) -> None:
    response = api.client.get("/api/people")
    assert response.status_code == 200
    people = {p["name"]: p for p in response.json()}
    assert set(people) == set(api.bot.people)
    jia = people["Zhipeng Jia"]
    assert set(jia) == {"name", "documents", "headline", "unknown", "aliases"}
    assert jia["documents"] == api.bot.store.people["Zhipeng Jia"] and jia["unknown"] is False


def test_documents_list_the_index(api: Api) -> None:
    response = api.client.get("/api/documents")
    assert response.status_code == 200
    handlers = WebHandlers(api.config, api.bot, api.bot.embedder)
    assert response.json() == handlers.api_documents()
    assert {d["person"] for d in response.json()} >= {"Zhipeng Jia", "Zhipeng Wang"}


def test_caller_errors_are_400_with_one_sentence(api: Api) -> None:
    assert "Please type a question" in refused(api, {"question": "   "})
    assert "Nobody called 'Ada Nobody'" in refused(
        api, {"question": "Who?", "person": "Ada Nobody"}
    )
    assert "history" in refused(api, {"question": "Who?", "history": "not a list"})
    assert "question" in refused(api, {"history": []})
    response = api.client.post(
        "/api/ask", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400 and set(response.json()) == {"error"}


def test_api_sees_an_index_the_cli_wrote(api: Api) -> None:
    corpus = api.config.corpus_dir
    (corpus / "ines-duarte.md").write_text(MARIA.replace("Maria Garcia", "Ines Duarte"))
    try:
        update_index(api.config, api.bot.embedder)  # `profilechat index` beside the server
        assert "Ines Duarte" in {d["person"] for d in api.client.get("/api/documents").json()}
        answer = ask(api, "Where did Ines Duarte do her PhD?")
        assert answer["found"] and answer["people"] == ["Ines Duarte"]
    finally:
        (corpus / "ines-duarte.md").unlink()
        update_index(api.config, api.bot.embedder)


def test_docs_and_schema_are_served(api: Api) -> None:
    assert "swagger" in api.client.get("/docs").text.lower()
    schema = api.client.get("/openapi.json").json()
    assert {"/api/ask", "/api/people", "/api/documents"} <= set(schema["paths"])
    assert "AskRequest" in schema["components"]["schemas"]


def test_the_gradio_page_is_still_at_the_root(api: Api) -> None:
    page = api.client.get("/")
    assert page.status_code == 200 and "gradio" in page.text.lower()
    config = api.client.get("/config")
    assert config.status_code == 200 and config.json()["title"] == "ProfileChat"


@pytest.mark.parametrize(
    "headers",
    [{"host": "rebound.example:7860"}, {"origin": "http://rebound.example"}],
)
def test_open_mode_refuses_requests_not_addressed_to_loopback(
    api: Api, headers: dict[str, str]
) -> None:
    for path in ("/api/people", "/docs", "/"):
        response = api.client.get(path, headers=headers)
        assert response.status_code == 403
    response = api.client.post("/api/ask", json={"question": "Who?"}, headers=headers)
    assert response.status_code == 403


def test_read_endpoints_are_public_off_localhost(
    tmp_path: Path, embedder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PROFILECHAT_ADMIN_PASSWORD", raising=False)
    config, bot = make_index(tmp_path, embedder, host="0.0.0.0")
    with api_client(config, bot, base_url="http://profiles.example") as client:
        assert client.get("/api/documents").status_code == 200
        assert client.post("/api/ask", json={"question": "Who is Zhipeng Jia?"}).json()["found"]
