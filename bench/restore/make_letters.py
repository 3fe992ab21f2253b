"""Render generated letters and OCR them with ``tesseract -l eng``: benchmark (c)'s input.

    python bench/restore/make_letters.py OUT.jsonl --start 700000 --n 12

Letters come from :func:`pipeline.samples.generate.generate` (seed range 700000+ is reserved for
this benchmark: 700000–700011 set (c), 740000–740029 the fresh set (f); channel training uses
720000–739999), drawn by :func:`pipeline.samples.render.render_letter`
at 300 dpi.  Each output line: ``{"seed", "truth": reading_text, "ocr": tesseract text}``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pipeline.samples.degrade import CLEAN, Degradation, degrade  # noqa: E402
from pipeline.samples.generate import generate  # noqa: E402
from pipeline.samples.render import render_letter  # noqa: E402

TIRED = Degradation(dpi=300, skew_deg=(0.3, 1.5), noise=4.0, speckle=0.0003, blur=1.6,
                    jpeg_quality=30, shadow=0.2, ink_fade=0.25)
CONDITIONS = {"none": [None], "clean": [CLEAN], "mixed": [None, CLEAN, TIRED]}


def ocr_eng(img, psm: int) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.png"
        img.convert("L").save(path, dpi=(300, 300))
        out = subprocess.run(["tesseract", str(path), "stdout", "-l", "eng", "--psm", str(psm)],
                             capture_output=True, text=True, env=env, timeout=300, check=False)
    return out.stdout


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--start", type=int, default=700000)
    ap.add_argument("--n", type=int, default=12)
    ap.add_argument("--psm", type=int, default=4)
    ap.add_argument("--degrade", choices=sorted(CONDITIONS), default="none")
    args = ap.parse_args()
    with args.out.open("a", encoding="utf-8") as fh:
        for seed in range(args.start, args.start + args.n):
            letter = generate(seed).letter
            cond = CONDITIONS[args.degrade][seed % len(CONDITIONS[args.degrade])]
            pages = render_letter(letter)
            if cond is not None:
                pages = [degrade(p, cond, seed * 10 + i) for i, p in enumerate(pages)]
            ocr = "\n".join(ocr_eng(p, args.psm) for p in pages)
            rec = {"seed": seed, "truth": letter.reading_text(), "ocr": ocr}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            fh.flush()


if __name__ == "__main__":
    main()
