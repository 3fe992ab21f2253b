"""A Prefect server for ``congvan serve``/``congvan ingest`` when none is configured.

Schedules are created by the Prefect *server's* scheduler service, which the temporary
(ephemeral) server that Prefect starts on demand does not run — so a served deployment with
``PREFECT_API_URL`` unset would never fire.  :func:`local_server` starts ``prefect server
start`` on a free loopback port for the lifetime of the command instead.  It must run before
Prefect is imported (Prefect reads ``PREFECT_API_URL`` once, at import).

:func:`temporary_server` is the same temporary server Prefect would start for
``congvan ingest`` — but started first thing, before Prefect is even imported, so that its
≈ 6–8 s boot overlaps the command's own start-up (importing Prefect, the models, the
preflight checks, a Dask cluster) instead of following it.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from pipeline.errors import ConfigError


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:  # noqa: S310 - loopback
            return response.status == 200
    except OSError:
        return False


@contextmanager
def local_server(timeout: float = 180.0) -> Iterator[str]:
    """Start a Prefect server on 127.0.0.1, export its ``PREFECT_API_URL``; stop it on exit."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    prefect = Path(sys.executable).with_name("prefect")
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    proc = subprocess.Popen(
        [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    before = os.environ.get("PREFECT_API_URL")
    try:
        deadline = time.monotonic() + timeout
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read()[-2000:] if proc.poll() is not None and proc.stderr else ""
                raise ConfigError(f"could not start a Prefect server on port {port}: {err}",
                                  hint="start one with `prefect server start` and set PREFECT_API_URL")
            time.sleep(0.5)
        os.environ["PREFECT_API_URL"] = url
        yield url
    finally:  # no URL of a stopped server is left behind for what runs next in this process
        if before is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = before
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _configured_elsewhere() -> bool:
    """True when Prefect has an API to talk to (env or the active profile), or may not start one."""
    if os.environ.get("PREFECT_API_URL"):
        return True
    if os.environ.get("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "true").lower() in ("0", "false", "no"):
        return True
    home = Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect")).expanduser()
    profiles = Path(os.environ.get("PREFECT_PROFILES_PATH", home / "profiles.toml")).expanduser()
    if not profiles.is_file():
        return False
    import tomllib

    try:
        data = tomllib.loads(profiles.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return True  # unreadable: leave every decision to Prefect
    active = os.environ.get("PREFECT_PROFILE") or data.get("active", "ephemeral")
    settings = data.get("profiles", {}).get(active, {})
    return bool(settings.get("PREFECT_API_URL")) or str(
        settings.get("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "true")).lower() in ("0", "false")


class TemporaryServer:
    """Prefect's temporary API server, spawned now and waited for only when first needed.

    The command line is Prefect's own (``SubprocessASGIServer``: uvicorn serving
    ``prefect.server.api.server:create_app`` with the UI off and the ephemeral services),
    on a free loopback port; ``PREFECT_API_URL`` points at it, so Prefect does not start a
    second one, and the Dask workers report to it too.
    """

    def __init__(self) -> None:
        spec = importlib.util.find_spec("prefect")
        if spec is None or not spec.submodule_search_locations:
            raise ConfigError("Prefect is not installed", hint="pip install prefect")
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
               "PREFECT__SERVER_FINAL": "1"}
        site = Path(next(iter(spec.submodule_search_locations))).parent
        # a file, not a pipe: a server that logs a lot would block on a full pipe
        self.log = tempfile.TemporaryFile(mode="w+", prefix="congvan-prefect-")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(site), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port",
             str(self.port), "--log-level", "error", "--lifespan", "on"],
            env=env, stdout=subprocess.DEVNULL, stderr=self.log, text=True,
        )
        os.environ["PREFECT_API_URL"] = self.url

    def wait(self, timeout: float = 180.0) -> str:
        """Block until the server answers ``/health``; its URL."""
        deadline = time.monotonic() + timeout
        while not _healthy(self.url):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.log.seek(0)
                err = self.log.read()[-2000:]
                raise ConfigError(f"the temporary Prefect server did not start: {err}",
                                  hint="start one with `prefect server start` and set PREFECT_API_URL")
            time.sleep(0.1)
        return self.url

    def stop(self) -> None:
        """Send what Prefect still holds (logs, events), then stop the server as Prefect does."""
        if "prefect" in sys.modules and self.proc.poll() is None:
            _drain_prefect()
        if os.environ.get("PREFECT_API_URL") == self.url:
            del os.environ["PREFECT_API_URL"]
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        with suppress(OSError):
            self.log.close()


def _drain_prefect(timeout: float = 10.0) -> None:
    """Flush Prefect's log and event queues to the server while it still runs.

    Prefect flushes them at interpreter exit; by then this server is gone, and each batch
    would wait for its connection to fail.
    """
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        with suppress(Exception):  # best effort: the run's outcome is already stored
            worker.drain_all(timeout=timeout)


@contextmanager
def without_heartbeats() -> Iterator[None]:
    """Flow runs started in the block send Prefect no heartbeats.

    A heartbeat tells a lasting server that a run is still alive (its zombie-run
    automations); the temporary server ends with the command, so nothing reads them.  They
    cost every run its end: Prefect's flow engine joins the heartbeat thread, which sleeps
    in one-second steps, when the run finishes (0-1 s of wall, ≈ 0.5 on average).
    """
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


@contextmanager
def temporary_server() -> Iterator[TemporaryServer | None]:
    """A :class:`TemporaryServer` for the block, or None when Prefect has an API configured."""
    if _configured_elsewhere():
        yield None
        return
    server = TemporaryServer()
    try:
        yield server
    finally:
        server.stop()
