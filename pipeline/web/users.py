"""Local users of the review page, with Argon2-hashed passwords, and the session secret.

Kept in their own SQLAlchemy metadata (tables ``web_users`` and ``web_secrets``) on the same
database as the store, created with ``create_all`` on first use: the store's schema
(``pipeline/store``) has no users table, and the review page must not edit it.  Moving these two
tables into the store's migrations later changes no caller.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, DateTime, Engine, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from pipeline.errors import ConfigError

_HASHER = PasswordHasher()
#: verified against when the user does not exist, so that a wrong name costs as much as a
#: wrong password and timing does not reveal which names exist.
_DUMMY_HASH = _HASHER.hash("not-a-password")
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
MIN_PASSWORD = 8


class WebBase(DeclarativeBase):
    pass


class WebUser(WebBase):
    __tablename__ = "web_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=lambda: datetime.now(UTC)
    )


class WebSecret(WebBase):
    __tablename__ = "web_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))


def ensure_schema(engine: Engine) -> None:
    """Create ``web_users``/``web_secrets`` if missing (idempotent)."""
    WebBase.metadata.create_all(engine)


def _check(name: str, password: str) -> None:
    if not _NAME.match(name):
        raise ConfigError(f"invalid user name {name!r}: use 1–64 letters, digits, _ . @ -")
    if len(password) < MIN_PASSWORD:
        raise ConfigError(f"password too short: at least {MIN_PASSWORD} characters")


def add_user(session: Session, name: str, password: str) -> WebUser:
    """Create an active user; raises :class:`ConfigError` if the name is taken or invalid."""
    _check(name, password)
    if session.scalar(select(WebUser).where(WebUser.name == name)) is not None:
        raise ConfigError(f"user {name!r} already exists", hint="use `congvan user passwd NAME`")
    user = WebUser(name=name, password_hash=_HASHER.hash(password), active=True)
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, name: str, password: str) -> None:
    _check(name, password)
    user = _get(session, name)
    user.password_hash = _HASHER.hash(password)
    user.active = True


def deactivate(session: Session, name: str) -> None:
    """Sign-in refused from now on; the user's name stays in the audit trail."""
    _get(session, name).active = False


def list_users(session: Session) -> list[WebUser]:
    return list(session.scalars(select(WebUser).order_by(WebUser.name)))


def _get(session: Session, name: str) -> WebUser:
    user = session.scalar(select(WebUser).where(WebUser.name == name))
    if user is None:
        raise ConfigError(f"no user {name!r}", hint="see `congvan user list`")
    return user


def authenticate(session: Session, name: str, password: str) -> WebUser | None:
    """The active user with this name and password, else ``None``; rehashes old parameters."""
    user = session.scalar(select(WebUser).where(WebUser.name == name))
    stored = user.password_hash if user is not None and user.active else _DUMMY_HASH
    try:
        _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = _HASHER.hash(password)
    return user


def session_secret(session: Session, configured: str | None = None) -> str:
    """The key that signs session cookies: the configured one, else one stored on first run.

    Storing it in the database keeps sign-ins valid across restarts and across several
    ``congvan web`` processes on the same database, without a secret in a file.
    """
    if configured:
        return configured
    row = session.get(WebSecret, "session")
    if row is None:
        row = WebSecret(name="session", value=secrets.token_urlsafe(48))
        session.add(row)
        session.flush()
    return row.value
