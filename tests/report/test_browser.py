"""Open the report in headless Chromium: every section and figure present and loaded; screenshots saved.

Screenshots go to the test's tmp folder and are copied to ``out/screenshots/`` in the checkout
(git-ignored) for a person to look at. Skipped, with a message, where /usr/bin/chromium is absent
(`.ci/run` installs the Debian packages chromium and chromium-driver).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tixi.demo import DemoRun

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SECTIONS = ("summary", "overview", "criteria", "virtues", "flows", "fragmentation", "interviews", "reuse", "limitations", "methods")
FIGURES = ("corpus_years", "corpus_levels", "virtues_keyness", "virtues_cooccurrence", "flows_graph", "flows_timeline",
           "fragmentation_dispersion", "interviews_city", "reuse_diffusion")
SHARED_SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"
# The report must open quickly and show on a code host: the evidence appendix lives in pages beside it.
HTML_LIMIT = 1_500_000
MD_LIMIT = 500_000


def test_report_pages_stay_small(report_dir: Path) -> None:
    assert (report_dir / "report.html").stat().st_size <= HTML_LIMIT
    assert (report_dir / "report.md").stat().st_size <= MD_LIMIT
    pages = sorted((report_dir / "evidence").glob("e*.html"))
    assert pages and all(page.stat().st_size <= HTML_LIMIT for page in pages)


def test_report_in_chromium(report_dir: Path, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install the Debian packages chromium and chromium-driver to run the browser test")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed (pip install playwright)")
    shots = tmp_path / "screenshots"
    shots.mkdir()
    requests: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("request", lambda request: requests.append(request.url))
            page.goto((report_dir / "report.html").as_uri())
            page.wait_for_load_state("load")
            page.screenshot(path=str(shots / "00_top.png"))
            for number, key in enumerate(SECTIONS, 1):
                section = page.locator(f"#sec-{key}")
                assert section.count() == 1, f"section {key} missing"
                assert section.get_attribute("data-status") == "ok", section.inner_text()[:300]
                section.scroll_into_view_if_needed()
                page.evaluate(f"document.getElementById('sec-{key}').scrollIntoView()")
                page.screenshot(path=str(shots / f"{number:02d}_{key}.png"))
            for name in FIGURES:
                image = page.locator(f"#fig-{name} img")
                assert image.count() == 1, f"figure {name} missing"
                assert image.evaluate("img => img.complete && img.naturalWidth > 0 && img.naturalHeight > 0"), f"figure {name} did not load"
                image.screenshot(path=str(shots / f"fig_{name}.png"))
            # follow a count in the fragmentation table to its evidence group
            link = page.locator("#sec-fragmentation table.result a.ev").first
            target = link.get_attribute("href")
            link.click()
            page_path, group = target.split("#")
            page.wait_for_function(f"location.hash === '#{group}' && location.pathname.endsWith('{page_path}')")
            assert page.locator(f"#{group}:target").count() == 1
            assert page.locator(f"#{group} tr[data-doc]").count() >= 1
            page.screenshot(path=str(shots / "20_evidence_followed.png"))
            # and back to the table that cited it
            page.locator(f"#{group} a.back").click()
            page.wait_for_function("location.pathname.endsWith('/report.html') && location.hash.startsWith('#tab-')")
            assert page.locator(":target table.result").count() == 1
            # a phone: the page fits the width (wide tables and figures scroll inside their boxes)
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.goto((report_dir / "report.html").as_uri())
            phone.wait_for_load_state("load")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390
            phone.screenshot(path=str(shots / "30_phone_top.png"))
            for key in ("summary", "flows"):
                if phone.locator(f"#sec-{key}").count():
                    phone.evaluate(f"document.getElementById('sec-{key}').scrollIntoView()")
                    phone.screenshot(path=str(shots / f"31_phone_{key}.png"))
        finally:
            browser.close()
    outside = [url for url in requests if not url.startswith(("file:", "data:"))]
    assert outside == [], f"the report asked the network for {outside}"
    SHARED_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for shot in sorted(shots.glob("*.png")):
        shutil.copy2(shot, SHARED_SCREENSHOTS / shot.name)


def test_chinese_report_in_chromium(demo_run: DemoRun, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install the Debian packages chromium and chromium-driver to run the browser test")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed (pip install playwright)")
    written = demo_run.project.report(tmp_path / "zh", formats=["html"], lang="zh")
    shots = tmp_path / "screenshots"
    shots.mkdir()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(written[0].as_uri())
            assert page.locator("h1").inner_text() == "文明城市与社会信用：两套治理体系的交叉"  # the study, named by the pack
            page.screenshot(path=str(shots / "zh_00_top.png"))
            for key in ("virtues", "fragmentation", "interviews"):
                page.evaluate(f"document.getElementById('sec-{key}').scrollIntoView()")
                page.screenshot(path=str(shots / f"zh_{key}.png"))
            for name in ("fragmentation_dispersion", "flows_graph"):
                image = page.locator(f"#fig-{name} img")
                assert image.evaluate("img => img.complete && img.naturalWidth > 0")
                image.screenshot(path=str(shots / f"zh_fig_{name}.png"))
        finally:
            browser.close()
    SHARED_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for shot in sorted(shots.glob("*.png")):
        shutil.copy2(shot, SHARED_SCREENSHOTS / shot.name)
