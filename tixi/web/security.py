"""What every request and response of ``tixi serve`` goes through: host and token checks, the browser
session and its CSRF token, and headers that keep pages inert (a strict Content-Security-Policy).

- Bound to a loopback address, the server answers only requests whose Host header names that
  address (a web page elsewhere cannot reach it by DNS rebinding).
- Bound to any other address, every request must carry the token printed at start: as
  ``?token=`` once (it is then kept in an HttpOnly cookie), the cookie, or ``Authorization: Bearer``.
- Every POST must carry the session's CSRF token in the ``X-CSRF-Token`` header (htmx sends it from
  ``hx-headers`` on ``<body>``, ``app.js`` from the page's meta tag); a cross-site form cannot set it.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

SESSION_COOKIE = "tixi_session"
TOKEN_COOKIE = "tixi_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


def is_loopback(host: str) -> bool:
    """Return whether ``host`` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class Guard:
    """The server's secrets and rules: which Host headers to answer, the access token (None on loopback)."""

    host: str
    port: int
    token: str | None = None
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    @classmethod
    def for_address(cls, host: str, port: int) -> Guard:
        """Return the guard for a server bound to ``host``:``port``: a fresh token unless the host is loopback."""
        return cls(host, port, None if is_loopback(host) else secrets.token_urlsafe(24))

    def allowed_host(self, header: str) -> bool:
        """Return whether a request's Host header is one this server answers (any, when a token guards it)."""
        if self.token is not None:
            return True
        name, _, port = header.rpartition(":") if header.count(":") == 1 or header.startswith("[") else (header, "", "")
        name = name or header
        return is_loopback(name) and (not port or port == str(self.port))

    def csrf_for(self, session: str) -> str:
        """Return the CSRF token of a browser session."""
        return hmac.new(self.secret, session.encode(), hashlib.sha256).hexdigest()

    def token_ok(self, request: Request) -> bool:
        """Return whether the request carries the access token (always true without one)."""
        if self.token is None:
            return True
        given = [request.query_params.get("token", ""), request.cookies.get(TOKEN_COOKIE, "")]
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            given.append(header[7:].strip())
        return any(value and hmac.compare_digest(value.encode(), self.token.encode()) for value in given)


class GuardMiddleware:
    """ASGI middleware applying a `Guard` to every HTTP request and the security headers to every response."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        response = self._refusal(request)
        if response is not None:
            await _with_headers(response)(scope, receive, send)
            return
        session = request.cookies.get(SESSION_COOKIE, "")
        fresh = not _looks_like_session(session)
        if fresh:
            session = secrets.token_hex(16)
        scope.setdefault("state", {})
        scope["state"]["session"] = session
        scope["state"]["csrf"] = self.guard.csrf_for(session)

        async def send_with_headers(message: dict[str, object]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))  # type: ignore[call-overload]
                names = {name.lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.encode() not in names:
                        headers.append((name.encode(), value.encode()))
                if fresh:
                    headers.append((b"set-cookie", _cookie(SESSION_COOKIE, session).encode()))
                if self.guard.token is not None and request.query_params.get("token"):
                    headers.append((b"set-cookie", _cookie(TOKEN_COOKIE, self.guard.token).encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)  # type: ignore[arg-type]

    def _refusal(self, request: Request) -> Response | None:
        """Return the response refusing a request, or None to let it through."""
        if not self.guard.allowed_host(request.headers.get("host", "")):
            return PlainTextResponse("This tixi server answers only on its own address (127.0.0.1 or localhost).", status_code=421)
        if not self.guard.token_ok(request):
            return PlainTextResponse("This tixi server needs its access token: open the address `tixi serve` printed, "
                                     "which ends in ?token=…", status_code=401)
        if self.guard.token is not None and request.method == "GET" and request.query_params.get("token"):
            rest = [(key, value) for key, value in request.query_params.multi_items() if key != "token"]
            target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
            redirect = RedirectResponse(target, status_code=303)
            redirect.headers.append("set-cookie", _cookie(TOKEN_COOKIE, self.guard.token))
            return redirect
        if request.method not in SAFE_METHODS:
            session = request.cookies.get(SESSION_COOKIE, "")
            given = request.headers.get(CSRF_HEADER, "")
            if not _looks_like_session(session) or not hmac.compare_digest(given.encode(), self.guard.csrf_for(session).encode()):
                return PlainTextResponse("Refused: the request lacks this page's CSRF token. Reload the page and try again.",
                                         status_code=403)
            origin = request.headers.get("origin")
            if origin and origin != "null" and origin.split("://", 1)[-1] != request.headers.get("host", ""):
                return PlainTextResponse("Refused: a request from another site.", status_code=403)
        return None


def _looks_like_session(value: str) -> bool:
    return len(value) == 32 and all(char in "0123456789abcdef" for char in value)


def _cookie(name: str, value: str) -> str:
    return f"{name}={value}; Path=/; HttpOnly; SameSite=Strict"


def _with_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response

