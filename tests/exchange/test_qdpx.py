"""REFI-QDA export (valid against the XSD), round trip, the real NVivo sample, and vendor deviations."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tixi.demo import bundled_corpus
from tixi.exchange.qdpx import schema
from tixi.interviews.demo import add_demo_interviews
from tixi.project import Project


@pytest.fixture(scope="module")
def coded_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = Project.init(tmp_path_factory.mktemp("qdpx") / "project")
    add_demo_interviews(project)
    doc = project.codings(coder="李敏").iloc[0]
    project.add_memo("project", None, "项目备忘", "李敏")
    project.add_memo("code", "talk.conflation", "混淆的定义要再讨论", "陈洁")
    project.add_memo("document", str(doc["doc_id"]), "文档备忘", "李敏")
    project.add_memo("case", "HZ-01", "退休教师", "李敏")
    project.add_memo("coding", str(doc["id"]), "编码备忘", "陈洁")
    return project


def codings_of(project: Project) -> list[tuple[str, int, int, str, str, str | None]]:
    frame = project.codings()
    return sorted((r.title, r.start, r.end, r.code_id, r.coder, r.memo) for r in frame.itertuples())


def test_export_validates_against_the_schema(coded_project: Project, tmp_path: Path) -> None:
    target = tmp_path / "project.qdpx"
    counts = coded_project.export_qdpx(target)
    with_memo = int(coded_project.codings()["memo"].notna().sum())
    # Notes: the memos on the project, a code, a document and a coding, and each coding's own memo
    # (the memo on a case is the case's Description).
    assert counts == {"users": 2, "codes": 65, "cases": 9, "sources": 9, "codings": 105, "notes": 4 + with_memo}
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        xml = etree.fromstring(archive.read("project.qde"))
        texts = {name: archive.read(name).decode("utf-8") for name in names if name.startswith("sources/")}
    assert len(texts) == 9 and all(not text.startswith("\ufeff") for text in texts.values())
    validator = schema()
    assert validator.validate(xml), validator.error_log
    # Positions are code points of the plain text written beside the XML.
    namespace = {"q": "urn:QDA-XML:project:1.0"}
    for source in xml.iterfind(".//q:TextSource", namespace):
        text = texts["sources/" + source.get("plainTextPath").removeprefix("internal://")]
        for selection in source.iterfind("q:PlainTextSelection", namespace):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert text[start:end].startswith(selection.get("name"))


def test_export_is_deterministic(coded_project: Project, tmp_path: Path) -> None:
    coded_project.export_qdpx(tmp_path / "a.qdpx")
    coded_project.export_qdpx(tmp_path / "b.qdpx")
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b.qdpx").read_bytes()


def test_round_trip_gives_the_same_codes_codings_and_cases(coded_project: Project, tmp_path: Path) -> None:
    target = tmp_path / "project.qdpx"
    coded_project.export_qdpx(target)
    fresh = Project.init(tmp_path / "fresh")
    counts = fresh.import_qdpx(target)
    assert (counts["codes_added"], counts["codings_added"], counts["cases_added"], counts["warnings"]) == (65, 105, 9, [])
    assert fresh.codes().drop(columns=["origin"]).equals(coded_project.codes().drop(columns=["origin"]))
    assert codings_of(fresh) == codings_of(coded_project)
    assert fresh.cases().equals(coded_project.cases())
    memos = sorted(fresh.memos()["text"])
    assert memos == sorted(coded_project.memos()["text"])
    assert counts["memos"] == len(memos) == 5  # the memos on the case and the coding are counted too
    assert set(fresh.documents()["kind"]) == {"interview"}
    again = fresh.import_qdpx(target)
    assert (again["codings_added"], again["codings_existing"], again["codes_existing"]) == (0, 105, 65)


def test_qdc_round_trip(coded_project: Project, tmp_path: Path) -> None:
    target = tmp_path / "codebook.qdc"
    assert coded_project.export_qdc(target) == 65
    assert etree.QName(etree.parse(str(target)).getroot()).namespace == "urn:QDA-XML:codebook:1.0"
    fresh = Project.init(tmp_path / "fresh")
    counts = fresh.import_qdc(target)
    assert (counts["codes_added"], counts["codes_read"]) == (65, 65)
    assert fresh.codes().drop(columns=["origin"]).equals(coded_project.codes().drop(columns=["origin"]))


def test_real_nvivo_export_imports(shared_dir: Path, tmp_path: Path) -> None:
    sample = tmp_path / "nvivo_project.qdpx"
    shutil.copyfile(shared_dir / "qdpx-samples" / "nvivo_project.qdpx", sample)
    project = Project.init(tmp_path / "project")
    counts = project.import_qdpx(sample)
    assert counts["origin"] == "NVivo for Mac 15.0.0"
    assert (counts["codes_read"], counts["codes_added"], counts["sources_read"]) == (262, 262, 2)
    codes = project.codes().set_index("id")
    assert codes.loc["rq1_definition/competencies/programming", "parent_id"] == "rq1_definition/competencies"
    assert codes.loc["rq1_definition/competencies/programming", "label_zh"] == "programming"
    assert set(codes["origin"]) == {"import:nvivo_project.qdpx"}


# -- vendor deviations, in archives written here ---------------------------------------------------

QDE = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{ns}" name="t" origin="{origin}">
  <Users><User guid="11111111-1111-1111-1111-111111111111" name="Ana"/></Users>
  <CodeBook><Codes><Code guid="22222222-2222-2222-2222-222222222222" name="不确定" isCodable="true">
    <Code guid="33333333-3333-3333-3333-333333333333" name="听说" isCodable="true"/></Code></Codes></CodeBook>
  <Sources><TextSource guid="44444444-4444-4444-4444-444444444444" name="访谈" plainTextPath="internal://44444444-4444-4444-4444-444444444444.txt">
    <PlainTextSelection guid="55555555-5555-5555-5555-555555555555" startPosition="{start}" endPosition="{end}"
      creatingUser="11111111-1111-1111-1111-111111111111">
      <Coding guid="66666666-6666-6666-6666-666666666666" creatingUser="11111111-1111-1111-1111-111111111111">
        <CodeRef targetGUID="33333333-3333-3333-3333-333333333333"/></Coding></PlainTextSelection>
  </TextSource></Sources>
</Project>"""


def vendor_archive(path: Path, *, text: bytes, start: int, end: int, origin: str, ns: str = "urn:QDA-XML:project:1.0",
                   qde: str = "project.qde", folder: str = "sources") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(qde, QDE.format(ns=ns, origin=origin, start=start, end=end).encode("utf-8"))
        archive.writestr(f"{folder}/44444444-4444-4444-4444-444444444444.txt", text)
    return path


@pytest.mark.parametrize(
    ("text", "start", "end", "origin", "ns", "qde", "folder"),
    [
        # ATLAS.ti: CR LF counted as one character, XML named after the project, namespace 1:0, Sources/.
        ("第一行\r\n第二行说不清楚".encode(), 7, 11, "ATLAS.ti 26.1.2", "urn:QDA-XML:project:1:0", "Trial.qde", "Sources"),
        # MAXQDA: CR LF counted as two, a BOM on the text file.
        ("\ufeff第一行\r\n第二行说不清楚".encode(), 8, 12, "MAXQDA 24", "urn:QDA-XML:project:1.0", "project.qde", "sources"),
        # NVivo: a character beyond U+FFFF counted as two, namespace 0:4.
        ("𠀀甲说不清楚".encode(), 3, 7, "NVivo 14", "urn:QDA-XML:project:0:4", "project.qde", "sources"),
    ],
)
def test_vendor_deviations(tmp_path: Path, text: bytes, start: int, end: int, origin: str, ns: str, qde: str, folder: str) -> None:
    archive = vendor_archive(tmp_path / "v.qdpx", text=text, start=start, end=end, origin=origin, ns=ns, qde=qde, folder=folder)
    project = Project.init(tmp_path / "project")
    counts = project.import_qdpx(archive)
    assert counts["codings_added"] == 1, counts
    coding = project.codings().iloc[0]
    assert (coding["text"], coding["code_id"], coding["coder"]) == ("说不清楚", "不确定/听说", "Ana")


def test_round_trip_keeps_every_document_id_and_coded_passage(corpus_project: Project, tmp_path: Path) -> None:
    # The bundled regulations hold runs of spaces and full-width forms that normalising changes: the
    # export writes the original text, so the ids (sha256 of it) survive, and selections map back.
    source = Project.init(tmp_path / "source")
    manifest = bundled_corpus()
    source.add([manifest.parent], manifest=manifest)
    assert corpus_project.documents()["id"].equals(source.documents()["id"])
    doc = source.documents().sort_values("id").iloc[3]
    text = source.document(doc["id"]).text
    start = text.index("第一条")
    source.add_coding(doc["id"], code="talk.conflation", coder="李敏", start=start, end=start + 20)
    target = tmp_path / "corpus.qdpx"
    source.export_qdpx(target)
    fresh = Project.init(tmp_path / "fresh")
    fresh.import_qdpx(target)
    assert sorted(fresh.documents()["id"]) == sorted(source.documents()["id"])
    [coding] = fresh.codings().itertuples()
    assert fresh.document(coding.doc_id).text[coding.start:coding.end] == text[start:start + 20]
