"""Take the screenshots of docs/auditors.md with Debian Chromium (Playwright).

    python tests/web/screenshots.py --out docs/screenshots samples/*.clean.pdf

Each file given is extracted by the real pipeline (``pipeline.api.extract``) into a fresh
SQLite store.  The queue is photographed first; then the first ``--review`` documents that
have a truth record (``samples/truth/<stem>.json``) are reviewed field by field against it —
accepted where the machine agrees, corrected to the truth where it does not — which is what
the calibration page then plots: the real extractor's confidence against real verdicts.
Without files, the two synthetic letters of the tests are used.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import chromium, live_server, sign_in  # noqa: E402
from letter import draw_letter, make_record, store_record  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from pipeline import review  # noqa: E402
from pipeline.record import EXTRACTED_FIELDS, Record  # noqa: E402
from pipeline.store import connect  # noqa: E402
from pipeline.store.db import write_session  # noqa: E402
from pipeline.web.users import add_user, ensure_schema  # noqa: E402


def review_against_truth(engine, doc_id: int, truth: Record) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        view = review.document_view(session, doc_id)
    assert view is not None
    expected = truth.to_json_dict()
    for f in view.fields:
        if f.field not in EXTRACTED_FIELDS:
            continue
        if f.value == expected[f.field]:
            review.accept(engine, doc_id, f.field, reviewer="auditor", comment=None)
        else:
            review.correct(engine, doc_id, f.field, expected[f.field], reviewer="auditor",
                           comment="checked against the scan")


def populate(engine, files: list[Path], n_review: int, work: Path) -> None:  # type: ignore[no-untyped-def]
    if not files:
        for stem, subject in (("letter-1", "triển khai sáng kiến cải cách hành chính năm 2024"),
                              ("letter-2", "tổng kết phong trào thi đua năm 2024")):
            path, doc = draw_letter(work, subject=subject, stem=stem)
            store_record(engine, make_record(path, doc, subject=subject))
        return
    from pipeline.api import extract

    reviewed = 0
    for path in files:
        print(f"extracting {path.name}…", file=sys.stderr)
        record = extract(path)
        record.source.path = str(path.resolve())
        doc_id = store_record(engine, record)
        truth = path.parent / "truth" / (path.name.split(".")[0] + ".json")
        if reviewed < n_review and truth.exists():
            data = json.loads(truth.read_text(encoding="utf-8"))
            data["source"] = record.source.model_dump()
            _pending.append((doc_id, Record.model_validate(data)))
            reviewed += 1


_pending: list[tuple[int, Record]] = []


def shoot(engine, out: Path, password: str) -> None:  # type: ignore[no-untyped-def]
    out.mkdir(parents=True, exist_ok=True)
    with live_server(engine) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        sign_in(page, base, "auditor", password)
        page.screenshot(path=str(out / "queue.png"))
        first = page.locator("table.queue tbody tr a").first
        href = first.get_attribute("href") or "/documents/1"
        for doc_id, truth in _pending:
            review_against_truth(engine, doc_id, truth)
        page.goto(href.split("#")[0] if href.startswith("http") else f"{base}{href.split('#')[0]}")
        # the riskiest field of this document that has a box on the scan
        field = page.evaluate("""() => {
            const cards = [...document.querySelectorAll('.field')].filter(c =>
                document.querySelector(`.box[data-field="${c.dataset.field}"]`));
            const conf = c => parseFloat(c.querySelector('.conf').textContent) || 1;
            cards.sort((a, b) => conf(a) - conf(b));
            return cards.length ? cards[0].dataset.field : 'subject';
        }""")
        card = page.locator(f"#field-{field}")
        card.click(position={"x": 5, "y": 5})
        card.locator("summary").click()
        card.scroll_into_view_if_needed()
        page.wait_for_timeout(600)
        page.screenshot(path=str(out / "document.png"))
        page.goto(f"{base}/calibration")
        page.screenshot(path=str(out / "calibration.png"), full_page=True)
        page.goto(f"{base}/audit")
        page.screenshot(path=str(out / "audit.png"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--review", type=int, default=3, help="documents to review against truth")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        engine = connect(f"sqlite:///{work / 'review.db'}")
        ensure_schema(engine)
        password = secrets.token_urlsafe(12)
        with write_session(engine) as session:
            add_user(session, "auditor", password)
        populate(engine, args.files, args.review, work)
        shoot(engine, args.out, password)
        engine.dispose()
    print(f"screenshots in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
