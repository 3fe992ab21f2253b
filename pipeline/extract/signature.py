"""The signature block: authority (TM./KT./Q./TL./TUQ.), title and the signer's name.

Decree 30 prints it bottom-right: "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH",
the signature and seal, then the name.  When two authorities are stacked the inner one
counts.  On a scan the name may sit under the red seal, so OCR can put seal text or noise
between the title and the name; a name is recognised by its shape (2–5 capitalised
syllables) and, when available, by a Vietnamese family name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from pipeline.extract.base import Context, Found, TextLine, is_scan
from pipeline.extract.nlp import is_person
from pipeline.extract.vntext import fold, is_upper_line, nfc, sentence_case, squash, strip_accents

#: "'TM.ỦY BAN", "TM: ỦY BAN", "KT CHỦ TỊCH" off a scan; "Q." read as "Ó." / "O." / "9." too.
AUTHORITY = re.compile(
    r"^[\W_]{0,3}(TM|KT|TL|TUQ|Q|[OÓÒÔỌ09]{1,2}(?=\.\s*[A-ZĐ])|M(?=\.\s*[ỦU]Y\s*BAN)|[FJ1IỊ]UQ"
    r"|TU[A-Z]?(?=\.\s*(?:CH|GI|B[OỘ]|TR)))\s*(?:[.:,;]\s*|\s+(?=[A-ZĐ]|Ủ))(.*)$"
)
_Q_MISREAD = set("OÓÒÔỌ09")


def _authority(token: str) -> str:
    """The authority a scan misread: "Q." as "O." / "9.", "TM." as "M." (only "TM." stands
    before the collective body), "TUQ." as "FUQ.", "TUG." or "TU." (its last letter slipped or
    lost: no other authority starts "TU", and only before an office, "TU. CHỦ TỊCH")."""
    if set(token) <= _Q_MISREAD:
        return "Q"
    return {"M": "TM"}.get(token, "TUQ" if token.endswith("UQ") or token.startswith("TU") else token)
OFFICES = (
    "chủ tịch", "giám đốc", "trưởng ban", "chánh văn phòng", "bộ trưởng", "cục trưởng",
    "trưởng phòng", "thứ trưởng", "viện trưởng", "hiệu trưởng", "chánh thanh tra",
    "tổng cục trưởng", "trưởng đoàn", "bí thư", "phó", "trưởng", "chi cục trưởng",
)  # fmt: skip
SURNAMES = {
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ",
    "hồ", "ngô", "dương", "lý", "thái", "đinh", "đoàn", "trương", "lương", "mai", "cao", "tạ",
    "hà", "lâm", "châu", "tô", "trịnh", "lưu", "quách", "vương", "kiều", "đào", "văn", "từ",
    "triệu", "tăng", "thân", "khổng", "chu", "la", "âu", "nông", "lò", "mạc", "giang", "đàm",
}  # fmt: skip
#: Bare letters → the most common family name spelled so (so "Do" reads as "Đỗ", not "Đồ").
_SURNAME_BY_BARE = {
    "nguyen": "Nguyễn", "tran": "Trần", "le": "Lê", "pham": "Phạm", "hoang": "Hoàng", "huynh": "Huỳnh",
    "phan": "Phan", "vu": "Vũ", "vo": "Võ", "dang": "Đặng", "bui": "Bùi", "do": "Đỗ", "ho": "Hồ",
    "ngo": "Ngô", "duong": "Dương", "ly": "Lý", "dinh": "Đinh", "doan": "Đoàn", "truong": "Trương",
    "luong": "Lương", "mai": "Mai", "cao": "Cao", "lam": "Lâm", "trinh": "Trịnh", "dao": "Đào",
}  # fmt: skip
NOI_NHAN_RE = re.compile(r"^[\W_]*N[ơo]i\s+nh[ậa]n", re.IGNORECASE)
_NAME = re.compile(r"^[A-ZÀ-ỸĐ][a-zà-ỹđ]+(?:\s+[A-ZÀ-ỸĐ][a-zà-ỹđ]+){1,4}$")
_NOT_NAME = {"nơi nhận", "kính gửi", "như trên"}


_BARE_OFFICES = tuple(strip_accents(o) for o in OFFICES)
_GENERIC = {"pho", "truong"}  # "VÀ MÔI TRƯỜNG" ends a body's name, not an office


def _bare(text: str) -> str:
    """Unaccented lower-case words of ``text``, punctuation dropped ("CHỦ TỊCH." → "chu tich")."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", strip_accents(fold(text))).split())


def _is_office(text: str) -> bool:
    """An office line, whatever tone marks OCR left it ("CHU TỊCH"), or one letter-slip away
    from one ("GHÁNH VĂN PHÒNG", "PHÓ CHỦ HU TỊC H")."""
    f = _bare(text)
    if any(f == o or f.startswith(o + " ") or (f.endswith(" " + o) and o not in _GENERIC) for o in _BARE_OFFICES):
        return True
    return _fuzzy_office(f) is not None


def _fuzzy_office(bare: str) -> str | None:
    """The office (with "phó ") whose letters, spaces ignored, are ≥ 85 % like ``bare``'s."""
    squeezed = bare.replace(" ", "")
    if not 5 <= len(squeezed) <= 22:
        return None
    hit = process.extractOne(squeezed, _SQUEEZED, scorer=fuzz.ratio, score_cutoff=85)
    return _SQUEEZED_OF[hit[0]] if hit else None


def clean_name(text: str) -> str:
    """Drop what OCR adds around a name under a seal: dashes, stray marks, lone letters."""
    text = re.sub(r"(?<=[a-zà-ỹđ])\.(?=[A-ZÀ-ỸĐ])", " ", squash(nfc(text)))  # "Huỳnh.Thị Phong"
    text = re.sub(r"(?<=[a-zà-ỹđ])-(?=[A-ZÀ-ỸĐ])", " ", text)  # "Văn-Hải": a speck between syllables
    text = "".join(  # "NgôThịBình": the spaces lost between the syllables
        f" {c}" if 0 < i < len(text) - 1 and c.isupper() and text[i - 1].islower() and text[i + 1].islower() else c
        for i, c in enumerate(text)
    )
    text = re.sub(r"[(\[{][^\s()\[\]{}]{0,2}[)\]}](?=[a-zà-ỹđ])", "", text)  # "(Q}quốc": a bracketed speck
    text = re.sub(r"(?<![\w])1(?=[a-zà-ỹđ]+\s+[A-ZÀ-ỸĐ])", "L", text)  # "1ý Quốc Long": "L" read as "1"
    if 2 <= len(text.split()) <= 4 and strip_accents(text.split()[0]).lower() in _SURNAME_BY_BARE:
        text = re.sub(r"(?<=\s)[a-zà-ỹđ](?=[a-zà-ỹđ]+(?:\s|$))", lambda m: m.group(0).upper(), text)  # "Phạm quốc"
    words = [w.strip("-–_.,:;'\"`~|!()[]{}") for w in text.split()]
    # a speck read as a capital glued to the name ("JNgồ Văn Phong")
    words = [w[1:] if len(w) > 2 and w[0].isupper() and w[1].isupper() and w[2].islower() else w
             for w in words if w]  # fmt: skip
    while words and not (words[0][:1].isupper() and len(words[0]) > 1):
        words.pop(0)
    while words and not (words[-1][:1].isupper() and len(words[-1]) > 1):
        words.pop()
    return " ".join(words)


def name_score(text: str) -> float:
    """How much ``text`` looks like a person's name (0 = not at all)."""
    t = clean_name(text)
    if not _NAME.match(t) or fold(t) in _NOT_NAME:
        return 0.0
    if t.split()[0].lower() in SURNAMES:
        return 0.9
    if strip_accents(t.split()[0]).lower() in _SURNAME_BY_BARE:
        return 0.85  # a family name whose mark a scan slipped ("Ngõ", "Lệ"): ``fix_surname`` respells it
    person = is_person(t)  # family name unknown (or misread): ask the NER model
    return 0.55 if person is None else (0.6 if person else 0.0)


_OFFICE_BY_BARE = {strip_accents(o).upper(): o for o in OFFICES if o not in ("phó", "trưởng")}
#: Offices and deputies' offices without spaces or marks, for ``_fuzzy_office``.
_SQUEEZED_OF = {
    (pre + strip_accents(o)).replace(" ", ""): ("phó " if pre else "") + o
    for o in OFFICES if len(o) >= 7 for pre in ("", "pho ")
}  # fmt: skip
_SQUEEZED = list(_SQUEEZED_OF)
_OFFICE_RE = re.compile(
    r"(?P<deputy>PHO\s+)?(?P<office>" + "|".join(sorted(_OFFICE_BY_BARE, key=len, reverse=True)) + r")"
)


def office_title(text: str) -> str | None:
    """The office named in a title line, without OCR debris ("CHU TỊCH Ỷ" → "Chủ tịch")."""
    m = _OFFICE_RE.search(strip_accents(squash(nfc(text))).upper())
    if not m:
        fuzzy = _fuzzy_office(_bare(text))
        return sentence_case(fuzzy) if fuzzy else None
    office = _OFFICE_BY_BARE[m.group("office")]
    return sentence_case(("phó " if m.group("deputy") else "") + office)


def _find_name(lines: list[TextLine]) -> tuple[str | None, int | None, float]:
    """The signer's name below the title: on a scan it sits under the seal, after debris, so
    the best-looking name-shaped line wins (a known family name beats shape alone)."""
    best: tuple[str | None, int | None, float] = (None, None, 0.0)
    for ln in lines:
        if (AUTHORITY.match(ln.text) and is_upper_line(ln.text)) or NOI_NHAN_RE.match(ln.text):
            break  # the next block ("TL Lên l 2" under a seal is debris, not an authority line)
        s = name_score(ln.text)
        if s > best[2]:
            best = (fix_surname(clean_name(ln.text)), ln.end, s)
        if s >= 0.9:
            break
    return best


@lru_cache(maxsize=1)
def _people() -> frozenset[str]:
    """Syllables of people's names: the diacritic model's (``names.json``, already loaded by
    restoration); empty when the model is missing, which only disables ``respell_given``."""
    try:
        from pipeline.restore.model import get_model

        return frozenset(get_model().people)
    except Exception:  # noqa: BLE001 - a missing model only disables the respelling
        return frozenset()


@lru_cache(maxsize=1)
def _given_by_bare() -> dict[str, str]:
    """Unaccented syllable → the one spelling names use, where only one name syllable has it."""
    by_bare: dict[str, list[str]] = {}
    for syl in _people():
        by_bare.setdefault(strip_accents(syl), []).append(syl)
    return {b: forms[0] for b, forms in by_bare.items() if len(forms) == 1}


#: Capitals a scan reads a name's first letter as ("Ihu" for "Thu", "1ý" for "Lý").
_FIRST_SLIPS = {"I": "TL", "1": "L", "l": "LT", "|": "LT", "J": "T"}


def respell_given(name: str) -> str:
    """Name syllables a scan mis-marked ("Đực", "Quần", "Phòng") spelled as names spell them,
    when no name uses the read spelling and exactly one name syllable has the same letters;
    a first letter misread ("Ihu") put right when exactly one name syllable results."""
    known = _people() | SURNAMES
    out = []
    for w in name.split():
        form = _given_by_bare().get(strip_accents(w.lower()))
        if w.lower() not in known and form is None and w[:1] in _FIRST_SLIPS:
            fixes = {c + w[1:] for c in _FIRST_SLIPS[w[:1]] if (c + w[1:]).lower() in known}
            w = fixes.pop() if len(fixes) == 1 else w
        out.append(w if form is None or w.lower() in known else form[:1].upper() + form[1:])
    return " ".join(out)


def fix_surname(name: str) -> str:
    """A family name whose tone marks OCR slipped ("Đồ Xuân Dũng") spelled as the lexicon has it."""
    first, _, rest = name.partition(" ")
    if first.lower() in SURNAMES:
        return name
    canon = _SURNAME_BY_BARE.get(strip_accents(first).lower())
    return f"{canon} {rest}" if canon and rest else name


_AUTH_INSIDE = re.compile(r"(?<![\wĐđ])(?:TM|KT|TL|TUQ|Q)\s*[.:,]\s*[A-ZĐỦỘ]{2,}")


def _right_column(ln: TextLine) -> TextLine:
    """The authority line when a scan read it onto the "Nơi nhận" line to its left."""
    m = _AUTH_INSIDE.search(ln.text)
    if not m or m.start() == 0 or AUTHORITY.match(ln.text) or not is_upper_line(ln.text[m.start() :]):
        tail = _upper_tail(ln.text) if NOI_NHAN_RE.match(ln.text) else None
        if tail and _is_office(tail):  # "Nơi nhận: GIÁM ĐỐC": the title read beside the heading
            at = ln.text.rindex(tail)
            return TextLine(tail, ln.start + at, ln.end, ln.index)
        return ln
    return TextLine(ln.text[m.start() :], ln.start + m.start(), ln.end, ln.index)


def _block_start(ctx: Context) -> TextLine | None:
    """The first authority or office line of the last signature-looking group."""
    cands = [
        (n, ln)
        for n, ln in enumerate(map(_right_column, ctx.nonblank()))
        if is_upper_line(ln.text) and len(ln.text.strip()) < 60
        and (AUTHORITY.match(ln.text) or _is_office(ln.text))
    ]
    if not cands:
        return None
    at, first = cands[-1]
    for n, ln in reversed(cands[:-1]):
        if first.index - ln.index > 3 and not (AUTHORITY.match(ln.text) and at - n <= 8):
            break  # a scan may read the authority beside "Nơi nhận", the list's lines away
        at, first = n, ln
    return first


def _speck(text: str) -> bool:
    """A line of seal or column specks ("'", "r"): no more than two letters."""
    return sum(c.isalpha() for c in text) <= 2


def _split_title(pair: list[TextLine]) -> str | None:
    """A title a scan broke over two lines ("THỨ í" / "TRƯỜNG"), lower-case specks dropped."""
    if len(pair) < 2:
        return None
    words = [w for ln in pair for w in ln.text.split() if is_upper_line(w) or (len(w) > 1 and w.isupper())]
    joined = " ".join(words)
    return joined if len(words) >= 2 and _fuzzy_office(_bare(joined)) else None


def _upper_tail(text: str) -> str | None:
    """The line, or the run of capitals words ending it when a scan read the signature
    column beside the "Nơi nhận" list ("- Như trên; THỨ TRƯỞNG")."""
    if is_upper_line(text):
        return text
    words = text.split()
    k = len(words)
    while k > 0 and is_upper_line(words[k - 1]) and len(words[k - 1]) > 1:
        k -= 1
    return " ".join(words[k:]) if len(words) - k >= 2 else None


def _stacked(lines: list[TextLine], k: int, tail: str) -> tuple[str, str, int, int] | None:
    """(authority, title, end, next) when ``lines[k]`` is an inner authority line ("KT. CHỦ
    TỊCH") that a scan set apart from the outer one ("Nơi nhận: TM. ỦY BAN…" read beside the
    list): the inner authority counts, and the office line just below it (one list line may
    sit between) is the signer's own title."""
    m = AUTHORITY.match(tail)
    if not m or not _is_office(m.group(2)):
        return None
    for j in range(k + 1, min(k + 3, len(lines))):
        nxt = _upper_tail(lines[j].text)
        if nxt and not AUTHORITY.match(nxt) and _is_office(nxt) and _bare(nxt) not in _GENERIC:
            return _authority(m.group(1)), nxt, lines[j].end, j + 1
    return _authority(m.group(1)), m.group(2), lines[k].end, k + 1


def extract_signature(ctx: Context) -> dict[str, Found]:
    if ctx.value("doc_type") == "Bài báo":
        return {"signer": Found({"name": None, "title": None, "authority": None}, 0.9, None)}
    first = _block_start(ctx)
    if first is None:
        return {"signer": Found({"name": None, "title": None, "authority": None}, 0.6, None)}
    authority = title = name = None
    end = first.end
    lines = [first, *(ln for ln in ctx.lines[first.index + 1 :] if ln.text.strip())]
    i = 0
    while i < len(lines) and ((m := AUTHORITY.match(lines[i].text)) or _speck(lines[i].text)):
        if m:  # ("TM. ỦY BAN NHÂN DÂN", a speck, "KT. CHỦ TỊCH": the inner one counts)
            authority, title = _authority(m.group(1)), m.group(2)
            end = lines[i].end
        i += 1
    for k in range(i, min(i + 9, len(lines))):  # the title, after seal debris or a "Nơi nhận" list
        tail = _upper_tail(lines[k].text)
        if tail and (stacked := _stacked(lines, k, tail)):  # "KT. CHỦ TỊCH" below a "TM." read aside
            authority, title, end, i = stacked
            break
        nxt = _upper_tail(lines[k + 1].text) or "" if k + 1 < len(lines) else ""
        if not (tail and _is_office(tail)) and not (_is_office(nxt) and _bare(nxt) not in _GENERIC):
            tail = _split_title(lines[k : k + 2])
        if tail and _is_office(tail):
            title, end, i = tail, lines[k].end, k + 1
            break
    name, name_end, s = _find_name(lines[i : i + 14])
    if name and is_scan(ctx.doc):
        name = respell_given(name)
    if title and _bare(title).startswith("pho ") and authority in (None, "TM"):
        authority = "KT"  # a deputy signs "KT." (on behalf of the head), never in their own right
    score = 0.9 if name is None else min(0.9, 0.5 + s / 2)
    end = name_end or end
    value = {
        "name": name,
        "title": (office_title(title) or sentence_case(title)) if title else None,
        "authority": authority,
    }
    return {"signer": Found(value, score, (first.start, end))}
