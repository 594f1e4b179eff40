"""Errors a user can hit. Their messages are shown to users as they are: one sentence
that says what happened and what to do.

    ProfileChatError
    ├── DocumentError        a file could not be read (skipped, nothing else affected)
    ├── IndexMissingError    no index at the given folder
    ├── IndexMismatchError   index built with another model, chunker settings or older format
    ├── IndexVersionError    index written by a newer ProfileChat (never rebuilt over)
    ├── IndexCorruptError    index files damaged or incomplete
    ├── IndexBusyError       another update holds the index lock
    ├── IndexWriteError      the new index could not be written (disk full, permissions)
    ├── IndexReadOnlyError   the index folder cannot be written (the index is still served)
    ├── IndexUpdateError     an update failed for a reason of a library's (memory, FAISS)
    ├── IndexLocationError   the index path is a file, not a folder
    ├── RayMissingError      indexing on Ray was asked for but ray is not installed
    ├── ManagementError      adding or removing a document was refused or failed
    └── QuestionError        empty or unusable question
"""

from __future__ import annotations


class ProfileChatError(Exception):
    """Base class; `str(error)` is a message fit for the user."""


class DocumentError(ProfileChatError):
    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"Skipped {source}: {reason}.")
        self.source = source
        self.reason = reason


class IndexMissingError(ProfileChatError):
    def __init__(self, index_dir: str) -> None:
        super().__init__(
            f"No index found in {index_dir}: build one with `profilechat index CORPUS "
            f"--index {index_dir}`."
        )


class IndexMismatchError(ProfileChatError):
    def __init__(self, what: str) -> None:
        super().__init__(
            f"The index was built with {what}; run `profilechat index --rebuild` to rebuild it."
        )


class IndexVersionError(ProfileChatError):
    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"The index was written by a newer ProfileChat (index format {found}; this version "
            f"reads format {supported}): upgrade ProfileChat to use it."
        )


class IndexCorruptError(ProfileChatError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The index is damaged ({detail}); run `profilechat index --rebuild` to rebuild it."
        )


class IndexBusyError(ProfileChatError):
    def __init__(self, index_dir: str) -> None:
        super().__init__(
            f"Another update of {index_dir} is running; wait for it to finish and try again."
        )


class IndexWriteError(ProfileChatError):
    def __init__(self, reason: str) -> None:
        super().__init__(
            f"Could not write the index ({reason}); the previous index is unchanged and still "
            "in use: free some space and run the update again."
        )


class IndexReadOnlyError(ProfileChatError):
    def __init__(self, index_dir: str, reason: str) -> None:
        super().__init__(
            f"The index folder {index_dir} cannot be written ({reason}); the index there is "
            "unchanged and still served: make the folder writable to update it."
        )


class IndexLocationError(ProfileChatError):
    def __init__(self, index_dir: str) -> None:
        super().__init__(
            f"{index_dir} is a file, not a folder: pass a folder for the index with --index."
        )


class RayMissingError(ProfileChatError):
    def __init__(self) -> None:
        super().__init__(
            "Indexing on Ray needs the optional ray extra: install it with "
            "`pip install -e '.[ray]'` and run the command again."
        )


class IndexUpdateError(ProfileChatError):
    def __init__(self, reason: str) -> None:
        super().__init__(
            f"The index update failed ({reason}); the previous index is unchanged and still in "
            "use: fix the cause and run the update again."
        )


class IndexBuildingError(ProfileChatError):
    """A question asked while the first index is still being built (nothing to answer from)."""

    def __init__(self, progress: str) -> None:
        super().__init__(f"The index is being built ({progress}); ask again when it is done.")


def describe(error: BaseException) -> str:
    """A short, one-line reason for an error raised by the system or a library."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    first_line = str(error).strip().split("\n", 1)[0][:200]
    name = type(error).__name__
    return f"{name}: {first_line}" if first_line else name


class ManagementError(ProfileChatError):
    """A document management request was refused or failed; nothing was changed."""


class QuestionError(ProfileChatError):
    pass
