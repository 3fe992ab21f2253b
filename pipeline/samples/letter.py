"""A letter's parts as Decree 30/2020/NĐ-CP (Appendix I) places them on the page.

This is the common language of the renderer (``render.py`` draws a :class:`Letter` as a
scan), the labelled-letter generator (``generate.py`` makes many of them with their truth
records) and the OCR benchmark (:meth:`Letter.reading_text` is the truth text: the words a
careful reader reads, in the reading order congvan's layout analysis must reproduce).

Reading order convention (also the order of ../shared/seeds/*.txt):
header-left (parent, issuer), header-right (motto), number line, V/v subject (công văn),
place and date, document title and its subject lines, "Kính gửi", body paragraphs,
"Nơi nhận" and its lines, then the signature block.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass
class Letter:
    """One letter. Strings are as printed (capitals where the decree prints capitals)."""

    issuer_lines: list[str]  # e.g. ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ BIÊN HÒA"] (bold, underlined)
    number_line: str  # e.g. "Số: 1940/UBND-THNC" or "Số:     /KH-UBND"
    place_date: str  # e.g. "Biên Hòa, ngày 30 tháng 01 năm 2024"
    body: list[str]  # paragraphs; "- " items and "1. " headings stay in the text
    parent_lines: list[str] = field(default_factory=list)  # cơ quan chủ quản, above issuer
    doc_title: str | None = None  # "KẾ HOẠCH", "QUYẾT ĐỊNH"…; None for a công văn
    subject_lines: list[str] = field(default_factory=list)  # "V/v …" lines, or title lines
    recipients: list[str] = field(default_factory=list)  # "Kính gửi" lines, as printed
    distribution: list[str] = field(default_factory=list)  # "Nơi nhận" lines, as printed
    authority_lines: list[str] = field(default_factory=list)  # ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    signer_title: str | None = None  # "PHÓ CHỦ TỊCH"
    signer_name: str | None = None
    urgency: str | None = None  # "HỎA TỐC", "KHẨN" … stamped under the number
    secrecy: str | None = None  # "MẬT" …
    seal: bool = True  # red round seal over the signature
    seal_text: str | None = None  # the seal's ring text; defaults to the issuer
    arrival: tuple[str, str] | None = None  # ("1234", "02/02/2024"): the receiver's "ĐẾN" stamp
    article: bool = False  # a news article: title, byline and paragraphs only
    motto: tuple[str, str] = MOTTO  # as printed (older letters spell "CỘNG HOÀ")
    bold_phrases: list[str] = field(default_factory=list)  # body phrases printed bold

    @property
    def is_cong_van(self) -> bool:
        return self.doc_title is None and not self.article

    def reading_text(self) -> str:
        """The truth text of the letter as read, one printed line per line."""
        if self.article:
            return "\n\n".join([*self.subject_lines, *self.body])
        out: list[str] = []
        out.append("\n".join([*self.parent_lines, *self.issuer_lines]))
        out.append("\n".join(self.motto))
        out.append(self.number_line)
        if self.is_cong_van and self.subject_lines:
            out.append("\n".join(self.subject_lines))
        marks = [m for m in (self.urgency, self.secrecy) if m]
        if marks:
            out.append("\n".join(marks))
        out.append(self.place_date)
        if self.doc_title:
            out.append(self.doc_title)
            if self.subject_lines:
                out.append("\n".join(self.subject_lines))
        if self.recipients:
            if len(self.recipients) == 1:
                out.append(f"Kính gửi: {self.recipients[0]}")
            else:
                out.append("Kính gửi:\n" + "\n".join(self.recipients))
        out.extend(self.body)
        if self.distribution:
            out.append("Nơi nhận:\n" + "\n".join(self.distribution))
        sign = [*self.authority_lines]
        if self.signer_title:
            sign.append(self.signer_title)
        if self.signer_name:
            sign.append(self.signer_name)
        if sign:
            out.append("\n".join(sign))
        return "\n\n".join(part for part in out if part)
