"""The review library on a real store: queue, document view, corrections, trail, calibration."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from pipeline import review
from pipeline.store.models import Deadline, ExtractionRun


def test_queue_is_riskiest_first_and_below_threshold(any_engine: Engine) -> None:
    with Session(any_engine) as s:
        items = review.review_queue(s, threshold=0.8)
    confs = [i.confidence for i in items]
    assert confs == sorted(confs) and max(confs) < 0.8
    assert items[0].field == "deadlines" and items[0].confidence == pytest.approx(0.41)
    assert {i.document_id for i in items} == {1, 2}


def test_queue_filters(any_engine: Engine) -> None:
    with Session(any_engine) as s:
        facets = review.facets(s)
        assert facets.campaigns == ["sáng kiến cải cách hành chính (2024)"]
        assert facets.issuers == ["Ủy ban nhân dân thành phố Hà Tiên"]
        only = review.review_queue(s, field="number", threshold=0.8)
        assert {i.field for i in only} == {"number"} and len(only) == 2
        assert review.review_queue(s, campaign=facets.campaigns[0], threshold=0.8)
        assert review.review_queue(s, campaign="other (2020)") == []
        assert review.review_queue(s, issuer="Sở Nội vụ") == []
        assert len(review.review_queue(s, threshold=0.5)) == 2  # the two deadlines (0.41)


def test_document_view_has_value_confidence_evidence(any_engine: Engine) -> None:
    with Session(any_engine) as s:
        view = review.document_view(s, 1)
        assert review.document_view(s, 999) is None
    assert view is not None and view.kind == "scan" and view.pages == 1
    fields = {f.field: f for f in view.fields}
    dl = fields["deadlines"]
    assert dl.confidence == pytest.approx(0.41) and dl.page == 1 and len(dl.bbox or []) == 4
    assert dl.source_text == "và gửi báo cáo kết quả về Văn phòng trước ngày 25/6/2024"
    assert dl.review is None and not dl.changed


def test_correction_becomes_current_and_keeps_machine_value(any_engine: Engine) -> None:
    new = [{"date": "2024-07-15", "action": "gửi báo cáo", "responsible": "các phường, xã"}]
    entry = review.correct(any_engine, 1, "deadlines", new, reviewer="lan", comment="scan says 15/7")
    assert entry.reviewer == "lan" and entry.old[0]["date"] == "2024-06-25"
    with Session(any_engine) as s:
        current = s.scalar(select(ExtractionRun).where(ExtractionRun.document_id == 1,
                                                       ExtractionRun.is_current.is_(True)))
        assert current is not None and current.kind == "review"
        dates = s.scalars(select(Deadline.date_text).where(Deadline.run_id == current.id)).all()
        assert dates == ["2024-07-15"]
        view = review.document_view(s, 1)
        queue = review.review_queue(s, threshold=0.8)
    assert view is not None
    dl = next(f for f in view.fields if f.field == "deadlines")
    assert dl.changed and dl.value[0]["date"] == "2024-07-15"
    assert dl.machine_value[0]["date"] == "2024-06-25" and dl.confidence == pytest.approx(0.41)
    assert dl.review is not None and dl.review.comment == "scan says 15/7"
    assert (1, "deadlines") not in {(i.document_id, i.field) for i in queue}


def test_calibration_counts_accepts_as_right_and_corrections_as_wrong(any_engine: Engine) -> None:
    review.accept(any_engine, 1, "number", reviewer="lan")
    review.correct(any_engine, 1, "subject", "khác", reviewer="lan", comment="misread")
    review.correct(any_engine, 2, "number", "215", reviewer="lan", comment="same")  # back to machine
    with Session(any_engine) as s:
        outcomes = sorted(review.reviewed_outcomes(s))
        cals = {c.field: c for c in review.calibration(s, threshold=0.8, bins=10)}
    assert outcomes == [("number", 0.62, True), ("number", 0.62, True), ("subject", 0.55, False)]
    assert cals["all"].reviewed == 3 and cals["all"].right == 2
    b = cals["number"].bins[6]
    assert (b.count, b.correct, b.mean_confidence) == (2, 2, pytest.approx(0.62))
    assert cals["number"].ece == pytest.approx(abs(1.0 - 0.62))
    assert cals["subject"].ece == pytest.approx(0.55)
    assert cals["all"].below == 14 - 3 and cals["deadlines"].reviewed == 0


def test_audit_trail_and_csv(any_engine: Engine) -> None:
    review.correct(any_engine, 1, "number", "=HYPERLINK(\"x\")", reviewer="lan", comment="@bad")
    review.accept(any_engine, 2, "subject", reviewer="minh", comment="ok")
    with Session(any_engine) as s:
        trail = review.audit_trail(s)
        assert [e.reviewer for e in review.audit_trail(s, document_id=1)] == ["lan"]
    assert [(e.reviewer, e.field, e.action) for e in trail] == [
        ("minh", "subject", "confirm"), ("lan", "number", "correct")]
    out = io.StringIO()
    review.write_audit_csv(trail, out)
    lines = out.getvalue().splitlines()
    assert lines[0] == ",".join(review.CSV_COLUMNS)
    assert "'=HYPERLINK" in out.getvalue() and ",'@bad" in out.getvalue()
