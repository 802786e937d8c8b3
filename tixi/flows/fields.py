"""A flow's source, target, data and modality, read from the structure of its own sentence.

Nothing is borrowed from other paragraphs. In 「A应当将X纳入Y」 the subject before the verb (A) is
the source, the object after 将/把 (X) is the data, and the instrument after the verb (Y) is the
target. For a use of a record (reward, punish, check), the record used is the source and the
decision or honour it serves is the target. A numbered item is read with the lead-in of its list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tixi.flows.candidates import ARTICLE_HEAD, ITEM_START, Candidate
from tixi.flows.features import Featurizer
from tixi.flows.gazetteer import NAME_KINDS, Hit

UNNAMED_ACTOR = "(actor not named)"
IMPLICIT_DATA = "(implicit)"
# Modalities that use a record (its information is the source) rather than move data into a target.
USE_MODALITIES = ("check", "reward", "punish")
# Preference among modalities whose verbs a sentence holds, by flow type: uses come first for B.
PREFERENCE = {
    "B": ("check", "reward", "punish", "record", "share", "collect", "list", "repair"),
    "default": ("record", "list", "collect", "share", "repair", "punish", "reward", "check"),
}
INSTRUMENTS = ("platform", "record", "list", "score", "info", "mechanism")
USES = ("honour", "incentive", "mechanism")
PUNCTUATION = "，,；;。：:、 \t\n\u3000"


@dataclass(frozen=True)
class FieldCues:
    """The pack's words for a clause's structure (flows.yaml; any may be empty, which turns its reading off).

    ``subject_markers`` follow the subject (应当, 负责…); ``object_markers`` open the object (将, 把);
    ``object_ends`` close it; ``organisation_ends`` let an unlisted subject read as an organisation;
    ``target_verbs`` take the target after them (纳入X); ``use_frame`` brackets what a use serves (在…中).
    """

    subject_markers: tuple[str, ...] = ()
    object_markers: tuple[str, ...] = ()
    object_ends: tuple[str, ...] = ()
    organisation_ends: tuple[str, ...] = ()
    target_verbs: tuple[str, ...] = ()
    use_frame: tuple[str, str] | None = None

    @classmethod
    def from_pack(cls, raw: dict[str, Any]) -> FieldCues:
        """Read the cues from a parsed flows.yaml."""
        def words(key: str) -> tuple[str, ...]:
            return tuple(str(word) for word in raw.get(key) or [])
        frame = words("use_frame")
        return cls(words("subject_markers"), words("object_markers"), words("object_ends"), words("organisation_ends"),
                   words("target_verbs"), (frame[0], frame[1]) if len(frame) == 2 else None)


@dataclass(frozen=True)
class Fields:
    """The fields of one flow: canonical labels (gazetteer labels, else the words) and the words as written."""

    source: str
    target: str
    data: str
    modality: str
    source_text: str
    target_text: str
    data_text: str
    start: int = 0  # the clause that states the flow, within the candidate's own text
    end: int = 0


def read_fields(candidate: Candidate, featurizer: Featurizer, flow_type: str, cues: FieldCues) -> Fields:
    """Return the fields of the flow that ``candidate`` states, as a flow of type ``flow_type``."""
    gaz = featurizer.gaz
    whole = f"{candidate.lead_in}\n{candidate.text}" if candidate.lead_in else candidate.text
    entities = gaz.entities.find(whole)
    masked = list(whole)
    for hit in entities:
        if hit.entry.kind in NAME_KINDS:
            masked[hit.start:hit.end] = "□" * (hit.end - hit.start)
    data_hits = [hit for hit in gaz.data.find(whole) if masked[hit.start] != "□"]
    verbs = featurizer.verb_positions("".join(masked))
    order = PREFERENCE.get(flow_type, PREFERENCE["default"])
    modality = min(verbs, key=lambda name: (order.index(name) if name in order else len(order), verbs[name])) if verbs else "record"
    verb = verbs.get(modality, len(whole))
    clause_start, clause_end = _clause(whole, verb)
    in_clause = [hit for hit in entities if clause_start <= hit.start and hit.end <= clause_end]
    if modality in USE_MODALITIES:
        target = _first(in_clause, USES, after=verb) or _last(in_clause, USES, before=verb) or _first(entities, USES, after=verb)
        used = [hit for hit in entities if hit.entry.kind in (*INSTRUMENTS, "honour") and hit is not target and hit.entry.kind != "mechanism"]
        source = used[0] if used else None
        # The source of a use is the record or instrument used; with none named it is not named (a data word is data).
        source_label, source_text = (source.entry.label, whole[source.start:source.end]) if source else (UNNAMED_ACTOR, UNNAMED_ACTOR)
    else:
        target = (_first(in_clause, INSTRUMENTS, after=verb) or _last(in_clause, INSTRUMENTS, before=verb)
                  or _first(entities, INSTRUMENTS, after=verb) or _first(entities, ("honour",), after=0))
        actor = _subject(entities, verb, whole, cues.subject_markers)
        source_label, source_text = (actor.entry.label, whole[actor.start:actor.end]) if actor else _subject_words(whole, verb, cues)
    data_label, data_text = _data(whole, data_hits, verb, cues, candidate)
    if modality in USE_MODALITIES and source_label == data_label:
        data_label, data_text = IMPLICIT_DATA, IMPLICIT_DATA
    target_label, target_text = (target.entry.label, whole[target.start:target.end]) if target else _target_words(whole, verb, modality, cues)
    if candidate.item and modality in USE_MODALITIES:
        # An item of a list of uses (「（六）限制获得相关荣誉称号」) is itself what the information serves.
        match = ITEM_START.match(candidate.text)
        words = candidate.text[match.end() if match else 0:].strip(PUNCTUATION)
        if words:
            # The words as written; the canonical target stays a gazetteer name (an honour or incentive in
            # the item, else the list's own target), so a graph groups the items of one list.
            shift = len(whole) - len(candidate.text)
            named = [hit for hit in entities if hit.start >= shift and hit.entry.kind in USES]
            target_text = words
            target_label = named[0].entry.label if named else (target_label or words)
    start, end = _quote(candidate, whole, clause_start, clause_end, target)
    return Fields(source_label, target_label, data_label, modality, source_text, target_text, data_text,
                  start, end)


def _quote(candidate: Candidate, whole: str, clause_start: int, clause_end: int, target: Hit | None) -> tuple[int, int]:
    """Return the part of the candidate's text that states the flow: its verb's clause (widened to the
    target), the whole item for a list item, never the article heading."""
    shift = len(whole) - len(candidate.text)  # the lead-in and its line break come first in ``whole``
    if candidate.item or clause_end <= shift:
        start, end = 0, len(candidate.text)
    else:
        start, end = max(clause_start - shift, 0), clause_end - shift
        if target is not None and target.start >= shift:
            start, end = min(start, target.start - shift), max(end, target.end - shift)
    heading = ARTICLE_HEAD.match(candidate.text)
    if heading and start < heading.end():
        start = heading.end()
    while start < end and candidate.text[start] in PUNCTUATION:
        start += 1
    return start, max(end, start)


def _clause(text: str, position: int) -> tuple[int, int]:
    """Return the clause (between ，；。 and line ends) that holds ``position``."""
    marks = "，,；;。\n"
    start = max(text.rfind(mark, 0, position) for mark in marks) + 1
    ends = [at for mark in marks if (at := text.find(mark, position)) >= 0]
    return start, min(ends) if ends else len(text)


def _first(hits: Sequence[Hit], kinds: Sequence[str], *, after: int) -> Hit | None:
    return next((hit for hit in hits if hit.entry.kind in kinds and hit.start >= after), None)


def _last(hits: Sequence[Hit], kinds: Sequence[str], *, before: int) -> Hit | None:
    found = [hit for hit in hits if hit.entry.kind in kinds and hit.end <= before]
    return found[-1] if found else None


def _subject(entities: Sequence[Hit], verb: int, whole: str, markers: Sequence[str]) -> Hit | None:
    """Return the actor that is the subject of the verb: the first actor of its sentence before the verb."""
    sentence_start = max(whole.rfind("\n", 0, verb), whole.rfind("。", 0, verb)) + 1
    actors = [hit for hit in entities if hit.entry.kind == "actor" and sentence_start <= hit.start < verb]
    if not actors:
        actors = [hit for hit in entities if hit.entry.kind == "actor" and hit.start < verb]
    if not actors:
        return None
    # The subject is an actor followed by a subject marker (应当, 可以, 负责…) or opening its sentence;
    # an actor named inside an object or an adverbial (「向有关部门通报」) is not the subject.
    for hit in actors:
        following = whole[hit.end:hit.end + 8]
        if any(marker in following[:4] for marker in markers) or hit.start - sentence_start <= 2:
            return hit
    return None


def _subject_words(whole: str, verb: int, cues: FieldCues) -> tuple[str, str]:
    """Return the words before a subject marker at the start of the verb's sentence, when they name an organisation."""
    sentence_start = max(whole.rfind("\n", 0, verb), whole.rfind("。", 0, verb)) + 1
    clause_start = max(whole.rfind("，", 0, verb), sentence_start - 1) + 1
    for start in (clause_start, sentence_start):
        head = ARTICLE_HEAD.sub("", whole[start:verb], count=1) if start == sentence_start else whole[start:verb]
        at = min((position for marker in cues.subject_markers if (position := head.find(marker)) > 0), default=-1)
        if at > 0:
            words = head[:at].strip(PUNCTUATION)
            if 1 < len(words) <= 30 and words.endswith(cues.organisation_ends):
                return words, words
    return UNNAMED_ACTOR, UNNAMED_ACTOR


def _target_words(whole: str, verb: int, modality: str, cues: FieldCues) -> tuple[str, str]:
    """Return the words a target is written with when no gazetteer entry names it, else empty."""
    clause_start, clause_end = _clause(whole, verb)
    if modality in USE_MODALITIES:
        if cues.use_frame is None:
            return "", ""
        opening, closing = cues.use_frame
        at = whole.rfind(opening, clause_start, verb)
        inside = whole.find(closing, at + len(opening), verb) if at >= 0 else -1
        if at >= 0 and inside > at + len(opening):
            return whole[at + len(opening):inside], whole[at + len(opening):inside]  # 「在评优评先中使用」: what it serves
        return "", ""
    tail = whole[verb:clause_end]
    for verb_word in cues.target_verbs:
        if tail.startswith(verb_word) and 1 < len(tail) - len(verb_word) <= 30:
            words = tail[len(verb_word):].strip(PUNCTUATION)
            return words, words
    return "", ""


def _data(whole: str, data_hits: Sequence[Hit], verb: int, cues: FieldCues, candidate: Candidate) -> tuple[str, str]:
    """Return the data: the object after 将/把 before the verb, else a data word, else an item's own words."""
    for marker in cues.object_markers:
        at = whole.rfind(marker, 0, verb)
        if at >= 0:
            words = whole[at + len(marker):verb]
            words = words[:min((words.find(end) for end in cues.object_ends if words.find(end) > 0), default=len(words))].strip(PUNCTUATION)
            if 1 < len(words) <= 40 and "，" not in words:
                inside = [hit for hit in data_hits if at < hit.start < verb]
                return (inside[0].entry.label if inside else words), words
    if data_hits:
        hit = min(data_hits, key=lambda h: abs(h.start - verb))
        return hit.entry.label, whole[hit.start:hit.end]
    if candidate.item:
        match = ITEM_START.match(candidate.text)
        words = candidate.text[match.end() if match else 0:].strip(PUNCTUATION)
        if words:
            return words, words
    return IMPLICIT_DATA, IMPLICIT_DATA
