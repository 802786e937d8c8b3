"""Confusion and conflation in talk: turns that mention both systems or give one system's instruments to the other.

The words come from the pack's talk codebook (``talk_codebook.yaml``): the terms of the codes
that name each system, the instrument words of each system and the uncertainty markers. Only
interviewees' turns count: turns with a speaker who is not an interviewer (the
interviewers' labels are listed there too).

For each turn:
- ``mention_<system>``: it names the system or one of its instruments;
- ``both_systems``: it names both systems;
- ``cross_attribution``: it names one system and an instrument of the other, without naming
  the other (创文 … 扣信用分);
- ``uncertain``: it mentions a system and holds an uncertainty marker (不清楚, 好像, 听说 …).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

import pandas as pd

from tixi.errors import InputError
from tixi.interviews.cases import LINKS_SQL, attributes, synthetic_case_ids, synthetic_doc_ids
from tixi.packs import Pack

TALK_CODEBOOK = "talk_codebook.yaml"
LEVELS = ("turn", "case", "city")


@dataclass(frozen=True)
class SystemWords:
    """The words naming one system and its instruments."""

    key: str
    names: tuple[str, ...]
    instruments: tuple[str, ...]


@dataclass(frozen=True)
class TalkLexicon:
    """What the conflation measure reads from the talk codebook."""

    version: str
    systems: tuple[SystemWords, SystemWords]
    uncertainty: tuple[str, ...]
    interviewers: frozenset[str]


def load_talk_lexicon(pack: Pack, relative: str = TALK_CODEBOOK) -> TalkLexicon:
    """Return the system words, uncertainty markers and interviewer labels of a pack's talk codebook."""
    data = pack.yaml(relative)
    section = data.get("conflation") if isinstance(data, dict) else None
    if not isinstance(section, dict) or not isinstance(section.get("systems"), dict):
        raise InputError(f"{pack.file(relative)}: no 'conflation: systems:' section")
    terms = {str(code["id"]): tuple(str(term) for term in code.get("terms") or []) for code in data.get("codes") or []}
    systems = []
    for key, entry in sorted(section["systems"].items()):
        name_code = str(entry.get("name_code", ""))
        if name_code not in terms:
            raise InputError(f"{pack.file(relative)}: conflation system {key} names code {name_code!r}, which is not in codes")
        systems.append(SystemWords(str(key), terms[name_code], tuple(str(word) for word in entry.get("instruments") or [])))
    if len(systems) != 2:
        raise InputError(f"{pack.file(relative)}: the conflation section must name exactly two systems, found {len(systems)}")
    uncertainty_code = str(section.get("uncertainty_code", ""))
    if uncertainty_code not in terms:
        raise InputError(f"{pack.file(relative)}: uncertainty_code {uncertainty_code!r} is not in codes")
    return TalkLexicon(
        version=str(data.get("version", "")),
        systems=(systems[0], systems[1]),
        uncertainty=terms[uncertainty_code],
        interviewers=frozenset(str(label) for label in section.get("interviewer_speakers") or []),
    )


def _hits(text: str, words: tuple[str, ...]) -> list[str]:
    return sorted({word for word in words if word in text})


def classify_turn(text: str, lexicon: TalkLexicon) -> dict[str, Any]:
    """Return the flags of one turn's text and the words that set them."""
    first, second = lexicon.systems
    named = {system.key: _hits(text, system.names) for system in lexicon.systems}
    tools = {system.key: _hits(text, system.instruments) for system in lexicon.systems}
    mentions = {key: bool(named[key] or tools[key]) for key in named}
    both = bool(named[first.key] and named[second.key])
    cross = any(
        named[own.key] and tools[other.key] and not named[other.key]
        for own, other in ((first, second), (second, first))
    )
    markers = _hits(text, lexicon.uncertainty)
    flags: dict[str, Any] = {f"mention_{key}": value for key, value in mentions.items()}
    flags.update({
        "both_systems": both,
        "cross_attribution": cross,
        "uncertain": bool(markers) and any(mentions.values()),
        "words": " ".join(sorted({*sum(named.values(), []), *sum(tools.values(), []), *markers})),
    })
    return flags


def turn_table(db: sqlite3.Connection, lexicon: TalkLexicon, attribute: str = "city") -> pd.DataFrame:
    """Return one row per interviewee turn of documents linked to cases, with its flags."""
    table = attributes(db)
    synthetic_cases, synthetic_docs = synthetic_case_ids(db), synthetic_doc_ids(db)
    query = (
        f"SELECT l.case_id, s.doc_id, s.start, s.end, s.label, s.meta, substr(t.normalized, s.start + 1, s.end - s.start) AS text "
        f"FROM segments s JOIN ({LINKS_SQL}) l ON l.doc_id = s.doc_id JOIN texts t ON t.doc_id = s.doc_id "
        f"WHERE s.kind = 'turn' ORDER BY l.case_id, s.doc_id, s.start"
    )
    rows = []
    for row in db.execute(query):
        meta = json.loads(row["meta"]) if row["meta"] else {}
        speaker = str(meta.get("speaker") or row["label"] or "")
        if not speaker or speaker in lexicon.interviewers:
            continue  # questions, and cues with no speaker (such as a file's opening note)
        text = row["text"]
        case_id = row["case_id"]
        synthetic = case_id in synthetic_cases or row["doc_id"] in synthetic_docs
        value = table.at[case_id, attribute] if attribute in table.columns else None
        record = {"case": case_id, attribute: value, "doc_id": row["doc_id"], "start": row["start"],
                  "end": row["end"], "speaker": speaker, **classify_turn(text, lexicon), "text": text, "synthetic": synthetic}
        rows.append(record)
    keys = [f"mention_{system.key}" for system in lexicon.systems]
    columns = ["case", attribute, "doc_id", "start", "end", "speaker", *keys, "both_systems", "cross_attribution",
               "uncertain", "words", "text", "synthetic"]
    return pd.DataFrame.from_records(rows, columns=columns)


def confusion(db: sqlite3.Connection, lexicon: TalkLexicon, by: str = "case", attribute: str = "city") -> pd.DataFrame:
    """Return conflation measures per turn, per case or per value of a case attribute (city)."""
    if by not in LEVELS:
        raise InputError(f"by must be one of {', '.join(LEVELS)}, got {by!r}")
    turns = turn_table(db, lexicon, attribute)
    if by == "turn":
        return turns
    keys = [f"mention_{system.key}" for system in lexicon.systems]
    group = ["case", attribute] if by == "case" else [attribute]
    turns["system_turn"] = turns[keys].any(axis=1) if len(turns) else pd.Series(dtype=bool)
    rows = []
    for label, part in turns.groupby(group, dropna=False, sort=True):
        values = label if isinstance(label, tuple) else (label,)
        system_turns = int(part["system_turn"].sum())
        record: dict[str, Any] = dict(zip(group, values, strict=True))
        if by == "city":
            record["cases"] = int(part["case"].nunique())
        record.update({"turns": len(part), "system_turns": system_turns})
        record.update({key: int(part[key].sum()) for key in keys})
        for flag in ("both_systems", "cross_attribution", "uncertain"):
            record[flag] = int(part[flag].sum())
        conflated = int((part["both_systems"] | part["cross_attribution"]).sum())
        record["conflated"] = conflated
        record["share_conflated"] = conflated / system_turns if system_turns else 0.0
        record["share_uncertain"] = record["uncertain"] / system_turns if system_turns else 0.0
        record["synthetic"] = bool(part["synthetic"].all())
        rows.append(record)
    return pd.DataFrame.from_records(rows)
