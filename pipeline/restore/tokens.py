"""How text is cut into language-model tokens (shared by training and decoding).

A token is a syllable (a maximal run of letters, lower-cased), a number (``<num>``) or one of a
few punctuation marks that carry context in letters ("," "." ":" "(" …).  Every line starts
with ``<s>``.  Anything else (symbols, e-mail '@') is dropped from the LM's view.
"""

from __future__ import annotations

import re

TOKEN = re.compile(r"[^\W\d_]+|\d+|[,.;:()\-/\"]")
UNK, BOS, NUM = "<unk>", "<s>", "<num>"
SPECIAL = (UNK, BOS, NUM)


def lm_tokens(line: str) -> list[str]:
    """LM tokens of one line (without the leading ``<s>``)."""
    return [NUM if t[0].isdigit() else t.lower() for t in TOKEN.findall(line)]
