"""Agreement between the two annotators, per field, with tixi's own reliability code; and the
disagreements that adjudication must settle.

    python validation/agree.py            # the agreement table (validation/annotations/{A,B}/*.jsonl)
    python validation/agree.py --disagreements OUT_DIR   # one file of disputed articles per batch
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

from tixi.interviews.reliability import cohen_kappa, krippendorff_alpha, percent_agreement

HERE = Path(__file__).parent
ANNOTATIONS = HERE / "annotations"
FLOW_TYPES = ("A", "B", "W")


def read(folder: Path) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("batch_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                row["batch"] = path.stem
                rows[row["id"]] = row
    return rows


def types(row: dict[str, Any]) -> set[str]:
    return {str(flow.get("type")) for flow in row.get("flows") or []}


def codes(row: dict[str, Any]) -> dict[str, str | None]:
    return {str(item["code"]): item.get("polarity") for item in row.get("codes") or []}


def family(code: str) -> str:
    return code.split(".", 1)[0]


def field_row(name: str, first: list[Any], second: list[Any]) -> dict[str, Any]:
    values = sorted({value for value in first + second if value is not None}, key=str)
    index = {value: number for number, value in enumerate(values)}
    a = [index.get(value) if value is not None else None for value in first]
    b = [index.get(value) if value is not None else None for value in second]
    return {"field": name, "units": sum(1 for x, y in zip(a, b, strict=True) if x is not None and y is not None),
            "percent": percent_agreement([a, b]), "kappa": cohen_kappa(a, b), "alpha": krippendorff_alpha([a, b])}


def agreement(first: dict[str, dict[str, Any]], second: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    ids = sorted(set(first) & set(second))
    rows = [field_row("flow article (A, B or W)", [int(bool(types(first[i]) & set(FLOW_TYPES))) for i in ids],
                      [int(bool(types(second[i]) & set(FLOW_TYPES))) for i in ids])]
    for kind in ("A", "B", "C", "W"):
        rows.append(field_row(f"type {kind} in article", [int(kind in types(first[i])) for i in ids], [int(kind in types(second[i])) for i in ids]))
    both = [i for i in ids if types(first[i]) & set(FLOW_TYPES) and types(second[i]) & set(FLOW_TYPES)]
    for name in ("direction", "modality"):
        rows.append(field_row(f"{name} of the article's first flow (both flow)", [first[i]["flows"][0].get(name) for i in both],
                              [second[i]["flows"][0].get(name) for i in both]))
    all_codes = sorted({code for i in ids for code in codes(first[i]) | codes(second[i])})
    for fam in sorted({family(code) for code in all_codes}):
        chosen = [code for code in all_codes if family(code) == fam]
        rows.append(field_row(f"codes: {fam} (article × code present)",
                              [int(code in codes(first[i])) for i in ids for code in chosen],
                              [int(code in codes(second[i])) for i in ids for code in chosen]))
    rows.append(field_row("codes: all (article × code present)", [int(code in codes(first[i])) for i in ids for code in all_codes],
                          [int(code in codes(second[i])) for i in ids for code in all_codes]))
    pairs = [(codes(first[i])[code], codes(second[i])[code]) for i in ids for code in codes(first[i]) if code in codes(second[i])
             and family(code) != "mechanism"]
    rows.append(field_row("polarity (codes both gave)", [a for a, _ in pairs], [b for _, b in pairs]))
    return rows


def show(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--disagreements", type=Path, help="write disputed articles, one file per batch, here")
    args = parser.parse_args()
    first, second = read(ANNOTATIONS / "A"), read(ANNOTATIONS / "B")
    print("| field | units | percent agreement | Cohen's κ | Krippendorff's α |\n| --- | --- | --- | --- | --- |")
    for row in agreement(first, second):
        print(f"| {row['field']} | {row['units']} | {show(row['percent'])} | {show(row['kappa'])} | {show(row['alpha'])} |")
    if args.disagreements:
        args.disagreements.mkdir(parents=True, exist_ok=True)
        disputed: dict[str, list[dict[str, Any]]] = {}
        for key in sorted(set(first) & set(second)):
            a, b = first[key], second[key]
            flows_differ = types(a) != types(b)
            code_diff = sorted(set(codes(a)) ^ set(codes(b)))
            polarity_diff = sorted(code for code in set(codes(a)) & set(codes(b)) if codes(a)[code] != codes(b)[code])
            if flows_differ or code_diff or polarity_diff:
                disputed.setdefault(a["batch"], []).append({
                    "id": key, "flows_differ": flows_differ, "codes_differ": code_diff, "polarity_differ": polarity_diff,
                    "first": {"flows": a.get("flows"), "codes": a.get("codes"), "note": a.get("note", "")},
                    "second": {"flows": b.get("flows"), "codes": b.get("codes"), "note": b.get("note", "")},
                })
        for batch, rows in disputed.items():
            with (args.disagreements / f"{batch}.jsonl").open("w", encoding="utf-8") as out:
                for row in rows:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
            print(f"{batch}: {len(rows)} disputed articles, {sum(r['flows_differ'] for r in rows)} on flows")


if __name__ == "__main__":
    main()
