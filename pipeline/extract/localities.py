"""Administrative unit names, to put right the tone marks OCR gets wrong in place names.

``models/localities.txt`` lists the names of Vietnam's provinces, districts and communes
(before and after the 2025 reorganisation) with how often each occurs.  A place name read off
a scan ("VINH LINH" in the header, "Vĩnh Lình" in the date line) is replaced by the listed
name with the same letters — the most frequent one when several share them.  Names already
in the list, and names with no listed look-alike, are left alone.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pipeline.extract.vntext import LOCALITY_WORDS, strip_accents

log = logging.getLogger(__name__)
ARTIFACT = "localities.txt"


@lru_cache(maxsize=1)
def _index(models_dir: Path | None = None) -> tuple[frozenset[str], dict[str, str]]:
    from pipeline.settings import get_settings

    path = (models_dir or get_settings().models_dir) / ARTIFACT
    if not path.is_file():
        log.warning("%s missing: place names are not checked", path)
        return frozenset(), {}
    names: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, freq = line.partition("\t")
            names[name] = int(freq or 1)
    best: dict[str, str] = {}
    for name, n in names.items():
        for key in (strip_accents(name).lower(), "~" + strip_accents(name).lower().replace(" ", "")):
            if key not in best or n > names[best[key]]:
                best[key] = name
    return frozenset(names), best


def canonical_place(name: str) -> str:
    """``name`` as the list spells it ("Vĩnh Lình" → "Vĩnh Linh"); unchanged when unknown."""
    known, best = _index()
    if not name or name in known:
        return name
    bare = strip_accents(name).lower()
    if " " not in name and len(name) >= 6:  # "Quynhlưu", "Hoằnghóa": the space lost on a scan
        return best.get(bare, best.get("~" + bare, name))
    return best.get(bare, name)


def snap_place(name: str) -> str:
    """``name`` as the list spells it, through the slips of a hard scan as well: the spaces
    lost ("bácninhh"), one letter lost, added or misread ("Vũ Nnh", "Dilnh"), or a syllable
    read twice ("Trảng Trángc Bom").  Only a single listed name within reach is taken; a
    name with none (or with two) is returned as :func:`canonical_place` leaves it."""
    first = canonical_place(name)
    known, best = _index()
    if not name or first != name or name in known:
        return first
    words = name.split()
    for i in range(1, len(words)):  # a syllable read twice: "Trảng Trángc Bom"
        a, b = strip_accents(words[i - 1]).lower(), strip_accents(words[i]).lower()
        if len(a) >= 3 and Levenshtein.distance(a, b) <= 1:
            shorter = " ".join([*words[:i], *words[i + 1 :]])
            if (hit := best.get(strip_accents(shorter).lower())) is not None:
                return hit
    return _near(strip_accents(name).lower().replace(" ", "")) or name


def is_place(letters: str) -> bool:
    """Whether ``letters`` (any case, marks and spaces aside) spell a listed name ("MONGTHỌ")."""
    return "~" + strip_accents(letters).lower().replace(" ", "") in _index()[1]


def _near(squeezed: str) -> str | None:
    """The one listed name whose letters (spaces aside) are one edit from ``squeezed``."""
    if len(squeezed) < 5:
        return None
    keys = _squeezed_keys()
    hits = process.extract(squeezed, keys, scorer=Levenshtein.distance, score_cutoff=1, limit=3)
    names = {_index()[1]["~" + k] for k, d, _ in hits if d <= 1 and k[:1] == squeezed[:1]}
    return names.pop() if len(names) == 1 else None


@lru_cache(maxsize=1)
def _squeezed_keys() -> list[str]:
    return [k[1:] for k in _index()[1] if k.startswith("~")]


def agree_locality(name: str | None, parent: str | None) -> str | None:
    """A body under a local committee names the committee's locality ("Phòng Nội vụ huyện X"
    under "Ủy ban nhân dân huyện X"): when the scan dropped or garbled the level word before
    the same proper name ("… Thông tin Nhơn Trạch", "… Môi trường phố Đà Nẵng"), the parent
    line, printed on its own, supplies it.  Any other name is returned as read."""
    m = _LEVEL.search(parent or "")
    if not name or not m:
        return name
    level, proper = m.group(1).lower(), parent[m.end() :].strip()  # type: ignore[index]
    n = len(proper.split())
    words = name.split()
    if not proper or len(words) <= n + 1 or name.lower().endswith(f"{level} {proper}".lower()):
        return name
    if strip_accents(" ".join(words[-n:])).lower() != strip_accents(proper).lower():
        return name
    head = words[:-n]
    level_words = level.split()
    while head and head[-1] != level_words[-1] and _level_debris(head[-1], level_words):
        head.pop()  # "phố" of "thành phố", "huyên", "luyện": the level word as misread
    if head and head[-1].lower() == level_words[-1] and len(level_words) > 1 and head[-2:-1] != level_words[:1]:
        head.pop()
    if len(head) < 2:
        return name
    return " ".join([*head, level, proper])


_LEVEL = re.compile(r"\b(thành phố|thị xã|thị trấn|tỉnh|huyện|quận|phường|xã)\s+(?=[A-ZĐÀ-Ỹ])", re.IGNORECASE)


def _level_debris(word: str, level_words: list[str]) -> bool:
    w = strip_accents(word).lower()
    return any(w == strip_accents(lw) or (len(lw) >= 4 and Levenshtein.distance(w, strip_accents(lw)) <= 1)
               for lw in level_words)  # fmt: skip


_LOCALITY = re.compile(r"\b(" + "|".join(LOCALITY_WORDS) + r")\b", re.IGNORECASE)


def respell(name: str, place: str | None) -> str:
    """Take a locality's spelling from the date line ("PHU YEN" in caps, "Phú Yên, ngày …")."""
    if not place:
        return name
    n = len(place.split())
    words = name.split()
    for i in range(len(words) - n + 1):
        chunk = " ".join(words[i : i + n])
        bare = strip_accents(chunk)
        if chunk != place and bare == chunk and bare.lower() == strip_accents(place).lower():
            return " ".join([*words[:i], place, *words[i + n :]])
    return name


def header_spelling(place: str, name: str | None) -> str:
    """The place as the issuer's (bold, larger) header spells it, when only the marks differ,
    or when the date line's reading is one letter off the issuer's locality ("Gio kinh")."""
    if not name:
        return place
    bare = strip_accents(place).lower()
    words = name.split()
    n = len(place.split())
    loc = locality_of(name)
    proper = loc.split(maxsplit=1 + loc.lower().startswith(("thành phố", "thị xã", "thị trấn")))[-1] if loc else ""
    if len(proper.split()) == n + 1 and strip_accents(proper).lower().endswith(" " + bare):
        return proper  # "kim Đồng, ngày": the place's first word read in lower case and lost
    for i in range(len(words) - n + 1):
        chunk = " ".join(words[i : i + n])
        if chunk != place and strip_accents(chunk) != chunk and strip_accents(chunk).lower() == bare:
            return chunk
    if proper and any(w[:1].islower() for w in place.split()[1:]) and Levenshtein.distance(strip_accents(proper).lower(), bare) <= 1:
        return proper
    return place


def fix_locality(name: str | None) -> str | None:
    """The proper name after the locality word spelled as the gazetteer spells it."""
    if not name:
        return name
    m = _LOCALITY.search(name)
    if not m:
        return name
    proper = name[m.end() :].strip()
    if re.match(r"[.,'`\-–]+\w", proper):  # "huyện .nhơn Trạch", "tỉnh -quảng Trị": a speck before it
        proper = proper.lstrip(".,'`-–")
        proper = proper[:1].upper() + proper[1:]
    return name[: m.end()] + " " + snap_place(proper)


def locality_of(name: str) -> str | None:
    m = _LOCALITY.search(name)
    return name[m.start() :] if m else None


def place_agrees(name: str | None, place: str | None) -> str | None:
    """The issuer's locality name put right from the date line, the letter's other reading of
    the same place: when the two differ by a slip or two ("Hát Dương" / "Hải Dương", "Tuyan"
    / "Tuy An") and only the date line's reading is a listed name, the header's was misread."""
    if not name or not place or not is_place(place):
        return name
    m = _LOCALITY.search(name)
    if not m:
        return name
    proper = name[m.end() :].strip()
    a, b = strip_accents(proper).lower().replace(" ", ""), strip_accents(place).lower().replace(" ", "")
    if a == b and " " in place and " " not in proper:  # "Tuyan": the space lost
        return name[: m.end()] + " " + place
    if not proper or proper == place or is_place(proper):
        return name
    if min(len(a), len(b)) < 4 or Levenshtein.distance(a, b) > (1 if len(b) < 7 else 2):
        return name
    return name[: m.end()] + " " + place


def glued_locality(name: str | None, place: str | None) -> str | None:
    """"Ủy ban nhân dân Thnhbäcninh": a level word glued to the place's name and slipped, read
    as ``place`` (the date line's) after the one level word its letters are a slip away from."""
    if not name or not place or _LOCALITY.search(name) or not is_place(place):
        return name
    words = name.split()
    if len(words) < 2:
        return name
    last = strip_accents(words[-1]).lower()
    key = strip_accents(place).lower().replace(" ", "")
    if not last.endswith(key) or len(last) == len(key):
        return name
    rest = last[: -len(key)]
    levels = [w for w in LOCALITY_WORDS if Levenshtein.distance(rest, strip_accents(w).replace(" ", "")) <= 1]
    if len(levels) != 1 or len(rest) < 3:
        return name
    return " ".join([*words[:-1], levels[0], place])


def locality_name(name: str | None) -> str | None:
    """The proper name of a body's locality ("Ủy ban nhân dân tỉnh Quảng Trị" → "Quảng Trị"):
    the date line names the place the issuing body is in (Decree 30, "địa danh")."""
    loc = locality_of(name or "")
    if not loc:
        return None
    words = loc.split()
    n = 2 if loc.lower().startswith(("thành phố", "thị xã", "thị trấn")) else 1
    return " ".join(words[n:]) or None


def inherit_locality(name: str, parent: str | None) -> str:
    """A department ("Sở …", "Phòng …") names its committee's locality, as the parent line
    prints it; a committee or council names its own."""
    loc = locality_of(parent or "")
    if loc and not locality_of(name) and not name.lower().startswith(("ủy ban", "hội đồng nhân")):
        return f"{name} {loc}"
    return name
