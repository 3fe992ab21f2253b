"""``congvan restore [FILE|-] [--json]``: restored Vietnamese text on stdout."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.app import app
from pipeline.errors import InputFileError


def _read(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"cannot read {path} as UTF-8 text: {exc}") from exc


@app.command()
def restore(
    source: Annotated[str, typer.Argument(help="UTF-8 text file, or - for standard input")] = "-",
    as_json: Annotated[bool, typer.Option("--json", help="print method, confidence and per-line detail")] = False,
) -> None:
    """Restore Vietnamese diacritics (legacy encodings, English-model OCR garble, accent-less text)."""
    from pipeline.restore import restore_text

    res = restore_text(_read(source))
    if not as_json:
        sys.stdout.write(res.text if res.text.endswith("\n") else res.text + "\n")
        return
    out = {
        "method": res.method,
        "changed_syllables": res.changed_syllables,
        "confidence": round(res.confidence, 4),
        "text": res.text,
        "lines": [
            {"method": ln.method, "text": ln.text,
             "syllables": [{"text": s.text, "original": s.original, "confidence": round(s.confidence, 4)}
                           for s in ln.syllables if s.changed or s.confidence < 1.0]}
            for ln in res.lines
        ],
    }
    typer.echo(json.dumps(out, ensure_ascii=False, indent=1))
