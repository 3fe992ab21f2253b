"""``congvan web`` (the auditors' review page) and ``congvan user …`` (who may sign in).

Thin wrappers: the app is :func:`pipeline.web.app.create_app`, users are
:mod:`pipeline.web.users`.  Passwords are read from a hidden prompt or, for scripts, from
standard input (``--password-stdin``) — never from the command line, where ``ps`` shows them.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pipeline.cli.app import app
from pipeline.errors import ConfigError
from pipeline.settings import get_settings

user_app = typer.Typer(help="Manage the review page's local users.", no_args_is_help=True)
app.add_typer(user_app, name="user")


def _engine():  # type: ignore[no-untyped-def]
    from pipeline.store import connect
    from pipeline.web.users import ensure_schema

    engine = connect(get_settings().database_url)
    ensure_schema(engine)
    return engine


@app.command()
def web(
    host: Annotated[str, typer.Option(help="address to bind; 0.0.0.0 exposes it to the network")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    threshold: Annotated[float | None, typer.Option(
        min=0.0, max=1.0, show_default=False,
        help="queue fields below this confidence [default: CONGVAN_LOW_CONFIDENCE]")] = None,
    secret: Annotated[str | None, typer.Option(
        envvar="CONGVAN_WEB_SECRET", show_default=False,
        help="key signing session cookies (default: generated once, kept in the database)")] = None,
    https_only: Annotated[bool, typer.Option(
        "--https-only", help="send the session cookie over HTTPS only (behind a TLS proxy)")] = False,
) -> None:
    """Serve the auditors' review page: queue, document + scan, calibration, audit trail."""
    import uvicorn

    from pipeline.web.app import create_app

    settings = get_settings()
    engine = _engine()
    application = create_app(engine, secret=secret, threshold=threshold,
                             ocr_dpi=settings.dpi, https_only=https_only)
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: serving on {host}: reachable from other machines", err=True)
    typer.echo(f"congvan review page on http://{host}:{port}/  (Ctrl-C to stop)", err=True)
    uvicorn.run(application, host=host, port=port, log_level="warning", proxy_headers=False)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not password:
        raise ConfigError("empty password")
    return password


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="sign-in name, e.g. an e-mail or initials")],
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="read the password from the first line of standard input")] = False,
) -> None:
    """Add a user who may sign in and review (password asked twice, or read from stdin)."""
    from pipeline.store.db import write_session
    from pipeline.web.users import add_user

    password = _read_password(password_stdin)
    with write_session(_engine()) as session:
        add_user(session, name, password)
    typer.echo(f"user {name} added")


@user_app.command("passwd")
def user_passwd(
    name: str,
    password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
) -> None:
    """Set a user's password (and re-enable a disabled user)."""
    from pipeline.store.db import write_session
    from pipeline.web.users import set_password

    password = _read_password(password_stdin)
    with write_session(_engine()) as session:
        set_password(session, name, password)
    typer.echo(f"password of {name} changed")


@user_app.command("disable")
def user_disable(name: str) -> None:
    """Refuse sign-in from now on; the user's past reviews stay in the trail."""
    from pipeline.store.db import write_session
    from pipeline.web.users import deactivate

    with write_session(_engine()) as session:
        deactivate(session, name)
    typer.echo(f"user {name} disabled")


@user_app.command("list")
def user_list() -> None:
    """Users, whether they may sign in, and when they were added."""
    from sqlalchemy.orm import Session

    from pipeline.web.users import list_users

    with Session(_engine()) as session:
        for u in list_users(session):
            state = "active" if u.active else "disabled"
            typer.echo(f"{u.name}\t{state}\t{u.created_at:%Y-%m-%d %H:%M}")
