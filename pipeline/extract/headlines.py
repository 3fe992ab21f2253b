"""Issuer lines as a scan reads them: the header's fixed words and what OCR strews around them.

The issuing body's lines (top left, capitals) are short and bold, so OCR seldom garbles the
words but often the marks ("ỦY BẠN NHÂN ĐÂN"), joins a stamp beside them ("HỎATỐC ỦY BAN…"),
or reads the number line into them ("… XÃ THẠNH TÂN SỐ: 2670/UBND-KT").  ``header`` cleans
each issuer line with these helpers before grouping the lines into bodies.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from pipeline.extract.lexicon import phrases, snap
from pipeline.extract.localities import is_place
from pipeline.extract.vntext import BODY_HEADS, LOCALITY_WORDS, squash, strip_accents

MOTTO_TAIL = re.compile(r"\bC[ỘOÔ]\s*NG\s*H[ÒOÀ0]\s*A?\b.*$|\bĐ[ộo]c\s*l[ậa]p\b.*$", re.IGNORECASE)
HEAD_ANYWHERE = re.compile(r"[ỦU][yY]\s+BAN\b|[UuƯ]BND\b|SỞ\s|BỘ\s|PHÒNG\s")
_KEYWORDS = {"TINH": "TỈNH", "HUYEN": "HUYỆN", "PHUONG": "PHƯỜNG"}


_FIXED = (
    "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "THÀNH PHỐ", "THỊ TRẤN", "THỊ XÃ", "NỘI VỤ", "TƯ PHÁP",
    # the specialised names of the departments (sở, phòng) under a committee
    "TÀI NGUYÊN VÀ MÔI TRƯỜNG", "VĂN HÓA, THỂ THAO VÀ DU LỊCH", "GIÁO DỤC VÀ ĐÀO TẠO",
    "TÀI CHÍNH", "KẾ HOẠCH VÀ ĐẦU TƯ", "XÂY DỰNG", "CÔNG THƯƠNG", "THÔNG TIN VÀ TRUYỀN THÔNG",
    "LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "KHOA HỌC VÀ CÔNG NGHỆ",
    "GIAO THÔNG VẬN TẢI", "NGOẠI VỤ", "TÀI CHÍNH - KẾ HOẠCH",
)  # fmt: skip


def fixed_phrases(text: str) -> str:
    """Fixed header phrases spelled right whatever tone marks OCR gave them ("ỦY BẠN NHÂN ĐÂN"),
    glued ("TÀINGUYÊN") or with a hyphen a scan put between their words ("TƯ-PHÁP")."""
    for phrase in _FIXED:
        key = r"[\s\-]*".join(re.escape(w) for w in strip_accents(phrase).split() if w != "-")  # "ỦYBANNHÂNDÂN" too
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


#: The national motto (right column) read into an issuer line, marks and a doubled letter aside:
#: "CỘNG HỘA XÃ HỘI…", "CỘNG G HÒA…", "Độc lập - …": from there to the end of the line.
_MOTTO_BARE = re.compile(r"(?<![A-Z])(?:C\s*[O0]\s*N\s*G\s*(?:[A-Z]\s+)?H\s*[O0]\s*A|D\s*[O0]\s*C\s*L\s*A\s*P)(?![A-Z]).*$")
#: "SỞ" misread ("SỨTỰ PHÁP", "SỬ VĂN HÓA", "SỚTÀINGUYÊN") opening a line: S and one vowel
#: letter, then a space or a glued word; and a locality word glued to its name ("TỈNHTÂYNINH").
_SO_MISREAD = re.compile(r"^S[ƠỞỚỜỠỢOÓÒỎÕỌÔỐỒỔỖỘƯỨỪỬỮ](?=\s|[A-ZĐÀ-Ỹ]{2})")
_GLUED_LOCALITY = re.compile(r"^(TINH|HUYEN|THANH\s?PHO|THI\s?XA|THI\s?TRAN|PHUONG)(?=[A-Z]{3})")
_GLUED_SHORT = re.compile(r"^(XA|QUAN)(?=[A-Z]{4})")
#: A speck of one or two characters before a body's head word ("D BỘ NỘI VỤ", "bố ỦY BAN").
_LEAD_SPECK = re.compile(r"^\s*(?!SỞ|BỘ|[ỦUỤŨÙÚ][YỶỲÝỸỴ]\b)\S{1,2}\s+(?=(?:[ỦU][Yy]\s*BAN|UBND|SỞ|BỘ|PHÒNG|HỘI ĐỒNG)\b)")


def erase_motto(text: str) -> str:
    """``text`` with the motto (and what follows it on the line) blanked, length kept."""
    bare = strip_accents(text).upper()
    if len(bare) != len(text):
        return text
    m = _MOTTO_BARE.search(bare)
    return text[: m.start()] + " " * (len(text) - m.start()) if m else text


def open_heads(text: str) -> str:
    """A line's head word as the decree prints it: "SỞ" for its misreadings, a space after a
    locality word glued to its name, no speck before the head."""
    text = _LEAD_SPECK.sub("", text)
    text = _SO_MISREAD.sub("SỞ ", text)
    bare = strip_accents(text).upper()
    if len(bare) == len(text) and (m := _GLUED_LOCALITY.match(bare)):
        text = text[: m.end()] + " " + text[m.end() :]
    elif len(bare) == len(text) and (m := _GLUED_SHORT.match(bare)) and is_place(text[m.end() :]):
        text = text[: m.end()] + " " + text[m.end() :]  # "XÃMONGTHỌ": only before a listed name
    return squash(text)


STAMP_WORDS = re.compile(r"\W*(?:DEN|KHAN|MAT|HOA\s*TOC|THUONG\s*KHAN|TOI\s*MAT|TUYET\s*MAT)\W*")
BARE_HEADS = {"ubnd", "ủy ban nhân dân", "hđnd", "hội đồng nhân dân"}
_URGENCY_LEAD = re.compile(r"^(?:H[OÒÓỎ]A\s*T[OÔỐ]C|TH[UƯ][OƠỢ]NG\s*KH[AẨ]N|KH[AẨ]N|M[AẬ]T|T[OỐ]I\s*M[AẬ]T)\s+(?=ỦY|UBND|SỞ|BỘ|PHÒNG|HĐND|VĂN|BAN)")
_NUMBER_TAIL = re.compile(r"(?:^|\s)(?:S[ỐốOoô6ð]|[§$5][ðoôố]|Sẽ|S[§$][ỐốOoô]?)\s*[:;.]\s*\d.*$")


def tidy_body(text: str) -> str:
    """An issuer line without the urgency stamp before it or the number line after it."""
    text = _URGENCY_LEAD.sub("", text)
    return _NUMBER_TAIL.sub("", text)


def snap_body(name: str | None) -> str | None:
    """A body's name with its fixed words as the lexicon spells them ("Thế thao" → "Thể thao")."""
    return snap(name) if name else name




_LOCALITY_BY_BARE = {strip_accents(w): w for w in LOCALITY_WORDS}
_HEADS_BARE = {strip_accents(h) for h in BODY_HEADS} | {"ubnd", "hdnd"}
_DEBRIS_TOKEN = re.compile(r"^(?:[^\w\-–]|_)+$|^[a-zà-ỹđ]$|^[\-–.,:;'`]+[^\W\d_]$")  # "-A": a speck after a dash
_HEAD_STARTS = {strip_accents(h.split()[0]) for h in BODY_HEADS} | {"ubnd", "hdnd", "uy", "hoi"}
_UBND_SPELLED = re.compile(r"Ủy[\s\-.]*ban[\s\-.]*nhân[\s\-.]*dân[,.]?", re.IGNORECASE)


def _drop_inner_speck(words: list[str]) -> list[str]:
    """"Sở Tư pt pháp": a one- or two-letter lower-case token inside a listed body's name, the
    name listed without it (``models/bodies.txt``), is a speck."""
    listed = {p.lower() for p in phrases()[0]}
    for i in range(1, len(words) - 1):
        w = words[i]
        if len(w) <= 2 and w.isalpha() and w.islower():
            for k in range(i + 1, min(len(words), i + 5)):
                if " ".join(words[:i] + words[i + 1 : k + 1]).lower() in listed:
                    return words[:i] + words[i + 1 :]
    return words


def tidy_issuer(name: str | None) -> str | None:
    """An issuer (or parent) as a scan left it, put right where the genre leaves no doubt.

    * specks between its words ("Ủy ban nhân dân . ì huyện", "Sở Tư pháp ¬ tỉnh") go;
    * the fixed "Ủy ban nhân dân" loses a hyphen or comma a scan put in ("Ủy-ban", "dân, huyện");
    * a locality word with slipped marks is the locality word ("tính" → "tỉnh", "Thẳnh phõ" →
      "thành phố") and the proper name after it is title-cased as the gazetteer spells it;
    * a head of at most six letters that is no known head, before the locality word ("Tlbnd
      huyện", "L bBND tỉnh", "Ubnp thành phố") is a misread "UBND": "Ủy ban nhân dân".
    """
    if not name:
        return name
    words = _drop_inner_speck([w for w in name.split() if not _DEBRIS_TOKEN.match(w)])
    text = _UBND_SPELLED.sub("Ủy ban nhân dân", " ".join(words))
    words = text.split()
    at = _locality_at(words)
    if at is None:
        return text
    kw, n = at[1], at[2]
    head = words[: at[0]]
    tail = words[at[0] + n :]
    if not head or (tail and strip_accents(tail[0]).lower() == "uy"):
        return text  # "Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy": a party body, not a locality
    cut = next((i for i, w in enumerate(tail) if re.search(r"[_°¬|]", w) or not any(c.isalpha() for c in w)
                and w not in "-–"), len(tail))  # fmt: skip
    place = re.sub(r"(?<=[a-zà-ỹđ])-(?=[a-zà-ỹđA-ZÀ-ỸĐ])", " ", " ".join(tail[:cut]))  # "Cam-lộ"
    squeezed = strip_accents("".join(head)).lower()
    if len(squeezed) <= 6 and squeezed not in _HEADS_BARE and strip_accents(head[0]).lower() not in _HEAD_STARTS:
        head = ["Ủy", "ban", "nhân", "dân"]
    if any(w[:1].islower() or (len(w) > 1 and w.isupper()) for w in place.split()):
        place = " ".join(w[:1].upper() + w[1:].lower() for w in place.split())
    return " ".join([*head, kw, place]).strip()


def _locality_at(words: list[str]) -> tuple[int, str, int] | None:
    """(index, locality word, words it takes) of the first locality word, marks aside."""
    for i in range(1, len(words)):
        for n in (2, 1):
            chunk = strip_accents(" ".join(words[i : i + n])).lower().strip(",.")
            if chunk in _LOCALITY_BY_BARE and len(words[i : i + n]) == n:
                return i, _LOCALITY_BY_BARE[chunk], n
    return None


def trim_body(name: str | None) -> str | None:
    """A body's name without what a scan read between its listed name and its locality, or
    after a ministry's ("Sở Tư pháp kuốn thành phố Hà Nội", "Phòng Văn hóa và Thông tin 5 huyện
    Gia Bình", "Bộ Nội vụ pc thị trấn"): a ministry names no locality, and the words between a
    listed name and the level word are one or two specks (lower case, digits), never a name."""
    if not name:
        return name
    words = name.split()
    while len(words) > 2 and not any(c.isalpha() for c in words[0]):
        words.pop(0)  # '°2" Ủy ban…': a speck before the head
    name = " ".join(words)
    listed = {p.lower() for p in phrases()[0]}
    k = next((k for k in range(len(words), 1, -1) if " ".join(words[:k]).lower() in listed), 0)
    if not k or k == len(words):
        return name
    if words[0] == "Bộ" and not any(w[:1].isupper() for w in words[k:]):
        return " ".join(words[:k])  # a ministry: what follows is another line's debris
    at = _locality_at(words)
    if at is None or not 0 < at[0] - k <= 2:
        return name
    extra = words[k : at[0]]
    if all(w[:1].islower() or w.isdigit() or not any(c.isalpha() for c in w) for w in extra):
        return " ".join(words[:k] + words[at[0] :])
    return name

