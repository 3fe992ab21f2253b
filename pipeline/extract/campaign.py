"""Campaign: the movement a letter serves (topic) and its year.

Letters of the genre launch, remind or report on yearly campaigns ("phát động sáng kiến cải
cách hành chính năm 2024").  The topic is one of a small controlled vocabulary, recognised by
its cue words in the subject first and the body second; the year is the "năm YYYY" of the
subject, else the issue year.
"""

from __future__ import annotations

import re

from pipeline.extract.base import Context, Found, is_scan
from pipeline.extract.vntext import fold, strip_accents

#: topic → every cue (folded) that must appear.
TOPICS: list[tuple[str, tuple[str, ...]]] = [
    ("sáng kiến cải cách hành chính", ("sáng kiến", "cải cách hành chính|cchc")),
    ("chuyển đổi số", ("chuyển đổi số",)),
    ("thi đua khen thưởng", ("thi đua|khen thưởng",)),
    ("cải cách hành chính", ("cải cách hành chính|cchc",)),
    ("phòng chống thiên tai", ("thiên tai|phòng chống lụt bão",)),
    ("an toàn giao thông", ("an toàn giao thông",)),
]
_YEAR = re.compile(r"năm\s+(\d{4})")


def _topic(text: str) -> str | None:
    """Cues match without accents too: OCR often slips a tone mark ("chuyến đối số"), and
    without spaces when a scan glued the words ("mạnhchuyển đốisố")."""
    f = strip_accents(fold(text))
    squeezed = re.sub(r"[\s.\-]+", "", f)
    for topic, cues in TOPICS:
        if all(re.search(rf"\b(?:{strip_accents(c)})\b", f) for c in cues):
            return topic
    for topic, cues in TOPICS:
        if all(any(alt.replace(" ", "") in squeezed for alt in strip_accents(c).split("|")) for c in cues):
            return topic
    return None


#: Where the preamble stops: the letter turns from its grounds to its requests.
_REQUESTS = re.compile(r"đề nghị|yêu cầu|như sau|thông báo", re.I)


def _preamble_topic(ctx: Context) -> str | None:
    """The topic of the letter's grounds ("Thực hiện Kế hoạch số … về triển khai các sáng
    kiến…"), when the subject line is lost or garbled on a scan: the grounds restate it."""
    anchor = ctx.found.get("subject") or ctx.found.get("issued_date")
    start = anchor.span[1] if anchor and anchor.span else 0
    m = re.search(r"(?:Thực hiện|Căn cứ|Nhằm)\b", ctx.flat[start : start + 600], re.I)
    if not m:
        return None
    grounds = ctx.flat[start + m.start() : start + m.start() + 700]
    stop = _REQUESTS.search(grounds)
    return _topic(grounds[: stop.start()] if stop else grounds)


def _letter_year(ctx: Context) -> int | None:
    """The issue year; when a scan lost the issue date, the arrival stamp's year (a letter is
    stamped in within days of signing)."""
    for value in (ctx.value("issued_date"), (ctx.value("arrival") or {}).get("date")):
        if isinstance(value, str) and value[:4].isdecimal():
            return int(value[:4])
    return None


def extract_campaign(ctx: Context) -> dict[str, Found]:
    subject = ctx.value("subject") or ""
    topic = _topic(subject)  # the body names too many movements in passing to be trusted
    score = 0.9
    if topic is None and (not subject.strip() or is_scan(ctx.doc)):
        topic, score = _preamble_topic(ctx), 0.8  # ... but the grounds restate the subject
    if topic is None:
        return {"campaign": Found({"topic": None, "year": None}, 0.6, None)}
    m = _YEAR.search(subject)
    year = int(m.group(1)) if m else _letter_year(ctx)
    span = ctx.found["subject"].span if "subject" in ctx.found else None
    return {"campaign": Found({"topic": topic, "year": year}, score, span)}
