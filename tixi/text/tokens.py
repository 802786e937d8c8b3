"""Word tokens over normalised text, with offsets, from a pluggable segmenter.

Tokens are off the hot path: ingest stores segments, not tokens; tokens are computed when a
stage asks for them (keyness over words, concordances). jieba is the default and takes the
pack's terms as a user dictionary so codebook terms stay whole; rjieba (jieba-rs) is used
when installed and chosen, and is many times faster but takes no user dictionary.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from tixi.errors import InputError


@dataclass(frozen=True)
class Token:
    """A word: its text and ``[start, end)`` in the text it was cut from."""

    text: str
    start: int
    end: int


class Segmenter(Protocol):
    """Anything that cuts a text into tokens with offsets."""

    name: str

    def tokens(self, text: str) -> list[Token]: ...


class JiebaSegmenter:
    """jieba's precise mode (HMM off: better word-boundary F1 on policy text, see notes)."""

    name = "jieba"

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._tokenizer: Any = jieba.Tokenizer()
        for word in sorted(set(user_words)):
            if word.strip():
                self._tokenizer.add_word(word)

    def tokens(self, text: str) -> list[Token]:
        """Return the tokens of ``text``, whitespace dropped."""
        return [Token(word, start, end) for word, start, end in self._tokenizer.tokenize(text, HMM=False) if word.strip()]


class RjiebaSegmenter:
    """jieba-rs through rjieba: the fast path."""

    name = "rjieba"

    def __init__(self) -> None:
        import rjieba

        self._module: Any = rjieba

    def tokens(self, text: str) -> list[Token]:
        """Return the tokens of ``text``, whitespace dropped."""
        found: list[Token] = []
        position = 0
        for word in self._module.cut(text, False):
            start = position
            position += len(word)
            if word.strip():
                found.append(Token(word, start, position))
        return found


def rjieba_available() -> bool:
    """Return whether rjieba is installed."""
    return importlib.util.find_spec("rjieba") is not None


def make_segmenter(name: str = "auto", user_words: Iterable[str] = ()) -> Segmenter:
    """Return the segmenter ``name`` (auto, jieba or rjieba); auto takes rjieba when installed and no user words are given."""
    words = tuple(user_words)
    if name == "rjieba" or (name == "auto" and rjieba_available() and not words):
        if not rjieba_available():
            raise InputError("segmenter 'rjieba' is not installed: `pip install rjieba`, or set text.segmenter = \"jieba\"")
        return RjiebaSegmenter()
    if name not in ("auto", "jieba"):
        raise InputError(f"unknown segmenter {name!r}; use auto, jieba or rjieba")
    return _cached_jieba(words)


@lru_cache(maxsize=4)
def _cached_jieba(words: tuple[str, ...]) -> JiebaSegmenter:
    return JiebaSegmenter(words)
