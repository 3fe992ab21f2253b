"""Scan debris out of body text, keeping every character offset where it was.

A hard scan (200 dpi, noise, blur, a seal) strews ink specks between a letter's words and
glues punctuation to them: "tối ¡thiếu", "ít‹hơn", "xây 'dựng", "ký-tối thiểu", "cơ.quan",
"trong\\n:\\nthời hạn", "trước l7 giờ ngày Ì1 tháng 12".  The clause readers (deadlines,
quotas) match stock phrases, so each speck costs a whole obligation.  ``denoise`` blanks
such debris and puts digits back for the letters a scan reads for them, character for
character (a speck becomes a space), so spans found in the result are spans of the text.

Only what a records clerk would call noise is touched: characters Vietnamese prose never
prints, quotes and dashes glued to a lower-case word, a full stop or a colon *inside* a
sentence (a lower-case word follows), and I/l/Ì/| or O/o where digits surround them.
Capitals, symbols ("KH-UBND"), numeric dates ("02-12-2023") and sentence ends are kept.
"""

from __future__ import annotations

import datetime as dt
import re

#: Lower-case letters only: the usual "à-ỹ" range also holds "Đ", "Ấ", "Ơ"… (a sentence start).
_LOWER = "a-z" + "".join(c for c in map(chr, range(0xE0, 0x1EFA)) if c.islower() and c.isalpha())
#: Characters a Vietnamese letter's running text never prints: specks read as glyphs.
_ALIEN = re.compile(r"[¡¿‹›«»·•ˆ¬~°^|¦§¨´¸˜ÿšžŸ_¤©®±¹²³¼½¾×÷\\]")
#: A quote glued to the start or end of a lower-case word, or standing alone.
_QUOTE = re.compile(rf"['`\"‘’“”](?=[{_LOWER}])|(?<=[{_LOWER}])['`\"‘’“”](?=\d)|(?<=[{_LOWER}])['`\"‘’“”](?=\s)|(?<=\s)['`\"‘’“”]+(?=\s)"
    rf"|(?<=[{_LOWER}]\s)['`\"‘’“”](?=[^\W_])")  # "hạn '5 ngày", 'buổi "Tuyên truyền'
#: A dash glued to a lower-case word ("ký-tối", " -thiếu", ")-báo", "hơn-5"), not "KH-UBND"
#: nor "02-12-2023"; and a dash opening a line that goes on in lower case ("\n- trinh").
_DASH = re.compile(
    rf"(?<=[{_LOWER}])-(?=[{_LOWER}\d])|(?<=[\s)])-(?=[{_LOWER}])|(?<=[{_LOWER}])-(?=\s)"
    rf"|(?<=\n)[ \t]*-[\s-]*(?=\s[{_LOWER}])"  # "\n- - là ngày": a speck, not a list item
)
#: A full stop inside a sentence: between two lower-case letters ("cơ.quan"), between a word
#: and a number ("thiếu.06"), or after a word with a lower-case word next ("Hạn. chót").
_STOP = re.compile(rf"(?<=[{_LOWER}])\.(?=[{_LOWER}\d])|(?<=[{_LOWER}])\.(?=\s+(?!ngày)[{_LOWER}])")
#: A colon standing alone between words ("Không : ít hơn", "trong\\n:\\nthời hạn"), or a comma
#: opening a line (", mới"): never punctuation a clerk typed.
_LONE = re.compile(rf"(?<=\s)[:,;](?=\s+(?!ngày)[{_LOWER}])|(?<=\n)[,;](?=\s*[{_LOWER}])")
#: Letters a scan reads for a digit, when a digit stands next to them: "l7", "Ì1", "1l", "O5".
_ONE = re.compile(r"(?<=\d)[IlÌÍìí|!](?![^\W\d_])|(?<![^\W\d_])[IlÌÍìí|!](?=\d)|(?<=\b[12]\d\d)\](?!\w)")  # "202]"
_ZERO = re.compile(r"(?<=\d)[OoÖöØø](?![^\W\d_])|(?<![^\W\d_])[OoÖöØø](?=\d)")


#: A lone "i"-like stroke between words ("không Ì ít hơn", "không í ít"): no Vietnamese word.
_STROKE = re.compile(r"(?<=\s)[iìÌíÍỉĩịïÏlḷ|!](?=\s)")
#: A lone consonant between two words ("chuyên r môn", "báo cáo c kết quả"): no such word.
_LONE_CONSONANT = re.compile(rf"(?<=[{_LOWER}]\s)[bcdđghkmnpqrstvx](?=\s+[^\W\d_])")


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


def denoise(text: str) -> str:
    """``text`` with scan debris blanked and misread digits put right (same length)."""
    text = _ONE.sub("1", text)
    text = _ZERO.sub("0", text).replace("Ñ", "N").replace("ñ", "n")  # "UBÑD": no Vietnamese letter
    for pattern in (_ALIEN, _QUOTE, _DASH, _STOP, _LONE, _STROKE, _LONE_CONSONANT):
        text = pattern.sub(_blank, text)
    return text


# ------------------------------------------------------------------ numeric dates a scan broke
#: The digits and separators right after "ngày" ("ngày 21711/2023", "ngày: 2373 hằng năm",
#: "ngày 3/1 1/2026", "ngày 27/ 12022", "ngày 26:02.2021").
_AFTER_NGAY = re.compile(r"(?i:ng[àảáạãa]y)[\s:.,'\"`]*(?P<tok>\d[\d/.\-:), ]{1,12}\d)(?![\d/])")
_FULL = re.compile(r"(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{4}))?")


def _as_date(text: str) -> tuple[int, int, int | None] | None:
    m = _FULL.fullmatch(text)
    if not m:
        return None
    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None
    try:
        dt.date(year or 2000, month, day)
    except ValueError:
        return None
    return day, month, year


def _candidates(token: str, with_year: bool) -> set[str]:
    """Readings of a broken date: spaces dropped, ":" for a separator, one "7"/"1" that was a
    slash, or one slash lost before the year."""
    s = token.replace(" ", "").replace(":", "/").replace(")", "/").replace(",", "/")  # "25,09.2025"
    out = {s}
    for i in range(1, len(s) - 1):
        if s[i] in "71" and s[i - 1].isdigit() and s[i + 1].isdigit():
            out.add(s[:i] + "/" + s[i + 1 :])
    if with_year and re.fullmatch(r"\d{1,2}/\d{5,6}", s):
        out.add(s[:-4] + "/" + s[-4:])
    return out


def _near(year: int | None, reference: str | None) -> bool:
    if year is None or not reference or not reference[:4].isdecimal():
        return True
    return -1 <= year - int(reference[:4]) <= 2


def repair_dates(text: str, reference: str | None) -> str:
    """Numeric dates after "ngày" that a scan broke, put right when exactly one reading is a
    valid date near the letter's date ``reference`` ("21711/2023" → "21/11/2023").

    A token that already reads as a whole date is left alone; the result may differ in length
    from ``text`` only inside a repaired token.
    """
    def fix(m: re.Match[str]) -> str:
        tok = m.group("tok")
        if _as_date(tok) and not re.search(r"[\s:)]", tok):
            return m.group(0)
        with_year = bool(re.search(r"\d{4}$", tok)) and len(tok.replace(" ", "")) > 4  # "2373": 23/3
        found = {c for c in _candidates(tok, with_year) if (d := _as_date(c)) and _near(d[2], reference)
                 and (d[2] is not None) == with_year}  # fmt: skip
        if len(found) != 1:
            return m.group(0)
        return m.group(0)[: m.start("tok") - m.start()] + found.pop()

    return _AFTER_NGAY.sub(fix, text)
