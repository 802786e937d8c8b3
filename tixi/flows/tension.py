"""The tension between the systems: conflation, scope creep and reprimand, each row with evidence.

- conflation: per document, whether a civility-side document routes records into credit
  instruments, or a credit-side document uses civility records or honours; summed by place, level
  and year (the timeline);
- scope creep: flows into credit instruments whose clause or article names behaviour that the
  catalogue keeps out of credit records;
- reprimand: passages where a cue of restriction meets a credit instrument, with level, date and kind
  (a higher authority correcting lower-level practice, or a law's self-restraint).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from tixi.domain import NEUTRAL, Domain
from tixi.errors import InputError
from tixi.flows.candidates import SENTENCE
from tixi.flows.extract import Unit
from tixi.packs import Pack


def conflation_columns(domain: Domain) -> list[str]:
    """Return the conflation table's columns: one count per crossing direction of the domain (civility_to_credit …)."""
    return ["doc_id", "title", "system", "side", "place", "level", "date", "flows",
            *(domain.crossing_column(direction) for direction in domain.crossings), "conflates", "evidence"]
SCOPE_COLUMNS = [
    "doc_id", "title", "place", "level", "date", "unit", "entry", "label", "status", "term", "where", "target",
    "modality", "quote",
]
REPRIMAND_COLUMNS = ["doc_id", "title", "system", "place", "level", "date", "higher", "unit", "kind", "cue", "label", "object", "quote",
                     "start", "end"]
# What a passage of restriction is: a higher authority correcting lower-level practice, or a law limiting itself.
REPRIMAND_KINDS = ("reprimand", "self_restraint")
CUE_KINDS = ("corrective", "self_restraint")


# -- conflation ---------------------------------------------------------------------------------

def document_side(system: str | None, domain: Domain) -> str:
    """Return a document's side: its system's, or neutral for a neutral, unknown or missing system.

    The one place a document's side is decided: every table that splits documents by side asks here,
    so a document never changes sides between tables (a waste regulation of system "other" is neutral
    everywhere, whatever its flows look like).
    """
    return domain.side_of(system) or NEUTRAL


def conflation(flows: pd.DataFrame, documents: pd.DataFrame, domain: Domain) -> pd.DataFrame:
    """Return one row per document: its side, flow counts by crossing direction, whether it conflates, evidence.

    A civility-side document conflates when it routes records into credit instruments (civility →
    credit); a credit-side document conflates when it uses civility records or honours (civility →
    credit, or credit → civility). Evidence lists ``article: quote`` of the crossing flows.
    """
    # One pass over the flows in plain Python: a pandas filter per document was most of a report's time at lawref scale.
    totals: dict[str, int] = {}
    crossings: dict[tuple[str, str], int] = {}
    quotes: dict[str, set[str]] = {}
    for doc, direction, unit, quote in zip(flows["doc_id"], flows["direction"], flows["unit"], flows["quote"], strict=True):
        doc = str(doc)
        totals[doc] = totals.get(doc, 0) + 1
        if direction in domain.crossings:
            crossings[(doc, direction)] = crossings.get((doc, direction), 0) + 1
            quotes.setdefault(doc, set()).add(f"{unit}: {quote}")
    rows = []
    for document in documents.sort_values("id").itertuples(index=False):
        doc = str(document.id)
        system = document.system if isinstance(document.system, str) else None
        side = document_side(system, domain)
        rows.append({
            "doc_id": document.id, "title": document.title, "system": document.system, "side": side,
            "place": document.place, "level": document.level, "date": document.date, "flows": totals.get(doc, 0),
            **{domain.crossing_column(direction): crossings.get((doc, direction), 0) for direction in domain.crossings},
            "conflates": doc in quotes and side in domain.sides,
            "evidence": " | ".join(sorted(quotes.get(doc, ()))),
        })
    return pd.DataFrame(rows, columns=conflation_columns(domain))


def conflation_by(table: pd.DataFrame, by: str, domain: Domain) -> pd.DataFrame:
    """Return the share of conflating documents per side and ``by`` (place, level or year)."""
    frame = table.copy()
    if by == "year":
        frame["year"] = frame["date"].fillna("").str[:4].replace("", "(none)")
    elif by not in ("place", "level", "system"):
        raise InputError(f"conflation can be summed by place, level, system or year, not {by!r}")
    frame[by] = frame[by].fillna("(none)")
    grouped = frame[frame["side"].isin(domain.sides)].groupby([by, "side"], sort=True)
    summary = grouped.agg(documents=("doc_id", "count"), conflating=("conflates", "sum")).reset_index()
    summary["conflating"] = summary["conflating"].astype(int)
    summary["share"] = (summary["conflating"] / summary["documents"]).round(3)
    summary["evidence"] = ["; ".join(sorted(group.loc[group["conflates"], "doc_id"])) for _, group in grouped]
    return summary.sort_values([by, "side"]).reset_index(drop=True)


# -- scope creep --------------------------------------------------------------------------------

@dataclass(frozen=True)
class CatalogueEntry:
    """What the catalogue says about one kind of behaviour: excluded, or conditional unless some words."""

    id: str
    label: str
    status: str
    terms: tuple[str, ...]
    unless: tuple[str, ...]
    basis: str


@dataclass(frozen=True)
class Catalogue:
    """A scope catalogue: the credit instruments it guards, the modalities that route into them, entries."""

    version: str
    origin: str
    instruments: tuple[str, ...]
    modalities: tuple[str, ...]
    entries: tuple[CatalogueEntry, ...]


def load_catalogue(pack: Pack, path: str | Path | None = None) -> Catalogue:
    """Return the scope catalogue at ``path``, or the pack's (``files.scope_catalogue``)."""
    if path is None:
        file = pack.file(pack.named("scope_catalogue", "scope_catalogue.yaml"))
    else:
        file = Path(path)
        if not file.exists():
            raise InputError(f"catalogue {file} does not exist; give a YAML file laid out like the pack's scope_catalogue.yaml")
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise InputError(f"{file}: not valid YAML: {error}") from error
    if not isinstance(raw, dict) or not isinstance(raw.get("entries"), list) or not raw.get("instruments") or not raw.get("modalities"):
        raise InputError(f"{file}: expected a mapping with version, instruments, modalities and a list of entries")
    entries = []
    for index, item in enumerate(raw["entries"]):
        if not isinstance(item, dict) or not item.get("id") or not item.get("terms") or item.get("status") not in ("excluded", "conditional", "allowed"):
            raise InputError(f"{file}: entries[{index}] needs id, terms and status (excluded, conditional or allowed)")
        entries.append(CatalogueEntry(
            str(item["id"]), str(item.get("label", item["id"])), str(item["status"]),
            tuple(str(term) for term in item["terms"]), tuple(str(word) for word in item.get("unless", [])),
            str(item.get("basis", "")),
        ))
    return Catalogue(
        version=str(raw.get("version", "")), origin=str(file),
        instruments=tuple(str(name) for name in raw["instruments"]),
        modalities=tuple(str(name) for name in raw["modalities"]),
        entries=tuple(entries),
    )


def scope_creep(flows: pd.DataFrame, articles: dict[tuple[str, str], str], catalogue: Catalogue) -> pd.DataFrame:
    """Return one row per (flow into a guarded credit instrument, catalogue entry it breaches), with its article.

    ``articles`` maps (doc_id, unit label) to the unit's text. The clause is searched first
    (``where`` = clause), then the rest of the article (``where`` = article). Conditional entries
    are not flagged when one of their ``unless`` words stands in the clause.
    """
    guarded = flows[flows["target"].isin(catalogue.instruments) & flows["modality"].isin(catalogue.modalities)]
    rows: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for flow in guarded.to_dict("records"):
        quote, doc_id, unit = str(flow["quote"]), str(flow["doc_id"]), str(flow["unit"])
        article = articles.get((doc_id, unit), "")
        for entry in catalogue.entries:
            if entry.status == "allowed":
                continue
            found = _first_term(entry.terms, quote, article)
            if found is None:
                continue
            term, where = found
            if entry.status == "conditional" and any(word in quote for word in entry.unless):
                continue
            key = (doc_id, unit, entry.id, str(flow["target"]))
            rows.setdefault(key, {
                "doc_id": doc_id, "title": flow["title"], "place": flow["place"], "level": flow["level"], "date": flow["date"],
                "unit": unit, "entry": entry.id, "label": entry.label, "status": entry.status, "term": term,
                "where": where, "target": flow["target"], "modality": flow["modality"], "quote": quote,
            })
    return pd.DataFrame([rows[key] for key in sorted(rows)], columns=SCOPE_COLUMNS)


def _first_term(terms: Iterable[str], clause: str, article: str) -> tuple[str, str] | None:
    for text, where in ((clause, "clause"), (article, "article")):
        hits = sorted((text.find(term), term) for term in terms if term in text)
        if hits:
            return hits[0][1], where
    return None


# -- reprimand ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cue:
    """A cue of restriction: id, label, compiled pattern, and whether its wording corrects others or limits oneself."""

    id: str
    label: str
    pattern: re.Pattern[str]
    kind: str = "self_restraint"  # corrective or self_restraint (reprimand.yaml ``kind``)


@dataclass(frozen=True)
class ReprimandRules:
    """The pack's reprimand.yaml: cues, the credit objects they must meet, higher levels, and lower-level addressees.

    A passage is a *reprimand* when a corrective cue meets an object in a document of a higher level and
    the passage addresses lower-level practice (one of ``addressed``: 各地, 地方 …). Every other passage
    of restriction is *self-restraint*: a law limiting its own use of credit records.
    """

    cues: tuple[Cue, ...]
    objects: tuple[str, ...]
    higher: tuple[str, ...]
    addressed: tuple[str, ...]
    needed: dict[str, str]  # language -> which documents a study would need to find reprimands, where none are found

    def needed_in(self, lang: str) -> str:
        """Return the text naming the documents a study would need, in ``lang`` (else English, else '')."""
        return self.needed.get(lang) or self.needed.get("en", "")


def load_reprimand_rules(pack: Pack) -> ReprimandRules:
    """Return the pack's reprimand rules; raise InputError naming the file when it is malformed."""
    name = pack.named("reprimand", "reprimand.yaml")
    raw = pack.yaml(name)
    where = pack.path / name
    if not isinstance(raw, dict) or not isinstance(raw.get("cues"), list) or not raw.get("objects") or "levels" not in raw:
        raise InputError(f"{where}: expected cues (id, label, pattern, kind), objects, levels and addressed")
    cues = []
    for index, item in enumerate(raw["cues"]):
        try:
            kind = str(item.get("kind", "self_restraint"))
            if kind not in CUE_KINDS:
                raise ValueError(f"kind must be one of {', '.join(CUE_KINDS)}, got {kind!r}")
            cues.append(Cue(str(item["id"]), str(item.get("label", item["id"])), re.compile(str(item["pattern"])), kind))
        except (KeyError, TypeError, ValueError, re.error) as error:
            raise InputError(f"{where}: cues[{index}] needs id, a valid pattern and a kind ({error})") from error
    needed = raw.get("needed") or {}
    return ReprimandRules(tuple(cues), tuple(str(word) for word in raw["objects"]), tuple(str(level) for level in raw["levels"]),
                          tuple(str(word) for word in raw.get("addressed") or ()),
                          {str(lang): str(text) for lang, text in needed.items()} if isinstance(needed, dict) else {})


def reprimands(texts: Iterable[tuple[dict[str, Any], str, Sequence[Unit]]], rules: ReprimandRules) -> pd.DataFrame:
    """Return passages (sentences) where a cue meets an object, with document, level, date, article and kind.

    ``texts`` yields (document metadata, normalised text, its units). ``kind`` is ``reprimand`` or
    ``self_restraint`` (see `ReprimandRules`).
    """
    rows = []
    for meta, text, units in texts:
        higher = meta["level"] in rules.higher
        for match in SENTENCE.finditer(text):
            sentence = match.group()
            found_object = next((word for word in rules.objects if word in sentence), None)
            if found_object is None:
                continue
            for cue in rules.cues:
                if cue.pattern.search(sentence):
                    addressed = any(word in sentence for word in rules.addressed)
                    kind = "reprimand" if cue.kind == "corrective" and higher and addressed else "self_restraint"
                    quote = sentence.strip()
                    start = match.start() + len(sentence) - len(sentence.lstrip())
                    rows.append({
                        "doc_id": meta["id"], "title": meta["title"], "system": meta["system"], "place": meta["place"],
                        "level": meta["level"], "date": meta["date"], "higher": higher,
                        "unit": _unit_at(units, match.start()), "kind": kind, "cue": cue.id, "label": cue.label,
                        "object": found_object, "quote": quote, "start": start, "end": start + len(quote),
                    })
                    break  # one row per passage: the first cue that fires
    frame = pd.DataFrame(rows, columns=REPRIMAND_COLUMNS)
    return frame.sort_values(["date", "doc_id", "unit"], na_position="last", kind="stable").reset_index(drop=True)


def _unit_at(units: Sequence[Unit], position: int) -> str:
    return next((unit.label for unit in units if unit.start <= position < unit.end), "")
