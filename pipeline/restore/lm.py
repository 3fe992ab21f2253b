"""A syllable n-gram language model in backoff form, queried in vectorised batches.

Why numpy and not a dict: ~10 M n-grams as Python objects would take a gigabyte and seconds to
load; as sorted ``uint64`` keys (four 16-bit word ids packed in one integer) with ``float16``
log-probabilities they load in well under a second with ``np.load``, and ``searchsorted`` looks
up a whole beam step (every hypothesis × every candidate) in one call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ORDER = 4
BITS = np.uint64(16)
MASKS = {n: np.uint64((1 << (16 * n)) - 1) for n in range(1, ORDER + 1)}


def pack(cols: list[np.ndarray]) -> np.ndarray:
    """Word-id columns (oldest first) → one uint64 key per row."""
    key = np.zeros(len(cols[0]), dtype=np.uint64)
    for c in cols:
        key = (key << BITS) | c.astype(np.uint64)
    return key


def _find(keys: np.ndarray, table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if len(table) == 0:
        return np.zeros(len(keys), dtype=bool), np.zeros(len(keys), dtype=np.int64)
    pos = np.searchsorted(table, keys)
    pos = np.minimum(pos, len(table) - 1)
    return table[pos] == keys, pos


@dataclass
class NGramLM:
    """``grams[n]`` = (sorted keys, log10 p); ``bows[n]`` = (sorted history keys, log10 weight)."""

    vocab_size: int
    grams: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    bows: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    unigram: np.ndarray | None = None
    counts: np.ndarray | None = None  # raw unigram counts (candidate ranking)
    _dense: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @classmethod
    def empty(cls, vocab_size: int) -> NGramLM:
        return cls(vocab_size=vocab_size)

    def add_order(self, n: int, keys: np.ndarray, logp: np.ndarray,
                  hist_keys: np.ndarray, hist_bow: np.ndarray) -> None:
        if n == 1:
            uni = np.full(self.vocab_size, -7.0, dtype=np.float32)
            uni[keys.astype(np.int64)] = logp
            self.unigram = uni
        else:
            self.grams[n] = (keys, logp.astype(np.float32))
            self.bows[n - 1] = (hist_keys, hist_bow.astype(np.float32))
            self._dense = None

    def logprob_packed(self, keys: np.ndarray, n: int) -> np.ndarray:
        """log10 P(last word | preceding n-1 words) for packed n-gram keys.

        The history is looked up first: every stored n-gram's history is stored (with its
        backoff weight), and most decoder queries have a history the corpus never wrote, so
        only the third or so whose history is known search the larger n-gram table."""
        assert self.unigram is not None
        if n == 1:
            return self.unigram[(keys & MASKS[1]).astype(np.int64)].astype(np.float64)
        if n == 2:  # one-word histories: a dense array indexed by word id
            hfound, out = self._bow1(keys >> BITS)
        else:
            hk, hv = self.bows[n - 1]
            hfound, hpos = _find(keys >> BITS, hk)
            out = np.where(hfound, hv[hpos], 0.0).astype(np.float64)
        known = np.nonzero(hfound)[0]
        table, logp = self.grams[n]
        found, pos = _find(keys[known], table)
        hit = known[found]
        miss = np.ones(len(keys), dtype=bool)
        miss[hit] = False
        out[miss] += self.logprob_packed(keys[miss] & MASKS[n - 1], n - 1)
        out[hit] = logp[pos[found]]
        return out

    def _bow1(self, words: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self._dense is None:
            hk, hv = self.bows[1]
            found = np.zeros(self.vocab_size + 1, dtype=bool)
            bow = np.zeros(self.vocab_size + 1, dtype=np.float64)
            found[hk.astype(np.int64)] = True
            bow[hk.astype(np.int64)] = hv
            self._dense = (found, bow)
        idx = np.minimum(words.astype(np.int64), self.vocab_size)
        return self._dense[0][idx], self._dense[1][idx]

    def score(self, history: np.ndarray, words: np.ndarray) -> np.ndarray:
        """log10 P(w | h) for rows of ``history`` (…, ORDER-1 ids, oldest first) and ``words``.

        Queries are deduplicated and sorted first: beam hypotheses share most n-grams, and
        sorted probes walk the tables cache-friendly."""
        cols = [history[:, i] for i in range(history.shape[1])] + [words]
        uniq, inv = np.unique(pack(cols), return_inverse=True)
        return self.logprob_packed(uniq, len(cols))[inv]

    # ---------------------------------------------------------------- storage
    def save(self, path: Path) -> None:
        arrays: dict[str, np.ndarray] = {"unigram": self.unigram, "vocab_size": np.array(self.vocab_size)}
        if self.counts is not None:
            arrays["counts"] = self.counts
        for n, (k, v) in self.grams.items():
            arrays[f"g{n}k"], arrays[f"g{n}v"] = k, v.astype(np.float16)
        for n, (k, v) in self.bows.items():
            arrays[f"b{n}k"], arrays[f"b{n}v"] = k, v.astype(np.float16)
        np.savez(path, **arrays)

    @classmethod
    def load(cls, path: Path) -> NGramLM:
        data = np.load(path)
        lm = cls(vocab_size=int(data["vocab_size"]), unigram=data["unigram"],
                 counts=data.get("counts", None))
        for n in range(2, ORDER + 1):
            if f"g{n}k" in data:
                lm.grams[n] = (data[f"g{n}k"], data[f"g{n}v"].astype(np.float32))
                lm.bows[n - 1] = (data[f"b{n - 1}k"], data[f"b{n - 1}v"].astype(np.float32))
        return lm
