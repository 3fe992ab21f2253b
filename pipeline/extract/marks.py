"""Marks: urgency ("Khẩn", "Thượng khẩn", "Hỏa tốc"), secrecy ("Mật", "Tối mật", "Tuyệt mật")
and the receiving office's "ĐẾN" stamp (arrival number and date).

Urgency and secrecy are stamped as a line of their own in the header; the arrival stamp is a
box "ĐẾN / Số: 1234 / Ngày: 02/02/2024" near the top left of a scan.  Its "Số:" has no "/",
which keeps it apart from the letter's own number line.
"""

from __future__ import annotations

import re

from pipeline.extract.base import Context, Found, TextLine
from pipeline.extract.dates import find_dates
from pipeline.extract.stampdate import stamp_date, stamp_year_fixed
from pipeline.extract.stampdate import stamp_head as _stamp_head
from pipeline.extract.stampdate import stamp_number as _stamp_number
from pipeline.extract.vntext import fold, strip_accents

URGENCY = {"khẩn": "Khẩn", "thượng khẩn": "Thượng khẩn", "hỏa tốc": "Hỏa tốc"}
SECRECY = {"mật": "Mật", "tối mật": "Tối mật", "tuyệt mật": "Tuyệt mật"}
_ARR_NUM = re.compile(r"S[ốoô6]\s*(?:đến)?\s*[:.]?\s*(?P<num>\d{1,6})\b(?!\s*/)", re.IGNORECASE)
_ARR_DATE = re.compile(r"Ngày\s*(?:đến)?\s*[:.]?\s*", re.IGNORECASE)
#: on a scan, red/blue stamps are OCR'd on their own into ``stamp`` blocks (pipeline.stamps)
STAMP_ZONE = "stamp"
# Inside a stamp's frame the text is known to be a mark, so its tone marks (which stamp ink
# and OCR often lose: "ĐEN", "HÓA TÓC") are not needed to tell one mark from another.
_BARE = {strip_accents(k).replace(" ", ""): v for table in (URGENCY, SECRECY) for k, v in table.items()}
_STAMP_NUM = re.compile(r"^\W*S\w{0,2}\W*(?P<num>\d{2,6})\b(?!\s*/)", re.IGNORECASE)


def _stamp_lines(ctx: Context) -> list[TextLine]:
    """The non-blank lines of the ``stamp`` blocks (empty for text documents)."""
    spans = ctx.zone_text_spans(STAMP_ZONE)
    return [ln for ln in ctx.nonblank() if any(s <= ln.start < e for s, e in spans)]


def _bare(text: str) -> str:
    """Letters only, no tone marks: stamp OCR strews frame bits ("|", "_", "'") around words."""
    return " ".join(re.sub(r"[^a-z]+", " ", strip_accents(fold(text.replace("0", "o")))).split())


def _spaceless(table: dict[str, str], key: str) -> str | None:
    """A mark printed alone on its line but read without its space ("HỎATỐC")."""
    return next((v for k, v in table.items() if " " in k and k.replace(" ", "") == key), None)


def _stamp_marks(ctx: Context) -> dict[str, Found]:
    out: dict[str, Found] = {}
    for ln in _stamp_lines(ctx):
        value = _BARE.get(_bare(ln.text).replace(" ", ""))  # "HỎATỐC": the space lost too
        field = "urgency" if value in URGENCY.values() else "secrecy"
        if value and field not in out:
            out[field] = Found(value, 0.9, (ln.start, ln.end))
    return out


def _marks(ctx: Context) -> dict[str, Found]:
    out = _stamp_marks(ctx)
    for ln in ctx.nonblank()[:40]:
        key = fold(ln.text.strip(" .:*"))
        for table, field in ((URGENCY, "urgency"), (SECRECY, "secrecy")):
            value = table.get(key) or _spaceless(table, key)
            if value and field not in out:
                out[field] = Found(value, 0.95 if key in table else 0.85, (ln.start, ln.end))
    out.setdefault("urgency", Found(None, 0.95, None))
    out.setdefault("secrecy", Found(None, 0.95, None))
    return out


def _arrival(ctx: Context) -> Found:
    stamped = _stamp_lines(ctx)
    issued = ctx.value("issued_date")
    found = _arrival_in(stamped, stamp=True, issued=issued) or _arrival_in(ctx.nonblank(), stamp=False)
    if found is None:
        return Found({"number": None, "date": None}, 0.9, None)
    found.value["date"] = stamp_year_fixed(found.value["date"], issued)
    return found


def _arrival_in(lines: list[TextLine], *, stamp: bool, issued: str | None = None) -> Found | None:
    """The "ĐẾN / Số / Ngày" stamp among ``lines``; inside a stamp block, read leniently."""
    for i, ln in enumerate(lines):
        head = ln.text.strip(" .:")
        if fold(head) not in {"đến", "công văn đến", "văn bản đến"} and not (stamp and _stamp_head(head)):
            continue
        window = lines[i + 1 : i + 5]
        number = date = None
        end = ln.end
        for w in window:
            m = _ARR_NUM.search(w.text) or (_STAMP_NUM.search(w.text) if stamp else None)
            if m and number is None and "/" not in w.text[m.end("num"):m.end("num") + 2]:
                number, end = m.group("num"), w.end
                continue
            if stamp and number is None and date is None and (num := _stamp_number(w.text)):
                number, end = num, w.end
                continue
            d = _ARR_DATE.search(w.text)
            hits = find_dates(w.text[d.end():]) if d else find_dates(w.text) if stamp else []
            if hits and date is None and hits[0].year:
                date, end = hits[0].iso, w.end
            elif stamp and date is None and number is not None and (loose := stamp_date(w.text, issued)):
                date, end = loose, w.end
        if number or date:
            return Found({"number": number, "date": date}, 0.85, (ln.start, end))
    return None


def extract_marks(ctx: Context) -> dict[str, Found]:
    out = _marks(ctx)
    out["arrival"] = _arrival(ctx)
    return out
