"""Automatic coding: codebook terms found in each document, with polarity, stored as codings.

``code_text`` is pure (text in, codings out). ``auto_code`` runs it over a project and stores
the result incrementally: a document is recoded only when its normalised text or the coding
fingerprint (pack version, codebook files, polarity rules) changed since its last run, and
then only the codings that differ are deleted or inserted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from tixi.coding.codebook import Codebook, load_codebook
from tixi.coding.learned import CodingModel, hit_features, load_coding_model, title_grams
from tixi.coding.lexicon import Lexicon, lexicon_for
from tixi.coding.polarity import PolarityRules, load_rules, rules_file
from tixi.packs import Pack
from tixi.store.db import now, transaction

if TYPE_CHECKING:
    from tixi.store.context import StageContext

CODER_PREFIX = "auto:lexicon@"
# The category whose polarity the coding model decides (promoted, or a neutral "regulated" mention).
PROJECT_MODEL = Path("models") / "coding_model.json"
# Bump when the matching or polarity algorithm changes, so every document is recoded.
ALGORITHM = "2"  # 2: proximity patterns, codes restricted to document kinds, family polarity


@dataclass(frozen=True, order=True)
class AutoCoding:
    """One automatic coding of a text: offsets, code, matched term, polarity (or None) and confidence.

    ``confidence`` is the coding model's probability that the mention codes its code (None when
    no model is used: the term alone decided).
    """

    start: int
    end: int
    code_id: str
    term: str
    polarity: str | None
    confidence: float | None = None


@dataclass
class CodeReport:
    """What ``auto_code`` did: documents coded and skipped, codings added, removed and kept."""

    coder: str
    coded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    added: int = 0
    removed: int = 0
    kept: int = 0


def coder_name(pack: Pack, model: CodingModel | None = None) -> str:
    """Return the coder string recorded with automatic codings: ``auto:lexicon@<pack version>[+<model label>]``."""
    return f"{CODER_PREFIX}{pack.version}" + (f"+{model.label}" if model is not None else "")


def model_path(pack: Pack, root: Path | None = None) -> Path | None:
    """Return the coding model in use: the project's own (``models/coding_model.json``, from ``tixi train
    codes``), else the pack's (``files: coding_model``), else None (terms alone decide)."""
    if root is not None and (root / PROJECT_MODEL).exists():
        return root / PROJECT_MODEL
    name = pack.named("coding_model", "")
    return pack.path / name if name and pack.has(name) else None


def coding_model(pack: Pack, root: Path | None = None) -> CodingModel | None:
    """Return the coding model in use (see ``model_path``), read once per file content."""
    path = model_path(pack, root)
    if path is None:
        return None
    stat = path.stat()
    return _cached_model(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _cached_model(path: str, stamp: int, size: int) -> CodingModel:
    return load_coding_model(path)


def code_text(text: str, lexicon: Lexicon, rules: PolarityRules | None, kind: str | None = None,
              model: CodingModel | None = None, title: str = "", *, keep_all: bool = False) -> list[AutoCoding]:
    """Return the automatic codings of a normalised text of document kind ``kind``, in text order.

    A code whose codebook file names the document kinds it ``applies_to`` (interview talk codes
    apply to interviews only) codes nothing in documents of other kinds. With a coding model, each
    mention is kept only when the model's probability reaches its threshold, and the polarity of a
    promoted behaviour (promoted or a neutral mention) is the model's. ``keep_all`` keeps the mentions
    below the threshold too (with their probability): what a validation sample of uncoded units needs.
    """
    lexicon = lexicon.for_kind(kind)
    categories = {code.id: code.category for code in lexicon.codebook.codes}
    hits = lexicon.find(text)
    cues = [rules.for_category(categories[hit.code_id], text, hit.start, hit.end) if rules is not None else None for hit in hits]
    if model is None or not hits:
        return [AutoCoding(hit.start, hit.end, hit.code_id, hit.term, cue) for hit, cue in zip(hits, cues, strict=True)]
    grams = title_grams(title)
    features = [hit_features(text, hit, cue, grams) for hit, cue in zip(hits, cues, strict=True)]
    present = model.presence.probabilities(features)[:, model.presence.classes.index("yes")]
    promoted: dict[int, float] = {}
    if model.polarity is not None and rules is not None:
        chosen = [index for index, hit in enumerate(hits) if categories[hit.code_id] in rules.varying]
        if chosen:
            table = model.polarity.probabilities([features[index] for index in chosen])
            column = model.polarity.classes.index("promoted")
            promoted = {index: float(table[row, column]) for row, index in enumerate(chosen)}
    codings = []
    for index, (hit, cue) in enumerate(zip(hits, cues, strict=True)):
        if present[index] < model.presence.threshold and not keep_all:
            continue
        polarity = cue
        if index in promoted and model.polarity is not None:
            polarity = "promoted" if promoted[index] >= model.polarity.threshold else None
        codings.append(AutoCoding(hit.start, hit.end, hit.code_id, hit.term, polarity, round(float(present[index]), 4)))
    return codings


def fingerprint(pack: Pack, codebook: Codebook, model: Path | None = None) -> str:
    """Return a hash that changes when anything deciding the codings changes (the coding model file included)."""
    digest = hashlib.sha256(f"{pack.label}\n{ALGORITHM}\n{codebook.fingerprint}\n".encode())
    for path in (rules_file(pack), model):
        if path is not None:
            digest.update(path.read_bytes())
    return digest.hexdigest()


def text_hash(text: str) -> str:
    """Return the sha256 of a text, the key of incremental recoding."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_codes(project: StageContext, codebook: Codebook) -> None:
    """Write the codebook's codes into the ``codes`` table (inside the caller's transaction)."""
    origin = f"pack:{project.pack.label}"
    for code in codebook.codes:
        meta = json.dumps({"terms": list(code.terms), "exclude": list(code.exclude), "file": code.file, "line": code.line},
                          ensure_ascii=False)
        project.db.execute(
            "INSERT INTO codes (id, parent_id, label_zh, label_en, category, definition, origin, meta) VALUES (?,?,?,?,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET parent_id=excluded.parent_id, label_zh=excluded.label_zh, label_en=excluded.label_en, "
            "category=excluded.category, definition=excluded.definition, origin=excluded.origin, meta=excluded.meta",
            (code.id, code.parent, code.label_zh, code.label_en, code.category, code.definition, origin, meta),
        )


def prune_codes(project: StageContext, codebook: Codebook) -> None:
    """Delete pack codes that the codebook no longer has and no coding uses."""
    known = set(codebook.ids())
    for row in project.db.execute("SELECT id FROM codes WHERE origin LIKE 'pack:%' AND id NOT IN (SELECT code_id FROM codings)").fetchall():
        if row[0] not in known:
            project.db.execute("DELETE FROM codes WHERE id = ?", (row[0],))


def _stored(project: StageContext, doc_id: str) -> dict[tuple[int, int, str, str | None, str | None, str], int]:
    rows = project.db.execute(
        "SELECT id, start, end, code_id, term, polarity, coder FROM codings WHERE doc_id = ? AND coder LIKE ?",
        (doc_id, CODER_PREFIX + "%"),
    )
    return {(row["start"], row["end"], row["code_id"], row["term"], row["polarity"], row["coder"]): row["id"] for row in rows}


def documents_to_code(project: StageContext) -> list[str]:
    """Return the ids of the documents `auto_code` would code now (new, changed, or coded with another codebook or model)."""
    pack = project.pack
    codebook = load_codebook(pack)
    coder = coder_name(pack, coding_model(pack, project.root))
    key = fingerprint(pack, codebook, model_path(pack, project.root))
    return [doc_id for doc_id, text in project.iter_texts() if not _up_to_date(project, doc_id, coder, key, text_hash(text))]


def _up_to_date(project: StageContext, doc_id: str, coder: str, key: str, digest: str) -> bool:
    row = project.db.execute("SELECT fingerprint, text_hash FROM coding_runs WHERE doc_id = ? AND coder = ?", (doc_id, coder)).fetchone()
    return row is not None and row["fingerprint"] == key and row["text_hash"] == digest


def _store_document(project: StageContext, doc_id: str, codings: list[AutoCoding], coder: str, stamp: str, report: CodeReport) -> None:
    stored = _stored(project, doc_id)
    confidence = {(c.start, c.end, c.code_id, c.term, c.polarity, coder): c.confidence for c in codings}
    wanted = set(confidence)
    for key, row_id in stored.items():
        if key not in wanted:
            project.db.execute("DELETE FROM codings WHERE id = ?", (row_id,))
            report.removed += 1
    for key in sorted(wanted, key=lambda item: (item[0], item[1], item[2])):
        if key in stored:
            project.db.execute("UPDATE codings SET confidence = ? WHERE id = ?", (confidence[key], stored[key]))
            report.kept += 1
            continue
        start, end, code_id, term, polarity, _ = key
        project.db.execute(
            "INSERT INTO codings (doc_id, start, end, code_id, coder, term, polarity, created_at, confidence) VALUES (?,?,?,?,?,?,?,?,?)",
            (doc_id, start, end, code_id, coder, term, polarity, stamp, confidence[key]),
        )
        report.added += 1


def auto_code(project: StageContext, doc_ids: Iterable[str] | None = None, *, force: bool = False,
              coded: Mapping[str, list[AutoCoding]] | None = None) -> CodeReport:
    """Code the project's documents (or those given) with the pack's codebooks; return what was done.

    ``coded`` holds codings made elsewhere (Dask workers, ``tixi.cluster``) by document id, with
    this pack and model: those are stored as they are instead of coding the text again.
    """
    pack = project.pack
    codebook = load_codebook(pack)
    lexicon = lexicon_for(pack)
    rules = load_rules(pack)
    model = coding_model(pack, project.root)
    coder = coder_name(pack, model)
    key = fingerprint(pack, codebook, model_path(pack, project.root))
    versions = json.dumps(dict(codebook.versions), ensure_ascii=False, sort_keys=True)
    report = CodeReport(coder=coder)
    stamp = now()
    with transaction(project.db):
        store_codes(project, codebook)
        kinds = {row[0]: (row[1], row[2] or "") for row in project.db.execute("SELECT id, kind, title FROM documents")}
        for doc_id, text in project.iter_texts(doc_ids):
            digest = text_hash(text)
            if not force and _up_to_date(project, doc_id, coder, key, digest):
                report.skipped.append(doc_id)
                continue
            kind, title = kinds.get(doc_id, (None, ""))
            codings = coded[doc_id] if coded is not None and doc_id in coded else code_text(text, lexicon, rules, kind, model, title)
            _store_document(project, doc_id, codings, coder, stamp, report)
            project.db.execute("DELETE FROM coding_runs WHERE doc_id = ? AND coder LIKE ?", (doc_id, CODER_PREFIX + "%"))
            project.db.execute(
                "INSERT INTO coding_runs (doc_id, coder, pack, codebooks, fingerprint, text_hash, hits, coded_at) VALUES (?,?,?,?,?,?,?,?)",
                (doc_id, coder, pack.label, versions, key, digest, len(codings), stamp),
            )
            report.coded.append(doc_id)
        prune_codes(project, codebook)
    return report
