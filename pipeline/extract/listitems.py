"""One "Kính gửi" / "Nơi nhận" item put right where a hard scan glued, split or speckled it.

``parties`` cleans each item word by word and snaps runs of words to ``models/bodies.txt``;
these helpers work on the whole item instead, for what a word-by-word reading cannot see:

* spaces lost or added inside a stock item ("VPUBNDtinh", "VPUBĐD tính", "Cổng thông
  tin:điện từ"): the item's letters, spaces and marks aside, within one slip of exactly one
  listed phrase's letters, is that phrase;
* a speck read as a word before the item ("Ö VP UBND tỉnh", "T VP UBND tỉnh");
* the signature column read after the item ("…, 'CHÁNH VĂN PHÒNG", "a chủ Q. BỘ TRƯỞNG");
* one or two characters after a final ":" ("CT, các PCT UBND huyện: tà").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from pipeline.extract.lexicon import phrases
from pipeline.extract.vntext import is_upper_line, strip_accents

MIN_KEY = 7  # letters: shorter phrases ("Sở Y tế") are only ever matched as read
LONG_KEY = 14  # letters: a phrase this long is two slips away from no other (and three from none)
_NOTE_TAIL = re.compile(r"\s*\([^()]{1,6}\)$")
_OFFICES = re.compile(
    r"(?:(?:TM|KT|TL|TUQ|Q)\s*[.:,]\s*)?(?:PH[OÓ]\s+)?(?:CH[UỦ]\s*T[IỊ]CH|GI[AÁẦ]M\s*Đ[OỐỐ]C|B[OỘ]\s*TR[UƯ][OỞ]NG"
    r"|TH[UỨ]\s*TR[UƯ][OỞ]NG|CH[AÁ]NH\s*V[AĂ]N\s*PH[OÒ]NG|TR[UƯ][OỞ]NG\s*PH[OÒ]NG)\W*$"
)


def _key(text: str) -> str:
    """Letters only, no marks, lower case: "VP UBND tỉnh" → "vpubndtinh"."""
    return re.sub(r"[^a-z]", "", strip_accents(text).lower())


@lru_cache(maxsize=1)
def _keys() -> dict[str, str]:
    """Listed phrase by its letters (phrases whose letters collide are left out)."""
    out: dict[str, str] = {}
    seen: set[str] = set()
    for p in phrases()[0]:
        k = _key(p)
        if len(k) >= MIN_KEY:
            if k in out and out[k] != p:
                seen.add(k)
            out[k] = p
    return {k: v for k, v in out.items() if k not in seen}


def _snap_letters(core: str) -> str | None:
    """The one listed phrase whose letters are ``core``'s, or one slip away from them."""
    if any(ch.isdigit() for ch in core):
        return None
    k = _key(core)
    keys = _keys()
    if len(k) < MIN_KEY:
        return None
    if k in keys:
        return keys[k]
    hits = process.extract(k, list(keys), scorer=Levenshtein.distance, score_cutoff=4, limit=4)
    names = {keys[h] for h, d, _ in hits if d <= 1}
    if names:
        return names.pop() if len(names) == 1 else None
    far = {keys[h] for h, d, _ in hits if d <= 4}  # two slips: only a long phrase with no rival near,
    near = [h for h, d, _ in hits if d == 2 and h[-3:] == k[-3:]]  # ending alike (a tail is a note: "UBND pH")
    return keys[near[0]] if len(k) >= LONG_KEY and len(near) == 1 and len(far) == 1 else None


def _lost_head(key: str) -> str | None:
    """The one listed phrase whose letters end with ``key`` after one or two lost letters."""
    hits = {p for k, p in _keys().items() if k.endswith(key) and 0 < len(k) - len(key) <= 2}
    return hits.pop() if len(hits) == 1 else None


def _once(item: str) -> str:
    """A word read (or snapped) twice ("UBND tỉnh tỉnh", "huyện luyện"): the second goes."""
    words = item.split(" ")
    out = words[:1]
    for w in words[1:]:
        a, b = _key(out[-1]), _key(w)
        if w.isalpha() and (a == b or (len(a) >= 4 and len(a) == len(b) and Levenshtein.distance(a, b) == 1 and a[1:] == b[1:])):
            continue
        out.append(w)
    return " ".join(out)


def snap_item(item: str) -> str:
    """``item`` spelled as the listed phrase it reads as, spaces and marks aside; its note
    ("(p/h)") kept; a speck read as a word before it dropped.  Unchanged when none fits."""
    listed = {p.lower() for p in phrases()[0]}
    item = _once(item)
    item = re.sub(r"(?<=[A-ZĐ])\.\s*(?=\([^()]{1,6}\)$)", " ", item)  # "UBND TP. (b/c)": a speck before the note
    note = _NOTE_TAIL.search(item)
    core, tail = (item[: note.start()], item[note.start() :]) if note else (item, "")
    if core.lower() in listed:
        return item
    hit = _snap_letters(core)
    if hit is None:
        first, _, rest = core.partition(" ")
        rest = rest.lstrip(" -–")
        if rest and len(first) <= 2 and (rest.lower() in listed or (hit := _snap_letters(rest))):
            hit = _lost_head(_key(first + rest)) or hit or rest  # "Ö VP UBND tỉnh"; "P UBND tỉnh" is "VP …"
    return f"{hit}{tail}" if hit else item


def cut_tail(item: str) -> str:
    """``item`` without the signature column's capitals after it ("…, 'CHÁNH VĂN PHÒNG") or
    one or two characters of debris after a final ":" ("… huyện: tà", "(p/h): 7")."""
    m = _OFFICES.search(item)
    if m and m.start() > 0 and re.search(r"[,;]\W*$", item[: m.start()]):  # the item closed, then the column
        head = item[: m.start()].rstrip(" ,;:'\"`.-")
        if sum(c.isalpha() for c in head) >= 4 and not is_upper_line(head):
            item = head
    if item.startswith("Lưu"):
        return item
    item = re.sub(r"(?<=\))\s*[,;]\s*[-–]?\s*\S{1,3}$", "", item)  # "(phố), - lư": specks after the note
    item = re.sub(r"(?<=[^\W\d_]),{2,}\s*\S{1,3}$", "", item)  # "UBND huyện,, ¬C": the next column's specks
    item = re.sub(r"(?<=UBND|HĐND)-(?=TP\b|[tT]ỉnh\b|[hH]uyện\b)", " ", item)  # "UBND-TP": a speck (not "TĐ-KT")
    item = re.sub(r"(?<=\.)\s+\.(?=[A-ZĐ])", " ", item)  # "PCT. .UBND"
    return re.sub(r"\s*:\s*[^\s:]{1,2}$", "", item)


def is_signature_debris(item: str) -> bool:
    """An item that is the signature column, not a recipient ("a chủ Q. BỘ TRƯỞNG")."""
    m = _OFFICES.search(item)
    if not m:
        return False
    head = item[: m.start()]
    return sum(c.isalpha() for c in head) < 6 or (sum(c.isalpha() for c in head) < 12 and not re.search(r"[,;]\W*$", head))


_LUU = re.compile(r"^(?P<head>[^\W\d_]{2,5})\s*[:;.,>]?[\s.,'`]*(?P<codes>[A-ZĐŸ].*)$")
TRAIL_DEBRIS = " ;.,:-–'\"`ˆ~_|!*+¬°«»"


def filing_item(text: str) -> str | None:
    """The final "Lưu: VT, NV." item however the small print came out ("bưu: Vt NV. ˆ")."""
    text = re.sub(r"^[^\W\d_]{1,3}\s+[^\w\s]*(?=[LlBb1][ưu]u?\s*[:;])", "", text)  # "sử Lưu: VT NC": a speck before it
    m = _LUU.match(text)
    if not m or not (fuzz.ratio(strip_accents(m.group("head")).lower(), "luu") >= 50
                     or re.match(r"V[TI]\b", m.group("codes"))):  # fmt: skip
        return None
    codes = re.split(r"\.(?:\s|$)", m.group("codes"))[0]
    codes = re.sub(r"^(?:[VŸY][^\s,.;:]{0,2}|[MW]T|T)(?=[\s,.;:]|$)", "VT", codes)  # the archive ("văn thư") is "VT"
    codes = re.sub(r"^[A-ZĐ]T(?=\s*[,;.]\s*[A-ZĐ]{2})", "VT", codes)  # "XT, KT": the archive comes first
    codes = re.sub(r"(?<=[A-ZĐ]{2})\s+[a-zà-ỹđ]{1,3}\s.*$", "", codes)  # "VT, VHXH có SN": the column beside
    codes = re.sub(r"^VT(?=[A-ZĐ]{2,4}$|[A-ZĐ]{2,4}[\s,.;:])", "VT, ", codes)  # "VTNV"
    codes = re.sub(r"(?<=[,;])(\s?[A-ZĐ]{2,3}) ([A-ZĐ]{2,3})(?=[\s.]*$)", r"\1\2", codes)  # "VT,CC HC": kerning
    tokens = [t.lstrip("-–") for t in re.split(r"[\s,.;:]+", codes) if t.strip(TRAIL_DEBRIS)]
    tokens = [t for t in tokens if not re.fullmatch(r"[a-zà-ỹđ]", t)]  # "VT, j CCHC": a speck among the codes
    while len(tokens) > 2 and not tokens[-1].isupper() and not re.search(r"[()\d]", tokens[-1]):
        tokens.pop()  # "VT, NC., ý": the signature column's specks after the codes
    if tokens and all(t.isupper() and len(t) <= 6 for t in tokens):  # unit codes: "VT, HCTH"
        tokens = [_plain_code(t) for t in tokens]
        return "Lưu: " + ", ".join(tokens)
    return "Lưu: " + re.sub(r"\s*[,;]\s*", ", ", codes.strip(TRAIL_DEBRIS)).strip(TRAIL_DEBRIS)


def _plain_code(token: str) -> str:
    """A unit code is plain capitals (and Đ): a mark a speck added goes ("ÑV", "TŒKH")."""
    return unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", token.replace("Œ", "C")) if unicodedata.category(c) != "Mn"
    ))  # fmt: skip


def as_above(items: list[str]) -> list[str]:
    """A letter sent "Kính gửi" its addressees lists them first under "Nơi nhận" as "Như
    trên" ("as above"): a first item a scan garbled ("NN nên", "Nhưtyên; - nh 2") that reads
    as no listed phrase, opens with "N" and is that short, or is two slips from it, is it."""
    if not items or items[0].lower() in {p.lower() for p in phrases()[0]} or items[0].startswith("Lưu"):
        return items
    first = items[0]
    key = re.sub(r"[^a-z]", "", strip_accents(first.split(";")[0]).lower())
    near = len(key) >= 5 and Levenshtein.distance(key, "nhutren") <= 2
    short = first[:1] == "N" and len(first.split()[0]) <= 3 and len(key) <= 6
    return ["Như trên", *items[1:]] if near or short else items

