"""What counts as boilerplate, read from the pack's ``reuse.yaml`` (a pack without one marks none)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tixi.errors import InputError
from tixi.packs import Pack

REUSE_FILE = "reuse.yaml"


@dataclass(frozen=True)
class BoilerplateRules:
    """Per kind of boilerplate (purpose, effective date, …), the patterns whose sentences are boilerplate.

    A passage is boilerplate of a kind when at least ``share`` of its characters lie in sentences
    (split at ``sentence_ends``) that match one of that kind's patterns.
    """

    patterns: dict[str, list[re.Pattern[str]]]
    sentence_ends: str
    share: float
    version: str

    @classmethod
    def none(cls) -> BoilerplateRules:
        """Return rules that mark nothing."""
        return cls({}, "\n", 0.5, "none")

    @classmethod
    def from_pack(cls, pack: Pack) -> BoilerplateRules:
        """Return the rules of ``pack`` (``files: reuse`` in pack.yaml, else ``reuse.yaml``), or none when it has no such file."""
        name = pack.named("reuse", REUSE_FILE)
        if not pack.has(name):
            return cls.none()
        data = pack.yaml(name) or {}
        section = data.get("boilerplate") or {}
        patterns: dict[str, list[re.Pattern[str]]] = {}
        for kind, listed in (section.get("kinds") or {}).items():
            try:
                patterns[str(kind)] = [re.compile(str(pattern)) for pattern in listed or []]
            except re.error as error:
                raise InputError(f"{pack.path / name}: boilerplate kind {kind!r} has a pattern that is no regular expression: {error}") from error
        return cls(patterns, str(section.get("sentence_ends", "。；;\n")), float(section.get("share", 0.5)),
                   f"{pack.label}/reuse@{data.get('version', '0')}")

    def kind_of(self, text: str) -> str:
        """Return the boilerplate kind ``text`` is, or '' when it is none."""
        if not self.patterns:
            return ""
        covered: dict[str, int] = {}
        for sentence in re.split(f"(?<=[{re.escape(self.sentence_ends)}])", text):
            for kind, patterns in self.patterns.items():
                if any(pattern.search(sentence) for pattern in patterns):
                    covered[kind] = covered.get(kind, 0) + len(sentence)
                    break
        if not covered:
            return ""
        kind, chars = max(covered.items(), key=lambda item: (item[1], item[0]))
        return kind if sum(covered.values()) >= self.share * len(text) else ""
