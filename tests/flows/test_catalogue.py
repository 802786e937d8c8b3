"""The scope catalogue and reprimand cues are read from pack data, with nothing filled in from code."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tixi.errors import InputError
from tixi.flows.tension import load_catalogue, load_reprimand_rules
from tixi.packs import load_pack

PACK = load_pack("ncca_scsp")


def test_the_pack_catalogue_names_its_instruments_and_modalities() -> None:
    catalogue = load_catalogue(PACK)
    assert "公共信用信息平台" in catalogue.instruments
    assert catalogue.modalities == ("collect", "record", "list", "punish")
    rules = load_reprimand_rules(PACK)
    assert "R-NOT-INCLUDE" in {cue.id for cue in rules.cues} and "黑名单" in rules.objects and rules.higher == ("central", "provincial")
    assert {cue.kind for cue in rules.cues} == {"corrective", "self_restraint"} and "各地" in rules.addressed
    assert rules.needed["en"] and rules.needed["zh"]


def test_a_catalogue_without_modalities_is_refused_naming_the_file(tmp_path: Path) -> None:
    mine = tmp_path / "catalogue.yaml"
    mine.write_text(yaml.safe_dump({
        "version": "mine", "instruments": ["公共信用信息平台"],
        "entries": [{"id": "dogs_only", "status": "excluded", "terms": ["遛犬不牵绳"]}],
    }, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError, match=r"catalogue\.yaml: expected a mapping with version, instruments, modalities"):
        load_catalogue(PACK, mine)
