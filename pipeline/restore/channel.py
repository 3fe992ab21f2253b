"""The English-model OCR channel: what ``tesseract -l eng`` prints for each Vietnamese letter.

Learnt from our own rendered-and-OCR'd corpus pages (:mod:`pipeline.restore.pairs`): tokens are
aligned page by page, then letters inside each (true syllable, OCR token) pair, giving counts of
"true letter → printed string" ("ố" → "6", "ư" → "w", "ũ" → "ii", "Đ" → "P").  P(OCR | syllable)
is the best segmentation of the OCR token into per-letter emissions; candidates for an OCR token
are the vocabulary forms whose accent-less base is within two edits of the token's skeleton,
plus the syllables seen printed exactly so in training.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pipeline.restore.decode import Slot
from pipeline.restore.model import Model, get_model
from pipeline.restore.text import strip_accents

SKELETON = str.maketrans({"6": "o", "0": "o", "1": "l", "|": "l", "w": "u", "¢": "c", "¥": "y",
                          "'": None, "’": None, "8": "a", "?": None, "@": None, "&": None})
MAX_EMIT = 3
KEEP_LOGP = -3.0  # channel log10 p of printing a non-Vietnamese token as it is
TOP = 10
PRIOR = 0.5  # weight of the unigram prior when choosing which candidates to keep
CHANNEL_WEIGHT = 1.0  # scale of log10 P(OCR | syllable) against the LM (tuned on our own dev pages)
RULE_MIN = 3  # times an OCR string must stand for a letter before it is undone
MAX_VARIANTS = 64
QMARK_LOGP = -1.5  # a word-final "?" is a question mark, not a letter: log10 prior
QMARK_FORMS = 4
SYL = re.compile(r"[^\W\d_]+")
_TWO_DIGITS = re.compile(r"\d\d")
CORE = re.compile(r"[^\W_](?:[^\W_]|['’]|[?@&](?=[^\W\d_]))*[?@&]?")  # as slots.PIECE_OCR


def skeleton(obs: str) -> str:
    return strip_accents(obs.lower()).translate(SKELETON)


# ------------------------------------------------------------------ training
def _align_letters(true: str, obs: str) -> list[tuple[str, str]]:
    """Each letter of ``true`` with the substring of ``obs`` it became."""
    emit = [""] * len(true)
    sm = difflib.SequenceMatcher(None, true, obs, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal" or op == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                emit[i1 + k] = obs[j1 + k]
        elif op == "replace":
            for k in range(i1, i2 - 1):
                emit[k] = obs[j1 + k - i1] if j1 + k - i1 < j2 - 1 else ""
            used = min(i2 - i1 - 1, j2 - j1 - 1)
            emit[i2 - 1] = obs[j1 + used:j2]
        elif op == "insert":
            if i1 > 0:
                emit[i1 - 1] += obs[j1:j2]
            else:
                emit[0] = obs[j1:j2] + emit[0]
    return list(zip(true, emit, strict=True))


def _token_pairs(page: dict) -> list[tuple[str, str]]:
    truth = " ".join(page["truth"]).split()
    ocr = " ".join(page["ocr"]).split()
    sm = difflib.SequenceMatcher(None, [skeleton(t) for t in truth], [skeleton(o) for o in ocr],
                                 autojunk=False)
    pairs = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal" or op == "replace" and i2 - i1 == j2 - j1:
            pairs.extend(zip(truth[i1:i2], ocr[j1:j2], strict=True))
    return pairs


def read_pages(path: Path) -> list[dict]:
    """Pages from ``pairs.py`` JSON lines, or ``truth<TAB>ocr`` TSV rows (one line per page)."""
    pages = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if path.suffix == ".tsv":
                t, _, o = line.rstrip("\n").partition("\t")
                pages.append({"truth": [t], "ocr": [o]})
            elif line.strip():
                page = json.loads(line)
                if isinstance(page["truth"], str):  # a letter from bench/restore/make_letters.py
                    page = {"truth": page["truth"].split("\n"), "ocr": page["ocr"].split("\n")}
                pages.append(page)
    return pages


def train_channel(paths: list[Path], syllables: frozenset[str]) -> dict:
    emissions: dict[str, Counter] = defaultdict(Counter)
    table: dict[str, Counter] = defaultdict(Counter)
    n_pairs = 0
    for path in paths:
        for page in read_pages(path):
            for t, o in _token_pairs(page):
                ts, os_ = SYL.findall(t), CORE.findall(o)
                if len(ts) != 1 or len(os_) != 1 or ts[0].lower() not in syllables:
                    continue
                true, obs = ts[0].lower(), os_[0].lower()
                table[obs][true] += 1
                for c, e in _align_letters(true, obs):
                    emissions[c][e] += 1
                n_pairs += 1
    return {
        "pairs": n_pairs,
        "emissions": {c: dict(cnt.most_common(40)) for c, cnt in emissions.items()},
        "table": {o: dict(c.most_common(5)) for o, c in table.items() if sum(c.values()) >= 2},
    }


# ------------------------------------------------------------------ scoring
class Channel:
    def __init__(self, data: dict) -> None:
        self.logp: dict[str, dict[str, float]] = {}
        rules: Counter[tuple[str, str]] = Counter()
        for c, cnt in data.get("emissions", {}).items():
            total = sum(cnt.values()) + 2.0
            self.logp[c] = {e: math.log10(n / total) for e, n in cnt.items()}
            for e, n in cnt.items():
                if len(e) >= 2 or e and not e.isalpha():
                    rules[(e, strip_accents(c))] += n
        self.table = data.get("table", {})
        # OCR strings that stand for one letter ("ir", "ti", "i?" for ư; "&" for ở), most
        # frequent first: undoing them finds candidates that edit distance ranks too far away
        self.rules = [r for r, n in rules.most_common() if n >= RULE_MIN]

    def variants(self, obs: str) -> set[str]:
        """``obs`` with one or two of its multi-character garbles undone ("sira" → "sua")."""
        out: set[str] = set()
        todo = [obs]
        for _ in range(2):
            new = []
            for word in todo:
                for e, base in self.rules:
                    at = word.find(e)
                    while at >= 0 and len(out) < MAX_VARIANTS:
                        v = word[:at] + base + word[at + len(e):]
                        if v not in out:
                            out.add(v)
                            new.append(v)
                        at = word.find(e, at + 1)
            todo = new
        return out

    def emit(self, c: str, e: str) -> float:
        got = self.logp.get(c, {}).get(e)
        if got is not None:
            return got
        if e in (c, strip_accents(c)):
            return -1.0
        return -4.0 - len(e) if e else -4.5

    def score(self, true: str, obs: str) -> float:
        """log10 P(obs | true): best split of ``obs`` into one emission per letter of ``true``."""
        n, m = len(true), len(obs)
        best = [[-1e9] * (m + 1) for _ in range(n + 1)]
        best[0][0] = 0.0
        for i in range(n):
            row, nxt = best[i], best[i + 1]
            for j in range(m + 1):
                if row[j] <= -1e8:
                    continue
                for k in range(0, min(MAX_EMIT, m - j) + 1):
                    v = row[j] + self.emit(true[i], obs[j:j + k])
                    if v > nxt[j + k]:
                        nxt[j + k] = v
        return best[n][m]


_CHANNELS: dict[int, tuple[Channel, list[str]]] = {}
_SLOTS: dict[tuple[int, str], Slot] = {}


def _channel(model: Model) -> tuple[Channel, list[str]]:
    got = _CHANNELS.get(id(model))
    if got is None:
        got = _CHANNELS[id(model)] = (Channel(model.channel), sorted(model.forms))
    return got


def garble_slot(model: Model, token: str) -> Slot | None:
    """Candidates for an OCR'd token (cached per model and token)."""
    if _TWO_DIGITS.search(token):  # "66docx", "2021TT": a code, not a garbled syllable
        return None
    key = (id(model), token.lower())
    hit = _SLOTS.get(key)
    if hit is None:
        if len(_SLOTS) > 200_000:  # a long-running worker: keep the cache bounded
            _SLOTS.clear()
        hit = _SLOTS[key] = _candidates(model, key[1])
    return hit



def _candidates(model: Model, obs: str) -> Slot:
    channel, bases = _channel(model)
    skel = skeleton(obs)
    near = process.extract(skel, bases, scorer=Levenshtein.distance, score_cutoff=2,
                           limit=25)
    undone = {v for v in map(skeleton, channel.variants(obs)) if v in model.forms}
    forms: dict[str, float] = {}
    for base in {b for b, _d, _ in near} | undone:
        for f in model.forms[base][1]:
            forms[f] = channel.score(f, obs)
    for true, cnt in channel.table.get(obs, {}).items():
        if true in model.index:
            total = sum(channel.table[obs].values())
            forms[true] = max(forms.get(true, -1e9), math.log10(cnt / (total + 1)))
    uni = model.lm.unigram
    assert uni is not None
    exact = set(model.forms.get(skel, ((), ()))[1])
    for base in undone:  # the likeliest form of every base a garble rule leads to
        exact.add(max(model.forms[base][1], key=lambda f: forms[f] + PRIOR * uni[model.index[f]]))
    ranked = sorted(forms.items(), key=lambda kv: -(kv[1] + PRIOR * uni[model.index[kv[0]]]))
    ranked = [kv for kv in ranked if kv[0] in exact] + [kv for kv in ranked if kv[0] not in exact]
    ranked = ranked[: max(TOP, len(exact))]
    ids = [model.index[f] for f, _ in ranked]
    chan = [CHANNEL_WEIGHT * v for _, v in ranked]
    out_forms = [f for f, _ in ranked]
    ids.append(model.word_id(obs))
    chan.append(KEEP_LOGP if obs not in model.forms else -6.0)
    out_forms.append(obs)
    if obs.endswith("?") and len(obs) > 1:  # "trữ" printed "tri?", or a question mark
        stem = _candidates(model, obs[:-1])
        for i, c, f in list(zip(stem.ids, stem.channel, stem.forms, strict=True))[:QMARK_FORMS]:
            ids.append(int(i))
            chan.append(float(c) + QMARK_LOGP)
            out_forms.append(f + "?")
    return Slot(np.asarray(ids, dtype=np.int64), np.asarray(chan), tuple(out_forms))


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description="Learn the eng-OCR channel from rendered pages.")
    ap.add_argument("pages", type=Path, nargs="+")
    ap.add_argument("--out", type=Path, default=Path("models/diacritics/channel.json"))
    args = ap.parse_args()
    data = train_channel(args.pages, get_model(args.out.parent).syllables)
    args.out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    print(f"{data['pairs']} token pairs, {len(data['table'])} OCR tokens in the table")


if __name__ == "__main__":
    main()
