"""``tixi serve``: the browser workbench (tixi.web) on this machine, or, with a token, on a network."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tixi.cli.app import ProjectOption, app, console, fail


@app.command()
def serve(
    project_dir: ProjectOption = Path("."),
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free port).")] = 8765,
    host: Annotated[str, typer.Option("--host", help="Address to bind; any but 127.0.0.1/localhost needs the printed token.")] = "127.0.0.1",
) -> None:
    """Serve the workbench in the browser: read, code by selection, search, review automatic codings and flows.

    Pages: documents (filters, sorting, paging; metadata and memos), the reader (articles, pages, codings in
    their code's colour, flows underlined; select text, press C, pick a code; Ctrl+Z / Ctrl+Y undo and redo),
    search (text, regular expression, A within N characters of B; filtered by system, kind, place, year),
    review (accept, reject or correct automatic codings and flows, one by one or by code, document or term; to
    validation/review_codes.csv and review_flows.csv, which `tixi validate score` reads; articles whose every
    automatic item is decided also go to validation/review_labels_codes.jsonl and review_labels_flows.jsonl,
    for `tixi train codes --labels …` and `tixi train flows --labels …`), validate (draw a stratified sample into
    validation/, mark it, live precision and recall), codebook (add, rename, move, merge your codes), results
    (virtues by system, flows, the report) and agreement between coders. Set a coder name (top right) first.
    It binds 127.0.0.1 by default; any other --host needs the token printed at start. Stops with Ctrl+C.
    """
    import socket

    import uvicorn

    from tixi.errors import TixiError
    from tixi.web.app import create_app
    from tixi.web.security import Guard

    try:
        listener = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
    except OSError as error:
        fail(f"cannot listen on {host}:{port}: {error.strerror or error}; pick another with --port N")
    bound = listener.getsockname()[1]
    guard = Guard.for_address(host, bound)
    try:
        application = create_app(project_dir, guard)
    except TixiError as error:
        listener.close()
        fail(str(error))
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{bound}/" + (f"?token={guard.token}" if guard.token else "")
    console.print(f"tixi serve: {Path(project_dir).resolve()} at {address}", highlight=False, soft_wrap=True)
    if guard.token:
        console.print("Anyone with this address (token included) can read and change the project. Ctrl+C stops the server.",
                      highlight=False)
    else:
        console.print("Only this machine can reach it. Ctrl+C stops the server.", highlight=False)
    server = uvicorn.Server(uvicorn.Config(application, log_level="warning", access_log=False, lifespan="on"))
    server.run(sockets=[listener])
