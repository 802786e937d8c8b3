"""Benchmark tixi's coder against a regex alternation and naive str.find, on the corpus replicated to >= 50 MB.

Run: .venv/bin/python bench/autocode.py [--mb 50]
Prints characters per second for each method, measured in the same run, and the ratios.
All three find the same leftmost-longest matches (checked on the first copy of the corpus).
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable

from tixi.coding.lexicon import CodeHit, Lexicon, available_backends, lexicon_for
from tixi.demo import bundled_corpus
from tixi.text.normalize import normalize


def corpus_texts() -> list[str]:
    """Return the normalised texts of the bundled corpus."""
    folder = bundled_corpus().parent / "documents"
    return [normalize(path.read_text(encoding="utf-8")).text for path in sorted(folder.glob("*.txt"))]


# Hits are built the way tixi builds them (tuple.__new__), so the comparison is of the matching alone.
new_hit = tuple.__new__


def regex_matches(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def regex_coder(pattern: re.Pattern[str], owners: dict[str, str | None]) -> Callable[[str], list[CodeHit]]:
    """Return a coder giving the same CodeHits as tixi's (built the same way), from a regex alternation."""
    def code(text: str) -> list[CodeHit]:
        hits = []
        for match in pattern.finditer(text):
            term = match.group()
            code_id = owners[term]
            if code_id is not None:
                hits.append(new_hit(CodeHit, (match.start(), match.end(), code_id, term)))
        return hits
    return code


def naive_coder(terms: list[str], owners: dict[str, str | None]) -> Callable[[str], list[CodeHit]]:
    """Return a coder giving the same CodeHits as tixi's, from str.find per term."""
    def code(text: str) -> list[CodeHit]:
        hits = []
        for start, end in naive_matches(terms, text):
            term = text[start:end]
            code_id = owners[term]
            if code_id is not None:
                hits.append(new_hit(CodeHit, (start, end, code_id, term)))
        return hits
    return code


def naive_matches(terms: list[str], text: str) -> list[tuple[int, int]]:
    """Find every term with str.find, then keep leftmost-longest non-overlapping hits."""
    found = []
    for term in terms:
        position = text.find(term)
        while position >= 0:
            found.append((position, -(position + len(term))))
            position = text.find(term, position + 1)
    chosen, end = [], 0
    for start, negative_end in sorted(found):
        if start >= end:
            chosen.append((start, -negative_end))
            end = -negative_end
    return chosen


def timed(label: str, function: Callable[[str], object], texts: list[str], chars: int) -> float:
    started = time.perf_counter()
    for text in texts:
        function(text)
    seconds = time.perf_counter() - started
    rate = chars / seconds
    print(f"{label:<34} {seconds:8.2f} s  {rate / 1e6:8.2f} M chars/s")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=50.0, help="Size of the replicated corpus in MB of UTF-8 (default 50).")
    arguments = parser.parse_args()
    base = corpus_texts()
    base_bytes = sum(len(text.encode("utf-8")) for text in base)
    copies = int(arguments.mb * 1e6 // base_bytes) + 1
    texts = base * copies
    chars = sum(len(text) for text in texts)
    lexicon = lexicon_for()
    terms = lexicon.terms
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=lambda term: (-len(term), term))))
    print(f"corpus: {len(base)} documents x {copies} copies = {len(texts)} documents, {chars:,} chars, "
          f"{base_bytes * copies / 1e6:.1f} MB UTF-8; {len(terms)} terms")
    owners = dict(zip(lexicon.terms, lexicon.owners, strict=True))
    by_regex, by_naive = regex_coder(pattern, owners), naive_coder(terms, owners)
    for text in base:  # the three coders give the same hits before we time them
        expected = lexicon.find(text)
        assert by_regex(text) == expected and by_naive(text) == expected
    print("-- coding (each gives the same CodeHit list)")
    rates = {}
    for backend in available_backends():
        coder = Lexicon(lexicon.codebook, backend)
        rates[f"tixi find ({backend})"] = timed(f"tixi find ({backend})", coder.find, texts, chars)
    rates["regex alternation (longest first)"] = timed("regex alternation (longest first)", by_regex, texts, chars)
    naive_texts = texts[: max(1, len(texts) // 10)]  # a tenth: str.find per term is slow
    rates["naive str.find per term"] = timed("naive str.find per term (1/10)", by_naive, naive_texts, sum(len(text) for text in naive_texts))
    print("-- scanning only (offsets, no codes)")
    timed("tixi matches (" + lexicon.backend + ")", lexicon.matches, texts, chars)
    timed("regex finditer spans", lambda t: regex_matches(pattern, t), texts, chars)
    regex = rates["regex alternation (longest first)"]
    for name, rate in rates.items():
        print(f"{name:<34} {rate / regex:6.2f}x regex")


if __name__ == "__main__":
    main()
