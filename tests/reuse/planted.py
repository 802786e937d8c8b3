"""Synthetic texts with copied passages planted at known offsets (for exact boundary checks)."""

from __future__ import annotations

import random

# 512 CJK ideographs; random strings of them share no 8-character run by chance.
ALPHABET = "".join(chr(code) for code in range(0x5000, 0x5200))


def random_text(seed: int, length: int) -> str:
    """Return ``length`` random characters (seeded)."""
    generator = random.Random(seed)
    return "".join(generator.choice(ALPHABET) for _ in range(length))


def substitute(text: str, every: int, seed: int) -> str:
    """Return ``text`` with one character in each ``every`` replaced (never the first or last ``every``)."""
    generator = random.Random(seed)
    characters = list(text)
    for position in range(every, len(characters) - every, every):
        characters[position] = generator.choice([c for c in ALPHABET[:20] if c != characters[position]])
    return "".join(characters)
