"""ProfileChat: ask questions about people from their profile documents, with cited answers."""

from .config import Config
from .errors import ProfileChatError
from .session import ProfileChat
from .types import Answer, Chunk, Document, Hit, Source

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
__version__ = "0.1.0"
