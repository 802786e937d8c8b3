"""Reading a written report back: its evidence pages and their groups (shared by the report tests)."""

from __future__ import annotations

from pathlib import Path

import lxml.html


def evidence_groups(report_dir: Path) -> dict[str, tuple[str, lxml.html.HtmlElement]]:
    """Return each evidence group on the report's evidence pages by id: (page path, group element)."""
    found: dict[str, tuple[str, lxml.html.HtmlElement]] = {}
    for page_path in sorted((report_dir / "evidence").glob("e*.html")):
        page = lxml.html.parse(str(page_path)).getroot()
        for group in page.xpath('//div[@class="ev-group"]'):
            assert group.get("id") not in found, f"group {group.get('id')} on two pages"
            found[group.get("id")] = (f"evidence/{page_path.name}", group)
    return found
