"""Parsers run in a child process: a hostile file costs at most the time and memory limits."""

from __future__ import annotations

import time
import zlib
from pathlib import Path

import pytest

from profilechat.config import Config
from profilechat.errors import DocumentError
from profilechat.limits import LimitExceeded, ParserFailed, run_limited
from profilechat.loaders import load_document

from .pdfs import one_page


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "woke"


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def _fail() -> None:
    raise ValueError("bad table")


def test_result_comes_back() -> None:
    assert run_limited(_sleep, (0.0,), seconds=10, memory_mb=200) == "woke"


def test_time_limit_ends_the_child() -> None:
    with pytest.raises(LimitExceeded, match=r"^took longer than 0.5 s to read$"):
        run_limited(_sleep, (30,), seconds=0.5, memory_mb=200)


def test_memory_limit_ends_the_child() -> None:
    with pytest.raises(LimitExceeded, match=r"^needed more than 100 MB to read$"):
        run_limited(_allocate, (2000,), seconds=30, memory_mb=100)


def test_parser_errors_come_back_as_data() -> None:
    with pytest.raises(ParserFailed) as error:
        run_limited(_fail, (), seconds=10, memory_mb=200)
    assert error.value.args == ("ValueError", "bad table")


def _pdf_bomb(inflated_mb: int) -> bytes:
    """A one-page PDF whose content stream inflates to `inflated_mb` MB."""
    stream = zlib.compress(b"BT /F1 12 Tf (x) Tj ET\n" * (inflated_mb * 1024 * 1024 // 23), 9)
    return one_page(stream, b" /Filter /FlateDecode")


def test_pdf_decompression_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_pdf_bomb(200))
    assert path.stat().st_size < 2 * 1024 * 1024
    config = Config(parse_memory_mb=150, parse_seconds=20)
    with pytest.raises(DocumentError) as error:
        load_document(path, tmp_path, config)
    assert str(error.value).startswith("Skipped bomb.pdf: PDF ")
