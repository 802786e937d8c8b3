"""`tixi reuse` on a project: the bundled corpus, and a synthetic corpus with a template copied by dated cities."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tests.cli_runner import invoke, run
from tests.conftest import project_copy
from tests.reuse.planted import random_text
from tixi.errors import InputError
from tixi.project import Project
from tixi.reuse.rules import BoilerplateRules

EFFECTIVE = "第三十条 本条例自2020年1月1日起施行。本省2015年3月1日公布施行的《城市市容和环境卫生管理条例》同时废止。"


def _template_corpus(folder: Path, places: tuple[str, str, str, str] = ("浙江", "杭州", "宁波", "温州"),
                     dates: tuple[str, str, str, str] = ("2015-06-01", "2017-03-01", "2016-09-01", "2018-01-01")) -> Path:
    """Write a JSON Lines corpus: a provincial template, two later city copies, one unrelated text, all ending in boilerplate."""
    template = "".join(random_text(seed, 120) + "。" for seed in range(40, 46))
    rows = [
        {"title": "省模板条例", "date": dates[0], "place": places[0], "text": template + EFFECTIVE},
        {"title": "甲市条例", "date": dates[1], "place": places[1], "text": random_text(1, 200) + template[:500] + random_text(2, 90) + EFFECTIVE},
        {"title": "乙市条例", "date": dates[2], "place": places[2], "text": template[300:] + random_text(3, 300) + EFFECTIVE},
        {"title": "无关条例", "date": dates[3], "place": places[3], "text": random_text(4, 900) + EFFECTIVE},
    ]
    path = folder / "corpus.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def template_project(tmp_path: Path) -> Project:
    project = Project.init(tmp_path / "project")
    project.add([_template_corpus(tmp_path)])
    return project


def test_copies_run_earlier_to_later_with_exact_offsets_families_and_boilerplate(template_project: Project) -> None:
    summary = template_project.find_reuse()
    passages = template_project.reuse_passages()
    plain = passages[passages["boilerplate"] == ""]
    assert summary.passages == len(passages)
    # The template is the source of both copies; the copies share 200 characters, the earlier city (乙, 2016) the source.
    pairs = sorted(zip(plain["source_title"], plain["target_title"], strict=True))
    assert pairs == [("乙市条例", "甲市条例"), ("省模板条例", "乙市条例"), ("省模板条例", "甲市条例")]
    texts = dict(template_project.iter_texts())
    for row in passages.itertuples():
        assert row.text == texts[row.source_doc][row.source_start:row.source_end]
        if row.identity == 1.0:
            assert texts[row.target_doc][row.target_start:row.target_end] == row.text
        assert row.directed == 1 and row.source_date < row.target_date
    copied = plain[plain["target_title"] == "甲市条例"].set_index("source_title")
    assert (copied.at["省模板条例", "source_start"], copied.at["省模板条例", "source_length"]) == (0, 500)
    # The effective-date clause every text ends with is boilerplate, and links no family.
    assert set(passages["boilerplate"]) == {"", "effective"}
    assert set(passages.loc[passages["boilerplate"] != "", "text"]) == {EFFECTIVE}
    families = template_project.reuse_families()
    assert families["title"].tolist() == ["省模板条例", "乙市条例", "甲市条例"]
    assert families["template"].tolist() == [True, False, False] and set(families["family"]) == {1}


def test_a_year_alone_does_not_say_which_came_first_in_that_year(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "project")
    project.add([_template_corpus(tmp_path, dates=("2015-06", "2016", "2016-09-01", "2018"))])
    project.find_reuse()
    plain = project.reuse_passages(boilerplate=False)
    directed = {frozenset((row.source_title, row.target_title)): (row.directed, row.source_title) for row in plain.itertuples()}
    # 甲 (2016) and 乙 (2016-09-01): undated within 2016, so no direction; the 2015 template is the source of both.
    assert directed[frozenset(("甲市条例", "乙市条例"))][0] == 0
    assert directed[frozenset(("省模板条例", "甲市条例"))] == directed[frozenset(("省模板条例", "乙市条例"))] == (1, "省模板条例")


def test_stored_results_are_read_until_the_documents_change(template_project: Project, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="run `tixi reuse`"):
        template_project.reuse_passages()
    template_project.find_reuse()
    first = template_project.reuse_passages()
    template_project.find_reuse()
    pd.testing.assert_frame_equal(first, template_project.reuse_passages())   # a rerun gives the same table
    extra = tmp_path / "more.txt"
    extra.write_text(random_text(99, 400), encoding="utf-8")
    template_project.add([extra])
    assert template_project.reuse_stale()
    with pytest.raises(InputError, match="run `tixi reuse`"):
        template_project.reuse_passages()


def test_export_writes_tables_and_passim_records(template_project: Project, tmp_path: Path) -> None:
    template_project.find_reuse()
    written = {path.name: path for path in template_project.export_reuse(tmp_path / "out")}
    tables = {f"{name}.{form}" for name in ("passages", "families") for form in ("json", "csv", "parquet")}
    assert set(written) == tables | {"passim.jsonl", "passim_input.jsonl"}
    passages = pd.read_parquet(written["passages.parquet"])
    assert passages.equals(pd.read_csv(written["passages.csv"], keep_default_na=False)[passages.columns].astype(passages.dtypes.to_dict()))
    assert len(json.loads(written["passages.json"].read_text(encoding="utf-8"))) == len(passages)
    records = [json.loads(line) for line in written["passim.jsonl"].read_text(encoding="utf-8").splitlines()]
    texts = dict(template_project.iter_texts())
    assert {"uid", "cluster", "size", "id", "series", "date", "begin", "end", "text"} <= set(records[0])
    assert all(record["text"] == texts[record["id"]][record["begin"]:record["end"]] for record in records)
    inputs = [json.loads(line) for line in written["passim_input.jsonl"].read_text(encoding="utf-8").splitlines()]
    assert sorted(record["series"] for record in inputs) == ["宁波", "杭州", "浙江", "温州"]


def test_the_cli_stores_and_lists_passages(template_project: Project, tmp_path: Path) -> None:
    folder = str(template_project.root)
    template_project.close()
    code, out, error = invoke("reuse", "-p", folder, "-f", "json", "--out", str(tmp_path / "out"))
    listed = json.loads(out)
    assert code == 0 and "candidate pairs" in error and "passim.jsonl" in error
    assert {row["boilerplate"] for row in listed} == {""}
    assert len(json.loads(run("reuse", "-p", folder, "-f", "json", "-q", "--boilerplate"))) > len(listed)
    code, _, error = invoke("reuse", "-p", folder, "--min-identity", "2")
    assert code == 1 and "0.8 is usual" in error


def test_bundled_corpus_passages_hold_what_they_say(corpus_project_path: Path, tmp_path: Path) -> None:
    with project_copy(corpus_project_path, tmp_path) as project:
        project.find_reuse()
        passages = project.reuse_passages()
        texts = dict(project.iter_texts())
    assert len(passages) > 0
    for row in passages.itertuples():
        source, target = texts[row.source_doc][row.source_start:row.source_end], texts[row.target_doc][row.target_start:row.target_end]
        assert min(len(source), len(target)) >= 50 and row.identity >= 0.8
        if row.identity == 1.0:
            assert source == target
        if row.directed:
            assert row.source_date < row.target_date


def test_pack_boilerplate_rules_name_the_kind() -> None:
    from tixi.packs import load_pack

    rules = BoilerplateRules.from_pack(load_pack("ncca_scsp"))
    assert rules.kind_of("第一条 为了加强文明行为促进工作，根据有关法律、行政法规，结合本市实际，制定本条例。") == "purpose"
    assert rules.kind_of(EFFECTIVE) == "effective"
    assert rules.kind_of("第五条 市人民政府应当建立公共信用信息平台，归集不文明行为记录。") == ""
    assert BoilerplateRules.from_pack(load_pack(str(Path(__file__).parents[1] / "packs" / "river_credit"))).kind_of(EFFECTIVE) == ""


def test_the_report_section_shows_diffusion_families_and_the_copies(template_project: Project, tmp_path: Path) -> None:
    written = template_project.report(tmp_path / "report", formats=["md"])
    markdown = next(path for path in written if path.suffix == ".md").read_text(encoding="utf-8")
    section = markdown[markdown.index("## Shared templates and copied clauses"):markdown.index("## Methods")]
    assert "figures/reuse_diffusion.png" in section
    assert "省模板条例 (2015-06-01)" in section   # the template heads its family
    assert "3 template" not in section and "1 template families" in section
    assert (tmp_path / "report" / "figures" / "reuse_diffusion.png").stat().st_size > 5000


def test_the_report_counts_a_place_written_two_ways_once(tmp_path: Path) -> None:
    # 甲 (宁波) and 乙 (浙江省宁波市) are one city: the figure and the family table name it once, as the gazetteer does.
    project = Project.init(tmp_path / "project")
    project.add([_template_corpus(tmp_path, ("浙江省", "宁波", "浙江省宁波市", "温州"))])
    written = project.report(tmp_path / "report", formats=["md"])
    markdown = next(path for path in written if path.suffix == ".md").read_text(encoding="utf-8")
    section = markdown[markdown.index("## Shared templates and copied clauses"):markdown.index("## Methods")]
    assert "3 copies between 2 places" in section and "宁波市 (3)" in section
    assert "| 宁波市、浙江省 Zhejiang |" in section and "浙江省宁波市" not in section


def test_reuse_on_a_project_with_nothing_to_compare_prints_an_empty_table(tmp_path: Path) -> None:
    """Found by trying it as a new user: the table view of an empty result raised a pandas error."""
    Project.init(tmp_path / "empty").close()
    code, out, error = invoke("reuse", "-p", str(tmp_path / "empty"))
    assert code == 0, error
    assert "0 documents" in error and "0 passages" in error


def test_counts_the_report_takes_from_sqlite_agree_with_the_passages(corpus_project_path: Path, tmp_path: Path) -> None:
    """The report counts passages in SQLite (a corpus of copies holds more than it should read); the numbers are the frame's."""
    from tixi.domain import domain_of
    from tixi.reuse.results import family_table
    from tixi.reuse.store import directed_pairs, family_members, passage_counts, passages_carrying

    with project_copy(corpus_project_path, tmp_path) as project:
        project.extract_flows()
        project.find_reuse()
        passages = project.reuse_passages()
        copied = passages[passages["boilerplate"] == ""]
        counts = passage_counts(project.db)
        assert (counts.passages, counts.boilerplate) == (len(passages), len(passages) - len(copied))
        assert counts.pairs == len(set(zip(copied["source_doc"], copied["target_doc"], strict=True)))
        assert counts.families == passages.loc[passages["family"] > 0, "family"].nunique() > 0
        directed = copied[copied["directed"] == 1].groupby(["source_doc", "target_doc"]).size()
        pairs = directed_pairs(project.db)
        assert dict(zip(zip(pairs["source_doc"], pairs["target_doc"], strict=True), pairs["passages"], strict=True)) == directed.to_dict()
        # Family members counted from the frame: each document of a family, and its copied passages on either side.
        members = passages[passages["family"] > 0]
        family_of = {str(doc): int(family) for side in ("source_doc", "target_doc") for doc, family in zip(members[side], members["family"], strict=True)}
        sides = pd.concat([copied["source_doc"], copied["target_doc"]]).value_counts()
        expected = pd.DataFrame([(family, doc, int(sides.get(doc, 0))) for doc, family in family_of.items()], columns=["family", "doc_id", "passages"])
        documents = project.documents()
        pd.testing.assert_frame_equal(family_table(family_members(project.db), documents), family_table(expected, documents))
        crossings = domain_of(project.pack).crossings
        carried = project.reuse_flows()
        carried = carried[carried["direction"].isin(crossings)]
        assert not carried.empty
        assert passages_carrying(project.db, crossings) == sorted(set(carried["passage"]))
        assert project.reuse_passages(numbers=[3, 1])["passage"].tolist() == [1, 3]
