"""What every extractor shares: the document context and the result of one field.

An extractor is a pure function ``Context -> dict[field, Found]``: it reads the document's
text (and, for scans, the layout zones), and returns for each field it owns the value, a raw
score in [0, 1] saying how strongly the evidence supports it, and the character span the
value came from.  ``pipeline.extract.confidence`` turns raw scores into calibrated
confidences; ``extract_record`` turns spans into page/box evidence via ``Document.locate``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pipeline.document import Document

# Length-preserving clean-up so that offsets in ``clean`` are offsets in ``doc.text``.
_SAME_LENGTH = str.maketrans({"*": " ", "–": "-", "—": "-", "“": '"', "”": '"', "\t": " "})


@dataclass
class Found:
    """One extracted field: value, raw evidence score (0..1) and source span in the text."""

    value: Any
    score: float = 1.0
    span: tuple[int, int] | None = None


@dataclass
class TextLine:
    """A line of the document text with its offsets (``text`` is ``clean[start:end]``)."""

    text: str
    start: int
    end: int
    index: int


@dataclass
class Context:
    """The document as extractors read it, plus the fields extracted so far (in order)."""

    doc: Document
    text: str
    clean: str  # ``text`` with emphasis marks and dashes normalised (same length)
    flat: str  # ``clean`` with line breaks as spaces (same length): for running-text patterns
    lines: list[TextLine]
    found: dict[str, Found] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Document) -> Context:
        if is_scan(doc):  # OCR slips letters and tone marks; typed text does not
            from pipeline.extract import spelling
            from pipeline.extract.tones import fix_tones

            if spelling.enabled():  # a repaired copy: spans and boxes refer to ``ctx.doc``
                doc = spelling.repair_document(doc)
            text = fix_tones(doc.text)
        else:
            text = doc.text
        clean = text.translate(_SAME_LENGTH)
        lines: list[TextLine] = []
        pos = 0
        for i, raw in enumerate(clean.split("\n")):
            lines.append(TextLine(raw, pos, pos + len(raw), i))
            pos += len(raw) + 1
        return cls(doc=doc, text=text, clean=clean, flat=clean.replace("\n", " "), lines=lines)

    def value(self, name: str) -> Any:
        f = self.found.get(name)
        return f.value if f else None

    def nonblank(self) -> list[TextLine]:
        return [ln for ln in self.lines if ln.text.strip()]

    def line_at(self, offset: int) -> TextLine | None:
        for ln in self.lines:
            if ln.start <= offset <= ln.end:
                return ln
        return None

    def zone_text_spans(self, *zones: str) -> list[tuple[int, int]]:
        """Spans of the words whose block carries one of ``zones`` (scans only)."""
        _, spans = self.doc.flatten()
        wanted = set(zones)
        out: list[tuple[int, int]] = []
        i = 0
        for page in self.doc.pages:
            for block in page.blocks:
                n = sum(len(line.words) for line in block.lines)
                if block.zone in wanted and n:
                    out.append((spans[i].start, spans[i + n - 1].end))
                i += n
        return out


Extractor = Callable[[Context], dict[str, Found]]


def is_scan(doc: Document) -> bool:
    """True when the words carry page boxes, i.e. the text was OCR'd."""
    return any(w.bbox is not None for p in doc.pages for b in p.blocks for ln in b.lines for w in ln.words)


def span_of(m: re.Match[str], group: int | str = 0, offset: int = 0) -> tuple[int, int]:
    return (m.start(group) + offset, m.end(group) + offset)
