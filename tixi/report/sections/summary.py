"""Findings first: sentences built from the numbers, each with its denominator, validation estimate and evidence.

The summary answers the study's questions: the overlaps on the three dimensions, conflation,
reprimand, fragmentation and confusion. Each sentence is a report string (``finding.*``, which a
pack may reword) filled with figures computed here from the same stage results the sections read,
so that a sentence and its table agree. The same findings close their sections as conclusions
(`conclusions`). Where a number was measured for validity (the pack's validation record), the
sentence says how well the measure held on documents it was not tuned on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from tixi.domain import domain_of
from tixi.errors import InputError
from tixi.flows.tension import load_reprimand_rules
from tixi.frameworks.align import ALIGNMENT_FILE
from tixi.model import INTERVIEW_KIND
from tixi.report.context import ReportContext
from tixi.report.evidence import EvidenceRow
from tixi.report.model import Finding, Heading, Paragraph, Section
from tixi.report.sections.common import (
    auto_codings,
    behaviour_categories,
    code_categories,
    first_crossings,
    interval_text,
    passages,
    per_document,
    split_codes,
    validation_figures,
)
from tixi.report.sections.crossrefs_table import article_row

if TYPE_CHECKING:
    from tixi.project import Project

KEY = "summary"
# The sections whose questions the summary answers, in the order it answers them.
ANSWERED = ("overview", "criteria", "virtues", "flows", "fragmentation", "interviews")


def findings(project: Project, context: ReportContext) -> dict[str, list[Finding]]:
    """Return the findings by the section they conclude (computed once per report)."""
    made: dict[str, list[Finding]] = context.result("findings", lambda: _all_findings(project, context))
    return made


def section(project: Project, context: ReportContext) -> Section:
    """Return the summary: the study named, then its findings by question, each with evidence links."""
    result = Section(KEY, context.t("summary.title"), context.t("summary.intro"))
    found = findings(project, context)
    for key in ANSWERED:
        if found.get(key):
            result.blocks.append(Heading(context.t(f"{key}.title")))
            result.blocks.extend(found[key])
    if not any(found.values()):
        result.notes.append(context.t("report.no_data"))
    return result


def conclusions(project: Project, context: ReportContext, key: str) -> list[Heading | Finding]:
    """Return the closing blocks of section ``key``: a heading and its findings (anchored apart from the summary's)."""
    found = findings(project, context).get(key, [])
    if not found:
        return []
    return [Heading(context.t("summary.conclusion")), *(Finding(f"{item.key}-end", item.text, item.groups) for item in found)]


# -- the findings ---------------------------------------------------------------------------------


def _all_findings(project: Project, context: ReportContext) -> dict[str, list[Finding]]:
    makers: dict[str, Callable[[Project, ReportContext], list[Finding]]] = {
        "overview": _corpus, "criteria": _criteria, "virtues": _virtues, "flows": _flows, "fragmentation": _fragmentation, "interviews": _interviews,
    }
    found: dict[str, list[Finding]] = {}
    for key, make in makers.items():
        try:
            found[key] = make(project, context)
        except InputError:  # a stage with no data (no flows read, no cases) has nothing to find
            found[key] = []
    return found


def _group(context: ReportContext, key: str, label: str, unit: str, rows: Iterable[EvidenceRow]) -> str:
    group_id, _ = context.group_once(("finding", key, label), label, KEY, unit, lambda: list(rows))
    return group_id


def _system_name(context: ReportContext, system: str) -> str:
    return context.names.value("systems", system)


def _validated(context: ReportContext, project: Project, measures: tuple[str, str]) -> str:
    """Return the clause that says how a measure held on the frozen documents ('' when the pack has no record)."""
    record, figures = validation_figures(project)
    chosen = [figures.get((measure, "frozen")) for measure in measures]
    if not record or any(figure is None or figure.get("value") is None for figure in chosen):
        return ""
    first, second = chosen[0] or {}, chosen[1] or {}
    return context.t("finding.validated", documents=(record.get("frozen") or {}).get("documents", 0),
                     first=interval_text(first), second=interval_text(second))


def _neither(context: ReportContext) -> pd.DataFrame:
    """Return the documents (not transcripts) of neither compared system."""
    docs = context.documents
    return docs[~docs["system"].isin(list(context.names.compared)) & (docs["kind"] != INTERVIEW_KIND)] if not docs.empty else docs


def _corpus(project: Project, context: ReportContext) -> list[Finding]:
    docs = context.documents
    if docs.empty:
        return []
    names = context.names
    compared = list(names.compared)
    groups = []
    counts = []
    for system in compared:
        chosen = docs[(docs["system"] == system) & (docs["kind"] != INTERVIEW_KIND)]
        counts.append(len(chosen))
        groups.append(_group(context, "corpus", f"{_system_name(context, system)}", "documents",
                             (context.evidence.opening(str(doc)) for doc in chosen["id"])))
    interviews = docs[docs["kind"] == INTERVIEW_KIND]
    others = _neither(context)
    if len(others):
        groups.append(_group(context, "corpus", context.t("finding.other_documents"), "documents",
                             (context.evidence.opening(str(doc)) for doc in others["id"])))
    text = context.t("finding.corpus", total=len(docs), a=_system_name(context, compared[0]), a_n=counts[0],
                     b=_system_name(context, compared[1]), b_n=counts[1], others=len(others), interviews=len(interviews))
    if not any(counts):  # nothing to compare by system: say so, and how to assign systems
        text += " " + context.t("finding.no_systems", a=_system_name(context, compared[0]), b=_system_name(context, compared[1]))
    return [Finding("overview-corpus", text, tuple(groups))]


def _criteria(project: Project, context: ReportContext) -> list[Finding]:
    """Return the cross-references between the systems: articles naming the other system's instruments, both ways."""
    compared = list(context.names.compared)
    docs = context.documents
    if len(compared) != 2 or docs.empty or not set(compared) <= set(docs["system"]):
        return []
    a, b = compared
    frame = project.cross_references(a, b)
    values: dict[str, Any] = {"a": _system_name(context, a), "b": _system_name(context, b)}
    groups = []
    for side, other, prefix in ((a, b, "a"), (b, a, "b")):
        own = frame[frame["side"] == side]
        values[f"{prefix}_n"], values[f"{prefix}_docs"] = len(own), own["doc_id"].nunique()
        values[f"{prefix}_of"] = int(frame.attrs.get(f"units_{prefix}", 0))
        rows = [row for row in (article_row(context, record) for record in own.to_dict("records")) if row is not None]
        if rows:  # the same group as the dimension-1 table's article count
            group, _ = context.group_once(("crossrefs", side, other, "articles"), f"{_system_name(context, side)} → {_system_name(context, other)}",
                                          "criteria", "articles", lambda rows=rows: rows)  # type: ignore[misc]
            groups.append(group)
    return [Finding("criteria-crossrefs", context.t("finding.crossrefs", **values), tuple(groups))]


def _virtues(project: Project, context: ReportContext) -> list[Finding]:
    compared = list(context.names.compared)
    codings = auto_codings(project, context)
    if codings.empty or len(compared) != 2:
        return []
    comparison = context.result("virtue_comparison", lambda: project.compare_virtues(compared[0], compared[1], codings=auto_codings(project, context)))
    shared = comparison.shared
    if shared.empty:
        return []
    both = shared[shared["status"] == "shared"]
    a, b = compared
    text = context.t("finding.virtues_shared", shared=len(both), codes=len(shared), a=_system_name(context, a), b=_system_name(context, b))
    out = [Finding("virtues-shared", text + _validated(context, project, ("behaviour codes per article: precision", "behaviour codes per article: recall")))]
    distinct: list[tuple[str, str, float]] = []
    for system, strongest_first in ((a, False), (b, True)):  # the comparison marks the codes key for each system
        key = shared[shared["key_for"] == system].sort_values(["z", "code_id"], ascending=[strongest_first, True], kind="stable")
        if not key.empty:
            distinct.append((system, str(key.iloc[0]["code_id"]), float(key.iloc[0]["z"])))
    if len(distinct) == 2:
        groups, shares = [], []
        docs = context.documents
        for system, code, _ in distinct:
            chosen = codings[(codings["system"] == system) & (codings["code_id"] == code)]
            groups.append(_group(context, "virtues", f"{_system_name(context, system)} · {context.names.code(code)}", "documents",
                                 per_document(context, chosen)))
            shares.append((chosen["doc_id"].nunique(), int(((docs["system"] == system) & (docs["kind"] != INTERVIEW_KIND)).sum())))
        text = context.t("finding.virtues_distinct", a=_system_name(context, a), code_a=context.names.code(distinct[0][1]),
                         z_a=f"{distinct[0][2]:.1f}", a_docs=shares[0][0], a_of=shares[0][1],
                         b=_system_name(context, b), code_b=context.names.code(distinct[1][1]),
                         z_b=f"{abs(distinct[1][2]):.1f}", b_docs=shares[1][0], b_of=shares[1][1])
        out.append(Finding("virtues-distinct", text, tuple(groups)))
    return out


def _flows(project: Project, context: ReportContext) -> list[Finding]:
    flows = context.result("flows", project.flows)
    if flows.empty:
        return []
    domain = domain_of(project.pack)
    if len(domain.crossings) != 2:
        return []
    names = context.names
    forward, backward = domain.crossings
    figures: dict[str, tuple[int, int]] = {}
    groups = []
    for direction in (forward, backward):
        chosen = flows[flows["direction"] == direction]
        figures[direction] = (len(chosen), chosen["doc_id"].nunique())
        if len(chosen):
            groups.append(_group(context, "flows", names.value("directions", direction), "passages", passages(context, chosen)))
    within = int((~flows["direction"].isin(domain.crossings)).sum())
    text = context.t("finding.flows_direction", forward=names.value("directions", forward), f_n=figures[forward][0], f_docs=figures[forward][1],
                     backward=names.value("directions", backward), b_n=figures[backward][0], b_docs=figures[backward][1],
                     within=within, total=len(flows))
    text += _validated(context, project, ("flow article (A, B, W): precision", "flow article (A, B, W): recall"))
    out = [Finding("flows-direction", text, tuple(groups))]
    out.extend(_conflation(project, context, flows))
    out.extend(_reprimand(project, context))
    return out


def _conflation(project: Project, context: ReportContext, flows: pd.DataFrame) -> list[Finding]:
    conflation: pd.DataFrame = context.result("conflation", lambda: project.tension("conflation"))
    domain = domain_of(project.pack)
    if conflation.empty or len(domain.sides) != 2:
        return []
    first_cross = first_crossings(context, flows, domain.crossings)
    parts, groups = [], []
    if not conflation["side"].isin(domain.sides).any():
        return []  # no document belongs to either compared system (the corpus finding says so)
    for side in domain.sides:
        on_side = conflation[conflation["side"] == side]
        conflating = on_side[on_side["conflates"].astype(bool)]
        system = context.names.side_systems.get(side, side)
        parts.append(context.t("finding.conflation_side", n=len(conflating), of=len(on_side), system=_system_name(context, system)))
        rows = [first_cross[str(doc)] for doc in conflating["doc_id"] if str(doc) in first_cross]
        if rows:
            groups.append(_group(context, "conflation", f"{_system_name(context, system)} · {context.t('col.routing_docs')}", "documents", rows))
    text = context.t("finding.conflation", sides=context.t("finding.and").join(parts))
    return [Finding("flows-conflation", text, tuple(groups))]


def _reprimand(project: Project, context: ReportContext) -> list[Finding]:
    try:
        restriction: pd.DataFrame = context.result("reprimand", lambda: project.tension("reprimand"))
        rules = load_reprimand_rules(project.pack)
    except InputError:
        return []
    found = restriction[restriction["kind"] == "reprimand"]
    limits = restriction[restriction["kind"] == "self_restraint"]
    if found.empty:
        needed = rules.needed_in(context.lang)
        return [Finding("flows-reprimand", context.t("finding.no_reprimand", limits=len(limits), documents=limits["doc_id"].nunique(), needed=needed))]
    group = _group(context, "reprimand", context.t("flows.reprimand"), "passages", passages(context, found))
    return [Finding("flows-reprimand", context.t("finding.reprimand", n=len(found), documents=found["doc_id"].nunique(), limits=len(limits)), (group,))]


def _fragmentation(project: Project, context: ReportContext) -> list[Finding]:
    flows = context.result("flows", project.flows)
    domain = domain_of(project.pack)
    if flows.empty or not domain.crossings:
        return []
    routed = flows[(flows["direction"] == domain.crossings[0]) & flows["place"].notna() & (flows["place"].astype(str) != "")]
    if routed.empty:
        return []
    routed = routed.assign(place=[context.place(place) for place in routed["place"]])
    categories, kinds = code_categories(project), behaviour_categories(project)
    places_of: dict[str, set[str]] = {}
    for behaviours, place in zip(routed["behaviour"], routed["place"], strict=True):
        for code in split_codes(behaviours):
            if categories.get(code) in kinds:  # virtues and behaviours, not the instruments a flow names
                places_of.setdefault(code, set()).add(str(place))
    places = sorted(set(routed["place"].astype(str)))
    if not places_of:
        return []
    spread = Counter({code: len(found) for code, found in places_of.items()})
    code, widest = sorted(spread.items(), key=lambda item: (-item[1], item[0]))[0]
    single = sum(1 for count in spread.values() if count == 1)
    chosen = routed[[code in split_codes(value) for value in routed["behaviour"]]]
    group = _group(context, "fragmentation", context.names.code(code), "documents", per_document(context, chosen))
    everywhere = _group(context, "fragmentation", context.names.value("directions", domain.crossings[0]), "documents", per_document(context, routed))
    text = context.t("finding.fragmentation", places=len(places), direction=context.names.value("directions", domain.crossings[0]),
                     behaviours=len(spread), code=context.names.code(code), widest=widest, single=single,
                     documents=routed["doc_id"].nunique(), code_documents=chosen["doc_id"].nunique())
    return [Finding("fragmentation-routed", text, (everywhere, group))]


def _interviews(project: Project, context: ReportContext) -> list[Finding]:
    cases = project.cases()
    if cases.empty:
        return []
    confusion = project.confusion()
    if confusion.empty:
        return []
    synthetic = bool(cases["synthetic"].astype(bool).any())
    turns, conflated, uncertain = int(confusion["system_turns"].sum()), int(confusion["conflated"].sum()), int(confusion["uncertain"].sum())
    cities = confusion["city"].nunique() if "city" in confusion.columns else 0
    docs = context.documents
    interview_docs = docs[docs["kind"] == INTERVIEW_KIND]["id"]
    group = _group(context, "interviews", context.t("interviews.title"), "documents", (context.evidence.opening(str(doc)) for doc in interview_docs))
    text = context.t("finding.confusion", interviews=len(cases), cities=cities, conflated=conflated, uncertain=uncertain, turns=turns)
    if synthetic:
        text += " " + context.t("finding.synthetic")
    return [Finding("interviews-confusion", text, (group,) if len(interview_docs) else ())]


def limitations(project: Project, context: ReportContext) -> Section:
    """Return what the corpus lacks and how well the measures hold, as paragraphs built from the numbers."""
    result = Section("limitations", context.t("limitations.title"), context.t("limitations.intro"))
    cases = project.cases()
    synthetic = int(cases["synthetic"].astype(bool).sum()) if not cases.empty else 0
    if synthetic:
        result.blocks.append(Paragraph(context.t("limitations.synthetic", n=synthetic)))
    try:
        restriction: pd.DataFrame = context.result("reprimand", lambda: project.tension("reprimand"))
        rules = load_reprimand_rules(project.pack)
        if not (restriction["kind"] == "reprimand").any():
            result.blocks.append(Paragraph(context.t("limitations.no_reprimand", needed=rules.needed_in(context.lang))))
    except InputError:
        pass
    record, figures = validation_figures(project)
    if record:
        def value(measure: str) -> str:
            figure = figures.get((measure, "frozen"))
            return interval_text(figure) if figure and figure.get("value") is not None else "—"

        result.blocks.append(Paragraph(context.t(
            "limitations.validity", documents=(record.get("frozen") or {}).get("documents", 0),
            flow_p=value("flow article (A, B, W): precision"), flow_r=value("flow article (A, B, W): recall"),
            direction=value("direction right, of found true flows"), source=value("source right, of found true flows"),
            target=value("target right, of found true flows"), data=value("data right, of found true flows"),
            codes=value("behaviour codes per article: f1"),
        )))
    alignment = project.pack.yaml(ALIGNMENT_FILE) if project.pack.has(ALIGNMENT_FILE) else None
    measured = (alignment or {}).get("measured") if isinstance(alignment, dict) else None
    if isinstance(measured, dict):
        aligner, baseline = measured.get("aligner") or {}, measured.get("baseline") or {}
        result.blocks.append(Paragraph(context.t(
            "limitations.alignment", pairs=measured.get("pairs", 0), indicators=measured.get("indicators", 0), related=measured.get("related", 0),
            kappa=measured.get("kappa", ""), recall=aligner.get("recall", "—"), base_p=baseline.get("precision", "—"),
            base_r=baseline.get("recall", "—"),
        )))
    others = _neither(context)
    if len(others):
        result.blocks.append(Paragraph(context.t("limitations.others", n=len(others))))
    result.blocks.append(Paragraph(context.t("limitations.dates")))
    return result
