"""Sentences and clauses of the body, and the "who does what" split of an obligation.

Deadlines and quotas are stated in the body as "<who> <verb> <what> <when>" ("Các cơ quan,
đơn vị gửi báo cáo về Sở Nội vụ trước ngày 25/6/2024"), often after "Đề nghị", "Yêu cầu"
or "Giao".  The split uses a list of the genre's action verbs: it is cheaper than a POS
tagger (underthesea costs ~5 ms a sentence) and on this register as accurate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.extract.base import Context, is_scan
from pipeline.extract.ocrnoise import denoise
from pipeline.extract.vntext import nfc, squash

_BOUNDARY = re.compile(
    r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ\-+•(])"  # sentence end
    r"|(?<=[.:;!?\"”)])\s*\n\s*\n(?!\s*[a-zđ])|(?<!trước)(?<!ngày)(?<!\slà)(?<!hết)(?<!đến)"
    r"\n\s*\n(?!\s*(?:\d{1,2}\s*(?:giờ|h\b)|ngày\s|[a-zà-ỹđ]))"  # paragraph
    # (a scan may cut a sentence with a blank line: "… trước" / "17 giờ ngày 14/3/2023", and
    # no sentence ends on "trước", "ngày", "là", "hết" or "đến")
    r"|(?<!chậm)(?<!trước)(?<!ngày)(?<!ngày\n)(?<!trước\n)\n(?=\s*(?:[-+•]\s|\d+\.\s|[a-zđ]\)\s|[IVX]+\.\s))"  # list item
    # (not after "chậm" / "trước" / "ngày": a scan's speck read as a dash mid-sentence)
    r"|(?<=:)(?<!ngày:)\n(?![a-zà-ỹđ])"  # not "… 02 sáng :" / "kiến, giải pháp": a scan's speck, then the rest
)
VERBS = (
    "gửi", "nộp", "báo cáo", "hoàn thành", "hoàn thiện", "đề xuất", "tổng hợp", "triển khai",
    "trình", "đăng ký", "thực hiện", "xây dựng", "rà soát", "cập nhật", "tham mưu", "phối hợp",
    "lựa chọn", "tổ chức", "chỉ đạo", "cung cấp", "kiểm tra", "ban hành", "chuẩn bị",
    "hoàn tất", "nhập", "khắc phục", "công bố", "phê duyệt", "thẩm định", "kiện toàn",
    "giải quyết", "cử", "đánh giá", "nghiên cứu", "giới thiệu", "tiếp nhận", "chuyển",
)  # fmt: skip
_VERB_RE = re.compile(
    r"(?<![\wÀ-ỹ])(" + "|".join(sorted(VERBS, key=len, reverse=True)) + r")(?![\wÀ-ỹ])", re.IGNORECASE
)
_LEAD = re.compile(
    r"^\s*(?:[-+•]\s*|\d+(?:\.\d+)*\.\s*|[a-zđ]\)\s*|[IVX]+\.\s*)?"
    r"(?:(?:Đề nghị|Yêu cầu|Giao(?: cho)?|Đề nghị Thủ trưởng)\s+)?",
)
_ASKS = re.compile(r"\b(?:yêu cầu|đề nghị|giao(?: cho)?|chỉ đạo|nêu rõ|cho biết)\s*,?\s+", re.IGNORECASE)
_ADVERBS = re.compile(
    r"^(?:tiếp tục|khẩn trương|chủ động|kịp thời|nghiêm túc|tích cực|h[ằàãă]ng [nh][ăâ]m),?\s+", re.I
)
_TIME_WORDS = re.compile(r"^(?:thời gian|thời hạn|hạn chót|hạn cuối)\b", re.IGNORECASE)


@dataclass
class Sentence:
    text: str  # as in ``ctx.flat``, scan debris blanked (offsets valid, line breaks are spaces)
    start: int
    end: int


def sentences(ctx: Context, start: int = 0) -> Iterator[Sentence]:
    """The body's sentences (and list items) from ``start`` on, with their offsets.

    On a scan the text is read through :func:`denoise` first (specks blanked, digits put
    right), so a speck between a trigger's words no longer hides the obligation.
    """
    text = denoise(ctx.clean) if is_scan(ctx.doc) else ctx.clean  # same length: offsets hold
    flat = text.replace("\n", " ")
    pos = start
    for m in _BOUNDARY.finditer(text, start):
        if _open_bracket(flat, max(pos, m.start() - 60), m.start()):
            continue  # "(qua Phòng\n\nNội vụ)": no sentence ends inside brackets
        if m.start() > pos:
            yield Sentence(flat[pos : m.start()], pos, m.start())
        pos = m.end()
    if pos < len(text):
        yield Sentence(flat[pos:], pos, len(text))


def _open_bracket(text: str, start: int, end: int) -> bool:
    """A "(" opened shortly before ``end`` and closed right after it (a scan's stray "(" is
    not: it is never closed within a line)."""
    opened = text.rfind("(", start, end)
    return opened >= 0 and ")" not in text[opened:end] and ")" in text[end : end + 40]


def tidy(text: str) -> str:
    return re.sub(r"\s+([,;:.])", r"\1", squash(nfc(text))).strip(" ,;:-")


def cap(text: str) -> str:
    text = tidy(text)
    return text[:1].upper() + text[1:]


def who_and_what(clause: str) -> tuple[str | None, str | None]:
    """Split "<who> <verb> <what>" at the first action verb; who is None when absent."""
    body = _LEAD.sub("", clause, count=1)
    first_verb = _VERB_RE.search(body)
    limit = min(120, first_verb.start() if first_verb else 120)
    asks = [a for a in _ASKS.finditer(body) if a.start() < limit]
    if asks:
        body = body[asks[-1].end() :]
    m = _VERB_RE.search(body)
    if not m:
        return None, tidy(body) or None
    who = tidy(body[: m.start()]).lstrip(".'`\" ")  # ".Các sở": a speck before the list item
    what = tidy(body[m.start() :]).rstrip(" .")
    while (a := _ADVERBS.match(who + " ")) and who:
        who = tidy(who[a.end() :])
    if _TIME_WORDS.match(who) or not who:
        who = ""
    return (cap(who) if who else None), (what or None)
