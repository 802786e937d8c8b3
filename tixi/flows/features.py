"""Features of a candidate sentence for the flow model: character n-grams and the pack's patterns.

Features are strings (hashed later), so the same function serves training and scoring, and a
researcher can read what the model weighs: ``c:纳入`` is a character bigram of the sentence,
``e:platform:credit`` says a credit platform is named, ``v:record<e:record`` that a recording verb
comes before a record, ``doc:civility|d:civility`` that a civility regulation names civility data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tixi.flows.candidates import ARTICLE_HEAD, Candidate
from tixi.flows.gazetteer import NAME_KINDS, Gazetteer, Hit
from tixi.text.terms import TermMatcher

NGRAMS = (1, 2, 3)
LEAD_IN_NGRAMS = (2,)
SHAPE_NGRAMS = (3, 4)
# One symbol per kind of name, so 「将□纳入□」 patterns generalise over the names themselves.
KIND_SYMBOLS = {"actor": "Ⓐ", "platform": "Ⓟ", "record": "Ⓡ", "list": "Ⓛ", "mechanism": "Ⓜ", "score": "Ⓢ",
                "honour": "Ⓗ", "incentive": "Ⓘ", "info": "Ⓝ", "data": "Ⓓ"}


@dataclass(frozen=True)
class DocumentKinds:
    """Title words that say what a document is about (the pack's ``document_kinds``)."""

    kinds: dict[str, tuple[str, ...]]

    def of(self, title: str) -> str:
        """Return the first kind whose word the title holds, else "other"."""
        for kind, words in self.kinds.items():
            if any(word in title for word in words):
                return kind
        return "other"


def ngrams(text: str, sizes: tuple[int, ...], prefix: str) -> list[str]:
    """Return the character n-grams of ``text`` (whitespace dropped) of the given sizes, prefixed."""
    compact = "".join(text.split())
    return [f"{prefix}{compact[i:i + n]}" for n in sizes for i in range(len(compact) - n + 1)]


class Featurizer:
    """Turns candidates into feature strings with one gazetteer; verbs are found in one scan."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        plain: dict[str, list[str]] = {}
        self.patterns: list[tuple[str, re.Pattern[str]]] = []
        for modality, patterns in gaz.verbs.items():
            for pattern in patterns:
                if re.escape(pattern.pattern) == pattern.pattern:
                    plain.setdefault(pattern.pattern, []).append(modality)
                else:
                    self.patterns.append((modality, pattern))
        self.verbs = TermMatcher(plain)
        self.verb_modalities = [plain[term] for term in self.verbs.terms]

    def verb_positions(self, masked: str) -> dict[str, int]:
        """Return the first position of a verb of each modality in ``masked`` (names blanked out)."""
        first: dict[str, int] = {}
        for index, start, _ in self.verbs.matches(masked):
            for modality in self.verb_modalities[index]:
                first.setdefault(modality, start)
        for modality, pattern in self.patterns:
            match = pattern.search(masked)
            if match and match.start() < first.get(modality, len(masked)):
                first[modality] = match.start()
        return first

    def features(self, candidate: Candidate, doc_kind: str) -> list[str]:
        """Return the feature strings of a candidate sentence in a document of kind ``doc_kind``."""
        return candidate_features(candidate, self, doc_kind)


def shape(text: str, entities: list[Hit], data: list[Hit]) -> str:
    """Return ``text`` with each gazetteer name replaced by one symbol of its kind (entities win over data)."""
    marks: dict[int, tuple[int, str]] = {}
    for hit in [*entities, *data]:
        if all(not (start <= hit.start < end or hit.start <= start < hit.end) for start, (end, _) in marks.items()):
            marks[hit.start] = (hit.end, KIND_SYMBOLS.get(hit.entry.kind, "Ⓓ"))
    out, position = [], 0
    for start in sorted(marks):
        end, symbol = marks[start]
        out.append(text[position:start])
        out.append(symbol)
        position = end
    out.append(text[position:])
    return "".join(out)


def candidate_features(candidate: Candidate, featurizer: Featurizer, doc_kind: str) -> list[str]:
    """Return the feature strings of a candidate sentence in a document of kind ``doc_kind``."""
    gaz, text = featurizer.gaz, candidate.text
    features = ngrams(text, NGRAMS, "c:")
    features.extend(ngrams(candidate.lead_in, LEAD_IN_NGRAMS, "l:"))
    features.append(f"doc:{doc_kind}")
    if candidate.item:
        features.append("item")
    whole = f"{candidate.lead_in}\n{text}" if candidate.lead_in else text
    entities = gaz.entities.find(whole)
    masked = list(whole)
    for hit in entities:
        features.append(f"e:{hit.entry.kind}:{hit.entry.side}")
        features.append(f"id:{hit.entry.id}")
        features.append(f"doc:{doc_kind}|e:{hit.entry.kind}:{hit.entry.side}")
        if hit.entry.kind in NAME_KINDS:
            masked[hit.start:hit.end] = "□" * (hit.end - hit.start)
    for hit in gaz.data.find(whole):
        if masked[hit.start] == "□":
            continue  # a data word inside a name is part of the name
        features.append(f"d:{hit.entry.side}")
        features.append(f"did:{hit.entry.id}")
        features.append(f"doc:{doc_kind}|d:{hit.entry.side}")
    masked_text = "".join(masked)
    features.extend(ngrams(shape(whole, entities, gaz.data.find(whole)), SHAPE_NGRAMS, "s:"))
    features.append(f"len:{min(len(text) // 40, 5)}")
    if ARTICLE_HEAD.match(text):
        features.append("first")
    for modality, first in sorted(featurizer.verb_positions(masked_text).items()):
        features.append(f"v:{modality}")
        for hit in entities:
            if hit.entry.kind != "actor":
                features.append(f"v:{modality}{'<' if first < hit.start else '>'}e:{hit.entry.kind}")
    features.extend(rule_votes(whole, masked_text, entities, featurizer))
    for name, patterns in (("excl", gaz.exclude), ("excl_s", gaz.exclude_sentence), ("ref", gaz.by_reference)):
        if any(pattern.search(text) for pattern in patterns):
            features.append(f"x:{name}")
    return features


CLAUSE = re.compile(r"[^，,；;。：:！？!?\n]+")


def rule_votes(whole: str, masked: str, entities: list[Hit], featurizer: Featurizer) -> list[str]:
    """Return ``r:<rule id>`` for each pack rule that fires in a clause of the sentence (rules as votes).

    A rule fires in a clause that holds a verb of its modality (outside names), a target of one of
    its kinds, one of its ``needs`` and none of its ``unless``, and no exclusion pattern of the pack.
    The model learns how far to trust each vote.
    """
    gaz, votes = featurizer.gaz, set()
    for match in CLAUSE.finditer(whole):
        clause, start, end = match.group(), match.start(), match.end()
        if any(pattern.search(clause) for pattern in gaz.exclude):
            continue
        verbs = featurizer.verb_positions(masked[start:end])
        kinds = {hit.entry.kind for hit in entities if start <= hit.start and hit.end <= end}
        for rule in gaz.rules:
            if rule.modality not in verbs or rule.id in votes:
                continue
            if rule.targets and not kinds & set(rule.targets):
                continue
            if rule.needs and not any(pattern.search(clause) for pattern in rule.needs):
                continue
            if any(pattern.search(clause) for pattern in rule.unless):
                continue
            votes.add(rule.id)
    return [f"r:{rule_id}" for rule_id in sorted(votes)]
