"""The decoder's newer pieces: document-type codes, capitals headers beside the other column,
signature names, OCR symbols inside words, the LM at a line start, speed-ups that must not
change results (history-first LM lookups, recombination)."""

from __future__ import annotations

import numpy as np

from pipeline.restore import restore_text
from pipeline.restore.codes import code_type
from pipeline.restore.decode import beam_search, confidences
from pipeline.restore.lm import pack
from pipeline.restore.restore import _accentless_or_garbled, _continues
from pipeline.restore.slots import MASK, name_line, pieces

GARBLE_DOC = "S6: 15/UBND-VP Kinh gui: Céc phong chuyén mén thudc Uy ban nhan dan tinh."


def _garble(line: str, model) -> str:
    """``line`` restored inside a document that is English-model OCR throughout."""
    res = restore_text("\n".join([GARBLE_DOC, line, GARBLE_DOC, GARBLE_DOC]), model)
    assert res.lines[1].method == "ocr-garble"
    return res.lines[1].text


def test_document_type_codes():
    line = "Huong dan so 1115/HD-UBND va Quyet dinh so 12/QD-UBND, Nghi dinh 30/2020/ND-CP"
    spans = {m: line.index(m) for m in ("HD-", "QD-", "ND-")}
    assert code_type(line, spans["HD-"], spans["HD-"] + 2) == "HD"  # hướng dẫn, not hợp đồng
    assert code_type(line, spans["QD-"], spans["QD-"] + 2) == "QĐ"
    assert code_type(line, spans["ND-"], spans["ND-"] + 2) == "NĐ"
    assert code_type("Hop dong so 5/HD-UBND", 14, 16) == "HĐ"
    assert code_type("HD-UBND", 0, 2) is None  # not after a number's "/"


def test_codes_in_accentless_and_garbled_text(model):
    out = restore_text("Thuc hien Huong dan so 1115/HD-UBND va Quyet dinh so 7/QD-UBND cua tinh",
                       model).text
    assert "1115/HD-UBND" in out and "7/QĐ-UBND" in out
    assert "1264/QĐ-UBND" in _garble("Thuc hién Quyét dinh s6 1264/QD-UBND ngay 22.11.2023", model)


def test_capitals_header_beside_the_other_column(model):
    out = _garble("SO VAN HOA, THE THAO VA Doc lap - Tw do - Hanh phiic", model)
    assert out.startswith("SỞ VĂN HÓA, THỂ THAO VÀ")
    assert out.endswith("Độc lập - Tự do - Hạnh phúc")
    # an abbreviation in a capitals line stays as typed
    assert "PCT UBND" in _garble("- CT, cac PCT UBND huyén; EARS v AN PHONG", model)


def test_ocr_symbols_inside_words(model):
    out = _garble("Noi nh@n: KT. CHU TICH", model)
    assert out.startswith("Nơi nhận:")
    assert "tổ chức" in _garble("Sé Noi vu vé to chi?c tuyén truyén an toan giao thong", model)
    # real e-mail addresses are still masked
    assert MASK.search("lien he vanthu@ninhbinh.gov.vn").group(0) == "vanthu@ninhbinh.gov.vn"
    assert MASK.search("Noi nh@n: S@ Noi vu") is None


def test_signature_name_line(model):
    assert name_line("~Huynh Thi Tam", model, _accentless_or_garbled)
    assert not name_line("Noi nhan: Nhu tren", model, _accentless_or_garbled)
    assert _garble("~Huynh Thi Tam", model).endswith("Huỳnh Thị Tâm")


def test_line_start_probability_is_a_probability(model):
    """P(w | <s>) must be a distribution (the trainer once gave line starts no mass)."""
    lm = model.lm
    words = np.array([model.word_id(w) for w in ("kính", "nơi", "điều", "số", "sở")])
    hist = np.full((len(words), 3), model.bos)
    lp = lm.score(hist, words)
    assert (lp < 0).all()
    every = np.arange(3, len(model.vocab))
    total = np.power(10.0, lm.score(np.full((len(every), 3), model.bos), every)).sum()
    assert 0.5 < total < 1.01


def test_history_first_lookup_matches_plain_backoff(model):
    lm = model.lm
    rng = np.random.default_rng(1)
    seen = lm.grams[4][0][rng.integers(0, len(lm.grams[4][0]), 2000)]
    random = pack([rng.integers(3, 3000, 2000) for _ in range(4)])
    keys = np.concatenate([seen, random])
    want = []
    for key in keys.tolist():  # textbook backoff, one key at a time
        total, n = 0.0, 4
        while n > 1:
            k = np.uint64(key & ((1 << (16 * n)) - 1))
            table, logp = lm.grams[n]
            i = np.searchsorted(table, k)
            if i < len(table) and table[i] == k:
                break
            hk, hv = lm.bows[n - 1]
            j = np.searchsorted(hk, k >> np.uint64(16))
            total += float(hv[j]) if j < len(hk) and hk[j] == k >> np.uint64(16) else 0.0
            n -= 1
        total += float(logp[i]) if n > 1 else float(lm.unigram[key & 0xFFFF])
        want.append(total)
    assert np.allclose(lm.logprob_packed(keys, 4), want)


def test_batched_decoding_does_not_depend_on_the_batch(model):
    lines = ["Uy ban nhan dan tinh de nghi cac co quan, don vi trien khai thuc hien.",
             "ban ve viec", "cap nhat ho so luu tru", "Nghi dinh so 30/2020/ND-CP"]
    seqs = [[p.slot for p in pieces(x, model, _accentless_or_garbled)] for x in lines]
    together = beam_search(model.lm, seqs, model.bos, beam=8)
    alone = [beam_search(model.lm, [s], model.bos, beam=8)[0] for s in seqs]
    assert all((a == b).all() for a, b in zip(together, alone, strict=True))
    confs = confidences(model.lm, seqs, together, model.bos)
    assert all(((c > 0) & (c <= 1)).all() for c in confs)


def test_wrapped_sentence_keeps_right_context(model):
    assert _continues("nghi cac co quan") and not _continues("d) S& giao dich")
    assert not _continues("1. Toan the") and not _continues("Dieu 5.")
    text = "UBND phuong de\nnghi cac co quan, don vi thuc hien."
    assert restore_text(text, model).text.startswith("UBND phường đề\nnghị")


def test_officialese_phrase_prior(model):
    text = ("Noi nhan:\n- Nhu tren;\n- Ban Thi dua - Khen thuong;\n"
            "Thong tin chi tiet lien he dong chi Tran Van An, chuyen vien, dien thoai: 0912345678.")
    out = restore_text(text, model).text.split("\n")
    assert out[2] == "- Ban Thi đua - Khen thưởng;"
    assert ", chuyên viên, điện thoại" in out[3]
