"""Compare the virtues and behaviours two groups of documents mention (dimension 2).

Everything here is pure: it takes the evidence frame of codings (``tixi.coding.evidence``),
the documents and their article counts, and returns DataFrames. Each counting row carries an
``evidence`` column naming its first spans, and ``Project.evidence`` lists them all.

- prevalence: per code and group, documents and articles that mention it, with shares;
- keyness: log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
  "Fightin' Words", eq. 16-22; natural logs) and its z-score, and Pearson's chi-square (2x2, 1 df);
- shared versus distinctive codes;
- co-occurrence of codes within articles: counts and the c-coefficient n12 / (n1 + n2 - n12);
- the document (or article) x code matrix.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import pandas as pd

from tixi.coding.evidence import evidence_summary, year_of
from tixi.errors import InputError, did_you_mean

GROUPINGS = ("system", "kind", "level", "place", "year")  # document fields (year: of the date) to group by
MATRIX_UNITS = ("document", "article")
PREVALENCE_COLUMNS = [
    "code_id", "label_zh", "label_en", "category", "group", "documents", "documents_total", "document_share",
    "articles", "articles_total", "article_share", "mentions", "promoted", "prohibited", "regulated", "evidence",
]
KEYNESS_COLUMNS = ["code_id", "label_en", "counted", "count_a", "count_b", "total_a", "total_b", "alpha", "log_odds", "variance", "z", "chi2",
                   "p_chi2"]
WEIGHTS = ("mentions", "documents")  # what keyness counts: every mention, or each document once
COOCCURRENCE_COLUMNS = ["code_a", "code_b", "group", "articles_a", "articles_b", "articles_both", "c", "evidence"]


@dataclass
class VirtueComparison:
    """The tables of one comparison between group ``a`` and group ``b`` of documents grouped ``by``."""

    by: str
    a: str
    b: str
    prevalence: pd.DataFrame
    keyness: pd.DataFrame
    shared: pd.DataFrame
    cooccurrence: pd.DataFrame
    matrix: pd.DataFrame


def check_grouping(by: str) -> None:
    """Raise InputError unless documents can be grouped ``by`` (one of ``GROUPINGS``)."""
    if by not in GROUPINGS:
        raise InputError(f"--by must be one of {', '.join(GROUPINGS)}, got {by!r}")


def group_of(documents: pd.DataFrame, by: str) -> pd.Series:
    """Return each document's group value (index: document id) for ``by`` (a column, or ``year`` from the date)."""
    check_grouping(by)
    column = documents["date"] if by == "year" else documents[by]
    values = [year_of(value) if by == "year" else (None if pd.isna(value) else str(value)) for value in column]
    return pd.Series(values, index=list(documents["id"]), dtype=object)


def unit_key(frame: pd.DataFrame) -> pd.Series:
    """Return the article a coding lies in as ``doc_id|article`` (``doc_id|`` for text outside articles)."""
    labels = frame["article"].fillna("").astype(str)
    return frame["doc_id"].astype(str) + "|" + labels


def prevalence(codings: pd.DataFrame, groups: pd.Series, articles: Mapping[str, int], codes: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Return, per code and group, the documents and articles mentioning it, with totals, shares and evidence.

    ``groups`` maps document id to group; ``articles`` maps document id to its number of
    articles (a document without articles counts as one unit); ``codes`` has id, label_zh,
    label_en, category.
    """
    labels = codes.set_index("id")
    records = []
    for name in names:
        members = sorted(groups[groups == name].index)
        documents_total = len(members)
        articles_total = sum(max(1, int(articles.get(doc_id, 0))) for doc_id in members)
        subset = codings[codings["doc_id"].isin(members)]
        units = unit_key(subset)
        for code_id in sorted(set(codings["code_id"])):
            rows = subset[subset["code_id"] == code_id]
            documents = rows["doc_id"].nunique()
            units_hit = units[rows.index].nunique()
            records.append({
                "code_id": code_id,
                "label_zh": labels["label_zh"].get(code_id), "label_en": labels["label_en"].get(code_id),
                "category": labels["category"].get(code_id), "group": name,
                "documents": documents, "documents_total": documents_total,
                "document_share": documents / documents_total if documents_total else 0.0,
                "articles": units_hit, "articles_total": articles_total,
                "article_share": units_hit / articles_total if articles_total else 0.0,
                "mentions": len(rows),
                # Mentions by polarity, so promoted and prohibited behaviour read apart (regulated: no polarity).
                "promoted": int((rows["polarity"] == "promoted").sum()), "prohibited": int((rows["polarity"] == "prohibited").sum()),
                "regulated": int(rows["polarity"].isna().sum()),
                "evidence": evidence_summary(rows),
            })
    return pd.DataFrame.from_records(records, columns=PREVALENCE_COLUMNS)


def log_odds_dirichlet(count_a: float, count_b: float, total_a: float, total_b: float, alpha: float, alpha0: float) -> tuple[float, float, float]:
    """Return (delta, variance, z): Monroe et al.'s log-odds ratio of a term in a versus b with prior ``alpha`` (of ``alpha0``).

    delta = ln((y_a + a_w) / (n_a + a_0 - y_a - a_w)) - ln((y_b + a_w) / (n_b + a_0 - y_b - a_w)),
    variance = 1 / (y_a + a_w) + 1 / (y_b + a_w), z = delta / sqrt(variance).
    """
    odds_a = (count_a + alpha) / (total_a + alpha0 - count_a - alpha)
    odds_b = (count_b + alpha) / (total_b + alpha0 - count_b - alpha)
    delta = math.log(odds_a) - math.log(odds_b)
    variance = 1.0 / (count_a + alpha) + 1.0 / (count_b + alpha)
    return delta, variance, delta / math.sqrt(variance)


def chi_square(count_a: float, count_b: float, total_a: float, total_b: float) -> tuple[float, float]:
    """Return Pearson's chi-square of the 2x2 table (term, other) x (a, b), without continuity correction, and its p-value (1 df)."""
    a, b, c, d = count_a, total_a - count_a, count_b, total_b - count_b
    n = a + b + c + d
    denominator = (a + b) * (c + d) * (a + c) * (b + d)
    if denominator == 0:
        return 0.0, 1.0
    statistic = n * (a * d - b * c) ** 2 / denominator
    return statistic, math.erfc(math.sqrt(statistic / 2.0))


def keyness(counts_a: Mapping[str, int], counts_b: Mapping[str, int], *, alpha0: float | None = None,
            labels: Mapping[str, str] | None = None, counted: str = "mentions") -> pd.DataFrame:
    """Return keyness of every code between a and b, sorted by z (a-distinctive first).

    The informative prior is the pooled counts: a_w = a_0 * (y_a + y_b) / (n_a + n_b), with
    a_0 = n_a + n_b unless ``alpha0`` is given. Positive z: more typical of a.
    """
    codes = sorted(set(counts_a) | set(counts_b))
    total_a = float(sum(counts_a.values()))
    total_b = float(sum(counts_b.values()))
    pooled = total_a + total_b
    prior_total = pooled if alpha0 is None else float(alpha0)
    records = []
    for code in codes:
        count_a, count_b = float(counts_a.get(code, 0)), float(counts_b.get(code, 0))
        alpha = prior_total * (count_a + count_b) / pooled if pooled else 0.0
        delta, variance, z = log_odds_dirichlet(count_a, count_b, total_a, total_b, alpha, prior_total)
        statistic, p_value = chi_square(count_a, count_b, total_a, total_b)
        records.append({
            "code_id": code, "label_en": (labels or {}).get(code), "counted": counted, "count_a": int(count_a), "count_b": int(count_b),
            "total_a": int(total_a), "total_b": int(total_b), "alpha": alpha, "log_odds": delta, "variance": variance,
            "z": z, "chi2": statistic, "p_chi2": p_value,
        })
    frame = pd.DataFrame.from_records(records, columns=KEYNESS_COLUMNS)
    return frame.sort_values(["z", "code_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def shared_distinctive(prevalence_frame: pd.DataFrame, keyness_frame: pd.DataFrame, a: str, b: str, *, z_threshold: float = 1.96) -> pd.DataFrame:
    """Return per code: documents in a and b, whether shared (in both) or only in one, and whether key for a or b."""
    pivot = prevalence_frame.pivot_table(index="code_id", columns="group", values="documents", aggfunc="sum", fill_value=0)
    z_by_code = keyness_frame.set_index("code_id")["z"]
    records = []
    for code_id in sorted(pivot.index):
        in_a = int(pivot.loc[code_id].get(a, 0))
        in_b = int(pivot.loc[code_id].get(b, 0))
        if not in_a and not in_b:
            continue
        status = "shared" if in_a and in_b else (f"only {a}" if in_a else f"only {b}")
        z = float(z_by_code.get(code_id, 0.0))
        key = a if z >= z_threshold else (b if z <= -z_threshold else "")
        evidence = prevalence_frame[(prevalence_frame["code_id"] == code_id) & (prevalence_frame["documents"] > 0)]
        records.append({"code_id": code_id, f"documents_{a}": in_a, f"documents_{b}": in_b, "status": status, "z": z,
                        "key_for": key, "evidence": " | ".join(f"{row.group}: {row.evidence}" for row in evidence.itertuples())})
    return pd.DataFrame.from_records(records, columns=["code_id", f"documents_{a}", f"documents_{b}", "status", "z", "key_for", "evidence"])


def cooccurrence(codings: pd.DataFrame, group: str = "all", *, min_both: int = 1) -> pd.DataFrame:
    """Return pairs of codes mentioned in the same article: n1, n2, n12 and c = n12 / (n1 + n2 - n12)."""
    if codings.empty:
        return pd.DataFrame(columns=COOCCURRENCE_COLUMNS)
    units = unit_key(codings)
    per_code: dict[str, set[str]] = {}
    for code_id, unit in zip(codings["code_id"], units, strict=True):
        per_code.setdefault(code_id, set()).add(unit)
    records = []
    for first, second in combinations(sorted(per_code), 2):
        both = per_code[first] & per_code[second]
        if len(both) < min_both:
            continue
        n1, n2, n12 = len(per_code[first]), len(per_code[second]), len(both)
        examples = sorted(both)[:3]
        records.append({"code_a": first, "code_b": second, "group": group, "articles_a": n1, "articles_b": n2, "articles_both": n12,
                        "c": n12 / (n1 + n2 - n12), "evidence": "; ".join(unit.replace("|", " ") for unit in examples)})
    frame = pd.DataFrame.from_records(records, columns=COOCCURRENCE_COLUMNS)
    return frame.sort_values(["c", "articles_both", "code_a", "code_b"], ascending=[False, False, True, True], kind="stable").reset_index(drop=True)


def code_matrix(codings: pd.DataFrame, by: str = "document") -> pd.DataFrame:
    """Return the code matrix: ``document`` gives one row per document and a count column per code;
    ``article`` gives one long row per (document, article, code, polarity, term) with its count and spans."""
    if by not in MATRIX_UNITS:
        raise InputError(f"--by must be {' or '.join(MATRIX_UNITS)}, got {by!r}")
    if by == "document":
        if codings.empty:
            return pd.DataFrame(columns=["doc_id", "title", "system"])
        table = codings.pivot_table(index=["doc_id", "title", "system"], columns="code_id", values="start", aggfunc="count", fill_value=0)
        table.columns = [str(column) for column in table.columns]
        return table.reset_index().sort_values(["system", "title", "doc_id"], kind="stable").reset_index(drop=True)
    keys = ["doc_id", "title", "system", "article", "article_number", "code_id", "polarity", "term"]
    filled = codings.assign(article=codings["article"].fillna(""), polarity=codings["polarity"].fillna(""),
                            article_number=codings["article_number"].fillna(-1).astype(int))
    records = []
    for key, rows in filled.groupby(keys, sort=True, dropna=False):
        spans = " ".join(f"{start}-{end}" for start, end in zip(rows["start"], rows["end"], strict=True))
        records.append({**dict(zip(keys, key, strict=True)), "count": len(rows), "spans": spans})
    frame = pd.DataFrame.from_records(records, columns=[*keys, "count", "spans"])
    frame["article_number"] = frame["article_number"].replace(-1, pd.NA)
    return frame.sort_values(["system", "title", "doc_id", "article_number", "code_id", "polarity", "term"],
                             kind="stable", na_position="first").reset_index(drop=True)


def check_groups(groups: pd.Series, by: str, names: Sequence[str]) -> None:
    """Raise InputError naming the group values there are (and the nearest one) when a group has no document."""
    present = sorted({str(value) for value in groups if value is not None})
    for name in names:
        if name not in present:
            hint = did_you_mean(name, present)
            values = ", ".join(present[:12]) + (" …" if len(present) > 12 else "") if present else "none: no document has a " + by
            how = f"tixi add --{by} …" if by in ("system", "kind") else ("a date" if by == "year" else f"tixi add --meta {by}=…")
            raise InputError(f"no document has {by} {name!r}{hint} ({by} values in this project: {values}). "
                             f"Set it when adding ({how}, or a manifest column) or compare by another field (--by).")


def compare(codings: pd.DataFrame, documents: pd.DataFrame, articles: Mapping[str, int], codes: pd.DataFrame,
            a: str, b: str, *, by: str = "system", alpha0: float | None = None, weight: str = "mentions") -> VirtueComparison:
    """Return all tables comparing group ``a`` with group ``b`` (documents grouped ``by``).

    Keyness counts every mention (``weight="mentions"``) or each document once (``"documents"``), so
    one long regulation that names a code hundreds of times does not decide the comparison.
    """
    if weight not in WEIGHTS:
        raise InputError(f"weight must be one of {', '.join(WEIGHTS)}, got {weight!r}")
    groups = group_of(documents, by)
    check_groups(groups, by, [a, b])
    codings = codings.assign(group=pd.Series([groups.get(doc_id) for doc_id in codings["doc_id"]], index=codings.index, dtype=object))
    in_groups = codings[codings["group"].isin([a, b])].reset_index(drop=True)
    by_group = {name: in_groups[in_groups["group"] == name].reset_index(drop=True) for name in (a, b)}
    if weight == "documents":
        counts = {name: {str(code): int(count) for code, count in frame.groupby("code_id")["doc_id"].nunique().items()}
                  for name, frame in by_group.items()}
    else:
        counts = {name: {str(code): int(count) for code, count in frame["code_id"].value_counts().items()} for name, frame in by_group.items()}
    prevalence_frame = prevalence(in_groups, groups, articles, codes, [a, b])
    keyness_frame = keyness(counts[a], counts[b], alpha0=alpha0, labels=dict(zip(codes["id"], codes["label_en"], strict=True)), counted=weight)
    return VirtueComparison(
        by=by, a=a, b=b, prevalence=prevalence_frame, keyness=keyness_frame,
        shared=shared_distinctive(prevalence_frame, keyness_frame, a, b),
        cooccurrence=pd.concat([cooccurrence(by_group[name], name) for name in (a, b)], ignore_index=True),
        matrix=code_matrix(in_groups, "document"),
    )
