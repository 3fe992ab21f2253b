"""References: every document the text cites with a number ("Kế hoạch số 380/KH-UBND ngày …").

The citation grammar is fixed by practice: type name, "số", number/symbol, optionally
"ngày <date>", optionally "của <issuer>" up to "về"/";"/","/"(".  A citation inside
"(ban hành kèm theo …)" takes the issuer of the document it is attached to.
"""

from __future__ import annotations

import re

from pipeline.extract.base import Context, Found
from pipeline.extract.dates import find_dates, repair_year, resolve
from pipeline.extract.doctypes import TYPE_NAME_RE, canonical_type, fix_symbol, type_from_symbol
from pipeline.extract.lexicon import snap
from pipeline.extract.vntext import nfc, squash

CITATION = re.compile(
    rf"(?P<type>{TYPE_NAME_RE})\s+(?:số\s*[:.]?\s*)?(?P<num>\d+[a-z]?)"
    r"\s*(?:/\s*(?P<sym>[0-9A-ZĐa-zđ][\wĐđ/\-.&]*[\wĐđ])"  # as printed
    r"|[,:;\"'’”]?\s*(?P<sym2>[A-ZĐ][A-Za-zĐđ]*-[A-ZĐ][\wĐđ/\-.&]*[\wĐđ]))",  # "/" lost on a scan
    re.IGNORECASE,
)
_ISSUER = re.compile(  # "cửa", ". của", "UBND.tỉnh": how a scan prints the same words
    r"[\s.,:;'`]*c[ủửuúùụũ]a\s+(?P<issuer>(?:[^;,()\n.]|\.(?=[a-zà-ỹđ]))+?)(?=\s+(?:về|v/v|trong|tại|đã|đối với|quy định|hướng dẫn|ban hành)\b|\s*[;,()\n.]|$)",
    re.IGNORECASE,
)
_ATTACHED = re.compile(
    r"của\s+(?P<issuer>[^;,()]+?)\s*(?:tại|\(\s*(?:được\s+)?ban hành kèm theo)\s*$", re.I
)


def _date_after(ctx: Context, pos: int) -> tuple[str | None, int]:
    tail = ctx.flat[pos : pos + 40]
    m = re.match(r"[\s,.:;'`\-]*(?:ban hành\s+)?ng[àaáả]y[\s:.\-]*", tail, re.IGNORECASE)
    if not m:
        return None, pos
    hits = find_dates(tail)
    if hits and hits[0].start <= m.end() + 1:
        issued = ctx.value("issued_date")
        return repair_year(resolve(hits[0], issued), issued), pos + hits[0].end
    return None, pos


def _issuer_after(ctx: Context, pos: int, start: int) -> str | None:
    m = _ISSUER.match(ctx.flat[pos : pos + 160].replace("\n", " "))
    if m:
        return _tidy_issuer(m.group("issuer"))
    before = ctx.flat[max(0, start - 200) : start].replace("\n", " ")
    a = _ATTACHED.search(before)
    return _tidy_issuer(a.group("issuer")) if a else None


def _tidy_issuer(text: str) -> str | None:
    """The citing issuer without scan debris, its fixed words spelled right ("Chính phú")."""
    text = re.sub(r"(?<=[A-Za-zĐđ])\.(?=[a-zà-ỹđ])", " ", squash(nfc(text))).strip(" -_`'\".:")
    return snap(text) or None


def _doc_type(name: str, symbol: str) -> str | None:
    t = canonical_type(name)
    if t == "Văn bản":
        return type_from_symbol(symbol) or "Công văn"
    return t


def extract_references(ctx: Context) -> dict[str, Found]:
    own = (ctx.value("number"), ctx.value("symbol"))
    refs: list[dict[str, str | None]] = []
    seen: set[tuple[str, str]] = set()
    first = last = None
    for m in CITATION.finditer(ctx.flat):
        num, sym = m.group("num"), m.group("sym") or m.group("sym2")
        if (num, sym) == own or (num, sym) in seen:
            continue
        seen.add((num, sym))
        date, pos = _date_after(ctx, m.end())
        sym = fix_symbol(sym, canonical_type(m.group("type")))
        refs.append({
            "doc_type": _doc_type(m.group("type"), sym),
            "number": num,
            "symbol": sym,
            "date": date,
            "issuer": _issuer_after(ctx, pos, m.start()),
        })  # fmt: skip
        first = m.start() if first is None else first
        last = m.end()
    span = (first, last) if first is not None and last is not None else None
    return {"references": Found(refs, 0.85 if refs else 0.8, span)}
