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

from pipeline.restore.codes import code_type
from pipeline.restore.decode import Slot
from pipeline.restore.model import Model
from pipeline.restore.phrases import PHRASE_STARTS, phrase_slots
from pipeline.restore.text import VIET_CHARS, strip_accents

# Letter runs (allowing OCR's digits/apostrophes inside words), numbers, LM punctuation.
PIECE = re.compile(r"(?P<w>[^\W_](?:[^\W_]|['’](?=[^\W\d_]))*['’]?)|(?P<p>[,.;:()\-/\"])")
# In English-model OCR, "?", "@" and "&" also stand for marked letters: "chi?c" (chức),
# "tri?" (trữ), "nh@n" (nhận), "S&" (Sở); the channel learnt them (official letters seldom ask
# questions, and a word the channel cannot explain keeps its "?").
PIECE_OCR = re.compile(
    r"(?P<w>[^\W_](?:[^\W_]|['’](?=[^\W\d_])|[?@&](?=[^\W\d_]))*['’?@&]?)|(?P<p>[,.;:()\-/\"])")
#: E-mail addresses and URLs pass through untouched, OCR debris beside the "@" included
#: ("vanthu9(@dongnai.gov.vn": extraction repairs it, the decoder must not eat the "9").
#: Not "nh@n" (nhận): an address needs a dotted domain.  Bounded local part: linear time.
MASK = re.compile(r"[\w.+-]{1,64}[(){}\[\]]?@[(){}\[\]]?[\w-]+(?:\.[\w-]+)+|https?://\S+|www\.\S+")
_ZERO = np.zeros(1)


@dataclass
class Piece:
    start: int
    end: int
    text: str
    slot: Slot
    editable: bool
    caps_line: bool = False
    exact: bool = False  # print the chosen form as it is (a document type: "QĐ", "CTr")


_FIXED: dict[tuple[int, str], Slot] = {}


def fixed(model: Model, token: str) -> Slot:
    key = (id(model), token)
    slot = _FIXED.get(key)
    if slot is None:
        if len(_FIXED) > 200_000:
            _FIXED.clear()
        wid = model.num if token.isdigit() else model.word_id(token.lower())
        slot = _FIXED[key] = Slot(np.array([wid]), _ZERO, (token,))
    return slot


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


NAME_LINE_WEIGHT = 2.0  # in a line that is only a person's name (a signature)
SURNAME_MIN = 500  # names.json count of the commonest surnames and middle names
_NAME_WORD = re.compile(r"[^\W\d_][^\W_]*")


def name_line(line: str, model: Model, make: Callable[[Model, str], Slot | None]) -> bool:
    """Is ``line`` a person's name alone ("Huỳnh Thị Tâm" under a signature)?  2–4 capitalised
    words, the first of which can be a common surname.  There the n-gram model, which has
    seen few names, must give way to the name list: "Thị Tâm", not "Thì Tạm"."""
    words = _NAME_WORD.findall(line)
    if not 2 <= len(words) <= 4 or not all(w[0].isupper() and w[1:] == w[1:].lower() for w in words):
        return False
    first = make(model, words[0])
    return first is not None and any(model.people.get(f, 0) >= SURNAME_MIN for f in first.forms)


def name_bonus(model: Model, slot: Slot, weight: float = NAME_WEIGHT) -> Slot:
    """A capitalised word in running text is often a name: forms that occur in people's and
    places' names get up to ``weight`` (log10) more, by how common they are there (in a name
    line, ``weight`` is ``NAME_LINE_WEIGHT`` and only people's names count)."""
    table = model.people if weight == NAME_LINE_WEIGHT else model.names
    counts = np.array([table.get(f, 0) for f in slot.forms], dtype=float)
    if not counts.any():
        return slot
    bonus = weight * np.minimum(np.log10(counts + 1) / 3, 1.0)
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


_VOWEL = re.compile("[AEIOUY]")  # a capitals header's syllables have vowels; PCT, KGVX do not
_TOKEN_SLOTS: dict[tuple, tuple[Slot | None]] = {}


def token_slot(model: Model, tok: str, caps_line: bool,
               make: Callable[[Model, str], Slot | None], names: float = NAME_WEIGHT) -> Slot | None:
    """The slot of one word (None: keep it as it is), cached: a letter repeats its words, and
    a document's lines are cut many times faster from the cache than from the model."""
    key = (id(model), make, tok, caps_line, names)
    hit = _TOKEN_SLOTS.get(key)
    if hit is None:
        if len(_TOKEN_SLOTS) > 200_000:  # a long-running worker: keep the cache bounded
            _TOKEN_SLOTS.clear()
        acronym = (len(tok) >= 2 and tok.isupper() and tok.isalpha()
                   and not syllable_like(model, tok)
                   and (not caps_line or not _VOWEL.search(tok) or tok.lower() in model.index))
        slot = acronym_slot(model, tok) if acronym else make(model, tok)
        if slot is not None and not caps_line and tok[:1].isupper() and tok[1:].islower():
            slot = name_bonus(model, slot, names)
        hit = _TOKEN_SLOTS[key] = (slot,)
    return hit[0]


def pieces(line: str, model: Model, make: Callable[[Model, str], Slot | None],
           ocr: bool = False) -> list[Piece]:
    """The line's slots; ``make`` proposes candidates for a word (None: keep it); ``ocr``:
    the line is English-model OCR (its words may hold "?", "@", "&")."""
    masked = [(m.start(), m.end()) for m in MASK.finditer(line)] if "@" in line or "/" in line \
        or "www." in line else []
    caps_line = mostly_caps(line, model)
    names = NAME_LINE_WEIGHT if not caps_line and name_line(line, model, make) else NAME_WEIGHT
    out: list[Piece] = []
    for m in (PIECE_OCR if ocr else PIECE).finditer(line):
        start, end = m.span()
        if masked and any(a <= start < b for a, b in masked):
            continue
        tok = m.group(0)
        if not m.group("w") or tok.isdigit():
            out.append(Piece(start, end, tok, fixed(model, tok), False))
            continue
        doc_type = code_type(line, start, end) if start and line[start - 1] == "/" else None
        if doc_type is not None:
            slot = Slot(np.array([model.word_id(doc_type.lower())]), _ZERO, (doc_type,))
            out.append(Piece(start, end, tok, slot, True, caps_line, exact=True))
            continue
        slot = token_slot(model, tok, caps_line, make, names)
        if slot is None:
            out.append(Piece(start, end, tok, fixed(model, tok), False))
        else:
            out.append(Piece(start, end, tok, slot, True, caps_line))
    _phrases(line, out)
    return out


def _phrases(line: str, ps: list[Piece]) -> None:
    """Add the officialese phrase prior (:mod:`pipeline.restore.phrases`) to runs of words
    that stand next to each other (only spaces between)."""
    if not any(p.editable and strip_accents(p.text.lower()) in PHRASE_STARTS for p in ps):
        return
    words = []
    for i, p in enumerate(ps):
        joined = i > 0 and p.editable and ps[i - 1].editable and line[ps[i - 1].end:p.start].isspace()
        if not joined and words:
            words.append(("", None))
        words.append((p.text, p.slot if p.editable else None))
    slots = phrase_slots(words)
    it = iter(s for (t, _), s in zip(words, slots, strict=True) if t)
    for p in ps:
        slot = next(it)
        if p.editable and slot is not None:
            p.slot = slot
