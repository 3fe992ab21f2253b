"""``congvan user …`` manages the review page's users; ``congvan web`` is registered."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from pipeline.cli.app import app
from pipeline.settings import get_settings
from pipeline.store import connect
from pipeline.web.users import authenticate


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("CONGVAN_DATABASE_URL", url)
    get_settings.cache_clear()
    return url


def test_user_add_list_passwd_disable(db: str) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["user", "add", "lan", "--password-stdin"], input="a long password\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["user", "add", "lan", "--password-stdin"], input="a long password\n")
    assert r.exit_code != 0  # taken
    r = runner.invoke(app, ["user", "add", "minh"], input="prompted password\nprompted password\n")
    assert r.exit_code == 0, r.output
    listing = runner.invoke(app, ["user", "list"]).output
    assert "lan\tactive" in listing and "minh\tactive" in listing
    assert "a long password" not in listing
    assert runner.invoke(app, ["user", "disable", "lan"]).exit_code == 0
    assert "lan\tdisabled" in runner.invoke(app, ["user", "list"]).output
    r = runner.invoke(app, ["user", "passwd", "lan", "--password-stdin"], input="brand new secret\n")
    assert r.exit_code == 0
    with Session(connect(db)) as s:
        assert authenticate(s, "lan", "brand new secret") is not None
        assert authenticate(s, "minh", "prompted password") is not None


def test_web_command_binds_loopback_by_default() -> None:
    r = CliRunner().invoke(app, ["web", "--help"])
    assert r.exit_code == 0
    assert "127.0.0.1" in r.output
