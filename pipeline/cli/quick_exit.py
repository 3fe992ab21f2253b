"""Leaving the ``congvan`` command without tearing the interpreter down.

Once a command has finished and every exit handler has run, Python still finalises the
~1,400 modules an ingest imports (Prefect, SQLAlchemy, OpenCV, spaCy…), object by object:
0.3 s of every ``congvan ingest`` (measured: 0.31 s after ``import flows.ingest`` alone,
0.01 s with this), and nothing is left to do by then.  So :func:`arm` (called by the console
entry point, never by tests or library users calling :func:`pipeline.cli.main`) makes the
process end with ``os._exit`` as the very last exit handler.

Nothing is skipped that matters:

* this module's handler is registered first (``pipeline.cli`` imports it before anything
  else), so it runs after every other one: Prefect flushing its logs and events, temporary
  directories removed, ``logging`` shut down (also called here, in case it came first);
* non-daemon threads were joined before any exit handler runs;
* standard output and error are flushed, pooled database connections closed (PostgreSQL
  sees a clean goodbye, not a dropped socket).
"""

from __future__ import annotations

import atexit
import os
import sys
from contextlib import suppress

_code: int | None = None


def arm(code: int) -> None:
    """End the process with ``code`` once the exit handlers have run."""
    global _code
    _code = code


def _leave() -> None:
    if _code is None:  # not the console command (tests, a library caller): exit as usual
        return
    import logging

    logging.shutdown()
    store = sys.modules.get("pipeline.store.db")
    if store is not None:
        with suppress(Exception):  # best effort: the process ends either way
            store.forget_engines()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe: nothing more can be said
            stream.flush()
    os._exit(_code)


atexit.register(_leave)
