"""Document types and their abbreviations (Decree 30/2020/NĐ-CP, Appendix III)."""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from pipeline.extract.vntext import fold, strip_accents

#: Abbreviation in a symbol ("KH-UBND") → type name as RECORD.md writes it.
TYPE_ABBREVIATIONS: dict[str, str] = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế",
    "QYĐ": "Quy định", "TC": "Thông cáo", "TB": "Thông báo", "HD": "Hướng dẫn",
    "CTr": "Chương trình", "KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án",
    "DA": "Dự án", "BC": "Báo cáo", "BB": "Biên bản", "TTr": "Tờ trình",
    "HĐ": "Hợp đồng", "CĐ": "Công điện", "BGN": "Bản ghi nhớ", "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền", "GM": "Giấy mời", "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép", "PG": "Phiếu gửi", "PC": "Phiếu chuyển", "PB": "Phiếu báo",
    "CK": "Bản cam kết", "TTLT": "Thông tư liên tịch", "TT": "Thông tư", "NĐ": "Nghị định",
}  # fmt: skip

#: Type names a title line or a citation may use.
TYPE_NAMES: tuple[str, ...] = (
    "Công văn", "Văn bản", "Kế hoạch", "Quyết định", "Thông báo", "Báo cáo", "Tờ trình",
    "Hướng dẫn", "Chỉ thị", "Nghị quyết", "Nghị định", "Thông tư", "Công điện", "Giấy mời",
    "Chương trình", "Phương án", "Đề án", "Quy chế", "Quy định", "Biên bản", "Thông cáo",
    "Bản cam kết", "Hợp đồng", "Giấy giới thiệu", "Luật", "Dự án", "Thông tư liên tịch",
)  # fmt: skip

_BY_FOLD = {fold(n): n for n in TYPE_NAMES}
TYPE_NAME_RE = "|".join(sorted((re.escape(n) for n in TYPE_NAMES), key=len, reverse=True))


_BY_BARE = {strip_accents(k): n for k, n in _BY_FOLD.items()}
#: Type names that end a body's name ("PHÒNG TÀI CHÍNH - KẾ HOẠCH"): never a title after a dash.
_BODY_TAILS = {"Kế hoạch", "Đầu tư"}


def type_from_title(line: str) -> str | None:
    """"KẾ HOẠCH" → "Kế hoạch" when the whole line is a type name.

    Off a scan the marks may slip ("KỂ HOẠCH", "HƯỚNG ĐẪN") and debris may cling ("QUYẾT ĐỊNH ˆ",
    "- QUYẾT ĐỊNH"): a short line whose letters, unaccented, spell a type name is that type.
    """
    hit = _BY_FOLD.get(fold(line.strip(" .:")))
    if hit is None and len(line) < 40:
        dashed = line.lstrip().startswith("-")
        bare = strip_accents(fold(re.sub(r"[^\w\s]|_|\d", " ", line, flags=re.UNICODE)))
        letters = " ".join(w for w in bare.split() if w.isalpha() and w.isascii())
        hit = _BY_BARE.get(letters) or _squeezed_type(letters.replace(" ", ""))
        if hit in _BODY_TAILS and dashed:
            hit = None  # the end of a body's name, "PHÒNG TÀI CHÍNH / - KẾ HOẠCH"
    return hit


_BY_SQUEEZED = {k.replace(" ", ""): n for k, n in _BY_BARE.items()}


def _squeezed_type(squeezed: str) -> str | None:
    """A title whose space a scan lost ("TỜTRÌNH") or whose one letter it misread ("FỜ TRÌNH"):
    the one type name within an edit of it, for names of six letters or more."""
    if squeezed in _BY_SQUEEZED:
        return _BY_SQUEEZED[squeezed]
    if len(squeezed) < 6:
        return None
    near = {n for k, n in _BY_SQUEEZED.items() if len(k) >= 6 and Levenshtein.distance(k, squeezed) <= 1}
    return near.pop() if len(near) == 1 else None


def canonical_type(name: str) -> str | None:
    """"công văn" → "Công văn" ("Văn bản" is how articles call a công văn); a scan's slipped
    marks ("Thống tư") are forgiven, type names being distinct without their marks."""
    name = re.sub(r"[^\w\s]|_", " ", name)  # "Nghị. định", "Hướng, dẫn"
    return _BY_FOLD.get(fold(name)) or _BY_BARE.get(strip_accents(fold(name)))


def type_from_symbol(symbol: str | None) -> str | None:
    """The type a symbol encodes ("KH-UBND" → "Kế hoạch"); None for a công văn's symbol."""
    if not symbol:
        return None
    parts = symbol.split("/")[-1].split("-")
    if len(parts) >= 2:
        return TYPE_ABBREVIATIONS.get(parts[0])
    return None


_ABBR_OF = {name: abbr for abbr, name in TYPE_ABBREVIATIONS.items()}


def fix_symbol(symbol: str, type_name: str | None) -> str:
    """Put right a type abbreviation OCR misread by one letter ("TTIr-NV" cited as a Tờ trình)."""
    abbr = _ABBR_OF.get(type_name or "")
    if not abbr or not symbol:
        return symbol
    parts = symbol.split("/")
    head, sep, rest = parts[-1].partition("-")
    lost_tail = abbr.startswith(head) and len(abbr) == len(head) + 1  # "TT-UBND" under TỜ TRÌNH
    if not sep or head == abbr or Levenshtein.distance(head, abbr) != 1 or (head in TYPE_ABBREVIATIONS and not lost_tail):
        return symbol
    parts[-1] = f"{abbr}-{rest}"
    return "/".join(parts)


def fix_org_code(symbol: str | None) -> str | None:
    """"UBND" in a symbol as a scan misread it ("UBÑD", "UBNP", "JUBND") put right: a part one
    letter from "UBND" that keeps its "UB" head or "BND" tail (no other body's code does)."""
    if not symbol:
        return symbol

    def fix(part: str) -> str:
        bare = strip_accents(part).upper()
        if part == "UBND" or not 3 <= len(part) <= 5:
            return part
        if bare == "UBND" or (
            Levenshtein.distance(bare, "UBND") == 1 and (bare.startswith("UB") or bare.endswith("BND"))
        ):
            return "UBND"
        return part

    return re.sub(r"[^\W_]+", lambda m: fix(m.group(0)), symbol)


def kerned_symbol(sym: str, after: str) -> tuple[str, str]:
    """The symbol a scan broke with a space ("UBND- TH", "T B-UBND", "TB B-STP": a letter read
    twice across the gap), joined, and what is left of the line after it.  The type code
    joined must be one the decree lists (``type_from_symbol``) unless the break was after
    the hyphen."""
    if sym.endswith("-") and (t := re.match(r"\s{1,2}([A-ZĐ]{2,}[\wĐđ]*)(?![\w])", after)):
        return sym + t.group(1), after[t.end() :]
    if "-" in sym or not re.fullmatch(r"[A-ZĐ]{1,2}", sym):
        return sym, after
    t = re.match(r"\s{1,2}([A-ZĐ]{1,2}-[A-ZĐ][\wĐđ.&\-]*)", after)
    if not t:
        return sym, after
    tok = t.group(1)
    for cand in ((sym + tok[1:]) if sym[-1] == tok[0] else None, sym + tok):
        if cand and type_from_symbol(cand):
            return cand, after[t.end() :]
    return sym, after
