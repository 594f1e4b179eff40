"""ProfileChat: ask questions about people from their profile documents, with cited answers.

The names below are imported on first use (PEP 562), so that `import profilechat` and the
command line's light commands do not pay for numpy, FAISS or the embedding model.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import Config
    from .errors import ProfileChatError
    from .session import ProfileChat
    from .types import Answer, Chunk, Document, Hit, Source

__version__ = "0.1.0"

# Public name → the module that defines it.
_EXPORTS = {
    "Answer": "types",
    "Chunk": "types",
    "Config": "config",
    "Document": "types",
    "Hit": "types",
    "ProfileChat": "session",
    "ProfileChatError": "errors",
    "Source": "types",
}
__all__ = [
    "Answer",
    "Chunk",
    "Config",
    "Document",
    "Hit",
    "ProfileChat",
    "ProfileChatError",
    "Source",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
