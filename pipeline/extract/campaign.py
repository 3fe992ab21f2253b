"""Campaign: the movement a letter serves (topic) and its year.

Letters of the genre launch, remind or report on yearly campaigns ("phát động sáng kiến cải
cách hành chính năm 2024").  The topic is one of a small controlled vocabulary, recognised by
its cue words in the subject first and the body second; the year is the "năm YYYY" of the
subject, else the issue year.
"""

from __future__ import annotations

import re

from pipeline.extract.base import Context, Found
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
    """Cues match without accents too: OCR often slips a tone mark ("chuyến đối số")."""
    f = strip_accents(fold(text))
    for topic, cues in TOPICS:
        if all(re.search(rf"\b(?:{strip_accents(c)})\b", f) for c in cues):
            return topic
    return None


def extract_campaign(ctx: Context) -> dict[str, Found]:
    subject = ctx.value("subject") or ""
    topic = _topic(subject)  # the body names too many movements in passing to be trusted
    score = 0.9
    if topic is None:
        return {"campaign": Found({"topic": None, "year": None}, 0.6, None)}
    m = _YEAR.search(subject)
    issued = ctx.value("issued_date")
    year = int(m.group(1)) if m else (int(issued[:4]) if issued else None)
    span = ctx.found["subject"].span if "subject" in ctx.found else None
    return {"campaign": Found({"topic": topic, "year": year}, score, span)}
