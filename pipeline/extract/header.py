"""Header fields: issuer (and parent body), number, symbol, place, date and document type.

Decree 30/2020 (Appendix I) puts the issuing body top-left (parent line above the issuer),
the motto top-right, "Số: …/…" under the issuer, place and date under the motto, and the type
name (KẾ HOẠCH, QUYẾT ĐỊNH…) centred under them — a công văn has none but a "V/v" line.  The
reading order of a scan can interleave the two header columns on one line, so the motto is
cut out of every line before the issuer lines are read.
"""

from __future__ import annotations

import re

from pipeline.extract.base import Context, Found, TextLine
from pipeline.extract.dateline import loose_place_date, year_against_arrival
from pipeline.extract.dates import LONG_DATE, iso, ocr_int
from pipeline.extract.doctypes import (
    fix_org_code,
    fix_symbol,
    kerned_symbol,
    type_from_symbol,
    type_from_title,
)
from pipeline.extract.headlines import (
    BARE_HEADS,
    HEAD_ANYWHERE,
    MOTTO_TAIL,
    STAMP_WORDS,
    erase_motto,
    fixed_phrases,
    open_heads,
    repair_words,
    snap_body,
    tidy_body,
    tidy_issuer,
    trim_body,
)
from pipeline.extract.localities import (
    agree_locality,
    fix_locality,
    glued_locality,
    header_spelling,
    inherit_locality,
    locality_name,
    place_agrees,
    respell,
    snap_place,
)
from pipeline.extract.vntext import (
    BODY_HEADS,
    LOCALITY_WORDS,
    fold,
    is_upper_line,
    nfc,
    sentence_case_body,
    squash,
    strip_accents,
)

HEADER_LEFT = "header-left"  # pipeline.layout's zone name
NUMBER_LINE = re.compile(
    r"(?<![^\W_]|[Đđ])S[ỐốOo6ôð]\s*[:;.›>»]?\s*(?P<num>[0-9A-Za-zÀ-Ỹ.\-]*?)\s*(?:/|,(?=[A-ZĐ]))\s*(?P<sym>[\wĐđ][\wĐđ.&/\-]*)"
)
_MOTTO = re.compile(
    r"C[ỘO]NG\s+H[ÒOÀ]\s*A\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM"
    r"|CỘNG\s+HOÀ\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM"
    r"|Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc",
    re.IGNORECASE,
)
PLACE_DATE = re.compile(
    r"(?<![^\W_])(?P<place>(?:(?:TP|Tp)\.\s*)?[A-ZÀ-ỸĐ][a-zà-ỹđ]+(?:\.?\s+[A-ZÀ-ỸĐ][a-zà-ỹđ]+){0,4}"
    r"|(?-i:[A-ZÀ-ỸĐ][a-zà-ỹđ]+\s+[a-zà-ỹđ]+))\s*[,;]\s*"  # "Gio kinh": a scan's lower-case slip
    r"(?P<date>(?i:" + LONG_DATE.pattern + "))"
)
_HEAD_RE = re.compile(
    r"^(?:" + "|".join(sorted((re.escape(h) for h in BODY_HEADS), key=len, reverse=True))
    + r"|ubnd|hđnd|ub\b|đảng bộ|huyện ủy|tỉnh ủy|thành ủy)\b",
    re.IGNORECASE,
)


#: The same line when a scan lost the "/" ("Số: 2412 KH-UBND", "Số: 1121"TB-UBND", "Số: SNV-NG"):
#: then the symbol must look like one (capitals, a hyphen) to be believed.
NUMBER_LINE_OCR = re.compile(
    r"(?<![^\W_]|[Đđ])S[ỐốOo6ôð]\s*[:;.]?\s*(?P<num>\d{1,5})?\s*[,:;\"'’”¿|\\]?\s*"
    r"(?P<sym>[A-ZĐ][A-Za-zĐđ]*-\s?[A-ZĐ][\wĐđ.&\-]*)"
)


#: The heading misread beyond its letters ("Sẽ:", ":Sð:", "§ð:", "ĐỖ;"): then a number, a
#: slash and a symbol in capitals must follow, and only the header's first lines are searched.
NUMBER_LINE_LOOSE = re.compile(
    r"(?<![^\W_]|[Đđ])[SŠ§$5ĐD](?:[^\s\d/:;]{0,2}|[6ð])\s*[:;.,]\s*(?P<num>\d{1,5})\s*[/⁄]+\s*"
    r"(?P<sym>[A-ZĐ][A-Za-zĐđ]*-[A-ZĐ][\wĐđ.&\-]*|[A-ZĐ]{2,}[\wĐđ.&/\-]*)"
)


#: The heading's "ố" lost too ("S:/KH-UBND", a letter whose number is left blank for the
#: registry to fill): only with a symbol of capitals and a hyphen, in the header's first lines.
NUMBER_LINE_BARE = re.compile(
    r"(?<![^\W_]|[Đđ])S\s*[:;]\s*(?P<num>\d{1,5})?\s*/\s*(?P<sym>[A-ZĐ]{2,}[A-Za-zĐđ]*-[A-ZĐ][\wĐđ.&\-]*)"
)


#: The heading lost to the last letter ("ậõ;2278/UBND-NV", "A: 738/BC-SGDĐT"): a short token
#: and a colon opening one of the header's first lines, then a number, "/" and a symbol.
NUMBER_LINE_ANY = re.compile(
    r"^[^\w\s]{0,2}[^\s\d:;]{1,3}\s*[:;.,]\s*(?P<num>\d{1,5})?\s*[/⁄]\s*"
    r"(?P<sym>[A-ZĐ]{2,}[A-Za-zĐđ]*-[A-ZĐ][\wĐđ.&\-]*)"
)


def number_line(ctx: Context) -> tuple[TextLine, re.Match[str]] | None:
    """The "Số: 1940/UBND-THNC" line: the first with a "/" among the first ~40 lines."""
    for pattern, depth in ((NUMBER_LINE, 40), (NUMBER_LINE_OCR, 40), (NUMBER_LINE_LOOSE, 15), (NUMBER_LINE_BARE, 15), (NUMBER_LINE_ANY, 15)):
        for ln in ctx.nonblank()[:depth]:
            m = pattern.search(ln.text)
            if m and not re.search(r"(văn bản|công văn|kế hoạch|quyết định)\s*$", ln.text[: m.start()], re.I):
                return ln, m
    return None


_NUMBERED = re.compile(r"(?:\d{1,5}|[:;])\s*[/⁄]\s*[A-ZĐ]{2,}")  # "2277/KH-UBND", "A:/BC": never in a name
_GLUED_HEAD = re.compile(r"^(SỞ|PHÒNG)(?=[^\W\d_])")  # "SỞNỘI VỤ": no syllable goes on after these


def _header_lines(ctx: Context, stop: int) -> list[tuple[str, int, int]]:
    """Upper-case issuer lines before ``stop`` (header-left zone on scans), motto cut out."""
    zones = ctx.zone_text_spans(HEADER_LEFT)
    out: list[tuple[str, int, int]] = []
    for ln in ctx.lines:
        if ln.start >= stop:
            break
        if zones and not any(s <= ln.start < e for s, e in zones):
            continue
        if _NUMBERED.search(ln.text):
            break  # the "Số: 2277/KH-UBND" line read so badly it was not found: the column ends
        text = _MOTTO.sub(lambda m: " " * len(m.group(0)), erase_motto(ln.text))
        text = MOTTO_TAIL.sub(lambda m: " " * len(m.group(0)), text)
        if not is_upper_line(text) and (head := HEAD_ANYWHERE.search(text)):
            text = " " * head.start() + text[head.start() :]  # OCR debris before the body
        if zones and not is_upper_line(text):
            text = text.upper()  # the layout says it is the issuer column: trust it over case
        if sum(c.isalpha() for c in text) < 4 or not is_upper_line(text):
            continue
        if STAMP_WORDS.fullmatch(strip_accents(text).upper()):
            continue
        lead = len(text) - len(text.lstrip())
        clean = squash(text).strip(" _.,;:-–'\"`ˆ~|!*")
        clean = open_heads(_GLUED_HEAD.sub(r"\1 ", clean))
        clean = tidy_body(fixed_phrases(repair_words(clean)).strip(" _.,;:-–'\"`ˆ~|!*"))
        if sum(c.isalpha() for c in clean) < 4:
            continue
        out.append((clean, ln.start + lead, ln.start + len(text.rstrip())))
    return out


def _group_bodies(lines: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Join wrapped lines into bodies: a new body starts at a head word (ỦY BAN, SỞ, PHÒNG…)."""
    groups: list[tuple[str, int, int]] = []
    for text, s, e in lines:
        if groups and not _HEAD_RE.match(text):
            g = groups[-1]
            groups[-1] = (g[0] + " " + text, g[1], e)
        else:
            groups.append((text, s, e))
    return groups


def issuer_from_header(ctx: Context, stop: int, place: str | None) -> tuple[Found, Found] | None:
    groups = _group_bodies(_header_lines(ctx, stop))
    if len(groups) > 1:  # a bare "UBND" is debris (the symbol's or the seal's), never a body
        groups = [g for g in groups if fold(g[0]) not in BARE_HEADS] or groups[:1]
    if not groups:
        return None
    text, s, e = groups[-1]
    name = respell(sentence_case_body(text), place)
    parent = None
    if len(groups) > 1:
        parent_text = " ".join(g[0] for g in groups[:-1])
        parent = tidy_issuer(respell(sentence_case_body(parent_text), place)) or ""
        return Found(inherit_locality(name, parent), 0.9, (s, e)), Found(parent, 0.85, (groups[0][1], groups[-2][2]))
    return Found(name, 0.95, (s, e)), Found(None, 0.9, None)


_BODY_IN_TEXT = re.compile(
    r"(?P<body>(?:Ủy ban nhân dân|UBND|Sở [A-ZĐ][^\s,.;]*(?:\s+[a-zà-ỹđ]+)*)\s+"
    r"(?:" + "|".join(LOCALITY_WORDS) + r")\s+[A-ZÀ-ỸĐ][\wÀ-ỹ]*(?:\s+[A-ZÀ-ỸĐ][\wÀ-ỹ]*)*)"
)


def issuer_from_body(ctx: Context, place: str | None) -> Found | None:
    """No header block (a cut-off scan): the body the text names, preferring the place's."""
    best: Found | None = None
    for m in _BODY_IN_TEXT.finditer(ctx.clean):
        name = sentence_case_body(m.group("body"))
        score = 0.6 if place and name.endswith(place) else 0.4
        if best is None or score > best.score:
            best = Found(name, score, (m.start(), m.end()))
    return best


def _day(day: int | None) -> int | None:
    """A day of the month past 31 read off a scan: its tens digit was a "0" ("99" → 9)."""
    if day is not None and day > 31 and day % 10:
        return day % 10
    return day


def place_and_date(ctx: Context) -> tuple[Found, Found] | None:
    """The place and date line; its year checked against the arrival stamp (``dateline``)."""
    found = _place_and_date(ctx)
    if found:
        found[1].value = year_against_arrival(ctx, found[1].value)
    return found


def _place_and_date(ctx: Context) -> tuple[Found, Found] | None:
    for ln in ctx.nonblank()[:60]:
        m = PLACE_DATE.search(ln.text)
        if not m:
            continue
        d = LONG_DATE.search(m.group("date"))
        if not d:
            continue
        day, month = d.group(1), d.group(2)
        value = iso(_day(ocr_int(day)), ocr_int(month), ocr_int(d.group(3)))
        place = squash(nfc(re.sub(r"(?<=[a-zà-ỹđ])\.(?=\s)", "", m.group("place"))))  # "Tây. Ninh"
        o = ln.start
        return (
            Found(place, 0.95, (m.start("place") + o, m.end("place") + o)),
            Found(value, 0.97 if day else 0.85, (m.start("date") + o, m.end("date") + o)),
        )
    return loose_place_date(ctx)  # the line as a hard scan left it (see ``dateline``)


def doc_type(ctx: Context, after: int, symbol: str | None) -> Found:
    """Title line under the date; else what the symbol encodes; else a công văn."""
    for ln in ctx.nonblank():
        if ln.start < after:
            continue
        t = type_from_title(ln.text)
        if t and is_upper_line(ln.text):
            return Found(t, 0.97, (ln.start, ln.end))
        if ln.start - after > 400:
            break
    from_symbol = type_from_symbol(symbol)
    if from_symbol:
        return Found(from_symbol, 0.8, None)
    return Found("Công văn", 0.9, None)


def _mend_symbol(sym: str, after: str) -> str:
    """A symbol a scan cut at a hyphen read as ":" ("6TNMT:KT"), or whose "S" it read as "6"."""
    if "-" not in sym and (tail := re.match(r"[:;]([A-ZĐ]{2,}[\wĐđ]*)", after)):
        sym = f"{sym}-{tail.group(1)}"
    if sym.endswith("-") and (tail := re.match(r"[.,:;]\s*([A-ZĐ]{2,}[\wĐđ]*)", after)):
        sym = sym + tail.group(1)  # "STP-.KT": a speck after the hyphen
    if "-" not in sym:
        sym = re.sub(r"(?<=[A-ZĐ]{2})\.(?=[A-ZĐ]{2})", "-", sym, count=1)  # "BTC.VP": the hyphen read as a dot
    return re.sub(r"^6(?=[A-ZĐ]{3,}(?:-|$))", "S", sym)


def extract_header(ctx: Context) -> dict[str, Found]:
    out: dict[str, Found] = {}
    hit = number_line(ctx)
    if hit is None:
        return out  # see ``unnumbered.py`` (a letter whose "Số:" line was lost) and ``article.py``
    ln, m = hit
    pd = place_and_date(ctx)
    num = (m.group("num") or "").strip(".-") or None
    raw, after = kerned_symbol(m.group("sym").replace("⁄", "").replace(" ", ""), ln.text[m.end("sym") :])
    sym = _mend_symbol(fix_org_code(raw.rstrip(".,;-_")) or "", after)
    out["number"] = Found(num, 0.95 if num else 0.9, (ln.start + m.start("num"), ln.start + m.end("num")))
    out["symbol"] = Found(sym, 0.95, (ln.start + m.start("sym"), ln.start + m.start("sym") + len(sym)))
    if pd:
        out["place"], out["issued_date"] = pd
    issuer_and_place(ctx, out, ln.start + m.start())
    after = out["issued_date"].span[1] if "issued_date" in out and out["issued_date"].span else ln.end
    out["doc_type"] = doc_type(ctx, after, sym)
    if out["doc_type"].span is not None:  # a printed title: the symbol must carry its abbreviation
        out["symbol"].value = fix_symbol(sym, out["doc_type"].value)
    return out


def issuer_and_place(ctx: Context, out: dict[str, Found], stop: int) -> None:
    """The issuer column above ``stop``, and the place spelt as the issuer's header spells it."""
    issuer = issuer_from_header(ctx, stop, out["place"].value if "place" in out else None)
    if "place" in out:
        out["place"].value = snap_place(out["place"].value)
    if issuer:
        place = out["place"].value if "place" in out else None
        name, parent = (
            place_agrees(glued_locality(trim_body(fix_locality(tidy_issuer(snap_body(v)))), place), place)
            for v in (issuer[0].value, issuer[1].value)
        )
        name = agree_locality(name, parent)
        name = inherit_locality(name, parent) if name else name
        out["issuer"] = Found({"name": name, "parent": parent}, issuer[0].score, issuer[0].span)
        if "place" in out and out["place"].value:
            out["place"].value = snap_place(header_spelling(out["place"].value, name))
        elif "place" in out and (proper := locality_name(name or parent)):
            out["place"] = Found(proper, 0.6, out["place"].span)  # the date line's place unreadable
    else:
        body = issuer_from_body(ctx, out["place"].value if "place" in out else None)
        if body:
            out["issuer"] = Found({"name": body.value, "parent": None}, body.score, body.span)
