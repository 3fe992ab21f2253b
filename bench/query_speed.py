"""How fast the analysts' queries are on a database of N letters (default 2,000).

The letters are the five seed truth records (with their texts) copied N/5 times with
distinct hashes and numbers, stored through the store's API into a temp SQLite file (or
``--db URL``).  Prints seconds per query and, for search, milliseconds per letter scanned.

    python bench/query_speed.py --letters 2000
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "query"))

from conftest import seed_records  # noqa: E402

from pipeline import query  # noqa: E402
from pipeline.export import render  # noqa: E402
from pipeline.store import connect  # noqa: E402
from pipeline.store.db import write_session  # noqa: E402
from pipeline.store.models import Document  # noqa: E402
from pipeline.store.records import add_run  # noqa: E402


def fill(url: str, n: int) -> None:
    engine = connect(url)
    seeds = seed_records()
    with write_session(engine) as session:
        for i in range(n):
            rec = seeds[i % len(seeds)].model_copy(deep=True)
            rec.source.sha256 = hashlib.sha256(f"{i}".encode()).hexdigest()
            rec.number = str(10_000 + i)
            doc = Document(sha256=rec.source.sha256, original_name=f"{i}.txt",
                           source_path=f"inbox/{i}.txt", size_bytes=len(rec.text), status="done")
            session.add(doc)
            session.flush()
            add_run(session, doc, rec, model_version="bench", code_version="bench")
    engine.dispose()


def timed(label: str, fn, n: int) -> None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = fn()
    took = time.perf_counter() - start
    rows = len(out) if hasattr(out, "__len__") else "-"
    print(f"{label:<40} {took:7.3f} s   rows/bytes={rows}   {1000 * took / n:6.3f} ms/letter")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--letters", type=int, default=2000)
    ap.add_argument("--db", default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        t0 = time.perf_counter()
        fill(url, args.letters)
        print(f"stored {args.letters} letters in {time.perf_counter() - t0:.1f} s ({url.split('://')[0]})")
        today, n = date(2025, 9, 20), args.letters
        query.documents(url)  # open, migrate, create views once
        timed("deadlines (all)", lambda: query.deadlines(url, today=today), n)
        timed("deadlines --upcoming 30", lambda: query.deadlines(url, today=today, upcoming=30), n)
        timed("deadlines --issuer 'vinh linh'", lambda: query.deadlines(url, today=today, issuer="vinh linh"), n)
        timed("quotas", lambda: query.quotas(url), n)
        timed("campaigns", lambda: query.campaigns(url, today=today), n)
        timed("documents", lambda: query.documents(url), n)
        timed("search 'cai cach hanh chinh'", lambda: query.search("cai cach hanh chinh", url), n)
        frame = query.deadlines(url, today=today)
        timed("ics export of all deadlines", lambda: render(frame, "ics", "deadlines"), n)
        timed("xlsx export of all deadlines", lambda: render(frame, "xlsx", "deadlines"), n)


if __name__ == "__main__":
    main()
