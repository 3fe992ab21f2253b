"""Make (true line, ``tesseract -l eng`` output) pairs: the training data of the garble channel.

Why: Vietnamese letters scanned and OCR'd with the English model come back as "Poc 1ap - Tw do";
to undo that we need to know what ``eng`` does to each Vietnamese syllable.  We render corpus
lines (never the held-out block, never a seed letter) in Liberation Serif at 300 dpi — body
text, bold capitals as in letter headers, italics — with optional light blur and noise, OCR the
page with ``-l eng`` and keep the pages whose line count survived, pairing line for line.

Run: ``python -m pipeline.restore.pairs OUT.tsv --pages 300 --seed 1`` (one Tesseract process,
``OMP_THREAD_LIMIT=1``).  Output: JSON lines, one page each: ``{"truth": [...], "ocr": [...]}``
(line counts may differ; :mod:`pipeline.restore.channel` aligns the tokens).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from pipeline.restore.corpus import CORPUS_FILES, HELDOUT_END, HELDOUT_START, PHAPDIEN, iter_lines
from pipeline.samples.letter import MOTTO
from pipeline.samples.typeset import font

DPI = 300
PAGE_W, PAGE_H = 2480, 3508
MARGIN = 200
HEADER_LINES = [
    *MOTTO,
    "Kính gửi:",
    "Nơi nhận:",
    "- Như trên;",
    "- Lưu: VT.",
    "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
]


def sample_lines(rng: random.Random, n: int) -> list[str]:
    """``n`` training lines: mostly Pháp điển prose, some place names and resolutions."""
    pool: list[str] = []
    for name in CORPUS_FILES:
        for i, line in enumerate(iter_lines(name)):
            if name == PHAPDIEN and HELDOUT_START <= i < HELDOUT_END:
                continue
            if rng.random() < (0.03 if name == PHAPDIEN else 0.1):
                pool.append(line)
    rng.shuffle(pool)
    return pool[:n]


def _fit(text: str, fnt, width: int) -> str:
    words, out = text.split(), ""
    for w in words:
        trial = f"{out} {w}" if out else w
        if fnt.getlength(trial) > width:
            break
        out = trial
    return out


def _styled(rng: random.Random, line: str) -> tuple[str, str]:
    """Pick a face, and sometimes turn the line into header capitals or a letter phrase."""
    r = rng.random()
    if r < 0.12:
        return line.upper(), "bold"
    if r < 0.18:
        return rng.choice(HEADER_LINES), rng.choice(["bold", "regular", "bolditalic"])
    if r < 0.25:
        return line, "italic"
    if r < 0.32:
        prefix = rng.choice(["Số: ", "V/v ", "Kính gửi: ", "Thực hiện ", "- "])
        return prefix + line, "regular"
    return line, "regular"


def render_page(rng: random.Random, lines: list[str]) -> tuple[Image.Image, list[str]]:
    img = Image.new("L", (PAGE_W, PAGE_H), 255)
    draw = ImageDraw.Draw(img)
    size = rng.choice([12, 13, 13, 14])
    y, truths = MARGIN, []
    for raw in lines:
        text, face = _styled(rng, raw)
        fnt = font(face, size, DPI)
        text = _fit(text, fnt, PAGE_W - 2 * MARGIN)
        if not text:
            continue
        if y + fnt.size * 2 > PAGE_H - MARGIN:
            break
        draw.text((MARGIN, y), text, font=fnt, fill=0)
        truths.append(text)
        y += round(fnt.size * rng.uniform(1.5, 1.9))
    if rng.random() < 0.5:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.0)))
    if rng.random() < 0.4:
        img = img.resize((PAGE_W * 2 // 3, PAGE_H * 2 // 3)).resize((PAGE_W, PAGE_H))
    if rng.random() < 0.5:
        img = img.point(lambda v: 0 if v < rng.choice([120, 150, 180]) else 255)
    return img, truths


def ocr_eng(img: Image.Image) -> list[str]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.png"
        img.save(path, dpi=(DPI, DPI))
        out = subprocess.run(
            ["tesseract", str(path), "stdout", "-l", "eng", "--psm", "6"],
            capture_output=True, text=True, env=env, timeout=120, check=False,
        )
    return [ln for ln in out.stdout.splitlines() if ln.strip()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lines-per-page", type=int, default=28)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pool = sample_lines(rng, args.pages * args.lines_per_page)
    kept = 0
    with args.out.open("a", encoding="utf-8") as fh:
        for p in range(args.pages):
            chunk = pool[p * args.lines_per_page:(p + 1) * args.lines_per_page]
            if not chunk:
                break
            img, truths = render_page(rng, chunk)
            got = ocr_eng(img)
            fh.write(json.dumps({"truth": truths, "ocr": got}, ensure_ascii=False) + "\n")
            fh.flush()
            kept += 1
    print(f"pages: {kept}")


if __name__ == "__main__":
    main()
