"""REFI-QDA export: a tixi project as ``.qdpx`` (``project.qde`` plus plain-text sources).

``project.qde`` is valid against Project-mrt2019.xsd (shipped beside this file); each document
is written under ``sources/`` as its normalised text in UTF-8, so REFI-QDA positions (Unicode
code points from 0, end exclusive) are tixi's offsets. Users, codebook, variables and cases
(case attributes), sources with their selections and codings, and memos (as notes) are
written. GUIDs are derived from tixi ids, so exporting twice gives the same file.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from tixi.coding.manual import coder_filter
from tixi.exchange.qdc import PROJECT_NS, CodeEntry, append_codes, guid, stored_codes
from tixi.interviews.cases import case_ids
from tixi.interviews.cases import links as case_links
from tixi.text.normalize import OffsetMap

XSD_FILE = Path(__file__).with_name("Project-mrt2019.xsd")
SOURCES_FOLDER = "sources"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CODING_MEMO_NOTE = "coding memo"
DOCUMENT_KEYS = ("title", "system", "kind", "level", "place", "date", "issuer", "language")
META_KEYS = ("case", "synthetic", "note", "source_url", "url")
_INTEGER = re.compile(r"^-?\d+$")
_FLOAT = re.compile(r"^-?\d+\.\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _q(name: str) -> str:
    return f"{{{PROJECT_NS}}}{name}"


# Characters XML 1.0 cannot hold (lxml refuses them): C0 controls but tab and line breaks, lone surrogates, U+FFFE/F.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Return text without the characters XML cannot hold (a stray control character in a title or memo)."""
    return _NOT_XML.sub("", text)


def _sub(parent: Any, name: str, attributes: dict[str, str] | None = None, text: str | None = None) -> Any:
    element = etree.SubElement(parent, _q(name), {key: xml_safe(value) for key, value in (attributes or {}).items()})
    if text is not None:
        element.text = xml_safe(text)
    return element


MAX_SOURCE_NAME = 100
# Peers use a source's name as a file name (and fail on "/"): separators and characters Windows
# refuses in file names become their full-width forms, which read the same; controls go.
_NAME_FORMS = str.maketrans({"/": "／", "\\": "＼", ":": "：", "*": "＊", "?": "？", '"': "＂", "<": "＜", ">": "＞", "|": "｜"})
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def peer_name(name: str, taken: set[str]) -> str:
    """Return a source name safe for other REFI-QDA programs: no path separators, at most MAX_SOURCE_NAME characters, unique."""
    safe = _CONTROLS.sub(" ", name).translate(_NAME_FORMS).strip().strip(".") or "source"
    if len(safe) > MAX_SOURCE_NAME:
        safe = safe[: MAX_SOURCE_NAME - 1].rstrip() + "…"
    candidate, number = safe, 2
    while candidate in taken:
        suffix = f" ({number})"
        candidate, number = safe[: MAX_SOURCE_NAME - len(suffix)] + suffix, number + 1
    taken.add(candidate)
    return candidate


def _datetime(value: str | None) -> str | None:
    """Return an ISO timestamp as xsd:dateTime (``Z`` for UTC), or None."""
    if not value:
        return None
    return value.replace("+00:00", "Z") if "T" in value else None


# ============================================================================ export


@dataclass
class _ExportData:
    documents: list[sqlite3.Row]
    codings: list[sqlite3.Row]
    memos: list[sqlite3.Row]
    codes: list[CodeEntry]
    cases: list[str]
    attributes: dict[str, dict[str, str]]
    links: dict[str, list[str]]


def _gather(db: sqlite3.Connection, coders: list[str] | None) -> _ExportData:
    documents = db.execute(
        "SELECT d.*, t.normalized, t.original, t.offset_map FROM documents d JOIN texts t ON t.doc_id = d.id ORDER BY d.id").fetchall()
    where, params = coder_filter(coders)
    codings = db.execute("SELECT * FROM codings" + where + " ORDER BY doc_id, start, end, coder, code_id, id", params).fetchall()
    memos = db.execute("SELECT * FROM memos ORDER BY id").fetchall()
    cases = case_ids(db)
    attributes: dict[str, dict[str, str]] = {case: {} for case in cases}
    for row in db.execute("SELECT case_id, name, value FROM case_attributes ORDER BY case_id, name"):
        if row["value"] is not None:
            attributes[row["case_id"]][row["name"]] = row["value"]
    links: dict[str, list[str]] = {case: [] for case in cases}
    for case_id, doc_id in case_links(db).itertuples(index=False):
        links[case_id].append(doc_id)
    return _ExportData(documents, codings, memos, stored_codes(db), cases, attributes, links)


def variable_type(values: list[str]) -> str:
    """Return the REFI-QDA type of a variable from its values (Integer, Float, Boolean, Date, else Text)."""
    present = [value for value in values if value != ""]
    if present and all(_INTEGER.match(value) for value in present):
        return "Integer"
    if present and all(_FLOAT.match(value) or _INTEGER.match(value) for value in present):
        return "Float"
    if present and all(value.lower() in ("true", "false") for value in present):
        return "Boolean"
    if present and all(_DATE.match(value) for value in present):
        return "Date"
    return "Text"


_VALUE_ELEMENT = {"Integer": "IntegerValue", "Float": "FloatValue", "Boolean": "BooleanValue", "Date": "DateValue", "Text": "TextValue"}


def _document_description(row: sqlite3.Row) -> str:
    meta = json.loads(row["meta"] or "{}")
    fields = {key: row[key] for key in DOCUMENT_KEYS if row[key]}
    fields.update({key: meta[key] for key in META_KEYS if meta.get(key) not in (None, "")})
    fields["tixi_id"] = row["id"]
    return "tixi: " + json.dumps(fields, ensure_ascii=False, sort_keys=True)


def _users(data: _ExportData) -> list[str]:
    names = {row["coder"] for row in data.codings} | {row["author"] for row in data.memos if row["author"]}
    return sorted(names)


def build_project_xml(db: sqlite3.Connection, name: str, origin: str, coders: list[str] | None = None) -> tuple[bytes, dict[str, str], dict[str, int]]:
    """Return project.qde bytes, the source files to add ({entry name: text}) and counts of what was written."""
    data = _gather(db, coders)
    root = etree.Element(_q("Project"), {"name": name, "origin": origin}, nsmap={None: PROJECT_NS})
    users = _users(data)
    if users:
        element = _sub(root, "Users")
        for user in users:
            _sub(element, "User", {"guid": guid("user", user), "name": user})
    notes: list[tuple[str, str, sqlite3.Row | None, str]] = []  # guid, name, memo row, text
    code_notes: dict[str, list[str]] = {}
    for memo in data.memos:
        if memo["target_type"] == "code":
            code_notes.setdefault(memo["target_id"], []).append(guid("memo", str(memo["id"])))
    if data.codes:
        append_codes(_sub(_sub(root, "CodeBook"), "Codes"), data.codes, PROJECT_NS, code_notes)
    _write_cases(root, data)
    source_files = _write_sources(root, data)
    for memo in data.memos:
        if memo["target_type"] != "case":
            label = f"memo on {memo['target_type']} {memo['target_id'] or ''}".strip()
            notes.append((guid("memo", str(memo["id"])), label, memo, memo["text"]))
    for coding in data.codings:
        if coding["memo"]:
            notes.append((guid("coding-memo", str(coding["id"])), CODING_MEMO_NOTE, None, coding["memo"]))
    if notes:
        element = _sub(root, "Notes")
        for note_guid, note_name, source_memo, text in notes:
            attributes = {"guid": note_guid, "name": note_name}
            if source_memo is not None and source_memo["author"]:
                attributes["creatingUser"] = guid("user", source_memo["author"])
            created = _datetime(source_memo["created_at"]) if source_memo is not None else None
            if created:
                attributes["creationDateTime"] = created
            note = _sub(element, "Note", attributes)
            _sub(note, "PlainTextContent", text=text)
    for memo in data.memos:
        if memo["target_type"] == "project":
            _sub(root, "NoteRef", {"targetGUID": guid("memo", str(memo["id"]))})
    xml = bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
    counts = {"users": len(users), "codes": len(data.codes), "cases": len(data.cases), "sources": len(data.documents),
              "codings": len(data.codings), "notes": len(notes)}
    return xml, source_files, counts


def _write_cases(root: Any, data: _ExportData) -> None:
    names = sorted({name for values in data.attributes.values() for name in values})
    types = {name: variable_type([data.attributes[case].get(name, "") for case in data.cases]) for name in names}
    if names:
        element = _sub(root, "Variables")
        for name in names:
            _sub(element, "Variable", {"guid": guid("variable", name), "name": name, "typeOfVariable": types[name]})
    if not data.cases:
        return
    case_memos: dict[str, list[str]] = {}
    for memo in data.memos:
        if memo["target_type"] == "case":
            case_memos.setdefault(memo["target_id"], []).append(memo["text"])
    element = _sub(root, "Cases")
    for case in data.cases:
        node = _sub(element, "Case", {"guid": guid("case", case), "name": case})
        if case in case_memos:
            _sub(node, "Description", text="\n\n".join(case_memos[case]))
        for name, value in sorted(data.attributes[case].items()):
            holder = _sub(node, "VariableValue")
            _sub(holder, "VariableRef", {"targetGUID": guid("variable", name)})
            _sub(holder, _VALUE_ELEMENT[types[name]], text=value.lower() if types[name] == "Boolean" else value)
        for doc_id in data.links[case]:
            _sub(node, "SourceRef", {"targetGUID": guid("document", doc_id)})


def _write_sources(root: Any, data: _ExportData) -> dict[str, str]:
    """Append <Sources>; return the plain-text files to store ({entry name: text})."""
    if not data.documents:
        return {}
    by_doc: dict[str, dict[tuple[int, int, str], list[sqlite3.Row]]] = {}
    for row in data.codings:
        by_doc.setdefault(row["doc_id"], {}).setdefault((row["start"], row["end"], row["coder"]), []).append(row)
    coding_notes: dict[int, list[str]] = {}
    document_notes: dict[str, list[str]] = {}
    for memo in data.memos:
        if memo["target_type"] == "coding":
            coding_notes.setdefault(int(memo["target_id"]), []).append(guid("memo", str(memo["id"])))
        elif memo["target_type"] == "document":
            document_notes.setdefault(memo["target_id"], []).append(guid("memo", str(memo["id"])))
    files: dict[str, str] = {}
    names: set[str] = set()
    element = _sub(root, "Sources")
    for document in data.documents:
        source_guid = guid("document", document["id"])
        file_name = f"{source_guid}.txt"
        # The source is the original text, as read: importing it back gives the same document id, and
        # selections are its characters (the codings' normalised offsets mapped back).
        original, offsets = document["original"], OffsetMap.from_json(json.loads(document["offset_map"]))
        files[f"{SOURCES_FOLDER}/{file_name}"] = original
        source = _sub(element, "TextSource", {
            "guid": source_guid, "name": peer_name(document["title"] or document["id"], names), "plainTextPath": f"internal://{file_name}"})
        _sub(source, "Description", text=_document_description(document))
        for (start, end, coder), rows in sorted(by_doc.get(document["id"], {}).items()):
            first, last = offsets.to_original(start, end)
            attributes = {"guid": guid("selection", f"{document['id']}:{start}:{end}:{coder}"), "name": original[first:last][:60],
                          "startPosition": str(first), "endPosition": str(last), "creatingUser": guid("user", coder)}
            created = _datetime(min(row["created_at"] for row in rows))
            if created:
                attributes["creationDateTime"] = created
            selection = _sub(source, "PlainTextSelection", attributes)
            for row in rows:
                coding_attributes = {"guid": guid("coding", str(row["id"])), "creatingUser": guid("user", coder)}
                if _datetime(row["created_at"]):
                    coding_attributes["creationDateTime"] = str(_datetime(row["created_at"]))
                coding = _sub(selection, "Coding", coding_attributes)
                _sub(coding, "CodeRef", {"targetGUID": guid("code", row["code_id"])})
                if row["memo"]:
                    _sub(coding, "NoteRef", {"targetGUID": guid("coding-memo", str(row["id"]))})
                for note in coding_notes.get(int(row["id"]), []):
                    _sub(coding, "NoteRef", {"targetGUID": note})
        for note in document_notes.get(document["id"], []):
            _sub(source, "NoteRef", {"targetGUID": note})
    return files


def export_qdpx(db: sqlite3.Connection, path: Path, name: str, origin: str, coders: list[str] | None = None) -> dict[str, int]:
    """Write the project as a .qdpx archive at path; return counts of what was written."""
    xml, files, counts = build_project_xml(db, name, origin, coders)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("project.qde", date_time=ZIP_DATE), xml, compress_type=zipfile.ZIP_DEFLATED)
        for entry, text in sorted(files.items()):
            archive.writestr(zipfile.ZipInfo(entry, date_time=ZIP_DATE), text.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
    partial.replace(path)
    return counts
