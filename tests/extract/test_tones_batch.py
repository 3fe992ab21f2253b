"""The tone check asks the LM all its questions in one call: same answers as one by one."""

from __future__ import annotations

import random
import re
import unicodedata

from pipeline.extract import tones
from pipeline.samples.generate import generate

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _slipped(text: str, rng: random.Random, rate: float = 0.08) -> str:
    """``text`` with the tone of some syllables replaced by a random one (OCR's slip)."""
    out = []
    for token in re.split(r"(\s+)", text):
        if token.strip() and rng.random() < rate:
            bare = unicodedata.normalize("NFC", "".join(
                c for c in unicodedata.normalize("NFD", token) if c not in _TONES))
            vowel = re.search(r"[aeiouyâăêôơư]", bare, re.IGNORECASE)
            if vowel:
                token = unicodedata.normalize("NFC", bare[: vowel.end()] + rng.choice(_TONES) + bare[vowel.end():])
        out.append(token)
    return "".join(out)


def _one_by_one(text: str) -> str:
    model, by_shape = tones._model()
    chars = list(text)
    for run in tones._segments(text):
        fixed = tones._fix_run(model, by_shape, [m.group(0) for m in run])
        for m, new in zip(run, fixed, strict=True):
            if new != m.group(0) and len(new) == len(m.group(0)):
                chars[m.start() : m.end()] = new
    return "".join(chars)


def test_batched_tone_check_answers_as_one_by_one() -> None:
    rng = random.Random(5)
    letters = [_slipped(generate(830_000 + i).letter.reading_text(), rng) for i in range(6)]
    changed = 0
    for text in letters:
        fixed = tones.fix_tones(text)
        assert fixed == _one_by_one(text)
        changed += sum(a != b for a, b in zip(fixed, text, strict=True))
    assert changed > 20  # the slips were there and were acted on, not a no-op on both sides


def test_pair_totals_score_each_combination() -> None:
    model, _ = tones._model()
    ids = [model.index[w] for w in ["mô", "hình", "chuyển", "đổi", "số"]]
    wrong = [model.index["chuyến"], model.index["đối"]]
    totals = tones._totals(model, ids, [2, 3], [(ids[2], ids[3]), tuple(wrong)])
    assert totals.shape == (2,) and totals[0] > totals[1]
