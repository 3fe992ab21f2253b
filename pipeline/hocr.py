"""hOCR export of a :class:`Document`: pages, zoned blocks, lines and words with boxes.

Written from the document model rather than asked from Tesseract, so a page is OCR'd once
and text-layer PDFs export the same way.  Boxes are in original-raster pixels;
``x_wconf`` is the word confidence in percent, as Tesseract writes it.
"""

from __future__ import annotations

from html import escape

from pipeline.document import BBox, Document


def _bbox(box: BBox | None) -> str:
    return f"bbox {box[0]} {box[1]} {box[2]} {box[3]}" if box else "bbox 0 0 0 0"


def to_hocr(doc: Document) -> str:
    """The document as an hOCR 1.2 XHTML string."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="vi" lang="vi">',
        "<head><title>congvan</title>",
        '<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>',
        '<meta name="ocr-system" content="congvan (tesseract)"/>',
        '<meta name="ocr-capabilities" content="ocr_page ocr_carea ocr_line ocrx_word"/>',
        "</head><body>",
    ]
    for page in doc.pages:
        size = (0, 0, page.width or 0, page.height or 0)
        out.append(
            f'<div class="ocr_page" id="page_{page.number}" '
            f'title="{_bbox(size)}; ppageno {page.number - 1}; textangle {page.rotation}">'
        )
        for bi, block in enumerate(page.blocks, start=1):
            zone = f' data-zone="{escape(block.zone)}"' if block.zone else ""
            out.append(
                f'<div class="ocr_carea" id="block_{page.number}_{bi}"{zone} title="{_bbox(block.bbox)}">'
            )
            for li, line in enumerate(block.lines, start=1):
                out.append(
                    f'<span class="ocr_line" id="line_{page.number}_{bi}_{li}" title="{_bbox(line.box)}">'
                )
                for wi, w in enumerate(line.words, start=1):
                    out.append(
                        f'<span class="ocrx_word" id="word_{page.number}_{bi}_{li}_{wi}" '
                        f'title="{_bbox(w.bbox)}; x_wconf {round(w.conf * 100)}">{escape(w.text)}</span>'
                    )
                out.append("</span>")
            out.append("</div>")
        out.append("</div>")
    out.append("</body></html>")
    return "\n".join(out)
