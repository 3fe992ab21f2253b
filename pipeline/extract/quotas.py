"""Quotas: minimum counts asked of units ("ít nhất / tối thiểu / không ít hơn N …", "mỗi … 01 …").

Counts may be digits or words ("một", "hai", "05 (năm)").  One sentence may set different
quotas for different groups ("đối với các sở, ban, ngành, đăng ký tối thiểu 1 …; đối với
UBND quận, huyện, thị xã, đăng ký tối thiểu 2 …"): each clause is read on its own and names
its group.  Maxima ("không quá 02"), percentages and recruitment targets are not quotas.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.extract.base import Context, Found, is_scan
from pipeline.extract.clauses import VERBS, cap, sentences, tidy, who_and_what
from pipeline.extract.dates import COUNT, parse_count
from pipeline.extract.echo import repair_from_echoes
from pipeline.extract.vntext import loose

_GAP = r"[\s.:]*(?:(?<=\s)[a-z](?=\s)[\s.]*)?"  # a scan drops the space or adds a dot or a speck: "Ítnhất", "tối. thiếu.", "tối i thiếu"
#: The verbs in any case ("Xây dựng") and with a speck between their words ("xây y dựng").
_VERB_ALT = "(?i:" + "|".join(
    re.escape(v).replace(r"\ ", _GAP) for v in sorted((*VERBS, "có", "phải có"), key=len, reverse=True)
) + ")"
_MIN = "(?i:" + "|".join(loose(w).replace(r"\s+", _GAP) for w in ("ít nhất", "tối thiểu", "không ít hơn")) + (
    r"|[^\W\d_]{1,2}ông" + _GAP + loose("ít hơn").replace(r"\s+", _GAP)  # "Miông ít hơn": "không" misread
    # one letter misread in the stock words: "không ít đơn", "đối thiến" (t/đ, u/n look alike)
    + r"|" + loose("không ít").replace(r"\s+", _GAP) + _GAP + r"[hđb]ơn"
    + r"|[tđ]" + loose("ối").replace(r"\s+", _GAP) + _GAP + r"t?" + loose("hiể") + r"[un](?![\wÀ-ỹ])"  # "tối: hiếu"
) + r")(?:\s+là)?:?"
#: The count as a scan may print it: "01 .(một}", "4-mô hình", "hai: sáng kiến".
#: … "01 (một s sáng kiến" (the bracket lost), "Ö7 (7)" (a zero read as a letter).
_COUNT = (
    COUNT.replace(r"(?:\s*\(", r"(?:\s*[^\W\d_]{2,5}\)|\s*\.?\(")  # "02 đại)": the "(" lost
    .replace(r"\))?", r"(?:[)}\]]|(?=\s)))?")
    .replace(r"(?P<count>\d{1,4}", r"(?P<count>[OoÖ]?\d{1,4}")
)
QUOTA = re.compile(
    rf"(?:{_MIN}[\s.]+(?P<each1>mỗi\s+[^\d;:.]{{2,40}}?\s+)?{_COUNT.replace('<count>', '<count1>')}"
    rf"|(?P<each2>[Mm][ỗôöốồổộõ]i(?!\s+trường)[\s:]+(?:[^\d;.]|[;.](?=\s?[a-zà-ỹđ])){{2,60}}?)\s+(?:(?:phải|cần|được)\s+)?(?:{_VERB_ALT}),?\s+(?:{_MIN}[\s.]+)?{_COUNT.replace('<count>', '<count2>')})"
    r"(?:\s+|\s*[-:.]\s*)(?P<item>[^\W\d](?:[^;:.()\n]|[.:](?=\s*[a-zà-ỹđ]))*)",  # "mô. hình": a speck
)
_STOPWORDS = ("về", "được", "trong", "để", "cho", "tại", "của", "nhằm", "đã", "đang", "và có", "theo",
              "thuộc", "trước", "gửi", "có", "là", "với", "đối với", "hằng năm", "hàng năm", "trên")  # fmt: skip
_ITEM_END = re.compile(  # accent-loose: a scan reads "để" as "đế"
    r"\s+(?:" + "|".join(loose(w) for w in _STOPWORDS) + r")(?![\wÀ-ỹ])"
    r"|,\s*(?:đồng thời|gửi|và|trong đó)\b|\s+-(?:\s|(?=[a-zà-ỹđ]))",  # "sáng kiến -để": a speck
    re.IGNORECASE,
)
_NOT_ITEM = re.compile(  # ... nor the request that opens the next sentence ("02 (ae cá Đề nghị các …": a line lost)
    r"^(?:%|phần trăm|lần|ngày|tháng|năm|giờ|người được tuyển|chỉ tiêu|đề nghị|yêu cầu)", re.I
)
_NOT_QUOTA = re.compile(r"(?:không quá|tối đa|nhiều nhất|tuyển dụng|tuyển sinh)\s*$", re.I)
_GROUP = re.compile(r"\b(?:đối với|riêng)\s+", re.I)


def _item(raw: str) -> str:
    raw = re.sub(r"\s*[.:](?=\s*[a-zà-ỹđ])", " ", raw)  # "mô. hình", "số .về": specks, not glue
    raw = re.sub(r"(?<=[a-zà-ỹđ])-\s?(?=[a-zà-ỹđ])", " ", raw)  # "mô hình- chuyển", "danh mục-hồ sơ"
    raw = re.sub(r"(?<=\s)[^\W\d_](?=\s)", _foreign_speck, raw)  # "dịch vụ š công"
    raw = re.sub(r"\s*['`\"‘’“”]+\s*(?=[a-zà-ỹđ])", " ", raw)  # "cách làm' hay", "danh mục ' hồ sơ"
    raw = re.sub(r"(?<![\wÀ-ỹ])([^\W\d_]{1,3}) \1(?![\wÀ-ỹ])", r"\1", raw)  # "ý ý tưởng": a word read twice
    raw = re.sub(r"(?<=[a-zà-ỹđ] )[A-ZÀ-Ỹ] (?=[a-zà-ỹđ])", "", raw)  # "sáng À kiến": a lone capital mid-phrase
    m = _ITEM_END.search(raw)
    return tidy(raw[: m.start()] if m else raw)


def _unglue_commas(item: str, letter: str) -> str:
    """"báo, cáo điển hình", "trực, tuyến": a speck read as a comma inside a compound.  The
    comma goes when the letter prints the same two words elsewhere without it ("mô hình, cách
    làm hay" keeps its comma: nowhere is it "hình cách")."""

    def pair(m: re.Match[str]) -> str:
        joined = f"{m.group(1)} {m.group(2)}"
        return joined if re.search(rf"(?<![\wÀ-ỹ]){re.escape(joined)}(?![\wÀ-ỹ])", letter, re.I) else m.group(0)

    return re.sub(r"([^\W\d_]+), ([^\W\d_]+)", pair, item)


_VI_MARKS = frozenset("\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323")


def _foreign_speck(m: re.Match[str]) -> str:
    """A one-letter token with a mark Vietnamese never writes ("š", "ž") is a speck."""
    marks = {c for c in unicodedata.normalize("NFD", m.group(0)) if unicodedata.combining(c)}
    return "" if marks - _VI_MARKS else m.group(0)


def _applies_to(clause: str, m: re.Match[str]) -> str | None:
    each = m.group("each1") or m.group("each2")
    if each:
        each = re.sub(r"\s*:\s*-?\s*(?=[^\W\d_])", " ", each.strip())  # "Mỗi: cơ quan", "mỗi cơ: -quan"
        return cap(re.sub(r"^\s*m[ỗôöốồổộõ]i", "Mỗi", each, flags=re.I))
    before = clause[: m.start()]
    groups = list(_GROUP.finditer(before))
    if groups and "," in before[groups[-1].end() :]:
        return cap(before[groups[-1].end() : before.rfind(",")])
    who, _ = who_and_what(before)
    return who


def _clauses(text: str) -> list[str]:
    """Split at ";" only when each side states its own quota."""
    parts = text.split(";")
    if sum(bool(QUOTA.search(p)) for p in parts) > 1:
        return parts
    return [text]


def extract_quotas(ctx: Context) -> dict[str, Found]:
    items: list[dict[str, object]] = []
    seen: set[tuple[int, str, str]] = set()
    first = last = None
    scan = is_scan(ctx.doc)
    for s in sentences(ctx):
        for clause in _clauses(s.text.replace("\n", " ").replace("ï", "í")):  # "không ït hơn"
            for m in QUOTA.finditer(clause):
                if _NOT_QUOTA.search(clause[max(0, m.start() - 20) : m.start()]):
                    continue
                n = parse_count(re.sub(r"^[OoÖ](?=\d)", "0", m.group("count1") or m.group("count2")))
                item = _item(m.group("item"))
                if scan and item:  # garbled words put right from the item's echoes elsewhere
                    rest = ctx.flat[: s.start] + s.text.replace(m.group("item"), " ", 1) + ctx.flat[s.end :]
                    item = repair_from_echoes(item, rest, capital=False, min_words=2)
                item = _unglue_commas(item, ctx.flat) if scan and item else item
                if not n or not item or _NOT_ITEM.match(item):
                    continue
                applies = _applies_to(clause, m)
                key = (n, item.lower(), (applies or "").lower())
                if key in seen:
                    continue
                seen.add(key)
                items.append({"minimum": n, "item": item, "applies_to": applies, "text": cap(s.text)})
                first = s.start if first is None else first
                last = s.end
    span = (first, last) if first is not None and last is not None else None
    return {"quotas": Found(items, 0.85 if items else 0.8, span)}
