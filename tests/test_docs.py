"""Contract tests that keep README.md and the code from drifting apart (datasette's test_docs)."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.cli.app import app
from pipeline.errors import EXIT_CODES, CongvanError
from pipeline.settings import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.S | re.M)
    assert match, f"README has no section {title!r}"
    return match.group(1)


def test_exit_code_table_matches_the_code() -> None:
    rows = re.findall(r"^\| (\d+) \| (.+?) \|$", _section("Exit codes"), re.M)
    assert {int(code): text for code, text in rows} == EXIT_CODES


def test_every_error_class_has_a_documented_exit_code() -> None:
    def walk(cls: type[CongvanError]) -> list[type[CongvanError]]:
        return [cls, *(sub for child in cls.__subclasses__() for sub in walk(child))]

    for cls in walk(CongvanError):
        assert cls.exit_code in EXIT_CODES, cls.__name__


def test_every_setting_is_documented() -> None:
    documented = set(re.findall(r"`CONGVAN_([A-Z_]+)`", _section("Settings")))
    assert documented == {name.upper() for name in Settings.model_fields}


def test_every_command_in_the_tour_exists() -> None:
    import pipeline.cli  # noqa: F401  registers the commands

    registered = {cmd.name or cmd.callback.__name__.replace("_", "-") for cmd in app.registered_commands}
    registered |= {group.name for group in app.registered_groups if group.name}
    tour = re.findall(r"^congvan ([a-z-]+)|; congvan ([a-z-]+)", _section("A tour"), re.M)
    used = {a or b for a, b in tour}
    assert used, "the tour names no command"
    assert used <= registered, used - registered
