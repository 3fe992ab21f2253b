"""Contacts: e-mail addresses and telephone numbers printed in the letter.

Phones are reported as digits only (a leading "+" kept): "(0251) 3822.123" → "02513822123",
so that the same number printed two ways is one contact.
"""

from __future__ import annotations

import re

from pipeline.extract.base import Context, Found
from pipeline.extract.localities import is_place
from pipeline.extract.vntext import strip_accents

EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
PHONE = re.compile(
    r"(?<![\d/])(?<!\d[.\-])(?:\+84|\(0\d{2,3}\)|0)[\s.\-]?\d{2,4}(?:(?:[.\-:]\s|\s[.\-]|[\s.\-:])?\d{2,4}){1,3}(?![\d/])"
)
_PHONE_CUE = re.compile(r"(?:điện thoại|ĐT|SĐT|sđt|Tel|di động|hotline|liên hệ)\W{0,12}$", re.I)


_DOMAIN = re.compile(
    r"@(?P<host>[A-Za-z0-9\-]+)\s*[.,:]\s*['`\-]?(?P<mid>[A-Za-z0-9øØ]{2,4})\s*[.,:]?\s*(?P<tld>(?i:v?vn|v[ihr1l]r?|com|net|org))\b"
)
_LOCAL = re.compile(r"[^\W_][\w.\-]{0,63}(?=@)")  # bounded (a local part is ≤ 64): linear time


def _repair_domains(text: str) -> str:
    """"tonghop62@tayninh. g0V.vn" → "tonghop62@tayninh.gov.vn"; "vânthu14@" → "vanthu14@".

    Scans split a domain at its dots and misread the letters of "gov" (the state's own
    second-level domain, the one letters print); an address has no accented letters.
    """

    def domain(m: re.Match[str]) -> str:
        mid, tld = m.group("mid").lower(), m.group("tld").lower()
        if len(mid) == 4 and mid.endswith("ov") and mid[0] in "g8ø0o6":
            mid = "g" + mid[2:]  # "ø0ov": the "g" read as two glyphs
        if len(mid) == 3 and sum(a == b for a, b in zip(mid.translate(_GOV_LOOKALIKE), "gov", strict=True)) >= 2:
            mid = "gov"  # "g0v", "8ov", "øov", "80V"
        if mid == "gov" and tld.startswith("v"):
            tld = "vn"  # "gov.vir", "gov.VI": the state's domain is ".gov.vn"
        host = _snap_host(m.group("host")) if mid == "gov" else m.group("host")
        return f"@{host}.{mid}.{tld}"

    text = _DOMAIN.sub(domain, text)
    # "@dongnai. gov. -": the ".vn" lost (a Vietnamese state mailbox is always "….gov.vn")
    text = re.sub(r"@([A-Za-z0-9\-]+)\s*[.,]\s*gov(?!\w|\s*[.,:]?\s*[A-Za-z])", r"@\1.gov.vn", text)
    # "@binhdinh. govảửn.": the ".vn" read as a run of marked letters, still ending in "n"
    text = re.sub(r"@([A-Za-z0-9\-]+)\s*[.,]\s*gov[^\W\d_a-z]{1,2}n(?!\w)", r"@\1.gov.vn", text)
    return _LOCAL.sub(lambda m: _local_digits(strip_accents(m.group(0))), text)


def _snap_host(host: str) -> str:
    """A province's state domain is its name without marks or spaces ("tayninh.gov.vn"): a
    host one slip away from exactly one listed place name ("1ayninh", "0dongnai") is that
    name.  Short hosts ("moj", "mof") and hosts no listed name is near are left alone."""
    low = host.lower()
    if len(low) < 6 or is_place(low):
        return host
    if is_place(low.replace("j", "i")):  # "taynjnh": Vietnamese writes no "j", a scan reads one for "i"
        return low.replace("j", "i")
    near = {c for c in _one_slip(low) if c.isalpha() and is_place(c)}
    return near.pop() if len(near) == 1 else host


def _one_slip(word: str) -> set[str]:
    """Every spelling one letter away from ``word`` (one dropped, changed or added)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in cuts if b}
    out |= {a + c + b[1:] for a, b in cuts if b for c in letters}
    return out | {a + c + b for a, b in cuts for c in letters}


_GOV_LOOKALIKE = str.maketrans("086", "ogg")
_DIGIT_LOOKALIKE = str.maketrans("BSOIl", "85011")
_DIGIT_LOOKALIKE_ALL = str.maketrans("BðOoIl", "880011")
#: A number right after its cue ("điện thoại: 0ð79 670 259"): one letter a scan read for a digit.
_CUED_NUMBER = re.compile(r"(?<=thoại:)(\s*)(0[\dBðOoIl]{2,3}[\s.]?\d{3}[\s.]?\d{3,4})(?!\d)", re.I)


def _local_digits(local: str) -> str:
    """Addresses are printed in lower case: a capital beside the digits is a misread digit
    ("tonghopB5" → "tonghop85", "vanthuS" → "vanthu5")."""
    return re.sub(r"(?<=[a-z\d])[BSOIl](?=\d|$)|(?<=\d)[BSOI](?=\d|$)", lambda m: m.group(0).translate(_DIGIT_LOOKALIKE), local)


_AT_AS_BRACKET = re.compile(  # "@" read as "(", "()", "[" or "⁄2" ("vanthu34⁄2tayninh.gov.vn")
    r"(?<=[a-z\d])(?:[(\[]\)?|⁄2)(?=[a-z][a-z0-9\-]*\s*[.,:]\s*['`]?[A-Za-z0-9øØ]{2,4}\s*[.,]\s*(?i:vn|com|net|org)\b)"
)


def _digits(text: str) -> str:
    return ("+" if text.strip().startswith("+") else "") + re.sub(r"\D", "", text)


def extract_contacts(ctx: Context) -> dict[str, Found]:
    emails: list[str] = []
    phones: list[str] = []
    spans: list[tuple[int, int]] = []
    fixed = re.sub(r"(?<=\w)\s?[(\[]?[®©@]+[)\]]?\s?(?=\w)", "@", ctx.flat)  # "vanthu(@@x" off a scan
    fixed = _AT_AS_BRACKET.sub("@", fixed)  # "vanthu35(binhdinh.gov.vn", "vanthu52()dongnai. gOV. vn"
    fixed = re.sub(r"(?<=\w)([_.\-])\s+(?=\w+@)", r"\1", fixed)  # "phong_ sonv@…" wrapped at "_"
    fixed = re.sub(r"(?<=[a-z]) (?=\d{1,3}@)", "", fixed)  # "cchc 1@…": a space read inside the mailbox
    fixed = re.sub(r"@[^\s@]+", lambda m: strip_accents(m.group(0)), fixed)  # "@dọngnai.gov.vn"
    fixed = _repair_domains(fixed)
    # "cchc44tayninh.gov.vn": the "@" lost between a mailbox's number and the state's domain
    fixed = re.sub(r"(?<![\w@.])([a-z]+\d+)(?=[a-z][a-z\-]{2,}\.gov\.vn\b)", r"\1@", fixed)
    for m in EMAIL.finditer(fixed):
        e = m.group(0).rstrip(".").lower().replace(" ", "")
        if e not in emails:
            emails.append(e)
            local = ctx.flat.find(e.split("@")[0])
            if local >= 0:
                spans.append((local, local + len(e)))
    # "(096B) 485773": a letter a scan read for a digit inside an area code's brackets
    phone_text = re.sub(r"\([0-9BOoIl]{3,4}\)", lambda m: m.group(0).translate(_DIGIT_LOOKALIKE_ALL), ctx.flat)
    phone_text = _CUED_NUMBER.sub(lambda m: m.group(1) + m.group(2).translate(_DIGIT_LOOKALIKE_ALL), phone_text)
    for m in PHONE.finditer(phone_text):
        d = _digits(m.group(0))
        cue = _PHONE_CUE.search(phone_text[max(0, m.start() - 40) : m.start()])
        if not 9 <= len(d.lstrip("+")) <= 12 or (not cue and not d.startswith(("09", "08", "03", "07", "05", "02", "+84"))):
            continue
        if d not in phones:
            phones.append(d)
            spans.append((m.start(), m.end()))
    span = (min(s for s, _ in spans), max(e for _, e in spans)) if spans else None
    score = 0.95 if spans else 0.9
    return {"contacts": Found({"emails": emails, "phones": phones}, score, span)}
