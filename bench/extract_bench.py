"""Extraction benchmark sets: generated letters as text, clean scans and hard scans.

    # 1. write the letters (text + scans) and OCR them once into the cache (slow, background)
    OMP_THREAD_LIMIT=1 python bench/extract_bench.py make /tmp/cv-bench/test --start 500000 --n 200 --variant clean
    OMP_THREAD_LIMIT=1 python bench/extract_bench.py make /tmp/cv-bench/test --start 500000 --n 200 --variant hard
    # 2. score (instant once OCR is cached)
    congvan eval /tmp/cv-bench/test/clean --cache ~/.cache/congvan/ocr
    # 3. fit the calibrator on a *separate* seed range (see pipeline/extract/calibrate.py)

Seeds 500000+ are the test range, 900000+ the calibration range; the five development seeds
are never used.  Scans are image-only PDFs from ``pipeline.samples.render`` degraded with the
renderer's CLEAN / HARD presets.
"""

from __future__ import annotations

import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import typer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.evaluate import extract_file  # noqa: E402
from pipeline.samples.generate import generate, write_set  # noqa: E402

CACHE = Path.home() / ".cache" / "congvan" / "ocr"
cli = typer.Typer(add_completion=False)


@cli.callback()
def _group() -> None:
    """Extraction benchmark sets (make → eval → fit the calibrator)."""


def _scan(seed: int, variant: str, out: Path) -> Path:
    from pipeline.samples.degrade import CLEAN, HARD, degrade
    from pipeline.samples.render import render_letter
    from pipeline.samples.scanfiles import save_pdf

    d = CLEAN if variant == "clean" else HARD
    lab = generate(seed)
    pdf = out / f"{lab.name}.pdf"
    if not pdf.exists():
        pages = render_letter(lab.letter, dpi=d.dpi, seal_over_name=d.seal_over_name)
        pages = [degrade(p, d, seed * 7 + i) for i, p in enumerate(pages)]
        save_pdf(pages, pdf, dpi=d.dpi, quality=d.jpeg_quality or 75)
    truth = out / f"{lab.name}.json"
    if not truth.exists():  # a scan and its truth are written together, once
        truth.write_text(json.dumps(lab.truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return pdf


def _make_one(seed: int, variant: str, folder: Path, cache: Path) -> str:
    pdf = _scan(seed, variant, folder)
    extract_file(pdf, cache)  # fills the OCR cache
    return pdf.name


@cli.command()
def make(
    out: Path, start: int = 500_000, n: int = 200, variant: str = "clean", cache: Path = CACHE, jobs: int = 1
) -> None:
    """Write ``n`` letters from seed ``start`` as ``variant`` (text | clean | hard) and OCR them.

    ``--jobs 2`` OCRs two letters at a time in separate processes (one Tesseract thread each).
    """
    folder = out / variant
    folder.mkdir(parents=True, exist_ok=True)
    if variant == "text":
        write_set(folder, n, start, mode="text")
        return
    t0 = time.perf_counter()
    seeds = range(start, start + n)
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        done = pool.map(_make_one, seeds, [variant] * n, [folder] * n, [cache] * n)
        for i, name in enumerate(done):
            print(f"{i + 1}/{n} {name} {time.perf_counter() - t0:.0f}s", flush=True)


@cli.command()
def speed(n: int = 200, start: int = 500_000, restore: bool = True) -> None:
    """Text letters per second through (restore +) extract on this core."""
    from pipeline import api
    from pipeline.document import Document
    from pipeline.extract import extract_record
    from pipeline.record import Source
    from pipeline.settings import get_settings

    texts = [generate(seed).letter.reading_text() for seed in range(start, start + n)]
    settings = get_settings()
    extract_record(Document.from_text(texts[0]), source=Source(path="w", sha256="0"))  # warm-up
    t0 = time.perf_counter()
    for text in texts:
        loaded = api.Loaded(Source(path="x.txt", sha256="0"), Document.from_text(text))
        restored = api.restore(loaded, settings) if restore else loaded
        doc = restored.document
        extract_record(doc, source=loaded.source)
    dt = time.perf_counter() - t0
    print(f"{n} letters in {dt:.2f}s: {n / dt:.1f} letters/s ({'restore + ' if restore else ''}extract)")


if __name__ == "__main__":
    cli()
