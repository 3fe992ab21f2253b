"""OCR benchmark helpers: make extra hard scans with signers' names, rotated scans, then
measure them with ``congvan eval-ocr``.

The five bundled hard samples hold only two signers' names, too few to measure "the signer's
name read correctly in 9 of 10".  ``signers`` renders more letters with the sample renderer
under the HARD preset (200 dpi, noise, blur, JPEG, seal stamped over the name), each with a
different signer and page seed: the seed letters give the layout and wording, the body is
cut to its first paragraphs (one page, so the run stays short), and the names come from a
fixed list of Vietnamese names that appear nowhere in the seeds.  ``rotated`` writes each
clean sample turned 90° and 180°.  The truth text and ``truth/<stem>.json`` (``signer.name``)
are written beside the scans, in the layout ``eval-ocr`` reads.

    python bench/ocr_bench.py signers /tmp/ocr-signers --count 10
    congvan eval-ocr /tmp/ocr-signers
    python bench/ocr_bench.py rotated samples /tmp/ocr-rotated
    congvan eval-ocr /tmp/ocr-rotated
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from PIL import Image

from pipeline.samples.build import arrival_for, scan, seed_number, seed_source
from pipeline.samples.degrade import HARD
from pipeline.samples.scanfiles import save_pdf
from pipeline.samples.seeds import letter_from_seed_text

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
NAMES = [
    "Lê Thị Mỹ Hạnh",
    "Phạm Quốc Cường",
    "Võ Thành Đạt",
    "Hoàng Thị Thu Trang",
    "Đặng Văn Lộc",
    "Bùi Minh Tuấn",
    "Ngô Thị Kim Liên",
    "Huỳnh Tấn Phát",
    "Trương Công Định",
    "Dương Thị Ngọc Ánh",
    "Lý Văn Hùng",
    "Đinh Xuân Trường",
]

app = typer.Typer(add_completion=False, help=__doc__)


@app.command()
def signers(
    out: Path,
    count: Annotated[int, typer.Option(help="letters to render")] = 10,
    seeds: Annotated[Path, typer.Option(help="seed letters")] = SEEDS,
    paragraphs: Annotated[int, typer.Option(help="body paragraphs kept")] = 2,
) -> None:
    """Hard scans of letters signed by ``count`` different people, seal over each name."""
    stems = sorted(p.stem for p in seeds.glob("*.txt"))
    letters = [letter_from_seed_text(seed_source(seeds, s).read_text(encoding="utf-8")) for s in stems]
    letters = [(s, x) for s, x in zip(stems, letters, strict=True) if not x.article]
    (out / "text").mkdir(parents=True, exist_ok=True)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    for i in range(count):
        stem, base = letters[i % len(letters)]
        name = NAMES[i % len(NAMES)]
        seed = seed_number(f"{stem}-signer-{i}")
        letter = replace(
            base,
            body=base.body[:paragraphs],
            signer_name=name,
            signer_title=base.signer_title or "CHỦ TỊCH",
            seal=True,
        )
        shown = replace(letter, arrival=arrival_for(letter, seed))
        pages = scan(shown, HARD, seed)
        key = f"s{i:02d}_{stem[:3]}"
        save_pdf(pages, out / f"{key}.hard.pdf", dpi=HARD.dpi, quality=HARD.jpeg_quality or 75)
        (out / "text" / f"{key}.txt").write_text(letter.reading_text() + "\n", encoding="utf-8")
        record = {"signer": {"name": name}}
        (out / "truth" / f"{key}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        typer.echo(f"{key}: {len(pages)} page(s), signer {name}")


@app.command()
def rotated(samples: Path, out: Path, variant: str = "clean") -> None:
    """Each ``<stem>.<variant>.pdf`` page turned 90° and 180°, as PNG/TIFF scans."""
    from pipeline.raster import iter_pages
    from pipeline.settings import Settings

    (out / "text").mkdir(parents=True, exist_ok=True)
    for pdf in sorted(samples.glob(f"*.{variant}.pdf")):
        stem = pdf.name.split(".")[0]
        shutil.copyfile(samples / "text" / f"{stem}.txt", out / "text" / f"{stem}.txt")
        truth = samples / "truth" / f"{stem}.json"
        if truth.exists():
            (out / "truth").mkdir(exist_ok=True)
            shutil.copyfile(truth, out / "truth" / f"{stem}.json")
        pages = [Image.fromarray(p.image) for p in iter_pages(pdf, Settings())]
        for turn in (90, 180):
            # PIL rotates counter-clockwise: the reader must turn the page back.
            turned = [p.rotate(turn, expand=True) for p in pages]
            target = out / f"{stem}.rot{turn}.tif"
            turned[0].save(target, save_all=True, append_images=turned[1:], dpi=(300, 300),
                           compression="tiff_deflate")
            typer.echo(f"{target.name}: {len(turned)} page(s)")


if __name__ == "__main__":
    app()
