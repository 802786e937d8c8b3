"""The demo: a project built from the corpus bundled in the pack, and its summary."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tixi.project import Project
from tixi.store.add import AddProgress


def bundled_corpus(pack_name: str = "ncca_scsp") -> Path:
    """Return the manifest of the corpus shipped in a pack."""
    from tixi.packs import load_pack

    pack = load_pack(pack_name)
    return pack.file(str(pack.description.get("files", {}).get("corpus", "corpus/manifest.csv")))


def build_demo(out: Path, *, progress: AddProgress | None = None) -> tuple[Project, dict[str, Any]]:
    """Return a fresh demo project in ``out/project`` built from the bundled corpus, and its summary."""
    folder = out / "project"
    if folder.exists():
        shutil.rmtree(folder)  # the demo is rebuilt from scratch so two runs give the same result
    project = Project.init(folder)
    manifest = bundled_corpus(project.config.pack)
    project.add([manifest.parent], manifest=manifest, progress=progress)
    return project, project.summary()
