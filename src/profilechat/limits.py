"""Run a document parser in a child process with a time and a memory limit.

PDF and DOCX parsers can be driven into hanging or inflating without bound by a hostile file.
In a child process such a file costs at most `seconds` of time and `memory_mb` of memory, and
is then reported like any other unreadable file.

The child is a plain fork: it costs milliseconds and, unlike "spawn" or "forkserver", never
re-runs the caller's main script (which a user's own script may not guard). The parsers are
imported before forking so that the child never has to take the import lock, which another
thread of the parent (the web server) could have held at the moment of the fork; if the child
blocks anyway, the time limit ends it.
"""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

_CONTEXT = multiprocessing.get_context("fork")


class LimitExceeded(Exception):
    """The parser ran out of time or memory, or died."""


class ParserFailed(Exception):
    """The parser raised; `args[0]` is the exception's type name, `args[1]` its message."""


def run_limited(
    target: Callable[..., Any], args: tuple[Any, ...], seconds: float, memory_mb: int
) -> Any:
    """`target(*args)` in a child process; its return value, or LimitExceeded/ParserFailed."""
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(
        target=_child_main, args=(target, args, memory_mb, sender), daemon=True
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise LimitExceeded(f"took longer than {seconds:g} s to read")
        status, payload = receiver.recv()
    except EOFError:
        raise LimitExceeded(f"needed more than {memory_mb} MB to read") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if status == "error":
        raise ParserFailed(*payload)
    return payload


def _child_main(
    target: Callable[..., Any], args: tuple[Any, ...], memory_mb: int, sender: Connection
) -> None:
    _limit_memory(memory_mb)
    try:
        result = ("ok", target(*args))
    except MemoryError:
        return  # the parent sees the pipe close and reports the memory limit
    except BaseException as error:  # every failure goes back to the parent as data
        result = ("error", (type(error).__name__, str(error)))
    try:
        sender.send(result)
    except MemoryError:
        return
    finally:
        sender.close()


def _limit_memory(memory_mb: int) -> None:
    """Cap the address space at what the child already maps plus `memory_mb`."""
    with open("/proc/self/status") as status:
        mapped_kb = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
    limit = mapped_kb * 1024 + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
