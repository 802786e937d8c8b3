"""Word tokens carry offsets into the text they were cut from; pack terms stay whole."""

from __future__ import annotations

import pytest

from tixi.errors import InputError
from tixi.text.tokens import make_segmenter, rjieba_available

TEXT = "禁止遛狗不牵绳，倡导文明养犬和志愿服务。"


def test_jieba_tokens_have_offsets_into_the_text() -> None:
    tokens = make_segmenter("jieba").tokens(TEXT)
    assert all(TEXT[token.start:token.end] == token.text for token in tokens)
    assert "".join(token.text for token in tokens) == TEXT


def test_user_words_from_a_pack_stay_whole() -> None:
    plain = [token.text for token in make_segmenter("jieba").tokens(TEXT)]
    assert "遛狗不牵绳" not in plain
    with_terms = [token.text for token in make_segmenter("jieba", ["遛狗不牵绳", "文明养犬"]).tokens(TEXT)]
    assert "遛狗不牵绳" in with_terms and "文明养犬" in with_terms


@pytest.mark.skipif(not rjieba_available(), reason="rjieba is not installed (optional fast segmenter: pip install rjieba)")
def test_rjieba_gives_offsets_too() -> None:
    segmenter = make_segmenter("rjieba")
    tokens = segmenter.tokens(TEXT)
    assert segmenter.name == "rjieba"
    assert all(TEXT[token.start:token.end] == token.text for token in tokens)


def test_unknown_segmenter_is_refused() -> None:
    with pytest.raises(InputError, match="unknown segmenter"):
        make_segmenter("pkuseg")
