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

from rapidfuzz.distance import Levenshtein

from pipeline.extract.vntext import strip_accents

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
