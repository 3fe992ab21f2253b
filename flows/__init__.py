"""Prefect 3 flows: scheduling and scale-out wiring around the ``pipeline`` library.

Importing this package sets a few Prefect defaults *before* Prefect is imported (Prefect
reads its settings once, at import).  ``os.environ.setdefault`` is used, so a user's own
environment variable or ``prefect config set`` profile value still wins.  Each one says why:
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

_DEFAULTS = {
    # The temporary server would otherwise try to send usage analytics at start-up: no
    # feature of ours needs it, and congvan runs offline.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # Prefect's default (20 s) for the temporary server's start-up is too short on a busy
    # 2-core machine (two ingests, a test run and Tesseract at once); a timeout there fails
    # the whole run, so wait longer (it costs nothing when the server is quick).
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
}
for _name, _value in _DEFAULTS.items():
    os.environ.setdefault(_name, _value)


@contextmanager
def share_api_with_workers() -> Iterator[str | None]:
    """Point the task runner's worker processes at this process's Prefect API.

    With ``PREFECT_API_URL`` unset, Prefect starts a temporary API server on first use — in
    *every* process: each Dask worker process (``--workers N``) started its own server
    (~6 CPU-s and ~250 MB each, measured), all writing to the same SQLite file.  Prefect
    hands the caller's settings to the tasks it sends to Dask, so entering a settings context
    with the URL of the server this process already runs makes the workers use that one.
    A no-op (yields the configured URL) when ``PREFECT_API_URL`` is set.  Call inside a flow
    run, i.e. once the temporary server is up.
    """
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    configured = PREFECT_API_URL.value()
    if configured:
        yield configured
        return
    with get_client(sync_client=True) as client:  # the running temporary server; not a new one
        url = str(client.api_url).rstrip("/")
    with temporary_settings({PREFECT_API_URL: url}):
        yield url
