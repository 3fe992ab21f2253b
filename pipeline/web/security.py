"""Sign-in, CSRF and response headers of the review page.

* Sessions live in Starlette's signed cookie (itsdangerous); the cookie is ``HttpOnly``,
  ``SameSite=Strict`` and expires after :data:`SESSION_SECONDS`.
* Every session carries a random CSRF token; every POST must send it back, as the form
  field ``csrf_token`` or the ``X-CSRF-Token`` header (HTMX), or it is refused with 403.
  The token lives inside the signed cookie, so it cannot be forged or planted from outside.
* Every page but the sign-in form needs a signed-in user; a change without one gets 401.
* A strict Content-Security-Policy (scripts only from ``/static``) backs up Jinja2's
  escaping: even if OCR text saying ``<script>`` slipped through, the browser would not run it.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import PlainTextResponse, RedirectResponse

SESSION_SECONDS = 8 * 3600
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


class NotSignedIn(Exception):
    """Raised by :func:`require_user`; turned into a redirect (GET) or 401 (anything else)."""


class CsrfRejected(Exception):
    """Raised by :func:`check_csrf`; turned into 403."""


def csrf_token(request: Request) -> str:
    """This session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def current_user(request: Request) -> str | None:
    user = request.session.get("user")
    return str(user) if user else None


def require_user(request: Request) -> str:
    """FastAPI dependency: the signed-in user's name, or :class:`NotSignedIn`."""
    user = current_user(request)
    if user is None:
        raise NotSignedIn()
    return user


async def check_csrf(request: Request) -> None:
    """FastAPI dependency for every POST: the session's token must come back with the request."""
    expected = request.session.get("csrf")
    sent = request.headers.get("x-csrf-token")
    if not sent:
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise CsrfRejected()


def sign_in(request: Request, user: str) -> None:
    """Start a fresh session for ``user`` (new CSRF token: no fixation across sign-in)."""
    request.session.clear()
    request.session["user"] = user
    request.session["csrf"] = secrets.token_urlsafe(32)


def safe_next(target: str | None) -> str:
    """Where to go after sign-in: a path on this site only (no ``//host`` or scheme)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


async def not_signed_in(request: Request, _exc: Exception) -> Response:
    if request.method in ("GET", "HEAD"):
        target = quote(safe_next(request.url.path + (f"?{request.url.query}" if request.url.query else "")))
        return RedirectResponse(f"/login?next={target}", status_code=303)
    return PlainTextResponse("sign in first", status_code=401)


async def csrf_rejected(_request: Request, _exc: Exception) -> Response:
    return PlainTextResponse("missing or wrong CSRF token: reload the page", status_code=403)


async def security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("Cache-Control", "no-store")
    return response
