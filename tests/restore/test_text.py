import unicodedata

from pipeline.restore.text import LETTERS, apply_case, modern_tone_word, normalise, strip_accents


def test_letters_are_the_134_precomposed_vietnamese_letters():
    assert len(LETTERS) == 134 == len(set(LETTERS))
    assert all(unicodedata.is_normalized("NFC", c) for c in LETTERS)


def test_strip_accents_removes_every_mark_and_bar():
    assert strip_accents("Đường Ủy ban Hạnh phúc ữ") == "Duong Uy ban Hanh phuc u"


def test_modern_tone_placement_only_for_open_oa_oe_uy():
    assert [modern_tone_word(w) for w in ["hoà", "khoẻ", "thuỷ", "Uỷ", "quý", "hoàng", "toán"]] == [
        "hòa", "khỏe", "thủy", "Ủy", "quý", "hoàng", "toán"]


def test_normalise_nfc_dashes_quotes_and_is_idempotent():
    nfd = unicodedata.normalize("NFD", "Uỷ ban – “Tiếng Việt”")
    once = normalise(nfd)
    assert once == 'Ủy ban - "Tiếng Việt"'
    assert normalise(once) == once


def test_apply_case():
    assert apply_case("UBND", "ubnd") == "UBND"
    assert apply_case("Dan", "dân") == "Dân"
    assert apply_case("S6", "số") == "Số"
    assert apply_case("NOi", "nội") == "Nội"
    assert apply_case("CHi", "chí", caps_line=True) == "CHÍ"
