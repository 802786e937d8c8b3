"""The demo: a project built from the corpus bundled in the pack, and its summary."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tixi.interviews.demo import INTERVIEWS_FOLDER, add_demo_interviews
from tixi.progress import Progress
from tixi.project import Project


def bundled_corpus(pack_name: str = "ncca_scsp") -> Path:
    """Return the manifest of the corpus shipped in a pack."""
    from tixi.packs import load_pack

    pack = load_pack(pack_name)
    return pack.file(pack.named("corpus", "corpus/manifest.csv"))


def build_demo(out: Path, *, progress: Progress | None = None) -> tuple[Project, dict[str, Any]]:
    """Return a fresh demo project in ``out/project`` built from the bundled corpus, and its summary."""
    folder = out / "project"
    if folder.exists():
        shutil.rmtree(folder)  # the demo is rebuilt from scratch so two runs give the same result
    project = Project.init(folder)
    manifest = bundled_corpus(project.config.pack)
    project.add([manifest.parent], manifest=manifest, progress=progress)
    return project, project.summary()


# -- the whole pipeline --------------------------------------------------------------------------

FRAMEWORK_SCHEMA = "tixi-framework/1"


@dataclass
class DemoRun:
    """What ``run_demo`` did: the project, its summary, the stages run (with seconds), the report files."""

    project: Project
    summary: dict[str, Any]
    stages: list[tuple[str, str, float]] = field(default_factory=list)  # (stage, result, seconds)
    report: list[Path] = field(default_factory=list)

    @property
    def report_html(self) -> Path | None:
        """Return the HTML report's path, if one was written."""
        return next((path for path in self.report if path.suffix == ".html"), None)


def run_demo(out: Path, *, progress: Progress | None = None, lang: str = "en", formats: tuple[str, ...] = ("html", "md")) -> DemoRun:
    """Run the whole pipeline on the bundled corpus into ``out``: add, interviews, code, frameworks, flows, reuse, report.

    A stage the pack has no data for is skipped (and named in ``stages``).
    """
    started = time.perf_counter()
    project, summary = build_demo(out, progress=progress)
    run = DemoRun(project, summary, [("documents", f"{summary['documents']} documents", time.perf_counter() - started)])
    _stage(run, "interviews", lambda: _add_interviews(project))
    _stage(run, "coding", lambda: _code(project))
    _stage(run, "frameworks", lambda: _import_frameworks(project))
    _stage(run, "flows", lambda: _flows(project))
    _stage(run, "reuse", lambda: _reuse(project))
    run.summary = project.summary()
    clock = time.perf_counter()
    run.report = project.report(out / "report", formats=formats, lang=lang)
    run.stages.append(("report", f"{len(run.report)} files", time.perf_counter() - clock))
    return run


def _stage(run: DemoRun, name: str, work: Callable[[], str | None]) -> None:
    clock = time.perf_counter()
    result = work()
    run.stages.append((name, result or "nothing for it in the pack", time.perf_counter() - clock))


def _add_interviews(project: Project) -> str | None:
    if not project.pack.has(f"{INTERVIEWS_FOLDER}/manifest.csv"):
        return None
    counts = add_demo_interviews(project)
    return f"{counts.get('documents', 0)} synthetic transcripts, {counts.get('codings', 0)} codings by hand"


def _code(project: Project) -> str:
    return f"{project.code().added} codings added"


def _import_frameworks(project: Project) -> str | None:
    """Import each framework the pack ships from its source document in the bundled corpus (001, 110 …)."""
    pack = project.pack
    folder_name = pack.named("frameworks", "frameworks")
    if not pack.has(folder_name):
        return None
    documents = bundled_corpus(project.config.pack).parent / "documents"
    # One import per source document: an outline with several parts gives ``name``, ``name-2`` …,
    # so the spec with the shortest name names them all.
    chosen: dict[str, tuple[str, str, Path]] = {}
    for path in sorted(pack.file(folder_name).glob("*.yaml")):
        spec = pack.yaml(f"{folder_name}/{path.name}") or {}
        if spec.get("schema") != FRAMEWORK_SCHEMA:
            continue
        source = documents / Path(str(spec.get("source", ""))).name
        key = str(source) if source.is_file() else str(path)
        candidate = (str(spec["name"]), str(spec["system"]), source if source.is_file() else path)
        if key not in chosen or (len(candidate[0]), candidate[0]) < (len(chosen[key][0]), chosen[key][0]):
            chosen[key] = candidate
    imported: list[str] = []
    for name, system, source in sorted(chosen.values()):
        result = project.import_framework(source, system=system, name=name, replace=True)
        imported.extend(framework.name for framework in result.frameworks)
    return f"{len(imported)} frameworks: {', '.join(imported)}"


def _flows(project: Project) -> str:
    project.extract_flows()
    return f"{len(project.flows())} flows"


def _reuse(project: Project) -> str:
    summary = project.find_reuse()
    return f"{summary.passages} shared passages ({summary.boilerplate} boilerplate), {summary.families} template families"
