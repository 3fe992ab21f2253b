"""``congvan ocr FILE [--json|--hocr]`` and ``congvan eval-ocr DIR``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from pipeline.cli.app import app
from pipeline.errors import ConfigError
from pipeline.preprocess import METHODS, PreprocessConfig

if TYPE_CHECKING:  # OCR evaluation loads when its command runs, not for every `congvan …`
    from pipeline.ocr_eval import SampleResult
from pipeline.settings import get_settings


@app.command()
def ocr(
    file: Annotated[Path, typer.Argument(help="PDF, TIFF, PNG or JPEG")],
    as_json: Annotated[bool, typer.Option("--json", help="pages, zoned blocks, words with boxes")] = False,
    as_hocr: Annotated[bool, typer.Option("--hocr", help="hOCR XHTML")] = False,
) -> None:
    """Print a scan's text in reading order (or its words with boxes and confidences)."""
    from pipeline.ocr_eval import read_any

    if as_json and as_hocr:
        raise ConfigError("choose one of --json and --hocr")
    doc = read_any(file, get_settings(), None)
    if as_json:
        typer.echo(json.dumps(doc.export(), ensure_ascii=False, indent=1))
    elif as_hocr:
        from pipeline.hocr import to_hocr

        typer.echo(to_hocr(doc))
    else:
        typer.echo(doc.text)


def _row(table: Table, r: SampleResult) -> None:
    signer = "" if r.signer_found is None else ("yes" if r.signer_found else "NO")
    table.add_row(
        r.name,
        str(r.pages),
        f"{r.cer:.2%}",
        f"{r.wer:.2%}",
        f"{r.tesseract_s / r.pages:.2f}",
        f"{r.other_s / r.pages:.3f}",
        f"{r.other_cpu / r.tesseract_cpu:.0%}" if r.tesseract_cpu else "-",
        signer,
    )


@app.command("eval-ocr")
def eval_ocr(
    directory: Annotated[Path, typer.Argument(help="samples dir: <stem>.<variant>.pdf + text/<stem>.txt")],
    variant: Annotated[str | None, typer.Option(help="only this variant (clean, hard, …)")] = None,
    binarize: Annotated[str, typer.Option(help=f"binarisation: {', '.join(METHODS)}")] = "otsu",
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable results")] = False,
) -> None:
    """CER/WER per sample and overall, signer names read, Tesseract vs other time per page."""
    if binarize not in METHODS:
        raise ConfigError(f"--binarize must be one of {', '.join(METHODS)}")
    from pipeline.ocr_eval import evaluate, sample_files, summarize, warm_up

    settings = get_settings()
    config = PreprocessConfig(binarize=binarize)
    pairs = list(sample_files(directory, variant))
    if not pairs:
        raise ConfigError(f"{directory}: no <stem>.<variant>.<ext> scans with text/<stem>.txt")
    table = Table(title=f"OCR on {directory} (binarize={binarize})")
    for col in ("sample", "pages", "CER", "WER", "tess s/p", "other s/p", "other/tess cpu", "signer"):
        table.add_column(col, justify="left" if col == "sample" else "right")
    console = Console(stderr=as_json)
    warm_up(settings)
    results = []
    for scan, truth in pairs:
        result = evaluate(scan, truth, settings, config)
        results.append(result)
        _row(table, result)
        if not as_json:
            console.print(f"{scan.name}: CER {result.cer:.2%}", highlight=False)
    overall = summarize(results)
    if as_json:
        payload = {"overall": overall, "samples": [r.__dict__ for r in results]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=1, default=str))
        return
    console.print(table)
    console.print(
        f"overall: CER {overall['cer']:.2%}  WER {overall['wer']:.2%}  "
        f"tesseract {overall['tesseract_s_per_page']:.2f} s/page  "
        f"other {overall['other_s_per_page']:.3f} s/page "
        f"(wall: {overall['other_over_tesseract']:.0%} of tesseract; raster {overall['raster_s_per_page']:.3f})  "
        f"CPU: tesseract {overall['tesseract_cpu_per_page']:.2f} s/page, other "
        f"{overall['other_cpu_per_page']:.3f} ({overall['other_over_tesseract_cpu']:.0%}; worst page "
        f"{overall['worst_page_other_over_tesseract_cpu']:.0%}, {overall['worst_page']})  "
        f"signers {overall['signers_read']}/{overall['signers']}",
        highlight=False,
    )
