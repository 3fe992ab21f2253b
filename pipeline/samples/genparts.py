"""Parts of a generated letter: issuer, parties, signature, and the header helpers.

The body (references, deadlines, quotas, contacts, distractors) lives in ``genbody``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from pipeline.samples.genbody import body
from pipeline.samples.genvocab import (
    CITIES,
    DISTRICT_DEPTS,
    GIVENS,
    MIDDLES,
    MINISTRIES,
    PROVINCE_DEPTS,
    PROVINCES,
    SURNAMES,
    TOPICS,
    TYPE_NAMES,
    TYPES,
    UNIT_CODES,
)

__all__ = ["TOPICS", "TYPES", "TYPE_NAMES", "UNIT_CODES", "body", "pick_issuer"]


@dataclass
class Issuer:
    lines: list[str]  # printed issuer lines
    parent_lines: list[str]
    name: str  # truth
    parent: str | None
    place: str
    code: str  # symbol part ("UBND", "SNV")
    office: str  # head's title, printed ("CHỦ TỊCH")
    short: str  # how the body names itself ("UBND tỉnh", "Sở Nội vụ")
    level: str  # ministry | province | district | ward
    collective: bool  # a people's committee (signs "TM. ỦY BAN NHÂN DÂN")


def _ubnd(kind: str, name: str) -> tuple[list[str], str]:
    return ["ỦY BAN NHÂN DÂN", f"{kind} {name}".upper()], f"Ủy ban nhân dân {kind} {name}"


def pick_issuer(rng: random.Random) -> Issuer:
    prov, capital, districts, wards = rng.choice(PROVINCES)
    r = rng.random()
    if r < 0.08:
        head, canon, code, office = rng.choice(MINISTRIES)
        return Issuer([head], [], canon, None, "Hà Nội", code, office, canon, "ministry", False)
    if r < 0.3:
        kind, pname, place = ("tỉnh", prov, prov) if rng.random() < 0.8 else rng.choice(CITIES)
        lines, name = _ubnd(kind, pname)
        return Issuer(lines, [], name, None, place, "UBND", "CHỦ TỊCH", f"UBND {kind}", "province", True)
    if r < 0.5:
        kind, pname, place = ("tỉnh", prov, prov) if rng.random() < 0.8 else rng.choice(CITIES)
        head, dept, code, office = rng.choice([d for d in PROVINCE_DEPTS if d[1]])
        canon = str(dept)
        plines, parent = _ubnd(kind, pname)
        if rng.random() < 0.5:
            plines = [f"UBND {kind.upper()} {pname.upper()}"]
        return Issuer([head], plines, f"{canon} {kind} {pname}", parent, place, code, office,
                      canon, "province", False)  # fmt: skip
    if r < 0.72:
        kind, dname = ("huyện", rng.choice(districts)) if rng.random() < 0.75 else ("thành phố", capital)
        lines, name = _ubnd(kind, dname)
        return Issuer(lines, [], name, None, dname, "UBND", "CHỦ TỊCH", f"UBND {kind}", "district", True)
    if r < 0.85:
        dname = rng.choice(districts)
        head, canon, code, office = rng.choice(DISTRICT_DEPTS)
        plines, parent = _ubnd("huyện", dname)
        plines = [f"UBND HUYỆN {dname.upper()}"] if rng.random() < 0.6 else plines
        return Issuer([head], plines, f"{canon} huyện {dname}", parent, dname, code, office,
                      canon, "district", False)  # fmt: skip
    kind, wname = rng.choice(wards)
    lines, name = _ubnd(kind, wname)
    parent_lines: list[str] = []
    ward_parent: str | None = None
    if rng.random() < 0.3:
        parent_lines = [f"UBND THÀNH PHỐ {capital.upper()}"]
        ward_parent = f"Ủy ban nhân dân thành phố {capital}"
        lines = [f"UBND {kind.upper()} {wname.upper()}"]
    return Issuer(lines, parent_lines, name, ward_parent, wname, "UBND", "CHỦ TỊCH", f"UBND {kind}", "ward", True)


_TITLES = {
    "CHỦ TỊCH": "Chủ tịch", "PHÓ CHỦ TỊCH": "Phó Chủ tịch", "CHÁNH VĂN PHÒNG": "Chánh Văn phòng",
    "GIÁM ĐỐC": "Giám đốc", "PHÓ GIÁM ĐỐC": "Phó Giám đốc", "TRƯỞNG PHÒNG": "Trưởng phòng",
    "PHÓ TRƯỞNG PHÒNG": "Phó Trưởng phòng", "BỘ TRƯỞNG": "Bộ trưởng", "THỨ TRƯỞNG": "Thứ trưởng",
}  # fmt: skip
_DEPUTY = {"CHỦ TỊCH": "PHÓ CHỦ TỊCH", "GIÁM ĐỐC": "PHÓ GIÁM ĐỐC", "TRƯỞNG PHÒNG": "PHÓ TRƯỞNG PHÒNG",
           "BỘ TRƯỞNG": "THỨ TRƯỞNG"}  # fmt: skip


def signature(rng: random.Random, iss: Issuer) -> tuple[list[str], str | None, dict[str, str | None]]:
    """(authority lines, printed title, truth signer without name) in one of the decree's forms."""
    office, deputy = iss.office, _DEPUTY[iss.office]
    forms: list[tuple[list[str], str | None, str, str | None]] = [
        ([], office, office, None),
        ([f"KT. {office}"], deputy, deputy, "KT"),
    ]
    if iss.collective:
        forms += [
            (["TM. ỦY BAN NHÂN DÂN"], office, office, "TM"),
            (["TM. ỦY BAN NHÂN DÂN", f"KT. {office}"], deputy, deputy, "KT"),
            ([f"TL. {office}"], "CHÁNH VĂN PHÒNG", "CHÁNH VĂN PHÒNG", "TL"),
            ([f"TUQ. {office}"], "CHÁNH VĂN PHÒNG", "CHÁNH VĂN PHÒNG", "TUQ"),
        ]
    else:
        forms.append(([f"Q. {office}"], None, office, "Q"))
    auth, printed, title, authority = rng.choice(forms)
    return auth, printed, {"title": _TITLES[title], "authority": authority}


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"


_RECIPIENTS = {
    "ministry": ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", "Các bộ, cơ quan ngang bộ",
                 "Sở Nội vụ các tỉnh, thành phố"],
    "province": ["Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố", "Các cơ quan, đơn vị thuộc tỉnh",
                 "Thủ trưởng các cơ quan chuyên môn thuộc UBND tỉnh"],
    "district": ["Các cơ quan chuyên môn thuộc UBND huyện", "UBND các xã, thị trấn", "Thủ trưởng các đơn vị sự nghiệp",
                 "Các phòng, ban, ngành huyện"],
    "ward": ["Các phòng chuyên môn, đơn vị thuộc phường", "Công chức các bộ phận", "Trưởng các khu phố"],
}  # fmt: skip


def recipients(rng: random.Random, iss: Issuer) -> list[str]:
    pool = _RECIPIENTS[iss.level]
    return rng.sample(pool, rng.randint(1, min(3, len(pool))))


def distribution(rng: random.Random, iss: Issuer, has_recipients: bool) -> list[str]:
    extra = ["Sở Nội vụ", "VP UBND tỉnh", "CT, các PCT UBND huyện", "Chủ tịch, các PCT. UBND TP (b/c)",
             "Văn phòng HĐND và UBND (p/h)", "Phòng Nội vụ", "Ban Thi đua - Khen thưởng",
             "Cổng thông tin điện tử", "Thường trực HĐND huyện"]  # fmt: skip
    items = (["Như trên"] if has_recipients else []) + rng.sample(extra, rng.randint(1, 4))
    return [*items, f"Lưu: VT, {rng.choice(UNIT_CODES)}"]


def printed_list(items: list[str]) -> list[str]:
    """"- A;", "- B;", …, "- Z." as letters print a list (a single recipient has no dash)."""
    if len(items) <= 1:
        return [f"{i}." for i in items]
    return [f"- {x};" if i < len(items) - 1 else f"- {x}." for i, x in enumerate(items)]
