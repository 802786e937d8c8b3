"""Exceptions tixi raises; each names the condition and, where it can, what to do next."""

from __future__ import annotations

from collections.abc import Sequence


def did_you_mean(value: str, choices: Sequence[str]) -> str:
    """Return ``"; did you mean 'X'?"`` for the choice nearest ``value`` (same letters in another case first), or ""."""
    import difflib

    near = [choice for choice in choices if choice.lower() == value.lower()] or difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    return f"; did you mean {near[0]!r}?" if near else ""


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """Return text safe to print on a terminal: control characters written as escapes (``\\x1b``, ``\\n``).

    File names and quoted text come from the input; an ANSI escape in a name must not clear the
    screen or recolour what follows, a newline must not split a one-line message, and a
    right-to-left override must not reorder it. A file name that is not UTF-8 on disk holds lone
    surrogates (``\udcff``), which no terminal encoding can write: they are escaped too.
    """
    if text.isprintable():
        return text
    import unicodedata

    out = []
    for char in text:
        if (char == "\n" and keep_newlines) or char == " " or char.isprintable():
            out.append(char)
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp") or char in _ESCAPES:
            out.append(_ESCAPES.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"))
        else:
            out.append(char)  # other non-printables (ideographic space, no-break space) show as spaces
    return "".join(out)


class TixiError(Exception):
    """Base class: a user-facing error whose message is shown as one line."""


class ProjectError(TixiError):
    """The project folder is missing, not a tixi project, or of a newer schema."""


class ReadError(TixiError):
    """A source file (or one record, page or row of it) could not be read.

    ``path`` names the file, ``locator`` the page, record or row where known.
    """

    def __init__(self, path: str, reason: str, locator: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.locator = locator
        where = f"{printable(path)} ({locator})" if locator else printable(path)
        super().__init__(f"{where}: {reason}")


class NotFound(TixiError):
    """A document, span, code or other object named by the user does not exist."""


class InputError(TixiError):
    """A user-supplied file or argument breaks its schema; the message gives line or row."""
