"""Subject ("trích yếu"): the "V/v" lines of a công văn or the title lines under the type name.

Both may wrap over several lines; they end at a blank line (a new block), at the place/date
line, at "Kính gửi" or at the first body line ("Căn cứ", "Thực hiện", "1.", …).
"""

from __future__ import annotations

import re

from pipeline.extract.base import Context, Found, TextLine, is_scan
from pipeline.extract.doctypes import type_from_title
from pipeline.extract.echo import repair_from_echoes
from pipeline.extract.header import PLACE_DATE
from pipeline.extract.vntext import is_upper_line, nfc, squash

VV = re.compile(  # "V/v", and off a scan "V.:v", "V|v", "B/tổ chức" (the second "v" lost)
    r"^[\W_]{0,3}(?:[VB]\s*[/|,.:¿]{0,2}\s*v\b|(?-i:[VB])/(?=\s*[a-zà-ỹđ]{2})|Về việc)[\s.:'’]*", re.IGNORECASE
)
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
    skipped = False
    while i < len(ctx.lines) and len(out) < _MAX_LINES:
        ln = ctx.lines[i]
        if not ln.text.strip():
            if not gap_allowed and not _lower_next(ctx, i):
                break  # a blank line ends the subject, unless a scan put it inside a wrapped one
            i += 1
            continue
        gap_allowed = False
        if PLACE_DATE.search(ln.text) or sum(c.isalpha() for c in ln.text) < 3:
            # the date line of the right column (or seal debris) read between two subject lines
            gap_allowed = skipped = True
            i += 1
            continue
        if _STOP.match(ln.text) or is_upper_line(ln.text) or (skipped and not _continues(ln.text)):
            break
        out.append(ln)
        i += 1
    return out


def _lower_next(ctx: Context, i: int) -> bool:
    """The next non-blank line goes on in lower case ("thi đua yêu nước năm 2024"), or is the
    right column's date line or seal debris that a scan read between two subject lines."""
    nxt = next((ln for ln in ctx.lines[i + 1 : i + 3] if ln.text.strip()), None)
    if nxt is None:
        return False
    return _continues(nxt.text) or bool(PLACE_DATE.search(nxt.text)) or sum(c.isalpha() for c in nxt.text) < 3


def _continues(text: str) -> bool:
    """A wrapped subject line goes on in lower case ("cách hành chính năm 2022"); a scan may
    capitalise its first short word ("SỐ trong cơ quan nhà nước") but not the rest."""
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if not words:
        return True
    first = next(c for c in words[0] if c.isalpha())
    if first.islower():
        return True
    rest = [w for w in words[1:4] if w[:1].isalpha()]
    return len(words[0]) <= 3 and len(rest) >= 2 and all(w[:1].islower() for w in rest)


_INNER_DEBRIS = re.compile(r"(?<=[a-zà-ỹđ])(?:\s*[-.¡'\"`:])+\s*(?=[a-zà-ỹđ])|(?<=\s)[-¡'\"`]+(?=[a-zà-ỹđ])")
_YEAR_TAIL = re.compile(r"\b(20\d)[\]I|l]$")


def _tidy(text: str) -> str:
    """OCR debris out of a subject: "sáng-kiến", "an. -toàn", "¡giao", a trailing "-", "202]"."""
    text = _INNER_DEBRIS.sub(" ", text)
    text = re.sub(r"(?<=\s)(?:[^\w\s,;()\-–/%]|[_ˆ`´¨])+(?=\s)", " ", text)  # "trong ‹ cơ quan": a lone speck
    text = re.sub(r",\s+(?=năm \d{4}\W*$)", " ", text)  # "công tác CCHC, năm 2026": a speck read as ","
    text = re.split(r"\s\.?\s*Kính\s+gửi\b", text)[0]  # the recipients line read into the subject
    text = text.strip(" .,;:-–'\"`ˆ~_|!*")
    return squash(_YEAR_TAIL.sub(r"\g<1>1", text))


def _finish(lines: list[TextLine], strip_vv: bool) -> Found:
    text = squash(nfc(" ".join(ln.text for ln in lines)))
    if strip_vv:
        text = VV.sub("", text)
    text = _tidy(text)
    text = text[:1].upper() + text[1:]
    start = lines[0].start + (len(lines[0].text) - len(lines[0].text.lstrip()))
    return Found(text, 0.9, (start, lines[-1].end))


def _echoed(ctx: Context, found: Found) -> Found:
    """On a scan, the subject's garbled words put right from its echoes in the body (``echo``)."""
    if found.value and found.span and is_scan(ctx.doc):
        found.value = repair_from_echoes(found.value, ctx.flat[found.span[1] :])
    return found


def extract_subject(ctx: Context) -> dict[str, Found]:
    for ln in ctx.nonblank()[:50]:
        if VV.match(ln.text) and not re.match(r"^\s*Về việc\s*$", ln.text):
            return {"subject": _echoed(ctx, _finish(_follow(ctx, ln, skip_gap=False), True))}
    for ln in ctx.nonblank()[:60]:
        if type_from_title(ln.text) and is_upper_line(ln.text):
            nxt = next((x for x in ctx.lines[ln.index + 1 :] if sum(c.isalpha() for c in x.text) >= 3), None)
            if nxt is None or _HARD_STOP.match(nxt.text) or is_upper_line(nxt.text):
                return {}
            found = _echoed(ctx, _finish(_follow(ctx, nxt, skip_gap=False), True))
            found.score = 0.85
            return {"subject": found}
    return {}
