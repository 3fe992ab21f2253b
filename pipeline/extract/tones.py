"""Put right the tone marks Tesseract ``-l vie`` slips on a scan, with the syllable LM.

On scans the tone mark is the smallest ink on the page, and ``-l vie`` trades hỏi for sắc
("Triến khai", "buối tuyên truyền", "tập thế tiêu biếu") or huyền for hỏi ("an toản") while
getting every letter right.  Those syllables are real words, so a spelling check cannot see
them; the context can.  Each syllable is compared with the other tones of the same letters
and vowel shape ("biếu" → "biểu", "biều", "biêu"…) under the diacritic model's 4-gram LM
(``models/diacritics``, already loaded by restoration), and changes only when the LM prefers
the other tone by more than ``MARGIN`` log10 units — OCR is right far more often than not, so
the reading keeps a strong prior.  Letters, case and length never change, so character
offsets into the text stay valid.  Used for scans only (typed text has no such slips).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

import numpy as np

log = logging.getLogger(__name__)
MARGIN = 2.0  # log10: the other tone must be 100× likelier in context
PAIR_MARGIN = 3.0  # two neighbours changed together need more evidence
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_SYLLABLE = re.compile(r"[^\W\d_]+")
_BREAK = re.compile(r"[^\s]")  # anything but spaces between two syllables resets the context


def shape(syllable: str) -> str:
    """The syllable without its tone mark ("biểu" → "biêu"), vowel shapes kept."""
    out = "".join(c for c in unicodedata.normalize("NFD", syllable) if c not in _TONE_MARKS)
    return unicodedata.normalize("NFC", out)


@lru_cache(maxsize=1)
def _model():  # noqa: ANN202 - the restore package's Model (imported lazily: heavy)
    try:
        from pipeline.restore.model import get_model

        model = get_model()
    except Exception as exc:  # noqa: BLE001 - a missing model only disables the fix
        log.warning("tone check disabled: %s", exc)
        return None, {}
    by_shape: dict[str, list[int]] = {}
    for base_ids, forms in model.forms.values():
        for i, form in zip(base_ids.tolist(), forms, strict=True):
            by_shape.setdefault(shape(form), []).append(int(i))
    return model, by_shape


def _segments(text: str) -> list[list[re.Match[str]]]:
    """Runs of syllables separated by spaces only (a line break counts as a space)."""
    runs: list[list[re.Match[str]]] = []
    prev_end = None
    for m in _SYLLABLE.finditer(text):
        if prev_end is None or _BREAK.search(text, prev_end, m.start()):
            runs.append([])
        runs[-1].append(m)
        prev_end = m.end()
    return runs


def _recase(template: str, word: str) -> str:
    return "".join(w.upper() if t.isupper() else w for t, w in zip(template, word, strict=True))


def _name_like(words: list[str], i: int) -> bool:
    """A capitalised word next to another one ("Thạnh Tân", "Sở Nội vụ") belongs to a name;
    one alone after a lower-case word is one too, but not one after a line in capitals or at a
    sentence start ("KẾ HOẠCH / Triến khai…")."""
    prev = words[i - 1] if i else ""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if nxt[:1].isupper() or (prev[:1].isupper() and not prev.isupper()):
        return True
    return bool(prev) and prev[:1].islower()


def _totals(model, ids: list[int], positions: list[int], combos: list[tuple[int, ...]]) -> np.ndarray:  # noqa: ANN001
    """LM log10 score of the words around ``positions`` for each combination of their ids."""
    seq = [model.bos] * 3 + ids
    span = range(positions[0] + 3, min(positions[-1] + 3 + 4, len(seq)))
    hist, nxt = [], []
    for combo in combos:
        trial = list(seq)
        for p, c in zip(positions, combo, strict=True):
            trial[p + 3] = c
        for j in span:
            hist.append(trial[j - 3 : j])
            nxt.append(trial[j])
    scores = model.lm.score(np.array(hist, dtype=np.uint64), np.array(nxt, dtype=np.uint64))
    return scores.reshape(len(combos), len(span)).sum(axis=1)


def _options(model, by_shape: dict[str, list[int]], words: list[str], ids: list[int], i: int) -> list[int]:  # noqa: ANN001
    """The word's id first, then the other tones of its letters (none for names and capitals)."""
    w = words[i]
    if len(w) < 2 or (w.isupper() and len(w) > 1) or (w[:1].isupper() and _name_like(words, i)):
        return [ids[i]]  # capitals are the header's business; "Thạnh Tân" is a name, not a typo
    return [ids[i], *(c for c in by_shape.get(shape(w.lower()), []) if c != ids[i])]


def _fix_run(model, by_shape: dict[str, list[int]], words: list[str]) -> list[str]:  # noqa: ANN001
    ids = [model.index.get(w.lower(), model.unk) for w in words]
    opts = [_options(model, by_shape, words, ids, i) for i in range(len(words))]
    for i in range(len(words)):  # one syllable at a time
        if len(opts[i]) < 2:
            continue
        totals = _totals(model, ids, [i], [(c,) for c in opts[i]])
        best = int(np.argmax(totals))
        margin = 0.0 if ids[i] == model.unk else MARGIN  # "buối" is no word: take the best tone
        if best and totals[best] - totals[0] > margin:
            ids[i] = opts[i][best]
            opts[i] = [ids[i], *(c for c in opts[i] if c != ids[i])]
    for i in range(len(words) - 1):  # two slips side by side ("chuyến đối số") hide each other
        if len(opts[i]) < 2 or len(opts[i + 1]) < 2:
            continue
        combos = [(a, b) for a in opts[i] for b in opts[i + 1]]
        totals = _totals(model, ids, [i, i + 1], combos)
        best = int(np.argmax(totals))
        if combos[best][0] != ids[i] and combos[best][1] != ids[i + 1] and totals[best] - totals[0] > PAIR_MARGIN:
            ids[i], ids[i + 1] = combos[best]
    return [w if ids[i] == model.index.get(w.lower(), model.unk) else _recase(w, model.vocab[ids[i]])
            for i, w in enumerate(words)]  # fmt: skip


def fix_tones(text: str) -> str:
    """``text`` with tone marks the LM is sure OCR misread put right (same length)."""
    model, by_shape = _model()
    if model is None:
        return text
    chars = list(text)
    for run in _segments(text):
        words = [m.group(0) for m in run]
        fixed = _fix_run(model, by_shape, words)
        for m, new in zip(run, fixed, strict=True):
            if new != m.group(0) and len(new) == len(m.group(0)):
                chars[m.start() : m.end()] = new
    return "".join(chars)
