"""Reliability diagrams as plain SVG geometry, drawn by the calibration template.

Server-side numbers, no JavaScript and no image files: the template gets coordinates and
labels (all numbers), so nothing in the chart comes from OCR text.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.review import Calibration

SIZE = 240  # plot area, px
PAD = 34


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    gap_y: float  # top of the "perfect calibration" bar (the bin's mean confidence)
    count: int
    label: str  # tooltip: "0.6–0.7: 7/10 right, mean confidence 0.65"


@dataclass(frozen=True)
class Diagram:
    title: str
    size: int
    pad: int
    bars: list[Bar]
    points: str  # polyline of (mean confidence, accuracy) for bins with data
    ticks: list[tuple[float, str]]  # position along an axis, label
    reviewed: int
    right: int
    ece: float | None


def _xy(conf: float, acc: float) -> tuple[float, float]:
    return PAD + conf * SIZE, PAD + (1 - acc) * SIZE


def diagram(cal: Calibration) -> Diagram:
    """Bars of accuracy per confidence bin, the diagonal, and the (confidence, accuracy) line."""
    bars: list[Bar] = []
    points: list[str] = []
    for b in cal.bins:
        if not b.count:
            continue
        x0, _ = _xy(b.lo, 0)
        x1, _ = _xy(b.hi, 0)
        _, top = _xy(0, b.accuracy)
        _, gap = _xy(0, b.mean_confidence)
        bars.append(
            Bar(
                x=round(x0 + 1, 1),
                y=round(top, 1),
                width=round(x1 - x0 - 2, 1),
                height=round(PAD + SIZE - top, 1),
                gap_y=round(gap, 1),
                count=b.count,
                label=(
                    f"{b.lo:.1f}–{b.hi:.1f}: {b.correct}/{b.count} right, "
                    f"mean confidence {b.mean_confidence:.2f}"
                ),
            )
        )
        px, py = _xy(b.mean_confidence, b.accuracy)
        points.append(f"{px:.1f},{py:.1f}")
    ticks = [(PAD + t / 5 * SIZE, f"{t / 5:.1f}") for t in range(6)]
    return Diagram(
        title=cal.field,
        size=SIZE,
        pad=PAD,
        bars=bars,
        points=" ".join(points),
        ticks=ticks,
        reviewed=cal.reviewed,
        right=cal.right,
        ece=cal.ece,
    )
