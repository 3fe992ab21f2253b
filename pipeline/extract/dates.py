"""Vietnamese dates and counts in the forms letters print them.

"ngày 30 tháng 01 năm 2024", "30/01/2024", "30-01-2024", "30.01.2024", "ngày 15/5" (year
implied by the letter), partial dates with blanks ("ngày  tháng 5 năm 2024" → "2024-05"), and
number words ("một", "hai", "05").  ``dateparser`` knows Vietnamese month names but not the
blank-day convention nor the implied year, and costs ~0.3 s to import, so the few forms the
genre uses are parsed here with one regex each.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_D = r"(\d{1,2})"
_M = r"(\d{1,2})"
_Y = r"(\d{4})"

#: "ngày 30 tháng 01 năm 2024" with any of day/month left blank.
_OCR_DIGIT = r"(\d[\dOoØøIlÌÏ|!]?|[OoØøIlÌÏ|!]\d|[lI|](?=[\s.,:;]))"  # a scan's "0Ì" / "O5" / "1l" / "0!": one digit must be real
#: A year with one letter a scan put for a zero ("2Ö26"): the date words around prove it a year.
_OCR_YEAR = r"([12][\dOoÖöØø]{3})(?![\w])"
_SEP = r"[\s\-.,:;'’\"_+ˆ`{]*"  # "tháng 11.năm", "ngày, 26", "ngày.24": OCR debris between the words
LONG_DATE = re.compile(  # the words tolerate any slipped mark ("thang", "thắng", "nãm", "thủng") off a scan
    r"ng[àảáạãa]y" + _SEP + _OCR_DIGIT + r"?" + _SEP + r"th[aàáảãạăằắẳẵặâầấẩẫậuủụúùũ]ng" + _SEP
    + _OCR_DIGIT + r"?" + _SEP + r"n?[ăaắằẳẵặâấầẩẫậäåàáạã](?:m|n(?=\s*[12]\d{3}))" + _SEP + _OCR_YEAR,  # "năn 2020"
    re.IGNORECASE,
)
_DIGIT_OF = str.maketrans("OoÖöØøIiLlÌìÏ|!", "000000111111111")  # (the date patterns ignore case)


def ocr_int(token: str | None) -> int | None:
    """"0Ì" → 1, "05" → 5: the letters a scan reads for digits inside a date."""
    digits = token.translate(_DIGIT_OF) if token else ""
    return int(digits) if digits.isdecimal() else None
#: "30/01/2024", "30-01-2024", "30.01.2024" and, without a year, "30/01".
NUMERIC_DATE = re.compile(
    rf"(?<![\d/.\-]){_D}\s*[/.\-⁄]\s*{_M}(?:\s*[/.\-⁄:]\s*{_Y})?(?![\d/]|\.\d|-\d)"  # "⁄": a scan's slash
)
#: "tháng 5 năm 2024", "tháng 5/2024" — a month period, never a deadline.
MONTH_PERIOD = re.compile(rf"tháng\s*{_M}\s*(?:năm\s*|/){_Y}", re.IGNORECASE)


@dataclass(frozen=True)
class DateHit:
    """One date in the text: ISO value (possibly partial), span, and whether the year was printed."""

    iso: str
    start: int
    end: int
    day: int | None
    month: int | None
    year: int | None


def _valid(day: int | None, month: int | None, year: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None and month is not None:
        try:
            dt.date(year or 2000, month, day)
        except ValueError:
            return False
    return year is None or 1900 <= year <= 3099  # OCR'd years are repaired by ``repair_year``


def iso(day: int | None, month: int | None, year: int | None) -> str | None:
    """ISO text for a possibly partial date: "2024-05-30", "2024-05", "2024" (None if no year)."""
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _hit(m: re.Match[str], d: str | None, mo: str | None, y: str | None) -> DateHit | None:
    day = ocr_int(d)
    month = ocr_int(mo)
    year = ocr_int(y)
    if not _valid(day, month, year):
        return None
    value = iso(day, month, year) or (f"--{month:02d}-{day:02d}" if day and month else "")
    if not value:
        return None
    return DateHit(value, m.start(), m.end(), day, month, year)


def find_dates(text: str) -> list[DateHit]:
    """Every date in ``text`` in order; year-less dates carry ``year=None`` (see ``resolve``)."""
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []
    for m in LONG_DATE.finditer(text):
        h = _hit(m, m.group(1), m.group(2), m.group(3))
        if h:
            hits.append(h)
            taken.append((m.start(), m.end()))
    for m in NUMERIC_DATE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        if m.group(3) is None and not re.search(r"ngày\s*$", text[max(0, m.start() - 12) : m.start()]):
            continue  # "15/5" is a date only after "ngày" (else it may be a ratio or a number)
        h = _hit(m, m.group(1), m.group(2), m.group(3))
        if h and h.day is not None:
            hits.append(h)
    return sorted(hits, key=lambda h: h.start)


def resolve(hit: DateHit, reference: str | None) -> str | None:
    """ISO date of ``hit``, taking an unprinted year from the letter's own date ``reference``."""
    if hit.year is not None:
        return hit.iso
    if reference and len(reference) >= 4 and hit.month and hit.day:
        return iso(hit.day, hit.month, int(reference[:4]))
    return None


def repair_year(iso_date: str | None, reference: str | None) -> str | None:
    """A year OCR misread by one digit ("22/10/2924" in a 2024 letter) set back to the letter's.

    Only when the printed year is far from the letter's (more than 5 years) and one digit away
    from the letter's year or the next: a real far-future date is never one digit off.
    """
    if not iso_date or not reference or not (iso_date[:4].isdecimal() and reference[:4].isdecimal()):
        return iso_date
    year, ref = iso_date[:4], int(reference[:4])
    if abs(int(year) - ref) <= 5:
        return iso_date
    for cand in (str(ref), str(ref + 1)):
        if len(cand) == len(year) and sum(a != b for a, b in zip(year, cand, strict=True)) == 1:
            return cand + iso_date[4:]
    return iso_date


def next_yearly(day: int, month: int, reference: str | None) -> str | None:
    """First occurrence of day/month on or after the letter's date (RECORD.md's yearly rule)."""
    if not reference or not reference[:4].isdecimal():
        return None
    year = int(reference[:4])
    ref = _date_or_none(reference)
    for y in (year, year + 1):
        try:
            cand = dt.date(y, month, day)
        except ValueError:
            return None
        if ref is None or cand >= ref:
            return cand.isoformat()
    return None


def _date_or_none(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def add_days(reference: str | None, days: int) -> str | None:
    """``reference`` + ``days`` ("trong thời hạn 10 ngày kể từ ngày ký")."""
    ref = _date_or_none(reference or "")
    try:
        return (ref + dt.timedelta(days=days)).isoformat() if ref else None
    except OverflowError:  # past year 9999: no real deadline
        return None


NUMBER_WORDS: dict[str, int] = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7,
    "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "mười lăm": 15,
    "hai mươi": 20, "ba mươi": 30,
}  # fmt: skip

#: A count: digits ("05", "1") or a number word, optionally followed by "(05)" / "(năm)".
COUNT = (
    r"(?P<count>\d{1,4}|"
    + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
    + r")(?:\s*\((?:\d{1,4}|[^\W\d_]+(?:\s[^\W\d_]+)?)\))?"
)


def parse_count(token: str) -> int | None:
    """"05" → 5, "hai" → 2, "mười lăm" → 15; None when it is neither."""
    token = token.strip().lower()
    if token.isdecimal():  # not isdigit(): "²" is a digit int() cannot read
        return int(token)
    return NUMBER_WORDS.get(token)
