"""Subject ("trích yếu"): the "V/v" lines of a công văn or the title lines under the type name.

Both may wrap over several lines; they end at a blank line (a new block), at the place/date
line, at "Kính gửi" or at the first body line ("Căn cứ", "Thực hiện", "1.", …).
"""

from __future__ import annotations

import re

from pipeline.extract.base import Context, Found, TextLine
from pipeline.extract.doctypes import type_from_title
from pipeline.extract.header import PLACE_DATE
from pipeline.extract.vntext import is_upper_line, nfc, squash

VV = re.compile(r"^\s*(?:V\s*[/|,]?\s*v\b|Về việc)[\s.:]*", re.IGNORECASE)
_STOP = re.compile(
    r"^\s*(?:Kính\s+gửi|Căn\s+cứ|Thực\s+hiện|Triển\s+khai|Nơi\s+nhận|Số\s*:|[IVX]+\.\s|\d+\.\s|[a-zđ]\)\s|-\s)",
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
    while i < len(ctx.lines) and len(out) < _MAX_LINES:
        ln = ctx.lines[i]
        if not ln.text.strip():
            if not gap_allowed:
                break
            i += 1
            continue
        gap_allowed = False
        if _STOP.match(ln.text) or PLACE_DATE.search(ln.text) or is_upper_line(ln.text):
            break
        out.append(ln)
        i += 1
    return out


def _finish(lines: list[TextLine], strip_vv: bool) -> Found:
    text = squash(nfc(" ".join(ln.text for ln in lines)))
    if strip_vv:
        text = VV.sub("", text)
    text = text.rstrip(" .;:")
    text = text[:1].upper() + text[1:]
    start = lines[0].start + (len(lines[0].text) - len(lines[0].text.lstrip()))
    return Found(text, 0.9, (start, lines[-1].end))


def extract_subject(ctx: Context) -> dict[str, Found]:
    for ln in ctx.nonblank()[:50]:
        if VV.match(ln.text) and not re.match(r"^\s*Về việc\s*$", ln.text):
            return {"subject": _finish(_follow(ctx, ln, skip_gap=False), True)}
    for ln in ctx.nonblank()[:60]:
        if type_from_title(ln.text) and is_upper_line(ln.text):
            nxt = next((x for x in ctx.lines[ln.index + 1 :] if x.text.strip()), None)
            if nxt is None or _HARD_STOP.match(nxt.text) or is_upper_line(nxt.text):
                return {}
            found = _finish(_follow(ctx, nxt, skip_gap=False), True)
            found.score = 0.85
            return {"subject": found}
    return {}
