"""The sample build, and the committed samples/ folder staying in step with the code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.samples.build import build_one, seed_source
from pipeline.samples.seeds import letter_from_seed_text

STEM = "000_435dd0a191de13f3"


@pytest.mark.slow
def test_build_one_seed_is_deterministic(seeds_dir: Path, tmp_path: Path) -> None:
    first = build_one(seeds_dir, tmp_path / "a", STEM)
    second = build_one(seeds_dir, tmp_path / "b", STEM)
    for variant in ("clean", "hard"):
        pdf_a, pages = first.files[variant]
        assert pages == 1
        assert pdf_a.read_bytes() == second.files[variant][0].read_bytes()
        assert not PdfReader(pdf_a).pages[0].extract_text().strip()
    text = (tmp_path / "a" / "text" / f"{STEM}.txt").read_text(encoding="utf-8")
    assert text.startswith("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ BIÊN HÒA\n")
    truth = json.loads((tmp_path / "a" / "truth" / f"{STEM}.json").read_text(encoding="utf-8"))
    assert truth["number"] == "1940"


def _sample_files(repo: Path) -> list[Path]:
    folder = repo / "samples"
    if not (folder / "README.md").exists():
        pytest.skip("samples/ not built")
    return [p for p in folder.rglob("*") if p.is_file() and p.name != "README.md"]


def test_readme_documents_every_sample_file(repo: Path) -> None:
    files = _sample_files(repo)
    readme = (repo / "samples" / "README.md").read_text(encoding="utf-8")
    assert files
    for path in files:
        assert f"`{path.name.split('.')[0]}`" in readme, path
    assert "python -m pipeline.samples.build" in readme


def test_committed_text_matches_the_parser(repo: Path, seeds_dir: Path) -> None:
    """samples/text is the OCR truth: rebuild samples if the parser or Letter changed."""
    _sample_files(repo)
    texts = sorted((repo / "samples" / "text").glob("*.txt"))
    assert len(texts) == 5
    for path in texts:
        letter = letter_from_seed_text(seed_source(seeds_dir, path.stem).read_text("utf-8"))
        assert path.read_text(encoding="utf-8") == letter.reading_text() + "\n", path.name
    for pdf in (repo / "samples").glob("*.pdf"):
        assert pdf.stat().st_size < 1_500_000, pdf.name
