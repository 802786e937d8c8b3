"""Editing the project's own codes (the workbench's codebook editor): rename, relabel, move and merge.

Codes a person made (origin ``user`` or ``import:…``) can be edited. A pack's codes cannot: the
automatic coder writes them again from the pack at every run (edit the pack instead, see
docs/your-corpus.md), though a person's code can be merged into one. Every edit is one
transaction and is recorded in the code's ``meta.history`` (what, who, when): the provenance.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from tixi.coding.manual import NewCode, create_code
from tixi.errors import InputError, NotFound
from tixi.store.db import now, transaction


def _code(db: sqlite3.Connection, code_id: str) -> sqlite3.Row:
    row = db.execute("SELECT * FROM codes WHERE id = ?", (code_id,)).fetchone()
    if row is None:
        raise NotFound(f"no code {code_id!r}; the codebook page lists them")
    return row  # type: ignore[no-any-return]


def _editable(db: sqlite3.Connection, code_id: str) -> sqlite3.Row:
    row = _code(db, code_id)
    if str(row["origin"]).startswith("pack:"):
        raise InputError(f"{code_id} comes from the pack ({row['origin']}) and is written again at every `tixi code`: "
                         "edit the pack's codebook instead (docs/your-corpus.md), or merge your own codes into it")
    return row


def _ancestors(db: sqlite3.Connection, code_id: str | None) -> list[str]:
    found: list[str] = []
    while code_id is not None and code_id not in found:
        found.append(code_id)
        row = db.execute("SELECT parent_id FROM codes WHERE id = ?", (code_id,)).fetchone()
        code_id = None if row is None else row[0]
    return found


def _with_history(meta_json: str | None, entry: dict[str, Any]) -> str:
    meta = json.loads(meta_json or "{}")
    meta.setdefault("history", []).append(entry)
    return json.dumps(meta, ensure_ascii=False, sort_keys=True)


def edit_code(db: sqlite3.Connection, code_id: str, *, by: str, new_id: str | None = None, label_zh: str | None = None,
              label_en: str | None = None, definition: str | None = None, parent: str | None = None) -> str:
    """Change a person's code: its id, labels, definition or parent ('' puts it at the top); return its id after.

    None leaves a field as it is. A new id moves the codings, memos and child codes along.
    """
    row = _editable(db, code_id)
    target = (new_id or code_id).strip()
    if not target:
        raise InputError("a code needs an id")
    if target != code_id and db.execute("SELECT 1 FROM codes WHERE id = ?", (target,)).fetchone():
        raise InputError(f"code {target!r} exists already; merge into it instead")
    parent_id = row["parent_id"]
    if parent is not None:
        parent_id = parent.strip() or None
        if parent_id is not None:
            _code(db, parent_id)
            if code_id in _ancestors(db, parent_id):
                raise InputError(f"{parent_id} lies below {code_id}: a code cannot move under itself")
    changes = {name: value for name, value in (("id", new_id), ("label_zh", label_zh), ("label_en", label_en),
                                               ("definition", definition), ("parent", parent)) if value is not None}
    meta = _with_history(row["meta"], {"edit": changes, "by": by, "at": now()})
    labels = [row[name] if value is None else value.strip() or None
              for name, value in (("label_zh", label_zh), ("label_en", label_en), ("definition", definition))]
    with transaction(db):
        if target == code_id:
            db.execute("UPDATE codes SET parent_id = ?, label_zh = ?, label_en = ?, definition = ?, meta = ? WHERE id = ?",
                       (parent_id, *labels, meta, code_id))
        else:  # a new id: the code is made again under it, and everything that pointed at the old id moves
            create_code(db, NewCode(target, parent_id, labels[0], labels[1], labels[2], row["category"], row["color"], json.loads(meta)),
                        origin=row["origin"])
            _move_references(db, code_id, target)
            db.execute("DELETE FROM codes WHERE id = ?", (code_id,))
    return target


def _move_references(db: sqlite3.Connection, source: str, target: str) -> None:
    """Point the codings, review decisions, memos and child codes of ``source`` at ``target`` (in the caller's transaction)."""
    db.execute("UPDATE OR IGNORE codings SET code_id = ? WHERE code_id = ?", (target, source))
    db.execute("DELETE FROM codings WHERE code_id = ?", (source,))  # a span the same coder had coded with both codes
    # A reviewer's decision on a coding (an imported auto: coding of this code) follows it; where the reviewer
    # had judged the same span under both codes, the decision on the target stands.
    db.execute("UPDATE OR IGNORE review_decisions SET code_id = ? WHERE task = 'codes' AND code_id = ?", (target, source))
    db.execute("DELETE FROM review_decisions WHERE task = 'codes' AND code_id = ?", (source,))
    db.execute("UPDATE codes SET parent_id = ? WHERE parent_id = ?", (target, source))
    db.execute("UPDATE memos SET target_id = ? WHERE target_type = 'code' AND target_id = ?", (target, source))


def merge_codes(db: sqlite3.Connection, source: str, target: str, *, by: str) -> dict[str, int]:
    """Merge a person's code into another: its codings, memos and child codes move to ``target``; return counts."""
    row = _editable(db, source)
    into = _code(db, target)
    if source == target:
        raise InputError("merge a code into another one, not into itself")
    if source in _ancestors(db, target):
        raise InputError(f"{target} lies below {source}: move it out first, or merge the other way")
    codings = int(db.execute("SELECT COUNT(*) FROM codings WHERE code_id = ?", (source,)).fetchone()[0])
    children = int(db.execute("SELECT COUNT(*) FROM codes WHERE parent_id = ?", (source,)).fetchone()[0])
    with transaction(db):
        _move_references(db, source, target)
        db.execute("UPDATE codes SET meta = ? WHERE id = ?",
                   (_with_history(into["meta"], {"merged": source, "labels": [row["label_zh"], row["label_en"]], "by": by, "at": now()}),
                    target))
        db.execute("DELETE FROM codes WHERE id = ?", (source,))
    kept = int(db.execute("SELECT COUNT(*) FROM codings WHERE code_id = ?", (target,)).fetchone()[0])
    return {"codings_moved": codings, "child_codes_moved": children, "codings_of_target": kept}
