"""Issuer lines as a scan reads them: the header's fixed words and what OCR strews around them.

The issuing body's lines (top left, capitals) are short and bold, so OCR seldom garbles the
words but often the marks ("ỦY BẠN NHÂN ĐÂN"), joins a stamp beside them ("HỎATỐC ỦY BAN…"),
or reads the number line into them ("… XÃ THẠNH TÂN SỐ: 2670/UBND-KT").  ``header`` cleans
each issuer line with these helpers before grouping the lines into bodies.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from pipeline.extract.lexicon import snap
from pipeline.extract.vntext import strip_accents

MOTTO_TAIL = re.compile(r"\bC[ỘOÔ]\s*NG\s*H[ÒOÀ0]\s*A?\b.*$|\bĐ[ộo]c\s*l[ậa]p\b.*$", re.IGNORECASE)
HEAD_ANYWHERE = re.compile(r"[ỦU][yY]\s+BAN\b|UBND\b|SỞ\s|BỘ\s|PHÒNG\s")
_KEYWORDS = {"TINH": "TỈNH", "HUYEN": "HUYỆN", "PHUONG": "PHƯỜNG"}


_FIXED = ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "THÀNH PHỐ", "THỊ TRẤN", "THỊ XÃ", "NỘI VỤ", "TƯ PHÁP")


def fixed_phrases(text: str) -> str:
    """Fixed header phrases spelled right whatever tone marks OCR gave them ("ỦY BẠN NHÂN ĐÂN")."""
    for phrase in _FIXED:
        key = r"\s*".join(strip_accents(phrase).split())  # "ỦYBANNHÂNDÂN" off a scan too
        bare = strip_accents(text).upper()  # same length as ``text``: offsets carry over
        m = re.search(rf"(?<![A-Z]){key}(?![A-Z])", bare)
        if m:
            text = text[: m.start()] + phrase + text[m.end() :]
    return text


def repair_words(text: str) -> str:
    """OCR slips in the header's fixed words ("ƯUBND", "TĨNH PHÚ YÊN") put right.

    A locality keyword is only repaired where the decree puts one: first on its line or
    right after the body ("UBND", "…NHÂN DÂN"), never inside a proper name ("ĐÔNG PHƯƠNG").
    """
    words = text.split()
    for i, w in enumerate(words):
        bare = strip_accents(w).upper()
        if w.upper() != "UBND" and 4 <= len(w) <= 6 and fuzz.ratio(bare, "UBND") >= 80:
            words[i] = "UBND"
        elif bare == "UY" and i + 1 < len(words) and words[i + 1].upper() == "BAN":
            words[i] = "ỦY"
        elif bare in _KEYWORDS and i + 1 < len(words) and (i == 0 or words[i - 1].upper() in ("UBND", "DÂN")):
            words[i] = _KEYWORDS[bare]
    return " ".join(words)


STAMP_WORDS = re.compile(r"\W*(?:DEN|KHAN|MAT|HOA\s*TOC|THUONG\s*KHAN|TOI\s*MAT|TUYET\s*MAT)\W*")
BARE_HEADS = {"ubnd", "ủy ban nhân dân", "hđnd", "hội đồng nhân dân"}
_URGENCY_LEAD = re.compile(r"^(?:H[OÒÓỎ]A\s*T[OÔỐ]C|TH[UƯ][OƠỢ]NG\s*KH[AẨ]N|KH[AẨ]N|M[AẬ]T|T[OỐ]I\s*M[AẬ]T)\s+(?=ỦY|UBND|SỞ|BỘ|PHÒNG|HĐND|VĂN|BAN)")
_NUMBER_TAIL = re.compile(r"(?:^|\s)(?:S[ỐốOoô6ð]|[§$5][ðoô]|Sẽ)\s*[:;.]\s*\d.*$")


def tidy_body(text: str) -> str:
    """An issuer line without the urgency stamp before it or the number line after it."""
    text = _URGENCY_LEAD.sub("", text)
    return _NUMBER_TAIL.sub("", text)


def snap_body(name: str | None) -> str | None:
    """A body's name with its fixed words as the lexicon spells them ("Thế thao" → "Thể thao")."""
    return snap(name) if name else name


