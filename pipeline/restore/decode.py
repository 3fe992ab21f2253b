"""Noisy-channel beam decoder: pick the syllable sequence that maximises LM × channel.

Many sequences (lines or runs of lines) are decoded together: every beam step is one batch of
numpy operations over all sequences × hypotheses × candidates, so Python's per-call overhead is
paid once per position of the longest sequence, not once per syllable.  Each position offers
candidates (word ids for the LM, a channel log10-probability, and the surface form to print).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.restore.lm import ORDER, NGramLM

NEG = -1e9


@dataclass
class Slot:
    """One token position: its candidates (ids for the LM, channel log10 p, printed forms)."""

    ids: np.ndarray
    channel: np.ndarray
    forms: tuple[str, ...]


@dataclass
class Decoded:
    choice: list[int]  # chosen candidate index per slot
    confidence: list[float]  # posterior of the chosen candidate given its decoded context


def _pad(seqs: list[list[Slot]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    S, T = len(seqs), max(len(s) for s in seqs)
    K = max(len(slot.ids) for s in seqs for slot in s)
    ids = np.zeros((S, T, K), dtype=np.int64)
    chan = np.full((S, T, K), NEG)
    for i, seq in enumerate(seqs):
        for t, slot in enumerate(seq):
            n = len(slot.ids)
            ids[i, t, :n] = slot.ids
            chan[i, t, :n] = slot.channel
    return ids, chan, np.array([len(s) for s in seqs])


def beam_search(lm: NGramLM, seqs: list[list[Slot]], bos: int, beam: int = 6,
                lm_weight: float = 1.0) -> list[np.ndarray]:
    """Best candidate index per slot for every sequence."""
    ids, chan, lengths = _pad(seqs)
    S, T, K = ids.shape
    hist = np.full((S, beam, ORDER - 1), bos, dtype=np.int64)
    score = np.full((S, beam), NEG)
    score[:, 0] = 0.0
    back_b = np.zeros((T, S, beam), dtype=np.int64)
    back_k = np.zeros((T, S, beam), dtype=np.int64)
    rows = np.arange(S)[:, None]
    for t in range(T):
        active = lengths > t
        sub = np.nonzero(active)[0]
        h = hist[sub]  # (s, B, 3)
        w = ids[sub, t]  # (s, K)
        n = len(sub)
        sc = score[sub]
        valid = (chan[sub, t] > NEG / 2)[:, None, :] & (sc > NEG / 2)[:, :, None]
        i0, i1, i2 = np.nonzero(valid)
        total = np.full((n, beam, K), NEG)
        lp = lm.score(h[i0, i1], w[i0, i2])
        total[i0, i1, i2] = sc[i0, i1] + lm_weight * lp + chan[sub[i0], t, i2]
        flat = total.reshape(n, beam * K)
        if beam * K > beam:
            top = np.argpartition(-flat, beam - 1, axis=1)[:, :beam]
        else:
            top = np.broadcast_to(np.arange(beam * K), (n, beam * K))
        r = np.arange(n)[:, None]
        pb, pk = top // K, top % K
        new_hist = np.concatenate([h[r, pb][:, :, 1:], w[r, pk][:, :, None]], axis=2)
        score[sub] = flat[r, top]
        hist[sub] = new_hist
        back_b[t, sub], back_k[t, sub] = pb, pk
    best = np.argmax(score, axis=1)
    out = [np.zeros(int(L), dtype=np.int64) for L in lengths]
    b = best.copy()
    for t in range(T - 1, -1, -1):
        act = np.nonzero(lengths > t)[0]
        k = back_k[t, act, b[act]]
        for s, kk in zip(act.tolist(), k.tolist(), strict=True):
            out[s][t] = kk
        b[act] = back_b[t, act, b[act]]
    del rows
    return out


def confidences(lm: NGramLM, seqs: list[list[Slot]], choices: list[np.ndarray], bos: int,
                lm_weight: float = 1.0) -> list[np.ndarray]:
    """P(chosen | decoded neighbours) per slot: the candidate's own channel score plus every
    n-gram it takes part in, normalised over the slot's candidates (1.0 where there is no
    choice).  All sequences are scored in one batch."""
    rows_win, rows_cand, rows_chan, owner = [], [], [], []
    out = [np.ones(len(s)) for s in seqs]
    for si, (seq, choice) in enumerate(zip(seqs, choices, strict=True)):
        L = len(seq)
        path = np.array([seq[t].ids[choice[t]] for t in range(L)], dtype=np.int64)
        padded = np.concatenate([np.full(ORDER - 1, bos), path, np.full(ORDER - 1, -1)])
        for t, slot in enumerate(seq):
            if len(slot.ids) < 2:
                continue
            rows_win.append(padded[t: t + 2 * ORDER - 1])  # the 7 ids around position t
            rows_cand.append(slot.ids)
            rows_chan.append(slot.channel)
            owner.append((si, t, int(choice[t])))
    if not owner:
        return out
    K = max(len(c) for c in rows_cand)
    R = len(owner)
    cand = np.zeros((R, K), dtype=np.int64)
    local = np.full((R, K), NEG)
    for r, (c, ch) in enumerate(zip(rows_cand, rows_chan, strict=True)):
        cand[r, : len(c)] = c
        local[r, : len(c)] = ch
    win = np.stack(rows_win)  # (R, 7); position t is column ORDER-1
    for j in range(ORDER):  # the n-gram ending j slots after t
        grams = np.repeat(win[:, None, j: j + ORDER], K, axis=1)  # (R, K, ORDER)
        grams[:, :, ORDER - 1 - j] = cand
        valid = grams[:, 0, -1] >= 0
        lp = lm.score(grams[:, :, :-1].reshape(-1, ORDER - 1).clip(0),
                      grams[:, :, -1].reshape(-1).clip(0)).reshape(R, K)
        local += lm_weight * np.where(valid[:, None], lp, 0.0)
    local = (local - local.max(axis=1, keepdims=True)) * np.log(10)
    p = np.exp(local)
    p /= p.sum(axis=1, keepdims=True)
    for r, (si, t, k) in enumerate(owner):
        out[si][t] = p[r, k]
    return out
