"""`congvan ingest` / `congvan serve`: help renders, bad options fail before any work."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli.app import app
from pipeline.errors import ConfigError


@pytest.mark.parametrize("command", ["ingest", "serve"])
def test_help(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "--dask" in result.output and "--workers" in result.output


@pytest.mark.parametrize("args", [
    ["--workers", "2", "--dask", "tcp://127.0.0.1:8786"],
    ["--dask", "127.0.0.1:8786"],
    ["--imap", "http://mail.example"],
])
def test_bad_options_are_config_errors(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), *args])
    assert isinstance(result.exception, ConfigError)
