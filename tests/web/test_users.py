"""Local users: Argon2 hashes, sign-in checks, and the stored session secret."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pipeline.errors import ConfigError
from pipeline.store.db import write_session
from pipeline.web import users

from .conftest import PASSWORD


def test_password_is_hashed_and_checked(engine: Engine) -> None:
    with Session(engine) as s:
        (u,) = users.list_users(s)
        assert u.password_hash.startswith("$argon2") and PASSWORD not in u.password_hash
        assert users.authenticate(s, "auditor", PASSWORD) is not None
        assert users.authenticate(s, "auditor", PASSWORD + "x") is None
        assert users.authenticate(s, "nobody", PASSWORD) is None


def test_add_rules_and_disable(engine: Engine) -> None:
    with write_session(engine) as s:
        with pytest.raises(ConfigError, match="already exists"):
            users.add_user(s, "auditor", "another password")
        with pytest.raises(ConfigError, match="too short"):
            users.add_user(s, "lan", "short")
        with pytest.raises(ConfigError, match="invalid user name"):
            users.add_user(s, "<script>", "long enough password")
        users.deactivate(s, "auditor")
    with Session(engine) as s:
        assert users.authenticate(s, "auditor", PASSWORD) is None
    with write_session(engine) as s:
        users.set_password(s, "auditor", "a new long password")
    with Session(engine) as s:
        assert users.authenticate(s, "auditor", "a new long password") is not None


def test_session_secret_is_generated_once_and_kept(engine: Engine) -> None:
    with write_session(engine) as s:
        first = users.session_secret(s)
    with write_session(engine) as s:
        assert users.session_secret(s) == first and len(first) >= 40
        assert users.session_secret(s, "configured") == "configured"
