"""Frameworks as YAML: read (validated, errors with the line) and write. Schema: docs/frameworks-yaml.md.

A file holds one framework::

    schema: tixi-framework/1
    name: nankai2017
    system: NCCA
    title: 全国文明城市（城区）测评体系
    indicators:
      - code: Ⅰ-6
        title: 诚信守法的市场环境
        children:
          - code: Ⅱ-18
            title: 推进诚信建设制度化
            children:
              - code: Ⅲ-34
                title: 社会信用体系建设
                points: 2
                standards: [贯彻国务院《社会信用体系建设规划纲要》…]
                methods: [材料审核, 实地考察]
                checks:
                  - {method: 材料审核, refs: ["#126"], label: ①, text: 提供…的规范文件}
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from tixi.errors import InputError
from tixi.frameworks.model import Check, Framework, Indicator, child_key
from tixi.frameworks.parse_outline import read_label

SCHEMA = "tixi-framework/1"
_TOP_KEYS = {"schema", "name", "system", "title", "source", "parser", "indicators", "warnings", "meta", "version", "sources"}
_INDICATOR_KEYS = {"code", "title", "content", "standards", "methods", "checks", "points", "notes", "children", "meta", "span"}
_CHECK_KEYS = {"method", "text", "refs", "label", "materials", "notes"}


def read_framework_yaml(path: Path, *, name: str | None = None, system: str | None = None, systems: Sequence[str] = ()) -> Framework:
    """Return the framework in a YAML file; raise InputError naming the line of the first problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read ({error})") from error
    return framework_from_yaml(text, str(path), name=name, system=system, systems=systems)


def framework_from_yaml(text: str, where: str, *, name: str | None = None, system: str | None = None,
                        systems: Sequence[str] = ()) -> Framework:
    """Return the framework in YAML ``text`` (``where`` names it in errors); arguments override name and system."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"{where}{line}: not valid YAML: {getattr(error, 'problem', error)}") from error
    reader = _Reader(where)
    if root is None:
        raise InputError(f"{where}: the file is empty; see docs/frameworks-yaml.md for the schema")
    top = reader.mapping(root, "the file", _TOP_KEYS)
    schema = reader.scalar(top, "schema", required=False)
    if schema not in (None, SCHEMA):
        reader.fail(top["schema"], f"schema is {schema!r}; this tixi reads {SCHEMA!r}")
    framework = Framework(
        name=name or reader.scalar(top, "name", required=name is None) or "",
        system=system or reader.scalar(top, "system", required=system is None) or "",
        title=reader.scalar(top, "title", required=False) or "",
        source=reader.scalar(top, "source", required=False) or where,
        parser="yaml",
    )
    if not framework.system.strip():
        reader.fail(top.get("system", root), "system is empty; name the system the framework belongs to (the pack's domain lists them)")
    if systems and framework.system not in systems:
        reader.fail(top.get("system", root), f"system must be one of {', '.join(systems)}, got {framework.system!r}")
    if "meta" in top:
        framework.meta = dict(reader.plain(top["meta"]))
    if "indicators" not in top:
        reader.fail(root, "missing key 'indicators' (a list of items, each with code and title)")
    keys: set[str] = set()
    reader.indicators(top["indicators"], framework, None, 1, keys)
    if not framework.indicators:
        reader.fail(top["indicators"], "'indicators' is empty")
    return framework


class _Reader:
    """Walks the YAML node tree, converting and checking, with line numbers for errors."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, node: yaml.Node, message: str) -> None:
        raise InputError(f"{self.where} line {node.start_mark.line + 1}: {message}")

    def mapping(self, node: yaml.Node, what: str, allowed: set[str]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} must be a mapping (key: value lines)")
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key not in allowed:
                self.fail(key_node, f"unknown key {key!r} in {what}; allowed: {', '.join(sorted(allowed))}")
            result[key] = value_node
        return result

    def plain(self, node: yaml.Node) -> Any:
        return yaml.safe_load(yaml.serialize(node))

    def scalar(self, mapping: dict[str, yaml.Node], key: str, *, required: bool = True) -> str | None:
        node = mapping.get(key)
        if node is None:
            if required:
                raise InputError(f"{self.where}: missing key {key!r}")
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, f"{key} must be a single value")
        value = self.plain(node)
        return None if value is None else str(value)

    def strings(self, mapping: dict[str, yaml.Node], key: str) -> list[str]:
        node = mapping.get(key)
        if node is None:
            return []
        if isinstance(node, yaml.ScalarNode):
            value = self.plain(node)
            return [] if value is None else [str(value)]
        if not isinstance(node, yaml.SequenceNode) or not all(isinstance(item, yaml.ScalarNode) for item in node.value):
            self.fail(node, f"{key} must be a text or a list of texts")
        return [str(self.plain(item)) for item in node.value]

    def number(self, mapping: dict[str, yaml.Node], key: str) -> float | None:
        node = mapping.get(key)
        if node is None:
            return None
        value = self.plain(node)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(node, f"{key} must be a number, got {value!r}")
        return float(value)

    def indicators(self, node: yaml.Node, framework: Framework, parent: str | None, level: int, keys: set[str]) -> None:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, "indicators and children must be lists (lines starting with '- ')")
        for item_node in node.value:
            item = self.mapping(item_node, "an indicator", _INDICATOR_KEYS)
            code = self.scalar(item, "code", required=False) or ""
            title = self.scalar(item, "title", required=False) or ""
            if not code and not title:
                self.fail(item_node, "an indicator needs a code or a title")
            indicator = Indicator(
                key=child_key(parent, code, title, keys), code=code, level=level, title=title, parent=parent,
                number=_number_of(code), content=self.scalar(item, "content", required=False) or "",
                standards=self.strings(item, "standards"), points=self.number(item, "points"),
                notes=self.strings(item, "notes"), line=item_node.start_mark.line + 1,
                checks=self.checks(item.get("checks")),
            )
            if "span" in item:
                span = self.plain(item["span"]) or {}
                if not isinstance(span, dict):
                    self.fail(item["span"], "span must be a mapping with doc_id, start and end")
                indicator.doc_id, indicator.start, indicator.end = span.get("doc_id"), span.get("start"), span.get("end")
            listed = set(self.strings(item, "methods"))
            indicator.checks += [Check(method=method, text="") for method in sorted(listed - set(indicator.methods))]
            if "meta" in item:
                indicator.meta = dict(self.plain(item["meta"]) or {})
            framework.indicators.append(indicator)
            if "children" in item:
                self.indicators(item["children"], framework, indicator.key, level + 1, keys)

    def checks(self, node: yaml.Node | None) -> list[Check]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, "checks must be a list")
        checks = []
        for check_node in node.value:
            fields = self.mapping(check_node, "a check", _CHECK_KEYS)
            checks.append(Check(
                method=self.scalar(fields, "method", required=False) or "", text=self.scalar(fields, "text", required=False) or "",
                refs=self.strings(fields, "refs"), label=self.scalar(fields, "label", required=False) or "",
                materials=self.scalar(fields, "materials", required=False) or "", notes=self.strings(fields, "notes"),
            ))
        return checks


def _number_of(code: str) -> int | None:
    label = read_label(code + " ") if code else None
    return label.number if label else None


def framework_to_data(framework: Framework) -> dict[str, Any]:
    """Return the framework as plain data in the YAML schema (nested children)."""
    def item(indicator: Indicator) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if indicator.code:
            data["code"] = indicator.code
        data["title"] = indicator.title
        for key, value in (("content", indicator.content), ("standards", indicator.standards), ("notes", indicator.notes)):
            if value:
                data[key] = value
        if indicator.points is not None:
            data["points"] = int(indicator.points) if indicator.points.is_integer() else indicator.points
        if indicator.methods:
            data["methods"] = indicator.methods
        checks = [_check_data(check) for check in indicator.checks if check.text or check.refs or check.materials]
        if checks:
            data["checks"] = checks
        if indicator.meta:
            data["meta"] = indicator.meta
        if indicator.start is not None and indicator.end is not None:
            data["span"] = {"doc_id": indicator.doc_id, "start": indicator.start, "end": indicator.end}
        children = framework.children(indicator.key)
        if children:
            data["children"] = [item(child) for child in children]
        return data

    data: dict[str, Any] = {"schema": SCHEMA, "name": framework.name, "system": framework.system}
    if framework.title:
        data["title"] = framework.title
    if framework.source:
        data["source"] = framework.source
    data["indicators"] = [item(top) for top in framework.children(None)]
    return data


def _check_data(check: Check) -> dict[str, Any]:
    data: dict[str, Any] = {"method": check.method} if check.method else {}
    for key, value in (("refs", check.refs), ("label", check.label), ("text", check.text), ("materials", check.materials), ("notes", check.notes)):
        if value:
            data[key] = value
    return data


def framework_to_yaml(framework: Framework) -> str:
    """Return the framework as YAML text in the documented schema."""
    return yaml.safe_dump(framework_to_data(framework), allow_unicode=True, sort_keys=False, width=1000)
