"""Specks and glued words out of a scanned line, word by word (boxes kept or shared out).

A hard scan strews ink specks that ``-l vie`` reads as glyphs: glued to a word's edge ("tối
¡thiếu", "'cách làm", "UBND'") or alone between two words ("chuyến ‹ đối số"), and prints a
dot or hyphen for the space between two syllables ("gửi.đăng ký", "triển-khai").  Such marks
are never part of a Vietnamese syllable, so they go; a dot or hyphen between two lower-case
syllables becomes a space (the word is split, its box shared out by length).  Words that are
no Vietnamese ("phongcchc_", e-mail and web addresses, "KH-UBND", "(b/c)") are kept as read.
"""

from __future__ import annotations

import re
from collections.abc import Container

from pipeline.document import Word

_STRAY = "¡¿‹›«»_·`ˆ~'‘’|¦•˜^"
_STRAY_EDGE = re.compile(rf"^[{re.escape(_STRAY)}]+|[{re.escape(_STRAY)}]+$")
_STRAY_ONLY = re.compile(rf"^[{re.escape(_STRAY)}]{{1,3}}$")
_GLUED = re.compile(r"^([^\W\d_]{2,7})[.\-]([^\W\d_]{2,7})([,.;:]?)$")
_LETTERS = re.compile(r"[^\W\d_]+")
_VOWEL = re.compile(r"[aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")


def _is_syllable(syllables: Container[str], word: str) -> bool:
    """A Vietnamese syllable: known to the LM and voiced ("vn" of "gov.vn" is no syllable)."""
    return word.lower() in syllables and bool(_VOWEL.search(word.lower()))


def _clean_word(syllables: Container[str], word: Word) -> list[Word]:
    """The word without specks at its edges, split where a dot or hyphen glued two syllables."""
    text = word.text
    letters = "".join(_LETTERS.findall(text))
    if letters and (not letters.isascii() or _is_syllable(syllables, letters)):  # not "phong_"
        text = _STRAY_EDGE.sub("", text) or text
    m = _GLUED.match(text)
    if m and m[1].islower() and m[2].islower() and _is_syllable(syllables, m[1]) and _is_syllable(syllables, m[2]):
        return split_word(word, [m[1], m[2] + m[3]])
    return [word] if text == word.text else [Word(text, word.conf, word.bbox)]


def split_word(word: Word, parts: list[str]) -> list[Word]:
    """``word`` as several words, its box shared out by length (a space's width between)."""
    if word.bbox is None:
        return [Word(p, word.conf, None) for p in parts]
    x0, y0, x1, y1 = word.bbox
    total = sum(len(p) for p in parts) + len(parts) - 1
    out, at = [], 0
    for p in parts:
        a = x0 + (x1 - x0) * at // total
        at += len(p)
        out.append(Word(p, word.conf, (a, y0, x0 + (x1 - x0) * at // total, y1)))
        at += 1
    return out


def clean_line(syllables: Container[str], words: list[Word]) -> list[Word]:
    """The line's words with specks dropped and glued syllables split (``words`` are reused)."""
    out: list[Word] = []
    for i, w in enumerate(words):
        lone = _STRAY_ONLY.match(w.text) and 0 < i < len(words) - 1
        if lone and _LETTERS.search(words[i - 1].text) and _LETTERS.search(words[i + 1].text):
            continue  # "chuyến ‹ đối số": a speck between two words
        out.extend(_clean_word(syllables, w))
    return out
