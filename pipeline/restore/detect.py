"""Which repair a line needs: none, legacy-encoding, ocr-garble or accent-less.

Decided per line, because one document can mix them (an accent-less header over a clean body).
The common case — correct Unicode Vietnamese — is recognised from the share of syllables that
carry Vietnamese letters, with two regex scans and no model lookups, so clean letters pass fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.restore import legacy
from pipeline.restore.model import Model
from pipeline.restore.slots import syllable_like
from pipeline.restore.text import LETTERS, normalise, strip_accents

NONE, LEGACY, GARBLE, ACCENTLESS = "none", "legacy-encoding", "ocr-garble", "accent-less"
WORD = re.compile(r"[^\W\d_]+")
# a whole word holding a Vietnamese letter; anchored at word starts so a long run of letters
# costs linear, not quadratic, time (same matches as "[^\W\d_]*[L][^\W\d_]*")
VIET_WORD = re.compile(f"(?<![^\\W\\d_])(?=[^\\W\\d_]*[{LETTERS}])[^\\W\\d_]+")
# Signs of English-model OCR: digits glued to letters ("S6", "d6i", "1ap"), letters Vietnamese
# lacks inside lower-case words ("Tw", "cia"), apostrophes for horns ("tu’").
GARBLE_SIGN = re.compile(
    r"(?<![\w/.-])(?:[A-Za-z]+[016][a-z]*|[016][a-z]+)(?![\w/-])|[a-z]w\b|\b[A-Z]?w[a-z]*\b"
    r"|[a-z][’'](?=\s|$|[a-zé])|[¢¥]"
)


_BAR = str.maketrans("Đđ", "Dd")


@dataclass
class LineCheck:
    method: str
    decoded: str | None = None  # the Unicode text, for legacy-encoding lines
    weak: bool = False  # "none", but few marks: garble if the document is garble


def _valid(text: str, model: Model) -> int:
    return sum(1 for w in WORD.findall(text) if w.lower() in model.syllables)


def _mixed_case(word: str) -> bool:
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False))


def _plausible(text: str, model: Model) -> float:
    """Unigram log10 score of the line's words (unknown −8), minus 3 per mIxed-case word."""
    uni = model.lm.unigram
    assert uni is not None
    total = 0.0
    for w in WORD.findall(normalise(text)):
        i = model.index.get(w.lower())
        total += float(uni[i]) if i is not None and w.lower() in model.syllables else -8.0
        total -= 3.0 * _mixed_case(w)
    return total


_QUOTES = str.maketrans("", "", "\u2018\u2019\u201c\u201d'°")


def _mojibake_share(line: str) -> float:
    """Share of the line's words holding a character only mojibake has (≈ every other word in
    TCVN3/VNI/VISCII/VPS text; a stray "¢" or "°" in English-model OCR)."""
    line = line.translate(_QUOTES)
    if not legacy.suspicious(line):
        return 0.0
    words = line.split()
    return sum(1 for w in words if legacy.suspicious(w)) / max(len(words), 1)


def _bad(text: str, model: Model) -> tuple[int, int]:
    words = WORD.findall(text)
    return sum(1 for w in words if w.lower() not in model.syllables), len(words)


def _gain(line: str, out: str, model: Model) -> float:
    """How much more Vietnamese ``out`` reads than ``line``: unigram score, plus 2 per
    mojibake character gone."""
    removed = len(legacy.SUSPECT.findall(line)) - len(legacy.SUSPECT.findall(out))
    return _plausible(out, model) - _plausible(line, model) + 2.0 * removed


def legacy_lines(lines: list[str], model: Model) -> dict[int, str]:
    """Lines in a legacy 8-bit encoding, decoded.  One encoding per document: the one that
    turns the most suspicious lines into (nearly) all-valid Vietnamese; it must convince on at
    least half of them, so OCR garble ("Diéu") is not taken for mojibake."""
    sus = [i for i, line in enumerate(lines) if _mojibake_share(line) >= 0.2]
    if not sus:
        return {}
    best: dict[int, str] = {}
    best_name = ""
    for name in legacy.ENCODINGS:
        decoded = {}
        for i in sus:
            out = legacy.decode(lines[i], name)
            if out is None or out == lines[i]:
                continue
            if _bad(out, model)[0] <= _bad(lines[i], model)[0] and _gain(lines[i], out, model) > 1:
                decoded[i] = out
        if len(decoded) > len(best):
            best, best_name = decoded, name
    if len(best) < 0.5 * len(sus) or len(best) < min(2, len(sus)):
        return {}
    if best:  # lines of the same document whose mojibake happens to be valid Latin-1
        for i, line in enumerate(lines):
            if i in best or line.isascii():
                continue
            out = legacy.decode(line, best_name)
            if out is not None and out != line and _gain(line, out, model) > 1:  # "B“ TÀI CHÍNH" (VISCII)
                best[i] = out
    return best


def check_line(line: str, model: Model) -> LineCheck:
    words = WORD.findall(line)
    if not words:
        return LineCheck(NONE)
    n = len(words)
    viet = [w for w in VIET_WORD.findall(line)
            if not (w.isupper() and w.translate(_BAR).isascii())]  # "NĐ", "QĐ" are codes
    signs = len(GARBLE_SIGN.findall(line))
    bad_viet = sum(1 for w in viet if w.lower() not in model.syllables)
    if len(viet) >= 0.3 * n and signs + bad_viet <= 0.1 * n:
        return LineCheck(NONE)
    plain = [w for w in words  # not abbreviations (UBND, ISO), but header words (CONG HOA)
             if not (len(w) > 1 and w.isupper() and not syllable_like(model, w))] or words
    known = sum(1 for w in plain if strip_accents(w.lower()) in model.forms) / len(plain)
    if signs + bad_viet >= 1:  # OCR garble, unless the line is not Vietnamese at all
        return LineCheck(GARBLE) if known >= 0.5 else LineCheck(NONE, weak=known >= 0.25)
    if known >= 0.8 and not viet:  # typed without marks
        return LineCheck(ACCENTLESS)
    # some correct marks, or some non-syllables, and no sign of OCR: leave it, unless the
    # document is English-model OCR garble (then its marks were lost, not left out)
    return LineCheck(NONE, weak=known >= 0.5)


def is_short(line: str) -> bool:
    """Too few syllables to judge alone; such lines follow the document's dominant repair."""
    return len(WORD.findall(line)) < 3
