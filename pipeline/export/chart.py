"""Deadline timeline per campaign (matplotlib, Agg backend: no display needed).

One panel per campaign, one lane per letter (number/symbol and issuer); a deadline is a
marker coloured by status, a "từ … đến …" window a bar from its start, and a dashed line
marks today.  :func:`timeline_png` returns bytes so the web page can serve the same chart.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from pipeline.export.values import records  # noqa: E402
from pipeline.query.columns import reference  # noqa: E402

COLORS = {"overdue": "#c0392b", "upcoming": "#e67e22", "later": "#27ae60"}
MAX_PANELS = 12
LANE_LABEL = 38


def _campaign(row: dict[str, Any]) -> str:
    topic = row.get("campaign_topic") or "(không rõ phong trào)"
    return f"{topic} {row.get('campaign_year') or ''}".strip()


def _lane(row: dict[str, Any]) -> str:
    label = f"{reference(row)} — {row.get('issuer') or ''}"
    return label if len(label) <= LANE_LABEL else label[: LANE_LABEL - 1] + "…"


def _panel(ax: Any, rows: list[dict[str, Any]], today: date | None) -> None:
    """One campaign: lanes per letter, its own date range (padded), today when inside it."""
    lanes = list(dict.fromkeys(_lane(r) for r in rows))
    days: list[date] = []
    for r in rows:
        y = lanes.index(_lane(r))
        day = r["occurrence"]
        color = COLORS.get(str(r.get("status")), "#34495e")
        if r.get("start"):
            ax.barh(y, (day - r["start"]).days, left=r["start"], height=0.35, color=color, alpha=0.35)
            days.append(r["start"])
        ax.plot(day, y, marker="D", color=color, markersize=7, linestyle="none")
        ax.annotate(day.strftime("%d/%m/%y"), (day, y), textcoords="offset points", xytext=(0, 7),
                    ha="center", fontsize=7)
        days.append(day)
    ax.set_yticks(range(len(lanes)), lanes, fontsize=8)
    ax.set_ylim(-0.8, len(lanes) - 0.2)
    ax.invert_yaxis()
    if days:
        pad = timedelta(days=max(10, (max(days) - min(days)).days // 10))
        lo, hi = min(days) - pad, max(days) + pad
        ax.set_xlim(lo, hi)
        if today is not None and lo <= today <= hi:
            ax.axvline(today, color="#7f8c8d", linestyle="--", linewidth=1)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d/%m/%y"))
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", alpha=0.3)


def _legend(fig: Any) -> None:
    handles = [Line2D([], [], marker="D", color=c, linestyle="none", label=label)
               for label, c in (("quá hạn", COLORS["overdue"]), ("sắp đến hạn", COLORS["upcoming"]),
                                ("còn xa", COLORS["later"]))]
    handles.append(Line2D([], [], color="#7f8c8d", linestyle="--", label="hôm nay"))
    fig.legend(handles=handles, loc="upper right", fontsize=8, ncols=4, frameon=False)


def timeline_figure(frame: pd.DataFrame, today: date | None = None) -> Any:
    """The matplotlib Figure for a deadline frame (``pipeline.query.deadlines``)."""
    rows = [r for r in records(frame) if r.get("occurrence")]
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(_campaign(r), []).append(r)
    names = list(groups)[:MAX_PANELS] or ["(không có hạn)"]
    heights = [max(1.2, 0.45 * len({_lane(r) for r in groups.get(n, [])}) + 0.8) for n in names]
    fig, axes = plt.subplots(len(names), 1, figsize=(11, sum(heights) + 0.8), squeeze=False,
                             gridspec_kw={"height_ratios": heights})
    for ax, name in zip(axes[:, 0], names, strict=True):
        _panel(ax, groups.get(name, []), today)
        ax.set_title(name, loc="left", fontsize=10, fontweight="bold")
    _legend(fig)
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    return fig


def timeline_png(frame: pd.DataFrame, today: date | None = None, dpi: int = 110) -> bytes:
    """The timeline as PNG bytes (for files and for the web page)."""
    fig = timeline_figure(frame, today)
    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=dpi)
    finally:
        plt.close(fig)
    return buf.getvalue()


def write_timeline(frame: pd.DataFrame, path: Path, today: date | None = None) -> Path:
    path.write_bytes(timeline_png(frame, today))
    return path
