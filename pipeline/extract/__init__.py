"""Field extraction: Document → Record with calibrated confidence and evidence per field.

Extractors form an ordered registry (spaCy's pipeline idea): each is a pure function of the
:class:`~pipeline.extract.base.Context` owning one field family, and later ones may read what
earlier ones found (deadlines need the issue date to resolve "trong thời hạn 10 ngày").
"""

from __future__ import annotations

from typing import Any

from pipeline.document import Document
from pipeline.extract.base import Context, Extractor, Found
from pipeline.extract.registry import REGISTRY
from pipeline.record import EXTRACTED_FIELDS, Evidence, Record, Restoration, Source

__all__ = ["REGISTRY", "Context", "Extractor", "Found", "extract_fields", "extract_record", "field_results"]


def extract_fields(doc: Document) -> Context:
    """Run every registered extractor over ``doc``; the context holds what each found."""
    ctx = Context.of(doc)
    for _name, fn in REGISTRY:
        for field_name, found in fn(ctx).items():
            ctx.found.setdefault(field_name, found)
    return ctx


def _evidence(doc: Document, found: Found) -> Evidence:
    if found.span is None or found.span[1] <= found.span[0]:
        return Evidence(page=None, bbox=None, span=None)
    loc = doc.locate(*found.span)
    return Evidence(page=loc.page, bbox=list(loc.bbox) if loc.bbox else None, span=list(found.span))


def field_results(ctx: Context) -> dict[str, Found]:
    """Every record field's result; a field no extractor reported is an absent value."""
    return {name: ctx.found.get(name) or Found(None, 0.5, None) for name in EXTRACTED_FIELDS}


def extract_record(
    doc: Document,
    *,
    source: Source,
    restoration: Restoration | None = None,
    restoration_confidence: float = 1.0,
) -> Record:
    """The record of ``doc``: every field, its calibrated confidence and its evidence."""
    from pipeline.extract.confidence import DocStats, features, get_calibrator

    ctx = extract_fields(doc)
    calibrator = get_calibrator()
    stats = DocStats.of(doc)
    values: dict[str, Any] = {}
    confidence: dict[str, float] = {}
    evidence: dict[str, Evidence] = {}
    for name, found in field_results(ctx).items():
        if name in ctx.found:
            values[name] = found.value
        evidence[name] = _evidence(ctx.doc, found)  # spans are offsets into the repaired text
        feats = features(stats, found, restoration_confidence)
        confidence[name] = round(calibrator.confidence(name, feats), 4)
    return Record(
        source=source,
        text=ctx.doc.text,
        restoration=restoration or Restoration(),
        confidence=confidence,
        evidence=evidence,
        **values,
    )
