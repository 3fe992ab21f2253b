"""A letter whose "Số: …/…" line a scan lost or garbled beyond the header's patterns.

The motto says it is a letter (not a news article), and the place and date line under the
motto still closes the issuer column, so the issuer, place, date and title are read as in
``header.py``; a number glued to its symbol ("Số:2912UBNDTH") is read when it is there.
"""

from __future__ import annotations

import re

from pipeline.extract.base import Context, Found
from pipeline.extract.header import (
    _MOTTO,
    _mend_symbol,
    doc_type,
    issuer_and_place,
    number_line,
    place_and_date,
)

#: "Số:2912UBNDTH", "%o:923⁄UBNDTH": the heading misread, the "-" lost, the "/" too.
_GLUED_NUMBER = re.compile(r"^\W{0,2}[^\s\d:;]{1,3}\s*[:;.]\s*(?P<num>\d{1,5})\s*[/⁄]?\s*(?P<sym>(?=[A-ZĐa-z\-]{4})[A-ZĐ]{2,}[A-ZĐa-z\-]*)")


def _unnumbered(ctx: Context, pd: tuple[Found, Found]) -> dict[str, Found]:
    """A letter (the motto is there) whose "Số:" line the scan lost: the place and date line
    still closes the issuer column, and the title follows it."""
    out: dict[str, Found] = {"place": pd[0], "issued_date": pd[1]}
    sym = None
    for ln in ctx.nonblank()[:15]:
        m = _GLUED_NUMBER.search(ln.text)
        if m:
            sym = _mend_symbol(_hyphenate(m.group("sym")), ln.text[m.end("sym") :])
            out["number"] = Found(m.group("num"), 0.7, (ln.start + m.start("num"), ln.start + m.end("num")))
            out["symbol"] = Found(sym, 0.6, (ln.start + m.start("sym"), ln.start + m.end("sym")))
            break
    place_at, date_end = (pd[0].span or (0, 0))[0], (pd[1].span or (0, 0))[1]
    line = ctx.line_at(place_at)
    issuer_and_place(ctx, out, line.start if line else place_at)
    out["doc_type"] = doc_type(ctx, date_end, sym)
    return out


def _hyphenate(sym: str) -> str:
    """"UBNDTH" → "UBND-TH", "TBUBND" → "TB-UBND": the committee's code is one side of the "-"."""
    if "-" in sym or len(sym) <= 5 or "UBND" not in (sym[:4], sym[-4:]):
        return sym
    return f"UBND-{sym[4:]}" if sym.startswith("UBND") else f"{sym[:-4]}-UBND"


def extract_unnumbered(ctx: Context) -> dict[str, Found]:
    if number_line(ctx) is not None or not _MOTTO.search(ctx.flat[:1500]):
        return {}
    pd = place_and_date(ctx)
    return _unnumbered(ctx, pd) if pd else {}
