"""Every field the seed truth files list must come out right from the seeds' texts."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.document import Document
from pipeline.evaluate import FIELDS, field_correct
from pipeline.extract import extract_record
from pipeline.record import EXTRACTED_FIELDS, Record, Source

from .conftest import STEMS, seed_text


def _record(doc: Document, stem: str) -> Record:
    return extract_record(doc, source=Source(path=f"{stem}.txt", sha256="0" * 64, kind="text"))


def test_header_fields(seed: tuple[str, Document, dict[str, Any]]) -> None:
    stem, doc, truth = seed
    rec = _record(doc, stem).to_json_dict()
    for name in ("doc_type", "issuer", "number", "symbol", "issued_date", "place"):
        assert field_correct(name, rec[name], truth[name]), (stem, name, rec[name], truth[name])


def test_every_listed_field(seed: tuple[str, Document, dict[str, Any]]) -> None:
    stem, doc, truth = seed
    rec = _record(doc, stem).to_json_dict()
    wrong = [(f, rec[f], truth[f]) for f in FIELDS if f in truth and not field_correct(f, rec[f], truth[f])]
    assert not wrong, (stem, wrong)


def test_confidence_and_evidence(seed: tuple[str, Document, dict[str, Any]]) -> None:
    stem, doc, _ = seed
    rec = _record(doc, stem)
    assert set(rec.confidence) == set(EXTRACTED_FIELDS)
    assert all(0.0 <= c <= 1.0 for c in rec.confidence.values())
    assert rec.text == doc.text
    if rec.number:
        span = rec.evidence["number"].span
        assert span and rec.text[span[0] : span[1]] == rec.number
    ev = rec.evidence["issuer"]
    assert ev.page == 1 and ev.span is not None


@pytest.mark.skipif(not STEMS, reason="no seeds")
def test_seed_000_walking_skeleton() -> None:
    stem = next(s for s in STEMS if s.startswith("000"))
    rec = _record(Document.from_text(seed_text(stem)), stem)
    assert rec.issuer.name == "Ủy ban nhân dân thành phố Biên Hòa"
    assert (rec.number, rec.symbol, rec.issued_date) == ("1940", "UBND-THNC", "2024-01-30")
    assert rec.doc_type == "Công văn"
