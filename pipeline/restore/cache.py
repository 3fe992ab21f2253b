"""Document cache: a word the document writes unambiguously elsewhere is likelier here too.

A 4-gram LM trained on law text prefers "trang trải" (to cover costs) to "trang trại" (a farm),
but a letter about farms says "trang trại" many times, most of them in contexts the LM decodes
with confidence.  After the first pass we count the forms chosen with confidence ≥ ``CONF``;
slots the decoder was unsure of get a channel bonus for the forms the document uses more
than the corpus does (log of document share over unigram share: "đối" being everywhere in a
letter says nothing about "theo dõi"), and only the lines holding such slots are decoded
again.  This is the classic cache language model, applied where it can change a decision.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from pipeline.restore.decode import Slot, beam_search, confidences
from pipeline.restore.lm import NGramLM

CONF = 0.9  # a decision this sure counts as evidence
MIN_SEEN = 3  # confident occurrences of the base needed before the cache speaks
WEIGHT = 1.0  # log10 bonus scale


def apply_cache(lm: NGramLM, seqs: list[list[Slot]], choices: list[np.ndarray],
                confs: list[np.ndarray], bos: int, beam: int) -> None:
    """Re-decode, in place, the sequences where the document's own usage may change a choice."""
    uni = lm.unigram
    assert uni is not None
    seen: Counter[str] = Counter()
    for seq, choice, conf in zip(seqs, choices, confs, strict=True):
        for slot, k, c in zip(seq, choice, conf, strict=True):
            if len(slot.ids) > 1 and c >= CONF:
                seen[slot.forms[int(k)]] += 1
    redo, new_seqs = [], []
    for idx, (seq, choice, conf) in enumerate(zip(seqs, choices, confs, strict=True)):
        new, changed = [], False
        for slot, k, c in zip(seq, choice, conf, strict=True):
            if len(slot.ids) > 1 and c < CONF:
                counts = np.array([seen.get(f, 0) for f in slot.forms], dtype=float)
                total = counts.sum()
                if total >= MIN_SEEN and int(counts.argmax()) != int(k):
                    share = (counts + 0.5) / (total + 0.5 * len(counts))
                    prior = np.power(10.0, uni[slot.ids])
                    prior /= prior.sum()
                    bonus = np.clip(WEIGHT * np.log10(share / prior), -1.5, 1.5)
                    slot = Slot(slot.ids, slot.channel + bonus, slot.forms)
                    changed = True
            new.append(slot)
        if changed:
            redo.append(idx)
            new_seqs.append(new)
    if not redo:
        return
    ch2 = beam_search(lm, new_seqs, bos, beam=beam)
    cf2 = confidences(lm, new_seqs, ch2, bos)
    for idx, c, f in zip(redo, ch2, cf2, strict=True):
        choices[idx], confs[idx] = c, f
