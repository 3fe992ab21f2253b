"""Issue 7 acceptance on the current database (run it after ``congvan demo``).

Checks, through the real ``congvan`` commands:
1. ``congvan deadlines --format ics`` parses with ``icalendar`` and holds one event per
   deadline stored (rows of the ``congvan_deadlines`` view);
2. ``--format xlsx`` read back with pandas has the same rows as ``--format csv``;
3. accent-less search: for every letter with a subject, searching its first four subject
   words without accents (``congvan search``) finds that letter.

    congvan demo && python bench/query_acceptance.py [--db URL]
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
from icalendar import Calendar
from sqlalchemy import text

from pipeline.query.db import engine_for
from pipeline.query.fold import fold

CONGVAN = str(Path(sys.executable).with_name("congvan"))


def congvan(*args: str) -> bytes:
    return subprocess.run([CONGVAN, *args], check=True, capture_output=True).stdout


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=None, help="database URL [default: CONGVAN_DATABASE_URL]")
    args = ap.parse_args()
    db = ["--db", args.db] if args.db else []
    engine = engine_for(args.db)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM congvan_deadlines")).scalar_one()
        subjects = conn.execute(text("SELECT document_id, subject FROM congvan_documents")).all()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        ics, xlsx = Path(tmp) / "d.ics", Path(tmp) / "d.xlsx"
        congvan("deadlines", "--format", "ics", "-o", str(ics), *db)
        events = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
        print(f"ics: {len(events)} events for {stored} stored deadlines")
        ok &= len(events) == stored
        csv = pd.read_csv(io.BytesIO(congvan("deadlines", "--format", "csv", *db)), dtype=str,
                          keep_default_na=False)
        congvan("deadlines", "--format", "xlsx", "-o", str(xlsx), *db)
        xl = pd.read_excel(xlsx, dtype=str, keep_default_na=False)
        for col in ("date", "start", "occurrence"):
            xl[col] = xl[col].str.slice(0, 10)
        same = xl.equals(csv)
        print(f"xlsx: {len(xl)} rows, csv: {len(csv)} rows, identical: {same}")
        ok &= same
    found = 0
    with_subject = [(i, s) for i, s in subjects if s]
    for doc_id, subject in with_subject:
        words = " ".join(fold(subject).split()[:4])
        hits = json.loads(congvan("search", words, "--limit", "0", "--format", "json", *db))
        found += any(h["document_id"] == doc_id for h in hits)
    print(f"accent-less search: {found}/{len(with_subject)} letters found by their own subject")
    ok &= found == len(with_subject)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
