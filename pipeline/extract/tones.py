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
from dataclasses import dataclass
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


#: one scoring question: which run, the first position tried, the id combinations tried from
#: there (one id per position: singles and pairs)
Job = tuple[int, int, list[tuple[int, ...]]]


def _score_all(model, runs: list[list[int]], jobs: list[Job], flat: bool = False) -> list[np.ndarray] | np.ndarray:  # noqa: ANN001, E501
    """Each job's LM log10 totals (one per combination) over the words its change can touch
    (``flat``: all jobs' totals in one array, in order).

    All jobs go to the LM in one call, their n-gram rows built with array indexing: the LM's
    cost is per call, and a letter asks ~1,600 small questions, which asked one by one cost
    ~85 % of extraction on a scan.  Jobs share one width (all singles, or all pairs)."""
    if not jobs:
        return np.zeros(0) if flat else []
    width = len(jobs[0][2][0])
    seq, bases = [], []
    for ids in runs:  # every run after three sentence-start tokens, end to end
        bases.append(len(seq))
        seq += [model.bos] * 3 + ids
    base, first, span, values = [], [], [], []
    for r, pos, combos in jobs:
        reach = min(pos + width - 1 + 4, len(runs[r])) - pos  # the changed words and 3 after
        for combo in combos:
            base.append(bases[r])
            first.append(pos)
            span.append(reach)
            values.append(combo)
    base_a, first_a = np.array(base), np.array(first)
    row, k = np.nonzero(np.arange(width + 3)[None, :] < np.array(span)[:, None])
    at = (base_a[row] + first_a[row] + k)[:, None] + np.arange(4)  # history (3 ids) + word
    grams = np.array(seq, dtype=np.uint64)[at]
    vals = np.array(values, dtype=np.uint64)
    for t in range(width):  # put the combination's ids in
        changed = base_a[row] + first_a[row] + 3 + t
        grams = np.where(at == changed[:, None], vals[row, t][:, None], grams)
    scores = model.lm.score(grams[:, :3], grams[:, 3])
    totals = np.bincount(row, weights=scores, minlength=len(values))
    if flat:
        return totals
    return np.split(totals, np.cumsum([len(c) for _, _, c in jobs])[:-1])


def _totals(model, ids: list[int], positions: list[int], combos: list[tuple[int, ...]]) -> np.ndarray:  # noqa: ANN001
    """LM log10 score of the words around ``positions`` (adjacent) for each combination of their ids."""
    return _score_all(model, [ids], [(0, positions[0], combos)])[0]


def _options(model, by_shape: dict[str, list[int]], words: list[str], ids: list[int], i: int) -> list[int]:  # noqa: ANN001
    """The word's id first, then the other tones of its letters (none for names and capitals)."""
    w = words[i]
    if len(w) < 2 or (w.isupper() and len(w) > 1) or (w[:1].isupper() and _name_like(words, i)):
        return [ids[i]]  # capitals are the header's business; "Thạnh Tân" is a name, not a typo
    return [ids[i], *(c for c in by_shape.get(shape(w.lower()), []) if c != ids[i])]


@dataclass
class _Run:
    """One run of syllables being corrected: its words, current ids and each word's options."""

    words: list[str]
    ids: list[int]
    opts: list[list[int]]

    def singles(self) -> list[int]:
        return [i for i, o in enumerate(self.opts) if len(o) > 1]

    def pairs(self) -> list[int]:
        return [i for i in range(len(self.opts) - 1) if len(self.opts[i]) > 1 and len(self.opts[i + 1]) > 1]

    def combos(self, i: int) -> list[tuple[int, ...]]:
        return [(a, b) for a in self.opts[i] for b in self.opts[i + 1]]


def _prepare(model, by_shape: dict[str, list[int]], words: list[str]) -> _Run:  # noqa: ANN001
    ids = [model.index.get(w.lower(), model.unk) for w in words]
    return _Run(words, ids, [_options(model, by_shape, words, ids, i) for i in range(len(words))])


#: a change at position k alters the score of a word up to this many positions after it
#: (the 4-gram's history); scores asked in advance for words farther on stay valid
_REACH = 3


def _fix_singles(model, run: _Run, asked: dict[int, np.ndarray] | None = None) -> None:  # noqa: ANN001
    """One syllable at a time, in reading order.  ``asked``: totals scored in advance on the
    run as it was; used while no earlier change is within the word's history."""
    last = -_REACH - 1
    for i in run.singles():
        opts = run.opts[i]
        totals = asked.get(i) if asked is not None and i - last > _REACH else None
        if totals is None:
            totals = _totals(model, run.ids, [i], [(c,) for c in opts])
        best = int(np.argmax(totals))
        margin = 0.0 if run.ids[i] == model.unk else MARGIN  # "buối" is no word: take the best tone
        if best and totals[best] - totals[0] > margin:
            run.ids[i] = opts[best]
            run.opts[i] = [run.ids[i], *(c for c in opts if c != run.ids[i])]
            last = i


def _fix_pairs(model, run: _Run, asked: dict[int, np.ndarray] | None = None) -> None:  # noqa: ANN001
    """Two slips side by side ("chuyến đối số") hide each other: neighbours tried together."""
    last = -_REACH - 2  # the second word of the last changed pair
    for i in run.pairs():
        combos = run.combos(i)
        totals = asked.get(i) if asked is not None and i - last > _REACH else None
        if totals is None:
            totals = _totals(model, run.ids, [i, i + 1], combos)
        best = int(np.argmax(totals))
        a, b = combos[best]
        if a != run.ids[i] and b != run.ids[i + 1] and totals[best] - totals[0] > PAIR_MARGIN:
            run.ids[i], run.ids[i + 1] = a, b
            last = i + 1


def _ask_ahead(model, runs: list[_Run], pairs: bool) -> list[dict[int, np.ndarray]]:  # noqa: ANN001
    """Every run's single (or pair) totals on the runs as they are now, in one LM call."""
    where = [(r, i) for r, run in enumerate(runs) for i in (run.pairs() if pairs else run.singles())]
    jobs: list[Job] = [
        (r, i, runs[r].combos(i) if pairs else [(c,) for c in runs[r].opts[i]]) for r, i in where
    ]
    asked: list[dict[int, np.ndarray]] = [{} for _ in runs]
    for (r, i), totals in zip(where, _score_all(model, [run.ids for run in runs], jobs), strict=True):
        asked[r][i] = totals
    return asked


def _fixed_words(model, run: _Run) -> list[str]:  # noqa: ANN001
    return [w if run.ids[i] == model.index.get(w.lower(), model.unk) else _recase(w, model.vocab[run.ids[i]])
            for i, w in enumerate(run.words)]  # fmt: skip


def _fix_run(model, by_shape: dict[str, list[int]], words: list[str]) -> list[str]:  # noqa: ANN001
    """One run corrected question by question (the reference :func:`fix_tones` batches)."""
    run = _prepare(model, by_shape, words)
    _fix_singles(model, run)
    _fix_pairs(model, run)
    return _fixed_words(model, run)


def fix_tones(text: str) -> str:
    """``text`` with tone marks the LM is sure OCR misread put right (same length)."""
    model, by_shape = _model()
    if model is None:
        return text
    chars = list(text)
    segments = _segments(text)
    runs = [_prepare(model, by_shape, [m.group(0) for m in seg]) for seg in segments]
    for run, asked in zip(runs, _ask_ahead(model, runs, pairs=False), strict=True):
        _fix_singles(model, run, asked)
    for run, asked in zip(runs, _ask_ahead(model, runs, pairs=True), strict=True):
        _fix_pairs(model, run, asked)
    for seg, run in zip(segments, runs, strict=True):
        for m, new in zip(seg, _fixed_words(model, run), strict=True):
            if new != m.group(0) and len(new) == len(m.group(0)):
                chars[m.start() : m.end()] = new
    return "".join(chars)
