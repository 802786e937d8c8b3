"""The ``tixi serve`` application: server-rendered pages (Starlette, Jinja2, htmx) over ``tixi.project.Project``.

Pages: the document list (filters, sorting, paging), the reader (articles, pages, codings by code
colour, flows; metadata, memos; coding by mouse selection), search (text, regular expression,
proximity; KWIC into the reader), review of automatic codings and flows (decisions written where
``tixi validate score`` reads them), and the review score. Every handler is ``async`` and calls the
project directly: one connection, used by one request at a time.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote, unquote

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from tixi.coding.manual import AUTO_PREFIX
from tixi.errors import NotFound, TixiError
from tixi.project import Project
from tixi.store.search import FILTERS, SearchQuery, TextCache
from tixi.web.reader import code_colour, code_order, codes_css, inert, render_text
from tixi.web.security import Guard, GuardMiddleware

PAGE_SIZE = 50
REPORT_FOLDER = "report"  # where `tixi report` writes by default
REPORT_TYPES = {".html": "text/html; charset=utf-8", ".png": "image/png", ".svg": "image/svg+xml", ".md": "text/plain; charset=utf-8"}
# The report is one self-contained page with its stylesheet inline and no script: it may style, never run.
REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
CODER_COOKIE = "tixi_coder"
META_FIELDS = ("title", "system", "kind", "level", "place", "date", "issuer")


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("tixi.web", "templates"), autoescape=select_autoescape(default=True, default_for_string=True),
                      finalize=inert, trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = lambda value: quote(str(value), safe="")
    return env


class Workbench:
    """The pages of one project, served by one Starlette app."""

    def __init__(self, project: Project, guard: Guard) -> None:
        self.project = project
        self.guard = guard
        self.env = _environment()
        self.texts = TextCache()

    # -- helpers -----------------------------------------------------------------------------

    def page(self, request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        body = self.env.get_template(template).render(request=request, csrf=request.state.csrf, coder=coder_of(request),
                                                      project_name=self.project.root.resolve().name, **values)
        return HTMLResponse(body, status_code=status, headers={"cache-control": "no-store"})

    def code_rows(self) -> list[dict[str, Any]]:
        self.project.ensure_pack_codes()
        rows = self.project.code_styles()
        order = code_order(str(row["id"]) for row in rows)
        return [{"id": row["id"], "label": row["label_zh"] or row["label_en"] or row["id"], "label_en": row["label_en"] or "",
                 "k": order[str(row["id"])], "colour": code_colour(str(row["id"]), row["color"])} for row in rows]

    def code_labels(self) -> dict[str, str]:
        """Return each code's label by id (the Chinese label, else the English one, else the id)."""
        return {str(row["id"]): str(row["label"]) for row in self.code_rows()}

    # -- documents ---------------------------------------------------------------------------

    async def documents(self, request: Request) -> Response:
        params = request.query_params
        filters = {name: params.get(name, "") for name in ("system", "kind", "place", "level", "year", "q")}
        sort = params.get("sort", "title")
        descending = params.get("dir") == "desc"
        page = max(1, _int(params.get("page"), 1))
        listing = self.project.document_page(filters, sort, descending, (page - 1) * PAGE_SIZE, PAGE_SIZE)
        pages = max(1, math.ceil(listing.total / PAGE_SIZE))
        values: dict[str, Any] = {"listing": listing, "filters": filters, "sort": sort, "descending": descending, "page_number": page, "pages": pages,
                  "facets": self.project.facet_values(), "base": {key: value for key, value in filters.items() if value}}
        if request.headers.get("hx-request") and request.headers.get("hx-target") == "doclist":
            return self.page(request, "_doclist.html", **values)
        return self.page(request, "documents.html", **values)

    async def reader(self, request: Request) -> Response:
        document = self.project.document(request.path_params["doc_id"])
        marks = self.project.reader_marks(document.id)
        codes = self.code_rows()
        index = {str(row["id"]): int(row["k"]) for row in codes}
        focus = _span(request.query_params.get("at"))
        html = render_text(document.text, marks.codings, marks.flows, marks.articles, marks.pages, index, focus, marks.turns)
        used = Counter(str(coding["code_id"]) for coding in marks.codings)
        legend = [row for row in codes if str(row["id"]) in used]
        hand = [coding for coding in marks.codings if not str(coding["coder"]).startswith(AUTO_PREFIX)][-200:]
        memos = self.project.memos("document", document.id).to_dict("records")
        coding_memos = self.project.coding_memos([int(coding["id"]) for coding in hand])
        return self.page(request, "reader.html", coding_memos=coding_memos, document=document, text_html=html, marks=marks, legend=legend, used=used,
                         hand=hand, labels={str(row["id"]): row["label"] for row in codes}, memos=memos, meta_fields=META_FIELDS,
                         focus=focus)

    async def edit_metadata(self, request: Request) -> Response:
        document = self.project.document(request.path_params["doc_id"])
        form = await request.form()
        # Only the fields this form changed are written: another tab's edit of another field is kept.
        changed = {name: str(form.get(name, "")).strip() for name in META_FIELDS
                   if str(form.get(name, "")).strip() != str(form.get(f"was_{name}", "")).strip()}
        message = "Nothing changed."
        if changed:
            self.project.set_metadata(document.id, **changed)
            message = f"Saved {', '.join(sorted(changed))}."
        document = self.project.document(document.id)
        return self.page(request, "_meta.html", document=document, meta_fields=META_FIELDS, message=message)

    async def add_memo(self, request: Request) -> Response:
        document = self.project.document(request.path_params["doc_id"])
        form = await request.form()
        text = str(form.get("text", "")).strip()
        if text:
            self.project.add_memo("document", document.id, text, author=coder_of(request) or None)
        memos = self.project.memos("document", document.id).to_dict("records")
        return self.page(request, "_memos.html", document=document, memos=memos)

    # -- coding ------------------------------------------------------------------------------

    async def add_coding_memo(self, request: Request) -> Response:
        coding_id = _int(request.path_params["coding_id"], -1)
        form = await request.form()
        text = str(form.get("text", "")).strip()
        if not text:
            raise TixiError("a memo needs some text")
        self.project.add_memo("coding", str(coding_id), text, author=coder_of(request) or None)
        return self.page(request, "_hand_coding.html", coding=self.project.coding(coding_id), labels=self.code_labels(),
                         coding_memos=self.project.coding_memos([coding_id]))

    async def codes_json(self, request: Request) -> Response:
        return JSONResponse([{"id": row["id"], "label": row["label"], "label_en": row["label_en"], "k": row["k"]} for row in self.code_rows()])

    async def codes_stylesheet(self, request: Request) -> Response:
        return Response(codes_css([(str(row["id"]), row["color"]) for row in self.project.code_styles()]), media_type="text/css",
                        headers={"cache-control": "no-store"})

    async def add_coding(self, request: Request) -> Response:
        document = self.project.document(request.path_params["doc_id"])
        body = await _json(request)
        coder = _require_coder(request)
        coding = self.project.add_coding(document.id, code=str(body.get("code", "")), coder=coder, start=_int(body.get("start"), -1),
                                         end=_int(body.get("end"), -1))
        return JSONResponse(_plain(coding))

    async def remove_coding(self, request: Request) -> Response:
        coder = _require_coder(request)
        removed = self.project.remove_coding(_int(request.path_params["coding_id"], -1), coder)
        return JSONResponse(_plain(removed))

    async def reshape_coding(self, request: Request) -> Response:
        coder = _require_coder(request)
        coding_id = _int(request.path_params["coding_id"], -1)
        try:
            before = self.project.coding(coding_id)
        except NotFound as missing:
            raise NotFound(f"no coding {coding_id}; reload the page") from missing
        if before["coder"] != coder:
            raise TixiError(f"coding {coding_id} is {before['coder']}'s: change only your own codings")
        body = await _json(request)
        after = self.project.edit_coding(coding_id, start=_int(body.get("start"), -1), end=_int(body.get("end"), -1))
        return JSONResponse({**_plain(after), "before": [int(before["start"]), int(before["end"])]})

    async def set_coder(self, request: Request) -> Response:
        form = await request.form()
        name = str(form.get("coder", "")).strip()
        if not name or name.startswith(AUTO_PREFIX) or len(name) > 60:
            raise TixiError(f"a coder name is 1 to 60 characters and does not start with {AUTO_PREFIX}")
        response = self.page(request, "_coder.html", coder_name=name)
        response.set_cookie(CODER_COOKIE, quote(name, safe=""), httponly=True, samesite="strict")
        return response

    # -- the codebook ------------------------------------------------------------------------

    async def codebook(self, request: Request) -> Response:
        self.project.ensure_pack_codes()
        rows = _records(self.project.code_usage())  # a code at the top has parent_id None, not pandas' NaN
        order = code_order(str(row["id"]) for row in rows)
        for row in rows:
            row["k"] = order[str(row["id"])]
            row["editable"] = not str(row["origin"]).startswith("pack:")
        return self.page(request, "codebook.html", codes=rows, ids=[str(row["id"]) for row in rows])

    async def codebook_change(self, request: Request) -> Response:
        form = await request.form()
        action = str(form.get("action", ""))
        by = _require_coder(request)

        def value(name: str) -> str:
            return str(form.get(name, "")).strip()

        if action == "create":
            self.project.create_code(value("id"), label_zh=value("label_zh") or None, label_en=value("label_en") or None,
                                     parent=value("parent") or None)
            message = f"Created {value('id')}."
        elif action == "edit":
            code_id = self.project.edit_code(value("code"), by=by, new_id=value("id") or None, label_zh=str(form.get("label_zh", "")),
                                             label_en=str(form.get("label_en", "")), parent=str(form.get("parent", "")))
            message = f"Saved {code_id}."
        elif action == "merge":
            counts = self.project.merge_codes(value("code"), value("into"), by=by)
            message = f"Merged {value('code')} into {value('into')}: {counts['codings_moved']} codings moved."
        else:
            raise TixiError(f"unknown codebook action {action!r}")
        response = PlainTextResponse(message)
        response.headers["hx-refresh"] = "true"
        return response

    # -- search ------------------------------------------------------------------------------

    async def search(self, request: Request) -> Response:
        params = request.query_params
        form: dict[str, Any] = {"q": params.get("q", ""), "mode": params.get("mode", "text"), "near": params.get("near", ""),
                "within": _int(params.get("within"), 20), **{name: params.get(name, "") for name in FILTERS}}
        result = error = None
        if form["q"]:
            query = SearchQuery(str(form["q"]), str(form["mode"]), str(form["near"]), int(form["within"]),
                                {name: str(form[name]) for name in FILTERS if form[name]}, limit=_int(params.get("limit"), 200), context=24)
            try:
                result = self.project.search(query, self.texts)
            except TixiError as problem:
                error = str(problem)
        return self.page(request, "search.html", form=form, result=result, error=error, facets=self.project.facet_values(),
                         filters=FILTERS)

    # -- review ------------------------------------------------------------------------------

    def _review_filters(self, params: Any) -> dict[str, Any]:
        return {"task": params.get("task", "codes") or "codes", "code": params.get("code", ""), "doc": params.get("doc", ""),
                "term": params.get("term", ""), "undecided": params.get("undecided", "") == "1"}

    async def review(self, request: Request) -> Response:
        filters = self._review_filters(request.query_params)
        page = max(1, _int(request.query_params.get("page"), 1))
        items, total = self.project.review_items(filters["task"], code=filters["code"] or None, doc=filters["doc"] or None,
                                                 term=filters["term"] or None, undecided=filters["undecided"],
                                                 offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        pages = max(1, math.ceil(total / PAGE_SIZE))
        base = {key: ("1" if value is True else value) for key, value in filters.items() if value}
        return self.page(request, "review.html", items=items, total=total, filters=filters, page_number=page, pages=pages, base=base,
                         labels=self.code_labels())

    async def decide(self, request: Request) -> Response:
        form = await request.form()
        task = str(form.get("task", "codes"))
        reviewer = _require_coder(request)
        item_id = _int(form.get("id"), -1)
        if form.get("decision") == "undo":
            self.project.undo_decisions(task, [item_id], reviewer)
        else:
            self.project.decide(task, [item_id], form.get("decision") == "accept", reviewer)
        return self._review_row(request, task, item_id, reviewer)

    async def correct_flow(self, request: Request) -> Response:
        form = await request.form()
        reviewer = _require_coder(request)
        flow_id = _int(form.get("id"), -1)
        self.project.correct_flow(flow_id, {name: str(form.get(name, "")) for name in ("type", "direction", "modality", "source", "target",
                                                                                          "data") if name in form}, reviewer)
        return self._review_row(request, "flows", flow_id, reviewer, corrected=True)

    def _review_row(self, request: Request, task: str, item_id: int, reviewer: str, **values: Any) -> Response:
        """Return one review row as it stands after a decision (the page swaps it in place)."""
        items, _ = self.project.review_items(task, ids=[item_id])
        if not items:
            raise NotFound(f"no item {item_id}; reload the page")
        return self.page(request, "_review_row.html", item=items[0], labels=self.code_labels(), coder_name=reviewer, **values)

    async def decide_bulk(self, request: Request) -> Response:
        form = await request.form()
        filters = self._review_filters(form)
        reviewer = _require_coder(request)
        count, path = self.project.decide_matching(filters["task"], form.get("decision") == "accept", reviewer, code=filters["code"] or None,
                                                   doc=filters["doc"] or None, term=filters["term"] or None)
        response = PlainTextResponse(f"{count} decisions written to {path.relative_to(self.project.root)}")
        response.headers["hx-refresh"] = "true"
        return response

    async def score(self, request: Request) -> Response:
        task = request.query_params.get("task", "codes")
        error = None
        frame = None
        try:
            frame = self.project.review_score(task)
        except TixiError as problem:
            error = str(problem)
        rows = [] if frame is None else _records(frame)
        columns = [] if frame is None else list(frame.columns)
        return self.page(request, "score.html", task=task, rows=rows, columns=columns, error=error)

    # -- validation samples ------------------------------------------------------------------

    def _sample_view(self, name: str) -> dict[str, Any]:
        path, rows = self.project.read_validation_sample(name)
        frame = self.project.validation_score(path)
        return {"sample": name, "rows": rows, "estimates": _records(frame), "unmarked": frame.attrs.get("unmarked", 0)}

    async def validate(self, request: Request) -> Response:
        samples = [path.name for path in self.project.validation_samples()]
        name = request.query_params.get("sample") or (samples[0] if samples else "")
        view = self._sample_view(name) if name else {"sample": "", "rows": [], "estimates": [], "unmarked": 0}
        return self.page(request, "validate.html", samples=samples, **view)

    async def validate_draw(self, request: Request) -> Response:
        form = await request.form()
        _require_coder(request)
        path = self.project.draw_validation_sample(str(form.get("task", "codes")), max(1, min(_int(form.get("n"), 50), 2000)),
                                                   _int(form.get("seed"), 0))
        response = PlainTextResponse(f"Drew {path.name}")
        response.headers["hx-redirect"] = f"/validate?sample={quote(path.name)}"
        return response

    async def validate_mark(self, request: Request) -> Response:
        form = await request.form()
        _require_coder(request)
        name = str(form.get("sample", ""))
        row = self.project.mark_validation_sample(name, _int(form.get("id"), -1), str(form.get("mark", "")))
        response = self.page(request, "_sample_row.html", row=row, sample=name)
        response.headers["hx-trigger"] = "marked"  # the estimates panel reloads itself on this event
        return response

    async def validate_estimates(self, request: Request) -> Response:
        view = self._sample_view(request.query_params.get("sample", ""))
        return self.page(request, "_estimates.html", **{key: value for key, value in view.items() if key != "rows"})

    # -- results ------------------------------------------------------------------------------

    async def results(self, request: Request) -> Response:
        project = self.project
        systems = [str(value) for value in self.project.facet_values()["system"]]
        a = request.query_params.get("a") or (systems[0] if systems else "")
        b = request.query_params.get("b") or (systems[1] if len(systems) > 1 else "")
        virtues: list[dict[str, Any]] = []
        flows: list[dict[str, Any]] = []
        notes: list[str] = []
        if not project.is_coded():
            notes.append("The project is not coded with the current codebook: run `tixi code` for the virtues table.")
        elif a and b and a != b:
            prevalence = project.compare_virtues(a, b).prevalence
            by_code: dict[str, dict[str, Any]] = {}
            for row in prevalence.to_dict("records"):
                entry = by_code.setdefault(str(row["code_id"]), {"code_id": row["code_id"], "label": row["label_zh"] or row["label_en"],
                                                                 "category": row["category"]})
                entry[str(row["group"])] = {"documents": int(row["documents"]), "share": float(row["document_share"]),
                                            "mentions": int(row["mentions"])}
            virtues = sorted(by_code.values(), key=lambda entry: (str(entry["category"]), str(entry["code_id"])))
        try:
            frame = project.flows()
            flows = [{str(key): value for key, value in row.items()} for row in frame.head(300).to_dict("records")]
            total_flows = len(frame)
        except TixiError as problem:
            notes.append(str(problem))
            total_flows = 0
        report = (project.root / REPORT_FOLDER / "report.html").exists()
        return self.page(request, "results.html", a=a, b=b, systems=systems, virtues=virtues, flows=flows, total_flows=total_flows,
                         notes=notes, report=report)

    async def agreement(self, request: Request) -> Response:
        coders = self.project.coders()
        chosen = [name for name in request.query_params.getlist("coder") if name in coders]
        rows: list[dict[str, Any]] = []
        columns: list[str] = []
        error = None
        if len(chosen) >= 2:
            try:
                frame = self.project.agreement(chosen)
                rows = _records(frame)
                columns = list(frame.columns)
            except TixiError as problem:
                error = str(problem)
        return self.page(request, "agreement.html", coders=coders, chosen=chosen, rows=rows, columns=columns, error=error)

    async def report_file(self, request: Request) -> Response:
        folder = (self.project.root / REPORT_FOLDER).resolve()
        name = request.path_params.get("path") or "report.html"
        target = (folder / name).resolve()
        if not target.is_relative_to(folder) or not target.is_file() or target.suffix not in REPORT_TYPES:
            if name == "report.html":
                raise NotFound(f"no report yet: run `tixi report -p {self.project.root}` (it writes {folder}/report.html), then reload")
            raise HTTPException(404)
        return Response(target.read_bytes(), media_type=REPORT_TYPES[target.suffix],
                        headers={"content-security-policy": REPORT_POLICY, "cache-control": "no-store"})

    # -- errors ------------------------------------------------------------------------------

    async def tixi_error(self, request: Request, exc: Exception) -> Response:
        status = 404 if isinstance(exc, NotFound) else 400
        if request.headers.get("content-type", "").startswith("application/json") or request.headers.get("accept") == "application/json":
            return JSONResponse({"error": str(exc)}, status_code=status)
        if request.headers.get("hx-request"):
            return self.page(request, "_error.html", status=status, message=str(exc))
        return self.page(request, "error.html", status=status, message=str(exc))

    async def http_error(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        return PlainTextResponse("Not found." if status == 404 else "Error.", status_code=status)


def coder_of(request: Request) -> str:
    """Return the coder name this browser set (empty when none)."""
    return unquote(request.cookies.get(CODER_COOKIE, ""))


def _require_coder(request: Request) -> str:
    name = coder_of(request).strip()
    if not name:
        raise TixiError("set your coder name first (top right): every coding and decision names its coder")
    return name


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError as error:
        raise TixiError("the request body is not JSON") from error
    if not isinstance(body, dict):
        raise TixiError("the request body must be a JSON object")
    return body


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return a table's rows as JSON-safe dicts (a missing value as None, numbers as plain floats) for a template."""
    return cast(list[dict[str, Any]], json.loads(frame.to_json(orient="records", force_ascii=False)))


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value if isinstance(value, str | int | float | bool) or value is None else str(value) for key, value in values.items()}


def _int(value: Any, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def _span(value: str | None) -> tuple[int, int] | None:
    if not value or "-" not in value:
        return None
    start, _, end = value.partition("-")
    first, last = _int(start, -1), _int(end, -1)
    return (first, last) if 0 <= first < last else None


def create_app(project_dir: str | Path, guard: Guard | None = None) -> Starlette:
    """Return the workbench app for the project at ``project_dir`` (closed when the app shuts down)."""
    project = Project.open(project_dir)
    guard = guard or Guard("127.0.0.1", 8765)
    bench = Workbench(project, guard)
    static = StaticFiles(directory=str(resources.files("tixi.web") / "static"))

    async def home(request: Request) -> Response:
        return RedirectResponse("/docs", status_code=303)

    routes = [
        Route("/", home),
        Route("/docs", bench.documents),
        Route("/doc/{doc_id}", bench.reader),
        Route("/doc/{doc_id}/meta", bench.edit_metadata, methods=["POST"]),
        Route("/doc/{doc_id}/memo", bench.add_memo, methods=["POST"]),
        Route("/doc/{doc_id}/codings", bench.add_coding, methods=["POST"]),
        Route("/codings/{coding_id}/remove", bench.remove_coding, methods=["POST"]),
        Route("/codings/{coding_id}/memo", bench.add_coding_memo, methods=["POST"]),
        Route("/codings/{coding_id}/reshape", bench.reshape_coding, methods=["POST"]),
        Route("/codes.json", bench.codes_json),
        Route("/codes.css", bench.codes_stylesheet),
        Route("/coder", bench.set_coder, methods=["POST"]),
        Route("/codebook", bench.codebook),
        Route("/codebook", bench.codebook_change, methods=["POST"]),
        Route("/search", bench.search),
        Route("/review", bench.review),
        Route("/review/decide", bench.decide, methods=["POST"]),
        Route("/review/bulk", bench.decide_bulk, methods=["POST"]),
        Route("/review/correct", bench.correct_flow, methods=["POST"]),
        Route("/review/score", bench.score),
        Route("/validate", bench.validate),
        Route("/validate/draw", bench.validate_draw, methods=["POST"]),
        Route("/validate/mark", bench.validate_mark, methods=["POST"]),
        Route("/validate/estimates", bench.validate_estimates),
        Route("/results", bench.results),
        Route("/agreement", bench.agreement),
        Route("/report/", bench.report_file),
        Route("/report/{path:path}", bench.report_file),
        Mount("/static", app=static, name="static"),
    ]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        project.close()

    app = Starlette(routes=routes, exception_handlers={TixiError: bench.tixi_error, HTTPException: bench.http_error},
                    middleware=[Middleware(GuardMiddleware, guard=guard)], lifespan=lifespan)
    app.state.project = project
    return app
