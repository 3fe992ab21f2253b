"""PDF text layers as Document pages, and a verdict on whether each layer can be trusted.

``pdftotext -bbox-layout`` (poppler) gives every word with its box, grouped in blocks and
lines, without rasterising anything.  Each page's layer is judged:

* ``"sound"``   — Unicode Vietnamese: use it as is;
* ``"suspect"`` — legacy font encoding (TCVN3/VNI: "Uû ban nh©n d©n") or accent-less /
  English-model OCR garble: use it, and let restoration repair it;
* ``"empty"``   — no text, or glyphs that map to nothing (``(cid:12)``, U+FFFD, private use):
  the page must be OCR'd.
"""

from __future__ import annotations

import logging
import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

from pipeline.document import Page, Word
from pipeline.errors import InputFileError, MissingDependencyError
from pipeline.layout import layout_lines
from pipeline.raster import check_pdf_limits
from pipeline.settings import Settings

log = logging.getLogger(__name__)

#: Latin-1 characters that Vietnamese Unicode text never uses but TCVN3/VNI/VPS mojibake does
LEGACY_CHARS = set(
    "¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿ÄÅÆÇËÎÏÐÑÖ×ØÛÜÞßäåæçëîïðñö÷øûüþÿ"
)
_UNUSABLE = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]")
#: Latin-1 letters: Vietnamese uses them, but so do French/English-model OCR garbles
_LATIN1_LETTERS = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_WORDY = re.compile(r"[^\W\d_]", re.UNICODE)

MIN_LETTERS = 20  # fewer letters than this on a page: the layer is empty
MAX_UNUSABLE = 0.10  # share of characters that map to nothing
MIN_LEGACY = 0.04  # share of words with a legacy-encoding character
MIN_VIETNAMESE = 0.15  # share of words with a Vietnamese-only letter (ư ơ đ ă ạ ả ế …); ~55 % in real text


def _vietnamese_only(word: str) -> bool:
    return any(ord(c) > 0x7F and c.isalpha() and c not in _LATIN1_LETTERS for c in word)


def judge_text(text: str) -> str:
    """``"sound"``, ``"suspect"`` or ``"empty"`` for the text layer of one page.

    Real Vietnamese has letters no Western font encoding has (ư, ơ, đ, ă, the dot below,
    the hook above…) in about half its words.  A layer without them is accent-less text or
    an English-model OCR garble ("nghién ciu", "Céc phong"); one with Latin-1 symbols in
    its words is a legacy font encoding read as Latin-1 ("nh©n d©n").
    """
    text = unicodedata.normalize("NFC", text)
    letters = len(_WORDY.findall(text))
    if letters < MIN_LETTERS:
        return "empty"
    if len("".join(_UNUSABLE.findall(text))) / max(1, len(text)) > MAX_UNUSABLE:
        return "empty"
    words = [w for w in text.split() if _WORDY.search(w)]
    legacy = sum(1 for w in words if LEGACY_CHARS.intersection(w)) / max(1, len(words))
    if legacy >= MIN_LEGACY:
        return "suspect"
    vietnamese = sum(1 for w in words if _vietnamese_only(w)) / max(1, len(words))
    return "suspect" if vietnamese < MIN_VIETNAMESE else "sound"


def _pdftotext(path: Path) -> str:
    try:
        proc = subprocess.run(
            ["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            timeout=300,
            check=False,
        )
    except FileNotFoundError as exc:
        raise MissingDependencyError("pdftotext (poppler-utils) is not installed") from exc
    if proc.returncode != 0:
        raise InputFileError(f"{path.name}: pdftotext failed ({proc.stderr.decode()[:200]})")
    return proc.stdout.decode("utf-8", "replace")


def _strip_ns(root: ET.Element) -> None:
    for el in root.iter():
        el.tag = el.tag.rsplit("}", 1)[-1]


def _box(el: ET.Element, k: float) -> tuple[int, int, int, int]:
    return (
        round(float(el.get("xMin", 0)) * k),
        round(float(el.get("yMin", 0)) * k),
        round(float(el.get("xMax", 0)) * k),
        round(float(el.get("yMax", 0)) * k),
    )


def _page(number: int, el: ET.Element, dpi: int) -> Page:
    k = dpi / 72.0
    width = round(float(el.get("width", 595)) * k)
    lines: list[tuple[tuple[int, int], list[Word]]] = []
    for bi, block in enumerate(el.iter("block")):
        for line in block.iter("line"):
            words = [Word(w.text or "", 1.0, _box(w, k)) for w in line.iter("word") if w.text]
            if words:
                lines.append(((bi, 0), words))
    text = "\n".join(" ".join(w.text for w in ws) for _, ws in lines)
    verdict = judge_text(text)
    page = Page(number=number, width=width, height=round(float(el.get("height", 842)) * k), dpi=dpi)
    page.meta.update(source="pdf-text", text_layer=verdict)
    if verdict != "empty":
        page.blocks = layout_lines(lines, width, first_page=number == 1)
    return page


def read_text_layer(path: Path, settings: Settings) -> list[Page]:
    """Every page's text layer (boxes in pixels at ``settings.dpi``) with its verdict."""
    check_pdf_limits(path, settings)
    try:
        root = ET.fromstring(_pdftotext(path))
    except ET.ParseError as exc:
        raise InputFileError(f"{path.name}: unreadable text layer ({exc})") from exc
    _strip_ns(root)
    pages = [_page(i, el, settings.dpi) for i, el in enumerate(root.iter("page"), start=1)]
    log.info("%s: text layer %s", path.name, [p.meta["text_layer"] for p in pages])
    return pages
