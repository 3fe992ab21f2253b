"""Deadlines: every dated obligation, in every form letters use.

"trước ngày 25/6/2024", "chậm nhất (là) ngày …", "hạn chót …", "đến hết ngày …", windows
"từ ngày 15/5/2024 đến (hết) ngày 25/6/2024" (start + date), yearly "trước ngày 25/9 hằng
năm" (first occurrence on or after the issue date), relative "trong thời hạn 10 ngày kể từ
ngày ký" (resolved from the issue date) and year-less "trước ngày 30/11" (the letter's year).
An hour keeps only its date.  Reporting periods ("số liệu tính từ ngày … đến ngày …"),
events and month-only periods are not deadlines: they carry none of these triggers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.extract.base import Context, Found
from pipeline.extract.clauses import Sentence, cap, sentences, tidy, who_and_what
from pipeline.extract.dates import (
    DateHit,
    add_days,
    find_dates,
    next_yearly,
    parse_count,
    repair_year,
    resolve,
)
from pipeline.extract.ocrnoise import repair_dates
from pipeline.extract.vntext import loose, strip_accents

_HOUR = r"(?:\d{1,2}[/'`]?\s*(?:giờ|h|g)\s*(?:\d{1,2}\s*(?:phút|p)?)?\s*[,.]?\s*)?"  # "16h30. ngày": a speck
#: Between a trigger's words a scan may read one speck of debris ("chậm nhất ˆ / là ngày",
#: "chậm / - nhất là"): a gap is whitespace with at most one such token inside.
_G = r"[\s\-ˆ'`\"¬~_|:.,]{1,4}"
#: "ngày" with one letter misread ("pgày", "nqày", "ngàv"): the date the trigger needs right
#: after it proves the word (only the first consonant or the final "y" may slip).
_NGAY = rf"(?:{loose('ngày')}|[^\W\d_][gq][àáảạãa][yv]|n[gq][àáảạãa]v)"


def _lg(words: str) -> str:
    """``loose(words)`` whose word gaps also take one speck of debris."""
    return loose(words).replace(r"\s+", _G)


TRIGGER = re.compile(
    rf"(?P<kind>(?<!(?<!UBND\W\s)(?<!UBND\s)tính ){loose('từ')}\s+{_NGAY}"
    rf"|{loose('trước')}{_G}" + _HOUR + _NGAY
    # "trước "ay 2 tháng 10": "ngày" misread as one short token, a date right after it
    + rf"|{loose('trước')}{_G}[^\s\d]{{1,4}}\s*(?=\d{{1,2}}\s*(?:{loose('tháng')}|[/.]\d))"
    + rf"|{_lg('chậm nhất')}(?:{_G}l[àaäã])?(?:\s+(?:vào|trước|đến))?{_G}" + _HOUR + _NGAY
    + rf"|{loose('hạn')}{_G}(?:{loose('chót')}|{loose('chất')}|{loose('cuối')}"
    # "Hạn chế … là ngày 14-11-2021": "chót" misread as the common word, its date proves it
    + rf"|{loose('chế')}(?=[^.;\n]{{0,90}}?\s+l[àaä]\s+{_NGAY})"
    + rf")(?P<what>(?:[^.;\n]|\.(?=\s*[a-zà-ỹđ])){{0,90}}?)(?:\s+l[àaä]?\s+|\s*:\s*(?:[a-z]\s+)?(?=(?:{_NGAY})?[\s:.]*\d))(?:{_NGAY})?"
    + rf"|{_lg('không muộn hơn')}\s+{_NGAY}|{loose('đến hết')}\s+{_NGAY}|(?<!từ ){loose('trước')}\s+(?:ng\S{{0,3}}\s*)?(?=\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}}|\d{{1,2}}/\d{{1,2}}))\s*",
    re.IGNORECASE,
)
_WINDOW_END = re.compile(r"[\s\-–,]*(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s*)?", re.IGNORECASE)
_YEARLY = re.compile(rf"^\s*[)\"'“”,]*\s*(?:{loose('hằng')}|{loose('hàng')})[\s,.]+{loose('năm')}", re.IGNORECASE)
_RELATIVE = re.compile(
    r"t[rn]?[oơôóòỏõọốồổỗộớờởỡợ]ng\s+(?:thời[\s.]+hạn|vòng)\s+(?P<n>\d{1,3}|[^\W\d_]+(?:\s[^\W\d_]+)?)\s*(?:\(\w+\)\s*)?ngày\s*(?P<work>làm việc\s*)?[,:;.]?\s*k[eểếềễệêẽẻ]\s+t[ừứửuù]\s+ng[àáảạa]y[\s:.]+(?:[kt][ýyỳ]|ban hành)",  # "kẽ từ ngày: tý"
    re.IGNORECASE,
)
#: "số liệu (báo cáo) tính từ ngày …": a reporting period, not a window to act in.
_PERIOD = re.compile(r"(?:(?<!UBND\W)(?<!UBND\W\W)(?<!UBND\W\W\W)\btính|kỳ báo cáo|thống kê)\s*$", re.I)
# (not "về UBND tính từ ngày": that is a scan's "tỉnh", and a window follows)


@dataclass
class _Hit:
    date: str
    start: str | None
    recurring: str | None
    what: str | None  # the action a "hạn chót <action> là ngày" trigger names itself
    at: int  # offset (in the sentence) of the trigger
    end: int  # offset (in the sentence) after the date


def _date_at(text: str, pos: int) -> DateHit | None:
    pos += len(text[pos : pos + 8]) - len(text[pos : pos + 8].lstrip(" .,:;_'\"-`ˆ~"))  # "ngày.. _07/9", "ngày ` 14/06"
    if re.match(r"[^\W\d_]\d", text[pos : pos + 2]) and pos and not text[pos - 1].isalnum():
        pos += 1  # "là ngày x21 tháng 10": a speck glued to the day (no word ends in a digit)
    hits = find_dates(text[pos : pos + 40] if re.match(r"\s*ngày", text[pos:]) else "ngày " + text[pos : pos + 40])
    if not hits:
        return None
    h = hits[0]
    shift = 0 if re.match(r"\s*ngày", text[pos:]) else -5
    return DateHit(h.iso, h.start + pos + shift, h.end + pos + shift, h.day, h.month, h.year) if h.start <= 6 else None


def _business_days(reference: str | None, n: int) -> str | None:
    if not reference:
        return None
    try:
        d = dt.date.fromisoformat(reference)
    except ValueError:
        return None
    while n > 0:
        d += dt.timedelta(days=1)
        n -= d.weekday() < 5
    return d.isoformat()


def _letter_date(ctx: Context) -> str | None:
    """The issue date, or when the scan lost it, the letter's year: the campaign's "năm YYYY",
    else the latest year printed before the body's obligations (dateline, cited documents) —
    a year-less "trước ngày 17/3" means that year to a clerk as well."""
    issued = ctx.value("issued_date")
    if issued:
        return issued
    campaign = ctx.value("campaign") or {}
    if campaign.get("year"):
        return str(campaign["year"])
    years = [h.year for h in find_dates(ctx.flat[: len(ctx.flat) // 2]) if h.year and 1990 <= h.year <= 2100]
    return str(max(years)) if years else None


def _resolve(ctx: Context, text: str, h: DateHit) -> tuple[str | None, str | None]:
    issued = _letter_date(ctx)
    if _YEARLY.match(text[h.end : h.end + 15]) and h.day and h.month:
        return next_yearly(h.day, h.month, issued), "yearly"
    return repair_year(resolve(h, issued), issued), None


def _hits(ctx: Context, text: str) -> list[_Hit]:
    out: list[_Hit] = []
    for m in TRIGGER.finditer(text):
        if any(h.at <= m.start() < h.end for h in out):
            continue  # "đến hết ngày" closing a window already read
        if strip_accents(m.group("kind")).lower().startswith("tu") and _PERIOD.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        first = _date_at(text, m.end())
        if first is None:
            continue
        if strip_accents(m.group("kind")).lower().startswith("tu"):
            w = _WINDOW_END.match(text, first.end)
            second = _date_at(text, w.end()) if w else None
            if second is None:
                continue
            date, rec = _resolve(ctx, text, second)
            start, _ = _resolve(ctx, text, first)
            if date:
                out.append(_Hit(date, start, rec, None, m.start(), second.end))
            continue
        date, rec = _resolve(ctx, text, first)
        if date:
            out.append(_Hit(date, None, rec, m.group("what"), m.start(), first.end))
    for m in _RELATIVE.finditer(text):
        n = parse_count(m.group("n"))
        issued = ctx.value("issued_date")
        date = (_business_days(issued, n) if m.group("work") else add_days(issued, n)) if n else None
        if date:
            out.append(_Hit(date, None, None, None, m.start(), m.end()))
    return out


def _deadline(s: Sentence, h: _Hit) -> dict[str, str | None]:
    text = s.text
    clause_start = max(text.rfind(";", 0, h.at), text.rfind(". ", 0, h.at)) + 1
    before = text[clause_start : h.at]
    if len(tidy(before)) < 6:  # "Trước ngày 25/6/2024, các đơn vị gửi …" ("…/2026; phòng Nội vụ …")
        start = h.end + len(text[h.end :]) - len(text[h.end :].lstrip(" ;,.:"))
        after_end = min([i for i in (text.find(";", start), text.find(". ", start)) if i >= 0] or [len(text)])
        before = text[start:after_end]
    who, what = who_and_what(before)
    if who is None and clause_start > 0:  # "Phòng Nội vụ gửi … về UBND phường; chậm nhất là ngày …"
        who = who_and_what(text[:clause_start])[0]
    if h.what and h.what.strip():
        what = tidy(h.what)
    return {
        "date": h.date,
        "start": h.start,
        "recurring": h.recurring,
        "action": what,
        "responsible": who,
        "text": cap(text),
    }


def extract_deadlines(ctx: Context) -> dict[str, Found]:
    date_span = ctx.found.get("issued_date")
    begin = date_span.span[1] if date_span and date_span.span else 0
    items: list[dict[str, str | None]] = []
    seen: set[tuple[str | None, ...]] = set()
    first = last = None
    issued = ctx.value("issued_date")
    for s in sentences(ctx, begin):
        s = Sentence(repair_dates(s.text, issued), s.start, s.end)  # "ngày 21711/2023" off a scan
        who: str | None = None
        for h in _hits(ctx, s.text):
            d = _deadline(s, h)
            d["responsible"] = who = d["responsible"] or who  # "…; báo cáo … trước ngày …"
            key = (d["date"], d["start"], d["recurring"], (d["action"] or "").lower())
            if key in seen:
                continue
            seen.add(key)
            items.append(d)
            first = s.start if first is None else first
            last = s.end
    span = (first, last) if first is not None and last is not None else None
    return {"deadlines": Found(items, 0.85 if items else 0.8, span)}
