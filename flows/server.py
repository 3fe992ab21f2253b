"""A Prefect server for ``congvan serve`` when none is configured.

Schedules are created by the Prefect *server's* scheduler service, which the temporary
(ephemeral) server that Prefect starts on demand does not run — so a served deployment with
``PREFECT_API_URL`` unset would never fire.  :func:`local_server` starts ``prefect server
start`` on a free loopback port for the lifetime of the command instead.  It must run before
Prefect is imported (Prefect reads ``PREFECT_API_URL`` once, at import).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
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
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
