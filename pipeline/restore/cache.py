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

import numpy as np

from pipeline.restore.decode import Slot, flatten, posteriors
from pipeline.restore.lm import NGramLM

CONF = 0.9  # a decision this sure counts as evidence
MIN_SEEN = 3  # confident occurrences of the base needed before the cache speaks
WEIGHT = 1.0  # log10 bonus scale


def apply_cache(lm: NGramLM, seqs: list[list[Slot]], choices: list[np.ndarray],
                confs: list[np.ndarray], bos: int, beam: int) -> None:
    """Re-decide, in place, the unsure slots where the document's own usage may change a choice.

    Each such slot is re-decided given its decoded neighbours (the posterior the confidence
    comes from, plus the cache bonus), not by decoding its whole line again: the bonus only
    moves near-ties, and a near-tie seldom has a near-tie next to it."""
    del beam  # kept for callers: the re-decision needs no beam
    uni = lm.unigram
    assert uni is not None
    flat = flatten(seqs)
    choice = np.concatenate(choices).astype(np.int64)
    conf = np.concatenate(confs)
    chosen = flat.ids[flat.first + choice]
    ambiguous = flat.sizes > 1
    # word ids of the confident choices; the special tokens (<unk>, <s>, <num>: ids 0–2, what
    # a kept OCR token maps to) are no evidence
    seen = np.bincount(chosen[ambiguous & (conf >= CONF)], minlength=len(uni)).astype(float)
    seen[:3] = 0
    which = []
    for g in np.nonzero(ambiguous & (conf < CONF))[0]:
        si, t = int(flat.seq_of[g]), int(flat.pos[g])
        slot = seqs[si][t]
        counts = seen[slot.ids]
        total = counts.sum()
        if total >= MIN_SEEN and int(counts.argmax()) != int(choice[g]):
            share = (counts + 0.5) / (total + 0.5 * len(counts))
            prior = np.power(10.0, uni[slot.ids])
            prior /= prior.sum()
            bonus = np.clip(WEIGHT * np.log10(share / prior), -1.5, 1.5)
            seq_slots = seqs[si]
            seq_slots[t] = Slot(slot.ids, slot.channel + bonus, slot.forms)
            which.append((si, t))
    for (si, t), p in zip(which, posteriors(lm, seqs, choices, bos, which), strict=True):
        k = int(np.argmax(p))
        choices[si][t], confs[si][t] = k, p[k]
