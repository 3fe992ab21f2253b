"""Document model and layout zones from the recorded Tesseract TSV (no Tesseract run)."""

from __future__ import annotations

import numpy as np

from pipeline.document import Document, Page, Word
from pipeline.layout import (
    BODY,
    HEADER_LEFT,
    HEADER_RIGHT,
    KINH_GUI,
    NOI_NHAN,
    SIGNATURE,
    SUBJECT,
    ZONES,
    layout_lines,
    split_pieces,
)
from pipeline.ocr import parse_tsv
from pipeline.preprocess import Prepared
from pipeline.scan import _to_original

WIDTH = 2480


def _blocks(tsv: str):
    lines = parse_tsv(tsv)
    grouped = [((ln.block, ln.par), [Word(w.text, w.conf, w.bbox) for w in ln.words]) for ln in lines]
    return layout_lines(grouped, WIDTH)


def test_parse_tsv_words_boxes_confidences(recorded_tsv: str) -> None:
    lines = parse_tsv(recorded_tsv)
    words = [w for ln in lines for w in ln.words]
    assert len(words) > 150
    assert all(0.0 <= w.conf <= 1.0 for w in words)
    assert all(w.bbox[0] < w.bbox[2] and w.bbox[1] < w.bbox[3] for w in words)
    assert all(w.text.strip() for w in words)
    first = lines[0]
    assert first.bbox == (
        min(w.bbox[0] for w in first.words),
        min(w.bbox[1] for w in first.words),
        max(w.bbox[2] for w in first.words),
        max(w.bbox[3] for w in first.words),
    )


def test_zones_in_decree_reading_order(recorded_tsv: str) -> None:
    blocks = _blocks(recorded_tsv)
    assert {b.zone for b in blocks} <= set(ZONES)
    by_zone = [(b.zone, b.text) for b in blocks]
    assert by_zone[0] == (HEADER_LEFT, "ỦY BAN NHÂN DÂN\nPHƯỜNG TÂN PHONG")
    assert by_zone[1] == (HEADER_RIGHT, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    assert by_zone[2] == (HEADER_LEFT, "Số: 245/UBND-VP")
    assert by_zone[3] == (SUBJECT, "V/v triển khai kế hoạch tháng 02")
    assert by_zone[4][0] == HEADER_RIGHT and by_zone[4][1].startswith("Tân Phong, ngày 05")
    assert by_zone[5][0] == KINH_GUI and by_zone[5][1].startswith("Kính gửi:")
    assert all(zone == BODY for zone, _ in by_zone[6:-2])
    assert by_zone[-2] == (NOI_NHAN, "Nơi nhận:\n- Như trên;\n- Lưu: VT.")
    assert by_zone[-1][0] == SIGNATURE
    assert by_zone[-1][1].splitlines() == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Bình"]


def test_two_column_rows_are_split(recorded_tsv: str) -> None:
    # Tesseract read "Nơi nhận: TM. ỦY BAN NHÂN DÂN" as one line; layout must cut it.
    merged = next(ln for ln in parse_tsv(recorded_tsv) if ln.words[0].text == "Nơi")
    pieces = split_pieces([Word(w.text, w.conf, w.bbox) for w in merged.words], (0, 0), WIDTH)
    assert [p.text for p in pieces] == ["Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"]


def test_document_text_and_locate(recorded_tsv: str) -> None:
    page = Page(number=1, blocks=_blocks(recorded_tsv), width=WIDTH, height=3508, dpi=300)
    doc = Document(pages=[page])
    text = doc.text
    start = text.index("Nguyễn Văn Bình")
    found = doc.locate(start, start + len("Nguyễn Văn Bình"))
    assert found.page == 1
    assert found.bbox is not None and found.bbox[1] > 1900  # the signer, at the foot
    assert 0.5 < found.conf <= 1.0
    again = Document.from_dict(doc.export())
    assert again.text == text
    assert [b.zone for b in again.pages[0].blocks] == [b.zone for b in page.blocks]


def test_boxes_mapped_back_to_original_raster(recorded_tsv: str) -> None:
    # The recorded page was OCR'd upright; pretend the original was upside down.
    matrix = np.array([[-1.0, 0, WIDTH - 1], [0, -1.0, 3508 - 1]])
    prep = Prepared(np.zeros((3508, WIDTH), np.uint8), 300, 180, 0.0, True, matrix, (WIDTH, 3508))
    blocks = _blocks(recorded_tsv)
    mapped = _to_original(blocks, prep)
    w0, m0 = blocks[0].lines[0].words[0], mapped[0].lines[0].words[0]
    assert m0.text == w0.text and m0.conf == w0.conf
    assert abs(m0.bbox[0] - (WIDTH - 1 - w0.bbox[2])) <= 1
    assert abs(m0.bbox[3] - (3508 - 1 - w0.bbox[1])) <= 1


def _line(text: str, x: int, y: int, h: int = 50) -> list[Word]:
    words, cx = [], x
    for t in text.split():
        w = 28 * len(t)
        words.append(Word(t, 0.9, (cx, y, cx + w, y + h)))
        cx += w + 20
    return words


def test_footer_without_noi_nhan_anchor() -> None:
    """A later page: body, then a signature column on the right, no "Nơi nhận" read."""
    lines = [
        ((1, 1), _line("đề nghị các đơn vị khẩn trương triển khai thực hiện và báo cáo kết quả", 260, 300)),
        ((1, 1), _line("về Văn phòng trước ngày 20 tháng 02 năm 2024 để tổng hợp.", 260, 390)),
        ((2, 1), _line("KT. CHỦ TỊCH", 1550, 600)),
        ((2, 1), _line("PHÓ CHỦ TỊCH", 1550, 680)),
        ((3, 1), _line("Trần Văn An", 1580, 950)),
    ]
    blocks = layout_lines(lines, WIDTH, first_page=False)
    assert [b.zone for b in blocks] == [BODY, SIGNATURE]
    assert blocks[-1].text.splitlines() == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn An"]


def test_title_and_subject_of_a_plan() -> None:
    lines = [
        ((1, 1), _line("ỦY BAN NHÂN DÂN", 380, 200)),
        ((2, 1), _line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1250, 200)),
        ((1, 1), _line("Số: 12/KH-UBND", 400, 330)),
        ((2, 1), _line("Hà Nội, ngày 02 tháng 3 năm 2024", 1300, 330)),
        ((3, 1), _line("KẾ HOẠCH", 1150, 520)),
        ((3, 1), _line("Tổ chức hội nghị tổng kết", 960, 590)),
        ((4, 1), _line("Thực hiện chỉ đạo của Ủy ban nhân dân thành phố về tổ chức hội nghị tổng kết năm", 260, 760)),
    ]
    blocks = layout_lines(lines, WIDTH)
    assert [b.zone for b in blocks] == [HEADER_LEFT, HEADER_RIGHT, HEADER_LEFT, HEADER_RIGHT, SUBJECT, BODY]
    assert blocks[4].text == "KẾ HOẠCH\nTổ chức hội nghị tổng kết"


def test_speck_tokens_dropped_so_columns_split() -> None:
    from pipeline.ocr import OcrLine, OcrWord, drop_noise

    def w(text: str, x: int, conf: float) -> OcrWord:
        return OcrWord(text, conf, (x, 100, x + 28 * len(text), 150))

    row = OcrLine(1, 1, [w("ỦY", 400, 0.95), w("BAN", 500, 0.95), w("`", 760, 0.2),
                         w("'._", 900, 0.1), w("CỘNG", 1200, 0.93), w("HÒA", 1350, 0.9)])
    dash = OcrWord("-", 0.9, (260, 122, 280, 128))  # a bar: wider than tall
    bullet = OcrLine(2, 1, [dash, w("Như", 300, 0.96), w("trên;", 420, 0.96)])
    kept = drop_noise([row, bullet])
    assert [x.text for x in kept[0].words] == ["ỦY", "BAN", "CỘNG", "HÒA"]
    assert [x.text for x in kept[1].words] == ["-", "Như", "trên;"]
    words = [Word(x.text, x.conf, x.bbox) for x in kept[0].words]
    assert [p.text for p in split_pieces(words, (1, 1), WIDTH)] == ["ỦY BAN", "CỘNG HÒA"]


def test_confident_square_dash_is_a_speck() -> None:
    from pipeline.ocr import OcrLine, OcrWord, drop_noise

    line = OcrLine(1, 1, [OcrWord("DÂN", 0.95, (900, 100, 1030, 150)),
                          OcrWord("-", 0.92, (1096, 120, 1103, 127)),  # a 7x7 dot read as "-"
                          OcrWord("__", 0.65, (1173, 130, 1180, 136)),
                          OcrWord("CỘNG", 0.96, (1235, 100, 1388, 160))])
    assert [w.text for w in drop_noise([line])[0].words] == ["DÂN", "CỘNG"]


def _row(spec: list[tuple[str, int, int]], top: int = 100, height: int = 50) -> list[Word]:
    return [Word(text, 0.95, (x0, top, x1, top + height)) for text, x0, x1 in spec]


def test_specks_in_the_gutter_do_not_bridge_the_columns() -> None:
    words = _row([("ỦY", 534, 606), ("BAN", 621, 733), ("NHÂN", 749, 905), ("DÂN", 921, 1036),
                  ("CỘNG", 1235, 1388), ("HÒA", 1405, 1522), ("XÃ", 1536, 1607)])
    words += [Word("-", 0.92, (1096, 120, 1112, 126)), Word("'", 0.7, (1173, 110, 1180, 118))]
    pieces = split_pieces(words, (1, 1), WIDTH)
    assert [p.text for p in pieces] == ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ"]


def test_speck_next_to_a_word_stays_with_it() -> None:
    words = _row([("Như", 300, 400), ("trên", 412, 520)]) + [Word("-", 0.9, (260, 122, 285, 128))]
    assert [p.text for p in split_pieces(words, (1, 1), WIDTH)] == ["- Như trên"]


def test_narrow_gutter_split_when_it_stands_out() -> None:
    # A long issuer name leaves under two line heights before the motto.
    words = _row([("UBND", 400, 549), ("THÀNH", 561, 749), ("PHỐ", 767, 872), ("ĐÀ", 881, 962),
                  ("NẴNG", 975, 1131), ("CỘNG", 1216, 1369), ("HÒA", 1386, 1504), ("XÃ", 1517, 1589)])
    assert [p.text for p in split_pieces(words, (1, 1), WIDTH)] == ["UBND THÀNH PHỐ ĐÀ NẴNG", "CỘNG HÒA XÃ"]


def test_even_gaps_and_labels_are_not_split() -> None:
    # A justified body line: every gap stretched alike.
    body = _row([(f"w{i}", 260 + 170 * i, 260 + 170 * i + 100) for i in range(8)])
    assert len(split_pieces(body, (1, 1), WIDTH)) == 1
    # "Kính gửi:" and its first recipient after a tab stay one piece.
    label = _row([("Kính", 440, 540), ("gửi:", 552, 640), ("-", 720, 740), ("Thủ", 752, 830),
                  ("trưởng", 842, 990), ("các", 1002, 1070), ("cơ", 1082, 1130)])
    assert len(split_pieces(label, (1, 1), WIDTH)) == 1


def test_kinh_gui_left_of_centre_ends_the_header() -> None:
    def line(text: str, x: int, y: int) -> list[Word]:
        out, pos = [], x
        for word in text.split():
            out.append(Word(word, 0.95, (pos, y, pos + 24 * len(word), y + 45)))
            pos += 24 * len(word) + 14
        return out

    lines = [
        ((1, 1), line("ỦY BAN NHÂN DÂN", 420, 200)),
        ((2, 1), line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1250, 200)),
        ((1, 1), line("Số: 715/UBND-VHXH", 420, 330)),
        ((2, 1), line("Di Linh, ngày 28 tháng 9 năm 2023", 1300, 330)),
        ((1, 1), line("V/v triển khai các sáng kiến", 400, 400)),
        ((3, 1), line("Kính gửi: - UBND các xã;", 650, 600)),
        ((4, 1), line("Thực hiện Quyết định số 483/QĐ-UBND ngày 21/7/2023 của Chủ tịch UBND tỉnh về", 300, 760)),
    ]
    zones = [(b.zone, b.text) for b in layout_lines(lines, WIDTH)]
    assert (KINH_GUI, "Kính gửi: - UBND các xã;") in zones
    assert (SUBJECT, "V/v triển khai các sáng kiến") in zones

