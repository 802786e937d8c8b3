"""The workbench refuses what it must: other hosts, missing tokens, cross-site posts, files outside the project; and
hostile documents come out as inert text."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path

from starlette.testclient import TestClient

from tests.web.conftest import HOSTILE_TITLE, csrf_of, hostile_id
from tixi.web.app import create_app
from tixi.web.reader import BIDI_CONTROLS
from tixi.web.security import CONTENT_SECURITY_POLICY, Guard, is_loopback

POSTS = ["/doc/{doc}/meta", "/doc/{doc}/memo", "/doc/{doc}/codings", "/codings/1/remove", "/coder", "/review/decide", "/review/bulk"]


def test_every_page_has_a_strict_content_security_policy(client: TestClient, web_project: Path) -> None:
    doc = hostile_id(web_project)
    for url in ["/docs", f"/doc/{doc}", "/search?q=信用", "/review", "/review/score", "/codes.css", "/static/app.js", "/nowhere"]:
        response = client.get(url)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, url
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY and "'unsafe-eval'" not in CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY


class _Tags(HTMLParser):
    """Collect what a browser would run or style from a page: script and style elements, event and style attributes, links."""

    def __init__(self) -> None:
        super().__init__()
        self.active: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and not (values.get("src") or "").startswith("/static/"):
            self.active.append(f"inline script {values}")
        if tag in ("style", "iframe", "object", "embed", "base"):
            self.active.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name == "style" or (value or "").strip().lower().startswith(("javascript:", "data:text")):
                self.active.append(f"{tag} {name}={value}")


def test_no_page_has_inline_script_style_or_handlers(client: TestClient, web_project: Path) -> None:
    doc = hostile_id(web_project)
    for url in ["/docs", "/docs?system=other", f"/doc/{doc}", "/search?q=信用", "/search?q=onerror", "/review", "/review/score"]:
        parser = _Tags()
        parser.feed(client.get(url).text)
        assert parser.active == [], url


def test_every_post_needs_the_csrf_token(client: TestClient, web_project: Path) -> None:
    doc = hostile_id(web_project)
    csrf_of(client)  # the client now has a session cookie, but sends no token
    for url in POSTS:
        response = client.post(url.format(doc=doc), data={"coder": "ann", "text": "x"})
        assert response.status_code == 403, url
        wrong = client.post(url.format(doc=doc), data={"coder": "ann"}, headers={"X-CSRF-Token": "0" * 64})
        assert wrong.status_code == 403, url
    token = csrf_of(client)
    other_site = client.post("/coder", data={"coder": "ann"}, headers={"X-CSRF-Token": token, "Origin": "http://evil.example"})
    assert other_site.status_code == 403
    assert client.post("/coder", data={"coder": "ann"}, headers={"X-CSRF-Token": token}).status_code == 200


def test_a_loopback_server_answers_only_its_own_host_names(client: TestClient) -> None:
    assert client.get("/docs", headers={"host": "attacker.example:8765"}).status_code == 421
    assert client.get("/docs", headers={"host": "127.0.0.1:9999"}).status_code == 421
    assert client.get("/docs", headers={"host": "localhost:8765"}).status_code == 200
    assert is_loopback("127.0.0.1") and is_loopback("::1") and not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_any_other_host_needs_the_token_on_every_request(web_project: Path) -> None:
    guard = Guard.for_address("0.0.0.0", 8765)
    assert guard.token
    app = create_app(web_project, guard)
    with TestClient(app, base_url="http://192.168.1.5:8765", follow_redirects=False) as outsider:
        assert outsider.get("/docs").status_code == 401
        assert outsider.get("/static/app.js").status_code == 401
        assert outsider.get("/docs?token=wrong").status_code == 401
        assert outsider.get("/docs", headers={"authorization": f"Bearer {guard.token}"}).status_code == 200
        entered = outsider.get(f"/docs?system=NCCA&token={guard.token}")
        assert entered.status_code == 303 and entered.headers["location"] == "/docs?system=NCCA"
        assert "HttpOnly" in entered.headers["set-cookie"] and "SameSite=Strict" in entered.headers["set-cookie"]
        assert outsider.get("/docs").status_code == 200  # the cookie now carries the token
    with TestClient(app, base_url="http://192.168.1.5:8765") as stranger:
        assert stranger.get("/review").status_code == 401


def test_no_url_reaches_a_file_outside_the_package_static_folder(client: TestClient, web_project: Path) -> None:
    secret = web_project.parent / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    for url in ["/static/../tixi.toml", "/static/%2e%2e/%2e%2e/tixi.toml", "/static/..%2f..%2fsecret.txt", "/static//etc/passwd",
                "/static/%2fetc%2fpasswd", "/doc/..%2f..%2fsecret.txt", "/tixi.db", "/sources/", "/static/../../../../etc/passwd"]:
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert "SECRET" not in response.text and "root:" not in response.text, url


def test_a_hostile_document_is_escaped_and_bidi_controls_are_shown_inert(client: TestClient, web_project: Path) -> None:
    doc = hostile_id(web_project)
    page = client.get(f"/doc/{doc}").text
    assert "<script>window.__pwned" not in page and "<img src=x" not in page and '<a href="javascript:' not in page
    assert "&lt;script&gt;window.__pwned" in page and "&lt;img src=x onerror=" in page
    assert "&lt;style&gt;" in page and "{{ 7*7 }}" in page and "49" not in page.split('id="text"')[1].split("</div>")[0]
    assert not any(char in page for char in BIDI_CONTROLS)
    assert 'class="bidi"' in page
    assert "敌意&lt;script&gt;alert(1)&lt;/script&gt;[U+202E]title" in page  # the title, in <title> and <h1>
    listing = client.get("/docs?system=other").text
    assert not any(char in listing for char in BIDI_CONTROLS) and "<script>alert(1)" not in listing
    found = client.get("/search?q=" + html.escape("onerror")).text
    assert "&lt;img src=x " in found and "<img src=x" not in found
    assert HOSTILE_TITLE not in found
