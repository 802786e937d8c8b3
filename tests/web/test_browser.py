"""The workbench in headless Chromium, served by uvicorn on a free port: the journeys of issue 15.

- open a document, select a passage with the mouse (after characters outside the BMP), code it with
  the picker, undo and redo it, and find it in `tixi quotes`;
- accept an automatic coding and reject another, and see them in `tixi validate score`;
- search with proximity and follow a hit into the reader;
- open a hostile document: nothing runs, no dialog, no request leaves the server;
- screenshots at 1400 px and 390 px, copied to out/screenshots/ (serve_*.png).

Skipped, with a message, where /usr/bin/chromium or Playwright is absent (as the report's browser test).
"""

from __future__ import annotations

import csv
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli_runner import run
from tests.report.test_browser import CHROMIUM, CHROMIUM_ARGS, SHARED_SCREENSHOTS
from tests.web.conftest import hostile_id
from tixi.project import Project
from tixi.web.app import create_app
from tixi.web.security import Guard

PASSAGE = "遵守交通信号灯"
RARE = "第一条 𠀀𠀁𪚥生僻字在前，😀也在前。\n第二条 市民应当遵守交通信号灯，文明出行。\n"


@pytest.fixture
def browser_project(web_project: Path, tmp_path: Path) -> tuple[Path, str]:
    """Return the project with a document whose passage follows characters outside the BMP, linked to a case."""
    rare = tmp_path / "rare.txt"
    rare.write_text(RARE, encoding="utf-8")
    cases = tmp_path / "cases.csv"
    cases.write_text("id,city\nWEB-01,杭州\n", encoding="utf-8")
    with Project.open(web_project) as project:
        [doc_id] = project.add([rare], system="NCCA").added
        project.set_metadata(doc_id, title="生僻字测试")
        project.import_cases(cases)
        project.link_case("WEB-01", doc_id)
        from tixi.interviews.demo import add_demo_interviews

        add_demo_interviews(project)  # transcripts with speaker turns and two coders, for the agreement view
    return web_project, doc_id


@pytest.fixture
def server(browser_project: tuple[Path, str]) -> Iterator[str]:
    """Serve the project on a free loopback port; stop the server after the test."""
    import uvicorn

    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    app = create_app(browser_project[0], Guard("127.0.0.1", port))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        listener.close()
        assert not thread.is_alive(), "the server did not stop"


@pytest.fixture
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install the Debian packages chromium and chromium-driver to run the browser test")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed (pip install playwright)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _page(browser: Any, base: str, width: int, requests: list[str], problems: list[str]) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900 if width > 500 else 800})
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return page


def _until(page: Any, expression: str, timeout: float = 15.0) -> None:
    """Wait until a JavaScript expression is true (evaluated by the driver: the page's CSP forbids wait_for_function's eval)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"() => Boolean({expression})"):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def _set_coder(page: Any, name: str) -> None:
    page.fill("#coder-name", name)
    page.click("#coder button[type=submit]")
    _until(page, f"document.querySelector('#coder-name').value === {name!r}")


def _drag_select(page: Any, passage: str) -> None:
    """Select ``passage`` in the reader by dragging the mouse from its first character to its last."""
    box = page.evaluate(
        """(passage) => {
            const walker = document.createTreeWalker(document.getElementById('text'), NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode, at = node.data.indexOf(passage);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at); range.setEnd(node, at + 1);
                const first = range.getBoundingClientRect();
                range.setStart(node, at + passage.length - 1); range.setEnd(node, at + passage.length);
                const last = range.getBoundingClientRect();
                return {x0: first.left + 1, y0: first.top + first.height / 2, x1: last.right - 1, y1: last.top + last.height / 2};
            }
            return null;
        }""",
        passage,
    )
    assert box is not None, f"{passage} is not on the page"
    page.mouse.move(box["x0"], box["y0"])
    page.mouse.down()
    page.mouse.move((box["x0"] + box["x1"]) / 2, box["y1"], steps=5)
    page.mouse.move(box["x1"], box["y1"], steps=5)
    page.mouse.up()


def _hand_codings(project_dir: Path, doc_id: str) -> list[tuple[int, int, str, str]]:
    with Project.open(project_dir) as project:
        rows = project.db.execute("SELECT start, end, code_id, coder FROM codings WHERE doc_id = ? AND coder NOT LIKE 'auto:%'",
                                  (doc_id,)).fetchall()
        return [(int(row[0]), int(row[1]), str(row[2]), str(row[3])) for row in rows]


def test_journeys_in_chromium(chromium: Any, server: str, browser_project: tuple[Path, str], tmp_path: Path) -> None:
    project_dir, doc_id = browser_project
    shots = tmp_path / "screenshots"
    shots.mkdir()
    requests: list[str] = []
    problems: list[str] = []
    page = _page(chromium, server, 1400, requests, problems)

    # 1. documents: filter, open one, select a passage with the mouse, code it, undo, redo, find it in `tixi quotes`
    page.goto(f"{server}/docs")
    _set_coder(page, "ann")
    page.select_option("select[name=system]", "NCCA")
    _until(page, "document.querySelector('#doclist .count').textContent.includes('documents')")
    page.fill("input[name=q]", "生僻字")
    page.wait_for_selector("#doclist a:has-text('生僻字测试')")
    page.screenshot(path=str(shots / "serve_1400_documents.png"))
    page.click("#doclist a:has-text('生僻字测试')")
    page.wait_for_selector("#text [data-s]")
    _drag_select(page, PASSAGE)
    assert page.evaluate("window.getSelection().toString()") == PASSAGE
    page.wait_for_selector("#codebar:not([hidden])")
    page.keyboard.press("c")
    page.wait_for_selector("#picker[open]")
    page.keyboard.type("jaywalking")
    page.wait_for_selector("#picker-list li[data-code='prohibited.jaywalking']")
    page.keyboard.press("Enter")
    page.wait_for_selector("#hand li[data-id]")
    start = RARE.index(PASSAGE)
    assert _hand_codings(project_dir, doc_id) == [(start, start + len(PASSAGE), "prohibited.jaywalking", "ann")]
    page.screenshot(path=str(shots / "serve_1400_reader_coded.png"))
    page.keyboard.press("Control+z")
    _until(page, "document.querySelectorAll('#hand li[data-id]').length === 0")
    assert _hand_codings(project_dir, doc_id) == []
    page.keyboard.press("Control+y")
    page.wait_for_selector("#hand li[data-id]")
    assert _hand_codings(project_dir, doc_id) == [(start, start + len(PASSAGE), "prohibited.jaywalking", "ann")]
    # a boundary change: select a shorter passage, give it to the coding with ↔; Ctrl+Z puts the old span back
    _drag_select(page, PASSAGE[2:])
    page.wait_for_selector("#codebar:not([hidden])")
    page.click("#hand button.reshape")
    _until(page, "document.getElementById('status').textContent.includes('now covers')")
    assert _hand_codings(project_dir, doc_id) == [(start + 2, start + len(PASSAGE), "prohibited.jaywalking", "ann")]
    page.keyboard.press("Control+z")
    _until(page, "document.getElementById('status').textContent.startsWith('Undone')")
    assert _hand_codings(project_dir, doc_id) == [(start, start + len(PASSAGE), "prohibited.jaywalking", "ann")]
    quotes = run("quotes", "--code", "prohibited.jaywalking", "--coder", "ann", "-p", str(project_dir), "--format", "csv")
    rows = list(csv.DictReader(quotes.splitlines()))
    assert [(row["case"], row["quote"], int(row["start"])) for row in rows] == [("WEB-01", PASSAGE, start)]

    # 2. review: accept one automatic coding, reject another; `tixi validate score` reads both
    page.goto(f"{server}/review")
    page.screenshot(path=str(shots / "serve_1400_review.png"))
    page.locator("table.review tr button.accept").nth(0).click()
    page.wait_for_selector("table.review tr.accepted")
    page.locator("table.review tr:not(.accepted) button.reject").nth(0).click()
    page.wait_for_selector("table.review tr.rejected")
    score = run("validate", "score", str(project_dir / "validation" / "review_codes.csv"), "-p", str(project_dir), "--format", "csv")
    total = [line.split(",") for line in score.splitlines() if line.startswith("all,")]
    assert total and total[0][1:3] == ["2", "1"], score
    page.goto(f"{server}/review/score")
    assert "0.500" in page.inner_text("table.score")

    # 3. search with proximity, then follow a hit into the reader
    page.goto(f"{server}/search")
    page.fill("#q", "信用")
    page.select_option("#mode", "near")
    page.fill("#within", "10")
    page.fill("#near", "记录")
    page.click("#go")
    page.wait_for_selector("#result-count")
    assert int(page.inner_text("#result-count").split()[0].rstrip("+")) > 0
    page.screenshot(path=str(shots / "serve_1400_search.png"))
    first = page.locator("table.kwic td.match a").first
    matched = first.inner_text()
    first.click()
    page.wait_for_selector("#text .hit")
    assert "".join(page.locator("#text .hit").all_inner_texts()) == matched
    assert "信用" in matched and "记录" in matched

    # 4. a hostile document renders inert
    page.goto(f"{server}/doc/{hostile_id(project_dir)}")
    page.wait_for_selector("#text .bidi")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#text script, #text img, #text a, #text style").count() == 0
    assert page.evaluate("document.scripts.length") == 2
    assert "<script>" in page.inner_text("#text") and "javascript:" in page.inner_text("#text")
    page.screenshot(path=str(shots / "serve_1400_hostile.png"))

    # 5. the other pages, looked at
    with Project.open(project_dir) as project:
        transcript = project.db.execute("SELECT doc_id FROM segments WHERE kind = 'turn' ORDER BY doc_id LIMIT 1").fetchone()[0]
        coders = [str(row[0]) for row in project.db.execute("SELECT DISTINCT coder FROM codings WHERE coder NOT LIKE 'auto:%' "
                                                            "AND coder != 'ann' ORDER BY coder LIMIT 2")]
    page.goto(f"{server}/doc/{transcript}")
    page.wait_for_selector("#text .turn")
    page.screenshot(path=str(shots / "serve_1400_interview.png"))
    page.goto(f"{server}/results")
    page.screenshot(path=str(shots / "serve_1400_results.png"))
    page.goto(f"{server}/codebook")
    page.screenshot(path=str(shots / "serve_1400_codebook.png"))
    page.goto(f"{server}/agreement?" + "&".join(f"coder={name}" for name in coders))
    assert page.locator("table.score tr").count() > 1
    page.screenshot(path=str(shots / "serve_1400_agreement.png"))

    # 6. draw a validation sample, mark a unit: the estimates follow
    page.goto(f"{server}/validate")
    page.fill("input[name=n]", "10")
    page.click("text=Draw a sample")
    page.wait_for_selector("table.sample tr button.mark-y")
    before = page.inner_text("#estimates")
    page.locator("table.sample tr button.mark-y").first.click()
    page.wait_for_selector("table.sample tr.accepted")
    _until(page, f"document.querySelector('#estimates').innerText !== {before!r}")
    assert "1 marked" in page.inner_text("#estimates")
    page.screenshot(path=str(shots / "serve_1400_validate.png"))

    # 7. the phone width
    phone = _page(chromium, server, 390, requests, problems)
    phone.goto(f"{server}/docs")
    phone.screenshot(path=str(shots / "serve_390_documents.png"))
    phone.goto(f"{server}/doc/{doc_id}")
    phone.screenshot(path=str(shots / "serve_390_reader.png"), full_page=True)
    phone.goto(f"{server}/search?q=信用&mode=near&near=记录&within=10")
    phone.screenshot(path=str(shots / "serve_390_search.png"))
    phone.goto(f"{server}/review")
    phone.screenshot(path=str(shots / "serve_390_review.png"))
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page is wider than a phone"

    assert problems == []
    assert [url for url in requests if not url.startswith(server)] == []
    SHARED_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for shot in sorted(shots.glob("*.png")):
        shutil.copy2(shot, SHARED_SCREENSHOTS / shot.name)
