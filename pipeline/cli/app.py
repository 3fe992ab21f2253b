"""The ``congvan`` Typer application that every command module registers on.

Kept apart from ``__init__`` so that command modules can import ``app`` without a cycle.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="congvan",
    help="Scanned Vietnamese official letters (công văn) → structured, queryable records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
