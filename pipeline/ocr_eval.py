"""OCR benchmark: CER/WER against truth text, signer names, and where the time goes.

A sample directory holds scans named ``<stem>.<variant>.<ext>`` (PDF, PNG, JPEG, TIFF), the
truth text ``text/<stem>.txt`` and optionally the truth record ``truth/<stem>.json`` (its
``signer.name`` is looked for in the OCR text).  Texts are compared after NFC and whitespace
normalisation, so reading order counts but line wrapping does not.
"""

from __future__ import annotations

import json
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from pipeline.document import Document
from pipeline.ocr import child_cpu
from pipeline.preprocess import PreprocessConfig
from pipeline.raster import IMAGE_SUFFIXES
from pipeline.settings import Settings


def normalize(text: str) -> str:
    """NFC, one space between words, no leading/trailing space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(hyp: str, ref: str) -> float:
    ref_n, hyp_n = normalize(ref), normalize(hyp)
    return Levenshtein.distance(hyp_n, ref_n) / max(1, len(ref_n))


def wer(hyp: str, ref: str) -> float:
    ref_w, hyp_w = normalize(ref).split(), normalize(hyp).split()
    return Levenshtein.distance(hyp_w, ref_w) / max(1, len(ref_w))


@dataclass
class SampleResult:
    name: str
    variant: str
    pages: int
    chars: int
    errors: int  # character edits
    words: int
    word_errors: int
    tesseract_s: float  # summed over pages
    other_s: float  # raster + preprocess + layout, summed over pages
    raster_s: float
    tesseract_cpu: float = 0.0  # CPU seconds, summed over pages
    other_cpu: float = 0.0
    signer: str | None = None
    signer_found: bool | None = None
    timings: list[dict] = field(default_factory=list)
    #: per page CPU seconds by stage (``Page.meta["cpu"]``)
    page_cpu: list[dict] = field(default_factory=list)

    @property
    def cer(self) -> float:
        return self.errors / max(1, self.chars)

    @property
    def wer(self) -> float:
        return self.word_errors / max(1, self.words)


def printed_text(doc: Document) -> str:
    """The letter's printed text: the document without its ``stamp`` blocks.

    Stamps (arrival "ĐẾN", urgency boxes) are read for the extractor, but the truth text is
    the letter as printed (``Letter.reading_text``), which has no receiving office's stamp.
    """
    pages = [replace(p, blocks=[b for b in p.blocks if b.zone != "stamp"]) for p in doc.pages]
    return Document(pages=pages).text


def sample_files(directory: Path, variant: str | None = None) -> Iterator[tuple[Path, Path]]:
    """(scan, truth text) pairs in ``directory``, optionally of one variant only."""
    for scan in sorted(directory.iterdir()):
        if scan.suffix.lower() not in IMAGE_SUFFIXES | {".pdf"}:
            continue
        parts = scan.name.split(".")
        truth = directory / "text" / f"{parts[0]}.txt"
        if not truth.exists():
            continue
        if variant and (len(parts) < 3 or parts[1] != variant):
            continue
        yield scan, truth


def _signer(directory: Path, stem: str) -> str | None:
    record = directory / "truth" / f"{stem}.json"
    if not record.exists():
        return None
    data = json.loads(record.read_text(encoding="utf-8"))
    name = (data.get("signer") or {}).get("name")
    return normalize(name) if name else None


def read_any(path: Path, settings: Settings, config: PreprocessConfig | None) -> Document:
    from pipeline.scan import read_pdf, read_scan

    if path.suffix.lower() == ".pdf":
        return read_pdf(path, settings, config)[0]
    return read_scan(path, settings, config)


def warm_up(settings: Settings) -> None:
    """Load what the first file would load (libraries, Tesseract's version check, a first
    page's memory), so that one-time start-up cost is not booked as per-page time."""
    import importlib

    from pipeline.ocr import check_tesseract

    for name in ("pypdf", "pdf2image", "pipeline.textlayer"):
        importlib.import_module(name)
    from pipeline.scan import warm_up_scan

    check_tesseract(settings.ocr_lang)
    warm_up_scan(settings.dpi)


def evaluate(
    scan: Path, truth: Path, settings: Settings, config: PreprocessConfig | None = None
) -> SampleResult:
    """OCR one sample and compare it with its truth text."""
    t0, c0 = time.perf_counter(), time.process_time() + child_cpu()
    doc = read_any(scan, settings, config)
    wall = time.perf_counter() - t0
    cpu_all = time.process_time() + child_cpu() - c0
    ref, hyp = normalize(truth.read_text(encoding="utf-8")), normalize(printed_text(doc))
    timings = [p.meta.get("timings", {}) for p in doc.pages]
    tess = sum(t.get("tesseract", 0.0) for t in timings)
    cpu = [p.meta.get("cpu", {}) for p in doc.pages]
    tess_cpu = sum(c.get("tesseract", 0.0) for c in cpu)
    parts = scan.name.split(".")
    signer = _signer(scan.parent, parts[0])
    return SampleResult(
        name=scan.name,
        variant=parts[1] if len(parts) > 2 else "",
        pages=len(doc.pages),
        chars=len(ref),
        errors=Levenshtein.distance(hyp, ref),
        words=len(ref.split()),
        word_errors=Levenshtein.distance(hyp.split(), ref.split()),
        tesseract_s=tess,
        other_s=wall - tess,
        raster_s=sum(t.get("raster", 0.0) for t in timings),
        tesseract_cpu=tess_cpu,
        other_cpu=cpu_all - tess_cpu,
        signer=signer,
        signer_found=(signer.casefold() in hyp.casefold()) if signer else None,
        timings=timings,
        page_cpu=cpu,
    )


#: a page's own stages besides its Tesseract process (``Page.meta["cpu"]``)
OTHER_STAGES = ("raster", "preprocess", "ocr_io", "layout", "stamps")


def page_other_cpu(cpu: dict) -> float:
    """One page's CPU outside its Tesseract process: raster … stamps (``Page.meta["cpu"]``)."""
    return sum(cpu.get(k, 0.0) for k in OTHER_STAGES)


def worst_page(results: list[SampleResult]) -> tuple[float, str]:
    """The highest per-page other/Tesseract CPU ratio, and which page it was.

    Per page: the document's own costs (``pdfinfo``, the text-layer check) are spread over
    its pages, since a page cannot be read without them.
    """
    worst, where = 0.0, ""
    for r in results:
        if not r.page_cpu:
            continue
        own = sum(page_other_cpu(c) for c in r.page_cpu)
        share = max(0.0, r.other_cpu - own) / len(r.page_cpu)
        for i, c in enumerate(r.page_cpu, start=1):
            tess = c.get("tesseract", 0.0)
            ratio = (page_other_cpu(c) + share) / tess if tess else 0.0
            if ratio > worst:
                worst, where = ratio, f"{r.name} p{i}"
    return worst, where


def summarize(results: list[SampleResult]) -> dict[str, Any]:
    """Overall CER/WER (edits over all characters/words), time per page, signers read."""
    pages = sum(r.pages for r in results) or 1
    tess = sum(r.tesseract_s for r in results)
    other = sum(r.other_s for r in results)
    signed = [r for r in results if r.signer_found is not None]
    worst = worst_page(results)
    return {
        "samples": len(results),
        "pages": pages,
        "cer": sum(r.errors for r in results) / max(1, sum(r.chars for r in results)),
        "wer": sum(r.word_errors for r in results) / max(1, sum(r.words for r in results)),
        "tesseract_s_per_page": tess / pages,
        "other_s_per_page": other / pages,
        "raster_s_per_page": sum(r.raster_s for r in results) / pages,
        "other_over_tesseract": other / tess if tess else 0.0,
        "tesseract_cpu_per_page": sum(r.tesseract_cpu for r in results) / pages,
        "other_cpu_per_page": sum(r.other_cpu for r in results) / pages,
        "other_over_tesseract_cpu": sum(r.other_cpu for r in results)
        / max(1e-9, sum(r.tesseract_cpu for r in results)),
        "worst_page_other_over_tesseract_cpu": worst[0],
        "worst_page": worst[1],
        "signers": len(signed),
        "signers_read": sum(1 for r in signed if r.signer_found),
    }
