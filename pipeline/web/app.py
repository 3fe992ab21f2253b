"""The review web app: queue, document page, calibration, audit trail (FastAPI + Jinja2).

Thin over :mod:`pipeline.review`; see :mod:`pipeline.web.security` for sign-in, CSRF and
headers.  Templates autoescape everything, and no template marks OCR text ``|safe``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.middleware.sessions import SessionMiddleware

from pipeline import review
from pipeline.errors import CongvanError
from pipeline.settings import get_settings
from pipeline.store.db import write_session
from pipeline.web import charts, forms, scans
from pipeline.web.security import (
    SESSION_SECONDS,
    CsrfRejected,
    NotSignedIn,
    check_csrf,
    csrf_rejected,
    csrf_token,
    current_user,
    not_signed_in,
    require_user,
    safe_next,
    security_headers,
    sign_in,
)
from pipeline.web.users import authenticate, ensure_schema, session_secret

HERE = Path(__file__).resolve().parent
User = Annotated[str, Depends(require_user)]
#: every change: signed in first (401), then the CSRF token (403)
CHANGE = [Depends(require_user), Depends(check_csrf)]


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True  # every template, whatever its name
    return templates


def create_app(
    engine: Engine,
    *,
    secret: str | None = None,
    threshold: float | None = None,
    ocr_dpi: int | None = None,
    https_only: bool = False,
) -> FastAPI:
    """The app on ``engine`` (already migrated); users and the cookie key live in that DB.

    ``threshold`` (queue fields below it) and ``ocr_dpi`` (the raster PDF evidence boxes are
    in) default to the settings ``low_confidence`` and ``dpi``.
    """
    settings = get_settings()
    threshold = settings.low_confidence if threshold is None else threshold
    ocr_dpi = ocr_dpi or settings.dpi
    ensure_schema(engine)
    with write_session(engine) as session:
        key = session_secret(session, secret)
    app = FastAPI(title="congvan review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.engine, app.state.threshold, app.state.ocr_dpi = engine, threshold, ocr_dpi
    app.add_middleware(
        SessionMiddleware, secret_key=key, session_cookie="congvan_session",
        max_age=SESSION_SECONDS, same_site="strict", https_only=https_only,
    )
    app.middleware("http")(security_headers)
    app.add_exception_handler(NotSignedIn, not_signed_in)
    app.add_exception_handler(CsrfRejected, csrf_rejected)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    templates = _templates()
    _auth_routes(app, templates)
    _page_routes(app, templates)
    _review_routes(app, templates)
    return app


def render(templates: Jinja2Templates, request: Request, name: str, status: int = 200,
           **context: Any) -> HTMLResponse:
    context.update(user=current_user(request), csrf_token=csrf_token(request))
    return templates.TemplateResponse(request, name, context, status_code=status)


def _auth_routes(app: FastAPI, templates: Jinja2Templates) -> None:
    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/") -> HTMLResponse:
        return render(templates, request, "login.html", next=safe_next(next), error=None)

    @app.post("/login", dependencies=[Depends(check_csrf)])
    def login(request: Request, username: Annotated[str, Form()],
              password: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:
        with write_session(app.state.engine) as session:
            user = authenticate(session, username, password)
            name = user.name if user else None
        if name is None:
            return render(templates, request, "login.html", 401, next=safe_next(next),
                          error="wrong user name or password")
        sign_in(request, name)
        return RedirectResponse(safe_next(next), status_code=303)

    @app.post("/logout", dependencies=[Depends(check_csrf)])
    def logout(request: Request) -> Response:
        request.session.clear()
        return RedirectResponse("/login", status_code=303)


def _page_routes(app: FastAPI, templates: Jinja2Templates) -> None:
    @app.get("/")
    def home(_user: User) -> Response:
        return RedirectResponse("/queue", status_code=303)

    @app.get("/queue", response_class=HTMLResponse)
    def queue_page(request: Request, _user: User, field: str = "", campaign: str = "",
                   issuer: str = "", threshold: float | None = None) -> HTMLResponse:
        limit = app.state.threshold if threshold is None else min(max(threshold, 0.0), 1.0)
        with Session(app.state.engine) as session:
            items = review.review_queue(session, threshold=limit, field=field or None,
                                        campaign=campaign or None, issuer=issuer or None)
            facets = review.facets(session)
        return render(templates, request, "queue.html", nav="queue", items=items,
                      facets=facets, threshold=limit,
                      selected={"field": field, "campaign": campaign, "issuer": issuer})

    @app.get("/calibration", response_class=HTMLResponse)
    def calibration_page(request: Request, _user: User) -> HTMLResponse:
        with Session(app.state.engine) as session:
            cals = review.calibration(session, threshold=app.state.threshold)
        diagrams = [charts.diagram(c) for c in cals if c.reviewed]
        counts = [c for c in cals if c.extracted or c.reviewed]
        return render(templates, request, "calibration.html", nav="calibration",
                      diagrams=diagrams, counts=counts, threshold=app.state.threshold)

    @app.get("/audit", response_class=HTMLResponse)
    def audit_page(request: Request, _user: User, document: int | None = None) -> HTMLResponse:
        with Session(app.state.engine) as session:
            entries = review.audit_trail(session, document_id=document)
        return render(templates, request, "audit.html", nav="audit", entries=entries,
                      document=document)

    @app.get("/audit.csv")
    def audit_csv(_user: User, document: int | None = None) -> Response:
        with Session(app.state.engine) as session:
            entries = review.audit_trail(session, document_id=document)
        out = io.StringIO()
        review.write_audit_csv(reversed(entries), out)
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": 'attachment; filename="congvan-audit.csv"'})

    @app.get("/documents/{doc_id}/pages/{page}.png")
    def page_image(doc_id: int, page: int, _user: User) -> Response:
        with Session(app.state.engine) as session:
            view = review.document_view(session, doc_id)
        if view is None or not (1 <= page <= (view.pages or 1)):
            return PlainTextResponse("no such page", status_code=404)
        try:
            png = scans.render_page(Path(view.path), page)
        except scans.PageUnavailable as exc:
            return PlainTextResponse(str(exc), status_code=404)
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=600"})


def document_context(app: FastAPI, view: review.DocumentView, page: int | None) -> dict[str, Any]:
    """What the document template needs: fields with inputs and on-page boxes, page numbers."""
    path = Path(view.path)
    shown = scans.has_image(path)
    sizes: dict[int, tuple[float, float] | None] = {}
    for f in view.fields:
        f.inputs = forms.inputs(f.field, f.value)  # type: ignore[attr-defined]
        box = None
        if shown and f.page and f.bbox:
            if f.page not in sizes:
                sizes[f.page] = scans.raster_size(path, f.page, app.state.ocr_dpi)
            box = scans.box_percent(f.bbox, sizes[f.page])
        f.box = box  # type: ignore[attr-defined]
    numbers = list(range(1, (view.pages or 1) + 1)) if shown else []
    current = page if page in numbers else (numbers[0] if numbers else None)
    return {"doc": view, "page_numbers": numbers, "current_page": current,
            "threshold": app.state.threshold}


def _review_routes(app: FastAPI, templates: Jinja2Templates) -> None:
    def show(request: Request, doc_id: int, *, page: int | None = None, status: int = 200,
             errors: dict[str, str] | None = None, only: str | None = None,
             saved: str | None = None) -> Response:
        with Session(app.state.engine) as session:
            view = review.document_view(session, doc_id)
        if view is None:
            return PlainTextResponse("no such document", status_code=404)
        ctx = document_context(app, view, page)
        if only is None:
            return render(templates, request, "document.html", status, nav="queue",
                          errors=errors or {}, **ctx)
        f = next(x for x in view.fields if x.field == only)
        return render(templates, request, "_field.html", status, f=f,
                      error=(errors or {}).get(only), saved=saved, **ctx)

    @app.get("/documents/{doc_id}", response_class=HTMLResponse)
    def document_page(request: Request, doc_id: int, _user: User,
                      page: int | None = None) -> Response:
        return show(request, doc_id, page=page)

    async def submit(request: Request, doc_id: int, field: str, user: str, action: str) -> Response:
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        reason = form.get("reason", "").strip()
        htmx = request.headers.get("hx-request") == "true"
        if field not in review.EXTRACTED_FIELDS:
            return PlainTextResponse("no such field", status_code=404)
        try:
            if action == "accept":
                review.accept(app.state.engine, doc_id, field, reviewer=user, comment=reason)
            else:
                if not reason:
                    raise forms.FormError("give a reason for the correction")
                value = forms.parse(field, form)
                review.correct(app.state.engine, doc_id, field, value, reviewer=user,
                               comment=reason)
        except (forms.FormError, CongvanError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            # HTMX swaps only 2xx answers: the error comes back in the field's card
            return show(request, doc_id, status=200 if htmx else 422,
                        errors={field: message}, only=field if htmx else None)
        if htmx:
            return show(request, doc_id, only=field, saved="saved")
        return RedirectResponse(f"/documents/{doc_id}#field-{field}", status_code=303)

    @app.post("/documents/{doc_id}/fields/{field}/accept", dependencies=CHANGE)
    async def accept_field(request: Request, doc_id: int, field: str, user: User) -> Response:
        return await submit(request, doc_id, field, user, "accept")

    @app.post("/documents/{doc_id}/fields/{field}/correct", dependencies=CHANGE)
    async def correct_field(request: Request, doc_id: int, field: str, user: User) -> Response:
        return await submit(request, doc_id, field, user, "correct")
