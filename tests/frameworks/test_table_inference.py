"""Scoring tables of six layouts, written with the real libraries, import with the right tree and points.

No table uses the column names of the NCCA manual the parser was first written for; the roles
come from what the columns hold. Covered: python-docx with Word merges and heading styles,
openpyxl with merged cells and a title row, an HTML page of many tables under <h2>/<h3> (merged
cells, a broken rowspan, a heading repeated inside a merged cell, ragged rows, signed, ranged
and non-numeric points), a reportlab PDF with ranged bonus points, a CSV whose points stand
only inside the criterion text, and Markdown tables under # headings.
"""

from __future__ import annotations

import csv
from pathlib import Path

import docx
import openpyxl
import pytest

from tixi.errors import InputError
from tixi.frameworks.detect import read_framework_file
from tixi.frameworks.model import Framework
from tixi.frameworks.points import branch_totals, points_of
from tixi.frameworks.vocabulary import Vocabulary


def read(path: Path, vocabulary: Vocabulary, columns: list[str] | None = None) -> Framework:
    parsed = read_framework_file(path, name="t", system="SCSP", vocabulary=vocabulary, columns=columns)
    assert parsed.parser == "table"
    return parsed.frameworks[0]


def tree(framework: Framework) -> list[tuple[int, str, float | None]]:
    """Return (level, code+title, points) of every item in order."""
    return [(item.level, f"{item.code} {item.title}".strip(), item.points) for item in framework.indicators]


def roles(framework: Framework) -> list[str]:
    return [column["role"] for column in framework.meta["roles"][0]["columns"]]


# -- 1. DOCX: 一级指标 / 二级指标 / 三级指标 / 指标说明 / 分值 / 权重, Word merges, a title heading --------


def test_docx_indicator_system_with_three_levels_and_a_weight_column(tmp_path: Path, vocabulary: Vocabulary) -> None:
    document = docx.Document()
    document.add_heading("某市社会信用体系建设评价指标体系", level=1)
    rows = [
        ["一级指标", "二级指标", "三级指标", "指标说明", "分值", "权重"],
        ["制度建设", "规章制度", "信用立法", "出台地方性社会信用法规或政府规章", "10", "0.1"],
        ["", "", "配套制度", "制定信用信息管理、信用修复等配套制度文件", "8", "0.08"],
        ["", "组织保障", "工作机构", "设立社会信用体系建设工作机构并配备专职人员", "6", "0.06"],
        ["信息归集", "平台建设", "共享平台", "建成市级公共信用信息共享平台并与省平台联通", "12", "0.12"],
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value:
                table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(3, 0)).text = "制度建设"  # vMerge, as Word saves it
    table.cell(1, 1).merge(table.cell(2, 1)).text = "规章制度"
    path = tmp_path / "indicators.docx"
    document.save(str(path))
    framework = read(path, vocabulary)
    assert framework.title == "某市社会信用体系建设评价指标体系"
    assert roles(framework) == ["level", "level", "level", "criterion", "points", "note"]
    assert tree(framework) == [
        (1, "制度建设", None), (2, "规章制度", None), (3, "信用立法", 10.0), (3, "配套制度", 8.0),
        (2, "组织保障", None), (3, "工作机构", 6.0),
        (1, "信息归集", None), (2, "平台建设", None), (3, "共享平台", 12.0),
    ]
    leaf = framework.get("制度建设/规章制度/信用立法")
    assert leaf.standards == ["出台地方性社会信用法规或政府规章"] and leaf.notes == ["0.1"]
    assert [(total.branch, total.score) for total in branch_totals(framework)] == [("制度建设", 24.0), ("信息归集", 12.0)]


# -- 2. XLSX: 考核项目 / 考核内容 / 评分标准 / 分值, a merged title row, a cap --------------------------


def test_xlsx_assessment_sheet_with_a_title_row_merged_cells_and_a_cap(tmp_path: Path, vocabulary: Vocabulary) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "考核表"
    sheet.append(["2021年度区级部门诚信建设考核细则"])
    sheet.merge_cells("A1:D1")
    sheet.append(["考核项目", "考核内容", "评分标准", "分值"])
    sheet.append(["信息报送", "双公示", "按时报送行政许可和行政处罚信息，每迟报一次扣1分", "10"])
    sheet.append([None, "信用承诺", "在行政审批中全面推行信用承诺制度，未推行的不得分", "5"])
    sheet.append(["创新工作", "典型案例", "信用应用案例被省级以上媒体推广，每例加5分", "每年最多加40分"])
    sheet.merge_cells("A3:A4")
    path = tmp_path / "assessment.xlsx"
    workbook.save(str(path))
    framework = read(path, vocabulary)
    assert framework.title == "2021年度区级部门诚信建设考核细则"  # the merged title row above the header
    assert roles(framework) == ["level", "level", "criterion", "points"]
    assert tree(framework) == [(1, "信息报送", None), (2, "双公示", 10.0), (2, "信用承诺", 5.0), (1, "创新工作", None), (2, "典型案例", 40.0)]
    capped = points_of(framework.get("创新工作/典型案例"))
    assert capped is not None and (capped.cap, capped.kind, capped.low) == (40.0, "bonus", None)


# -- 3. HTML: a district credit-scoring standard, 5 categories under <h2>, tables under <h3> ---------

HEADER = "<tr><th>评价类别</th><th>分项</th><th>评价标准</th><th>加减分</th><th>备注</th></tr>"


def district_page() -> str:
    """Return a page like a district credit-scoring standard saved from the web."""
    def table(body: str) -> str:
        return f"<table border='1'>{HEADER}{body}</table>"

    parts = ["<html><body><h1>某区个人诚信积分评价标准（2020年）</h1>", "<p>本标准自发布之日起施行。</p>"]
    parts += ["<h2>一、基本信息类</h2>", "<h3>（一）身份信息</h3>", table(
        "<tr><td rowspan='2'>身份信息</td><td>实名登记</td><td>完成实名登记并授权采集信息</td><td>+10</td><td></td></tr>"
        "<tr><td>信息更新</td><td>按时更新联系方式</td><td>+2</td><td>每年一次</td></tr>")]
    parts += ["<h2>二、社会公德类</h2>", "<h3>（一）志愿服务</h3>", table(
        # a broken rowspan: declared over 9 rows, the group has 2, and the rows after it bring their own first cell
        "<tr><td rowspan='9'>志愿服务</td><td>服务时长</td><td>累计志愿服务满100小时</td><td>+0.1至+0.9</td><td>按时长分档</td></tr>"
        "<tr><td>星级志愿者</td><td>获评五星级志愿者</td><td>+20</td><td></td></tr>"
        "<tr><td>无偿献血</td><td>献血</td><td>参加无偿献血</td><td>+5</td><td></td></tr>"),
        "<h3>（二）见义勇为</h3>", table(
        "<tr><td>见义勇为</td><td>表彰</td><td>获市级以上见义勇为表彰，每年最多加40分</td><td>+40</td></tr>")]  # a ragged row
    parts += ["<h2>三、经济活动类</h2>", "<h3>（一）金融信用</h3>", table(
        # the heading repeated in a merged cell spanning the whole table
        "<tr><td colspan='5'>（一）金融信用</td></tr>"
        "<tr><td rowspan='2'>金融信用</td><td>贷款逾期</td><td>银行贷款逾期90天以上未还</td><td>-10至-50</td><td>视金额</td></tr>"
        "<tr><td>恶意逃债</td><td>被认定恶意逃废债务</td><td>降C级</td><td></td></tr>")]
    parts += ["<h2>四、司法行政类</h2>", "<h3>（一）失信被执行人</h3>", table(
        "<tr><td>司法信息</td><td>失信被执行人</td><td>被人民法院列入失信被执行人名单</td><td>-20</td><td>移出后恢复</td></tr>")]
    parts += ["<h2>五、其他</h2>", "<h3>（一）不文明行为</h3>", table(
        "<tr><td>文明行为</td><td>乱扔垃圾</td><td>在公共场所乱扔垃圾被处罚</td><td>-2</td><td></td></tr>"
        "<tr><td></td><td>闯红灯</td><td>行人闯红灯被处罚</td><td>-1</td><td></td></tr>")]
    return "".join(parts) + "</body></html>"


def test_html_page_of_many_tables_under_headings(tmp_path: Path, vocabulary: Vocabulary) -> None:
    path = tmp_path / "district.html"
    path.write_text(district_page(), encoding="utf-8")
    framework = read(path, vocabulary)
    assert framework.title == "某区个人诚信积分评价标准（2020年）"
    assert len(framework.meta["roles"]) == 6  # every table read
    assert roles(framework) == ["level", "level", "criterion", "points", "note"]
    assert tree(framework) == [
        (1, "一 基本信息类", None), (2, "（一） 身份信息", None), (3, "实名登记", 10.0), (3, "信息更新", 2.0),
        (1, "二 社会公德类", None), (2, "（一） 志愿服务", None), (3, "服务时长", 0.9), (3, "星级志愿者", 20.0),
        (3, "无偿献血", None), (4, "献血", 5.0),
        (2, "（二） 见义勇为", None), (3, "表彰", 40.0),
        (1, "三 经济活动类", None), (2, "（一） 金融信用", None), (3, "贷款逾期", -50.0), (3, "恶意逃债", None),
        (1, "四 司法行政类", None), (2, "（一） 失信被执行人", None), (3, "司法信息", None),
        (4, "失信被执行人", -20.0),
        (1, "五 其他", None), (2, "（一） 不文明行为", None), (3, "文明行为", None), (4, "乱扔垃圾", -2.0), (4, "闯红灯", -1.0),
    ]
    ranged = points_of(framework.get("二/（一）/服务时长"))
    assert ranged is not None and (ranged.low, ranged.high, ranged.kind) == (0.1, 0.9, "bonus")
    owed = points_of(framework.get("三/（一）/贷款逾期"))
    assert owed is not None and (owed.low, owed.high, owed.kind) == (-50.0, -10.0, "deduction")
    effect = points_of(framework.get("三/（一）/恶意逃债"))
    assert effect is not None and (effect.kind, effect.effect, effect.value) == ("effect", "降C级", None)
    assert framework.get("三/（一）/贷款逾期").notes == ["视金额"]
    totals = {total.branch: total for total in branch_totals(framework)}
    assert (totals["三 经济活动类"].deduction, totals["三 经济活动类"].effects) == (-50.0, 1)
    assert (totals["二 社会公德类"].bonus, totals["五 其他"].deduction) == (65.9, -3.0)


# -- 4. PDF: 信息属性 / 信息类别 / 信息层级 / 评价标准 / 信用赋分 ---------------------------------------


def test_pdf_credit_points_table_with_ranges(tmp_path: Path, vocabulary: Vocabulary) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    data = [
        ["信息属性", "信息类别", "信息层级", "评价标准", "信用赋分"],
        ["守信信息", "表彰奖励", "国家级", "获得国家级荣誉表彰的个人", "+30"],
        ["", "", "省级", "获得省级荣誉表彰的个人", "+20"],
        ["", "志愿服务", "时长", "志愿服务时长每满50小时", "+0.1至+0.9"],
        ["失信信息", "行政处罚", "一般", "受到一般行政处罚的个人", "-5至-10"],
    ]
    table = Table(data, colWidths=[70, 70, 60, 220, 70])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light", 9), ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                               ("SPAN", (0, 1), (0, 3)), ("SPAN", (1, 1), (1, 2)), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    path = tmp_path / "credit.pdf"
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build([table])
    framework = read(path, vocabulary)
    assert roles(framework) == ["level", "level", "level", "criterion", "points"]
    assert tree(framework) == [
        (1, "守信信息", None), (2, "表彰奖励", None), (3, "国家级", 30.0), (3, "省级", 20.0), (2, "志愿服务", None), (3, "时长", 0.9),
        (1, "失信信息", None), (2, "行政处罚", None), (3, "一般", -10.0),
    ]
    penalty = points_of(framework.get("失信信息/行政处罚/一般"))
    assert penalty is not None and (penalty.low, penalty.high, penalty.kind) == (-10.0, -5.0, "deduction")


# -- 5. CSV: points only inside the criterion text ---------------------------------------------------


def test_csv_whose_points_stand_only_in_the_criterion(tmp_path: Path, vocabulary: Vocabulary) -> None:
    path = tmp_path / "work.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["序号", "工作任务", "工作要求及评分办法"])
        writer.writerow(["1", "组织领导", "成立诚信建设领导小组，明确分管领导和联络员（15分）"])
        writer.writerow(["2", "宣传教育", "开展诚信主题宣传活动不少于两次，未开展的扣分（10分）"])
        writer.writerow(["3", "失信治理", "对本系统失信行为开展专项治理，发现一起未处理扣2分"])
    framework = read(path, vocabulary)
    assert roles(framework) == ["ignore", "level", "criterion"]
    assert tree(framework) == [(1, "组织领导", 15.0), (1, "宣传教育", 10.0), (1, "失信治理", None)]


# -- 6. Markdown: tables under # headings, ragged rows ----------------------------------------------


def test_markdown_tables_under_headings(tmp_path: Path, vocabulary: Vocabulary) -> None:
    path = tmp_path / "scoring.md"
    path.write_text(
        "# 企业信用评价办法\n\n## 一、加分项目\n\n"
        "| 评价类别 | 分项 | 评价标准 | 加减分 |\n| --- | --- | --- | --- |\n"
        "| 荣誉 | 守合同重信用 | 被评为守合同重信用企业 | +10 |\n| | 纳税信用A级 | 纳税信用评价为A级 | +5 |\n\n"
        "## 二、减分项目\n\n"
        "| 评价类别 | 分项 | 评价标准 | 加减分 |\n| --- | --- | --- | --- |\n"
        "| 违法 | 行政处罚 | 受到较重行政处罚 | 扣5分 |\n| | 经营异常 | 列入经营异常名录\n",
        encoding="utf-8",
    )
    framework = read(path, vocabulary)
    assert framework.title == "企业信用评价办法"
    assert tree(framework) == [
        (1, "一 加分项目", None), (2, "荣誉", None), (3, "守合同重信用", 10.0), (3, "纳税信用A级", 5.0),
        (1, "二 减分项目", None), (2, "违法", None), (3, "行政处罚", -5.0), (3, "经营异常", None),
    ]
    assert points_of(framework.get("一/荣誉/守合同重信用")).kind == "bonus"  # type: ignore[union-attr]


# -- columns by hand, and the message when inference is unsure ---------------------------------------


def test_columns_named_by_hand_replace_the_inferred_roles(tmp_path: Path, vocabulary: Vocabulary) -> None:
    path = tmp_path / "work.csv"
    path.write_text("类,项,说明,分\n甲,乙,建立信用承诺制度并公开承诺内容,5\n", encoding="utf-8")
    framework = read(path, vocabulary, columns=["level", "ignore", "criterion", "points"])
    assert tree(framework) == [(1, "甲", 5.0)]
    with pytest.raises(InputError, match="unknown column role 'levels'"):
        read(path, vocabulary, columns=["levels", "ignore", "criterion", "points"])


def test_a_rowspan_declared_too_short_is_carried_on_whatever_range_separator_the_pack_lists(
        tmp_path: Path, vocabulary: Vocabulary) -> None:
    """The span layout knows points by the pack's words: ``+5到+10分`` (到, a range separator of the pack) is points.

    Before, the layout had its own copy of the separators (至 and ~ only): the row after a
    [rowspan=2] declared over three rows put its 分项 into the category column.
    """
    assert "到" in vocabulary.range_separators
    path = tmp_path / "short_span.html"
    path.write_text(
        "<html><body><h1>某区诚信积分标准</h1><table border='1'>"
        "<tr><th>评价类别</th><th>分项</th><th>评价标准</th><th>加减分</th></tr>"
        "<tr><td rowspan='2'>守信信息</td><td>志愿服务</td><td>累计志愿服务满100小时</td><td>+5到+10分</td></tr>"
        "<tr><td>无偿献血</td><td>参加无偿献血一次以上</td><td>+5到+10分</td></tr>"
        "<tr><td>见义勇为</td><td>受到县级以上见义勇为表彰</td><td>+10到+20分</td></tr>"
        "<tr><td>失信信息</td><td>欠缴税款</td><td>欠缴税款逾期三个月未缴</td><td>-10到-20分</td></tr>"
        "</table></body></html>", encoding="utf-8")
    framework = read(path, vocabulary)
    assert [item.title for item in framework.children(None)] == ["守信信息", "失信信息"]
    assert [item.title for item in framework.children("守信信息")] == ["志愿服务", "无偿献血", "见义勇为"]
    brave = points_of(framework.get("守信信息/见义勇为"))
    assert brave is not None and (brave.low, brave.high) == (10.0, 20.0)


def test_an_unsigned_cell_under_a_points_either_way_header_is_not_a_deduction(vocabulary: Vocabulary) -> None:
    """加减分 holds the penalty marker 减分 but names points of either sign: it says nothing of an unsigned cell."""
    from tixi.frameworks.points import read_points

    neutral = read_points("10到20分", vocabulary, context="加减分")
    assert neutral is not None and neutral.kind == "score" and (neutral.low, neutral.high) == (10, 20)
    penalty = read_points("10到20分", vocabulary, context="减分项")
    assert penalty is not None and penalty.kind == "deduction" and (penalty.low, penalty.high) == (-20, -10)
