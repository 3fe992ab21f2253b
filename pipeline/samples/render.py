"""Draw a :class:`Letter` on A4 pages as Decree 30/2020/NĐ-CP Appendix I lays it out.

Header table (issuer left ~40 %, motto right), number and place-date on one row, the công
văn's "V/v" under the number or the title block centred for other types, "Kính gửi",
justified body with first-line indent, then "Nơi nhận" (left) beside the signer block (right)
with a blue signature and a red seal over it.  Sizes follow the decree (13–14 pt body, 12 pt
"Nơi nhận:", 11 pt its lines).  Every string printed is one that ``Letter.reading_text``
returns, so the rendered pages and the OCR truth agree.
"""

from __future__ import annotations

from PIL import Image

from pipeline.samples.flow import flow
from pipeline.samples.letter import Letter
from pipeline.samples.marks import (
    PEN_BLUE,
    SEAL_RED,
    apply_ink,
    arrival_mask,
    box_mask,
    rng_for,
    seal_mask,
    signature_mask,
)
from pipeline.samples.typeset import (
    PageStack,
    balanced_wrap,
    draw_centred,
    font,
    line_height,
    mm,
    nfc,
    pt,
    wrap,
)

BODY_PT = 14.0
HEADER_PT = 13.0
LEFT_COL = 0.40  # share of the text width taken by the issuer column


def _columns(stack: PageStack) -> tuple[float, float, float]:
    """Centres of the issuer column and the motto column, and the issuer column width."""
    lw = stack.width * LEFT_COL
    return stack.left + lw / 2, (stack.left + lw + stack.right + mm(8, stack.dpi)) / 2, lw


def _centred_block(stack: PageStack, cx: float, y: float, lines: list[str], face: str,
                   size: float, width: float) -> tuple[float, float]:
    """Centred, wrapped lines from ``y``; returns (bottom y, widest line)."""
    fnt = font(face, size, stack.dpi)
    widest = 0.0
    for line in _fit(lines, fnt, width):
        widest = max(widest, draw_centred(stack.draw, cx, y, line, fnt))
        y += line_height(fnt, 1.12)
    return y, widest


def _fit(lines: list[str], fnt, width: float) -> list[str]:
    """Keep the printed line breaks when every line fits and the last is not a stub, else
    re-flow the block as a whole with balanced lines."""
    lines = [nfc(" ".join(line.split())) for line in lines if line.strip()]
    widths = [fnt.getlength(line) for line in lines]
    if widths and max(widths) <= width and (len(lines) == 1 or widths[-1] > 0.35 * max(widths)):
        return lines
    return balanced_wrap(" ".join(lines), fnt, width)


def _underline(stack: PageStack, cx: float, y: float, length: float) -> None:
    w = max(2, pt(0.8, stack.dpi))
    stack.draw.line((cx - length / 2, y, cx + length / 2, y), fill=(20, 20, 22), width=w)


def _header(stack: PageStack, letter: Letter) -> None:
    dpi = stack.dpi
    lc, rc, lw = _columns(stack)
    rw = (rc - lc) * 2 - lw * 0.2
    y0 = stack.y
    yl, _ = _centred_block(stack, lc, y0, letter.parent_lines, "regular", HEADER_PT, lw)
    yl, widest = _centred_block(stack, lc, yl, letter.issuer_lines, "bold", HEADER_PT, lw)
    if letter.issuer_lines:
        _underline(stack, lc, yl + pt(4, dpi), widest * 0.4)
    m1, m2 = letter.motto
    yr, _ = _centred_block(stack, rc, y0, [m1], "bold", 12.5, rw)
    yr, w2 = _centred_block(stack, rc, yr, [m2], "bold", 13.5, rw)
    _underline(stack, rc, yr + pt(3, dpi), w2)
    y = max(yl, yr) + pt(10, dpi)
    yl, _ = _centred_block(stack, lc, y, [letter.number_line], "regular", HEADER_PT, lw * 1.1)
    if letter.is_cong_van and letter.subject_lines:
        yl, _ = _centred_block(stack, lc, yl + pt(2, dpi), letter.subject_lines, "regular", 12, lw)
    for mark in (m for m in (letter.urgency, letter.secrecy) if m):
        box = box_mask([mark], dpi, size_pt=13)
        apply_ink(stack.pages[-1], box, (int(lc - box.width / 2), int(yl + pt(4, dpi))), SEAL_RED)
        yl += box.height + pt(6, dpi)
    yr, _ = _centred_block(stack, rc, y, [letter.place_date], "italic", 13.5, rw)
    stack.y = max(yl, yr) + pt(14, dpi)
    if letter.arrival:
        rng = rng_for("arrival", *letter.arrival)
        mask = arrival_mask(letter.arrival[0], letter.arrival[1], dpi, rng)
        colour = SEAL_RED if rng.random() < 0.5 else PEN_BLUE
        apply_ink(stack.pages[0], mask, (mm(8, dpi), mm(4, dpi)), colour, 0.85)


def _title(stack: PageStack, letter: Letter) -> None:
    if not letter.doc_title:
        return
    cx = (stack.left + stack.right) / 2
    y, _ = _centred_block(stack, cx, stack.y, [letter.doc_title], "bold", 14, stack.width)
    y, widest = _centred_block(stack, cx, y, letter.subject_lines, "bold", 14, stack.width * 0.8)
    if letter.subject_lines:
        _underline(stack, cx, y + pt(6, stack.dpi), min(widest, stack.width * 0.3))
    stack.y = y + pt(14, stack.dpi)


def _recipients(stack: PageStack, letter: Letter) -> None:
    if not letter.recipients:
        return
    dpi = stack.dpi
    fnt = font("regular", BODY_PT, dpi)
    lh = line_height(fnt, 1.15)
    if len(letter.recipients) == 1:
        cx = (stack.left + stack.right) / 2
        stack.y, _ = _centred_block(stack, cx, stack.y, [f"Kính gửi: {letter.recipients[0]}"],
                                    "regular", BODY_PT, stack.width * 0.9)
    else:
        x_label = stack.left + stack.width * 0.14
        x_items = x_label + fnt.getlength("Kính gửi: ") + pt(4, dpi)
        stack.draw.text((x_label, stack.y), nfc("Kính gửi:"), font=fnt, fill=(20, 20, 22))
        for item in letter.recipients:
            for line in wrap(item, fnt, stack.right - x_items):
                stack.ensure(lh)
                stack.draw.text((x_items, stack.y), line, font=fnt, fill=(20, 20, 22))
                stack.y += lh
    stack.y += pt(10, dpi)


def _signer_lines(letter: Letter) -> list[str]:
    lines = list(letter.authority_lines)
    if letter.signer_title:
        lines.append(letter.signer_title)
    return lines


def _footer(stack: PageStack, letter: Letter, seal_over_name: bool) -> None:
    dpi = stack.dpi
    head = _signer_lines(letter)
    if not (letter.distribution or head or letter.signer_name):
        return
    sfnt = font("bold", BODY_PT, dpi)
    slh = line_height(sfnt, 1.15)
    sign_gap = mm(26, dpi)
    nfnt = font("regular", 11, dpi)
    nlh = line_height(nfnt, 1.12)
    dist_h = pt(16, dpi) + nlh * len(letter.distribution)
    sign_h = slh * (len(head) + 1) + sign_gap
    stack.y += pt(4, dpi)
    stack.ensure(max(dist_h, sign_h))
    y0 = stack.y
    if letter.distribution:
        label = font("bolditalic", 12, dpi)
        stack.draw.text((stack.left, y0), nfc("Nơi nhận:"), font=label, fill=(20, 20, 22))
        y = y0 + line_height(label, 1.2)
        for item in letter.distribution:
            for line in wrap(item, nfnt, stack.width * 0.45):
                stack.draw.text((stack.left, y), line, font=nfnt, fill=(20, 20, 22))
                y += nlh
    _, cx, _ = _columns(stack)
    y, _ = _centred_block(stack, cx, y0, head, "bold", BODY_PT, stack.width * 0.55)
    top_of_gap = y
    if letter.signer_name:
        _centred_block(stack, cx, y + sign_gap, [letter.signer_name], "bold", BODY_PT,
                       stack.width * 0.55)
    if head or letter.signer_name:
        _marks(stack, letter, cx, top_of_gap, sign_gap, seal_over_name)
    stack.y = max(y0 + dist_h, y0 + sign_h + slh)


def _marks(stack: PageStack, letter: Letter, cx: float, gap_top: float, gap: int,
           seal_over_name: bool) -> None:
    """Blue signature in the gap; red seal over its left third, the title and part of the name
    (or squarely over the name when ``seal_over_name``, as careless stamping does)."""
    dpi = stack.dpi
    rng = rng_for("marks", *letter.issuer_lines, letter.signer_name, letter.number_line)
    sig = signature_mask(dpi, width_mm=float(rng.uniform(34, 46)), rng=rng)
    sx = int(cx - sig.width / 2 + mm(float(rng.uniform(-4, 8)), dpi))
    sy = int(gap_top + (gap - sig.height) / 2 + mm(float(rng.uniform(-3, 2)), dpi))
    apply_ink(stack.pages[-1], sig, (sx, sy), PEN_BLUE, 0.92)
    ring = letter.seal_text or " * ".join(
        [" ".join(letter.issuer_lines), *letter.parent_lines[-1:]]).strip(" *")
    if not (letter.seal and ring):  # a seal names its body: none without an issuer
        return
    seal = seal_mask(ring, dpi, rng=rng)
    scx = cx - mm(float(rng.uniform(12, 20)), dpi)
    scy = gap_top + gap * float(rng.uniform(0.35, 0.5))
    if seal_over_name:
        scx, scy = cx - mm(float(rng.uniform(0, 8)), dpi), gap_top + gap + mm(3, dpi)
    apply_ink(stack.pages[-1], seal, (int(scx - seal.width / 2), int(scy - seal.height / 2)),
              SEAL_RED, float(rng.uniform(0.72, 0.85)))


def _article(stack: PageStack, letter: Letter) -> None:
    """A printed news article: a bold headline, then justified paragraphs."""
    fnt = font("bold", 18, stack.dpi)
    for raw in letter.subject_lines:
        for line in wrap(raw, fnt, stack.width):
            stack.draw.text((stack.left, stack.y), line, font=fnt, fill=(20, 20, 22))
            stack.y += line_height(fnt, 1.2)
    stack.y += pt(10, stack.dpi)
    flow(stack, letter.body, 12.5, 0, spacing=1.2, gap_pt=8, bold=letter.bold_phrases)


def render_letter(letter: Letter, *, dpi: int = 300,
                  seal_over_name: bool = False) -> list[Image.Image]:
    """Lay ``letter`` out on A4 RGB pages at ``dpi`` (multi-page when long)."""
    stack = PageStack(dpi, margins_mm=(20.0, 20.0, 30.0, 20.0))
    if letter.article:
        _article(stack, letter)
        return stack.pages
    _header(stack, letter)
    _title(stack, letter)
    _recipients(stack, letter)
    flow(stack, letter.body, BODY_PT, 12.7, bold=letter.bold_phrases)
    _footer(stack, letter, seal_over_name)
    return stack.pages
