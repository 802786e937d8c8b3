"""Enforcing ``ReadLimits`` while a reader streams: counted bytes, counted characters, a deadline.

The deadline is a real-time interval timer (SIGALRM): the extraction libraries (trafilatura,
justext, python-docx) run Python code, so the alarm interrupts them between bytecodes and the
reader refuses the document instead of hanging the batch. Signals only reach the main thread;
elsewhere (a web server's worker thread) the time limit is not enforced, the others are.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from tixi.config import ReadLimits


class LimitExceeded(Exception):
    """A document went over one of the reader limits; the message says which and how to raise it."""


class TimeLimitExceeded(BaseException):
    """Reading one document took longer than ``limits.max_seconds``.

    A BaseException, like KeyboardInterrupt: the HTML libraries catch ``Exception`` around their
    heuristics and would swallow it and go on.
    """


def too_long(limits: ReadLimits, what: str = "reading the document", outcome: str = "the file was refused") -> str:
    """Return the message for a document that ran out of time."""
    return f"{what} took longer than {limits.max_seconds:g} s; {outcome} (raise {limits.key('max_seconds')})"


def too_many_chars(limits: ReadLimits, count: int | None = None) -> str:
    """Return the message for a document with more characters than allowed."""
    found = f"{count:,} characters" if count is not None else "more characters"
    return f"document has {found}, over the limit of {limits.max_chars:,} (raise {limits.key('max_chars')})"


def too_many_bytes(limits: ReadLimits, what: str) -> str:
    """Return the message for input that unpacks to more bytes than allowed."""
    return f"{what} is larger than {limits.max_decompressed_mb} MB (raise {limits.key('max_decompressed_mb')})"


_REPEAT = 0.25


def _can_time() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _on_alarm(signum: int, frame: Any) -> None:
    raise TimeLimitExceeded()


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise TimeLimitExceeded inside the block once ``seconds`` have passed (0: never).

    Not nested: an inner block replaces the outer one's timer and restores it when it ends.
    """
    if seconds <= 0 or not _can_time():
        yield
        return
    previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
    # It fires again every REPEAT seconds after the first, should a bare ``except:`` swallow it.
    previous_delay, _ = signal.setitimer(signal.ITIMER_REAL, seconds, _REPEAT)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay > 0:
            # An outer timer goes on with what it had left (at least a moment, so it still fires).
            signal.setitimer(signal.ITIMER_REAL, max(previous_delay - (time.monotonic() - started), 0.001))


def read_bounded(stream: IO[bytes], limit: int) -> bytes | None:
    """Return all bytes of stream, or None when it holds more than ``limit`` (reading stops there)."""
    data = stream.read(limit + 1)
    return None if len(data) > limit else data
