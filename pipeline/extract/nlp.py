"""underthesea, loaded lazily and once per process, only where it pays.

Measured on this machine (2 shared cores, under load): importing underthesea costs ~1–9 s,
``word_tokenize`` ~56 ms per letter and ``ner`` ~60–175 ms per line; spaCy's ``vi`` pipeline
(pyvi tokenizer) takes ~15 s to load and ~37 ms per letter before any Matcher runs.  A text letter must go
through restore + extract at ≥ 50 letters/s, so the extractors read the genre's fixed
grammar with regular expressions and lexicons, and call underthesea's NER only to settle one
hard case: a name-shaped line under a signature whose family name is not in our lexicon
(OCR under a red seal turns "Bùi" into "Bãi" and invents name-shaped debris).  That costs one
NER call on a few scans and none on clean text.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _underthesea() -> Any | None:
    try:
        import underthesea
    except ImportError:  # optional at run time: the caller falls back to the lexicon
        log.warning("underthesea not installed: person names are checked by lexicon only")
        return None
    return underthesea


@lru_cache(maxsize=256)
def is_person(text: str) -> bool | None:
    """True when underthesea's NER tags ``text`` as a person; None when it is unavailable."""
    nlp = _underthesea()
    if nlp is None:
        return None
    try:
        tags = nlp.ner(text)
    except Exception as exc:  # noqa: BLE001  a model failure must not fail the extraction
        log.warning("underthesea.ner failed on %r: %s", text, exc)
        return None
    return any(t[-1].endswith("PER") for t in tags)
