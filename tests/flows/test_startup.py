"""`congvan ingest` starts Prefect's temporary server itself, early, and stops it (issue #10)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from flows import server


@pytest.fixture
def no_prefect_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("PREFECT_API_URL", "PREFECT_PROFILE", "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE"):
        monkeypatch.delenv(name, raising=False)
    profiles = tmp_path / "profiles.toml"
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(profiles))
    return profiles


def test_no_server_is_started_when_prefect_has_an_api(no_prefect_env: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    assert not server._configured_elsewhere()  # no profile file: Prefect would start one
    no_prefect_env.write_text('active = "office"\n[profiles.office]\n'
                              'PREFECT_API_URL = "http://prefect:4200/api"\n')
    assert server._configured_elsewhere()
    no_prefect_env.write_text('active = "local"\n[profiles.local]\nPREFECT_LOGGING_LEVEL = "INFO"\n')
    assert not server._configured_elsewhere()
    monkeypatch.setenv("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "false")
    assert server._configured_elsewhere()
    monkeypatch.delenv("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE")
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    with server.temporary_server() as started:
        assert started is None


@pytest.mark.slow
@pytest.mark.prefect
def test_ingest_starts_and_stops_its_own_server(tmp_path: Path, make_letters: Any,
                                                prefect_api: str, cli_env: Any) -> None:
    inbox = tmp_path / "inbox"
    make_letters(inbox, 2, start=79_500)
    url = f"sqlite:///{tmp_path / 'c.db'}"
    env = {k: v for k, v in cli_env(prefect_api, url).items() if k != "PREFECT_API_URL"}
    env["PREFECT_PROFILES_PATH"] = str(tmp_path / "profiles.toml")  # no profile with an API
    congvan = str(Path(sys.executable).with_name("congvan"))
    proc = subprocess.run([congvan, "ingest", str(inbox), "--settle", "0", "--json"], env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout)["counts"]["processed"] == 2
    assert _servers_started_for(url) == []  # stopped with the command, not left behind


def _servers_started_for(database_url: str) -> list[int]:
    """Prefect API servers still running that were started with this test's environment."""
    import psutil

    found = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if "prefect.server.api.server:create_app" in (proc.info["cmdline"] or []) and \
                    proc.environ().get("CONGVAN_DATABASE_URL") == database_url:
                found.append(proc.pid)
        except psutil.Error:
            continue
    return found


def test_local_server_takes_its_url_back_on_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    """What runs after a `local_server` block in the same process is not sent to a stopped server."""

    class _Proc:
        stderr = None

        def poll(self) -> None:
            return None

        def terminate(self) -> None:
            pass

        def wait(self, timeout: float) -> int:
            return 0

    monkeypatch.setattr(server.subprocess, "Popen", lambda *a, **k: _Proc())
    monkeypatch.setattr(server, "_healthy", lambda url: True)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with server.local_server() as url:
        assert server.os.environ["PREFECT_API_URL"] == url
    assert "PREFECT_API_URL" not in server.os.environ
    monkeypatch.setenv("PREFECT_API_URL", "http://prefect:4200/api")
    with server.local_server() as url:
        assert server.os.environ["PREFECT_API_URL"] == url
    assert server.os.environ["PREFECT_API_URL"] == "http://prefect:4200/api"


@pytest.mark.prefect
def test_runs_on_the_temporary_server_send_no_heartbeats() -> None:
    """Prefect joins its heartbeat thread (one-second sleeps) at the end of every flow run; on
    a server that ends with the command nobody reads the heartbeats, so none are sent."""
    from prefect.settings import get_current_settings

    before = get_current_settings().flows.heartbeat_frequency
    with server.without_heartbeats():
        assert get_current_settings().flows.heartbeat_frequency is None
    assert get_current_settings().flows.heartbeat_frequency == before
