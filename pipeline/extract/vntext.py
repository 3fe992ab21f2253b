"""Vietnamese text conventions the record needs: NFC, modern tone placement, sentence case.

Administrative writing prints bodies in capitals ("ỦY BAN NHÂN DÂN / THÀNH PHỐ BIÊN HÒA") and
abbreviates them ("UBND TP"), while RECORD.md wants them as an analyst would write them
("Ủy ban nhân dân thành phố Biên Hòa").  These helpers are pure string functions so every
extractor (and the evaluator's comparison rules) apply exactly the same normalisation.
"""

from __future__ import annotations

import re
import unicodedata

# Old ("hoà", "thuỷ") → modern ("hòa", "thủy") tone placement on open syllables oa/oe/uy.
_TONES = {
    "à": "a", "á": "a", "ả": "a", "ã": "a", "ạ": "a",
    "è": "e", "é": "e", "ẻ": "e", "ẽ": "e", "ẹ": "e",
    "ỳ": "y", "ý": "y", "ỷ": "y", "ỹ": "y", "ỵ": "y",
}  # fmt: skip
_MARK = {"̀": "grave", "́": "acute", "̉": "hook", "̃": "tilde", "̣": "dot"}
_OLD_TONE = re.compile(r"(?<![qQ])([oOuU])([àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])(?![a-zà-ỹA-ZÀ-Ỹ])")


def _move_tone(m: re.Match[str]) -> str:
    head, toned = m.group(1), m.group(2)
    decomposed = unicodedata.normalize("NFD", toned)
    base, marks = decomposed[0], decomposed[1:]
    return unicodedata.normalize("NFC", head + marks) + base


def nfc(text: str) -> str:
    """NFC with the modern tone placement ("hoà" → "hòa", "thuỷ" → "thủy")."""
    return _OLD_TONE.sub(_move_tone, unicodedata.normalize("NFC", text))


def squash(text: str) -> str:
    """Collapse whitespace (and the markdown emphasis some sources carry) to single spaces."""
    return re.sub(r"\s+", " ", text.replace("*", " ")).strip()


def fold(text: str) -> str:
    """Comparison key: NFC, modern tones, lower case, single spaces."""
    return squash(nfc(text)).lower()


def strip_accents(text: str) -> str:
    out = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in out if unicodedata.category(c) != "Mn")


def is_upper_line(text: str) -> bool:
    """True when the letters of ``text`` are (almost) all capitals, as header bodies are."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= 0.85


# Abbreviations of bodies and titles (Decree 30 practice), expanded for `issuer.name`.
ABBREVIATIONS: dict[str, str] = {
    "UBND": "ủy ban nhân dân",
    "HĐND": "hội đồng nhân dân",
    "UBMTTQVN": "ủy ban Mặt trận Tổ quốc Việt Nam",
    "UBMTTQ": "ủy ban Mặt trận Tổ quốc",
    "CCHC": "cải cách hành chính",
    "TP": "thành phố",
    "TP.": "thành phố",
    "TX": "thị xã",
    "TT": "thị trấn",
    "PCT": "phó chủ tịch",
    "CT": "chủ tịch",
    "VP": "văn phòng",
    "BCĐ": "ban chỉ đạo",
    "SNV": "sở nội vụ",
}

# Words that open the proper-name part of a locality ("thành phố Biên Hòa").
LOCALITY_WORDS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường")
_LOCALITY_RE = re.compile(r"\b(" + "|".join(LOCALITY_WORDS) + r")\b", re.IGNORECASE)

# Heads of bodies whose specialised name starts with a capital ("Sở Nội vụ").
BODY_HEADS = (
    "ủy ban nhân dân", "hội đồng nhân dân", "văn phòng", "sở", "bộ", "phòng", "ban", "cục",
    "tổng cục", "chi cục", "trung tâm", "thanh tra", "đài", "trường", "viện", "hội đồng",
    "bảo hiểm xã hội", "kho bạc nhà nước", "công an", "ban quản lý", "đảng ủy", "học viện",
)  # fmt: skip


def expand_abbreviations(text: str) -> str:
    """"UBND TP Hà Nội" → "ủy ban nhân dân thành phố Hà Nội" (only whole capitalised tokens)."""

    def rep(m: re.Match[str]) -> str:
        return ABBREVIATIONS.get(m.group(0), m.group(0))

    pattern = r"(?<![\wĐđ])(" + "|".join(
        re.escape(k) for k in sorted(ABBREVIATIONS, key=len, reverse=True)
    ) + r")(?![\wĐđ])"
    return re.sub(pattern, rep, text)


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:] if word else word


def _title_words(text: str) -> str:
    return " ".join(_cap(w.lower()) for w in text.split())


def _body_case(name: str) -> str:
    """Sentence-case one body name that has no locality ("sở giáo dục và đào tạo")."""
    low = name.lower()
    for head in sorted(BODY_HEADS, key=len, reverse=True):
        if low == head or low.startswith(head + " "):
            rest = low[len(head) :].strip()
            if not rest:
                return _cap(head)
            parts = re.split(r"(\s*(?:,|-|–|\bvà\b)\s*)", rest)
            cased = [p if i % 2 else _cap(p) for i, p in enumerate(parts)]
            if head == "ban" and cased[0].lower().startswith("chỉ đạo"):
                cased[0] = _cap(cased[0])
            return _cap(head) + " " + "".join(cased)
    return _cap(low)


def sentence_case_body(text: str) -> str:
    """Capitals to the way RECORD.md writes a body: "Ủy ban nhân dân thành phố Biên Hòa".

    The head and its specialised name follow Vietnamese convention ("Sở Nội vụ",
    "Phòng Văn hóa - Xã hội"); a locality keeps its keyword in lower case and its proper name
    in title case.  Abbreviations still in capitals after expansion (HĐND, "VHXH") are kept.
    """
    text = nfc(squash(expand_abbreviations(squash(text))))
    m = _LOCALITY_RE.search(text)
    if m and m.start() > 0:
        body, kw, place = text[: m.start()].strip(), m.group(1).lower(), text[m.end() :].strip()
        return f"{_body_case(body)} {kw} {_title_words(place)}".strip()
    if m and m.start() == 0:  # the body is itself a locality word ("Huyện ủy"…)
        return _cap(text.lower())
    return _body_case(text)


#: How offices are written in running text (the office itself capitalised, as in "Phó Chủ tịch").
OFFICE_CASE = {
    "chủ tịch": "Chủ tịch", "giám đốc": "Giám đốc", "chánh văn phòng": "Chánh Văn phòng",
    "trưởng phòng": "Trưởng phòng", "bộ trưởng": "Bộ trưởng", "thứ trưởng": "Thứ trưởng",
    "cục trưởng": "Cục trưởng", "trưởng ban": "Trưởng ban", "chánh thanh tra": "Chánh Thanh tra",
    "hiệu trưởng": "Hiệu trưởng", "viện trưởng": "Viện trưởng", "chi cục trưởng": "Chi cục trưởng",
    "tổng cục trưởng": "Tổng cục trưởng", "bí thư": "Bí thư", "trưởng đoàn": "Trưởng đoàn",
}  # fmt: skip


def sentence_case(text: str) -> str:
    """A title in capitals ("PHÓ CHỦ TỊCH") → "Phó Chủ tịch" (titles capitalise the office)."""
    low = squash(nfc(text)).lower()
    deputy = low.startswith("phó ")
    core = low[4:] if deputy else low
    if core in OFFICE_CASE:
        return ("Phó " if deputy else "") + OFFICE_CASE[core]
    return _cap(low)


_VOWEL_CLASSES = [
    "aàáảãạăằắẳẵặâầấẩẫậ", "eèéẻẽẹêềếểễệ", "iìíỉĩị", "oòóỏõọôồốổỗộơờớởỡợ", "uùúủũụưừứửữự", "yỳýỷỹỵ", "dđ",
]
_LOOSE = {c: f"[{cls}]" for cls in _VOWEL_CLASSES for c in cls}


def loose(words: str) -> str:
    """A regex for ``words`` that accepts any tone or vowel mark: OCR often slips one.

    "tối thiểu" → "t[oòó…]i thi[eè…][uù…]"; spaces match any whitespace (line wraps).
    """
    out = []
    for ch in words:
        low = ch.lower()
        if ch == " ":
            out.append(r"\s+")
        elif low in _LOOSE:
            cls = _LOOSE[low]
            out.append(cls if ch == low else cls[:-1] + cls[1:-1].upper() + "]")
        else:
            out.append(ch)
    return "".join(out)
