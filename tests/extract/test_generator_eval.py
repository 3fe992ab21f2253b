"""The labelled-letter generator, the evaluator's rules and the calibrator artifact."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.document import Document
from pipeline.evaluate import PRF, Scores, field_correct, norm, score_folder
from pipeline.extract import extract_record
from pipeline.extract.confidence import FEATURES, Calibrator, get_calibrator
from pipeline.record import Record, Source
from pipeline.samples.generate import generate, write_set


def test_generator_is_deterministic_and_valid() -> None:
    a, b = generate(123), generate(123)
    assert a.letter == b.letter and a.truth == b.truth
    Record.from_json_dict({**a.truth, "source": {"path": "x", "sha256": "0"}})
    assert generate(124).truth != a.truth


def test_generated_letters_read_back_from_text(tmp_path: Path) -> None:
    """Text extraction on letters the extractor was not written against (fresh seeds)."""
    write_set(tmp_path, 40, 777_000)

    def run(path: Path) -> dict:
        doc = Document.from_text(path.read_text(encoding="utf-8"))
        return extract_record(doc, source=Source(path=str(path), sha256="0")).to_json_dict()

    scores = score_folder(tmp_path, extract=run)
    assert sum(scores.total.values()) == 40 * 18
    assert scores.exact >= 0.97
    assert scores.sets["deadlines"].f1 >= 0.95 and scores.sets["quotas"].f1 >= 0.95


def test_comparison_rules() -> None:
    assert norm("Cộng  hoà ,  X") == "cộng hòa, x"
    assert field_correct("subject", "Triển khai  thực hiện", "triển khai thực hiện")
    assert not field_correct("number", None, "12")
    assert field_correct("recipients", ["B", "A"], ["A", "B"])
    assert field_correct("signer", {"name": "A", "title": "B", "authority": None}, {"name": "A", "title": "B"})
    d = {"date": "2024-06-25", "start": None, "recurring": None}
    assert field_correct("deadlines", [{**d, "action": "x"}], [{**d, "action": "y"}])


def test_prf_and_ece() -> None:
    prf = PRF()
    prf.add([1, 2, 2], [2, 3])
    assert (prf.tp, prf.fp, prf.fn) == (1, 2, 1)
    s = Scores()
    s.calibration = [(0.9, True)] * 9 + [(0.9, False)]
    assert abs(s.ece()) < 1e-9
    s.calibration = [(1.0, False)]
    assert s.ece() == 1.0


def test_calibrator_round_trip_and_bounds(tmp_path: Path) -> None:
    cal = Calibrator({"number": ([1.0] * len(FEATURES), -2.0)}, ([0.0] * len(FEATURES), 1.0))
    again = Calibrator.from_json(json.loads(json.dumps(cal.to_json())))
    feats = dict.fromkeys(FEATURES, 1.0)
    assert again.confidence("number", feats) == cal.confidence("number", feats)
    assert 0.0 < cal.confidence("subject", feats) < 1.0
    get_calibrator.cache_clear()
    assert get_calibrator(tmp_path).models == {}  # no artifact: uncalibrated product
    get_calibrator.cache_clear()


def test_calibrator_fit_learns_ocr_quality() -> None:
    """Fields read from worse OCR must get lower confidence (standardised fit, folded back)."""
    import random

    from pipeline.extract.calibrate import fit

    rng = random.Random(0)
    samples = []
    for _ in range(400):
        ocr = rng.uniform(0.80, 0.97)
        feats = [0.9, ocr, ocr, ocr, 1.0, 1.0, 1.0]
        samples.append((feats, rng.random() < (ocr - 0.8) / 0.17))
    cal = fit({"subject": samples})
    lo = cal.confidence("subject", dict(zip(FEATURES, [0.9, 0.82, 0.82, 0.82, 1.0, 1.0, 1.0], strict=True)))
    hi = cal.confidence("subject", dict(zip(FEATURES, [0.9, 0.96, 0.96, 0.96, 1.0, 1.0, 1.0], strict=True)))
    assert lo < 0.35 < 0.65 < hi
