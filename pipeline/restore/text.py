"""Vietnamese letters, accents and the normalisations every restored text goes through.

Pure functions: NFC, modern tone placement ("hoà" → "hòa", "thuỷ" → "thủy"), one kind of
dash and quote, and accent stripping (the key under which the decoder looks up candidates).
"""

from __future__ import annotations

import re
import unicodedata

LOWER = "àáảãạâầấẩẫậăằắẳẵặđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
LETTERS = LOWER + LOWER.upper()  # the 134 precomposed Vietnamese letters


def _base(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    return unicodedata.normalize("NFD", ch)[0]


_STRIP = str.maketrans({ch: _base(ch) for ch in LETTERS})
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_TONE_MARK = {v: k for k, v in _TONES.items()}
VIET_CHARS = frozenset(LETTERS)
DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2010": "-",
                        "\u2011": "-", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"',
                        "\u00bb": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u00a0": " "})
SYLLABLE = re.compile(r"[^\W\d_]+")
_OPEN_RHYME = re.compile(
    r"(?i)(?<![qg])([oòóỏõọ][aàáảãạeèéẻẽẹ]|[uùúủũụ][yỳýỷỹỵ])$"
)


def strip_accents(text: str) -> str:
    """All tone marks and letter marks removed, đ → d (case kept)."""
    return text.translate(_STRIP)


def tone_of(ch: str) -> int:
    """0 (level) … 5 (nặng) for one letter."""
    for c in unicodedata.normalize("NFD", ch)[1:]:
        if c in _TONES:
            return _TONES[c]
    return 0


def with_tone(ch: str, tone: int) -> str:
    """The letter ``ch`` (any tone) carrying ``tone`` instead."""
    nfd = [c for c in unicodedata.normalize("NFD", ch) if c not in _TONES]
    if tone:
        nfd.append(_TONE_MARK[tone])
    return unicodedata.normalize("NFC", "".join(nfd))


def _modern_tone(match: re.Match[str]) -> str:
    first, second = match.group(1)[0], match.group(1)[1]
    tone = tone_of(second)
    if not tone or tone_of(first):
        return match.group(1)
    return with_tone(first, tone) + with_tone(second, 0)


def modern_tone_word(word: str) -> str:
    """"hoà" → "hòa", "thuỷ" → "thủy", "khoẻ" → "khỏe"; closed rhymes and "quý" untouched."""
    return _OPEN_RHYME.sub(_modern_tone, word)


_WORD = re.compile(r"[^\W\d_]+")
_OLD_STYLE = re.compile(r"(?i)[oòóỏõọuùúủũụ][àáảãạèéẻẽẹỳýỷỹỵ](?![^\W\d_])")


def normalise(text: str) -> str:
    """NFC, modern tone placement, unified dashes and quotes (idempotent)."""
    text = unicodedata.normalize("NFC", text).translate(DASHES)
    if _OLD_STYLE.search(text):
        text = _WORD.sub(lambda m: modern_tone_word(m.group(0)), text)
    return text


def apply_case(pattern: str, word: str, caps_line: bool = False) -> str:
    """``word`` in the letter case of ``pattern``: capitals if the pattern's letters are all
    capitals (or, in a capitals line, any is), title case if its first letter is, else lower.

    Letter by letter would copy OCR's case slips ("NOi" for "Nội") into the output."""
    letters = [c for c in pattern if c.isalpha()]
    if not letters:
        return word
    upper = [c.isupper() for c in letters]
    if len(letters) >= 2 and all(upper) or caps_line and sum(upper) * 2 >= len(upper):
        return word.upper()
    if upper[0]:
        return word[:1].upper() + word[1:]
    return word
