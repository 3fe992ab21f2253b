"""The scan repair (pipeline.extract.spelling) on generated letters whose OCR is cached.

    python bench/spelling_bench.py /tmp/cv-dev3/hard [--cache ~/.cache/congvan/ocr]

Prints the CPU time per page of the repair and of the tone check that follows it (warm: the
candidate cache kept across letters, as in a worker; cold: cleared before every letter), and
how many syllables of the generator's truth text the OCR'd text gets right (aligned syllable
by syllable) with the tone check alone and with the repair before it.  Only letters whose OCR
is already cached are read: this never runs Tesseract.
"""

from __future__ import annotations

import difflib
import re
import time
from pathlib import Path

import typer

from pipeline.document import Document
from pipeline.extract import spelling
from pipeline.extract.tones import fix_tones

_SYLLABLE = re.compile(r"[^\W\d_]+")


def _cached(folder: Path, cache: Path) -> list[tuple[Document, str]]:
    from pipeline import api
    from pipeline.evaluate import load_restored, ocr_fingerprint
    from pipeline.samples.generate import generate
    from pipeline.settings import get_settings

    out = []
    for path in sorted(folder.glob("gen_*.pdf")):
        if path.name.count(".") > 1:  # another variant ("gen_1.clean.pdf")
            continue
        src = api.identify(path, get_settings())
        if (cache / f"{src.sha256}.{ocr_fingerprint()}.json").is_file():
            truth = generate(int(path.stem.split("_")[1])).letter.reading_text()
            out.append((load_restored(path, cache).document, truth))
    return out


def _right(text: str, truth: str) -> int:
    read, want = _SYLLABLE.findall(text.lower()), _SYLLABLE.findall(truth.lower())
    return sum(b.size for b in difflib.SequenceMatcher(None, read, want, autojunk=False).get_matching_blocks())


def _cpu(letters: list[tuple[Document, str]], cold: bool) -> tuple[float, float]:
    repair = tones = 0.0
    for doc, _ in letters:
        if cold:
            spelling._near.cache_clear()
        t0 = time.process_time()
        fixed = spelling.repair_document(doc)
        t1 = time.process_time()
        fix_tones(fixed.text)
        repair, tones = repair + t1 - t0, tones + time.process_time() - t1
    pages = sum(len(doc.pages) for doc, _ in letters)
    return 1000 * repair / pages, 1000 * tones / pages


_CACHE = Path.home() / ".cache" / "congvan" / "ocr"


def main(folder: Path, cache: Path = _CACHE) -> None:
    letters = _cached(folder, cache)
    if not letters:
        raise typer.Exit(f"no letter of {folder} has its OCR in {cache}")
    spelling.repair_document(letters[0][0])  # load the model
    for cold in (False, True):
        repair, tones = _cpu(letters, cold)
        print(f"{'cold' if cold else 'warm'}: repair {repair:.1f} ms/page, tone check {tones:.1f} ms/page")
    total = sum(len(_SYLLABLE.findall(truth)) for _, truth in letters)
    before = sum(_right(fix_tones(doc.text), truth) for doc, truth in letters)
    after = sum(_right(fix_tones(spelling.repair_document(doc).text), truth) for doc, truth in letters)
    print(f"{len(letters)} letters, {total} truth syllables right: tone check {before} "
          f"({before / total:.2%}), repair + tone check {after} ({after / total:.2%})")


if __name__ == "__main__":
    typer.run(main)
