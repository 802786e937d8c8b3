"""The Chinese report says everything in Chinese: no English words in headings, headers, captions, notes or findings.

Allowed: the English half of a bilingual name (a code or place label after its Chinese), data as written
(framework names and titles), the names of people and methods cited (Cohen, Krippendorff, Monroe …),
identifiers and file names, and tixi's own name.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html

from tixi.demo import DemoRun

WORD = re.compile(r"[A-Za-z][A-Za-z']{2,}")
# What may stay in Latin letters in a Chinese report.
ALLOWED = {"tixi", "Cohen", "Krippendorff", "Monroe", "Colaresi", "Quinn", "docs", "labelling", "yaml", "PDF", "HTML", "SHA", "MinHash", "LSH"}
# Where the report's own words are: headings, column headers, captions, notes, findings and paragraphs.
OWN_WORDS = ("//h1", "//h2", "//h3", "//th", "//caption", '//p[@class="notes"]', '//p[contains(@class, "status-note")]', "//figcaption",
             '//p[@class="intro"]', '//p[@class="finding"]', "//main//section/p", "//figure//img/@alt")
# Sections not yet checked (none).
NOT_YET: tuple[str, ...] = ()


# The aligner's method and settings are identifiers (lexical+codes, ncca_scsp@0.1.0:frameworks/alignment.yaml).
IDENTIFIERS = re.compile(r"(方法：[^；。]*[；。]|设置 \S+|[\w.+@:/-]*(?:@|\+|\.yaml)[\w.+@:/-]*|[\w.-]+/[\w./-]*|tixi [a-z]+)")


def english_words(text: str, bilingual: set[str]) -> list[str]:
    for name in sorted(bilingual, key=len, reverse=True):  # the English half of "闯红灯 Jaywalking" or "杭州 Hangzhou"
        text = text.replace(name, " ")
    text = IDENTIFIERS.sub(" ", text)
    return [word for word in WORD.findall(text) if word not in ALLOWED]


def test_the_chinese_report_has_no_english_of_its_own(demo_run: DemoRun, tmp_path: Path) -> None:
    written = demo_run.project.report(tmp_path / "zh", formats=["html"], lang="zh")
    root = lxml.html.parse(str(next(path for path in written if path.name == "report.html"))).getroot()
    codes = demo_run.project.codes()
    bilingual = {str(label) for label in codes["label_en"] if isinstance(label, str) and label}
    from tixi.report.i18n import load_names

    bilingual |= set(load_names(demo_run.project, "zh").places.values())
    frameworks = demo_run.project.frameworks  # names and titles of frameworks are data, as written by their makers
    bilingual |= {str(value) for column in ("name", "title") for value in frameworks[column] if isinstance(value, str) and value}
    found: dict[str, str] = {}
    for path in OWN_WORDS:
        for element in root.xpath(path):
            node = element if isinstance(element, lxml.html.HtmlElement) else None
            text = node.text_content() if node is not None else str(element)
            owner = node if node is not None else element.getparent()
            section = next((a.get("id") for a in owner.iterancestors("section")), "")
            if section in NOT_YET:
                continue
            for word in english_words(text, bilingual):
                found.setdefault(word, text[:120])
    assert found == {}, "\n".join(f"{word}: {text}" for word, text in sorted(found.items()))
