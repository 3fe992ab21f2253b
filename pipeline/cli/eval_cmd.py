"""``congvan eval DIR``: score extracted records against truth JSON files.

Prints the per-field exact-match table, set precision/recall/F1 for recipients, distribution,
deadlines and quotas, the soft scores of deadline/quota phrasing, and the expected calibration
error.  The comparison rules are documented in :mod:`pipeline.evaluate`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from pipeline.cli.app import app

if TYPE_CHECKING:  # the evaluator (and the whole pipeline) loads when `congvan eval` runs
    from pipeline.evaluate import Scores


def render(scores: Scores, console: Console) -> None:
    table = Table(title="Per-field exact match")
    for col in ("field", "right", "total", "accuracy"):
        table.add_column(col, justify="right" if col != "field" else "left")
    for f, (right, total) in scores.summary()["fields"].items():
        table.add_row(f, str(right), str(total), f"{right / total:.3f}")
    table.add_row("ALL", str(sum(scores.right.values())), str(sum(scores.total.values())), f"{scores.exact:.3f}")
    console.print(table)
    sets = Table(title="Set precision / recall / F1")
    for col in ("field", "P", "R", "F1"):
        sets.add_column(col)
    for f, prf in scores.sets.items():
        sets.add_row(f, f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}")
    console.print(sets)
    for k, v in scores.summary()["soft"].items():
        console.print(f"soft {k}: {v:.3f}")
    console.print(f"expected calibration error: {scores.ece():.4f} over {len(scores.calibration)} fields")


@app.command("eval")
def eval_command(
    folder: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="inputs + <name>.json truth")],
    cache: Annotated[Path | None, typer.Option(help="cache OCR'd documents here (by sha256)")] = None,
    variant: Annotated[str | None, typer.Option(help="score <stem>.<variant>.pdf inputs")] = None,
    limit: Annotated[int | None, typer.Option(help="score only the first N letters")] = None,
    errors: Annotated[int, typer.Option(help="print up to N wrong fields")] = 0,
    json_out: Annotated[Path | None, typer.Option("--json", help="also write the summary as JSON")] = None,
) -> None:
    """Score extraction against truth records in FOLDER (see pipeline/evaluate.py for the rules)."""
    from pipeline.evaluate import extract_file, score_folder

    scores = score_folder(folder, extract=lambda p: extract_file(p, cache), limit=limit, variant=variant)
    console = Console()
    render(scores, console)
    for name, field, pred, truth in scores.errors[:errors]:
        console.print(f"[red]{name} {field}[/red]: got {pred!r} want {truth!r}", soft_wrap=True)
    if json_out:
        json_out.write_text(json.dumps(scores.summary(), ensure_ascii=False, indent=1), encoding="utf-8")
