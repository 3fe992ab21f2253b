"""Recipients ("Kính gửi") and distribution ("Nơi nhận"): one item per printed line.

Items lose their leading "- " and final ";" / "."; a line that wrapped on the page (it starts
in lower case or with "(" and the previous item had no final ";") is joined back.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from pipeline.extract.base import Context, Found, TextLine
from pipeline.extract.dates import LONG_DATE
from pipeline.extract.lexicon import phrases, snap
from pipeline.extract.listitems import TRAIL_DEBRIS as _TRAIL_DEBRIS
from pipeline.extract.listitems import (
    as_above,
    cut_tail,
    filing_item,
    is_signature_debris,
    snap_item,
)
from pipeline.extract.vntext import is_upper_line, nfc, squash, strip_accents

KINH_GUI = re.compile(  # "Kính, gửi:", "Kính.gửi:", "Kính: gửi:", "Kính-gửi:", "Kính BỬI:"
    r"^[\W_]{0,3}K[íiì]nh[\s,.:;\-]*(?:g[ửưu]i|[^\W\d_]{2,3}(?=\s*[:;.]))\s*[:;.]{0,2}\s*", re.IGNORECASE
)
NOI_NHAN = re.compile(  # "Nơi nhẹn", "Nơi ơi nhận", "Nơi 'nhãn::", "Ngìnhận"
    r"^[\W_]{0,5}N[^\W\d_]{0,2}[iìíỉĩị]\s*(?:[^\W\d_]{1,3}\s+)?['\"`‘’]?\s*nh[^\W\d_]n\s*[:;.]{0,2}\s*", re.IGNORECASE
)
_BULLET = re.compile(  # OCR reads a small dash as "~", or as a quote or a star before the item
    r"^\s*(?:[~_.'`ˆ\"]{0,3}\s*[-+•·‐]|~|[\"*»](?=\s*[A-ZĐ]))\s*"
)
_AUTHORITY = re.compile(r"^\s*(?:TM|KT|TL|TUQ|Q)\s*[.:,]", re.UNICODE)


_LEAD_DEBRIS = re.compile(r"^(?:[^\w(]|_)+")
#: The decree's short notes after a distribution item: (p/h) phối hợp, (b/c) báo cáo, (t/h) thực hiện.
_NOTES = {"ph": "p/h", "bc": "b/c", "th": "t/h", "db": "đ/b"}
_NOTE = re.compile(r"\s*[({\[](?P<note>[^)}\]]{1,6})[)}\]]?\W*$")  # "(pih)", "(b(c)", "(p h"
_DATE_LINE = LONG_DATE  # the right column's "Trảng Bom, ngày, 26 tháng 5 năm 2021" read into a list


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
    text = re.sub(r"^[1lI|][,.'`]?(?=ưu\s*[:;])", "L", text)  # "1,ưu: VT"
    text = re.sub(r"^[85$§](?=ở\s)", "S", text)  # "8ở Nội vụ": the "S" of "Sở" read as a digit
    text = re.sub(r"(?<=[^\W\d_])[.,]{2,}(?=[^\W\d_])", " ", text)  # "Chữ.,tịch": specks between two words
    text = re.sub(r"(?<=[^\W\d_]),[.:]+\s*(?=[^\W\d_])", ", ", text)  # "Chủ tịch,.các", "Chủ tịch,:các"
    text = re.sub(r"(?<=[A-ZĐ])\.\s*(?=\([a-zđ]{1,2}/[a-zđ]{1,2}\))", " ", text)  # "UBND TP.(b/c)"
    filing = filing_item(text)
    if filing:
        return filing
    text = cut_tail(text)
    text = re.sub(r",[^A-Za-zÀ-ỹĐđ]*$", "", text)  # "Sở Nội vụ, ? 7": column specks after the item
    text = re.sub(r"(?<=\s)[bcdđghklmnpqrstvx](?=\s)", " ", text)  # "UBND c các xã": a lone consonant is a speck
    text = _cut_debris(re.sub(r"(?<=[^\W\d_]);(?=[^\W\d_])", " ", text))  # "Công;thông tin"
    text = _note(text.rstrip(_TRAIL_DEBRIS))
    text = _snap_unglued(snap_item(text))  # first as its letters read ("VPUBNDtinh", "thuộc UBN D huyện")
    return snap_item(_listed_head(_listed_tail(text.rstrip(_TRAIL_DEBRIS))))


#: A mark a scan read in the gap between two words ("Ban-Thi đua", "các.PCT.", "Ban'Thi",
#: "điện-từ") or a speck before a word ("PCT. .UBNĐ").
_GLUED_MARK = re.compile(r"(?<=[^\W\d_])[.,'`\-](?=[^\W\d_])|(?<=\s)[.,'`]+(?=[^\W\d_])")


def _snap_unglued(text: str) -> str:
    """``snap(text)``, with the marks glued between words opened when that spells more of
    the listed phrases: a hyphen that belongs to a name ("Bà Rịa-Vũng Tàu") spells none and
    is kept."""
    snapped = snap(text)
    if not _GLUED_MARK.search(text):
        return snapped
    opened = snap(squash(_GLUED_MARK.sub(" ", text)))
    return opened if _listed_cover(opened) > _listed_cover(snapped) else snapped


def _listed_cover(text: str) -> int:
    """Letters of ``text`` inside listed phrases (a rough count: enough to compare readings)."""
    low = f" {_loose_marks(text.lower())} "
    return sum(len(p) for p in _listed_loose() if f" {p} " in low)


def _loose_marks(text: str) -> str:
    """Marks beside a space dropped, marks glued inside a token kept ("các.pct" stays one)."""
    return squash(re.sub(r"[^\w\s/]+(?=\s|$)|(?:^|(?<=\s))[^\w\s/]+", " ", text)).strip()


@lru_cache(maxsize=1)
def _listed_loose() -> tuple[str, ...]:
    return tuple(_loose_marks(p) for p in _listed())


def _listed_head(item: str) -> str:
    """A listed body or phrase closed by "," or ";", then the signature column or a speck read
    beside it ("Cổng thông tin điện tử, KT CHỦ TỊCH", "CT, các PCT UBND huyện; TS Ko co")."""
    if item.lower() in _listed():
        return item
    for m in re.finditer(r"\s*[,;:]\s*", item):
        head, rest = item[: m.start()], item[m.end() :]
        if head.lower() in _listed() and (m.group(0).strip() == ";" or is_upper_line(rest) or len(rest.split()) <= 1
                                       or (m.group(0).strip() == ":" and len(rest.split()) <= 2)):
            return head
    return item


_AS_ABOVE = re.compile(r"^Nh[ưu]\s*[^\s,;]{0,2}[êe]n\b[,;.]?(?:\s*[^\W\d_]{1,3})?$", re.IGNORECASE)  # "Nhưtên, cự"


def _listed_tail(item: str) -> str:
    """After a listed body or phrase, one last short token is a speck ("Thường trực HĐND huyện
    an") or a note that lost its brackets ("Văn phòng HĐND và UBND pH")."""
    if _AS_ABOVE.match(item) or (
        len(item) <= 10 and fuzz.ratio(strip_accents(item).lower().replace(" ", ""), "nhutren") >= 80
    ):
        return "Như trên"  # every list's stock first item, glued, misread ("Như treh") or with a speck
    head, _, last = item.rpartition(" ")
    if not head or len(last) > 2 or not last.isalpha() or head.lower() not in _listed():
        return item
    note = _NOTES.get(strip_accents(last).lower())
    if note:
        return f"{head} ({note})"
    return head if last.islower() else item


@lru_cache(maxsize=1)
def _listed() -> frozenset[str]:
    return frozenset(p.lower() for p in phrases()[0])


def _plausible(item: str) -> bool:
    """An item names somebody: not a date line, not a few letters of seal or column debris."""
    letters = sum(c.isalpha() for c in item)
    if letters < 4 or _DATE_LINE.search(item) or _AUTHORITY.match(re.sub(r"^\S{1,2}\s+", "", item)) or is_signature_debris(item):
        return False
    if is_upper_line(item) and " " in item and item.lower() not in _listed():
        return False  # "GIÁM ĐỐC", "CHỦ TỊCH": the signature column beside the list
    return not (item[:1].islower() and len(item.split()) <= 2)


def _ends_item(raw: str) -> bool:
    """The line closed its item: a final ";" (read "," on a scan), maybe before column debris."""
    return raw.rstrip().endswith((";", ",", ":")) or _cut_debris(raw) != raw  # ";" read as "," or ":"


def _signature_column(text: str) -> bool:
    """The signature block's lines beside the list: capitals, or an authority ("KT. CHỦ TỊCH")."""
    t = re.sub(r"^[^\w]+", "", text.strip())
    return bool(t) and (_AUTHORITY.match(t) is not None or (is_upper_line(t) and sum(c.isalpha() for c in t) >= 5))


def _opens_listed(prev: str, line: str) -> bool:
    """A short line that names a listed body or phrase is an item even when its dash and the
    previous item's ";" were lost ("- Phòng Nội vụ: TT" / "Thường trực HĐND huyện;"); not
    after a final "." (the body text after "Kính gửi: …")."""
    if prev.rstrip().endswith(".") or len(line.strip()) >= 60:
        return False
    item = _clean_item(line).lower()
    return any(item == p or item.startswith(p + " ") for p in _listed())


def _is_continuation(prev: str, line: str) -> bool:
    s = line.strip()
    if not s or _BULLET.match(s) or prev.rstrip().endswith((";", ".")):
        return False
    if sum(c.isalpha() for c in s) < 5 and not s.endswith((";", ".", ",")):
        return False  # "nó", "tự r": seal or column specks, not the rest of an item ("ương;")
    return s[0].islower() or s[0] in "(&"


#: How a letter's body opens; never how a recipient does.
_BODY_OPENS = re.compile(r"^[\W_]{0,3}(?:Thực\s*hiện|Nhằm|Căn\s+cứ|Trên\s+cơ\s+sở|Theo\s+đề\s+nghị)\b", re.IGNORECASE)


def _items(ctx: Context, head: TextLine, rest: str, rest_start: int, *, max_gap: int, closes: bool = False) -> Found | None:
    """Collect the list after a heading; ``rest`` is the text after it on the same line."""
    items: list[str] = []
    raw: list[str] = []
    start = end = None
    if sum(c.isalpha() for c in rest) >= 4 and not _signature_column(rest):  # "- hở": a speck beside it
        items.append(rest)
        raw.append(rest)
        start, end = rest_start, head.end
    gap = skipped = 0
    right = ctx.zone_text_spans("header-right")
    for ln in ctx.lines[head.index + 1 :]:
        t = ln.text
        if not t.strip():
            gap += 1
            if gap > max_gap:
                break
            continue
        if items and (any(s <= ln.start < e for s, e in right) or _DATE_LINE.search(t)) and raw[-1].rstrip().endswith(";"):
            gap = 0  # the right column's date line (and its specks) read between two recipients
            continue
        if closes and items and raw[-1].rstrip().endswith(".") and not re.match(r"^\s*[-+•]", t) and not filing_item(t.strip(" ;,.:'`")):
            break  # the list's final "." closed it: the body follows ('"Thực hiện …')
        if closes and items and _BODY_OPENS.match(t):
            break  # the final "." lost: the body's opening words still end the list
        if sum(c.isalpha() for c in t) < 5 and not _BULLET.match(t) and not (items and _is_continuation(raw[-1], t)):
            continue  # a few letters of seal or column debris between the heading and the items
        if not items and _signature_column(t) and skipped < 3:
            skipped += 1  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH" read before the first item
            continue
        if (_BULLET.match(t) and not re.match(r"^\s*-\s*\d", t)) or (items and filing_item(t.strip(" ;,.:'`"))):
            items.append(t)
            raw.append(t)
        elif items and _is_continuation(raw[-1], t):
            items[-1] = items[-1] + " " + t.strip()
            raw[-1] = t
        elif items and (_ends_item(raw[-1]) or _opens_listed(raw[-1], t)) and len(t) < 120 and not is_upper_line(t):
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
    cleaned = _upto_filing([c for c in (_clean_item(i) for i in _unmerge(items)) if c and _plausible(c)])
    if not cleaned or start is None or end is None:
        return None
    return Found(cleaned, 0.9, (start, end))


def _upto_filing(items: list[str]) -> list[str]:
    """The decree closes "Nơi nhận" with "Lưu: …": what a scan read after it (the signer's
    name beside the list) is not an item."""
    at = next((i for i, item in enumerate(items) if item.startswith("Lưu:")), None)
    return items if at is None else items[: at + 1]


def _find(ctx: Context, heading: re.Pattern[str], field: str, zone: str) -> dict[str, Found]:
    for ln in ctx.lines:
        m = heading.match(ln.text)
        if m:
            found = _items(ctx, ln, ln.text[m.end() :], ln.start + m.end(), max_gap=2, closes=field == "recipients")
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
    items = [i for i in re.split(r"\n(?=\s*[-+•])|(?<=;)[^\S\n]*\n", text) if i.strip()]
    return [c for c in (_clean_item(i.replace("\n", " ")) for i in _unmerge(items)) if c and _plausible(c)]


_FILING_INSIDE = re.compile(r"[,;.]\s*(?=(?:-\s*)?L[ưu]u\s*[:;]\s*V[TI]\b)")


def _unmerge(items: list[str]) -> list[str]:
    """Items a scan read onto one line ("Cổng thông tin điện tử, Lưu: VT, CCHC", "CT, các PCT
    UBND huyện; Ban Thi đua - Khen thưởng") split again."""
    return [p for item in items for part in _FILING_INSIDE.split(item) for p in _split_listed(part)]


def _split_listed(item: str) -> list[str]:
    """Split at a ";" when both sides name listed phrases ("TT. HU; HĐND huyện" stays one)."""
    parts = re.split(r";|,\s*[:\-–]\s*", item, maxsplit=1)  # "VP UBND tỉnh,: Văn phòng…", "Như trên, - VP…"
    head, sep, rest = (parts[0], ";", parts[1]) if len(parts) == 2 else (item, "", "")
    rest = re.sub(r"^\s*-?\s*", "", rest)
    if not sep or len(head.split()) < 2 or len(rest.split()) < 2 or head.lstrip().startswith("Lưu"):
        return [item]
    if _listed_cover(snap(head)) and _listed_cover(snap(rest)):
        return [head, *_split_listed(rest)]
    return [item]


def extract_parties(ctx: Context) -> dict[str, Found]:
    out = _find(ctx, KINH_GUI, "recipients", "kinh-gui")
    out.update(_find(ctx, NOI_NHAN, "distribution", "noi-nhan"))
    if "recipients" in out and "distribution" in out:
        out["distribution"].value = as_above(out["distribution"].value)
    return out
