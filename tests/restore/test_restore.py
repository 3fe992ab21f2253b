import pytest

from pipeline.document import Document, Line, Word
from pipeline.restore import restore_document, restore_text
from pipeline.restore.corpus import corpus_dir, heldout_lines
from pipeline.restore.detect import VIET_WORD
from pipeline.restore.text import normalise, strip_accents


def _heldout() -> list[str]:
    """The held-out corpus block; these tests need ../shared/corpus beside the checkout."""
    if not (corpus_dir() / "phapdien" / "phapdien.txt.gz").exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    return heldout_lines()


def test_accentless_sentence(model):
    res = restore_text("Uy ban nhan dan tinh de nghi cac co quan, don vi trien khai thuc hien.", model)
    assert res.text == "Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị triển khai thực hiện."
    assert res.method == "accent-less"
    assert res.changed_syllables == 13
    assert 0.9 < res.confidence <= 1.0


def test_non_vietnamese_tokens_pass_through(model):
    line = ("Thuc hien Cong van 2345/UBND-NVKTGS ngay 11/9/2025 ve chi so PAR Index, IOC, ISO "
            "va DTI, lien he vanthu@ninhbinh.gov.vn hoac UBND-VHXH")
    out = restore_text(line, model).text
    for keep in ("2345/UBND-NVKTGS", "11/9/2025", "PAR Index", "IOC", "ISO", "DTI",
                 "vanthu@ninhbinh.gov.vn", "UBND-VHXH"):
        assert keep in out
    assert out.startswith("Thực hiện Công văn")


def test_correct_text_is_left_alone(model):
    # held-out Vietnamese paragraphs (the block also has a few accent-less file names, which
    # do need restoring: those are left out here)
    lines = [x for x in _heldout()[:400] if len(VIET_WORD.findall(x)) >= 0.3 * len(x.split())]
    res = restore_text("\n".join(lines), model)
    changed = [(a, b) for a, b in zip(lines, res.text.split("\n"), strict=True)
               if normalise(a) != b]
    assert changed == []
    assert res.changed_syllables == 0


def test_english_ocr_garble(model):
    text = "S6: 15/UBND-VP\nKinh gui: Céc phong chuyén mén thudc Uy ban nhan dan tinh."
    res = restore_text(text, model)
    assert res.text == "Số: 15/UBND-VP\nKính gửi: Các phòng chuyên môn thuộc Ủy ban nhân dân tỉnh."
    assert res.method == "ocr-garble"


def test_detection_is_per_line(model):
    text = "CONG HOA XA HOI CHU NGHIA VIET NAM\nCác phòng chuyên môn thực hiện nghiêm túc."
    res = restore_text(text, model)
    assert [ln.method for ln in res.lines] == ["accent-less", "none"]
    assert res.lines[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_per_syllable_confidence_knows_when_unsure(model):
    res = restore_text("ban ve viec trien khai", model)
    syl = res.lines[0].syllables
    assert [s.text for s in syl][1:] == ["về", "việc", "triển", "khai"]
    assert all(0.0 <= s.confidence <= 1.0 for s in syl)
    # a line-initial "ban" (bản? ban? bán?) has no left context: less sure than "việc"
    assert syl[0].confidence < syl[2].confidence


def test_restore_document_keeps_boxes(model):
    words = [Word("Uy", 0.9, (0, 0, 10, 10)), Word("ban", 0.8, (12, 0, 30, 10)),
             Word("nhan", 0.7, (32, 0, 50, 10)), Word("dan", 0.6, (52, 0, 70, 10))]
    doc = Document.from_text("x")
    doc.pages[0].blocks[0].lines = [Line(words=words)]
    out, res = restore_document(doc)
    got = out.pages[0].blocks[0].lines[0].words
    assert [w.text for w in got] == ["Ủy", "ban", "nhân", "dân"]
    assert [w.bbox for w in got] == [w.bbox for w in words]
    assert res.method == "accent-less"


def test_heldout_accentless_sample(model):
    lines = _heldout()[300:400]
    res = restore_text("\n".join(strip_accents(x) for x in lines), model)
    right = sum(a == b for x, y in zip(lines, res.text.split("\n"), strict=True)
                for a, b in zip(x.split(), y.split(), strict=False))
    total = sum(len(x.split()) for x in lines)
    assert right / total > 0.97


def test_correct_generated_letters_are_left_alone(model):
    from pipeline.samples.generate import generate

    for seed in range(700100, 700106):
        text = generate(seed).letter.reading_text()
        res = restore_text(text, model)
        assert res.text == normalise(text), seed
        assert res.changed_syllables == 0


def test_english_sentences_pass_through(model):
    for text in ("Hello world, this is English text.",
                 "We will work with the ministry on this report.",
                 "The ISO 9001 standard applies to all units"):
        res = restore_text(text, model)
        assert res.text == text
        assert res.method == "none"


@pytest.mark.parametrize("address", ["vanthu9(@dongnai.gov.vn", "vanthu1@)dongnai.gov.vn", "ubnd@hanoi.gov.vn"])
def test_ocr_damaged_email_passes_through_whole(model, address):
    """OCR debris beside the "@" must not make the decoder eat the address's letters."""
    assert address in restore_text(f"Lien he qua thu dien tu: {address}; dien thoai 0251.3822").text


def test_unmarked_name_in_an_accented_letter_stays_as_typed(model):
    """"Phan Minh Trung" has no marks and is right; a long unmarked line is still restored."""
    body = "\n".join(["Thực hiện Kế hoạch số 12/KH-UBND ngày 15/5/2024 của Ủy ban nhân dân tỉnh",
                      "Sở Nội vụ đề nghị các cơ quan, đơn vị báo cáo kết quả thực hiện",
                      "Các đơn vị gửi báo cáo về Sở Nội vụ trước ngày 25/6/2024 để tổng hợp",
                      "Trong quá trình thực hiện, nếu có vướng mắc đề nghị liên hệ Phòng Cải cách hành chính",
                      "Sở Nội vụ đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện"])
    assert restore_text(body + "\nGIÁM ĐỐC\nPhan Minh Trung", model).text.endswith("\nPhan Minh Trung")
    long_line = "\nCac don vi gui bao cao ve So Noi vu truoc ngay 30/6/2024"  # accent-less text, restored
    assert restore_text(body + long_line, model).text.endswith("\nCác đơn vị gửi báo cáo về Sở Nội vụ trước ngày 30/6/2024")
