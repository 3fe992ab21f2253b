"""Score extracted records against truth records: what ``congvan eval DIR`` prints.

Comparison rules (the same for every field, documented in README › Evaluation):

* Strings are compared after NFC, modern tone placement ("hoà" = "hòa"), collapsing runs of
  whitespace, dropping whitespace before , ; : . and ignoring case.  Nothing else is forgiven:
  a missing word, a wrong abbreviation expansion or a different date is an error.
* Scalars (doc_type, number, symbol, place, issued_date, subject, urgency, secrecy) are exact
  matches of the normalised value; null equals only null.
* Objects (issuer, signer, arrival, campaign) are right when every key of the truth is.
* Lists (recipients, distribution, references, contacts) are right when they are equal as
  multisets of normalised items (order does not matter).  Set precision/recall/F1 are also
  reported for recipients, distribution, deadlines and quotas.
* A deadline is identified by (date, start, recurring), a quota by (minimum, item): these
  keys decide the exact match and the F1.  ``action``, ``responsible`` and ``applies_to`` are
  free phrasings of the sentence, so they are scored apart as the mean token-set similarity
  (rapidfuzz) of matched pairs.
* Only the fields a truth file lists are scored (truth files may omit fields).
* Expected calibration error: reported confidences of the scored fields in 10 equal-width
  bins, weighted |accuracy − mean confidence|.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from pipeline.extract.vntext import nfc

SCALARS = ("doc_type", "number", "symbol", "place", "issued_date", "subject", "urgency", "secrecy")
OBJECTS = ("issuer", "signer", "arrival", "campaign")
LISTS = ("recipients", "distribution", "references", "contacts")
KEYED = ("deadlines", "quotas")
FIELDS = (*SCALARS[:6], "recipients", "distribution", "signer", "urgency", "secrecy", "arrival",
          "references", "campaign", "deadlines", "quotas", "contacts", "issuer")  # fmt: skip
SET_FIELDS = ("recipients", "distribution", "deadlines", "quotas")


def norm(value: Any) -> Any:
    """The comparison form of a value (see the module docstring)."""
    if isinstance(value, str):
        text = re.sub(r"\s+", " ", nfc(value)).strip()
        return re.sub(r"\s+([,;:.])", r"\1", text).lower()
    if isinstance(value, dict):
        return {k: norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [norm(v) for v in value]
    return value


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(sorted((_freeze(v) for v in value), key=repr))
    return value


def key_of(name: str, item: dict[str, Any]) -> tuple[Any, ...]:
    if name == "deadlines":
        return (item.get("date"), item.get("start"), item.get("recurring"))
    return (item.get("minimum"), norm(item.get("item")))


def _list_items(name: str, value: Any) -> list[Any]:
    if name in KEYED:
        return [key_of(name, x) for x in value or []]
    if name == "references":
        keys = ("doc_type", "number", "symbol", "date", "issuer")
        return [_freeze({k: norm(x.get(k)) for k in keys}) for x in value or []]
    return [_freeze(norm(x)) for x in value or []]


def field_correct(name: str, pred: Any, truth: Any) -> bool:
    if name in OBJECTS:
        pred = pred or {}
        return all(norm(pred.get(k)) == norm(v) for k, v in (truth or {}).items())
    if name == "contacts":
        pred = pred or {}
        return all(
            Counter(norm(pred.get(k) or [])) == Counter(norm(v or [])) for k, v in (truth or {}).items()
        )
    if name in LISTS or name in KEYED:
        return Counter(_list_items(name, pred)) == Counter(_list_items(name, truth))
    return norm(pred) == norm(truth)


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, pred: Iterable[Any], truth: Iterable[Any]) -> None:
        p, t = Counter(pred), Counter(truth)
        tp = sum((p & t).values())
        self.tp += tp
        self.fp += sum(p.values()) - tp
        self.fn += sum(t.values()) - tp

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    """Running totals over many (prediction, truth) pairs."""

    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    sets: dict[str, PRF] = field(default_factory=lambda: {n: PRF() for n in SET_FIELDS})
    soft: dict[str, list[float]] = field(default_factory=dict)
    calibration: list[tuple[float, bool]] = field(default_factory=list)
    errors: list[tuple[str, str, Any, Any]] = field(default_factory=list)

    def add(self, pred: dict[str, Any], truth: dict[str, Any], name: str = "") -> None:
        conf = pred.get("confidence") or {}
        for f in FIELDS:
            if f not in truth:
                continue
            ok = field_correct(f, pred.get(f), truth[f])
            self.total[f] += 1
            self.right[f] += ok
            if f in conf:
                self.calibration.append((float(conf[f]), ok))
            if not ok:
                self.errors.append((name, f, pred.get(f), truth[f]))
            if f in SET_FIELDS:
                self.sets[f].add(_list_items(f, pred.get(f)), _list_items(f, truth[f]))
        for f in KEYED:
            if f in truth:
                self._soft(f, pred.get(f) or [], truth[f] or [])

    def _soft(self, name: str, pred: list[dict[str, Any]], truth: list[dict[str, Any]]) -> None:
        attrs = ("action", "responsible") if name == "deadlines" else ("applies_to",)
        free = list(pred)
        for t in truth:
            match = next((p for p in free if key_of(name, p) == key_of(name, t)), None)
            if match is None:
                continue
            free.remove(match)
            for a in attrs:
                if a in t:
                    score = fuzz.token_set_ratio(norm(match.get(a) or ""), norm(t.get(a) or "")) / 100
                    self.soft.setdefault(f"{name}.{a}", []).append(score)

    @property
    def exact(self) -> float:
        return sum(self.right.values()) / max(1, sum(self.total.values()))

    def ece(self, bins: int = 10) -> float:
        if not self.calibration:
            return 0.0
        total = len(self.calibration)
        err = 0.0
        for b in range(bins):
            lo, hi = b / bins, (b + 1) / bins
            inside = [(c, ok) for c, ok in self.calibration if lo <= c < hi or (b == bins - 1 and c == 1.0)]
            if inside:
                acc = sum(ok for _, ok in inside) / len(inside)
                mean = sum(c for c, _ in inside) / len(inside)
                err += len(inside) / total * abs(acc - mean)
        return err

    def summary(self) -> dict[str, Any]:
        return {
            "fields": {f: [self.right[f], self.total[f]] for f in FIELDS if self.total[f]},
            "exact": self.exact,
            "sets": {f: {"precision": s.precision, "recall": s.recall, "f1": s.f1}
                     for f, s in self.sets.items()},
            "soft": {k: sum(v) / len(v) for k, v in self.soft.items() if v},
            "ece": self.ece(),
            "n_confidences": len(self.calibration),
        }


# ------------------------------------------------------------------ running over a folder
INPUT_SUFFIXES = (".txt", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


def truth_pairs(folder: Path, variant: str | None = None) -> list[tuple[Path, Path]]:
    """(input file, truth JSON) pairs: ``x.json`` with a sibling ``x.<input suffix>``.

    A ``truth/`` sub-folder is searched too (the layout of ``samples/``, whose scans are
    ``x.clean.pdf`` / ``x.hard.pdf``: pass ``variant`` to pick one; texts sit in ``text/``).
    """
    pairs = []
    infix = f".{variant}" if variant else ""
    for truth in sorted([*folder.glob("*.json"), *folder.glob("truth/*.json")]):
        stem = truth.name.removesuffix(".json") + infix
        for base in (truth.parent, folder, folder / "text"):
            found = [base / f"{stem}{s}" for s in INPUT_SUFFIXES if (base / f"{stem}{s}").is_file()]
            if found:
                pairs.append((found[0], truth))
                break
    return pairs


def score_folder(
    folder: Path,
    *,
    extract: Callable[[Path], dict[str, Any]],
    limit: int | None = None,
    variant: str | None = None,
) -> Scores:
    """Extract every input of ``folder`` that has a truth file and score it."""
    scores = Scores()
    for path, truth_path in truth_pairs(folder, variant)[:limit]:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        scores.add(extract(path), truth, path.name)
    return scores


#: The modules whose code decides what OCR produces; their bytes key the OCR cache.
OCR_MODULES = ("raster.py", "scan.py", "ocr.py", "stamps.py", "layout.py", "textlayer.py", "preprocess")


@lru_cache(maxsize=1)
def ocr_fingerprint() -> str:
    """A short hash of the OCR stage's source, so a cache never serves text from older OCR code.

    Keyed by the file's sha256 alone, a cache silently kept scoring extraction on the OCR of
    an earlier clean-up; with this in the key, changed OCR code means a fresh OCR run.
    """
    root, digest = Path(__file__).resolve().parent, hashlib.sha256()
    for name in OCR_MODULES:
        target = root / name
        for file in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:12]


def load_restored(path: Path, cache_dir: Path | None = None) -> Any:
    """``api.Restored`` for one file, the OCR'd :class:`Document` cached in ``cache_dir``.

    Caching the OCR output (Tesseract is ~1.3 s a page) makes re-scoring after an extractor
    change instant; the key is the file's sha256 plus :func:`ocr_fingerprint`.  Text files
    are never cached.
    """
    from pipeline import api
    from pipeline.document import Document
    from pipeline.record import Source
    from pipeline.settings import get_settings

    settings = get_settings()
    src = api.identify(path, settings)
    cached = cache_dir / f"{src.sha256}.{ocr_fingerprint()}.json" if cache_dir and src.kind != "text" else None
    if cached and cached.is_file():
        data = json.loads(cached.read_text(encoding="utf-8"))
        loaded = api.Loaded(Source.model_validate(data["source"]), Document.from_dict(data["document"]))
    else:
        loaded = api.load(src, settings)
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            payload = {"source": loaded.source.model_dump(), "document": loaded.document.export()}
            cached.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return api.restore(loaded, settings)


def extract_file(path: Path, cache_dir: Path | None = None) -> dict[str, Any]:
    """The record of one file through every stage (OCR cached, see :func:`load_restored`)."""
    from pipeline import api
    from pipeline.settings import get_settings

    return api.extract_fields(load_restored(path, cache_dir), get_settings()).to_json_dict()
