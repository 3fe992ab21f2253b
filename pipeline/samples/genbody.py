"""The body of a generated letter: references, deadlines, quotas, contacts and distractors.

Every sentence that states a deadline or a quota is written together with its truth item;
distractors (events, reporting periods, month-only periods, maxima, percentages) add text that
a careless extractor would mistake for one.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from pipeline.samples.genvocab import (
    ACTIONS,
    GIVENS,
    GROUPS,
    MIDDLES,
    NUMBER_WORDS,
    RESPONSIBLE,
    SURNAMES,
    TYPE_NAMES,
    UNITS,
)


def _date(d: dt.date, rng: random.Random, *, year: bool = True) -> str:
    """A date as letters print it: 25/6/2024, 25/06/2024, 25-6-2024, 25.6.2024, 25 tháng 6 năm 2024."""
    dd = f"{d.day:02d}" if rng.random() < 0.5 else str(d.day)
    mm = f"{d.month:02d}" if rng.random() < 0.5 else str(d.month)
    if not year:
        return f"{dd}/{mm}"
    form = rng.random()
    if form < 0.6:
        return f"{dd}/{mm}/{d.year}"
    if form < 0.72:
        return f"{dd}-{mm}-{d.year}"
    if form < 0.8:
        return f"{dd}.{mm}.{d.year}"
    return f"{dd} tháng {mm} năm {d.year}"


def _lc(text: str) -> str:
    """Lower the first letter of a sentence-initial phrase, not of an abbreviation ("UBND")."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _count(n: int, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35:
        return f"{n:02d}"
    if r < 0.6:
        return str(n)
    if r < 0.85 and n in NUMBER_WORDS:
        return NUMBER_WORDS[n]
    return f"{n:02d} ({NUMBER_WORDS.get(n, str(n))})"


def _references(rng: random.Random, day: dt.date, topic: str, short: str) -> tuple[str, list[dict[str, Any]]]:
    refs, texts = [], []
    for _ in range(rng.randint(0, 3)):
        abbr = rng.choice(["KH", "QĐ", "HD", "TB", "CV", "NĐ", "TT"])
        d = day - dt.timedelta(days=rng.randint(5, 400))
        num = str(rng.randint(1, 3000))
        issuer: str | None
        if abbr in ("NĐ", "TT"):
            symbol, issuer = f"{d.year}/{abbr}-{'CP' if abbr == 'NĐ' else 'BNV'}", ("Chính phủ" if abbr == "NĐ" else "Bộ Nội vụ")
        else:
            symbol = f"{abbr}-UBND" if abbr != "CV" else f"UBND-{rng.choice(['NV', 'VP', 'KGVX'])}"
            issuer = rng.choice([None, "UBND tỉnh", "Chủ tịch UBND tỉnh", "Sở Nội vụ", "UBND huyện"])
        by = f" của {issuer}" if issuer else ""
        texts.append(f"{TYPE_NAMES[abbr]} số {num}/{symbol} ngày {_date(d, rng)}{by} về {topic}")
        refs.append({"doc_type": TYPE_NAMES[abbr], "number": num, "symbol": symbol,
                     "date": d.isoformat(), "issuer": issuer})  # fmt: skip
    if not texts:
        return f"Nhằm nâng cao hiệu quả công tác {topic}, {short} đề nghị như sau:", refs
    return f"Thực hiện {'; '.join(texts)}, {short} đề nghị các cơ quan, đơn vị thực hiện một số nội dung sau:", refs


def _deadline(rng: random.Random, day: dt.date, issued: str, to: str) -> tuple[str, dict[str, Any]]:
    resp = rng.choice(RESPONSIBLE)
    action = rng.choice(ACTIONS).format(to=to, via="Phòng Nội vụ")
    due = day + dt.timedelta(days=rng.randint(7, 80))
    forms = ["before", "latest", "hour", "window", "lead", "deadline-word"]
    if len(issued) == 10:
        forms.append("relative")
    if due.year == day.year:
        forms += ["yearly", "no-year"]
    form = rng.choice(forms)
    item: dict[str, Any] = {"date": due.isoformat(), "start": None, "recurring": None,
                            "action": action, "responsible": resp}  # fmt: skip
    d = _date(due, rng)
    if form == "before":
        text = f"{resp} {action} trước ngày {d}."
    elif form == "latest":
        text = f"{resp} {action}, chậm nhất là ngày {d}."
    elif form == "hour":
        text = f"{resp} {action} trước {rng.choice(['17 giờ', '16h30', '10 giờ 00'])} ngày {d}."
    elif form == "window":
        start = day + dt.timedelta(days=rng.randint(1, 6))
        item["start"] = start.isoformat()
        text = f"{resp} {action} từ ngày {_date(start, rng)} đến {rng.choice(['hết ngày', 'ngày'])} {d}."
    elif form == "lead":
        text = f"Trước ngày {d}, {_lc(resp)} {action}."
    elif form == "deadline-word":
        item["responsible"] = None
        text = f"Hạn chót {action} là ngày {d}."
    elif form == "relative":
        n = rng.choice([5, 7, 10, 15, 30])
        item["date"] = (day + dt.timedelta(days=n)).isoformat()
        text = f"{resp} {action} trong thời hạn {n} ngày kể từ ngày ký văn bản này."
    elif form == "yearly":
        item["recurring"] = "yearly"
        text = f"Hằng năm, {_lc(resp)} {action} trước ngày {_date(due, rng, year=False)} hằng năm."
    else:
        text = f"{resp} {action} trước ngày {_date(due, rng, year=False)}."
    item["text"] = text
    return text, item


def _quota(rng: random.Random, items: list[str]) -> tuple[str, list[dict[str, Any]]]:
    item = rng.choice(items)
    n = rng.randint(1, 5)
    c = _count(n, rng)
    tail = rng.choice([".", " về lĩnh vực được giao.", " để tham gia xét chọn.", " trong năm."])
    form = rng.randint(0, 4)
    if form == 0:
        resp = rng.choice(RESPONSIBLE)
        return f"{resp} đề xuất ít nhất {c} {item}{tail}", [{"minimum": n, "item": item, "applies_to": resp}]
    if form == 1:
        unit = rng.choice(UNITS)
        return f"Mỗi {unit} đăng ký tối thiểu {c} {item}{tail}", [{"minimum": n, "item": item, "applies_to": f"Mỗi {unit}"}]
    if form == 2:
        g1, g2 = rng.choice(GROUPS)
        n2 = n + rng.randint(1, 3)
        text = (f"Đối với {g1}, đăng ký tối thiểu {c} {item}; đối với {g2}, "
                f"đăng ký tối thiểu {_count(n2, rng)} {item}{tail}")  # fmt: skip
        return text, [{"minimum": n, "item": item, "applies_to": g1[:1].upper() + g1[1:]},
                      {"minimum": n2, "item": item, "applies_to": g2[:1].upper() + g2[1:]}]  # fmt: skip
    if form == 3:
        resp = rng.choice(RESPONSIBLE)
        return f"{resp} giới thiệu không ít hơn {c} {item}{tail}", [{"minimum": n, "item": item, "applies_to": resp}]
    unit = rng.choice(UNITS)
    return (f"Yêu cầu mỗi {unit} xây dựng {c} {item}{tail}",
            [{"minimum": n, "item": item, "applies_to": f"Mỗi {unit}"}])  # fmt: skip


def _distractor(rng: random.Random, day: dt.date, items: list[str]) -> str:
    later = day + dt.timedelta(days=rng.randint(10, 60))
    k = rng.randint(0, 4)
    if k == 0:
        return f"Hội nghị sơ kết dự kiến tổ chức vào ngày {_date(later, rng)} tại hội trường."
    if k == 1:
        return (f"Số liệu báo cáo tính từ ngày {_date(day.replace(day=1), rng)} "
                f"đến ngày {_date(later, rng)}.")  # fmt: skip
    if k == 2:
        return f"Thời gian thực hiện trong tháng {later.month}/{later.year}."
    if k == 3:
        return f"Mỗi đơn vị giới thiệu không quá 02 {rng.choice(items)} tiêu biểu."
    return "Phấn đấu 100% hồ sơ được giải quyết đúng hạn và trước hạn."


def _contacts(rng: random.Random) -> tuple[str, dict[str, list[str]]]:
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"
    digits = "0" + str(rng.choice([2, 3, 9, 8])) + "".join(str(rng.randint(0, 9)) for _ in range(8))
    printed = rng.choice([f"{digits[:4]}.{digits[4:7]}.{digits[7:]}", f"{digits[:4]} {digits[4:7]} {digits[7:]}",
                          f"({digits[:4]}) {digits[4:]}", digits])  # fmt: skip
    email = f"{rng.choice(['vanthu', 'phongnv', 'cchc', 'tonghop'])}{rng.randint(1, 99)}@{rng.choice(['dongnai', 'binhdinh', 'tayninh'])}.gov.vn"
    text = f"Thông tin chi tiết liên hệ đồng chí {name}, chuyên viên, điện thoại: {printed}, email: {email}."
    return text, {"emails": [email], "phones": [digits]}


def body(rng: random.Random, iss: Any, topic: tuple[str, str | None, list[str]], day: dt.date,
         issued: str) -> tuple[list[str], dict[str, Any]]:  # fmt: skip
    """Paragraphs and the truth of what they state."""
    intro, refs = _references(rng, day, topic[0], iss.short)
    paras = [intro]
    deadlines: list[dict[str, Any]] = []
    quotas: list[dict[str, Any]] = []
    for i in range(rng.randint(1, 4)):
        k = rng.random()
        if k < 0.5:
            text, item = _deadline(rng, day, issued, iss.short)
            if any((d["date"], d["action"]) == (item["date"], item["action"]) for d in deadlines):
                continue  # one obligation is stated once
            deadlines.append(item)
        elif k < 0.8:
            text, items = _quota(rng, topic[2])
            quotas.extend(items)
            for q in items:
                q["text"] = text
        else:
            text = _distractor(rng, day, topic[2])
        paras.append(f"{i + 1}. {text}" if rng.random() < 0.5 else f"- {text}")
    contacts: dict[str, list[str]] = {"emails": [], "phones": []}
    if rng.random() < 0.4:
        text, contacts = _contacts(rng)
        paras.append(text)
    paras.append("Đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.")
    return paras, {"references": refs, "deadlines": deadlines, "quotas": quotas, "contacts": contacts}
