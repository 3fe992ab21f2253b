"""Fit the confidence calibrator on labelled letters (never the seeds, never the test set).

    python -m pipeline.extract.calibrate DIR [DIR …] --cache ~/.cache/congvan/ocr --out models/calibration.json

Every (input, truth) pair of the folders is extracted (OCR from the cache), each field's
features are computed as at inference time and labelled right/wrong with the evaluator's
comparison rules, and one logistic model per field is fitted with scikit-learn.  A field
that was always right (or always wrong) in the data gets a constant: the Laplace-smoothed
rate, so a confidence of 1.0 is never claimed from finite evidence.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path
from typing import Annotated

import typer

from pipeline.evaluate import field_correct, load_restored, truth_pairs
from pipeline.extract import extract_fields, field_results
from pipeline.extract.confidence import FEATURES, Calibrator, DocStats, features

Sample = tuple[list[float], bool]


def collect(folders: list[Path], cache: Path | None) -> dict[str, list[Sample]]:
    """Feature vectors and right/wrong labels per field over every labelled letter."""
    data: dict[str, list[Sample]] = defaultdict(list)
    for folder in folders:
        for path, truth_path in truth_pairs(folder):
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            restored = load_restored(path, cache)
            results = field_results(extract_fields(restored.document))
            stats = DocStats.of(restored.document)
            for name, found in results.items():
                if name not in truth:
                    continue
                ok = field_correct(name, found.value, truth[name])
                f = features(stats, found, restored.confidence)
                data[name].append(([f[k] for k in FEATURES], ok))
    return data


def _constant(samples: list[Sample]) -> tuple[list[float], float]:
    k, n = sum(ok for _, ok in samples), len(samples)
    p = (k + 1) / (n + 2)
    return [0.0] * len(FEATURES), math.log(p / (1 - p))


def _logistic(samples: list[Sample]) -> tuple[list[float], float]:
    """Logistic regression on standardised features, folded back to raw-feature coefficients.

    Standardising matters: OCR confidences vary over a few hundredths between a clean and a
    hard scan, and an L2 penalty on raw features would flatten exactly that signal.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    labels = [ok for _, ok in samples]
    if len(set(labels)) < 2 or min(labels.count(True), labels.count(False)) < 3:
        return _constant(samples)
    x = np.array([f for f, _ in samples], dtype=float)
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std < 1e-9] = 1.0
    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit((x - mean) / std, labels)
    coef = model.coef_[0] / std
    intercept = float(model.intercept_[0] - (model.coef_[0] * mean / std).sum())
    return [float(c) for c in coef], intercept


def fit(data: dict[str, list[Sample]]) -> Calibrator:
    pooled = [s for samples in data.values() for s in samples]
    return Calibrator({name: _logistic(s) for name, s in data.items()}, _logistic(pooled))


def main(
    folders: Annotated[list[Path], typer.Argument(help="folders of inputs + truth JSON")],
    cache: Annotated[Path | None, typer.Option(help="OCR cache (see congvan eval)")] = None,
    out: Annotated[Path, typer.Option(help="artifact to write")] = Path("models/calibration.json"),
) -> None:
    data = collect(folders, cache)
    calibrator = fit(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = calibrator.to_json()
    payload["trained_on"] = {"folders": [str(f) for f in folders],
                             "samples": {k: len(v) for k, v in data.items()}}  # fmt: skip
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    n = sum(len(v) for v in data.values())
    print(f"fitted {len(data)} field models on {n} labelled fields → {out}")


if __name__ == "__main__":
    typer.run(main)
