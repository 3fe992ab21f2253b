"""Repair a scanned subject line from its echoes in the body.

A letter's trích yếu is echoed in its own body ("Thực hiện Kế hoạch số … về triển khai các
sáng kiến…", "Nhằm nâng cao hiệu quả công tác triển khai các sáng kiến…").  The subject is
printed once, in bold, where a hard scan garbles a mark or a letter ("Tø chức", "vẻ cải cách",
"an a toàn", "chuyểnđối SỐ"); each echo is an independent reading of the same words.  So the
body is searched for runs of words that, without marks, read like the subject (rapidfuzz), the
subject is aligned word by word with each (difflib on unmarked words), and a word or a block of
words is replaced when the echoes spelling it otherwise outvote the subject's own spelling —
which votes only when it is a known syllable.  Letters the echoes do not confirm stay as read.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from pipeline.extract.vntext import strip_accents

MIN_RATIO = 85.0  # unmarked similarity of an echo to the subject (or a run of it)
CHUNK = 4  # words per run
_TOKEN = re.compile(r"\S+")
_NUMBER = re.compile(r"\d")
_EDGE = "\"'`.,;:()[]{}‹›«»-–_|"


def _key(word: str) -> str:
    return strip_accents(word.lower()).strip(_EDGE)


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Syllables the diacritic model knows (empty when it is missing: then no own votes)."""
    try:
        from pipeline.restore.model import get_model

        return frozenset(get_model().index)
    except Exception:  # noqa: BLE001 - a missing model only weakens the subject's own vote
        return frozenset()


#: A lone consonant is a speck, never a word (Vietnamese one-letter words are vowels: "ở", "ý").
_SPECK = re.compile(r"^[bcdđghklmnpqrstvx]$")


def _lm_prefers(words: list[str], start: int, end: int, text: str) -> bool:
    """A tie between the subject and its echoes on one word (its marks or one letter): the
    syllable LM decides ("hồ sơ lưu trữ", not "hưu trữ")."""
    if end - start != 1 or " " in text or Levenshtein.distance(_key(words[start]), _key(text)) > 1:
        return False
    from pipeline.extract.tones import _model, _totals

    model, _ = _model()
    if model is None:
        return False
    ids = [model.index.get(w.lower().strip(_EDGE), model.unk) for w in words]
    alt = model.index.get(text)
    if alt is None:
        return False
    totals = _totals(model, ids, [start], [(ids[start],), (alt,)])
    return bool(totals[1] > totals[0])


def _body_keys(body: str) -> list[str]:
    """``_key`` of every token of ``body`` in one pass (marks go without changing the length)."""
    return [w.strip(_EDGE) for w in _TOKEN.findall(strip_accents(body.lower()))]


def _echoes(keys: list[str], body_keys: list[str]) -> list[int]:
    """Start indices of non-overlapping body runs (as many words) that read like the subject."""
    n = len(keys)
    target = " ".join(keys)
    scored = []
    for i in range(0, max(0, len(body_keys) - n + 1)):
        if not (body_keys[i][:1] == keys[0][:1] or body_keys[i + n - 1][-1:] == keys[-1][-1:]):
            continue  # cheap filter: an echo starts or ends like the subject
        r = fuzz.ratio(target, " ".join(body_keys[i : i + n]))
        if r >= MIN_RATIO:
            scored.append((r, i))
    taken: list[int] = []
    for _, i in sorted(scored, reverse=True):
        if all(abs(i - j) >= n for j in taken):
            taken.append(i)
    return taken


def _proposals(words: list[str], window: list[str]) -> list[tuple[int, int, int, str]]:
    """(start, end, window index, replacement) blocks where ``window`` spells ``words`` otherwise."""
    a, b = [_key(w) for w in words], [_key(w) for w in window]
    out: list[tuple[int, int, int, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                mine, theirs = words[i1 + k].strip(_EDGE), window[j1 + k].strip(_EDGE)
                if mine and theirs and not mine.isupper() and not _NUMBER.search(mine + theirs):  # agreeing too
                    out.append((i1 + k, i1 + k + 1, j1 + k, theirs))
            continue
        mine = "".join(a[i1:i2])
        theirs = "".join(b[j1:j2])
        if _NUMBER.search(mine + theirs):
            continue  # a number ("năm 2024") is the subject's own, never an echo's ("năm 2023")
        if op == "delete" and all(len(w) <= 2 for w in a[i1:i2]):
            out.append((i1, i2, j1, ""))  # "an a toàn": a speck read as a word
        elif op == "replace" and min(len(mine), len(theirs)) >= 2 and Levenshtein.distance(mine, theirs) <= max(
            1, len(theirs) // 6
        ):
            out.append((i1, i2, j1, " ".join(w.strip(_EDGE) for w in window[j1:j2])))
    return out


def repair_from_echoes(subject: str, body: str, *, capital: bool = True, min_words: int = 3) -> str:
    """``subject`` with the words its echoes in ``body`` outvote spelled as they do.

    Echoes are sought for every run of ``CHUNK`` subject words (a body cites "về đăng ký sáng
    kiến cải cách hành chính" without the subject's "năm 2023"); each body word votes once.
    """
    words = [w for w in subject.split() if not _SPECK.match(w)]  # "t mô hình", "bá c cáo"
    if len(words) < min_words:
        return " ".join(words)
    keys = [_key(w) for w in words]
    tokens = _TOKEN.findall(body)
    body_keys = _body_keys(body)
    if len(body_keys) != len(tokens):  # a character whose unmarked form is no letter: key one by one
        body_keys = [_key(w) for w in tokens]
    voters: dict[tuple[int, int, str], set[int]] = {}
    k = min(CHUNK, len(words))
    for c in range(len(words) - k + 1):
        for i in _echoes(keys[c : c + k], body_keys):
            for start, end, j, text in _proposals(words[c : c + k], tokens[i : i + k]):
                voters.setdefault((start + c, end + c, text.lower()), set()).add(i + j)
    vocab = _vocabulary()
    out: list[str | None] = list(words)
    for (start, end, text), who in sorted(voters.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        read = " ".join(w.strip(_EDGE) for w in words[start:end]).lower()
        if text == read:
            continue
        known = sum(1 for w in words[start:end] if len(w) > 1 and w.lower().strip(_EDGE) in vocab) / (end - start)
        own = known + len(voters.get((start, end, read), ()))  # echoes that read it as the subject does
        if any(w is None or w != words[n] for n, w in enumerate(out[start:end], start)):
            continue
        if len(who) < own or (len(who) == own and not _lm_prefers(words, start, end, text)):
            continue
        first = text[:1].upper() + text[1:] if start == 0 and capital else text
        out[start:end] = [first, *([None] * (end - start - 1))]
    return " ".join(w for w in out if w)
