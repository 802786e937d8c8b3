"""Every number in the report's tables links to evidence rows that exist and quote the documents."""

from __future__ import annotations

import random
import re
from pathlib import Path

import lxml.html
import pytest

from tixi.demo import DemoRun
from tixi.report.evidence import EvidenceRow, count_of

from .pages import evidence_groups

SAMPLE = 80
INTEGER = re.compile(r"\d+")
# Sections whose tables describe the run rather than count passages (versions, file sizes).
NOT_COUNTS = {"sec-methods"}


def texts(run: DemoRun) -> dict[str, str]:
    return dict(run.project.iter_texts())



def test_every_count_in_a_table_is_linked(report_dir: Path) -> None:
    page = lxml.html.parse(str(report_dir / "report.html")).getroot()
    unlinked = []
    for section in page.xpath('//section[contains(@class, "report-section")]'):
        if section.get("id") in NOT_COUNTS:
            continue
        for table in section.xpath('.//table[@class="result"]'):
            for row in table.xpath("./tbody/tr"):
                for cell in row.xpath("./td")[1:]:  # the first column names the row (a year may look like a count)
                    if INTEGER.fullmatch(cell.text_content().strip()) and not cell.xpath('./a[@class="ev"]'):
                        unlinked.append((section.get("id"), table.xpath("string(caption)"), cell.text_content()))
    assert unlinked == []


def test_random_numbers_lead_to_real_passages(demo_run: DemoRun, report_dir: Path) -> None:
    page = lxml.html.parse(str(report_dir / "report.html")).getroot()
    links = page.xpath('//table[@class="result"]//a[@class="ev"]')
    assert len(links) > 500
    documents = texts(demo_run)
    groups = evidence_groups(report_dir)
    chosen = random.Random(20240611).sample(links, SAMPLE)
    for link in chosen:
        path, target = link.get("href").split("#")
        assert target in groups, f"link {target} has no evidence group"
        assert groups[target][0] == path, f"link {target} points at {path}, the group is on {groups[target][0]}"
        group = groups[target][1]
        rows = group.xpath('.//tr[@data-doc]')
        assert rows, f"{target} has no rows"
        number = int(link.text_content())
        assert int(group.get("data-count")) == number
        evidence = []
        for row in rows:
            doc = row.get("data-doc")
            start, end = int(row.get("data-start")), int(row.get("data-end"))
            quote = row.xpath('string(.//span[@class="quote"])')
            assert doc in documents, f"{target}: unknown document {doc}"
            assert quote and documents[doc][start:end] == quote, f"{target}: quote not in {doc} at {start}-{end}"
            cells = row.xpath("./td")
            tags = re.search(r"\[([^\]]*)\]$", cells[0].text_content())
            case = tags.group(1).split(" · ")[0] if tags else ""
            evidence.append(EvidenceRow(doc, "", cells[1].text_content(), quote, 0, 0, start, end, case=case))
        assert count_of(group.get("data-unit"), evidence) == number, f"{target}: {group.get('data-unit')} do not add up to {number}"


def test_every_group_links_back_to_a_table_that_cites_it(report_dir: Path) -> None:
    page = lxml.html.parse(str(report_dir / "report.html")).getroot()
    groups = evidence_groups(report_dir)
    assert groups
    for group_id, (_, group) in groups.items():
        back = group.xpath('.//a[@class="back"]')
        assert len(back) == 1, f"{group_id} has no link back to its table"
        report, anchor = back[0].get("href").split("#")
        assert report == "../report.html"
        cited = page.xpath(f'//*[@id="{anchor}"]')
        assert len(cited) == 1, f"{group_id} links back to {anchor}, which the report lacks"
        assert cited[0].xpath(f'.//a[@class="ev"][contains(@href, "#{group_id}")]'), f"{anchor} does not cite {group_id}"


def test_markdown_links_reach_their_rows(demo_run: DemoRun, report_dir: Path) -> None:
    markdown = (report_dir / "report.md").read_text(encoding="utf-8")
    pages = {path.name: path.read_text(encoding="utf-8") for path in sorted((report_dir / "evidence").glob("e*.md"))}
    anchors = {(name, anchor) for name, text in pages.items() for anchor in re.findall(r'<a id="(E\d{4})"></a>', text)}
    links = re.findall(r"\[(\d+)\]\(evidence/(e\d{3}\.md)#(E\d{4})\)", markdown)
    assert len(links) > 500
    assert {(name, target) for _, name, target in links} <= anchors
    documents = texts(demo_run)
    for number, name, target in random.Random(7).sample(links, 40):
        block = pages[name].split(f'<a id="{target}"></a>', 1)[1].split("<a id=", 1)[0]
        heading = re.search(r"\((\d+) [^)]*\)(?: \[↑[^\]]*\]\(\.\./report\.md#[\w-]+\))?\n", block)
        assert heading is not None and int(heading.group(1)) == int(number)
        for line in block.splitlines():
            found = re.match(r"\| .* `([0-9a-f]{16})` \| .* \| …(.*)… \|$", line)
            if found:
                quote = found.group(2).replace("**", "").replace("\\", "")
                assert quote in documents[found.group(1)]


@pytest.mark.parametrize("section", ["overview", "criteria", "virtues", "flows", "fragmentation", "interviews", "reuse", "methods"])
def test_each_section_is_built(demo_run: DemoRun, report_dir: Path, section: str) -> None:
    page = lxml.html.parse(str(report_dir / "report.html")).getroot()
    found = page.xpath(f'//section[@id="sec-{section}"]')
    assert len(found) == 1
    assert found[0].get("data-status") == "ok", found[0].text_content()[:300]
