"""The receiving office's "ĐẾN" stamp read through a hard scan's slips.

The stamp is a small box of three hand-filled or inked lines ("ĐẾN" / "Số: 2974" /
"Ngày: 27/04/2025") that a seal-red, noisy scan reads with letters for digits ("S08", "b190",
"37b7"), the heading with a speck ("ĐÈN ô") and the date's separators lost or doubled
("0205:2023", "01 01.2025", "04 11//024").  Inside the stamp's frame the lines can only be
these, so they are read leniently; a date is kept only when it is a real date on or after
the letter's own date and within a few months of it (a letter arrives after it is signed).
"""

from __future__ import annotations

import datetime as dt
import re

from pipeline.extract.vntext import strip_accents

#: Letters a stamp's digits are misread as ("S08" → 508, "b190" → 6190, "37b7" → 3767).
_DIGITS = str.maketrans("SsbGOoDQIl|!Zz", "56660000111122")
_NUMBER = re.compile(r"^\W*(?:\S{1,3}\W+)?(?P<num>[\dSsbGOoIl|]{3,6})\W*$")
_MAX_DAYS = 120


def stamp_head(text: str) -> bool:
    """The stamp's "ĐẾN" heading, marks aside, maybe with one speck after it ("ĐÈN ô")."""
    words = re.sub(r"[^a-z ]", " ", strip_accents(text).lower()).split()
    return bool(words) and words[0] == "den" and len(words) <= 2 and all(len(w) <= 1 for w in words[1:])


def stamp_number(text: str) -> str | None:
    """The arrival number of a stamp line ("Số: S08", "Áo: b190"): digits, a letter or two
    misread for digits, at least two real digits."""
    m = _NUMBER.match(text)
    if not m or sum(c.isdigit() for c in m.group("num")) < 2:
        return None
    num = m.group("num").translate(_DIGITS)
    return num if num.isdigit() else None


def stamp_date(text: str, issued: str | None) -> str | None:
    """The stamp's date with its separators lost or doubled, checked against the issue date."""
    if not issued or len(issued) < 4:
        return None
    body = re.sub(r"^\W*[^\d\s]{2,6}\W*", "", text)  # the "Ngày:" heading, however misread
    groups = re.findall(r"\d+", body.translate(str.maketrans("OoIl|", "00111")))
    year = int(issued[:4])
    if len(groups) == 2 and len(groups[0]) == 4:  # "0205:2023"
        groups = [groups[0][:2], groups[0][2:], groups[1]]
    if len(groups) != 3 or not (1 <= len(groups[0]) <= 2 and 1 <= len(groups[1]) <= 2):
        return None
    y = groups[2]
    if len(y) == 3 and str(year).endswith(y):  # "/024": the year's first digit lost
        y = str(year)
    return _checked(int(groups[0]), int(groups[1]), int(y), issued)


def _checked(day: int, month: int, year: int, issued: str) -> str | None:
    """The date, when it can be the arrival of a letter issued on ``issued`` (which may be
    "2024" or "2024-05" when the letter left its day or month blank)."""
    try:
        date = dt.date(year, month, day)
        y = int(issued[:4])
        if len(issued) >= 10:
            first = last = dt.date(y, int(issued[5:7]), int(issued[8:10]))
        elif len(issued) >= 7:
            m = int(issued[5:7])
            first, last = dt.date(y, m, 1), dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)
        else:
            first, last = dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:
        return None
    return date.isoformat() if first <= date <= last + dt.timedelta(days=_MAX_DAYS) else None


def stamp_year_fixed(date: str | None, issued: str | None) -> str | None:
    """The stamp's date with its year put right from the letter's own date line when one
    digit of it was misread ("07/11/2021" on a letter of 03/11/2024): a letter arrives on or
    after it is signed and within a few months, so the one year a digit away that makes it
    so (the issue year or the next) is the stamp's."""
    if not date or len(date) != 10 or not issued or len(issued) < 4 or _checked_iso(date, issued):
        return date
    fixes = [
        f"{y}{date[4:]}"
        for y in (int(issued[:4]), int(issued[:4]) + 1)
        if sum(a != b for a, b in zip(str(y), date[:4], strict=True)) == 1 and _checked_iso(f"{y}{date[4:]}", issued)
    ]
    return fixes[0] if len(fixes) == 1 else date


def _checked_iso(date: str, issued: str) -> bool:
    return _checked(int(date[8:10]), int(date[5:7]), int(date[:4]), issued) is not None

