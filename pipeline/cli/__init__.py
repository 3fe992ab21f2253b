"""``congvan``: the one command line. Thin wrappers over importable library functions.

This is the only place where :class:`pipeline.errors.CongvanError` becomes an exit code and a
one-line message (OCRmyPDF's boundary); every other layer raises.
"""

from __future__ import annotations

import logging
import sys

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
        print(f"congvan: error: {exc.message}", file=sys.stderr)
        sys.exit(exc.exit_code)
