"""Where the diacritic model's training text comes from, and the held-out slice it never sees.

The held-out slice is one contiguous block of Pháp điển lines (whole articles, no article split
between train and test), chosen once before any training: lines ``HELDOUT_START`` up to
``HELDOUT_END`` (0-based) of ``phapdien/phapdien.txt.gz``.  The training script skips them, the
OCR-pair generator skips them, and ``bench/restore_bench.py`` scores on them.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parents[3] / "shared" / "corpus"
PHAPDIEN = "phapdien/phapdien.txt.gz"
CORPUS_FILES = (
    PHAPDIEN,
    "sapnhap2025/nq-ubtvqh15-2025.txt.gz",
    "gazetteer/dvhc-2025-03.txt.gz",
    "names/given-names.txt.gz",
)
HELDOUT_START = 200_000
HELDOUT_END = 206_000


def corpus_dir(base: Path | None = None) -> Path:
    return base if base is not None else CORPUS_DIR


def iter_lines(name: str, base: Path | None = None) -> Iterator[str]:
    with gzip.open(corpus_dir(base) / name, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                yield line


def training_lines(base: Path | None = None) -> Iterator[str]:
    """Every corpus line except the held-out block."""
    for name in CORPUS_FILES:
        for i, line in enumerate(iter_lines(name, base)):
            if name == PHAPDIEN and HELDOUT_START <= i < HELDOUT_END:
                continue
            yield line


def heldout_lines(base: Path | None = None) -> list[str]:
    """The held-out block (never trained on)."""
    out: list[str] = []
    for i, line in enumerate(iter_lines(PHAPDIEN, base)):
        if i >= HELDOUT_END:
            break
        if i >= HELDOUT_START:
            out.append(line)
    return out
