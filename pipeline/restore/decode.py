"""Noisy-channel beam decoder: pick the syllable sequence that maximises LM × channel.

Many sequences (lines or runs of lines) are decoded together: every beam step is one batch of
numpy operations over all sequences × hypotheses × candidates, so Python's per-call overhead is
paid once per position of the longest sequence, not once per syllable.  Each position offers
candidates (word ids for the LM, a channel log10-probability, and the surface form to print).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.restore.lm import ORDER, NGramLM, pack

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


@dataclass
class Flat:
    """Every slot of every sequence, candidates laid end to end (no per-slot Python later)."""

    sizes: np.ndarray  # candidates per slot
    first: np.ndarray  # index of each slot's first candidate in ``ids``/``chan``
    ids: np.ndarray
    chan: np.ndarray
    lengths: np.ndarray  # slots per sequence
    seq_start: np.ndarray  # index of each sequence's first slot
    seq_of: np.ndarray  # sequence of each slot
    pos: np.ndarray  # position of each slot in its sequence


def flatten(seqs: list[list[Slot]]) -> Flat:
    slots = [slot for seq in seqs for slot in seq]
    sizes = np.fromiter((len(x.ids) for x in slots), dtype=np.int64, count=len(slots))
    first = np.zeros(len(slots), dtype=np.int64)
    np.cumsum(sizes[:-1], out=first[1:])
    lengths = np.fromiter((len(q) for q in seqs), dtype=np.int64, count=len(seqs))
    seq_start = np.zeros(len(seqs), dtype=np.int64)
    np.cumsum(lengths[:-1], out=seq_start[1:])
    seq_of = np.repeat(np.arange(len(seqs)), lengths)
    return Flat(sizes, first, np.concatenate([x.ids for x in slots]).astype(np.int64),
                 np.concatenate([x.channel for x in slots]).astype(np.float64), lengths,
                 seq_start, seq_of, np.arange(len(slots)) - seq_start[seq_of])


def _pad(flat: Flat) -> tuple[np.ndarray, np.ndarray]:
    S, T, K = len(flat.lengths), int(flat.lengths.max()), int(flat.sizes.max())
    ids = np.zeros((S, T, K), dtype=np.int64)
    chan = np.full((S, T, K), NEG)
    slot = np.repeat(np.arange(len(flat.sizes)), flat.sizes)
    k = np.arange(len(flat.ids)) - flat.first[slot]
    ids[flat.seq_of[slot], flat.pos[slot], k] = flat.ids
    chan[flat.seq_of[slot], flat.pos[slot], k] = flat.chan
    return ids, chan


MARGIN: float | None = 3.0  # drop hypotheses this far (log10) below the best
RECOMBINE = True


def _recombine(total: np.ndarray, i0: np.ndarray, i1: np.ndarray, i2: np.ndarray,
               h: np.ndarray, w: np.ndarray) -> None:
    """Keep one extension per LM state: hypotheses ending in the same three words have the
    same future, so only the best of them can win (Viterbi recombination)."""
    key = pack([i0, h[i0, i1, 1], h[i0, i1, 2], w[i0, i2]])
    v = total[i0, i1, i2]
    order = np.lexsort((-v, key))
    ks = key[order]
    dup = np.empty(len(ks), dtype=bool)
    dup[0] = False
    dup[1:] = ks[1:] == ks[:-1]
    drop = order[dup]
    total[i0[drop], i1[drop], i2[drop]] = NEG


def beam_search(lm: NGramLM, seqs: list[list[Slot]], bos: int, beam: int = 6,
                lm_weight: float = 1.0) -> list[np.ndarray]:
    """Best candidate index per slot for every sequence.

    Sequences are sorted longest first, so the ones still running at step t are a prefix (views,
    not copies), and each step is only as wide as its widest slot."""
    flat = flatten(seqs)
    order = np.argsort(-flat.lengths, kind="stable")
    ids, chan = _pad(flat)
    ids, chan, lengths = ids[order], chan[order], flat.lengths[order]
    S, T, _ = ids.shape
    widths = np.ones((S, T), dtype=np.int64)
    widths[np.argsort(order)[flat.seq_of], flat.pos] = flat.sizes
    widths = widths.max(axis=0)
    running = (lengths[:, None] > np.arange(T)).sum(axis=0)
    hist = np.full((S, beam, ORDER - 1), bos, dtype=np.int64)
    score = np.full((S, beam), NEG)
    score[:, 0] = 0.0
    back_b = np.zeros((T, S, beam), dtype=np.int64)
    back_k = np.zeros((T, S, beam), dtype=np.int64)
    for t in range(T):
        n, K = int(running[t]), int(widths[t])
        h, w, c, sc = hist[:n], ids[:n, t, :K], chan[:n, t, :K], score[:n]
        i0, i1, i2 = np.nonzero((c > NEG / 2)[:, None, :] & (sc > NEG / 2)[:, :, None])
        total = np.full((n, beam, K), NEG)
        lp = lm.score(h[i0, i1], w[i0, i2])
        total[i0, i1, i2] = sc[i0, i1] + lm_weight * lp + c[i0, i2]
        if RECOMBINE and len(i0):
            _recombine(total, i0, i1, i2, h, w)
        scores = total.reshape(n, beam * K)
        if K > 1:
            top = np.argpartition(-scores, beam - 1, axis=1)[:, :beam]
        else:
            top = np.broadcast_to(np.arange(beam), (n, beam))
        r = np.arange(n)[:, None]
        pb, pk = top // K, top % K
        kept = scores[r, top]
        if MARGIN is not None:
            kept = np.where(kept >= kept.max(axis=1, keepdims=True) - MARGIN, kept, NEG)
        hist[:n] = np.concatenate([h[r, pb][:, :, 1:], w[r, pk][:, :, None]], axis=2)
        score[:n] = kept
        back_b[t, :n], back_k[t, :n] = pb, pk
    choice = _backtrace(np.argmax(score, axis=1), back_b, back_k, running)
    out: list[np.ndarray] = [np.empty(0, dtype=np.int64)] * S
    for j, si in enumerate(order.tolist()):
        out[si] = choice[j, : lengths[j]].copy()
    return out


def _backtrace(best: np.ndarray, back_b: np.ndarray, back_k: np.ndarray,
               running: np.ndarray) -> np.ndarray:
    """(sequence, position) → chosen candidate, following the back-pointers from the end."""
    T, S, _ = back_k.shape
    choice = np.zeros((S, T), dtype=np.int64)
    b = best.copy()
    for t in range(T - 1, -1, -1):
        n = int(running[t])
        rows = np.arange(n)
        choice[:n, t] = back_k[t, rows, b[:n]]
        b[:n] = back_b[t, rows, b[:n]]
    return choice


def _posteriors(lm: NGramLM, flat: Flat, choice: np.ndarray, bos: int, which: np.ndarray,
                lm_weight: float) -> tuple[np.ndarray, np.ndarray]:
    """(posterior of every candidate of the slots ``which`` (global slot indices), laid end to
    end; where each slot's candidates start in it)."""
    path = flat.ids[flat.first + choice]
    win = np.empty((len(which), 2 * ORDER - 1), dtype=np.int64)  # the 7 ids around each slot
    length = flat.lengths[flat.seq_of[which]]
    for d in range(-ORDER + 1, ORDER):
        at = flat.pos[which] + d
        inside = (at >= 0) & (at < length)
        win[:, d + ORDER - 1] = np.where(inside, path[np.clip(which + d, 0, len(path) - 1)],
                                         bos if d < 0 else -1)
    sizes = flat.sizes[which]
    starts = np.zeros(len(which), dtype=np.int64)
    np.cumsum(sizes[:-1], out=starts[1:])
    row = np.repeat(np.arange(len(which)), sizes)  # one entry per (slot, candidate)
    at = flat.first[which][row] + np.arange(len(row)) - starts[row]
    cand, local = flat.ids[at], flat.chan[at].copy()
    win = win[row]
    grams = np.concatenate([win[:, j: j + ORDER] for j in range(ORDER)])  # ending j slots on
    for j in range(ORDER):
        grams[j * len(row): (j + 1) * len(row), ORDER - 1 - j] = cand
    ok = np.nonzero(grams[:, -1] >= 0)[0]  # n-grams that end inside the sequence
    lp = np.zeros(len(grams))
    lp[ok] = lm.score(grams[ok, :-1], grams[ok, -1])
    local += lm_weight * lp.reshape(ORDER, len(row)).sum(axis=0)
    p = np.power(10.0, local - np.maximum.reduceat(local, starts)[row])
    p /= np.add.reduceat(p, starts)[row]
    return p, starts


def posteriors(lm: NGramLM, seqs: list[list[Slot]], choices: list[np.ndarray], bos: int,
               which: list[tuple[int, int]], lm_weight: float = 1.0) -> list[np.ndarray]:
    """P(candidate | decoded neighbours) for the slots ``which`` ((sequence, position) pairs):
    each candidate's channel score plus every n-gram it takes part in, normalised over the
    slot's candidates.  One batch, one row per real candidate (slots have 2–12 candidates:
    padding them to the widest would triple the LM queries)."""
    if not which:
        return []
    flat = flatten(seqs)
    g = np.array([flat.seq_start[si] + t for si, t in which], dtype=np.int64)
    p, starts = _posteriors(lm, flat, np.concatenate(choices).astype(np.int64), bos, g, lm_weight)
    return np.split(p, starts[1:])


def confidences(lm: NGramLM, seqs: list[list[Slot]], choices: list[np.ndarray], bos: int,
                lm_weight: float = 1.0) -> list[np.ndarray]:
    """P(chosen | decoded neighbours) per slot (1.0 where there is no choice).

    A slot whose neighbours prefer another candidate than the beam chose (the beam pruned the
    path that the next words would have rescued: "rà soát, cập nhật" loses to "cấp" until
    "nhật" is read) is switched to it (``choices`` change in place), and its neighbourhood
    scored again."""
    flat = flatten(seqs)
    choice = np.concatenate(choices).astype(np.int64)
    conf = np.ones(len(choice))
    which = np.nonzero(flat.sizes > 1)[0]
    if len(which):
        p, starts = _posteriors(lm, flat, choice, bos, which, lm_weight)
        row = np.repeat(np.arange(len(which)), flat.sizes[which])
        top = np.maximum.reduceat(p, starts)
        best = np.minimum.reduceat(np.where(p == top[row], np.arange(len(p)), len(p)), starts) - starts
        switch = top > p[starts + choice[which]] + 0.5  # a clear local win, not a near-tie
        choice[which[switch]] = best[switch]
        conf[which] = p[starts + choice[which]]
        if switch.any():
            near = np.unique((which[switch][:, None] + np.arange(-ORDER + 1, ORDER)).ravel())
            redo = which[np.isin(which, near)]
            p2, starts2 = _posteriors(lm, flat, choice, bos, redo, lm_weight)
            conf[redo] = p2[starts2 + choice[redo]]
    for i, c in enumerate(np.split(choice, flat.seq_start[1:])):
        choices[i][:] = c
    return np.split(conf, flat.seq_start[1:])
