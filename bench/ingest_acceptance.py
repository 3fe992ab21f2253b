"""Issue 6 acceptance numbers: the same generated letters into SQLite, PostgreSQL and over Dask.

    python bench/ingest_acceptance.py [--n 50] [--postgres URL] [--dask-workers 2]

Prints, per backend: documents stored, runs, seconds for the first run, what a second run
added, and whether the current records are identical to SQLite's.  (kill -9 and concurrent
ingests are exercised by tests/flows/test_crash.py.)  Uses PREFECT_API_URL when set, else a
temporary Prefect server.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from flows.ingest import run_ingest  # noqa: E402
from pipeline.samples.generate import generate  # noqa: E402
from pipeline.store import connect, scratch  # noqa: E402
from pipeline.store.records import count_runs, current_records  # noqa: E402


def write_letters(folder: Path, n: int, start: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in range(start, start + n):
        lab = generate(seed)
        (folder / f"{lab.name}.txt").write_text(lab.letter.reading_text(), encoding="utf-8")


def measure(label: str, inbox: Path, url: str, reference: dict | None, **options: object) -> dict:
    t0 = time.perf_counter()
    first = run_ingest(inbox, database_url=url, **options)  # type: ignore[arg-type]
    seconds = time.perf_counter() - t0
    second = run_ingest(inbox, database_url=url, **options)  # type: ignore[arg-type]
    engine = connect(url)
    records = current_records(engine)
    same = "n/a (reference)" if reference is None else str(records == reference)
    print(f"{label:28} docs={len(records):3} runs={count_runs(engine):3} "
          f"first_run={seconds:6.1f}s ({len(records) / seconds:5.2f} docs/s) "
          f"processed={first.counts['processed']:3} quarantined={len(first.quarantined)} "
          f"second_run_processed={second.counts['processed']} identical_to_sqlite={same}")
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--start", type=int, default=60_000)
    parser.add_argument("--postgres", default=os.environ.get("CONGVAN_TEST_POSTGRES_URL"))
    parser.add_argument("--dask-workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="congvan-bench-") as tmp:
        inbox = Path(tmp) / "inbox"
        write_letters(inbox, args.n, args.start)
        print(f"{args.n} generated letters (seeds {args.start}..{args.start + args.n - 1}), text input")
        ref = measure("sqlite, thread pool", inbox, f"sqlite:///{tmp}/a.db", None)
        if args.postgres:
            url = scratch.create_database(args.postgres)
            try:
                measure("postgresql, thread pool", inbox, url, ref)
            finally:
                scratch.drop_database(url)
        if args.dask_workers:
            measure(f"sqlite, dask LocalCluster x{args.dask_workers}", inbox, f"sqlite:///{tmp}/d.db",
                    ref, workers=args.dask_workers)


if __name__ == "__main__":
    main()
