"""News articles about a letter (doc_type "Bài báo"): no header, the letter is reported.

An article has neither the motto nor a "Số:" line; it says "<body> vừa ban hành Văn bản số
1980/SNV-CCHC ngày 12/7/2021 về việc <subject>, gửi <recipients>."  The reported letter's
issuer, number, symbol, date, subject and recipients are the record's; place and signer stay
null (RECORD.md: "an article's signer is all null").
"""

from __future__ import annotations

import re

from pipeline.extract.base import Context, Found
from pipeline.extract.dates import find_dates
from pipeline.extract.doctypes import TYPE_NAME_RE
from pipeline.extract.header import number_line
from pipeline.extract.vntext import nfc, squash

REPORTED = re.compile(
    r"(?P<issuer>(?:[A-ZĐÀ-Ỹ][\wÀ-ỹĐđ]* +)(?:[\wÀ-ỹĐđ]+ +){0,8}?)"
    r"(?:vừa|đã|mới)\s+(?:ban hành|có)\s+"
    rf"(?P<type>{TYPE_NAME_RE})\s+số\s+(?P<num>\d+)\s*/\s*(?P<sym>[\wĐđ][\wĐđ/\-.]*[\wĐđ])"
    r"(?P<date>\s+ngày\s+[\d/.\-]+)?",
)
_SUBJECT = re.compile(r"\s*(?:về việc|về|v/v)\s+(?P<subject>[^\n]+?)(?=,\s*gửi\b|\.\s|\.$|\n|$)", re.I)
_RECIPIENTS = re.compile(r",\s*gửi\s+(?P<to>[^\n.]+)")
_MOTTO = re.compile(r"Độc\s+lập\s*-\s*Tự\s+do", re.IGNORECASE)


def is_article(ctx: Context) -> bool:
    return number_line(ctx) is None and not _MOTTO.search(ctx.flat[:1500])


def _cap(text: str) -> str:
    text = squash(nfc(text)).rstrip(" .;,")
    return text[:1].upper() + text[1:]


def extract_article(ctx: Context) -> dict[str, Found]:
    if not is_article(ctx):
        return {}
    out: dict[str, Found] = {"doc_type": Found("Bài báo", 0.9, None),
                             "place": Found(None, 0.9, None)}
    m = REPORTED.search(ctx.flat)
    if not m:
        return out
    issuer = re.sub(r"^.*-(?=[A-ZĐÀ-Ỹ])", "", squash(m.group("issuer")))
    out["issuer"] = Found({"name": _cap(issuer), "parent": None}, 0.7, (m.start("issuer"), m.end("issuer")))
    out["number"] = Found(m.group("num"), 0.8, (m.start("num"), m.end("num")))
    out["symbol"] = Found(m.group("sym"), 0.8, (m.start("sym"), m.end("sym")))
    if m.group("date"):
        hits = find_dates(m.group("date"))
        if hits and hits[0].year:
            out["issued_date"] = Found(hits[0].iso, 0.8, (m.start("date"), m.end("date")))
    tail = ctx.flat[m.end() : m.end() + 600]
    s = _SUBJECT.match(tail)
    if s:
        out["subject"] = Found(_cap(s.group("subject")), 0.6,
                               (m.end() + s.start("subject"), m.end() + s.end("subject")))
        r = _RECIPIENTS.match(tail[s.end() :])
        if r:
            items = [_cap(x) for x in r.group("to").split(";") if x.strip()]
            pos = m.end() + s.end() + r.start("to")
            out["recipients"] = Found(items, 0.6, (pos, pos + len(r.group("to"))))
    return out
