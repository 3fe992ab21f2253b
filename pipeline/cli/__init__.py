"""``congvan``: the one command line. Thin wrappers over importable library functions.

This is the only place where :class:`pipeline.errors.CongvanError` becomes an exit code and a
one-line message (OCRmyPDF's boundary); every other layer raises.
"""

from __future__ import annotations

# First of all: its exit handler must be registered before any other's, to run after them.
from pipeline.cli import quick_exit  # noqa: I001  isort: skip

import logging
import sys
import tempfile
import traceback

from pipeline.cli.app import app
from pipeline.errors import CongvanError

# Command modules register themselves on ``app`` when imported; one module per family.
from pipeline.cli import extract_cmd  # noqa: E402,F401  isort: skip
from pipeline.cli import demo_cmd  # noqa: E402,F401  isort: skip
from pipeline.cli import ingest_cmd  # noqa: E402,F401  isort: skip
from pipeline.cli import web_cmd  # noqa: E402,F401  isort: skip
from pipeline.cli import query_cmd  # noqa: E402,F401  isort: skip
from pipeline.cli import ocr_cmd  # noqa: E402,F401  isort: skip
from pipeline.cli import eval_cmd  # noqa: E402,F401  isort: skip
from pipeline.cli import restore_cmd  # noqa: E402,F401  isort: skip

log = logging.getLogger("congvan")


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the app, turning congvan errors into exit codes."""
    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    try:
        app(args=argv, standalone_mode=True)
    except CongvanError as exc:
        print(f"congvan: error: {exc.one_line}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except (MemoryError, RecursionError, Exception) as exc:  # noqa: BLE001 - the last boundary
        sys.exit(_internal_error(exc))


def console() -> None:
    """The ``congvan`` command: :func:`main`, then out without finalising the interpreter.

    See :mod:`pipeline.cli.quick_exit`; a Ctrl-C or a crash of the exit path itself leaves
    the usual way.
    """
    try:
        main()
    except SystemExit as done:
        quick_exit.arm(done.code if isinstance(done.code, int) else 0 if done.code is None else 1)
        raise
    quick_exit.arm(0)


def _internal_error(exc: BaseException) -> int:
    """A bug: one line on stderr, the traceback kept in a file for the report (exit code 1)."""
    with tempfile.NamedTemporaryFile(
        "w", prefix="congvan-crash-", suffix=".txt", delete=False, encoding="utf-8"
    ) as fh:
        traceback.print_exception(exc, file=fh)
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    print(f"congvan: internal error: {detail} — a bug: please report it with {fh.name}",
          file=sys.stderr)
    return 1
