"""Character error rate of plain ``tesseract -l vie`` on the sample scans.

    OMP_THREAD_LIMIT=1 python -m pipeline.samples.ocr_check samples [--variant clean]

A sanity check of the samples themselves (are they readable? how hard is "hard"?), not the
pipeline's OCR benchmark: pages are OCR'd exactly as embedded in the PDF, no preprocessing.
CER = Levenshtein distance / truth length, on NFC text with whitespace collapsed.
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Annotated

import pytesseract
import typer
from pypdf import PdfReader
from rapidfuzz.distance import Levenshtein


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(hypothesis: str, truth: str) -> float:
    """Character error rate of ``hypothesis`` against ``truth`` (both normalised here)."""
    ref = normalise(truth)
    return Levenshtein.distance(normalise(hypothesis), ref) / max(len(ref), 1)


def word_recall(hypothesis: str, truth: str) -> float:
    """Share of the truth's words (as a multiset) that OCR produced, in any order: separates
    recognition errors from reading-order errors such as header columns read across."""
    ref = Counter(normalise(truth).split())
    got = Counter(normalise(hypothesis).split())
    return sum((ref & got).values()) / max(sum(ref.values()), 1)


def ocr_pdf(path: Path, lang: str = "vie") -> str:
    """Tesseract on each embedded page image of an image-only PDF, pages joined."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    texts = []
    for page in PdfReader(path).pages:
        for image in page.images:
            texts.append(pytesseract.image_to_string(image.image, lang=lang))
    return "\n".join(texts)


def main(samples: Annotated[Path, typer.Argument()] = Path("samples"),
         variant: Annotated[list[str] | None, typer.Option(help="which scans")] = None) -> None:
    """Print the CER of each sample scan and the character-weighted mean per variant."""
    for v in variant or ["clean", "hard"]:
        errors = unordered = chars = 0.0
        for pdf in sorted(samples.glob(f"*.{v}.pdf")):
            stem = pdf.name.split(".")[0]
            truth = (samples / "text" / f"{stem}.txt").read_text(encoding="utf-8")
            text = ocr_pdf(pdf)
            rate, bag = cer(text, truth), word_recall(text, truth)
            n = len(normalise(truth))
            errors, unordered, chars = errors + rate * n, unordered + bag * n, chars + n
            typer.echo(f"{pdf.name}: CER {rate:.3f}, word recall {bag:.3f} ({n} chars)")
        typer.echo(f"{v}: mean CER {errors / max(chars, 1):.3f}, "
                   f"word recall {unordered / max(chars, 1):.3f}")


if __name__ == "__main__":
    typer.run(main)
