"""Recipients ("Kính gửi") and distribution ("Nơi nhận"): one item per printed line.

Items lose their leading "- " and final ";" / "."; a line that wrapped on the page (it starts
in lower case or with "(" and the previous item had no final ";") is joined back.
"""

from __future__ import annotations

import re

from pipeline.extract.base import Context, Found, TextLine
from pipeline.extract.vntext import is_upper_line, nfc, squash

KINH_GUI = re.compile(r"^\s*K[íi]nh\s+g[ửu]i\s*[:;.]?\s*", re.IGNORECASE)
NOI_NHAN = re.compile(r"^\s*N[ơo]i\s+nh[ậa]n\s*[:;.]?\s*", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-+•·‐]\s*")
_AUTHORITY = re.compile(r"^\s*(?:TM|KT|TL|TUQ|Q)\s*\.", re.UNICODE)


def _clean_item(text: str) -> str:
    text = re.sub(r"\s+([,;:])", r"\1", squash(nfc(_BULLET.sub("", text))))
    text = re.sub(r"^[~'`]*Lưu\s*[.:;,]?\s*", "Lưu: ", text)  # "Lưu. VT" read off a scan
    return text.rstrip(" ;.,")


def _is_continuation(prev: str, line: str) -> bool:
    s = line.strip()
    if not s or _BULLET.match(s) or prev.rstrip().endswith((";", ".")):
        return False
    return s[0].islower() or s[0] in "(&"


def _items(ctx: Context, head: TextLine, rest: str, rest_start: int, *, max_gap: int) -> Found | None:
    """Collect the list after a heading; ``rest`` is the text after it on the same line."""
    items: list[str] = []
    raw: list[str] = []
    start = end = None
    if rest.strip():
        items.append(rest)
        raw.append(rest)
        start, end = rest_start, head.end
    gap = 0
    for ln in ctx.lines[head.index + 1 :]:
        t = ln.text
        if not t.strip():
            gap += 1
            if gap > max_gap:
                break
            continue
        if _BULLET.match(t) and not re.match(r"^\s*-\s*\d", t):
            items.append(t)
            raw.append(t)
        elif items and raw[-1].rstrip().endswith(";") and len(t) < 120 and not is_upper_line(t):
            items.append(t)  # list items printed without dashes
            raw.append(t)
        elif items and _is_continuation(raw[-1], t):
            items[-1] = items[-1] + " " + t.strip()
            raw[-1] = t
        elif not items and not is_upper_line(t) and not _AUTHORITY.match(t) and gap <= 1 and len(t) < 160:
            items.append(t)  # "Kính gửi:" on its own line, one recipient below, no dash
            raw.append(t)
        else:
            break
        gap = 0
        start = ln.start if start is None else start
        end = ln.end
    cleaned = [c for c in (_clean_item(i) for i in items) if c and re.search(r"\w\w", c)]
    if not cleaned or start is None or end is None:
        return None
    return Found(cleaned, 0.9, (start, end))


def _find(ctx: Context, heading: re.Pattern[str], field: str, zone: str) -> dict[str, Found]:
    for ln in ctx.lines:
        m = heading.match(ln.text)
        if m:
            found = _items(ctx, ln, ln.text[m.end() :], ln.start + m.end(), max_gap=2)
            if found:
                return {field: _within_zone(ctx, found, zone)}
    return {}


def _within_zone(ctx: Context, found: Found, zone: str) -> Found:
    """On a scan, items end where the layout's zone for the list ends (not in the body)."""
    spans = ctx.zone_text_spans(zone)
    if not spans or found.span is None:
        return found
    end = next((e for s, e in spans if s <= found.span[0] <= e), None)
    if end is None or end >= found.span[1]:
        return found
    kept = _clean_list(ctx.clean[found.span[0] : end])
    return Found(kept or found.value, found.score, (found.span[0], end))


def _clean_list(text: str) -> list[str]:
    items = [i for i in re.split(r"\n(?=\s*[-+•])", text) if i.strip()]
    return [c for c in (_clean_item(i.replace("\n", " ")) for i in items) if c]


def extract_parties(ctx: Context) -> dict[str, Found]:
    out = _find(ctx, KINH_GUI, "recipients", "kinh-gui")
    out.update(_find(ctx, NOI_NHAN, "distribution", "noi-nhan"))
    return out
