"""`tixi frameworks import` prints the column roles it inferred, takes --columns, and reads YAML without --system/--name."""

from __future__ import annotations

from pathlib import Path

from tests.cli_runner import invoke
from tests.frameworks.test_table_inference import district_page
from tixi.packs import load_pack


def test_import_prints_roles_takes_columns_and_reads_yaml_names(tmp_path: Path) -> None:
    project = str(tmp_path / "project")
    assert invoke("init", project)[0] == 0
    page = tmp_path / "district.html"
    page.write_text(district_page(), encoding="utf-8")
    code, out, _ = invoke("frameworks", "import", str(page), "--system", "SCSP", "--name", "district", "-p", project)
    assert code == 0
    assert "Columns of table 1: 评价类别=level, 分项=level, 评价标准=criterion, 加减分=points, 备注=note" in out
    assert "(to change them: --columns level,level,criterion,points,note)" in out
    code, out, _ = invoke("frameworks", "show", "district", "-p", project)
    assert "贷款逾期 [-50至-10分]" in out and "恶意逃债 [降C级]" in out and "服务时长 [+0.1至+0.9分]" in out
    code, out, _ = invoke("frameworks", "import", str(page), "--system", "SCSP", "--name", "by_hand", "-p", project,
                          "--columns", "level,ignore,criterion,points,note")
    assert code == 0 and "分项=ignore" in out
    code, out, err = invoke("frameworks", "import", str(page), "-p", project)
    assert code != 0 and "--system and --name" in out + err
    code, out, err = invoke("frameworks", "import", str(load_pack("ncca_scsp").file("frameworks/nankai2017.yaml")), "-p", project)
    assert code == 0 and "Stored framework nankai2017 (NCCA)" in out
    assert "without evidence spans" in out + err
