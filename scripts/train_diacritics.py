"""Rebuild the diacritic model in models/diacritics/ from ../shared/corpus.

    python scripts/train_diacritics.py            # LM + channel from the committed OCR pairs
    python scripts/train_diacritics.py --ocr      # also re-render and re-OCR the channel data

Steps (each is also runnable alone):
1. ``python -m pipeline.restore.train --out models/diacritics`` — syllable 4-gram LM
   (interpolated Kneser-Ney) on every corpus line except the held-out block.
2. (``--ocr``) ``python -m pipeline.restore.pairs`` and ``bench/restore/make_letters.py`` —
   render corpus lines and generated letters (seeds 720000+), OCR them with ``tesseract -l eng``
   (OMP_THREAD_LIMIT=1, one process; ≈ 2 h for the default amounts).
3. ``python -m pipeline.restore.channel PAGES… --out models/diacritics/channel.json`` — the
   English-model OCR channel from those pages.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "models" / "diacritics" / "ocr_pairs"


def run(*args: str) -> None:
    print("+", " ".join(args), flush=True)
    subprocess.run([sys.executable, *args], cwd=ROOT, check=True,
                   env=dict(os.environ, OMP_THREAD_LIMIT="1"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ocr", action="store_true", help="regenerate the OCR pairs first (slow)")
    ap.add_argument("--pages", type=int, default=1500)
    ap.add_argument("--letters", type=int, default=400)
    args = ap.parse_args()
    out = ROOT / "models" / "diacritics"
    run("-m", "pipeline.restore.train", "--out", str(out))
    if args.ocr:
        DATA.mkdir(parents=True, exist_ok=True)
        for f in DATA.glob("*.jsonl"):
            f.unlink()
        run("-m", "pipeline.restore.pairs", str(DATA / "pages.jsonl"), "--pages", str(args.pages), "--seed", "3")
        run("bench/restore/make_letters.py", str(DATA / "letters.jsonl"), "--start", "720100",
            "--n", str(args.letters), "--degrade", "mixed")
    pages = sorted(str(p) for p in [*DATA.glob("*.jsonl"), *DATA.glob("*.tsv")])
    run("-m", "pipeline.restore.channel", *pages, "--out", str(out / "channel.json"))


if __name__ == "__main__":
    main()
