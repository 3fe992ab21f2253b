"""Layout zones and reading order of a Decree 30/2020 letter page, from its text lines.

Tesseract reads the two-column header and footer row by row ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ
HỘI…") or in its own block order; neither is the order a reader uses.  This module cuts every
line at wide gaps into *pieces*, sorts the pieces into the decree's zones by position and a few
anchor words ("Số:", "Kính gửi", "Nơi nhận"), and emits blocks in the convention order:

header-left (issuer) · header-right (motto) · header-left (number) · subject (V/v) ·
header-right (place, date) · subject (title and its lines) · kinh-gui · body · noi-nhan ·
signature.

Pure: works on any lines with boxes (OCR words or a PDF text layer), in upright page pixels.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from pipeline.document import BBox, Block, Line, Word, union_bbox

HEADER_LEFT, HEADER_RIGHT, SUBJECT = "header-left", "header-right", "subject"
KINH_GUI, BODY, NOI_NHAN, SIGNATURE = "kinh-gui", "body", "noi-nhan", "signature"
ZONES = (HEADER_LEFT, HEADER_RIGHT, SUBJECT, KINH_GUI, BODY, NOI_NHAN, SIGNATURE)

_NUMBER = re.compile(r"^s[ốôo6]\s*[:;.]", re.IGNORECASE)
_VV = re.compile(r"^v/v\b|^v\.v\b", re.IGNORECASE)
_DATE = re.compile(r"ngày.*tháng|tháng.*năm", re.IGNORECASE)
# The first letter is often misread ("%ơi nhận", "Xính gửi"): anchor on the rest.
_KINH_GUI = re.compile(r"^\W?\w?[íi]nh\s*g[ửưu]i", re.IGNORECASE)
_NOI_NHAN = re.compile(r"^\W?\w?[ơo]i\s*nh[ậâa]n", re.IGNORECASE)


@dataclass
class Piece:
    """A run of words on one text line with no wide gap inside; ``group`` is Tesseract's paragraph."""

    words: list[Word]
    group: tuple[int, int] = (0, 0)
    bbox: BBox = field(init=False)

    def __post_init__(self) -> None:
        box = union_bbox(w.bbox for w in self.words)
        self.bbox = box if box is not None else (0, 0, 0, 0)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def height(self) -> int:
        return max(1, self.bbox[3] - self.bbox[1])

    @property
    def cx(self) -> float:
        return (self.bbox[0] + self.bbox[2]) / 2

    @property
    def cy(self) -> float:
        return (self.bbox[1] + self.bbox[3]) / 2


_PUNCT = re.compile(r"^[\W_]+$")


def _is_speck(word: Word, height: float) -> bool:
    """A token that cannot carry a column's text: punctuation only, or a box smaller than a
    letter's bowl (a speck of scanner noise read as "-", "_", "'", "ẻ")."""
    x0, y0, x1, y1 = word.bbox  # type: ignore[misc]
    return bool(_PUNCT.match(word.text)) or max(x1 - x0, y1 - y0) < 0.4 * height


def split_pieces(words: list[Word], group: tuple[int, int], page_width: int) -> list[Piece]:
    """Cut a line where the gap between words exceeds 2.5 line heights (or 4 % of the page).

    The gaps are those between real words: on a noisy scan, specks in the gutter between
    the two header columns are read as "-" or "__" and would bridge it ("ỦY BAN NHÂN DÂN -
    __ CỘNG HÒA…"), hiding the two-column layout.  A speck token joins the run of words it
    is next to (a bullet, a final period: within a line height) and is dropped otherwise.
    """
    words = sorted((w for w in words if w.bbox), key=lambda w: w.bbox[0])  # type: ignore[index]
    if not words:
        return []
    height = statistics.median(w.bbox[3] - w.bbox[1] for w in words)  # type: ignore[index]
    real = [w for w in words if not _is_speck(w, height)]
    if not real:
        real, specks = words, []
    else:
        specks = [w for w in words if _is_speck(w, height)]
        height = statistics.median(w.bbox[3] - w.bbox[1] for w in real)  # type: ignore[index]
    limit = max(2.5 * height, 0.04 * page_width)
    runs, current = [], [real[0]]
    for prev, word in zip(real, real[1:], strict=False):
        if word.bbox[0] - prev.bbox[2] > limit:  # type: ignore[index]
            runs.append(current)
            current = []
        current.append(word)
    runs.append(current)
    runs = [part for run in runs for part in _split_outlier_gap(run, height)]
    for speck in specks:
        gap, run = min((_distance(speck, r), i) for i, r in enumerate(runs))
        if gap <= height:  # a bullet or a period sits a word space away, dust anywhere
            runs[run].append(speck)
    return [Piece(sorted(r, key=lambda w: w.bbox[0]), group) for r in runs]  # type: ignore[index]


#: a gap this many times the line's usual word gap (and over 1.2 line heights) separates
#: two columns even when it is narrower than the 2.5 line heights that always do
OUTLIER_GAP = 3.0


def _split_outlier_gap(run: list[Word], height: float) -> list[list[Word]]:
    """``run`` cut at its widest gap when that gap stands out from the line's word gaps.

    A long issuer name ("UBND THÀNH PHỐ ĐÀ NẴNG") leaves a gutter of under two line heights
    before the motto; word gaps are a third of a line height, and a justified body line
    stretches all of its gaps alike, so one gap several times the others is a column edge.
    """
    if len(run) < 5:
        return [run]
    gaps = [b.bbox[0] - a.bbox[2] for a, b in zip(run, run[1:], strict=False)]  # type: ignore[index]
    widest = max(range(len(gaps)), key=gaps.__getitem__)
    usual = statistics.median(g for i, g in enumerate(gaps) if i != widest)
    label = run[widest].text.endswith(":")  # "Kính gửi:   - UBND…": a label and its text
    if not label and gaps[widest] > 1.2 * height and gaps[widest] > OUTLIER_GAP * max(usual, 0.1 * height):
        return [run[: widest + 1], run[widest + 1 :]]
    return [run]


def _distance(word: Word, run: list[Word]) -> float:
    """Horizontal gap between a word and a run of words (0 when they overlap)."""
    x0, x1 = word.bbox[0], word.bbox[2]  # type: ignore[index]
    r0 = min(w.bbox[0] for w in run)  # type: ignore[index]
    r1 = max(w.bbox[2] for w in run)  # type: ignore[index]
    return max(0, r0 - x1, x0 - r1)


@dataclass
class _Frame:
    """The text area of the page: its left/right extent, centre line and width."""

    left: float
    right: float

    @property
    def mid(self) -> float:
        return (self.left + self.right) / 2

    @property
    def width(self) -> float:
        return max(1.0, self.right - self.left)

    def side(self, p: Piece) -> str:
        """"left", "right" (a column piece) or "full" (centred or wide)."""
        wide = (p.bbox[2] - p.bbox[0]) > 0.62 * self.width
        if wide or abs(p.cx - self.mid) < 0.12 * self.width:
            return "full"
        return "left" if p.cx < self.mid else "right"


def _frame(pieces: list[Piece]) -> _Frame:
    lefts = sorted(p.bbox[0] for p in pieces)
    rights = sorted(p.bbox[2] for p in pieces)
    k = max(0, len(pieces) // 20)
    return _Frame(lefts[k], rights[-1 - k])


def _split_header(pieces: list[Piece], frame: _Frame) -> tuple[list[Piece], list[Piece]]:
    """The leading run of column pieces (the two-column header) and the rest.

    "Kính gửi" ends the header even when its line leans left of centre (a short
    recipient list), so that it is not taken for part of the subject.
    """
    for i, p in enumerate(pieces):
        if (frame.side(p) == "full" and not _NUMBER.match(p.text)) or _KINH_GUI.match(p.text):
            return pieces[:i], pieces[i:]
    return pieces, []


def _header_blocks(header: list[Piece], frame: _Frame) -> list[tuple[str, list[Piece]]]:
    left = [p for p in header if frame.side(p) != "right"]
    right = [p for p in header if frame.side(p) == "right"]
    split = next((p.bbox[1] for p in left if _NUMBER.match(p.text)), None)
    if split is None:
        split = next((p.bbox[1] for p in right if _DATE.search(p.text)), None)
    if split is None:
        return [(HEADER_LEFT, left), (HEADER_RIGHT, right)]
    margin = 0.5 * statistics.median(p.height for p in header)
    issuer = [p for p in left if p.bbox[1] < split - margin]
    lower = [p for p in left if p.bbox[1] >= split - margin]
    vv = next((i for i, p in enumerate(lower) if _VV.match(p.text)), len(lower))
    motto = [p for p in right if p.bbox[1] < split - margin]
    place = [p for p in right if p.bbox[1] >= split - margin]
    return [
        (HEADER_LEFT, issuer),
        (HEADER_RIGHT, motto),
        (HEADER_LEFT, lower[:vv]),
        (SUBJECT, lower[vv:]),
        (HEADER_RIGHT, place),
    ]


def _footer_start(rest: list[Piece], frame: _Frame) -> int:
    """Index of the first footer piece ("Nơi nhận" row, or the signature column)."""
    for i, p in enumerate(rest):
        if _NOI_NHAN.match(p.text):
            # The signature column often starts a little above "Nơi nhận".
            top = p.bbox[1] - 0.5 * p.height
            j = i
            while j > 0 and (rest[j - 1].bbox[1] >= top or frame.side(rest[j - 1]) == "right"):
                j -= 1
            return j
    for i, p in enumerate(rest):
        if i > 0 and frame.side(p) == "right" and frame.side(rest[i - 1]) != "right":
            tail = rest[i:]
            if all(frame.side(q) != "full" for q in tail):
                return i
    return len(rest)


def _middle_blocks(middle: list[Piece], frame: _Frame, first_page: bool) -> list[tuple[str, list[Piece]]]:
    """Title/subject, "Kính gửi" and body zones of the part between header and footer."""
    out: list[tuple[str, list[Piece]]] = []
    i = 0
    if first_page:
        while i < len(middle) and frame.side(middle[i]) == "full" and not _KINH_GUI.match(middle[i].text):
            if (middle[i].bbox[2] - middle[i].bbox[0]) > 0.8 * frame.width:
                break
            i += 1
        out.append((SUBJECT, middle[:i]))
        if i < len(middle) and _KINH_GUI.match(middle[i].text):
            j = i + 1
            while j < len(middle) and middle[j].bbox[0] > frame.left + 0.15 * frame.width:
                j += 1
            out.append((KINH_GUI, middle[i:j]))
            i = j
    body = middle[i:]
    start = 0
    for k in range(1, len(body) + 1):
        if k == len(body) or body[k].group != body[k - 1].group:
            out.append((BODY, body[start:k]))
            start = k
    return out


def _lines(pieces: list[Piece]) -> list[Line]:
    """Pieces of one zone as lines: pieces on the same row join (left to right)."""
    rows: list[list[Piece]] = []
    for p in sorted(pieces, key=lambda q: (q.cy, q.bbox[0])):
        if rows and abs(p.cy - rows[-1][0].cy) < 0.5 * min(p.height, rows[-1][0].height):
            rows[-1].append(p)
        else:
            rows.append([p])
    lines = []
    for row in rows:
        words = [w for p in sorted(row, key=lambda q: q.bbox[0]) for w in p.words]
        lines.append(Line(words=words, bbox=union_bbox(w.bbox for w in words)))
    return lines


def arrange(pieces: list[Piece], page_width: int, first_page: bool = True) -> list[Block]:
    """Zone and order the pieces of one upright page; returns its blocks in reading order."""
    pieces = sorted((p for p in pieces if p.words), key=lambda p: (p.bbox[1], p.bbox[0]))
    if not pieces:
        return []
    frame = _frame(pieces)
    zoned: list[tuple[str, list[Piece]]] = []
    rest = pieces
    if first_page:
        header, rest = _split_header(pieces, frame)
        if header:
            zoned += _header_blocks(header, frame)
    cut = _footer_start(rest, frame)
    zoned += _middle_blocks(rest[:cut], frame, first_page)
    footer = rest[cut:]
    zoned.append((NOI_NHAN, [p for p in footer if frame.side(p) != "right"]))
    zoned.append((SIGNATURE, [p for p in footer if frame.side(p) == "right"]))
    blocks = []
    for zone, group in zoned:
        if group:
            lines = _lines(group)
            blocks.append(Block(lines=lines, bbox=union_bbox(ln.bbox for ln in lines), zone=zone))
    return blocks


def layout_lines(
    lines: list[tuple[tuple[int, int], list[Word]]], page_width: int, first_page: bool = True
) -> list[Block]:
    """Blocks in reading order from ``(group, words)`` lines, e.g. Tesseract's (block, par)."""
    pieces = [p for group, words in lines for p in split_pieces(words, group, page_width)]
    return arrange(pieces, page_width, first_page)
