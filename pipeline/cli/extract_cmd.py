"""``congvan extract FILE… [--json]``: print the record of each file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pipeline.cli.app import app
from pipeline.errors import CongvanError
from pipeline.record import Record
from pipeline.settings import get_settings


def _summary(record: Record) -> Table:
    table = Table(title=f"{Path(record.source.path).name}  ({record.source.kind}, {record.source.pages} p.)")
    table.add_column("field")
    table.add_column("value", overflow="fold")
    table.add_column("conf", justify="right")
    data = record.to_json_dict()
    for field in ("doc_type", "issuer", "number", "symbol", "place", "issued_date", "subject",
                  "recipients", "distribution", "signer", "references", "deadlines", "quotas",
                  "contacts", "campaign", "urgency", "secrecy", "arrival"):
        value = data[field]
        if value in (None, [], {}):
            continue
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        conf = record.confidence.get(field)
        table.add_row(field, shown, f"{conf:.2f}" if conf is not None else "")
    table.caption = f"restoration: {record.restoration.method}, {record.restoration.changed_syllables} syllables changed"
    return table


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="PDF, TIFF/PNG/JPEG or .txt letters")],
    as_json: Annotated[bool, typer.Option("--json", help="print the RECORD.md record as JSON")] = False,
) -> None:
    """Extract the record of each letter (nothing is stored)."""
    from pipeline import api  # OpenCV, OCR and the models load when a letter is read

    settings = get_settings()
    records: list[Record] = []
    failed: CongvanError | None = None
    for path in files:
        try:
            records.append(api.extract(path, settings))
        except CongvanError as exc:  # report it, go on with the other files
            text = exc.one_line  # names the file already, unless the file is missing
            typer.echo(f"congvan: error: {text if path.name in text else f'{path}: {text}'}", err=True)
            failed = failed or exc
    if as_json and records:
        payload = [r.to_json_dict() for r in records]
        out = payload[0] if len(files) == 1 else payload
        typer.echo(json.dumps(out, ensure_ascii=False, indent=1))
    elif records:
        console = Console()
        for record in records:
            console.print(_summary(record))
    if failed is not None:
        raise typer.Exit(failed.exit_code)
