"""Tables written with real libraries (python-docx, HTML with rowspan) import to the tree of the equivalent YAML."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from tixi.errors import InputError
from tixi.frameworks.detect import read_framework_file
from tixi.frameworks.model import Framework
from tixi.frameworks.vocabulary import Vocabulary

HEADER = ["测评项目", "测评内容", "测评标准", "分值", "测评方法"]
# (item, content, standard, points, method); None = merged with the cell above
ROWS = [
    ["一、诚信建设", "1.社会信用体系建设", "建设信用信息共享平台", "4分", "材料审核、实地考察"],
    [None, "2.诚信奖惩制度", "建立红黑名单制度，实施联合惩戒", "3", "材料审核"],
    [None, "3.诚信教育", "开展诚信宣传教育", "2", "问卷调查"],
    ["二、志愿服务", "1.志愿服务制度化", "注册志愿者占常住人口比例≥10%", "5", "材料审核"],
    [None, "2.志愿服务活动", "开展学雷锋志愿服务", "3", "实地考察、问卷调查"],
]
YAML = """\
schema: tixi-framework/1
name: table
system: NCCA
indicators:
  - code: 一
    title: 诚信建设
    children:
      - {code: "1", title: 社会信用体系建设, standards: [建设信用信息共享平台], points: 4, methods: [材料审核, 实地考察]}
      - {code: "2", title: 诚信奖惩制度, standards: [建立红黑名单制度，实施联合惩戒], points: 3, methods: [材料审核]}
      - {code: "3", title: 诚信教育, standards: [开展诚信宣传教育], points: 2, methods: [问卷调查]}
  - code: 二
    title: 志愿服务
    children:
      - {code: "1", title: 志愿服务制度化, standards: [注册志愿者占常住人口比例≥10%], points: 5, methods: [材料审核]}
      - {code: "2", title: 志愿服务活动, standards: [开展学雷锋志愿服务], points: 3, methods: [实地考察, 问卷调查]}
"""


def shape(framework: Framework) -> list[tuple[object, ...]]:
    """Return what must match between formats: the tree, titles, standards, points, methods."""
    return [
        (item.key, item.code, item.level, item.title, item.parent, item.standards, item.points, item.methods)
        for item in framework.indicators
    ]


def write_docx(path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=len(ROWS) + 1, cols=len(HEADER))
    for column, name in enumerate(HEADER):
        table.cell(0, column).text = name
    for row, values in enumerate(ROWS, start=1):
        for column, value in enumerate(values):
            if value is not None:
                table.cell(row, column).text = value
    # merge the item column vertically, as Word does (vMerge), over each item's rows
    table.cell(1, 0).merge(table.cell(3, 0)).text = "一、诚信建设"
    table.cell(4, 0).merge(table.cell(5, 0)).text = "二、志愿服务"
    document.save(str(path))


def write_html(path: Path) -> None:
    cells = "".join(f"<th>{name}</th>" for name in HEADER)
    body = [f"<tr>{cells}</tr>"]
    for index, values in enumerate(ROWS):
        tds = []
        for column, value in enumerate(values):
            if value is None:
                continue
            run = 1
            if column == 0:  # the item cell spans its rows
                following = ROWS[index + 1:]
                run = 1 + next((i for i, later in enumerate(following) if later[0] is not None), len(following))
            tds.append(f'<td rowspan="{run}">{value}</td>' if run > 1 else f"<td>{value}</td>")
        body.append(f"<tr>{''.join(tds)}</tr>")
    path.write_text(f"<html><body><p>测评体系</p><table>{''.join(body)}</table></body></html>", encoding="utf-8")


@pytest.fixture
def expected(tmp_path: Path, vocabulary: Vocabulary) -> Framework:
    source = tmp_path / "table.yaml"
    source.write_text(YAML, encoding="utf-8")
    return read_framework_file(source, name="table", system="NCCA", vocabulary=vocabulary).frameworks[0]


@pytest.mark.parametrize("suffix", ["docx", "html", "pdf"])
def test_tables_with_merged_cells_import_like_the_yaml(tmp_path: Path, vocabulary: Vocabulary, expected: Framework, suffix: str) -> None:
    """DOCX with vertically merged cells, HTML with rowspan, PDF with spanning cells: one tree."""
    path = tmp_path / f"table.{suffix}"
    WRITERS[suffix](path)
    if suffix == "html":
        assert 'rowspan="3"' in path.read_text(encoding="utf-8")
    parsed = read_framework_file(path, name="table", system="NCCA", vocabulary=vocabulary)
    assert parsed.parser == "table"
    assert shape(parsed.frameworks[0]) == shape(expected)
    assert parsed.frameworks[0].counts_by_level() == {1: 2, 2: 5}


def test_points_cell_merged_over_an_item_belongs_to_the_item(tmp_path: Path, vocabulary: Vocabulary) -> None:
    path = tmp_path / "merged_points.html"
    path.write_text(
        "<table><tr><td>测评项目</td><td>测评内容</td><td>分值</td></tr>"
        '<tr><td rowspan="2">诚信建设</td><td>信用平台</td><td rowspan="2">10</td></tr><tr><td>红黑名单</td></tr>'
        "<tr><td>志愿服务</td><td>注册志愿者</td><td>5</td></tr></table>",
        encoding="utf-8",
    )
    framework = read_framework_file(path, name="t", system="NCCA", vocabulary=vocabulary).frameworks[0]
    assert [(item.title, item.points) for item in framework.indicators] == [
        ("诚信建设", 10.0), ("信用平台", None), ("红黑名单", None), ("志愿服务", None), ("注册志愿者", 5.0),
    ]


def test_a_table_whose_roles_are_unsure_says_which_columns_to_name(tmp_path: Path, vocabulary: Vocabulary) -> None:
    # Two columns of sentences of the same length under headers the pack does not know: which is the criterion?
    path = tmp_path / "unsure.html"
    rows = [("建立健全守信联合激励和失信联合惩戒机制", "推动公共信用信息平台与各部门信息系统互联互通"),
            ("开展诚信宣传教育进机关进企业进社区进学校", "在政府网站公开行政许可和行政处罚信息并按时更新")]
    body = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows)
    path.write_text(f"<table><tr><td>甲栏</td><td>乙栏</td></tr>{body}</table>", encoding="utf-8")
    with pytest.raises(InputError, match=r"table 1 row 1 \(line 1\): 甲栏 \| 乙栏\): cannot tell the column roles.*--columns level,criterion"):
        read_framework_file(path, name="t", system="NCCA", vocabulary=vocabulary)
    framework = read_framework_file(path, name="t", system="NCCA", vocabulary=vocabulary, columns=["criterion", "note"]).frameworks[0]
    assert [(item.title[:6], item.notes) for item in framework.indicators] == [("建立健全守信", [rows[0][1]]), ("开展诚信宣传", [rows[1][1]])]


def test_pipe_text_table_is_detected(tmp_path: Path, vocabulary: Vocabulary, expected: Framework) -> None:
    lines = [" | ".join(HEADER)]
    for values in ROWS:
        lines.append(" | ".join(value if value is not None else "" for value in values))
    path = tmp_path / "table.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parsed = read_framework_file(path, name="table", system="NCCA", vocabulary=vocabulary)
    assert parsed.parser == "table"
    assert shape(parsed.frameworks[0]) == shape(expected)


def write_pdf(path: Path) -> None:
    """Write the table as a PDF with reportlab: real CJK text, grid lines, the item cells spanning their rows."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    data = [HEADER] + [[value or "" for value in row] for row in ROWS]
    table = Table(data, colWidths=[90, 120, 230, 40, 120])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "STSong-Light", 9), ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("SPAN", (0, 1), (0, 3)), ("SPAN", (0, 4), (0, 5)), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build([table])


def test_pdf_cell_text_wrapped_over_lines_stays_in_its_cell(tmp_path: Path, vocabulary: Vocabulary) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=9, leading=11)
    standard = "建立健全守信联合激励和失信联合惩戒机制，推动公共信用信息平台与各部门信息系统互联互通"
    data = [["测评项目", "测评内容", "测评标准", "分值"], ["一、诚信建设", "1.诚信奖惩制度", Paragraph(standard, style), "4"]]
    table = Table(data, colWidths=[90, 110, 150, 40])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light", 9), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    path = tmp_path / "wrapped.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([table])
    framework = read_framework_file(path, name="wrapped", system="NCCA", vocabulary=vocabulary).frameworks[0]
    leaf = framework.leaves()[0]
    assert (leaf.title, leaf.points) == ("诚信奖惩制度", 4)
    assert leaf.standards == [standard]


def test_full_width_pipe_text_table_is_detected(tmp_path: Path, vocabulary: Vocabulary, expected: Framework) -> None:
    lines = ["｜".join(HEADER)] + ["｜".join(value or "" for value in values) for values in ROWS]
    path = tmp_path / "table.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parsed = read_framework_file(path, name="table", system="NCCA", vocabulary=vocabulary)
    assert parsed.parser == "table"
    assert shape(parsed.frameworks[0]) == shape(expected)


def test_gbk_text_is_decoded_like_tixi_add(tmp_path: Path, vocabulary: Vocabulary, expected: Framework) -> None:
    lines = [" | ".join(HEADER)] + [" | ".join(value or "" for value in values) for values in ROWS]
    path = tmp_path / "table_gbk.txt"
    path.write_bytes(("\n".join(lines) + "\n").encode("gbk"))
    assert shape(read_framework_file(path, name="table", system="NCCA", vocabulary=vocabulary).frameworks[0]) == shape(expected)


WRITERS = {"docx": write_docx, "html": write_html, "pdf": write_pdf}


def test_a_blank_cell_is_not_carried_under_a_new_parent(tmp_path: Path, vocabulary: Vocabulary) -> None:
    # Row 3 starts a new item with a blank content cell: that blank must not take 「2.诚信奖惩制度」 from
    # the rows above, which belong to another item; the row's standard belongs to the new item itself.
    rows = [HEADER, ["一、诚信建设", "1.社会信用体系建设", "甲", "4", "材料审核"], ["", "2.诚信奖惩制度", "乙", "3", "材料审核"],
            ["二、志愿服务", "", "丙", "5", "材料审核"]]
    path = tmp_path / "table.html"
    cells = "".join("<tr>" + "".join(f"<td>{value}</td>" for value in row) + "</tr>" for row in rows)
    path.write_text(f"<table>{cells}</table>", encoding="utf-8")
    framework = read_framework_file(path, name="t", system="NCCA", vocabulary=vocabulary).frameworks[0]
    by_title = {item.title: item for item in framework.indicators}
    second = by_title["志愿服务"]
    assert [item.title for item in framework.indicators if item.parent == second.key] == []
    assert by_title["诚信奖惩制度"].parent == by_title["诚信建设"].key and "丙" in " ".join(second.standards)
