"""Labelled letters: many varied Decree 30 letters, each with its truth record.

    python -m pipeline.samples.generate OUT --n 200 --start 10000 [--mode text]

Issuers from ministry to ward (with and without a parent body), every document type,
blank numbers and partial dates, deadlines in all the forms letters use (with distractors that
are *not* deadlines: events, reporting periods, month-only periods), quotas (with maxima and
percentages as distractors), one-line and listed recipients, every signature form, urgency and
secrecy marks, contacts and, for scans, the receiver's "ĐẾN" stamp.  A letter is a pure
function of its seed, so calibration and test sets are disjoint seed ranges; the five seeds
are never used.  Truth is written from the generator's own vocabulary (``genvocab``), never
with the extractor's functions.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.samples import genparts as gp
from pipeline.samples.letter import Letter


@dataclass
class Labelled:
    name: str
    letter: Letter
    truth: dict[str, Any]

    def text_truth(self) -> dict[str, Any]:
        """Truth for the letter's text (no arrival stamp: only a scan carries one)."""
        t = dict(self.truth)
        t["arrival"] = {"number": None, "date": None}
        return t


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = [""]
    for word in text.split():
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return lines


def _issued(rng: random.Random) -> tuple[dt.date, str, str]:
    """(date, printed "ngày … tháng … năm …", ISO truth possibly partial)."""
    d = dt.date(rng.randint(2021, 2026), rng.randint(1, 12), rng.randint(1, 28))
    r = rng.random()
    dd = f"{d.day:02d}" if rng.random() < 0.7 else str(d.day)
    mm = f"{d.month:02d}" if d.month < 3 and rng.random() < 0.5 else str(d.month)
    if r < 0.12:
        return d.replace(day=28), f"ngày    tháng {mm} năm {d.year}", f"{d.year}-{d.month:02d}"
    if r < 0.15:
        return d.replace(month=12, day=28), f"ngày    tháng    năm {d.year}", f"{d.year}"
    return d, f"ngày {dd} tháng {mm} năm {d.year}", d.isoformat()


def generate(seed: int) -> Labelled:
    """The letter of ``seed`` and its truth record."""
    rng = random.Random(seed)
    iss = gp.pick_issuer(rng)
    title, abbr = rng.choice(gp.TYPES)
    day, printed_date, issued_iso = _issued(rng)
    topic = rng.choice(gp.TOPICS)
    year_in_subject = rng.random() < 0.6
    phrase = topic[0] + (f" năm {day.year}" if year_in_subject else "")
    number = None if rng.random() < 0.2 else str(rng.randint(1, 2999)).zfill(rng.choice([1, 1, 2]))
    unit = rng.choice(gp.UNIT_CODES)
    symbol = f"{abbr}-{iss.code}" if abbr else f"{iss.code}-{unit}"
    if abbr == "QĐ" and rng.random() < 0.3:
        symbol = f"{day.year}/{symbol}"
    body, parts = gp.body(rng, iss, topic, day, issued_iso)
    subject = phrase[:1].upper() + phrase[1:]
    subject_lines = _wrap(("V/v " if title is None else "") + (phrase if title is None else subject), 44)
    recipients = gp.recipients(rng, iss) if title is None or rng.random() < 0.25 else []
    distribution = gp.distribution(rng, iss, bool(recipients))
    auth, sign_title, signer = gp.signature(rng, iss)
    name = None if rng.random() < 0.1 else gp.person(rng)
    urgency = rng.choice([None] * 8 + [("KHẨN", "Khẩn"), ("HỎA TỐC", "Hỏa tốc"), ("THƯỢNG KHẨN", "Thượng khẩn")])
    secrecy = rng.choice([None] * 14 + [("MẬT", "Mật")])
    arrival = None
    if rng.random() < 0.3:
        a = day + dt.timedelta(days=rng.randint(1, 9))
        arrival = (str(rng.randint(10, 9999)), f"{a.day:02d}/{a.month:02d}/{a.year}")
    letter = Letter(
        issuer_lines=iss.lines, parent_lines=iss.parent_lines,
        number_line=f"Số: {number or '     '}/{symbol}",
        place_date=f"{iss.place}, {printed_date}",
        body=body, doc_title=title, subject_lines=subject_lines,
        recipients=gp.printed_list(recipients), distribution=gp.printed_list(distribution),
        authority_lines=auth, signer_title=sign_title, signer_name=name,
        urgency=urgency[0] if urgency else None, secrecy=secrecy[0] if secrecy else None,
        arrival=arrival,
    )  # fmt: skip
    truth = {
        "schema": "congvan.record/1",
        "doc_type": gp.TYPE_NAMES.get(abbr or "CV"),
        "issuer": {"name": iss.name, "parent": iss.parent},
        "number": number,
        "symbol": symbol,
        "place": iss.place,
        "issued_date": issued_iso,
        "subject": subject,
        "recipients": recipients,
        "distribution": distribution,
        "signer": {**signer, "name": name},
        "urgency": urgency[1] if urgency else None,
        "secrecy": secrecy[1] if secrecy else None,
        "arrival": {"number": arrival[0], "date": _iso(arrival[1])} if arrival else {"number": None, "date": None},
        "references": parts["references"],
        "campaign": {"topic": topic[1], "year": day.year} if topic[1] else {"topic": None, "year": None},
        "deadlines": parts["deadlines"],
        "quotas": parts["quotas"],
        "contacts": parts["contacts"],
    }
    return Labelled(f"gen_{seed:06d}", letter, truth)


def _iso(dmy: str) -> str:
    d, m, y = (int(x) for x in dmy.split("/"))
    return dt.date(y, m, d).isoformat()


def write_set(out: Path, n: int, start: int, *, mode: str = "text") -> list[Path]:
    """Write ``n`` letters (``<name>.txt`` reading text, ``<name>.json`` truth, letter JSON)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(start, start + n):
        lab = generate(seed)
        truth = lab.text_truth() if mode == "text" else lab.truth
        (out / f"{lab.name}.txt").write_text(lab.letter.reading_text(), encoding="utf-8")
        (out / f"{lab.name}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
        paths.append(out / f"{lab.name}.txt")
    return paths


if __name__ == "__main__":
    import typer

    def _main(out: Path, n: int = 200, start: int = 10_000, mode: str = "text") -> None:
        print(f"wrote {len(write_set(out, n, start, mode=mode))} letters to {out}")

    typer.run(_main)
