"""A real district credit-scoring standard (corpus 050, Wendeng 2020) imports as a tree with its points.

The document is a regulation followed by 94 transcribed tables (评价类别 | 分项 | 评价标准 | 加减分 |
备注) under category lines and numbered sub-headings, with merged cells marked [rowspan=N] — some
declared longer than their table, some shorter — and a category repeated in a merged cell.
Before issue 11 the import refused it ("no table has a recognisable header row").
"""

from __future__ import annotations

from tixi.demo import bundled_corpus
from tixi.frameworks.detect import read_framework_file
from tixi.frameworks.points import branch_totals, points_of
from tixi.frameworks.vocabulary import Vocabulary

WENDENG = next((bundled_corpus().parent / "documents").glob("050_*.txt"))


def test_the_wendeng_credit_points_standard_imports_with_levels_and_points(vocabulary: Vocabulary) -> None:
    parsed = read_framework_file(WENDENG, name="wendeng", system="SCSP", vocabulary=vocabulary)
    framework = parsed.frameworks[0]
    assert parsed.parser == "table" and framework.warnings == []
    assert framework.title == "【个人信用信息评价标准】"
    assert [item.title for item in framework.children(None)] == [
        "商务领域失信信息", "社会管理领域失信信息", "政务管理领域失信信息", "司法领域失信信息", "守信信息", "商务领域领域失信信息", "政务领域失信信息",
    ]
    assert len(framework.meta["roles"]) == 94
    assert {",".join(column["role"] for column in table["columns"]) for table in framework.meta["roles"]} <= {
        "level,level,criterion,points,note", "level,level,criterion,points,ignore"}
    # the category repeated in the merged first column is no level of its own
    assert [item.title for item in framework.children("商务领域失信信息")][:3] == ["合同履约", "银行信贷", "民间借贷"]
    bank = framework.get("商务领域失信信息/银行信贷")  # -10 merged over two criteria: the points of the 分项
    assert bank.points == -10 and [item.title for item in framework.children(bank.key)] == ["有拖欠还贷记录的", "信用卡有透支逾期未还记录的"]
    assert framework.get("商务领域失信信息/制假售假").points == -30  # after a [rowspan=8] declared over ten rows
    ranged = points_of(framework.get("商务领域失信信息/其他"))
    assert ranged is not None and (ranged.low, ranged.high, ranged.kind) == (-50, -5, "deduction")
    every_leaf = framework.leaves()
    assert all(points_of(leaf) or any(points_of(above) for above in framework.ancestors(leaf)) for leaf in every_leaf)
    totals = {total.branch: total for total in branch_totals(framework)}
    assert totals["守信信息"].bonus > 0 and totals["守信信息"].deduction == 0
    assert all(totals[name].deduction < 0 and totals[name].bonus == 0 for name in totals if name != "守信信息")
