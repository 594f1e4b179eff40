"""Libraries' warnings and progress messages go to logging: hidden unless -v is given;
ProfileChat's own warnings always show."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator

import pytest

from profilechat.cli import build_parser, configure_logging


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("profilechat").setLevel(logging.NOTSET)
    logging.captureWarnings(False)


def emit_all() -> None:
    logging.getLogger("pypdf._reader").warning("library warning")
    logging.getLogger("bm25s").debug("library debug")
    logging.getLogger("faiss.loader").info("library info")
    logging.getLogger("profilechat.onnx_embedder").warning("our warning")
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("python warning", UserWarning, stacklevel=1)


def test_quiet_by_default_except_our_warnings(capsys) -> None:
    configure_logging(verbose=False)
    emit_all()
    err = capsys.readouterr().err
    assert "our warning" in err
    assert "library" not in err and "python warning" not in err


def test_verbose_shows_library_messages_down_to_info(capsys) -> None:
    configure_logging(verbose=True)
    emit_all()
    err = capsys.readouterr().err
    for shown in ("library warning", "library info", "our warning", "python warning"):
        assert shown in err
    assert "library debug" not in err


@pytest.mark.parametrize("argv", [["-v", "status"], ["status", "-v"], ["status", "--verbose"]])
def test_verbose_is_accepted_before_or_after_the_command(argv: list[str]) -> None:
    assert build_parser().parse_args(argv).verbose is True


def test_not_verbose_when_not_asked() -> None:
    assert build_parser().parse_args(["status"]).verbose is False
