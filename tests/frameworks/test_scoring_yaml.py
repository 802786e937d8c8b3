"""The scoring parser on 110, YAML round trips and schema errors, detection and all-or-nothing import."""

from __future__ import annotations

from pathlib import Path

import pytest

from tixi.domain import domain_of
from tixi.errors import InputError
from tixi.frameworks.detect import detect_parser, read_framework_file
from tixi.frameworks.parse_scoring import parse_scoring
from tixi.frameworks.vocabulary import Vocabulary
from tixi.frameworks.yaml_io import framework_from_yaml, framework_to_yaml
from tixi.packs import load_pack
from tixi.project import Project

from .conftest import NANKAI, SUZHOU


def test_suzhou_scoring_table(vocabulary: Vocabulary) -> None:
    framework = parse_scoring(SUZHOU.read_text(encoding="utf-8"), name="sz", system="SCSP", vocabulary=vocabulary)
    sections = framework.children(None)
    assert [(item.code, item.title, item.points) for item in sections] == [
        ("一", "工作组织推进力度", 40.0), ("二", "向市级公共信用信息平台报送信息", 30.0), ("三", "双公示工作情况", 30.0), ("四", "工作创新", 10.0),
    ]
    assert sections[3].meta == {"bonus": True}
    assert [len(framework.children(item.key)) for item in sections] == [5, 7, 3, 2]
    sanctions = framework.get("一/5")
    assert (sanctions.title, sanctions.points) == ("开展失信联动奖惩", 10.0)
    assert sanctions.standards[0].startswith("落实开展守信联合激励和失信联合惩戒制度")
    norms = framework.get("二/6")  # a rule continued on the next line stays with its item
    assert norms.standards[0].endswith("95%以下的按百分比×3得分。\n提供的数据内容准确要求达95%以上（含95%）的得3分，95%以下的按百分比×3得分。")
    assert sum(item.points or 0 for item in framework.indicators if item.level == 2) == 110
    assert framework.warnings == ["line 37: '部门附件：（上传附件）' is not part of any item; kept as a note"]


def test_detection_and_forcing(tmp_path: Path, vocabulary: Vocabulary) -> None:
    assert detect_parser(SUZHOU, SUZHOU.read_text(encoding="utf-8"), vocabulary)[0] == "scoring"
    assert detect_parser(NANKAI, NANKAI.read_text(encoding="utf-8"), vocabulary)[0] == "outline"
    assert detect_parser(tmp_path / "x.docx", None, vocabulary)[0] == "table"
    with pytest.raises(InputError, match="not a scoring table"):
        read_framework_file(NANKAI, name="n", system="NCCA", vocabulary=vocabulary, parser="scoring")
    forced = read_framework_file(SUZHOU, name="s", system="SCSP", vocabulary=vocabulary, parser="outline")
    assert forced.parser == "outline" and forced.reason == "forced"


def test_yaml_round_trip_keeps_the_tree(framework_project: Project) -> None:
    framework = framework_project.framework("nankai")
    again = framework_from_yaml(framework_to_yaml(framework), "round trip")
    keep = ("key", "code", "level", "title", "parent", "standards", "points", "notes", "methods", "start", "end", "doc_id")
    assert [tuple(getattr(item, name) for name in keep) for item in again.indicators] == [
        tuple(getattr(item, name) for name in keep) for item in framework.indicators
    ]
    assert [len(item.checks) for item in again.indicators] == [len(item.checks) for item in framework.indicators]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\nsystem: NCCA\nindicators:\n  - code: 1\n    titel: 甲\n", "line 5: unknown key 'titel' in an indicator"),
        ("name: x\nsystem: NCCA\nindicators:\n  - code: 1\n    title: 甲\n    points: 五分\n", "line 6: points must be a number, got '五分'"),
        ("name: x\nsystem: NCCC\nindicators:\n  - {code: 1, title: 甲}\n", "line 2: system must be one of NCCA, SCSP, both, other"),
        ("name: x\nsystem: NCCA\n", "line 1: missing key 'indicators'"),
        ("name: x\nsystem: NCCA\nindicators:\n  - code: 1\n    title: [甲\n", "line 6: not valid YAML"),
        ("name: x\nsystem: NCCA\nindicators:\n  - code: 1\n    children: 甲\n", "line 5: indicators and children must be lists"),
    ],
)
def test_yaml_breaking_the_schema_names_the_line(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        framework_from_yaml(text, "bad.yaml", systems=domain_of(load_pack("ncca_scsp")).system_ids)


def test_failed_import_stores_nothing(framework_project: Project, tmp_path: Path) -> None:
    before = framework_project.frameworks["name"].tolist()
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsystem: NCCA\nindicators:\n  - {code: 1, title: 甲}\n  - {code: 2, titel: 乙}\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 5"):
        framework_project.import_framework(bad, system="NCCA", name="bad")
    with pytest.raises(InputError, match="exists"):  # a name clash rolls back the whole outline (both parts)
        framework_project.import_framework(NANKAI, system="NCCA", name="nankai")
    assert framework_project.frameworks["name"].tolist() == before
    count = framework_project.db.execute("SELECT COUNT(*) FROM indicators WHERE framework = 'nankai'").fetchone()[0]
    assert count == 135


def test_pack_framework_files_load(vocabulary: Vocabulary) -> None:
    from tixi.packs import load_pack

    folder = load_pack("ncca_scsp").file("frameworks")
    loaded = {
        path.stem: read_framework_file(path, name=path.stem, system="NCCA", vocabulary=vocabulary).frameworks[0]
        for path in sorted(folder.glob("*.yaml")) if path.name not in ("parsing.yaml", "alignment.yaml")  # settings, not frameworks
    }
    assert sorted(loaded) == ["nankai2017", "nankai2017-2", "suzhou2019"]
    assert loaded["nankai2017"].counts_by_level() == {1: 11, 2: 40, 3: 84}
    assert len(loaded["nankai2017-2"].children(None)) == 5
    assert loaded["suzhou2019"].get("四").meta == {"bonus": True}
