"""Calibrated confidence per field: OCR word confidence × restoration × extraction evidence.

Each field gets a small feature vector — the extractor's raw score, the mean and minimum OCR
confidence of the words its evidence spans, the mean OCR confidence of the whole document,
the restoration confidence, whether a value was found, and whether the text was OCR'd — and
a per-field logistic model (Platt scaling generalised to several inputs) maps it to the
probability that the field is right.  The models are fitted on OCR'd generated letters
(``pipeline.extract.calibrate``), never on the seeds, and stored as plain JSON in
``models/calibration.json`` so that loading them needs neither pickle nor scikit-learn.
Without that file the confidence is the uncalibrated product raw × OCR × restoration.
"""

from __future__ import annotations

import bisect
import json
import logging
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.document import Document
from pipeline.extract.base import Found

log = logging.getLogger(__name__)

FEATURES = ("raw", "ocr_mean", "ocr_min", "doc_ocr", "restoration", "present", "scanned")
ARTIFACT = "calibration.json"


@dataclass
class DocStats:
    """What every field's features share: word spans, their starts and the mean confidence."""

    starts: list[int]
    ends: list[int]
    confs: list[float]
    mean: float
    scanned: bool

    @classmethod
    def of(cls, doc: Document) -> DocStats:
        _, spans = doc.flatten()
        confs = [s.conf for s in spans]
        return cls(
            [s.start for s in spans], [s.end for s in spans], confs,
            sum(confs) / len(confs) if confs else 1.0, any(s.bbox is not None for s in spans[:50]),
        )  # fmt: skip


def features(doc: Document | DocStats, found: Found, restoration: float) -> dict[str, float]:
    """The calibrator's inputs for one field (see the module docstring)."""
    st = doc if isinstance(doc, DocStats) else DocStats.of(doc)
    inside: list[float] = []
    if found.span:
        lo = max(bisect.bisect_right(st.starts, found.span[0]) - 1, 0)
        hi = bisect.bisect_left(st.starts, found.span[1])
        inside = [st.confs[i] for i in range(lo, hi) if st.ends[i] > found.span[0]]
    return {
        "raw": float(found.score),
        "ocr_mean": sum(inside) / len(inside) if inside else st.mean,
        "ocr_min": min(inside) if inside else st.mean,
        "doc_ocr": st.mean,
        "restoration": float(restoration),
        "present": 0.0 if found.value in (None, [], {}) or _all_null(found.value) else 1.0,
        "scanned": 1.0 if st.scanned else 0.0,
    }


def _all_null(value: Any) -> bool:
    return isinstance(value, dict) and all(v in (None, []) for v in value.values())


@dataclass
class Calibrator:
    """Per-field logistic models; ``models`` maps field → (coefficients, intercept)."""

    models: dict[str, tuple[list[float], float]]
    default: tuple[list[float], float] | None = None

    def confidence(self, field: str, feats: dict[str, float]) -> float:
        model = self.models.get(field, self.default)
        if model is None:
            return max(0.0, min(1.0, feats["raw"] * feats["ocr_mean"] * feats["restoration"]))
        coef, intercept = model
        z = intercept + sum(c * feats[f] for c, f in zip(coef, FEATURES, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "per-field logistic (Platt) calibration",
            "features": list(FEATURES),
            "fields": {k: {"coef": c, "intercept": b} for k, (c, b) in self.models.items()},
            "default": {"coef": self.default[0], "intercept": self.default[1]} if self.default else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Calibrator:
        if list(data.get("features", [])) != list(FEATURES):
            raise ValueError("calibration artifact was fitted on other features; refit it")
        models = {k: (v["coef"], v["intercept"]) for k, v in data["fields"].items()}
        d = data.get("default")
        return cls(models, (d["coef"], d["intercept"]) if d else None)


@lru_cache(maxsize=1)
def get_calibrator(models_dir: Path | None = None) -> Calibrator:
    """The fitted calibrator from ``models/calibration.json`` (loaded once per process)."""
    from pipeline.settings import get_settings

    path = (models_dir or get_settings().models_dir) / ARTIFACT
    if not path.is_file():
        log.warning("%s missing: confidences are uncalibrated", path)
        return Calibrator({})
    return Calibrator.from_json(json.loads(path.read_text(encoding="utf-8")))
