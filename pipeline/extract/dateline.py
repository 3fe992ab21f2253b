"""The header's "Place, ngày … tháng … năm …" line read through a hard scan's slips.

``header.PLACE_DATE`` wants the printed form ("Bắc Ninh, ngày 30 tháng 01 năm 2024"); a
hard scan loses the comma ("- Bình Định ngày 08…"), doubles it (",:ngày"), slips a mark the
date words never carry ("ngây", "ngàyxhẳng"), strews a letter before the year ("năm m 2024")
or reads a digit as a letter ("Lở" for "10", "!" for "1").  This reader works on the line's
unaccented lower-case letters, so any mark slip is forgiven, and only in the header's first
lines, where a line ending in a date under the motto can only be the place and date line.
"""

from __future__ import annotations

import datetime as dt
import re

from rapidfuzz.distance import Levenshtein

from pipeline.extract.base import Context, Found, TextLine
from pipeline.extract.dates import find_dates, iso, ocr_int
from pipeline.extract.localities import is_place
from pipeline.extract.vntext import nfc, squash, strip_accents

#: On the unaccented lower-case line: "ngay", a day, "thang" (one letter may be lost or
#: glued: "ngayxhang"), a month, "nam" (a speck may follow: "nam m 2024"), the year.
_BARE_DATE = re.compile(
    r"(?<![a-z])(?:ngay|n?gay(?=[^a-z]))(?P<d>[^a-z]{0,6}?|[^a-z]*[0-9a-z!|]{1,2}(?![a-z])[^a-z]*?)[a-z]?h[a-z]?ng"
    r"(?P<m>[^a-z]{0,6}?|[^a-z]*[0-9a-z!|]{1,2}(?![a-z])[^a-z]*?)(?:n?[a-z]m|nang)(?:[\W_]+[a-z])?[\W_]*"
    r"(?P<y>[12][0-9o]{3}|20[0-9][il|\]]|20[0-9](?=[\W_]*$))(?![0-9a-z])"
)
#: The place: the capitalised words that end the text before "ngày" ("Số: 2279/SGDĐT-TH Nghệ An").
_PLACE = re.compile(
    r"(?:(?<=\s)|^)(?P<place>(?:TP\.\s*)?[A-ZÀ-ỸĐ][a-zà-ỹđ]*(?:[.,]?\s+[A-ZÀ-ỸĐ][a-zà-ỹđ]*){0,4})[\s,;:.'`\-]*$"
)
#: Lines that open the body: a date in them is a citation, never the header's.
_BODY = re.compile(r"^\W*(?:Căn cứ|Thực hiện|Kính gửi|Nơi nhận)", re.IGNORECASE)
DEPTH = 25


def _token(raw: str | None, top: int = 31) -> tuple[int | None, bool]:
    """(value, readable) of a day or month token: blank is readable (the decree leaves the
    day blank for the registry), "lo" is 10, "0f" is unreadable; a token a scan broke with a
    space is one number when that reads as a day (month) ("1 1" is 11), else its first part
    before a one-character speck ("06 0" is 6, read with less confidence)."""
    tok = (raw or "").strip(" \t,.;:'`\"-_")
    if not tok:
        return None, True
    parts = tok.split()
    if len(parts) == 2:
        joined, first = ocr_int("".join(parts)), ocr_int(parts[0])
        if joined is not None and 0 < joined <= top:
            return joined, True
        if first is not None and 0 < first <= top and len(parts[1]) == 1:
            return first, False
    value = ocr_int(tok)
    return (value, True) if value is not None and value > 0 else (None, False)


def loose_place_date(ctx: Context) -> tuple[Found, Found] | None:
    """(place, date) from the first header line that reads as one, marks and specks aside."""
    for ln in ctx.nonblank()[:DEPTH]:
        if _BODY.match(ln.text):
            break
        found = _read(ln, ctx)
        if found:
            return found
    return None


def _read(ln: TextLine, ctx: Context | None = None) -> tuple[Found, Found] | None:
    bare = strip_accents(ln.text).lower()
    if len(bare) != len(ln.text):
        return None  # a character whose unmarked form is not one letter: offsets would drift
    m = _BARE_DATE.search(bare)
    if not m:
        return None
    p = _PLACE.search(ln.text[: m.start()])
    if (not p or len(p.group("place")) < 3) and not _UNDER_MOTTO.search(strip_accents(ln.text[: m.start()])):
        return None
    day, day_ok = _token(m.group("d"))
    month, month_ok = _token(m.group("m"), 12)
    year = _year(m.group("y"), ctx)
    if day is not None and day > 31:
        day, day_ok = None, False
    if month is not None and month > 12:
        month, month_ok = None, False
    value = iso(day if month else None, month, year)
    if value is None:
        return None
    o = ln.start
    score = 0.85 if day_ok and month_ok else 0.5
    date = Found(value, score, (o + m.start(), o + m.end()))
    if not p or len(p.group("place")) < 3:  # "Quảng 3tị, ngày …": the issuer's locality names it
        return Found(None, 0.5, None), date
    place = squash(nfc(re.sub(r"(?<=[a-zà-ỹđ])[.,](?=\s)", "", p.group("place"))))  # "Tây. Ninh"
    start = o + p.start("place")
    if re.match(r"[A-ZĐ] ", place) and is_place(place[2:]):  # "…/TB-UBN D Khánh Hòa": the symbol's letter
        place, start = place[2:], start + 2
    return Found(place, 0.85, (start, o + p.end("place"))), date


#: A place read with a digit or speck in it before "ngày" ("Quảng 3tị,"): a capitalised word first.
_UNDER_MOTTO = re.compile(r"(?:^|\s)[A-Z][a-z]+\s+\S{2,6}[,;.]?\s*$")
_YEAR_TAIL = str.maketrans("oil|]", "01111")


def _year(token: str, ctx: Context | None) -> int | None:
    """The year as read ("2O24", "202I", "202]": the last digit a letter or bracket), or, when
    the scan cut its last digit off at the line's end ("năm 202"), the letter's most-named
    year of that decade (a letter's cited dates and deadlines cluster round its own year)."""
    if len(token) == 4:
        return ocr_int(token.translate(_YEAR_TAIL))
    if ctx is None:
        return None
    counts = {y: _mentions(ctx, y) for y in (f"{token}{d}" for d in range(10))}
    best = max(counts, key=lambda y: counts[y])
    ranked = sorted(counts.values(), reverse=True)
    return int(best) if ranked[0] > ranked[1] else None


_STAMP_DAYS = 200  # how long after signing a letter may still arrive


def year_against_arrival(ctx: Context, issued: str | None) -> str | None:
    """``issued`` with its year put right when one digit of it was misread ("2035" for
    "2025"): the receiving office's "ĐẾN" stamp dates its arrival, which must fall on or after
    the issue date and soon after it; the one year a digit away that makes it so is taken."""
    if not issued or len(issued) < 4:
        return issued
    arrived = _arrival_date(ctx)
    if arrived is None:
        return issued
    if _fits(issued, arrived):
        return issued
    fixes = [
        f"{y}{issued[4:]}"
        for y in (arrived.year, arrived.year - 1)
        if Levenshtein.distance(str(y), issued[:4]) == 1 and _fits(f"{y}{issued[4:]}", arrived)
    ]
    if len(fixes) != 1 or _mentions(ctx, fixes[0][:4]) <= _mentions(ctx, issued[:4]):
        return issued  # the stamp's small print may be the misread one: the letter's own years decide
    return fixes[0]


def _mentions(ctx: Context, year: str) -> int:
    """How often the letter names ``year`` (its subject, cited documents, deadlines): a
    letter's dates cluster round its own year, so the more often named of two readings wins."""
    return len(re.findall(rf"(?<!\d){year}(?!\d)", ctx.clean))


def _fits(issued: str, arrived: dt.date) -> bool:
    try:
        first = dt.date(int(issued[:4]), int(issued[5:7]) if len(issued) >= 7 else 1, int(issued[8:10]) if len(issued) >= 10 else 1)
    except ValueError:
        return True  # not a date to judge
    return -31 <= (arrived - first).days <= _STAMP_DAYS + 366 * (len(issued) == 4)


def _arrival_date(ctx: Context) -> dt.date | None:
    """The first full date read inside the scan's stamp blocks (the "ĐẾN" box)."""
    spans = ctx.zone_text_spans("stamp")
    for ln in ctx.nonblank()[:20]:
        if any(s <= ln.start < e for s, e in spans):
            for hit in find_dates(ln.text):
                if hit.iso and len(hit.iso) == 10:
                    return dt.date.fromisoformat(hit.iso)
    return None
