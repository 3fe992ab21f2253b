"""Diacritic- and case-insensitive keys."""

from __future__ import annotations

import pytest

from pipeline.query.fold import contains, fold, fold_exact, phrase_pattern, tokens


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Cải cách hành chính", "cai cach hanh chinh"),
        ("ĐỒNG NAI  Đà Nẵng", "dong nai da nang"),
        ("Ủy ban nhân dân", "uy ban nhan dan"),
        ("Phòng Văn hóa – Xã hội", "phong van hoa – xa hoi"),
        ("cai cach", "cai cach"),
        (None, ""),
    ],
)
def test_fold_strips_marks_and_case(text: str | None, key: str) -> None:
    assert fold(text) == key


def test_fold_treats_decomposed_and_composed_alike() -> None:
    import unicodedata

    s = "Quyết định hòa giải"
    assert fold(unicodedata.normalize("NFD", s)) == fold(s) == "quyet dinh hoa giai"


def test_exact_fold_keeps_positions() -> None:
    s = "Về việc CẢI  cách hành chính – Đà Nẵng «İstanbul»"
    folded = fold_exact(s)
    assert len(folded) == len(s)
    match = phrase_pattern(tokens("CAI CACH")).search(folded)
    assert match is not None
    assert s[match.start(): match.end()] == "CẢI  cách"
    assert " ".join(folded.split()).startswith(fold("Về việc CẢI cách hành chính – Đà Nẵng"))


def test_every_vietnamese_letter_folds_to_ascii() -> None:
    letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    for ch in letters + letters.upper():
        assert fold_exact(ch).isascii() and len(fold_exact(ch)) == 1, ch


def test_phrase_matches_whole_words_only() -> None:
    assert phrase_pattern(["cach"]).search("cai cach") is not None
    assert phrase_pattern(["cach"]).search("cachnhiet") is None


def test_contains() -> None:
    assert contains("Ủy ban nhân dân phường Gia Viên", "gia vien")
    assert contains("anything", "")
    assert not contains("Sở Nội vụ", "ubnd")
