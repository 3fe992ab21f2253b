"""Vietnamese diacritic restoration: legacy encodings, English-model OCR garble, accent-less text.

``restore_text(text) -> RestoreResult`` and ``restore_document(doc) -> (Document, RestoreResult)``
are the public entry points; the model loads lazily on first use (never at import time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.restore.restore import LineResult, RestoreResult, Syllable, restore_text

if TYPE_CHECKING:
    from pipeline.document import Document

__all__ = ["LineResult", "RestoreResult", "Syllable", "restore_document", "restore_text"]


def restore_document(doc: Document) -> tuple[Document, RestoreResult]:
    """``doc`` restored line by line, and the restoration result.

    The document's lines are restored together (one per text line, in reading order) and put
    back with :meth:`Document.map_lines`, so words keep their boxes and OCR confidences
    wherever the word count of a line did not change.
    """
    texts = [line.text for _, line in doc.lines()]
    res = restore_text("\n".join(texts))
    restored = iter(r.text for r in res.lines)
    return doc.map_lines(lambda _text: next(restored)), res
