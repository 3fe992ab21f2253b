"""Is this document a Vietnamese letter at all?  Checked before fields are extracted.

A scanned English letter, a spreadsheet printed to PDF or a photo with a caption would
otherwise come out as a record full of empty or wrong fields, stored as ``done``.  The test
is cheap and model-free: Vietnamese is written in syllables of a fixed shape (onset, vowel
nucleus, coda), so after restoration nearly every word of a Vietnamese letter is one, while
most words of English ("ministry", "should", "applications") cannot be.  It runs on the
*restored* text: accent-less text, English-model OCR garble and legacy encodings have been
repaired by then, and those repairs never turn English into Vietnamese syllables.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipeline.document import Document
from pipeline.errors import LimitExceededError, NotALetterError

#: a Vietnamese syllable without its marks: onset, nucleus, coda (lower case, đ folded to d)
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
    r"(?:uye|uya|uyu|oai|oay|oeo|uay|uoi|uou|ieu|yeu|"
    r"oa|oe|oo|ua|ue|ui|uo|uy|ai|ao|au|ay|eo|eu|ia|ie|iu|oi|ye|[aeiouy])"
    r"(?:ch|ng|nh|[cmnptiyou])?"
)
_WORD = re.compile(r"[^\W\d_]+")
#: share of words that must be Vietnamese syllables (generated and seed letters: ≥ 0.93;
#: English letters: 0.3–0.5; short capitalised codes such as UBND are not counted)
MIN_SYLLABLE_SHARE = 0.7
MIN_WORDS = 12  # below this the text is too short to judge by its words
#: a printed A4 page holds at most ~5,000 characters: a text letter longer than
#: ``max_pages`` such pages is refused like a PDF with too many pages
CHARS_PER_PAGE = 10_000


@dataclass(frozen=True)
class Verdict:
    words: int
    syllables: int

    @property
    def share(self) -> float:
        return self.syllables / self.words if self.words else 0.0


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def judge(text: str) -> Verdict:
    """How many of the text's words (codes in capitals left out) are Vietnamese syllables."""
    words = [w for w in _WORD.findall(text) if not (w.isupper() and len(w) <= 6)]
    good = sum(1 for w in words if _SYLLABLE.fullmatch(_fold(w)))
    return Verdict(len(words), good)


def check_text_found(document: Document, name: str, *, max_pages: int | None = None) -> None:
    """After loading: raise when no page gave any text (blank page, OCR out of time), or
    when a text file is longer than ``max_pages`` pages."""
    size = len(document.text) if max_pages else 0
    if max_pages and size > max_pages * CHARS_PER_PAGE:
        raise LimitExceededError(
            f"{name}: {size:,} characters of text, more than {max_pages:,} pages",
            hint=f"raise CONGVAN_MAX_PAGES (now {max_pages}) if the letter is genuine",
        )
    if document.pages and all(p.meta.get("ocr_timeout") for p in document.pages):
        raise LimitExceededError(
            f"{name}: OCR ran out of time on every page",
            hint="raise CONGVAN_OCR_TIMEOUT (seconds per page) if the scan is genuine",
        )
    text = document.text
    if not text.strip():
        raise NotALetterError(f"{name}: no text found on any page (a blank or unreadable page)")


def check_vietnamese(document: Document, name: str) -> None:
    """After restoration: raise :class:`NotALetterError` when the text is not Vietnamese."""
    text = document.text
    verdict = judge(text)
    if verdict.words >= MIN_WORDS and verdict.share < MIN_SYLLABLE_SHARE:
        raise NotALetterError(
            f"{name}: not Vietnamese — only {verdict.share:.0%} of its {verdict.words} words are "
            f"Vietnamese syllables (a letter has over {MIN_SYLLABLE_SHARE:.0%})",
            hint="congvan reads Vietnamese official letters; an English or other-language "
            "letter must be filed by hand",
        )
