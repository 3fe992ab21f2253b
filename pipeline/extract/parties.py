"""Recipients ("Kính gửi") and distribution ("Nơi nhận"): one item per printed line.

Items lose their leading "- " and final ";" / "."; a line that wrapped on the page (it starts
in lower case or with "(" and the previous item had no final ";") is joined back.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from pipeline.extract.base import Context, Found, TextLine
from pipeline.extract.dates import LONG_DATE
from pipeline.extract.lexicon import phrases, snap
from pipeline.extract.vntext import is_upper_line, nfc, squash, strip_accents

KINH_GUI = re.compile(r"^[\W_]{0,3}K[íi]nh\s*g[ửu]i\s*[:;.]?\s*", re.IGNORECASE)
NOI_NHAN = re.compile(r"^[\W_]{0,3}N[ơoôờớở]i\s*nh[^\W\d_]n\s*[:;.]?\s*", re.IGNORECASE)  # "Nơi nhẹn"
_BULLET = re.compile(r"^\s*(?:[~_.'`ˆ\"]{0,3}\s*[-+•·‐]|~)\s*")  # OCR reads a small dash as "~"
_AUTHORITY = re.compile(r"^\s*(?:TM|KT|TL|TUQ|Q)\s*[.:,]", re.UNICODE)


_LEAD_DEBRIS = re.compile(r"^(?:[^\w(]|_)+")
_TRAIL_DEBRIS = " ;.,:-–'\"`ˆ~_|!*+¬°«»"
_LUU = re.compile(r"^(?P<head>[^\W\d_]{2,5})\s*[:;.,>]?\s*(?P<codes>[A-ZĐ].*)$")
#: The decree's short notes after a distribution item: (p/h) phối hợp, (b/c) báo cáo, (t/h) thực hiện.
_NOTES = {"ph": "p/h", "bc": "b/c", "th": "t/h", "db": "đ/b"}
_NOTE = re.compile(r"\s*[({\[](?P<note>[^)}\]]{1,6})[)}\]]?\W*$")  # "(pih)", "(b(c)", "(p h"
_DATE_LINE = LONG_DATE  # the right column's "Trảng Bom, ngày, 26 tháng 5 năm 2021" read into a list


def _filing(text: str) -> str | None:
    """The final "Lưu: VT, NV." item however the small print came out ("bưu: Vt NV. ˆ")."""
    m = _LUU.match(text)
    if not m or not (fuzz.ratio(strip_accents(m.group("head")).lower(), "luu") >= 50
                     or re.match(r"V[TI]\b", m.group("codes"))):  # fmt: skip
        return None
    codes = re.split(r"\.(?:\s|$)", m.group("codes"))[0]
    codes = re.sub(r"^V[^\s,.;:]{0,2}(?=[\s,.;:]|$)", "VT", codes)  # the archive ("văn thư") is "VT"
    codes = re.sub(r"^VT(?=[A-ZĐ]{2,4}$|[A-ZĐ]{2,4}[\s,.;:])", "VT, ", codes)  # "VTNV"
    tokens = [t for t in re.split(r"[\s,.;:]+", codes) if t.strip(_TRAIL_DEBRIS)]
    if tokens and all(t.isupper() and len(t) <= 6 for t in tokens):  # unit codes: "VT, HCTH"
        return "Lưu: " + ", ".join(tokens)
    return "Lưu: " + re.sub(r"\s*[,;]\s*", ", ", codes.strip(_TRAIL_DEBRIS)).strip(_TRAIL_DEBRIS)


def _cut_debris(text: str) -> str:
    """Drop what follows the item's final ";" when it is the next column's debris on a scan
    ("Như trên; ˆ THỨ TRƯỞNG", "Sở Nội vụ; '"), not a second part ("TT. HU; HĐND huyện")."""
    head, sep, rest = text.partition(";")
    if not sep or len(head.split()) < 2:
        return text  # "CT; các PCT UBND huyện": a lone abbreviation is no item, the ";" a ","
    letters = sum(c.isalpha() for c in rest)
    if letters < 5 or is_upper_line(rest) or rest.strip()[:1].islower() or all(len(w) <= 2 for w in rest.split()):
        return head  # (words of two letters at most: "TS Ko co" is a stamp's specks)
    return head + sep + _cut_debris(rest)


def _note(text: str) -> str:
    """"(pih)" / "(p-h" / "(bốc)" at the end of an item → the decree's "(p/h)" / "(b/c)"."""
    m = _NOTE.search(text)
    if not m:
        return text
    note = m.group("note")
    letters = re.sub(r"[^a-z]", "", strip_accents(note).lower())
    if not letters or len(letters) > 4 or (len(letters) > 2 and note.isupper()):
        return text  # "(PNV)": a unit's code, not a note
    # A two-letter note keeps its first or its last letter through a scan ("(bí)", "(mc)",
    # "{Ec)", "(/c)"), a longer misreading both ("(pih)", "(bốc)"): the one note that fits.
    if len(letters) <= 2:
        fits = [k for k in _NOTES if letters[0] == k[0] or letters[-1] == k[-1]]
        if len(fits) > 1:
            fits = [k for k in fits if letters[0] == k[0]]
    else:
        fits = [k for k in _NOTES if letters[0] == k[0] and letters[-1] == k[-1]]
        fits = fits or [k for k in _NOTES if letters[0] == k[0] and fuzz.ratio(letters, k) >= 75]  # "(p/hy"
    if len(fits) != 1:
        return text
    return f"{text[: m.start()]} ({_NOTES[fits[0]]})"


def _clean_item(text: str) -> str:
    text = re.sub(r"\s+([,;:])", r"\1", squash(nfc(_BULLET.sub("", text))))
    text = _LEAD_DEBRIS.sub("", re.sub(r"[\"`ˆ~]|(?<!\w)'|'(?!\w)", "", text))
    text = re.sub(r"^(?![A-Z])[^\W\d_][\s.\-]+(?=[A-ZĐ][a-zà-ỹđ])", "", text)  # "Ö Lưu", "x. Phòng" (not "A Lưới")
    filing = _filing(text)
    if filing:
        return filing
    text = re.sub(r",[^A-Za-zÀ-ỹĐđ]*$", "", text)  # "Sở Nội vụ, ? 7": column specks after the item
    text = re.sub(r"(?<=\s)[bcdđghklmnpqrstvx](?=\s)", " ", text)  # "UBND c các xã": a lone consonant is a speck
    text = _cut_debris(re.sub(r"(?<=[^\W\d_]);(?=[^\W\d_])", " ", text))  # "Công;thông tin"
    return _listed_head(_listed_tail(snap(_note(text.rstrip(_TRAIL_DEBRIS))).rstrip(_TRAIL_DEBRIS)))


def _listed_head(item: str) -> str:
    """A listed body or phrase closed by "," or ";", then the signature column or a speck read
    beside it ("Cổng thông tin điện tử, KT CHỦ TỊCH", "CT, các PCT UBND huyện; TS Ko co")."""
    if item.lower() in _listed():
        return item
    for m in re.finditer(r"\s*[,;]\s*", item):
        head, rest = item[: m.start()], item[m.end() :]
        if head.lower() in _listed() and (m.group(0).strip() == ";" or is_upper_line(rest) or len(rest.split()) <= 1):
            return head
    return item


_AS_ABOVE = re.compile(r"^Nh[ưu]\s*[^\s,;]{0,2}[êe]n\b[,;.]?(?:\s*[^\W\d_]{1,3})?$", re.IGNORECASE)  # "Nhưtên, cự"


def _listed_tail(item: str) -> str:
    """After a listed body or phrase, one last short token is a speck ("Thường trực HĐND huyện
    an") or a note that lost its brackets ("Văn phòng HĐND và UBND pH")."""
    if _AS_ABOVE.match(item):
        return "Như trên"  # every list's stock first item, glued or with a speck after it
    head, _, last = item.rpartition(" ")
    if not head or len(last) > 2 or not last.isalpha() or head.lower() not in _listed():
        return item
    note = _NOTES.get(strip_accents(last).lower())
    if note:
        return f"{head} ({note})"
    return head if last.islower() else item


def _listed() -> frozenset[str]:
    return frozenset(p.lower() for p in phrases()[0])


def _plausible(item: str) -> bool:
    """An item names somebody: not a date line, not a few letters of seal or column debris."""
    letters = sum(c.isalpha() for c in item)
    if letters < 4 or _DATE_LINE.search(item) or _AUTHORITY.match(re.sub(r"^\S{1,2}\s+", "", item)):
        return False
    return not (item[:1].islower() and len(item.split()) <= 2)


def _ends_item(raw: str) -> bool:
    """The line closed its item: a final ";" (read "," on a scan), maybe before column debris."""
    return raw.rstrip().endswith((";", ",", ":")) or _cut_debris(raw) != raw  # ";" read as "," or ":"


def _is_continuation(prev: str, line: str) -> bool:
    s = line.strip()
    if not s or _BULLET.match(s) or prev.rstrip().endswith((";", ".")):
        return False
    if sum(c.isalpha() for c in s) < 5 and not s.endswith((";", ".", ",")):
        return False  # "nó", "tự r": seal or column specks, not the rest of an item ("ương;")
    return s[0].islower() or s[0] in "(&"


def _items(ctx: Context, head: TextLine, rest: str, rest_start: int, *, max_gap: int) -> Found | None:
    """Collect the list after a heading; ``rest`` is the text after it on the same line."""
    items: list[str] = []
    raw: list[str] = []
    start = end = None
    if sum(c.isalpha() for c in rest) >= 2:
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
        if sum(c.isalpha() for c in t) < 5 and not _BULLET.match(t) and not (items and _is_continuation(raw[-1], t)):
            continue  # a few letters of seal or column debris between the heading and the items
        if (_BULLET.match(t) and not re.match(r"^\s*-\s*\d", t)) or (items and _filing(t.strip())):
            items.append(t)
            raw.append(t)
        elif items and _is_continuation(raw[-1], t):
            items[-1] = items[-1] + " " + t.strip()
            raw[-1] = t
        elif items and _ends_item(raw[-1]) and len(t) < 120 and not is_upper_line(t):
            items.append(t)  # list items printed without dashes (a scan may read ";" as ",")
            raw.append(t)
        elif not items and not is_upper_line(t) and not _AUTHORITY.match(t) and gap <= 1 and len(t) < 160:
            items.append(t)  # "Kính gửi:" on its own line, one recipient below, no dash
            raw.append(t)
        else:
            break
        gap = 0
        start = ln.start if start is None else start
        end = ln.end
    cleaned = [c for c in (_clean_item(i) for i in _unmerge(items)) if c and _plausible(c)]
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
    return [c for c in (_clean_item(i.replace("\n", " ")) for i in _unmerge(items)) if c and _plausible(c)]


_FILING_INSIDE = re.compile(r"[,;.]\s*(?=(?:-\s*)?L[ưu]u\s*[:;]\s*V[TI]\b)")


def _unmerge(items: list[str]) -> list[str]:
    """Items a scan read onto one line ("Cổng thông tin điện tử, Lưu: VT, CCHC") split again."""
    return [part for item in items for part in _FILING_INSIDE.split(item)]


def extract_parties(ctx: Context) -> dict[str, Found]:
    out = _find(ctx, KINH_GUI, "recipients", "kinh-gui")
    out.update(_find(ctx, NOI_NHAN, "distribution", "noi-nhan"))
    return out
