"""Body text: justified paragraphs with a first-line indent, bold phrases, page breaks.

Words are measured one by one with the font they are printed in (regular or bold), so a
paragraph with a bold phrase ("**Một số nội dung cần lưu ý:**" in a seed) wraps and
justifies exactly as a word processor would.  Section headings in capitals print bold and
are kept with the lines that follow them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PIL import ImageFont

from pipeline.samples.typeset import INK, PageStack, font, line_height, mm, nfc, pt


@dataclass(frozen=True)
class Word:
    text: str
    font: ImageFont.FreeTypeFont
    width: float


def is_heading(text: str) -> bool:
    """Section headings ("I. MỤC ĐÍCH, YÊU CẦU") are all capitals and printed bold."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters) and len(text) < 120


def _bold_mask(text: str, phrases: list[str]) -> list[bool]:
    mask = [False] * len(text)
    for phrase in phrases:
        for m in re.finditer(re.escape(phrase), text):
            mask[m.start():m.end()] = [True] * (m.end() - m.start())
    return mask


def words_of(text: str, size: float, dpi: int, bold: list[str], all_bold: bool) -> list[Word]:
    """The paragraph's words, each with the font it prints in."""
    text = nfc(" ".join(text.split()))
    mask = _bold_mask(text, [nfc(p) for p in bold]) if bold and not all_bold else []
    regular, heavy = font("regular", size, dpi), font("bold", size, dpi)
    out = []
    for m in re.finditer(r"\S+", text):
        is_bold = all_bold or (bool(mask) and sum(mask[m.start():m.end()]) * 2 > m.end() - m.start())
        fnt = heavy if is_bold else regular
        out.append(Word(m.group(0), fnt, fnt.getlength(m.group(0))))
    return out


def break_lines(words: list[Word], space: float, first: float, rest: float) -> list[list[Word]]:
    """Greedy line breaking by measured width; the first line is ``first`` wide (indent)."""
    lines: list[list[Word]] = [[]]
    used = 0.0
    for word in words:
        limit = first if len(lines) == 1 else rest
        extra = word.width + (space if lines[-1] else 0.0)
        if lines[-1] and used + extra > limit:
            lines.append([word])
            used = word.width
        else:
            lines[-1].append(word)
            used += extra
    return [line for line in lines if line]


def _draw_line(stack: PageStack, x: float, line: list[Word], space: float,
               width: float | None) -> None:
    """Draw words from ``x``; with ``width`` the gaps stretch so the line fills it."""
    gap = space
    if width is not None and len(line) > 1:
        gap = (width - sum(w.width for w in line)) / (len(line) - 1)
    draw = stack.draw
    for word in line:
        draw.text((x, stack.y), word.text, font=word.font, fill=INK)
        x += word.width + gap


def flow(stack: PageStack, paragraphs: list[str], size: float, indent_mm: float, *,
         spacing: float = 1.15, gap_pt: float = 6, bold: list[str] | None = None) -> None:
    """Justified paragraphs (last line ragged) from ``stack.y``, new pages as needed."""
    indent = mm(indent_mm, stack.dpi)
    space = font("regular", size, stack.dpi).getlength(" ")
    lh = line_height(font("regular", size, stack.dpi), spacing)
    for para in paragraphs:
        heading = is_heading(para)
        words = words_of(para, size, stack.dpi, bold or [], heading)
        lines = break_lines(words, space, stack.width - indent, stack.width)
        stack.ensure(lh * (len(lines) + 2) if heading else lh)
        for i, line in enumerate(lines):
            stack.ensure(lh)
            x = stack.left + (indent if i == 0 else 0)
            last = i == len(lines) - 1
            _draw_line(stack, x, line, space, None if last else stack.right - x)
            stack.y += lh
        stack.y += pt(gap_pt, stack.dpi)
