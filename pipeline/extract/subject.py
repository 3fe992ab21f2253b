"""Subject ("trích yếu"): the "V/v" lines of a công văn or the title lines under the type name.

Both may wrap over several lines; they end at a blank line (a new block), at the place/date
line, at "Kính gửi" or at the first body line ("Căn cứ", "Thực hiện", "1.", …).
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein

from pipeline.extract.base import Context, Found, TextLine, is_scan
from pipeline.extract.doctypes import type_from_title
from pipeline.extract.echo import repair_from_echoes
from pipeline.extract.header import PLACE_DATE
from pipeline.extract.vntext import is_upper_line, nfc, squash

VV = re.compile(  # "V/v", and off a scan "V.:v", "V|v", "V/⁄v", "B/tổ chức", "V¿ cử" (the second "v" lost)
    r"^[\W_]{0,3}(?:[VB]\s*[/⁄|,.:¿]{0,2}\s*v\b|(?-i:[VB])[/⁄¿](?=\s*[a-zà-ỹđ]{2})|Về việc)[\s.:'’]*", re.IGNORECASE
)
#: "V/v" as a hard scan reads it: "Ÿ/v", "VỶV", "VW", "Iv" before a lower-case word.
VV_OCR = re.compile(r"^[\W_]{0,3}(?:[VBŸY][/|IỶÝỲ1l\\]?[vVW]|[/|I1l][vV])(?=\s+[a-zà-ỹđ])[\s.:'’]*")
_STOP = re.compile(
    r"^\s*(?:Kính\s+gửi|Căn\s+cứ|Thực\s+hiện|Triển\s+khai|Nơi\s+nhận|Số\s*:|[IVX]+\.\s|\d+\.\s|[a-zđ]\)\s|-\s(?![a-zà-ỹđ]))",
    re.IGNORECASE,
)
_HARD_STOP = re.compile(
    r"^\s*(?:Kính\s+gửi|Căn\s+cứ|Nơi\s+nhận|Số\s*:|[IVX]+\.\s|\d+\.\s|[a-zđ]\)\s|-\s)", re.IGNORECASE
)
_MAX_LINES = 4


def _follow(ctx: Context, first: TextLine, *, skip_gap: bool) -> list[TextLine]:
    """``first`` and the lines that continue it, up to a stop line or a block break."""
    out = [first]
    i = first.index + 1
    gap_allowed = skip_gap
    skipped = False
    while i < len(ctx.lines) and len(out) < _MAX_LINES:
        ln = ctx.lines[i]
        if not ln.text.strip():
            if not gap_allowed and not _lower_next(ctx, i):
                break  # a blank line ends the subject, unless a scan put it inside a wrapped one
            i += 1
            continue
        gap_allowed = False
        if PLACE_DATE.search(ln.text) or sum(c.isalpha() for c in ln.text) < 3:
            # the date line of the right column (or seal debris) read between two subject lines
            gap_allowed = skipped = True
            i += 1
            continue
        if _STOP.match(ln.text) or is_upper_line(ln.text) or (skipped and not _continues(ln.text)):
            break
        out.append(ln)
        i += 1
    return out


def _lower_next(ctx: Context, i: int) -> bool:
    """The next non-blank line goes on in lower case ("thi đua yêu nước năm 2024"), or is the
    right column's date line or seal debris that a scan read between two subject lines."""
    nxt = next((ln for ln in ctx.lines[i + 1 : i + 3] if ln.text.strip()), None)
    if nxt is None:
        return False
    return _continues(nxt.text) or bool(PLACE_DATE.search(nxt.text)) or sum(c.isalpha() for c in nxt.text) < 3


def _continues(text: str) -> bool:
    """A wrapped subject line goes on in lower case ("cách hành chính năm 2022"); a scan may
    capitalise its first short word ("SỐ trong cơ quan nhà nước") but not the rest."""
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if not words:
        return True
    first = next(c for c in words[0] if c.isalpha())
    if first.islower():
        return True
    rest = [w for w in words[1:4] if w[:1].isalpha()]
    return len(words[0]) <= 3 and len(rest) >= 2 and all(w[:1].islower() for w in rest)


_INNER_DEBRIS = re.compile(r"(?<=[a-zà-ỹđ])(?:\s*[-.¡'\"`:])+\s*(?=[a-zà-ỹđ])|(?<=\s)[-¡'\"`]+(?=[a-zà-ỹđ])")
_YEAR_TAIL = re.compile(r"\b(20\d)[\]I|l]$")


def _tidy(text: str) -> str:
    """OCR debris out of a subject: "sáng-kiến", "an. -toàn", "¡giao", a trailing "-", "202]"."""
    text = _INNER_DEBRIS.sub(" ", text)
    text = re.sub(r"(?<=\s)(?:[^\w\s,;()\-–/%]|[_ˆ`´¨])+(?=\s)", " ", text)  # "trong ‹ cơ quan": a lone speck
    text = re.sub(r",\s+(?=năm \d{4}\W*$)", " ", text)
    text = re.sub(r"(?<=\bnăm)[.,:;]+(?=\s*\d)", "", text)  # "năm. 2024"
    text = re.sub(r",[\-.:;]+\s*(?=[a-zà-ỹđ])", ", ", text)  # "Rà soát,-cập nhật"
    text = re.sub(r"(?<=,)\s+[.\-:;]+(?=[a-zà-ỹđ])", " ", text)  # "sáng kiến, .cách làm"  # "công tác CCHC, năm 2026": a speck read as ","
    text = re.split(r"\s\.?\s*Kính\s+gửi\b", text)[0]  # the recipients line read into the subject
    text = text.strip(" .,;:-–'\"`ˆ~_|!*")
    return _specks_out(squash(_YEAR_TAIL.sub(r"\g<1>1", text)))


_VN_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}


def _vn_letter(ch: str) -> bool:
    """A letter Vietnamese writes: a-z or đ with only Vietnamese marks ("ï" is none)."""
    base, *marks = unicodedata.normalize("NFD", ch.lower())
    return (base.isascii() or base == "đ") and all(m in _VN_MARKS for m in marks)
_AFTER_YEAR = re.compile(r"(?<=\bnăm \d{4})(?:\s+[a-zà-ỹđ]{1,4}){1,2}$")
_LINKS = {"của", "và", "tại", "cho", "về", "trên", "theo", "đến", "để"}


def _specks_out(text: str) -> str:
    """Specks a hard scan strews in a subject: one- or two-word tails after its closing year
    ("… năm 2025 hải", "năm 2025 kh ủng": the seal's or column's marks, where a subject going
    on would go on with a link word), a lone letter no Vietnamese word is ("đổi ï số"), a vowel
    read twice before its word ("á áp dụng") and a bracket glued to a word ("]lớp")."""
    tail = _AFTER_YEAR.search(text)
    if tail and not set(tail.group().split()) & _LINKS:
        text = text[: tail.start()]
    text = re.sub(r"(?<=\s)[\[\]{}|]+(?=[a-zà-ỹđ])", "", text)
    words = text.split(" ")
    out = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if i > 0 and len(w) == 1 and w.isalpha() and w.islower() and (
            not _vn_letter(w) or re.fullmatch(r"[bcdđghklmnpqrstvx]", w) or (nxt[:1] == w and len(nxt) > 1)
        ):  # fmt: skip
            continue
        out.append(w)
    return " ".join(out)


def _finish(lines: list[TextLine], strip_vv: bool) -> Found:
    text = squash(nfc(" ".join(ln.text for ln in lines)))
    if strip_vv:
        text = VV.sub("", text) if VV.match(text) else VV_OCR.sub("", text)
    text = _tidy(text)
    text = text[:1].upper() + text[1:]
    start = lines[0].start + (len(lines[0].text) - len(lines[0].text.lstrip()))
    return Found(text, 0.9, (start, lines[-1].end))


def _echoed(ctx: Context, found: Found) -> Found:
    """On a scan, the subject's garbled words put right from its echoes in the body (``echo``)."""
    if found.value and found.span and is_scan(ctx.doc):
        found.value = repair_from_echoes(found.value, ctx.flat[found.span[1] :])
    return found


_YEAR_END = re.compile(r"(?<=năm )(?P<y>[\dOoIlL|!]{3,5})$")


def _own_year(ctx: Context, found: Found) -> Found:
    """"… năm 2924", "năm 202L", "năm 12023": a subject's final year one slip from the
    letter's own year (or the year either side) is that year."""
    date = ctx.value("issued_date")
    m = _YEAR_END.search(found.value or "")
    if not m or not date or not is_scan(ctx.doc):
        return found
    year, read = int(date[:4]), m.group("y")
    near = [y for y in (year, year - 1, year + 1) if Levenshtein.distance(str(y), read) <= 1]
    if near and read not in {str(y) for y in (year - 1, year, year + 1)}:
        found.value = found.value[: m.start("y")] + str(near[0])
    return found


def _is_title(ctx: Context, ln: TextLine) -> bool:
    """The type name line; with a dash or a speck before it ("- KẾ HOẠCH") only below the
    date line, where it cannot be the end of a body's name ("PHÒNG TÀI CHÍNH / - KẾ HOẠCH")."""
    if type_from_title(ln.text):
        return True
    found = ctx.found.get("issued_date")
    below = found is not None and found.span is not None and ln.start >= found.span[1]
    return below and type_from_title(ln.text.lstrip(" -–\"'`._")) is not None


_VV_SPECK = re.compile(r"^\W*\S{1,3}\s+(?=V\s*/\s*v\b)")  # ".ẮŠ V/v đẩy mạnh…"
_DASH_LEAD = re.compile(r"^\s*[-–]\s+(?=[A-ZĐÀ-Ỹ])")  # "- Phát động…" right under the title


def _cut(ln: TextLine, at: int) -> TextLine:
    return TextLine(ln.text[at:], ln.start + at, ln.end, ln.index)


def _vv_line(ln: TextLine) -> TextLine | None:
    """The "V/v" line (a speck before it dropped); a bare "v.v" far down is a speck, not one."""
    if speck := _VV_SPECK.match(ln.text):
        ln = _cut(ln, speck.end())
    m = VV.match(ln.text) or VV_OCR.match(ln.text)
    if not m or re.match(r"^\s*Về việc\s*$", ln.text):
        return None
    return ln if sum(c.isalpha() for c in ln.text[m.end() :]) >= 3 or ln.index < 25 else None


def extract_subject(ctx: Context) -> dict[str, Found]:
    for ln in ctx.nonblank()[:50]:
        if vv := _vv_line(ln):
            return {"subject": _own_year(ctx, _echoed(ctx, _finish(_follow(ctx, vv, skip_gap=False), True)))}
    date = ctx.found.get("issued_date")
    date_at = date.span[0] if date is not None and date.span else None
    for ln in ctx.nonblank()[:60]:
        if _is_title(ctx, ln) and is_upper_line(ln.text):
            nxt = next((x for x in ctx.lines[ln.index + 1 :] if sum(c.isalpha() for c in x.text) >= 3), None)
            if nxt is not None and (dash := _DASH_LEAD.match(nxt.text)):
                nxt = _cut(nxt, dash.end())  # the decree puts the subject under the title, never a bullet
            if nxt is None or _HARD_STOP.match(nxt.text) or is_upper_line(nxt.text):
                if date_at is not None and ln.start < date_at:
                    continue  # "PHÒNG TÀI CHÍNH / " KẾ HOẠCH": a body's name above the date, not the title
                return {}
            found = _own_year(ctx, _echoed(ctx, _finish(_follow(ctx, nxt, skip_gap=False), True)))
            found.score = 0.85
            return {"subject": found}
    return {}
