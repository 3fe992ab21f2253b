"""Parse a seed letter's plain text (``shared/seeds/*.txt``) into a :class:`Letter`.

The seeds are Decree 30 letters whose two-column header was flattened line by line (sometimes
both columns on one line), with ``**bold**`` markdown and page breaks that split paragraphs.
The parser reads the genre, not the files: the motto is recognised by its fixed words, the
number by "Số:", the date line by "…, ngày … tháng … năm …", the title as a short all-caps
line, lists by their dashes, and the signer block as the trailing capitals and name.  What a
seed does not print (no number, no signer name) stays blank.
"""

from __future__ import annotations

import re

from pipeline.samples.letter import MOTTO, Letter
from pipeline.samples.typeset import nfc

_BOLD = re.compile(r"\*{2,3}(.+?)\*{2,3}", re.DOTALL)
_NUMBER = re.compile(r"^S[ốố]\s*:", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^[^\d,]{2,40},\s*ngày\b.*\btháng\b.*\bnăm\s*\d{4}\s*$")
_MOTTO_1 = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI.*NAM")
_MOTTO_2 = re.compile(r"Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc")
_MARKS = ("THƯỢNG KHẨN", "HỎA TỐC", "HOẢ TỐC", "KHẨN", "TUYỆT MẬT", "TỐI MẬT", "MẬT")
_AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q|PP)\.\s")
_LIST_START = re.compile(r"^(-|\+|\d+(\.\d+)*\.|[a-zđ]\)|[IVXLC]+\.)\s")
_END_PUNCT = tuple(".:;!?)\"”…/")
_GENERIC_BODIES = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")


def _blocks(lines: list[str]) -> list[list[str]]:
    """Groups of consecutive non-blank lines."""
    out: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            out[-1].append(line)
        elif out[-1]:
            out.append([])
    return [b for b in out if b]


def _split_header(lines: list[str]) -> tuple[list[str], tuple[str, str]]:
    """Separate the issuer column from the motto column of a flattened header."""
    left: list[str] = []
    motto = list(MOTTO)
    for line in lines:
        for i, pat in enumerate((_MOTTO_1, _MOTTO_2)):
            m = pat.search(line)
            if m:
                motto[i] = m.group(0)
                line = line[: m.start()]
        if line.strip():
            left.append(" ".join(line.split()))
    return left, (motto[0], motto[1])


def _issuer(left: list[str]) -> tuple[list[str], list[str]]:
    """(parent lines, issuer lines): a generic body name continues on the next line."""
    if len(left) <= 1 or (len(left) == 2 and left[0].upper() in _GENERIC_BODIES):
        return [], left
    if left[-2].upper() in _GENERIC_BODIES:
        return left[:-2], left[-2:]
    return left[:-1], left[-1:]


def _paragraphs(lines: list[str]) -> list[str]:
    """Body paragraphs: join hard-wrapped lines, split at indented or enumerated starts,
    and re-join paragraphs a page break split (no end punctuation, next starts lower-case)."""
    paras: list[str] = []
    for block in _blocks(lines):
        current = ""
        for line in block:
            text = line.strip()
            starts_new = current and (line[:1].isspace() or _LIST_START.match(text)) \
                and current.endswith(_END_PUNCT)
            if starts_new:
                paras.append(current)
                current = text
            else:
                current = f"{current} {text}".strip()
        paras.append(current)
    merged: list[str] = []
    for para in paras:
        if merged and not merged[-1].endswith(_END_PUNCT) and para[:1].islower():
            merged[-1] = f"{merged[-1]} {para}"
        else:
            merged.append(para)
    return merged


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _looks_like_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words) \
        and not _is_caps(line) and not any(c in line for c in ".,:;()/-")


def _signer(lines: list[str]) -> tuple[list[str], str | None, str | None, int]:
    """Trailing signer block: (authority lines, title, name, index where it starts)."""
    cut = len(lines)
    while cut and not lines[cut - 1].strip():
        cut -= 1
    name = None
    if cut and _looks_like_name(lines[cut - 1].strip()):
        name = lines[cut - 1].strip()
        cut -= 1
    caps: list[str] = []
    while cut:
        text = lines[cut - 1].strip()
        if text and not (_is_caps(text) and len(text.split()) <= 8):
            break
        if text:
            caps.insert(0, text)
        cut -= 1
    if not caps and name is None:
        return [], None, None, len(lines)
    authority = [c for c in caps if _AUTHORITY.match(c)]
    rest = [c for c in caps if not _AUTHORITY.match(c)]
    title = rest[-1] if rest else None
    return authority + rest[:-1], title, name, cut


def _dash_list(lines: list[str], start: int) -> tuple[list[str], int]:
    """Dash items from ``start`` (blank lines allowed between them); returns (items, next index)."""
    items: list[str] = []
    i = start
    while i < len(lines):
        text = lines[i].strip()
        if text.startswith(("-", "+")):
            items.append(" ".join(text.split()))
        elif text:
            break
        i += 1
    return items, i


def _article(lines: list[str]) -> Letter:
    content = [" ".join(line.split()) for line in lines if line.strip()]
    return Letter(issuer_lines=[], number_line="", place_date="", body=content[1:],
                  subject_lines=content[:1], article=True, seal=False)


def letter_from_seed_text(text: str) -> Letter:
    """Parse a seed's plain text into a :class:`Letter` (news articles get ``article=True``)."""
    text = nfc(text).replace("\r", "")
    bold = [" ".join(m.group(1).split()) for m in _BOLD.finditer(text)]
    text = _BOLD.sub(r"\1", text)
    lines = [line.rstrip() for line in text.split("\n")]
    num_at = next((i for i, ln in enumerate(lines) if _NUMBER.match(ln.strip())), None)
    if num_at is None:
        return _article(lines)
    left, motto = _split_header(lines[:num_at])
    parent, issuer = _issuer(left)
    fields: dict = {"number_line": " ".join(lines[num_at].split()), "motto": motto,
                    "parent_lines": parent, "issuer_lines": issuer}
    i = num_at + 1
    body_start = _front_matter(lines, i, fields)
    dist_at = next((j for j in range(body_start, len(lines))
                    if lines[j].strip().startswith("Nơi nhận")), None)
    tail_from = dist_at if dist_at is not None else len(lines)
    body_lines = lines[body_start:tail_from]
    tail = lines[tail_from:]
    if dist_at is not None:
        fields["distribution"], k = _dash_list(tail, 1)
        tail = tail[k:]
    authority, title, name, cut = _signer(tail if dist_at is not None else body_lines)
    if dist_at is None:
        body_lines = body_lines[:cut]
    body = _paragraphs(body_lines)
    fields["bold_phrases"] = [b for b in dict.fromkeys(bold) if any(b in p for p in body)]
    return Letter(body=body, authority_lines=authority, signer_title=title,
                  signer_name=name, place_date=fields.pop("place_date", ""), **fields)


def _front_matter(lines: list[str], i: int, fields: dict) -> int:
    """Read V/v, marks, place-date, title + subject and "Kính gửi" after the number line;
    fills ``fields`` and returns the index where the body starts."""
    subject: list[str] = []
    while i < len(lines):
        text = " ".join(lines[i].split())
        if not text:
            i += 1
        elif text.startswith("V/v"):
            while i < len(lines) and lines[i].strip():
                subject.append(" ".join(lines[i].split()))
                i += 1
        elif text.upper() in _MARKS:
            key = "secrecy" if "MẬT" in text.upper() else "urgency"
            fields[key] = text
            i += 1
        elif _PLACE_DATE.match(text) and "place_date" not in fields:
            fields["place_date"] = text
            i += 1
        elif _is_caps(text) and len(text.split()) <= 6 and "doc_title" not in fields:
            fields["doc_title"] = text
            block = _blocks(lines[i + 1:])
            subject = [" ".join(s.split()) for s in block[0]] if block else []
            i += 1
            while i < len(lines) and not lines[i].strip():
                i += 1
            i += len(subject)
        elif text.startswith("Kính gửi"):
            rest = text.split(":", 1)[1].strip() if ":" in text else ""
            items, i = _dash_list(lines, i + 1)
            fields["recipients"] = ([rest] if rest else []) + items
        else:
            break
    fields["subject_lines"] = subject
    return i
