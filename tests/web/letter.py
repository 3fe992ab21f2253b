"""A small scanned letter for the review page's tests: a PNG page, its words and a record.

The page is drawn with Pillow (Liberation Serif has the Vietnamese glyphs) and every word's
box is measured while drawing, so the :class:`~pipeline.document.Document` built from it has
true boxes; the record's evidence comes from :meth:`Document.locate`, as the extractors'
does.  The letter is made up (no seed text is used); confidences are set by the test.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import Engine

from pipeline.document import Block, Document, Line, Page, Word
from pipeline.record import Evidence, Record, Source
from pipeline.store.repo import claim, new_owner, register, save

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
DPI = 150
WIDTH, HEIGHT = 1240, 1754  # A4 at 150 dpi


def _lines(subject: str, deadline_text: str) -> list[tuple[int, str]]:
    """(x, text) for each printed line, top to bottom."""
    return [
        (120, "ỦY BAN NHÂN DÂN"),
        (100, "THÀNH PHỐ HÀ TIÊN"),
        (120, "Số: 215/UBND-VP"),
        (660, "Hà Tiên, ngày 12 tháng 3 năm 2024"),
        (120, f"V/v {subject}"),
        (420, "Kính gửi: Ủy ban nhân dân các phường, xã"),
        (150, "Thực hiện Kế hoạch số 38/KH-UBND ngày 08/01/2024 về cải cách hành chính,"),
        (120, "Ủy ban nhân dân thành phố đề nghị các phường, xã đăng ký ít nhất 01 sáng kiến"),
        (120, f"và gửi báo cáo kết quả về Văn phòng {deadline_text}."),
        (760, "KT. CHỦ TỊCH"),
        (760, "PHÓ CHỦ TỊCH"),
        (760, "Trần Văn Minh"),
    ]


def draw_letter(
    folder: Path, *, subject: str = "triển khai sáng kiến cải cách hành chính năm 2024",
    deadline_text: str = "trước ngày 25/6/2024", stem: str = "letter",
) -> tuple[Path, Document]:
    """Draw the page, save it as PNG, return its path and the words with their boxes."""
    font = ImageFont.truetype(str(FONT), 26)
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    pen = ImageDraw.Draw(image)
    page = Page(number=1, width=WIDTH, height=HEIGHT, dpi=DPI)
    y = 110
    for x, text in _lines(subject, deadline_text):
        words: list[Word] = []
        cursor = x
        for token in text.split():
            box = pen.textbbox((cursor, y), token, font=font)
            pen.text((cursor, y), token, font=font, fill=(25, 25, 25))
            words.append(Word(token, 0.9, (int(box[0]), int(box[1]), int(box[2]), int(box[3]))))
            cursor = box[2] + pen.textlength(" ", font=font)
        page.blocks.append(Block(lines=[Line(words=words)]))
        y += 92
    path = folder / f"{stem}.png"
    image.save(path, dpi=(DPI, DPI))
    return path, Document(pages=[page])


def _evidence(doc: Document, needle: str) -> Evidence:
    text = doc.text
    start = text.index(needle)
    hit = doc.locate(start, start + len(needle))
    return Evidence(page=hit.page, bbox=list(hit.bbox) if hit.bbox else None,
                    span=[start, start + len(needle)])


def make_record(path: Path, doc: Document, *, subject: str, deadline: str = "2024-06-25",
                deadline_text: str = "trước ngày 25/6/2024") -> Record:
    """The letter's record with evidence located in ``doc`` and mixed confidences."""
    text = doc.text
    sentence = f"và gửi báo cáo kết quả về Văn phòng {deadline_text}"
    return Record(
        source=Source(path=str(path), sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                      pages=1, kind="scan"),
        doc_type="Công văn", issuer={"name": "Ủy ban nhân dân thành phố Hà Tiên", "parent": None},
        number="215", symbol="UBND-VP", place="Hà Tiên", issued_date="2024-03-12",
        subject=subject, recipients=["Ủy ban nhân dân các phường, xã"],
        signer={"name": "Trần Văn Minh", "title": "Phó Chủ tịch", "authority": "KT"},
        references=[{"doc_type": "Kế hoạch", "number": "38", "symbol": "KH-UBND",
                     "date": "2024-01-08", "issuer": None}],
        campaign={"topic": "sáng kiến cải cách hành chính", "year": 2024},
        deadlines=[{"date": deadline, "action": "gửi báo cáo kết quả về Văn phòng",
                    "responsible": "các phường, xã", "text": sentence}],
        quotas=[{"minimum": 1, "item": "sáng kiến", "applies_to": "các phường, xã",
                 "text": "đăng ký ít nhất 01 sáng kiến"}],
        text=text,
        confidence={"doc_type": 0.97, "issuer": 0.93, "number": 0.62, "symbol": 0.88,
                    "place": 0.95, "issued_date": 0.74, "subject": 0.55, "recipients": 0.81,
                    "signer": 0.68, "references": 0.86, "campaign": 0.58, "deadlines": 0.41,
                    "quotas": 0.77},
        evidence={
            "doc_type": _evidence(doc, "V/v"),
            "issuer": _evidence(doc, "ỦY BAN NHÂN DÂN\n\nTHÀNH PHỐ HÀ TIÊN"),
            "number": _evidence(doc, "215/UBND-VP"),
            "symbol": _evidence(doc, "215/UBND-VP"),
            "place": _evidence(doc, "Hà Tiên, ngày"),
            "issued_date": _evidence(doc, "ngày 12 tháng 3 năm 2024"),
            "subject": _evidence(doc, f"V/v {subject}"),
            "recipients": _evidence(doc, "Kính gửi: Ủy ban nhân dân các phường, xã"),
            "signer": _evidence(doc, "Trần Văn Minh"),
            "references": _evidence(doc, "Kế hoạch số 38/KH-UBND ngày 08/01/2024"),
            "campaign": _evidence(doc, "cải cách hành chính,"),
            "deadlines": _evidence(doc, sentence),
            "quotas": _evidence(doc, "ít nhất 01 sáng kiến"),
        },
    )


def store_record(engine: Engine, record: Record) -> int:
    """Store ``record`` the way an ingest does (register → claim → save); its document id."""
    path = Path(record.source.path)
    doc_id = register(engine, sha256=record.source.sha256, name=path.name, path=str(path),
                      size=path.stat().st_size)
    owner = new_owner()
    claim(engine, record.source.sha256, owner, lease_seconds=60, max_attempts=3)
    save(engine, doc_id, owner, record, model_version="test", code_version="test")
    return doc_id
