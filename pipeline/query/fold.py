"""Diacritic- and case-insensitive text keys, so that "cai cach" finds "cải cách".

Analysts type without tone marks (or receive accent-less text from old systems), so every
comparison the query layer makes — search, ``--issuer``/``--responsible``/``--campaign``
filters — goes through :func:`fold`.  Folding is done in Python, not with PostgreSQL's
``unaccent`` extension, so SQLite and PostgreSQL behave identically and the folded text can be
stored at write time in an indexed column (see ``docs/analysts.md`` › Search).

:func:`fold_exact` folds character for character (same length), so a search hit found in
the folded text is at the same position in the original and can be shown as a snippet of the
real, accented text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One character's folded form: base letter, no marks, đ→d, case-folded."""
    if ch in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return base.casefold()


def _table() -> dict[int, str]:
    """One-character folds of every Latin letter (Basic Latin … Latin Extended Additional,
    which hold all Vietnamese letters), for ``str.translate``: ~50× faster than per-char."""
    table: dict[int, str] = {}
    for lo, hi in ((0x41, 0x24F), (0x1E00, 0x1EFF)):
        for code in range(lo, hi + 1):
            folded = _fold_char(chr(code))
            if len(folded) == 1 and folded != chr(code):
                table[code] = folded
    return table


_TABLE = _table()


def fold_exact(text: str) -> str:
    """``text`` folded character for character: same length, so positions carry over.

    Characters the table does not cover are lower-cased when that keeps one character, and
    left alone otherwise (İ, ß…) — rare in Vietnamese letters, and never wrong for them.
    """
    folded = text.translate(_TABLE)
    lowered = folded.lower()
    return lowered if len(lowered) == len(folded) else folded


def fold(text: str | None) -> str:
    """The search key of ``text``: no tone or vowel marks, đ→d, case-folded, single spaces."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFC", text).translate(_TABLE).casefold()
    if not folded.isascii():  # marks the table does not know (decomposed input, other scripts)
        folded = "".join(_fold_char(c) for c in folded)
    return _SPACE.sub(" ", folded).strip()


def tokens(query: str | None) -> list[str]:
    """The folded words of a query, in order."""
    return _TOKEN.findall(fold(query))


def phrase_pattern(words: list[str], *, escape: bool = True) -> re.Pattern[str]:
    r"""A regex for the words in order, as whole words, any whitespace/punctuation between
    (``escape=False``: the words are regexes already)."""
    body = r"\W+".join(re.escape(w) if escape else w for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)")


def contains(haystack: str | None, needle: str | None) -> bool:
    """Whether ``needle`` occurs in ``haystack`` ignoring marks and case (empty needle: yes)."""
    key = fold(needle)
    return not key or key in fold(haystack)
