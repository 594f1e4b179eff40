"""The ONNX Runtime embedder: same vectors and same retrieval as sentence-transformers on torch,
an export cached by content hash and written atomically, and indexes usable by either backend."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from benchmarks.parity_texts import varied_texts
from profilechat import onnx_embedder
from profilechat.config import DEFAULT_MODEL, Config
from profilechat.embedding import choose_backend, load_embedder, resolve_model_path
from profilechat.errors import ProfileChatError
from profilechat.evaluate import load_questions
from profilechat.indexing import update_index
from profilechat.session import ProfileChat

from .conftest import REPO, SHIPPED_CORPUS
from .fakes import HashEmbedder

QUESTIONS = REPO / "benchmarks" / "questions.jsonl"


@pytest.fixture(scope="module")
def torch_embedder():
    return load_embedder(backend="torch")


@pytest.fixture(scope="module")
def onnx_embedder_():
    return load_embedder(backend="onnx")


@pytest.fixture(scope="module")
def torch_index(tmp_path_factory: pytest.TempPathFactory, torch_embedder) -> Config:
    """The shipped corpus indexed with the torch backend."""
    root = tmp_path_factory.mktemp("torch-index")
    shutil.copytree(SHIPPED_CORPUS, root / "corpus")
    config = Config(corpus_dir=root / "corpus", index_dir=root / "index")
    update_index(config, torch_embedder)
    return config


def test_onnx_vectors_match_torch_on_500_varied_texts(torch_embedder, onnx_embedder_) -> None:
    texts = varied_texts(500)
    assert len(texts) == 500
    expected = torch_embedder.encode(texts)
    actual = onnx_embedder_.encode(texts)
    assert actual.shape == expected.shape == (500, 384) and actual.dtype == np.float32
    cosines = (expected * actual).sum(axis=1)
    worst = int(np.argmin(cosines))
    assert cosines[worst] >= 0.99999, f"cosine {cosines[worst]:.7f} for {texts[worst][:80]!r}"
    assert np.allclose(np.linalg.norm(actual, axis=1), 1.0, atol=1e-5)


def test_same_top_5_passages_on_the_question_set(
    torch_index: Config, torch_embedder, onnx_embedder_, shipped_index: Config, embedder
) -> None:
    """Each backend searching the index it built itself reads the same passages."""
    onnx_index = shipped_index  # built with the session's default embedder
    if embedder is not onnx_embedder_:  # PROFILECHAT_EMBEDDING_BACKEND chose another one
        onnx_index = torch_index.with_(index_dir=torch_index.index_dir.parent / "onnx-index")
        update_index(onnx_index, onnx_embedder_)
    bots = {
        "torch": ProfileChat.open(config=torch_index, embedder=torch_embedder),
        "onnx": ProfileChat.open(config=onnx_index, embedder=onnx_embedder_),
    }
    differing = []
    for item in load_questions(QUESTIONS):
        passages = {}
        for backend, bot in bots.items():
            history: list[dict[str, str]] = []
            for earlier in item["history"]:
                answer = bot.ask(earlier, history=history)
                history += [
                    {"role": "user", "content": earlier},
                    {"role": "assistant", "content": answer.text},
                ]
            hits = bot.retrieve(item["question"], history=history, k=5)
            passages[backend] = [(h.chunk.source, h.chunk.chunk_id) for h in hits]
        if passages["torch"] != passages["onnx"]:
            differing.append(item["id"])
    assert differing == []


def test_an_index_from_either_backend_serves_the_other(torch_index: Config, onnx_embedder_) -> None:
    manifest = json.loads((torch_index.index_dir / "manifest.json").read_text())
    assert manifest["model"]["backend"] == "torch"
    report = update_index(torch_index, onnx_embedder_)  # same model: no mismatch, nothing to do
    assert not report.changed
    bot = ProfileChat.open(config=torch_index, embedder=onnx_embedder_)
    answer = bot.ask("Where did Zhipeng Jia do his PhD?")
    assert answer.found and "Texas at Austin" in answer.text


def test_backend_is_recorded_and_not_checked(fake_config: Config) -> None:
    (fake_config.corpus_dir / "ann.md").write_text("# Ann Lee\n\nAnn teaches physics.\n")
    first, second = HashEmbedder(), HashEmbedder()
    second.backend = "another-backend"
    update_index(fake_config, first)
    (fake_config.corpus_dir / "bo.md").write_text("# Bo Kim\n\nBo writes compilers.\n")
    report = update_index(fake_config, second)
    assert report.added == ["bo.md"]
    manifest = json.loads((fake_config.index_dir / "manifest.json").read_text())
    assert manifest["model"]["backend"] == "another-backend"


@pytest.mark.parametrize(
    ("name", "setting", "chosen"),
    [
        ("sentence-transformers/all-MiniLM-L6-v2", "auto", "onnx"),
        ("all-MiniLM-L6-v2", "onnx", "onnx"),
        ("sentence-transformers/all-MiniLM-L6-v2", "torch", "torch"),
        ("intfloat/e5-small-v2", "auto", "torch"),
        ("/models/my-own", "torch", "torch"),
    ],
)
def test_choose_backend(name: str, setting: str, chosen: str) -> None:
    assert choose_backend(name, setting) == chosen


def test_onnx_refuses_other_models_and_unknown_settings_are_refused() -> None:
    with pytest.raises(ProfileChatError, match="only the bundled model"):
        choose_backend("intfloat/e5-small-v2", "onnx")
    with pytest.raises(ProfileChatError, match="auto, onnx, torch"):
        choose_backend("all-MiniLM-L6-v2", "tensorflow")


def test_mean_pooling_ignores_padding() -> None:
    tokens = np.array([[[1.0, 0.0], [3.0, 4.0], [100.0, 100.0]]], dtype=np.float32)
    mask = np.array([[1, 1, 0]])
    pooled = onnx_embedder.mean_pool_normalise(tokens, mask)
    assert np.allclose(pooled, [[2.0 / np.hypot(2, 2), 2.0 / np.hypot(2, 2)]])


# -- the export cache, without exporting (a fake model folder and a fake exporter) ------------


@pytest.fixture
def fake_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROFILECHAT_CACHE_DIR", str(tmp_path / "cache"))
    model = tmp_path / "model"
    (model / "1_Pooling").mkdir(parents=True)
    for name in onnx_embedder.MODEL_FILES:
        (model / name).write_text(f"contents of {name}")
    return model


def test_digest_follows_the_model_files(fake_model: Path) -> None:
    first = onnx_embedder.model_digest(fake_model)
    assert onnx_embedder.model_digest(fake_model) == first
    assert (onnx_embedder.cache_dir() / onnx_embedder.DIGEST_MEMO).is_file()
    (fake_model / "model.safetensors").write_text("other weights, longer than before")
    assert onnx_embedder.model_digest(fake_model) != first


def test_export_is_cached_by_hash_and_written_atomically(
    fake_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exports: list[Path] = []

    def fake_export(model_dir: Path, path: Path) -> None:
        exports.append(path)
        path.write_bytes(b"raw graph")

    def fake_optimise(raw: Path, path: Path, model_dir: Path) -> None:
        path.write_bytes(raw.read_bytes() + b", optimised")

    monkeypatch.setattr(onnx_embedder, "_torch_export", fake_export)
    monkeypatch.setattr(onnx_embedder, "_optimise", fake_optimise)
    target = onnx_embedder.ensure_onnx_model(fake_model)
    assert target.read_bytes() == b"raw graph, optimised"
    assert onnx_embedder.model_digest(fake_model)[:24] == target.parent.name
    assert onnx_embedder.ensure_onnx_model(fake_model) == target and len(exports) == 1
    assert sorted(p.name for p in target.parent.iterdir()) == [onnx_embedder.ONNX_FILE]


def test_a_failed_export_leaves_nothing_behind(
    fake_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_optimise(raw: Path, path: Path, model_dir: Path) -> None:
        path.write_bytes(b"half a graph")
        raise RuntimeError("optimiser crashed")

    monkeypatch.setattr(onnx_embedder, "_torch_export", lambda m, p: p.write_bytes(b"raw"))
    monkeypatch.setattr(onnx_embedder, "_optimise", failing_optimise)
    with pytest.raises(RuntimeError):
        onnx_embedder.ensure_onnx_model(fake_model)
    target = onnx_embedder.onnx_model_path(fake_model)
    assert not target.exists() and list(target.parent.iterdir()) == []


def test_an_unwritable_cache_is_one_clear_error(
    fake_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(model_dir: Path, target: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(onnx_embedder, "export_onnx", refused)
    with pytest.raises(ProfileChatError, match="PROFILECHAT_CACHE_DIR to a writable folder"):
        onnx_embedder.ensure_onnx_model(fake_model)


def test_a_damaged_export_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROFILECHAT_CACHE_DIR", str(tmp_path))
    model_dir = Path(resolve_model_path(DEFAULT_MODEL))
    damaged = onnx_embedder.onnx_model_path(model_dir)
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(b"not an onnx graph")
    with pytest.raises(ProfileChatError, match="to export it again"):
        onnx_embedder.OnnxEmbedder(DEFAULT_MODEL, model_dir)
