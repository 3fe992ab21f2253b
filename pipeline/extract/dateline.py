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
from pipeline.extract.vntext import nfc, squash, strip_accents

#: On the unaccented lower-case line: "ngay", a day, "thang" (one letter may be lost or
#: glued: "ngayxhang"), a month, "nam" (a speck may follow: "nam m 2024"), the year.
_BARE_DATE = re.compile(
    r"(?<![a-z])ngay(?P<d>[^a-z]{0,6}?|[^a-z]*[0-9a-z!|]{1,2}(?![a-z])[^a-z]*?)[a-z]?h[a-z]?ng"
    r"(?P<m>[^a-z]{0,6}?|[^a-z]*[0-9a-z!|]{1,2}(?![a-z])[^a-z]*?)n?[a-z]m(?:[\W_]+[a-z])?[\W_]*(?P<y>[12][0-9o]{3})(?![0-9a-z])"
)
#: The place: the capitalised words that end the text before "ngày" ("Số: 2279/SGDĐT-TH Nghệ An").
_PLACE = re.compile(
    r"(?:(?<=\s)|^)(?P<place>(?:TP\.\s*)?[A-ZÀ-ỸĐ][a-zà-ỹđ]*(?:[.,]?\s+[A-ZÀ-ỸĐ][a-zà-ỹđ]*){0,4})[\s,;:.'`\-]*$"
)
#: Lines that open the body: a date in them is a citation, never the header's.
_BODY = re.compile(r"^\W*(?:Căn cứ|Thực hiện|Kính gửi|Nơi nhận)", re.IGNORECASE)
DEPTH = 25


def _token(raw: str | None) -> tuple[int | None, bool]:
    """(value, readable) of a day or month token: blank is readable (the decree leaves the
    day blank for the registry), "lo" is 10, "0f" is unreadable."""
    tok = (raw or "").strip(" \t,.;:'`\"-_")
    if not tok:
        return None, True
    value = ocr_int(tok)
    return (value, True) if value is not None and value > 0 else (None, False)


def loose_place_date(ctx: Context) -> tuple[Found, Found] | None:
    """(place, date) from the first header line that reads as one, marks and specks aside."""
    for ln in ctx.nonblank()[:DEPTH]:
        if _BODY.match(ln.text):
            break
        found = _read(ln)
        if found:
            return found
    return None


def _read(ln: TextLine) -> tuple[Found, Found] | None:
    bare = strip_accents(ln.text).lower()
    if len(bare) != len(ln.text):
        return None  # a character whose unmarked form is not one letter: offsets would drift
    m = _BARE_DATE.search(bare)
    if not m:
        return None
    p = _PLACE.search(ln.text[: m.start()])
    if not p or len(p.group("place")) < 3:
        return None
    day, day_ok = _token(m.group("d"))
    month, month_ok = _token(m.group("m"))
    year = ocr_int(m.group("y").replace("o", "0"))
    if day is not None and day > 31:
        day, day_ok = None, False
    if month is not None and month > 12:
        month, month_ok = None, False
    value = iso(day if month else None, month, year)
    if value is None:
        return None
    o = ln.start
    place = squash(nfc(re.sub(r"(?<=[a-zà-ỹđ])[.,](?=\s)", "", p.group("place"))))  # "Tây. Ninh"
    score = 0.85 if day_ok and month_ok else 0.5
    return (
        Found(place, 0.85, (o + p.start("place"), o + p.end("place"))),
        Found(value, score, (o + m.start(), o + m.end())),
    )


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
    return fixes[0] if len(fixes) == 1 else issued


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
