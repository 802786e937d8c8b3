"""The type of a flow (docs/labelling.md): which systems it links, from the words of its sentence.

The model decides *whether* a sentence states a flow; these readable rules from the pack's
``types`` section decide *which* systems it links, because the rare cross-system types (A and B)
are too few in any labelled set for a model to learn them reliably:

- B, credit information used in civility honours: the sentence names a civility honour or selection
  and a credit word, and holds a use verb;
- A, civility records into credit instruments: it names a credit instrument and a verb that moves
  data into it, and civic conduct (or, in a civility or volunteer regulation, conduct or penalties);
- W otherwise: within credit when a credit word is named, else within civility;
- C, linkage without data, for a sentence that is no flow but ties a credit word to a civility honour
  or campaign with a linkage verb (``is_linkage``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tixi.flows.candidates import Candidate
from tixi.text.terms import TermMatcher


@dataclass
class TypeCues:
    """The word lists of the pack's ``types`` section, compiled."""

    honours: TermMatcher
    credit: TermMatcher
    uses: TermMatcher
    civility_data: TermMatcher
    instruments: TermMatcher
    conduct: TermMatcher
    into: TermMatcher
    linkage: TermMatcher
    directions: dict[str, str]
    civic_documents: tuple[str, ...]

    @classmethod
    def from_pack(cls, section: dict[str, Any]) -> TypeCues:
        """Return the cues of a ``types`` mapping (missing lists match nothing)."""
        def words(name: str) -> TermMatcher:
            return TermMatcher(str(word) for word in section.get(name, []))
        return cls(words("civility_honours"), words("credit_words"), words("use_verbs"), words("civility_data"), words("credit_instruments"),
                   words("conduct_words"), words("into_verbs"), words("linkage_verbs"),
                   {str(key): str(value) for key, value in dict(section.get("directions") or {}).items()},
                   tuple(str(kind) for kind in section.get("civic_documents", [])))


def flow_type(candidate: Candidate, cues: TypeCues, doc_kind: str) -> tuple[str, str]:
    """Return the type (A, B, W) and direction of the flow a candidate states."""
    text = f"{candidate.lead_in}\n{candidate.text}" if candidate.lead_in else candidate.text
    credit = bool(cues.credit.matches(text))
    directions = cues.directions
    if credit and cues.honours.matches(text) and cues.uses.matches(text):
        return "B", directions.get("B", "B")
    civic = cues.civility_data.matches(text) or (doc_kind in cues.civic_documents and cues.conduct.matches(text))
    if cues.instruments.matches(text) and cues.into.matches(text) and civic:
        return "A", directions.get("A", "A")
    return "W", directions.get("W_with_credit" if credit else "W_without_credit", "W")


def is_linkage(candidate: Candidate, cues: TypeCues) -> bool:
    """Return whether a sentence ties credit to a civility honour or campaign with a linkage verb (type C)."""
    text = candidate.text
    return bool(cues.linkage.matches(text) and cues.credit.matches(text) and cues.honours.matches(text))
