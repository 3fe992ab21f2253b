"""Cut a line into decoder slots: which spans may change, and into what.

Only letter runs change.  Numbers, codes and punctuation become fixed slots (they still give the
LM context); e-mails and URLs are masked out; in a line that is not all capitals, an all-capital
word (UBND, ISO, PAR) is an abbreviation and stays as typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from pipeline.restore.decode import Slot
from pipeline.restore.model import Model
from pipeline.restore.text import VIET_CHARS, strip_accents

# Letter runs (allowing OCR's digits/apostrophes inside words), numbers, LM punctuation.
PIECE = re.compile(r"(?P<w>[^\W_](?:[^\W_]|['’](?=[^\W\d_]))*['’]?)|(?P<p>[,.;:()\-/\"])")
MASK = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_ZERO = np.zeros(1)


@dataclass
class Piece:
    start: int
    end: int
    text: str
    slot: Slot
    editable: bool
    caps_line: bool = False


def fixed(model: Model, token: str) -> Slot:
    wid = model.num if token.isdigit() else model.word_id(token.lower())
    return Slot(np.array([wid]), _ZERO, (token,))


_ACCENTLESS: dict[tuple[int, str], Slot | None] = {}


def accentless_slot(model: Model, token: str) -> Slot | None:
    """Forms of an accent-less syllable, or None when it is not one (cached per token)."""
    key = (id(model), token.lower())
    try:
        return _ACCENTLESS[key]
    except KeyError:
        if len(_ACCENTLESS) > 200_000:
            _ACCENTLESS.clear()
        slot = _ACCENTLESS[key] = _accentless(model, key[1])
        return slot


def _accentless(model: Model, low: str) -> Slot | None:
    if any(c in VIET_CHARS for c in low) or not low.isalpha():
        return None
    got = model.forms.get(low)
    if got is None:
        return None
    ids, forms = got
    return Slot(ids, np.zeros(len(ids)), forms)


def acronym_slot(model: Model, token: str) -> Slot | None:
    """An abbreviation keeps its letters; only D may become Đ (QD → QĐ, HDND → HĐND)."""
    got = model.forms.get(token.lower())
    if got is None:
        return None
    keep = [k for k, f in enumerate(got[1]) if f.replace("đ", "d") == token.lower()]
    if len(keep) < 2 and (not keep or got[1][keep[0]] == token.lower()):
        return None
    ids, forms = got[0][keep], tuple(got[1][k] for k in keep)
    return Slot(ids, np.zeros(len(ids)), forms)


_PLAIN_WORD = re.compile(r"(?<![\w/-])[^\W\d_]{2,}(?![\w/-])")


NAME_WEIGHT = 1.0


def name_bonus(model: Model, slot: Slot) -> Slot:
    """A capitalised word in running text is often a name: forms that occur in people's and
    places' names get up to ``NAME_WEIGHT`` (log10) more, by how common they are there."""
    counts = np.array([model.names.get(f, 0) for f in slot.forms], dtype=float)
    if not counts.any():
        return slot
    bonus = NAME_WEIGHT * np.minimum(np.log10(counts + 1) / 3, 1.0)
    return Slot(slot.ids, slot.channel + bonus, slot.forms)


def syllable_like(model: Model, word: str) -> bool:
    """Does ``word`` read as a Vietnamese syllable (some form of it carries a tone or vowel
    mark), rather than an abbreviation such as UBND, ISO, VT (whose only variant is Đ)?"""
    got = model.forms.get(word.lower())
    return got is not None and any(strip_accents(f) != f.replace("đ", "d") for f in got[1])


def mostly_caps(line: str, model: Model) -> bool:
    """A capitals line (a letter's header), judged on syllable words, not on codes like
    15/UBND-VP or "VT, NC"."""
    words = _PLAIN_WORD.findall(line)
    upper = [w for w in words if w.isupper()]
    return len(upper) >= 0.6 * len(words) and sum(syllable_like(model, w) for w in upper) >= 2


def pieces(line: str, model: Model, make: Callable[[Model, str], Slot | None]) -> list[Piece]:
    """The line's slots; ``make`` proposes candidates for a word (None: keep it)."""
    masked = [(m.start(), m.end()) for m in MASK.finditer(line)]
    caps_line = mostly_caps(line, model)
    out: list[Piece] = []
    for m in PIECE.finditer(line):
        if any(a <= m.start() < b for a, b in masked):
            continue
        tok = m.group(0)
        slot = None
        if m.group("w") and not tok.isdigit():
            acronym = (not caps_line and len(tok) >= 2 and tok.isupper() and tok.isalpha()
                       and not syllable_like(model, tok))
            slot = acronym_slot(model, tok) if acronym else make(model, tok)
            if slot is not None and not caps_line and tok[:1].isupper() and tok[1:].islower():
                slot = name_bonus(model, slot)
        if slot is None:
            out.append(Piece(m.start(), m.end(), tok, fixed(model, tok), False))
        else:
            out.append(Piece(m.start(), m.end(), tok, slot, True, caps_line))
    return out
