"""One document model: Document › Page › Block › Line › Word, with boxes and confidences.

OCR, a PDF text layer and plain text all produce this model, and every consumer (restoration,
extraction, evidence, the review page) reads it, so that a field extracted from the text can
always point back to the page and box it came from (docTR's ``elements.py`` is the model).

Text assembly is fixed and reversible: words are joined by one space, lines by ``\\n``,
blocks by ``\\n\\n`` and pages by ``\\n\\n``.  :meth:`Document.flatten` returns that text with
the character span of every word, and :meth:`Document.locate` maps a span of the text back
to a page, a box and an OCR confidence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

BBox = tuple[int, int, int, int]


def union_bbox(boxes: Iterable[BBox | None]) -> BBox | None:
    real = [b for b in boxes if b is not None]
    if not real:
        return None
    return (
        min(b[0] for b in real),
        min(b[1] for b in real),
        max(b[2] for b in real),
        max(b[3] for b in real),
    )


@dataclass
class Word:
    text: str
    conf: float = 1.0  # 0..1; 1.0 for text that was not OCR'd
    bbox: BBox | None = None


@dataclass
class Line:
    words: list[Word] = field(default_factory=list)
    bbox: BBox | None = None

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def box(self) -> BBox | None:
        return self.bbox or union_bbox(w.bbox for w in self.words)


@dataclass
class Block:
    lines: list[Line] = field(default_factory=list)
    bbox: BBox | None = None
    zone: str | None = None  # layout zone: header-left, header-right, subject, body, …

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass
class Page:
    number: int  # 1-based
    blocks: list[Block] = field(default_factory=list)
    width: int | None = None
    height: int | None = None
    dpi: int | None = None
    rotation: int = 0  # degrees the page was turned to read it upright
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks if b.lines)

    def lines(self) -> Iterator[Line]:
        for block in self.blocks:
            yield from block.lines


@dataclass(frozen=True)
class WordSpan:
    start: int
    end: int
    page: int
    bbox: BBox | None
    conf: float


@dataclass
class Located:
    page: int | None
    bbox: BBox | None
    conf: float  # mean OCR confidence of the words in the span (1.0 for plain text)


@dataclass
class Document:
    pages: list[Page] = field(default_factory=list)
    _flat: tuple[str, list[WordSpan]] | None = field(default=None, repr=False, compare=False)

    # ----------------------------------------------------------------- building
    @classmethod
    def from_text(cls, text: str) -> Document:
        """Plain text as one page; paragraphs (blank-line separated) become blocks."""
        page = Page(number=1)
        for para in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\f", "\n\n")):
            lines = [
                Line(words=[Word(t) for t in raw.split()])
                for raw in para.split("\n")
                if raw.strip()
            ]
            if lines:
                page.blocks.append(Block(lines=lines))
        return cls(pages=[page])

    # ------------------------------------------------------------------ reading
    @property
    def text(self) -> str:
        return self.flatten()[0]

    def lines(self) -> Iterator[tuple[Page, Line]]:
        for page in self.pages:
            for line in page.lines():
                yield page, line

    def flatten(self) -> tuple[str, list[WordSpan]]:
        """The document's text and the span of every word in it (cached)."""
        if self._flat is not None:
            return self._flat
        parts: list[str] = []
        spans: list[WordSpan] = []
        pos = 0

        def emit(s: str) -> None:
            nonlocal pos
            parts.append(s)
            pos += len(s)

        first_page = True
        for page in self.pages:
            blocks = [b for b in page.blocks if b.lines]
            if not blocks:
                continue
            if not first_page:
                emit("\n\n")
            first_page = False
            for bi, block in enumerate(blocks):
                if bi:
                    emit("\n\n")
                for li, line in enumerate(block.lines):
                    if li:
                        emit("\n")
                    for wi, word in enumerate(line.words):
                        if wi:
                            emit(" ")
                        spans.append(
                            WordSpan(pos, pos + len(word.text), page.number, word.bbox, word.conf)
                        )
                        emit(word.text)
        self._flat = ("".join(parts), spans)
        return self._flat

    def invalidate(self) -> None:
        """Forget the cached text after words were changed in place."""
        self._flat = None

    def locate(self, start: int, end: int) -> Located:
        """Page, box and mean word confidence of the text span ``[start, end)``."""
        _, spans = self.flatten()
        starts = [s.start for s in spans]
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        hit: list[WordSpan] = []
        while i < len(spans) and spans[i].start < end:
            if spans[i].end > start:
                hit.append(spans[i])
            i += 1
        if not hit:
            return Located(page=None, bbox=None, conf=1.0)
        page = hit[0].page
        same_page = [s for s in hit if s.page == page]
        return Located(
            page=page,
            bbox=union_bbox(s.bbox for s in same_page),
            conf=sum(s.conf for s in hit) / len(hit),
        )

    def map_lines(self, fix: Callable[[str], str]) -> Document:
        """A copy whose every line went through ``fix`` (e.g. diacritic restoration).

        Words keep their boxes and confidences when the fixed line has as many words;
        otherwise the new words share the line's box and its mean confidence.
        """
        pages: list[Page] = []
        for page in self.pages:
            blocks: list[Block] = []
            for block in page.blocks:
                lines: list[Line] = []
                for line in block.lines:
                    new_tokens = fix(line.text).split()
                    if len(new_tokens) == len(line.words):
                        words = [
                            Word(t, w.conf, w.bbox) for t, w in zip(new_tokens, line.words, strict=True)
                        ]
                    else:
                        conf = (
                            sum(w.conf for w in line.words) / len(line.words) if line.words else 1.0
                        )
                        words = [Word(t, conf, line.box) for t in new_tokens]
                    lines.append(Line(words=words, bbox=line.bbox))
                blocks.append(Block(lines=lines, bbox=block.bbox, zone=block.zone))
            pages.append(
                Page(
                    number=page.number,
                    blocks=blocks,
                    width=page.width,
                    height=page.height,
                    dpi=page.dpi,
                    rotation=page.rotation,
                    meta=dict(page.meta),
                )
            )
        return Document(pages=pages)

    # ----------------------------------------------------------- serialisation
    def export(self) -> dict[str, Any]:
        return {
            "pages": [
                {
                    "number": p.number,
                    "width": p.width,
                    "height": p.height,
                    "dpi": p.dpi,
                    "rotation": p.rotation,
                    "meta": p.meta,
                    "blocks": [
                        {
                            "bbox": list(b.bbox) if b.bbox else None,
                            "zone": b.zone,
                            "lines": [
                                {
                                    "bbox": list(line.bbox) if line.bbox else None,
                                    "words": [
                                        {
                                            "text": w.text,
                                            "conf": round(w.conf, 4),
                                            "bbox": list(w.bbox) if w.bbox else None,
                                        }
                                        for w in line.words
                                    ],
                                }
                                for line in b.lines
                            ],
                        }
                        for b in p.blocks
                    ],
                }
                for p in self.pages
            ]
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        def box(v: Any) -> BBox | None:
            return tuple(v) if v else None  # type: ignore[return-value]

        return cls(
            pages=[
                Page(
                    number=p["number"],
                    width=p.get("width"),
                    height=p.get("height"),
                    dpi=p.get("dpi"),
                    rotation=p.get("rotation", 0),
                    meta=p.get("meta") or {},
                    blocks=[
                        Block(
                            bbox=box(b.get("bbox")),
                            zone=b.get("zone"),
                            lines=[
                                Line(
                                    bbox=box(line.get("bbox")),
                                    words=[
                                        Word(w["text"], w.get("conf", 1.0), box(w.get("bbox")))
                                        for w in line["words"]
                                    ],
                                )
                                for line in b["lines"]
                            ],
                        )
                        for b in p["blocks"]
                    ],
                )
                for p in data["pages"]
            ]
        )
