"""The seed parser recovers what each seed prints, checked against the seeds' truth records."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from pipeline.samples.build import seed_source
from pipeline.samples.letter import MOTTO, Letter
from pipeline.samples.seeds import letter_from_seed_text

STEMS = ["000_435dd0a191de13f3", "001_e79f74d7f293f7b6", "002_a8a4547ec791e729",
         "003_cefa45465077d1c7", "004_515b19381db6f52e"]


def _item(text: str) -> str:
    text = re.sub(r"\s+,", ",", text.lstrip("-+ ").strip())
    return text.rstrip(";.,").strip()


def _load(seeds: Path, stem: str) -> tuple[Letter, dict]:
    letter = letter_from_seed_text(seed_source(seeds, stem).read_text(encoding="utf-8"))
    truth = json.loads((seeds / "truth" / f"{stem}.json").read_text(encoding="utf-8"))
    return letter, truth


@pytest.mark.parametrize("stem", STEMS[:4])
def test_header_fields(seeds_dir: Path, stem: str) -> None:
    letter, truth = _load(seeds_dir, stem)
    assert not letter.article
    assert letter.number_line.startswith("Số:")
    assert truth["symbol"] in letter.number_line.replace(" ", "")
    if truth["number"]:
        assert re.search(rf"\b{truth['number']}\b", letter.number_line)
    else:
        assert re.match(r"^Số:\s*/", letter.number_line)  # blank number stays blank
    assert letter.place_date.startswith(truth["place"] + ", ngày")
    assert letter.place_date.endswith(truth["issued_date"][:4])
    if letter.issuer_lines:  # seed 001 prints no header
        assert " ".join(letter.issuer_lines).casefold() == truth["issuer"]["name"].casefold()
    subject = " ".join(letter.subject_lines).removeprefix("V/v ").rstrip(".")
    assert subject.casefold() == truth["subject"].casefold()
    is_cong_van = truth["doc_type"] == "Công văn"
    assert letter.is_cong_van == is_cong_van
    if not is_cong_van:
        assert letter.doc_title == truth["doc_type"].upper()


@pytest.mark.parametrize("stem", STEMS[:4])
def test_recipients_distribution_signer(seeds_dir: Path, stem: str) -> None:
    letter, truth = _load(seeds_dir, stem)
    assert [_item(r) for r in letter.recipients] == truth["recipients"]
    assert [_item(d) for d in letter.distribution] == truth["distribution"]
    signer = truth["signer"]
    assert letter.signer_name == signer["name"]
    title = letter.signer_title.casefold() if letter.signer_title else None
    assert title == (signer["title"].casefold() if signer["title"] else None)
    authority = [a.split(".")[0] for a in letter.authority_lines]
    assert authority == ([signer["authority"]] if signer["authority"] else [])


def test_body_keeps_every_paragraph_and_rejoins_page_breaks(seeds_dir: Path) -> None:
    letter, _ = _load(seeds_dir, STEMS[1])
    assert letter.body[0].startswith("Thực hiện Quyết định số 299/QĐ-UBND")
    assert letter.body[-1].endswith("Châu Thành./.")
    assert any("phục vụ người dân, tổ chức, doanh nghiệp" in p for p in letter.body)
    assert not any("**" in p for p in letter.body)
    assert letter.bold_phrases == ["15/5/2024 đến hết ngày 25/6/2024",
                                   "phongnv-cth@tayninh.gov.vn"]
    restored, _ = _load(seeds_dir, STEMS[3])
    assert any(p.startswith("c) Cải cách thủ tục hành chính") for p in restored.body)
    assert restored.body[-1].endswith("triển khai thực hiện./.")


def test_motto_is_kept_as_printed(seeds_dir: Path) -> None:
    old_spelling, _ = _load(seeds_dir, STEMS[2])
    assert old_spelling.motto == ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    both_on_one_line, _ = _load(seeds_dir, STEMS[3])  # "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI…"
    assert both_on_one_line.issuer_lines == ["ỦY BAN NHÂN DÂN", "PHƯỜNG GIA VIÊN"]
    assert both_on_one_line.motto == MOTTO


def test_news_article(seeds_dir: Path) -> None:
    letter, truth = _load(seeds_dir, STEMS[4])
    assert letter.article and truth["doc_type"] == "Bài báo"
    assert letter.subject_lines[0].startswith("Hà Nội: Kêu gọi sở, ngành")
    assert any("1980/SNV-CCHC" in p for p in letter.body)


def test_reading_text_is_the_seed_text(seeds_dir: Path) -> None:
    """Every word the seed prints is rendered, and nothing else but the motto."""
    motto = Counter(" ".join(MOTTO).split())
    for stem in STEMS:
        letter, _ = _load(seeds_dir, stem)
        raw = Counter(seed_source(seeds_dir, stem).read_text(encoding="utf-8")
                      .replace("*", "").split())
        rendered = Counter(letter.reading_text().split())
        assert not raw - rendered, stem
        assert not rendered - raw - motto, stem
