"""The diacritic model on disk (models/diacritics/) and its once-per-process lazy cache.

Files: ``lm.npz`` (the n-gram LM, :mod:`pipeline.restore.lm`), ``vocab.json`` (word id → token),
``channel.json`` (the ``tesseract -l eng`` garble channel, :mod:`pipeline.restore.channel`).
Nothing is loaded at import time; :func:`get_model` loads on first use (< 2 s) and keeps it.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from pipeline.errors import MissingDependencyError
from pipeline.restore.lm import NGramLM
from pipeline.restore.text import VIET_CHARS, strip_accents
from pipeline.restore.tokens import BOS, NUM, UNK

log = logging.getLogger(__name__)
MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "diacritics"
MAX_FORMS = 12  # candidate forms kept per accent-less base
FORM_FLOOR = 4.5  # drop forms rarer than the base's best form by this many log10 units
_ASCII = frozenset("abcdefghijklmnopqrstuvwxyz")


@dataclass
class Model:
    lm: NGramLM
    vocab: list[str]
    index: dict[str, int]
    forms: dict[str, tuple[np.ndarray, tuple[str, ...]]]  # base → (ids, forms), best first
    syllables: frozenset[str]  # Vietnamese-looking vocabulary words (lower case)
    channel: dict = field(default_factory=dict)
    names: dict[str, int] = field(default_factory=dict)  # name syllables (people, places)
    people: dict[str, int] = field(default_factory=dict)  # people's name syllables only

    @property
    def unk(self) -> int:
        return self.index[UNK]

    @property
    def bos(self) -> int:
        return self.index[BOS]

    @property
    def num(self) -> int:
        return self.index[NUM]

    def word_id(self, token: str) -> int:
        return self.index.get(token, self.index[UNK])


def _is_syllable(word: str) -> bool:
    return bool(word) and all(c in _ASCII or c in VIET_CHARS for c in word)


def build_forms(vocab: list[str], unigram: np.ndarray) -> dict[str, tuple[np.ndarray, tuple[str, ...]]]:
    groups: dict[str, list[int]] = {}
    for i, w in enumerate(vocab):
        if _is_syllable(w):
            groups.setdefault(strip_accents(w), []).append(i)
    out = {}
    for base, ids in groups.items():
        ids.sort(key=lambda i: -unigram[i])
        best = unigram[ids[0]]
        kept = [i for i in ids if unigram[i] >= best - FORM_FLOOR][:MAX_FORMS]
        out[base] = (np.asarray(kept, dtype=np.int64), tuple(vocab[i] for i in kept))
    return out


def _ranking(lm: NGramLM) -> np.ndarray:
    """log10 frequency of each word, for choosing candidate forms.  Raw counts, not the KN
    unigram: KN's continuation probability buries "dõi", which only ever follows "theo"."""
    if lm.counts is None:
        assert lm.unigram is not None
        return lm.unigram
    return np.log10(np.maximum(lm.counts, 1) / max(int(lm.counts.sum()), 1))


def load_model(path: Path = MODEL_DIR) -> Model:
    lm_path = path / "lm.npz"
    if not lm_path.exists():
        raise MissingDependencyError(
            f"diacritic model not found at {lm_path}",
            hint="rebuild it: python -m pipeline.restore.train --out models/diacritics",
        )
    lm = NGramLM.load(lm_path)
    vocab = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
    assert lm.unigram is not None
    syllables = frozenset(w for i, w in enumerate(vocab) if _is_syllable(w) and lm.unigram[i] > -6.5)
    channel_path = path / "channel.json"
    channel = json.loads(channel_path.read_text(encoding="utf-8")) if channel_path.exists() else {}
    names_path = path / "names.json"
    names, people = _names(names_path)
    return Model(lm=lm, vocab=vocab, index={w: i for i, w in enumerate(vocab)},
                 forms=build_forms(vocab, _ranking(lm)), syllables=syllables, channel=channel,
                 names=names, people=people)


def _names(path: Path) -> tuple[dict[str, int], dict[str, int]]:
    """(people's and places' name syllables together, people's alone) from names.json, which
    is {"people": {…}, "places": {…}} (or, written by older trainers, one flat table)."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if "people" not in data:
        return data, data
    merged = dict(data.get("places", {}))
    for w, n in data["people"].items():
        merged[w] = merged.get(w, 0) + n
    return merged, data["people"]


_CACHE: dict[Path, Model] = {}
_LOCK = threading.Lock()


def get_model(path: Path | None = None) -> Model:
    """The process-wide model (loaded on first call)."""
    key = path or MODEL_DIR
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = load_model(key)
            log.info("diacritic model loaded from %s", key)
        return _CACHE[key]
