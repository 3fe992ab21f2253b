"""Seed letters (development set only: never tuned on, only checked) for extraction tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.document import Document
from pipeline.extract.base import TextLine

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
if not SEEDS.exists():  # the repository's copy, when the shared folder is not mounted
    SEEDS = Path(__file__).resolve().parents[2] / "samples" / "seeds"

STEMS = sorted(p.stem for p in SEEDS.glob("*.txt")) if SEEDS.exists() else []


def text_line(text: str) -> TextLine:
    """One OCR line standing alone (offsets of its own text, line 0)."""
    return TextLine(text, 0, len(text), 0)


def seed_text(stem: str) -> str:
    """The seed's text; 003 is OCR garble, so its hand-restored text is used."""
    restored = SEEDS / "restored" / f"{stem}.txt"
    return (restored if restored.exists() else SEEDS / f"{stem}.txt").read_text(encoding="utf-8")


def seed_truth(stem: str) -> dict[str, Any]:
    return json.loads((SEEDS / "truth" / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.fixture(params=STEMS or [pytest.param(None, marks=pytest.mark.skip(reason="no seeds"))])
def seed(request: pytest.FixtureRequest) -> tuple[str, Document, dict[str, Any]]:
    stem = request.param
    return stem, Document.from_text(seed_text(stem)), seed_truth(stem)
