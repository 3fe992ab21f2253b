"""Snap OCR'd phrases to the genre's fixed vocabulary of bodies and list items.

A Decree 30 letter names the same few hundred bodies and stock phrases ("Sở Nội vụ",
"Văn phòng HĐND và UBND", "Cổng thông tin điện tử", "Như trên"); the small print of the
"Nơi nhận" list and a hard scan misread a mark or a letter in them ("Cống thông tin điện tức",
"Ban Thị đua - Khen thường", "Sở Nội vu").  ``models/bodies.txt`` lists those phrases; a run
of words within a small edit distance of exactly one of them (rapidfuzz ratio, the same
number of words give or take one) is replaced by it.  A run that *is* a listed phrase, or is
as close to two different phrases, is left alone, so a correct "Bộ Nội vụ" never becomes
"Sở Nội vụ".  Words outside a matched run (localities, "(p/h)", "huyện") are kept as read.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from pipeline.extract.vntext import nfc, squash, strip_accents

log = logging.getLogger(__name__)
ARTIFACT = "bodies.txt"
MIN_FUZZY_LEN = 7
TONE_COST = 4.0
#: Runs are ranked by closeness + 3 a word, a listed run counting as 97 close: so "Thường trực
#: HĐND luyện" is read as the listed 4-word phrase, not the listed 3 words plus one.
EXACT = 97.0  # shorter phrases ("Sở Y tế") are only ever matched exactly
_TRAIL = ",;:."


@lru_cache(maxsize=1)
def phrases(models_dir: Path | None = None) -> tuple[tuple[str, ...], dict[int, list[str]]]:
    """The listed phrases and, per word count, their lower-case forms."""
    from pipeline.settings import get_settings

    path = (models_dir or get_settings().models_dir) / ARTIFACT
    if not path.is_file():
        log.warning("%s missing: body names are not snapped", path)
        return (), {}
    listed = tuple(nfc(squash(s)) for s in path.read_text(encoding="utf-8").splitlines()
                   if s.strip() and not s.startswith("#"))  # fmt: skip
    by_len: dict[int, list[str]] = {}
    for p in listed:
        by_len.setdefault(len(p.split()), []).append(p.lower())
    return listed, by_len


@lru_cache(maxsize=1)
def _canonical() -> dict[str, str]:
    return {p.lower(): p for p in phrases()[0]}


@lru_cache(maxsize=1)
def _choices() -> dict[int, tuple[list[str], list[str]]]:
    """Per count of words with letters: the fuzzy-matchable phrases, lower case and unaccented."""
    out: dict[int, tuple[list[str], list[str]]] = {}
    for low in _canonical():
        if len(low) >= MIN_FUZZY_LEN:
            lows, bares = out.setdefault(_words(low), ([], []))
            lows.append(low)
            bares.append(strip_accents(low))
    return out


def _best(window: str, cutoff: float) -> tuple[str, float] | None:
    """The one listed phrase (as many words) closest to ``window``, if close enough and unique.

    A difference in tone or vowel marks only costs less than one in letters (OCR slips marks
    far more often than letters): the score is the better of the plain ratio and the ratio of
    the unaccented forms less ``TONE_COST``.
    """
    if any(ch.isdigit() for ch in window):
        return None  # a number is never part of a body's fixed name ("UBND 30 phường")
    lows, bares = _choices().get(_words(window), ([], []))
    if not lows:
        return None
    scores: dict[str, float] = {}
    for _, s, j in process.extract(window, lows, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3):
        scores[lows[j]] = s
    for _, s, j in process.extract(strip_accents(window), bares, scorer=fuzz.ratio,
                                   score_cutoff=cutoff + TONE_COST, limit=3):  # fmt: skip
        scores[lows[j]] = max(scores.get(lows[j], 0.0), s - TONE_COST)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[1][1] >= ranked[0][1]:
        return None
    return ranked[0]


def _words(text: str) -> int:
    """Words with a letter: a lost or extra "-" does not change the count, a lost word does."""
    return sum(any(ch.isalpha() for ch in w) for w in text.split())


def _match_at(words: list[str], i: int, by_len: dict[int, list[str]], cutoff: float) -> tuple[int, str | None]:
    """(words taken, listed phrase or None when already listed) of the best run from ``i``."""
    canon = _canonical()
    best: tuple[float, int, str | None] = (0.0, 0, None)
    for k in range(1, min(max(by_len) + 1, len(words) - i) + 1):
        if not _words(words[i]) or not _words(words[i + k - 1]):
            continue  # a run starts and ends on a word: "cơ sở - Sở Nội vụ" keeps its dash
        window = " ".join(words[i : i + k]).rstrip(_TRAIL).lower()
        if window in canon:
            score, hit = EXACT + 3 * k + 0.5, None
        elif len(window) >= MIN_FUZZY_LEN and (found := _best(window, cutoff)):
            hit, score = found[0], found[1] + 3 * k
        else:
            continue
        if score > best[0]:
            best = (score, k, hit)
    return best[1], best[2]


_GLUED = re.compile(r"\b(VP|PCT|CT)(?=(?:UBND|HĐND)\b)")
_ABBR_DOT = re.compile(r"\b(PCT|CT)\s*[:\-,;]\s*(?=[^\W\d_a-z]{4,5}\b)")  # "PCT: ƯBÑD", "PCT: ƯBNÑD"


def snap(text: str, cutoff: float = 86.0) -> str:
    """``text`` with every run of words close to a listed phrase spelled as listed."""
    listed, by_len = phrases()
    if not listed or not text:
        return text
    canon = _canonical()
    text = re.sub(r"(?<=[a-zà-ỹđ])\.(?=[a-zà-ỹđ])", " ", nfc(squash(text)))
    text = _GLUED.sub(r"\1 ", text)  # "VPUBND tỉnh": a scan lost the space
    text = _ABBR_DOT.sub(r"\1. ", text)  # "các PCT: UBND", "PCT-UBND": the abbreviation's dot misread
    words = [_abbreviation(w) for w in re.sub(r"(?<=[A-ZĐ])\.,(?=\S)", " ", text).split(" ")]
    out: list[str] = []
    i = 0
    while i < len(words):
        k, hit = _match_at(words, i, by_len, cutoff)
        if k == 0:
            out.append(words[i])
            i += 1
            continue
        run = words[i : i + k]
        if hit is None:  # listed already: only a capital inside the name is put right ("Nội Vụ")
            read = " ".join(run)
            core = read.rstrip(_TRAIL)
            out.append(read if core.isupper() else _keep_case(canon[core.lower()], core) + read[len(core) :])
        else:
            tail = run[-1][len(run[-1].rstrip(_TRAIL)) :]
            out.append(_keep_case(canon[hit], " ".join(run)) + tail)
        i += k
    return " ".join(out)


#: The bodies' abbreviations, to undo a slipped mark or letter in one ("HDNĐ", "ÙBND", "LBND").
ABBREVIATIONS = ("UBND", "HĐND", "PCT", "MTTQ", "UBMTTQ", "HĐNĐ")
_ABBR_BY_BARE = {"UBND": "UBND", "HDND": "HĐND", "MTTQ": "MTTQ", "UBMTTQ": "UBMTTQ"}


def _abbreviation(word: str) -> str:
    """An all-capitals token one mark or letter away from a body's abbreviation, respelled."""
    core = word.rstrip(_TRAIL + ")-")
    if not (3 <= len(core) <= 6 and core.isupper()) or core in ABBREVIATIONS:
        return word
    bare = "".join(sorted(strip_accents(core))) if len(core) == 4 else strip_accents(core)
    for key, abbr in _ABBR_BY_BARE.items():
        if bare in (key, "".join(sorted(key))) or (len(core) == 4 and fuzz.ratio(strip_accents(core), key) >= 75
                                                    and core[1:] == abbr[1:]):  # fmt: skip
            return abbr + word[len(core) :]
        plain = strip_accents(core).upper()
        if len(core) == 5 and len(key) == 4 and plain[:2] == key[:2] and plain[-2:] == key[-2:]:
            return abbr + word[len(core) :]  # a letter doubled or added inside: "ƯBNÑD"
    return word


def _keep_case(listed: str, read: str) -> str:
    """The listed spelling with the first letter's case as read ("các sở" mid-sentence)."""
    first = read[:1]
    return (first.lower() if first.islower() else listed[:1]) + listed[1:]
