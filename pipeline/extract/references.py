"""References: every document the text cites with a number ("Kế hoạch số 380/KH-UBND ngày …").

The citation grammar is fixed by practice: type name, "số", number/symbol, optionally
"ngày <date>", optionally "của <issuer>" up to "về"/";"/","/"(".  A citation inside
"(ban hành kèm theo …)" takes the issuer of the document it is attached to.
"""

from __future__ import annotations

import re

from pipeline.extract.base import Context, Found, is_scan
from pipeline.extract.dates import DateHit, find_dates, repair_year, resolve
from pipeline.extract.doctypes import (
    TYPE_NAMES,
    canonical_type,
    fix_org_code,
    fix_symbol,
    type_from_symbol,
)
from pipeline.extract.lexicon import snap
from pipeline.extract.ocrnoise import denoise, repair_dates
from pipeline.extract.vntext import loose, nfc, squash

#: Type names with any tone slipped ("Thống tư"), the "số" after them however a scan read it
#: ("số s 2713", "Hướng dẫn. SỐ", "so.834", "số - 138", "số ; 2857").
_TYPE_LOOSE = "|".join(loose(n).replace(r"\s+", r"[\s.,:;\-\\|]+") for n in sorted(TYPE_NAMES, key=len, reverse=True))
CITATION = re.compile(
    rf"(?P<type>{_TYPE_LOOSE})[\s.,:\-'`\"]+(?:[s$][ốoô6][\s:.;,\-'\"]*(?:s\s+|[\-;]\s*)?"
    # a short speck read on its own line between "số" and the number ("Hướng dẫn số\nÁI.\n1431/…")
    r"(?:(?<=\s)[^\s\d]{1,3}\s+(?=\d+\s*[/⁄]))?)?(?P<num>\d+[a-z]?)"
    # the symbol as printed ("TB- UBND" off a scan), not a "- ngày" glued after it
    r"\s*(?:[/⁄]{1,2}\s*(?P<sym>[0-9A-ZĐa-zđ](?:[\wĐđ/&]|\.(?!(?-i:[a-zà-ỹđ]))|[-:](?=(?-i:[A-ZĐ\d]))|-[\s\-]+(?=(?-i:[A-ZĐ])))*[\wĐđ])"
    r"|[,:;\"'’”]?\s*(?P<sym2>[A-ZĐ][A-Za-zĐđ]*-[A-ZĐ][\wĐđ/\-.&]*[\wĐđ]))",  # "/" lost on a scan
    re.IGNORECASE,
)
_ISSUER = re.compile(  # "cửa", ". của", "UBND.tỉnh": how a scan prints the same words
    r"[\s.,:;'`\-_ˆ~)]*c[ủửuúùụũ]a[\s.,:;'`\-]+(?:[a-z]\s+)?(?P<issuer>(?:[^;,()\n.]|\.(?=\s?[a-zà-ỹđ]))+?)"
    r"(?=[\s.\-]+(?:v[ềêeẽểếệẻèéẹ]|v/v|trong|tại|đã|đối với|quy định|hướng dẫn|ban hành)\b|\s*[;,()\n]"
    r"|\.(?!\s?[a-zà-ỹđ])|$)",
    re.IGNORECASE,
)
_ATTACHED = re.compile(
    r"của\s+(?P<issuer>[^;,()]+?)\s*(?:tại|\(\s*(?:được\s+)?ban hành kèm theo)\s*$", re.I
)


def _date_after(text: str, pos: int, issued: str | None) -> tuple[str | None, int]:
    raw = text[pos : pos + 40]
    m = re.match(r"[\s,.:;'`\-_ˆ~]*(?:ban hành\s+)?(?:ng|[^\W\d_]g|g)[àaáảạãâấầ]y[\s:.,\-]*", raw, re.IGNORECASE)
    if not m:
        return None, pos
    tail = repair_dates(raw, None)  # "ngày 1/672026": a slash read as "7"
    pos -= len(tail) - len(raw)  # (a repair may change the length, only inside the date)
    hits = find_dates(tail)
    if not hits or hits[0].start > m.end() + 1:  # "ngày-25/6/2026", "ngày, 23/06/2023"
        hits = [h for h in find_dates(tail[m.end() :]) if h.start <= 1]
        hits = [DateHit(h.iso, h.start + m.end(), h.end + m.end(), h.day, h.month, h.year) for h in hits]
    if hits and hits[0].start <= m.end() + 1:
        return repair_year(resolve(hits[0], issued), issued), pos + hits[0].end
    return None, pos


def _before_letter(date: str | None, issued: str | None) -> str | None:
    """A cited document is older than the letter citing it: a date after the letter whose year
    is one digit off the letter's year (or the year before) took a misread digit ("2035")."""
    if not date or not issued or not issued[:4].isdecimal() or int(date[:4]) <= int(issued[:4]) + 1:
        return date  # (a year just after the letter's may be the letter's own misread date)
    year = int(issued[:4])
    for cand in (str(year), str(year - 1)):
        fixed = cand + date[4:]
        if sum(a != b for a, b in zip(date[:4], cand, strict=True)) == 1 and fixed[:10] <= issued[:10]:
            return fixed
    return date


def _issuer_after(text: str, pos: int, start: int) -> str | None:
    window = _SPECKS.sub(" ", text[pos : pos + 160].replace("\n", " "))
    m = _ISSUER.match(window)
    if m:
        return _tidy_issuer(m.group("issuer"))
    before = text[max(0, start - 200) : start].replace("\n", " ")
    a = _ATTACHED.search(before)
    return _tidy_issuer(a.group("issuer")) if a else None


#: Specks a scan strews between words ("của UBND ` . huyện", "Sở 'Nội vụ"): not the issuer's.
_SPECKS = re.compile(r"(?<=\s)[.`'\"¬~_|]+(?=\s)|(?<=\s)['`\"](?=\w)")


def _tidy_issuer(text: str) -> str | None:
    """The citing issuer without scan debris, its fixed words spelled right ("Chính phú")."""
    text = re.sub(r"(?<=[^\W\d_])\.\s?(?=[a-zà-ỹđ])", " ", squash(nfc(text))).strip(" -_`'\".:")
    text = re.sub(r"^(Bộ|Sở|Phòng|Ban|Chủ tịch|UBND)\s*-\s*(?=[A-ZĐ])", r"\1 ", text)  # "Bộ-Nội vụ": a speck
    text = re.sub(r"(?<=[a-zà-ỹđ])\.\s(?=[A-ZĐ])", " ", text)  # "Chủ tịch. UBND tỉnh": a name has no full stop
    return snap(text) or None


def _symbol_year(symbol: str, date: str | None) -> str:
    """A symbol's year is the year the document was signed ("1487/2025/TT-BNV ngày 04/9/2025"):
    one misread digit in it ("2625/TT-BNV") is put right from the citation's date."""
    head, sep, rest = symbol.partition("/")
    if not sep or not date or not (len(head) == 4 and head.isdecimal()) or abs(int(head) - int(date[:4])) <= 1:
        return symbol  # a year off by one may be the date's slip as well: only a wild one is repaired
    if sum(a != b for a, b in zip(head, date[:4], strict=True)) == 1:
        return f"{date[:4]}/{rest}"
    return symbol


def _symbol_specks(text: str) -> str:
    """Symbols a scan split, joined in place (same length: the space moves to the front):
    "269/T B-UBND" → "269/ TB-UBND", "2684/202 1/TT" → "2684/ 2021/TT", "TT: BNV" → "TT- BNV"."""
    text = re.sub(r"(?<=[A-ZĐ]):(?=\s?[A-ZĐ])", "-", text)  # first: "190/T B:UBND"
    text = re.sub(r"(?<=/)([A-ZĐ]) ([A-ZĐ]{1,4}-)", r" \1\2", text)
    text = re.sub(r"(?<=/)(\d{3}) (\d)(?=/)", r" \1\2", text)
    text = re.sub(r"(?<=[A-ZĐ])[:.]-(?=[A-ZĐ])", "- ", text)  # "TT:-BNV"
    return text


def _tidy_symbol(sym: str) -> str:
    """A symbol as a scan printed it put back in shape: "TB- UBND", "QĐ- -UBND", "KH:UBND",
    "KH.UBND" (a hyphen read as a colon or a dot between capitals), "BÑV" (a speck on the N)."""
    sym = re.sub(r"-[\s\-]*", "-", sym).replace("Ñ", "N").replace("ð", "Đ")
    sym = re.sub(r"^((?:19|20)\d\d)[71IÍÌl|](?=[A-ZĐ])", r"\1/", sym)  # "20247TT-BNV", "2026ÍNĐ-CP": the "/" misread
    return re.sub(r"(?<=[A-ZĐ])[:.](?=[A-ZĐ])", "-", sym)


def _doc_type(name: str, symbol: str) -> str | None:
    t = canonical_type(name)
    if t == "Văn bản":
        return type_from_symbol(symbol) or "Công văn"
    return t


def _split_glued(num: str, sym: str | None, sym2: str) -> tuple[str, str]:
    """A number glued to its symbol once the "/" is lost ("số 2176TB-TCKH") took the
    symbol's first capital: the capital goes back to the symbol ("TB-TCKH").  A five-digit
    number ending in "7" or "1" right before the symbol ("16017TB-UBND") read the "/" as
    that digit.  Only there: "12347/BTC-TCT" with its "/" is a real five-digit number (large
    ministries number past 10,000), so a number before a "/" is never cut."""
    if sym is None and num[-1:].isupper() and sym2[:1].isupper():
        num, sym2 = num[:-1], num[-1] + sym2
    if sym is None and len(num) == 5 and num[-1] in "71":
        num = num[:-1]
    return num, sym or sym2


def _skip_date(text: str, pos: int) -> int:
    """After a cited document's "ngày …" a scan garbled past reading ("ngày 02 tháng ÔA năm
    2023"): the position after its year, so that the issuer ("của …") is still read."""
    m = re.match(r"[\s,.:;'`\-_ˆ~]*[^\W\d_]{0,2}g[^\W\d_]{1,2}\b[^;()]{0,30}?(?:19|20)\d\d\)?", text[pos : pos + 60])
    return pos + m.end() if m else pos


def _confirmed_years(refs: list[dict[str, str | None]]) -> set[str]:
    """Years a letter's citations print more than once (dates and symbols' "2024/TT-BNV"):
    a year printed twice is no misread digit, whatever the letter's own (maybe misread) date."""
    years = [r["date"][:4] for r in refs if r["date"]]
    years += [sym[:4] for r in refs if (sym := r["symbol"] or "")[:4].isdecimal() and sym[4:5] == "/"]
    return {y for y in years if years.count(y) > 1}


def extract_references(ctx: Context) -> dict[str, Found]:
    own = (ctx.value("number"), ctx.value("symbol"))
    refs: list[dict[str, str | None]] = []
    seen: set[tuple[str, str]] = set()
    first = last = None
    text = _symbol_specks(denoise(ctx.clean).replace("\n", " ")) if is_scan(ctx.doc) else ctx.flat
    issued = ctx.value("issued_date")
    for m in CITATION.finditer(text):
        num, sym = _split_glued(m.group("num"), m.group("sym"), m.group("sym2"))
        if (num, sym) == own or (num, sym) in seen:
            continue
        seen.add((num, sym))
        date, pos = _date_after(text, m.end(), issued)
        sym = fix_org_code(_tidy_symbol(sym)) or sym
        sym = _symbol_year(fix_symbol(sym, canonical_type(m.group("type"))), date)
        refs.append({
            "doc_type": _doc_type(m.group("type"), sym),
            "number": num,
            "symbol": sym,
            "date": date,
            "issuer": _issuer_after(text, pos if date else _skip_date(text, pos), m.start()),
        })  # fmt: skip
        first = m.start() if first is None else first
        last = m.end()
    confirmed = _confirmed_years(refs)
    for r in refs:
        if r["date"] and r["date"][:4] not in confirmed:
            r["date"] = _before_letter(r["date"], issued)
    span = (first, last) if first is not None and last is not None else None
    return {"references": Found(refs, 0.85 if refs else 0.8, span)}
