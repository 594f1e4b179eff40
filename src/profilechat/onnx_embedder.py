"""The bundled all-MiniLM-L6-v2 run with ONNX Runtime instead of torch.

The ONNX file is exported once from the package's own weights (at `make install`, or on first
use) into a cache folder named after the model files' sha256, so a changed model is never served
by a stale export. The export needs torch; running the model afterwards needs only
`onnxruntime`, `tokenizers` and numpy, which start in a fraction of the time.

Tokenisation (tokenizer.json, truncated at sentence-transformers' `max_seq_length`), mean pooling
over the attention mask and L2 normalisation reproduce sentence-transformers' pipeline; the
parity test (tests/test_onnx_embedder.py) holds the two to a cosine of at least 0.99999.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ProfileChatError

log = logging.getLogger(__name__)

# Bump when the export recipe below changes, so that older exports are not reused.
EXPORT_RECIPE = "opset17-eager-ortbert-1"
OPSET = 17
# Files whose bytes decide what the exported model computes.
MODEL_FILES = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "sentence_bert_config.json",
    "modules.json",
    "1_Pooling/config.json",
)
ONNX_FILE = "model.onnx"
DIGEST_MEMO = "digests.json"
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
# Texts per ONNX Runtime call, threads per call and whether idle threads spin, measured with
# benchmarks/bench_embedding.py on a shared 2-core machine (docs/benchmarks.md): one thread
# that sleeps when idle embedded as fast as two or faster in every run (two threads lose most
# when other processes want the CPU, and the web app embeds several questions at once).
# Smaller batches were faster in two runs out of three, so the batch size is still open; 32 is
# sentence-transformers' default and Config.batch_size's.
DEFAULT_BATCH_SIZE = 32
DEFAULT_THREADS = 1
DEFAULT_SPINNING = False


def cache_dir() -> Path:
    """Where exported models live: $PROFILECHAT_CACHE_DIR, else the XDG cache folder."""
    configured = os.environ.get("PROFILECHAT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "profilechat"


@dataclass(frozen=True)
class ModelSettings:
    """What sentence-transformers reads from the model folder besides the weights."""

    max_seq_length: int
    dimension: int


def read_model_settings(model_dir: Path) -> ModelSettings:
    """Max length and dimension; refuses pooling other than mean + normalise (not exported)."""
    try:
        bert = json.loads((model_dir / "sentence_bert_config.json").read_text())
        pooling = json.loads((model_dir / "1_Pooling" / "config.json").read_text())
        modules = json.loads((model_dir / "modules.json").read_text())
    except (OSError, ValueError) as error:
        raise ProfileChatError(
            f"The model folder {model_dir} is incomplete ({type(error).__name__}); "
            "reinstall the model package or set PROFILECHAT_EMBEDDING_BACKEND=torch."
        ) from error
    mean_only = pooling.get("pooling_mode_mean_tokens") and not any(
        value
        for key, value in pooling.items()
        if key.startswith("pooling_mode_") and "mean_tokens" not in key
    )
    normalised = any(m.get("type", "").endswith("Normalize") for m in modules)
    if not (mean_only and normalised):
        raise ProfileChatError(
            f"The model in {model_dir} does not use mean pooling with normalisation, which the "
            "ONNX backend implements; set PROFILECHAT_EMBEDDING_BACKEND=torch."
        )
    return ModelSettings(int(bert["max_seq_length"]), int(pooling["word_embedding_dimension"]))


# -- the export, cached by content hash -------------------------------------------------------


def model_digest(model_dir: Path) -> str:
    """sha256 over the export recipe and the model files' names and bytes.

    Hashing 90 MB costs about 0.15 s, an eighth of a one-off question, so the digest is
    remembered next to the exports under the files' sizes and modification times (as git does);
    a file whose size or time changes is hashed again.
    """
    stamps = {name: _stamp(model_dir / name) for name in MODEL_FILES}
    memo_path = cache_dir() / DIGEST_MEMO
    memo = _read_json(memo_path)
    key = str(model_dir.resolve())
    remembered = memo.get(key, {})
    if remembered.get("stamps") == stamps and isinstance(remembered.get("digest"), str):
        return remembered["digest"]
    digest = hashlib.sha256(EXPORT_RECIPE.encode())
    for name in MODEL_FILES:
        digest.update(name.encode() + b"\0")
        with open(model_dir / name, "rb") as data:
            for block in iter(lambda data=data: data.read(1 << 20), b""):
                digest.update(block)
    value = digest.hexdigest()
    memo[key] = {"stamps": stamps, "digest": value}
    _remember(memo_path, memo)
    return value


def onnx_model_path(model_dir: Path) -> Path:
    return cache_dir() / "onnx" / model_digest(model_dir)[:24] / ONNX_FILE


def ensure_onnx_model(model_dir: Path) -> Path:
    """The exported model for `model_dir`, exported now if it is not in the cache yet."""
    target = onnx_model_path(model_dir)
    if target.is_file():
        return target
    log.warning("exporting the embedding model to ONNX, once (about 15 s): %s", target)
    try:
        export_onnx(model_dir, target)
    except OSError as error:
        raise ProfileChatError(
            f"Could not write the ONNX model into {cache_dir()} "
            f"({error.strerror or type(error).__name__}); set PROFILECHAT_CACHE_DIR to a "
            "writable folder, or PROFILECHAT_EMBEDDING_BACKEND=torch."
        ) from error
    return target


def export_onnx(model_dir: Path, target: Path) -> None:
    """Export with torch, optimise with ONNX Runtime's transformer optimizer, then move into
    place atomically (temp file + os.replace): concurrent first uses each write a whole file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".export-") as work:
        raw = Path(work) / "raw.onnx"
        optimised = Path(work) / ONNX_FILE
        _torch_export(model_dir, raw)
        _optimise(raw, optimised, model_dir)
        os.replace(optimised, target)


def _torch_export(model_dir: Path, path: Path) -> None:
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # "Loading weights" is noise here

    class LastHiddenState(torch.nn.Module):
        """The transformer with positional inputs and one output, as the tracer wants."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager")

        def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
            return self.bert(**dict(zip(INPUT_NAMES, inputs, strict=True))).last_hidden_state

    model = LastHiddenState().eval()
    sample = tuple(torch.ones((2, 8), dtype=torch.int64) for _ in INPUT_NAMES)
    dynamic = {name: {0: "batch", 1: "sequence"} for name in [*INPUT_NAMES, "last_hidden_state"]}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about Python control flow
        torch.onnx.export(
            model,
            sample,
            str(path),
            input_names=list(INPUT_NAMES),
            output_names=["last_hidden_state"],
            dynamic_axes=dynamic,
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )


def _optimise(raw: Path, path: Path, model_dir: Path) -> None:
    from onnxruntime.transformers.optimizer import optimize_model

    config = json.loads((model_dir / "config.json").read_text())
    optimised = optimize_model(
        str(raw),
        model_type="bert",
        num_heads=int(config["num_attention_heads"]),
        hidden_size=int(config["hidden_size"]),
    )
    optimised.save_model_to_file(str(path))


# -- running it --------------------------------------------------------------------------------


class OnnxEmbedder:
    """Same vectors as sentence-transformers for the bundled model, without torch."""

    backend = "onnx"

    def __init__(
        self,
        name: str,
        model_dir: Path,
        batch_size: int = DEFAULT_BATCH_SIZE,
        threads: int = DEFAULT_THREADS,
        spinning: bool = DEFAULT_SPINNING,
    ) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        settings = read_model_settings(model_dir)
        self.name = name
        self.dimension = settings.dimension
        self.batch_size = batch_size
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        # tokenizer.json pads every input to 128 tokens and cuts there; sentence-transformers
        # cuts at max_seq_length (256) and pads to the longest text of a batch.
        self._tokenizer.enable_truncation(settings.max_seq_length)
        self._tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads  # 0: one per core
        # Spinning threads wait for work by busy-looping: faster alone, slower on a busy CPU.
        options.add_session_config_entry("session.intra_op.allow_spinning", str(int(spinning)))
        options.log_severity_level = 3  # errors only
        self._session = _open_session(name, ensure_onnx_model(model_dir), options)
        self._inputs = {i.name for i in self._session.get_inputs()}

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return vectors
        encodings = self._tokenizer.encode_batch(list(texts))
        # Texts of similar length share a batch, so little time goes into padding.
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")
        batches = [order[i : i + self.batch_size] for i in range(0, len(order), self.batch_size)]
        for rows in _progress(batches, progress):
            vectors[rows] = self._embed_batch([encodings[i] for i in rows])
        return vectors

    def _embed_batch(self, encodings: list[Any]) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        (tokens,) = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})
        return mean_pool_normalise(tokens, mask)


def _open_session(name: str, path: Path, options: Any) -> Any:
    import onnxruntime

    try:
        return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as error:  # onnxruntime raises its own types for a damaged file
        raise ProfileChatError(
            f"Could not load the ONNX model for {name!r} ({type(error).__name__}); delete "
            f"{path.parent} to export it again, or set PROFILECHAT_EMBEDDING_BACKEND=torch."
        ) from error


def mean_pool_normalise(tokens: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """sentence-transformers' Pooling (mean over unmasked tokens) then Normalize (L2)."""
    weights = mask[:, :, None].astype(np.float32)
    summed = (tokens * weights).sum(axis=1)
    counts = np.clip(weights.sum(axis=1), 1e-9, None)
    pooled = summed / counts
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def _progress(batches: list[np.ndarray], show: bool) -> Any:
    if not show:
        return batches
    from tqdm import tqdm

    return tqdm(batches, desc="Embedding", unit="batch")


def _stamp(path: Path) -> list[int]:
    try:
        info = path.stat()
    except OSError as error:
        raise ProfileChatError(
            f"The model file {path} is missing ({type(error).__name__}); reinstall the model "
            "package."
        ) from error
    return [info.st_size, info.st_mtime_ns]


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _remember(path: Path, memo: dict[str, Any]) -> None:
    """Write the digest memo atomically (temp file + os.replace). It only saves time, so a
    cache folder that cannot be written is not an error here."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(memo, out, indent=1)
        os.replace(staging, path)
    except OSError:
        log.info("could not write %s", path)


def main() -> None:
    """`python -m profilechat.onnx_embedder`: export the bundled model now (used by
    `make install`), printing where the file is."""
    from .embedding import resolve_model_path

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    model_dir = Path(resolve_model_path("all-MiniLM-L6-v2"))
    print(ensure_onnx_model(model_dir))


if __name__ == "__main__":
    main()
