"""Document-type abbreviations inside letter numbers: "1115/HD-UBND", "15/QĐ-UBND", "30/2020/NĐ-CP".

Between the number's "/" and the issuer's "-" stands the type of the document (Decree 30/2020,
appendix III, and the legal documents letters cite).  An n-gram model cannot tell "HD"
(hướng dẫn) from "HĐ" (hợp đồng) there, and accent-less or English-model OCR text has lost the
bar of "QĐ".  The list settles most of them; the two pairs that differ only by the bar are
settled by the document named before the number ("Hướng dẫn số 1115/HD-UBND"), else kept as
typed.
"""

from __future__ import annotations

from pipeline.restore.text import strip_accents

DOC_TYPES = ("NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC",
             "BB", "TTr", "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB",
             "TCg", "NĐ", "TT", "TTLT", "TTg", "L", "PL")
HINTS = {"HĐ": "hop dong", "HD": "huong dan", "ĐA": "de an", "DA": "du an"}


def _key(token: str) -> str:
    return strip_accents(token).upper()


_BY_KEY: dict[str, list[str]] = {}
for _t in DOC_TYPES:
    _BY_KEY.setdefault(_key(_t), []).append(_t)


def code_type(line: str, start: int, end: int) -> str | None:
    """The document type that ``line[start:end]`` spells when it stands between a number's "/"
    and a "-" (None when it does not stand there, or is no type)."""
    if start == 0 or line[start - 1] != "/" or line[end:end + 1] != "-":
        return None
    token = line[start:end]
    options = _BY_KEY.get(_key(token))
    if not options:
        return None
    if len(options) == 1:
        return options[0]
    before = strip_accents(line[:start]).lower()
    found = max((before.rfind(HINTS[o]), o) for o in options)
    return found[1] if found[0] >= 0 else token
