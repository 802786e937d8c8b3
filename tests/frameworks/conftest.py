"""Fixtures: a private copy of the corpus project with 001 (both parts) and 110 imported once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import project_copy
from tixi.demo import bundled_corpus
from tixi.frameworks.vocabulary import Vocabulary, vocabulary_from_pack
from tixi.packs import load_pack
from tixi.project import Project

DOCUMENTS = bundled_corpus().parent / "documents"
NANKAI = DOCUMENTS / "001_wenming_chengqu_cepingtixi_nankai_2017.txt"
SUZHOU = DOCUMENTS / "110_suzhou_shiji_bumen_shehui_xinyong_jixiao_kaohe.txt"


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    """Return the parsing vocabulary of the bundled pack."""
    return vocabulary_from_pack(load_pack("ncca_scsp"))


@pytest.fixture(scope="module")
def framework_project(corpus_project_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """Return a copy of the corpus project with frameworks nankai (+ nankai-2) and suzhou imported."""
    with project_copy(corpus_project_path, tmp_path_factory.mktemp("frameworks")) as project:
        project.import_framework(NANKAI, system="NCCA", name="nankai")
        project.import_framework(SUZHOU, system="SCSP", name="suzhou")
        yield project
