"""Load run: N generated text letters and M generated scans in ONE ingest, memory watched.

    OMP_THREAD_LIMIT=1 python bench/load_run.py --text 1000 --scans 100 --out /tmp/congvan-load

Writes the letters (text: UTF-8 ``.txt``; scans: clean 300-dpi image-only PDFs, first page
only, one JPEG page each like an office scanner's) into ``OUT/inbox/a-text`` and
``OUT/inbox/b-scan``, then runs the real ``ingest_mailbox`` flow once (thread-pool runner, as
``congvan ingest`` does) into a fresh SQLite database, while a sampler thread records this
process's resident memory (RSS) every 0.25 s and the progress callback records it after each
document.  Printed: total and per-kind wall time, documents per second, peak RSS (this
process; Tesseract child processes separately), and the leak check — a least-squares slope
of RSS against documents over the text letters and over the scans, after a warm-up.
"""

from __future__ import annotations

import argparse
import json
import os
import threading
import time
from pathlib import Path

import psutil


def write_inputs(out: Path, n_text: int, n_scans: int, start: int) -> tuple[Path, float]:
    from pipeline.samples.build import scan
    from pipeline.samples.degrade import CLEAN
    from pipeline.samples.generate import generate
    from pipeline.samples.scanfiles import save_pdf

    t0 = time.perf_counter()
    inbox = out / "inbox"
    (inbox / "a-text").mkdir(parents=True, exist_ok=True)
    (inbox / "b-scan").mkdir(parents=True, exist_ok=True)
    for seed in range(start, start + n_text):
        lab = generate(seed)
        (inbox / "a-text" / f"{seed}-{lab.name}.txt").write_text(lab.letter.reading_text(), encoding="utf-8")
    for seed in range(start + n_text, start + n_text + n_scans):
        lab = generate(seed)
        target = inbox / "b-scan" / f"{seed}-{lab.name}.pdf"
        if not target.exists():
            page = scan(lab.letter, CLEAN, seed)[0]
            save_pdf([page], target, dpi=CLEAN.dpi, quality=CLEAN.jpeg_quality or 75)
    return inbox, time.perf_counter() - t0


class Sampler(threading.Thread):
    """RSS of this process and of its Tesseract children, every ``period`` seconds."""

    def __init__(self, period: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.me = psutil.Process()
        self.period = period
        self.samples: list[tuple[float, float]] = []
        self.peak_self = 0.0
        self.peak_children = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        t0 = time.perf_counter()
        while not self.stop.is_set():
            rss = self.me.memory_info().rss / 2**20
            kids = 0.0
            for child in self.me.children(recursive=True):
                try:
                    if "tesseract" in child.name():
                        kids += child.memory_info().rss / 2**20
                except psutil.Error:
                    pass
            self.samples.append((time.perf_counter() - t0, rss))
            self.peak_self = max(self.peak_self, rss)
            self.peak_children = max(self.peak_children, kids)
            time.sleep(self.period)


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares MB per document."""
    return slope_and_error(points)[0]


def slope_and_error(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least-squares MB per document, and its standard error (from the residuals)."""
    n = len(points)
    if n < 3:
        return 0.0, 0.0
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    var = sum((x - mx) ** 2 for x, _ in points)
    if not var:
        return 0.0, 0.0
    b = sum((x - mx) * (y - my) for x, y in points) / var
    resid = sum((y - my - b * (x - mx)) ** 2 for x, y in points)
    return b, (resid / (n - 2) / var) ** 0.5


def summarise(per_doc: list[dict], samples: list[tuple[float, float]]) -> dict:
    """Times, RSS at milestones and leak slopes (MB per 100 documents) from a run's records.

    The slope is fitted twice per kind: after a 10 % warm-up, and over the second half only
    (caches, the allocator's arenas and Prefect's client state grow during the first few
    hundred documents, then level off: a true leak keeps climbing in the second half too).
    ``flat`` (see :func:`flat`) judges the slope net of one-time steps — for scale, keeping
    every text letter's record (the leak issue #9 found) measured ≈ 3 MB per 100 letters.
    """
    text = [d for d in per_doc if d["kind"] == "text"]
    scans = [d for d in per_doc if d["kind"] == "scan"]

    def fit(docs: list[dict], skip: float) -> float:
        return round(100 * slope([(d["n"], d["rss_mb"]) for d in docs[int(len(docs) * skip):]]), 2)

    def span(docs: list[dict]) -> float:
        return round(docs[-1]["t"] - docs[0]["t"], 1) if len(docs) > 1 else 0.0

    return {
        "documents": len(per_doc), "text": len(text), "scans": len(scans),
        "first_document_done_s": per_doc[0]["t"] if per_doc else None,
        "text_span_s": span(text), "scan_span_s": span(scans),
        "text_per_s": round(len(text) / span(text), 2) if span(text) else None,
        "scan_s_each": round(span(scans) / len(scans), 2) if len(scans) > 1 else None,
        "peak_rss_sampled_mb": round(max((r for _, r in samples), default=0.0), 1),
        "rss_at_first_doc_mb": per_doc[0]["rss_mb"] if per_doc else None,
        "rss_after_text_mb": text[-1]["rss_mb"] if text else None,
        "rss_at_last_doc_mb": per_doc[-1]["rss_mb"] if per_doc else None,
        "leak_text_mb_per_100_docs_after_warmup": fit(text, 0.1),
        "leak_text_mb_per_100_docs_second_half": fit(text, 0.5),
        "leak_scan_mb_per_100_docs_after_warmup": fit(scans, 0.1),
        "leak_scan_mb_per_100_docs_second_half": fit(scans, 0.5),
        "rss_scan_range_after_warmup_mb": _range(scans[int(len(scans) * 0.1):]),
        "one_time_steps": steps(per_doc),
        "leak_text_mb_per_100_docs_net_of_steps_and_stderr": fit_net(text, 0.1),
        "leak_scan_mb_per_100_docs_net_of_steps_and_stderr": fit_net(scans, 0.1),
        "flat_text": flat(text),
        "flat_scans": flat(scans),
    }


def steps(docs: list[dict], threshold: float = 40.0) -> list[dict]:
    """Jumps of RSS of at least ``threshold`` MB from one document to the next.

    A library loading something once (underthesea's NER, ≈ 90 MB, the first time a letter
    needs it) is a step, not a leak; listed with the file that was being booked, so it can
    be checked on its own (``api.extract`` of that file in a fresh process).
    """
    out = []
    for a, b in zip(docs, docs[1:], strict=False):
        if b["rss_mb"] - a["rss_mb"] >= threshold:
            out.append({"n": b["n"], "file": b.get("name"), "mb": round(b["rss_mb"] - a["rss_mb"], 1)})
    return out


def fit_net(docs: list[dict], skip: float) -> tuple[float, float]:
    """The after-warm-up slope with the :func:`steps` taken out (every later point lowered),
    and its standard error, both in MB per 100 documents."""
    docs = docs[int(len(docs) * skip):]
    jumps = {s["n"]: s["mb"] for s in steps(docs)}
    points, lift = [], 0.0
    for d in docs:
        lift += jumps.get(d["n"], 0.0)
        points.append((d["n"], d["rss_mb"] - lift))
    b, err = slope_and_error(points)
    return round(100 * b, 2), round(100 * err, 2)


def flat(docs: list[dict]) -> bool | None:
    """Flat: the net after-warm-up slope within ±1 MB per 100 documents or within two
    standard errors of zero (a scan's page buffers make RSS swing by tens of MB)."""
    if len(docs) <= 10:
        return None
    b, err = fit_net(docs, 0.1)
    return abs(b) <= max(1.0, 2 * err)


def _range(docs: list[dict]) -> list[float] | None:
    return [min(d["rss_mb"] for d in docs), max(d["rss_mb"] for d in docs)] if docs else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--text", type=int, default=1000)
    ap.add_argument("--scans", type=int, default=100)
    ap.add_argument("--start", type=int, default=800_000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/congvan-load"))
    ap.add_argument("--report-only", action="store_true",
                    help="summarise OUT/per_doc.jsonl and OUT/rss_samples.json of an earlier run")
    args = ap.parse_args()
    if args.report_only:
        per_doc = [json.loads(line) for line in (args.out / "per_doc.jsonl").read_text().splitlines()]
        samples = json.loads((args.out / "rss_samples.json").read_text())
        print(json.dumps(summarise(per_doc, samples), indent=1))
        return
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    inbox, t_write = write_inputs(args.out, args.text, args.scans, args.start)
    db = args.out / "load.db"
    db.unlink(missing_ok=True)
    os.environ["CONGVAN_DATABASE_URL"] = f"sqlite:///{db}"
    from pipeline.cli.ingest_cmd import _prepare_prefect

    _prepare_prefect()
    from flows.ingest import run_ingest

    me = psutil.Process()
    per_doc: list[dict] = []
    t0 = time.perf_counter()

    def progress(name: str, outcome: str) -> None:
        per_doc.append({"n": len(per_doc) + 1, "t": round(time.perf_counter() - t0, 2),
                        "rss_mb": round(me.memory_info().rss / 2**20, 1),
                        "kind": "scan" if name.endswith(".pdf") else "text", "outcome": outcome,
                        "name": name})

    load_before = os.getloadavg()
    sampler = Sampler()
    sampler.start()
    summary = run_ingest(inbox, progress=progress, settle_seconds=0)
    total = time.perf_counter() - t0
    sampler.stop.set()
    sampler.join()
    report = {"counts": summary.counts, "load_average_before": [round(x, 2) for x in load_before],
              "load_average_after": [round(x, 2) for x in os.getloadavg()],
              "malloc_mmap_threshold": os.environ.get("MALLOC_MMAP_THRESHOLD_"),
              "inputs_written_s": round(t_write, 1),
              "ingest_wall_s": round(total, 1), "peak_rss_mb": round(sampler.peak_self, 1),
              "peak_tesseract_rss_mb": round(sampler.peak_children, 1),
              **summarise(per_doc, sampler.samples)}
    (args.out / "per_doc.jsonl").write_text("\n".join(json.dumps(d) for d in per_doc) + "\n")
    (args.out / "rss_samples.json").write_text(json.dumps(sampler.samples))
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
