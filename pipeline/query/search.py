"""Full-text search that ignores tone marks and case: "cai cach" finds "cải cách".

Every word of the query must occur, as a whole word, in the letter's text, subject, issuer
or number/symbol (folded by :func:`pipeline.query.fold.fold`).  Letters rank by how often the
whole phrase occurs (×10), then the words; the snippet is cut from the *original* text around
the first phrase (or word) hit, so the analyst sees the accented words.  The scan is done in
Python over the current runs' texts: 2.3 ms per letter measured by bench/query_speed.py on
a busy 2-core machine, so seconds for thousands of letters; a stored folded column with a
trigram index is the path beyond that (see docs/analysts.md).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from pipeline.query.columns import SEARCH_COLUMNS
from pipeline.query.fold import fold_exact, phrase_pattern, tokens
from pipeline.query.frames import Row, make_frame

SNIPPET = 90  # characters of context on each side


def _haystack(doc: Row, text: str) -> str:
    head = " ".join(str(doc.get(k) or "") for k in ("number", "symbol", "issuer", "subject"))
    return unicodedata.normalize("NFC", f"{head}\n{text}")


def _snippet(original: str, start: int, end: int) -> str:
    a, b = start, end
    lo, hi = max(0, a - SNIPPET), min(len(original), b + SNIPPET)
    body = f"{original[lo:a]}«{original[a:b]}»{original[b:hi]}"
    body = re.sub(r"\s+", " ", body).strip()
    return ("…" if lo else "") + body + ("…" if hi < len(original) else "")


def score(words: list[str], original: str, *, phrase_only: bool = False) -> tuple[float, str] | None:
    """(score, snippet) of ``original`` for the folded ``words``; None when a word is absent
    (or, with ``phrase_only``, when the words never occur together in order)."""
    if not words:
        return None
    folded = fold_exact(original)  # same length: match positions are positions in original
    if not all(w in folded for w in words):  # cheap substring test rejects most letters
        return None
    anyword = phrase_pattern(["(?:" + "|".join(map(re.escape, words)) + ")"], escape=False)
    hits = list(anyword.finditer(folded))
    counts = Counter(m.group(0) for m in hits)
    if any(counts[w] == 0 for w in words):
        return None
    phrase = list(phrase_pattern(words).finditer(folded))
    if phrase_only and not phrase:
        return None
    first = phrase[0] if phrase else hits[0]
    value = 10.0 * len(phrase) + len(hits)
    return value, _snippet(original, first.start(), first.end())


def search_frame(query: str, documents: Iterable[Row], texts: Mapping[Any, str],
                 *, limit: int | None = 50, phrase: bool = False) -> pd.DataFrame:
    """Letters matching every word of ``query`` (with ``phrase``: the words in order), best
    first; ``texts`` maps document id → full text."""
    words = tokens(query)
    out: list[dict[str, Any]] = []
    for doc in documents:
        found = score(words, _haystack(doc, texts.get(doc["document_id"], "") or ""),
                      phrase_only=phrase)
        if found is not None:
            out.append(dict(doc, score=found[0], snippet=found[1]))
    out.sort(key=lambda r: (-r["score"], str(r.get("document_id"))))
    return make_frame(out[:limit] if limit else out, SEARCH_COLUMNS)
