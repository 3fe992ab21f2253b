"""Build the bundled sample scans from the seed letters.

    python -m pipeline.samples.build --seeds ../shared/seeds --out samples

For every seed ``<stem>``: ``<stem>.clean.pdf`` and ``<stem>.hard.pdf`` (image-only scans,
deterministic), ``truth/<stem>.json`` (the seed's truth record, copied) and ``text/<stem>.txt``
(``Letter.reading_text()``: the OCR truth), plus ``README.md`` documenting every file.  A seed
with a hand-restored text in ``seeds/restored/`` is rendered from that text (the real letter
behind an OCR garble).
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

from pipeline.samples.degrade import CLEAN, HARD, Degradation, degrade
from pipeline.samples.letter import Letter
from pipeline.samples.readme import write_readme
from pipeline.samples.render import render_letter
from pipeline.samples.scanfiles import save_pdf
from pipeline.samples.seeds import letter_from_seed_text

log = logging.getLogger(__name__)
VARIANTS: dict[str, Degradation] = {"clean": CLEAN, "hard": HARD}


@dataclass
class Built:
    """What was made for one seed (for the README)."""

    stem: str
    source: Path
    letter: Letter
    files: dict[str, tuple[Path, int]]  # variant -> (pdf, pages)


def seed_number(stem: str) -> int:
    """A stable integer seed from a file stem (Python's ``hash`` is salted per process)."""
    return int.from_bytes(hashlib.sha256(stem.encode()).digest()[:4], "little")


def seed_source(seeds: Path, stem: str) -> Path:
    """The text to render: the hand-restored version when there is one."""
    restored = seeds / "restored" / f"{stem}.txt"
    return restored if restored.exists() else seeds / f"{stem}.txt"


def arrival_for(letter: Letter, seed: int) -> tuple[str, str] | None:
    """A plausible receiver's "ĐẾN" stamp for the hard scan (received letters carry one):
    an arrival number and a date a few days after the letter's own date."""
    if letter.article:
        return None
    found = re.search(r"ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", letter.place_date)
    day, month, year = (int(found.group(1) or 1), int(found.group(2)), int(found.group(3))) \
        if found else (1, 1, 2024)
    try:
        issued = date(year, month, day)
    except ValueError:  # a garbled date in the seed: fall back to a safe day
        issued = date(year, min(max(month, 1), 12), 28)
    received = issued + timedelta(days=1 + seed % 6)
    return str(100 + seed % 4900), received.strftime("%d/%m/%Y")


def scan(letter: Letter, d: Degradation, seed: int) -> list:
    """Render ``letter`` at the scan's dpi and degrade each page with its own seed."""
    pages = render_letter(letter, dpi=d.dpi, seal_over_name=d.seal_over_name)
    return [degrade(page, d, seed + i) for i, page in enumerate(pages)]


def build_one(seeds: Path, out: Path, stem: str) -> Built:
    source = seed_source(seeds, stem)
    letter = letter_from_seed_text(source.read_text(encoding="utf-8"))
    seed = seed_number(stem)
    files: dict[str, tuple[Path, int]] = {}
    for variant, d in VARIANTS.items():
        shown = replace(letter, arrival=arrival_for(letter, seed)) if variant == "hard" else letter
        pages = scan(shown, d, seed)
        pdf = save_pdf(pages, out / f"{stem}.{variant}.pdf", dpi=d.dpi,
                       quality=d.jpeg_quality or 75)
        files[variant] = (pdf, len(pages))
        log.info("%s: %d pages, %d KB", pdf.name, len(pages), pdf.stat().st_size // 1024)
    truth = seeds / "truth" / f"{stem}.json"
    if truth.exists():
        (out / "truth").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(truth, out / "truth" / f"{stem}.json")
    (out / "text").mkdir(parents=True, exist_ok=True)
    (out / "text" / f"{stem}.txt").write_text(letter.reading_text() + "\n", encoding="utf-8")
    return Built(stem, source, letter, files)


def build(seeds: Path, out: Path) -> list[Built]:
    """Build every seed's samples and the README; returns what was built."""
    stems = sorted(p.stem for p in seeds.glob("*.txt"))
    out.mkdir(parents=True, exist_ok=True)
    built = [build_one(seeds, out, stem) for stem in stems]
    copy_seeds(seeds, out / "seeds", stems)
    write_readme(out, built, VARIANTS)
    return built


def copy_seeds(seeds: Path, target: Path, stems: list[str]) -> None:
    """The seed texts, restored texts and truths, so tests run where ../shared is absent."""
    for stem in stems:
        for sub, suffix in (("", ".txt"), ("restored", ".txt"), ("truth", ".json")):
            src = seeds / sub / f"{stem}{suffix}"
            dst = target / sub / src.name
            if src.exists() and not (dst.exists() and dst.samefile(src)):
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)


def main(
    seeds: Annotated[Path, typer.Option(help="folder of seed .txt files")] = Path("../shared/seeds"),
    out: Annotated[Path, typer.Option(help="where to write the samples")] = Path("samples"),
) -> None:
    """Render and degrade the seed letters into the bundled sample scans."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    built = build(seeds, out)
    total = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    typer.echo(f"{len(built)} seeds → {out} ({total / 1e6:.2f} MB)")


if __name__ == "__main__":
    typer.run(main)
