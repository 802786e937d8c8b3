"""A framework YAML names its own system and name; spans into documents the project lacks are dropped, with a warning."""

from __future__ import annotations

from pathlib import Path

from tixi.packs import load_pack
from tixi.project import Project

BUNDLED = load_pack("ncca_scsp").file("frameworks/nankai2017.yaml")


def test_yaml_into_a_project_without_its_document_keeps_no_spans(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "empty")
    try:
        result = project.import_framework(BUNDLED)  # no system, no name: the file's own
        framework = result.frameworks[0]
        assert (framework.name, framework.system) == ("nankai2017", "NCCA")
        assert any("2f4e0186310db0df that this project does not hold" in warning for warning in result.warnings)
        stored = project.framework("nankai2017")
        assert all(item.doc_id is None and item.start is None for item in stored.indicators)
        assert all("span_dropped" in item.meta for item in stored.indicators)
    finally:
        project.close()


def test_yaml_into_the_project_holding_its_document_keeps_the_spans(fresh_corpus_project: Project) -> None:
    result = fresh_corpus_project.import_framework(BUNDLED, name="nankai_yaml")
    assert result.warnings == []
    stored = fresh_corpus_project.framework("nankai_yaml")
    assert stored.system == "NCCA"
    assert sum(item.doc_id is not None for item in stored.indicators) == len(stored.indicators)
