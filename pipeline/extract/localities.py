"""Administrative unit names, to put right the tone marks OCR gets wrong in place names.

``models/localities.txt`` lists the names of Vietnam's provinces, districts and communes
(before and after the 2025 reorganisation) with how often each occurs.  A place name read off
a scan ("VINH LINH" in the header, "Vĩnh Lình" in the date line) is replaced by the listed
name with the same letters — the most frequent one when several share them.  Names already
in the list, and names with no listed look-alike, are left alone.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

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
