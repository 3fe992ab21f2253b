import pytest

from pipeline.restore import legacy, restore_text
from pipeline.restore.text import LETTERS

LOWER = LETTERS[:67]
UPPER = LETTERS[67:]
# GNU recode's VPS table has no code for Ỗ; every other letter round-trips.
MISSING = {"vps": "Ỗ"}


@pytest.mark.parametrize("name", sorted(legacy.ENCODINGS))
def test_every_lower_case_letter_round_trips(name):
    for ch in LOWER:
        word = f"x{ch}y"
        assert legacy.decode(legacy.encode(word, name), name) == word, (name, ch)


@pytest.mark.parametrize("name", sorted(legacy.ENCODINGS))
def test_every_capital_round_trips_in_capitals(name):
    # TCVN3 (ABC) draws capitals with lower-case codes in a capital font: a capitals word
    # comes back in capitals; the other encodings have every capital.
    for ch in UPPER:
        if ch in MISSING.get(name, ""):
            continue
        word = f"X{ch}Y"
        assert legacy.decode(legacy.encode(word, name), name) == word, (name, ch)


def test_tcvn3_mojibake_from_the_issue(model):
    res = restore_text("Uû ban nh©n d©n", model)
    assert res.text == "Ủy ban nhân dân"
    assert res.method == "legacy-encoding"


@pytest.mark.parametrize("name", sorted(legacy.ENCODINGS))
def test_whole_letter_round_trips(model, name):
    # (TCVN3 cannot tell "Ủy" from "ủy" in a mixed-case line: ABC typed that capital in
    # another font; this letter's capitals with marks all stand in capitals lines.)
    text = ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nSố: 15/UBND-VP\nKính gửi: Sở Tài chính.\n"
            "Thực hiện ý kiến chỉ đạo của Chủ tịch tỉnh về việc triển khai kế hoạch.")
    res = restore_text(legacy.encode(text, name), model)
    assert res.text == text
    assert res.method == "legacy-encoding"


def test_clean_unicode_is_not_taken_for_legacy(model):
    text = "Giai đoạn 2011 – 2015, “Chợ nông sản” © 2020"
    res = restore_text(text, model)
    assert res.method == "none"


def test_short_viscii_header_line_is_decoded_with_its_document():
    """"BỘ" in VISCII is "B" + the byte of a curly quote: alone the line looks like English with
    a quote, so it is decoded because its document is VISCII and the quote is mojibake."""
    text = "BỘ TÀI CHÍNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nKính gửi: Ủy ban nhân dân các tỉnh"
    assert restore_text(legacy.encode(text, "viscii")).text == text
