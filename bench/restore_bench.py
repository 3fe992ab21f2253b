"""Diacritic-restoration benchmark: syllable accuracy and speed.

Accuracy = share of truth syllables (letter runs) that the output has exactly right, after
aligning output syllables to truth syllables (difflib matching blocks).  Sets:
  (a) held-out corpus block (pipeline.restore.corpus), accents stripped;
  (b) seed 003 (English-model OCR) against its hand restoration;
  (c) ``tesseract -l eng`` OCR of rendered letters (pages from pipeline.restore.pairs' renderer);
  (a2) the letters of (c), truth text stripped of accents;
  (a3) 40 other generated letters (seeds 700200–700239), stripped of accents;
  (d) the letters of (c) in legacy encodings (TCVN3, VNI, VISCII, VPS) and as NFD Unicode;
  (e) pass-through speed on clean text;
  (g) our dev pages (bench/restore/dev_pages.jsonl): rendered corpus pages, ``-l eng`` OCR;
  (f) 30 fresh letters (seeds 740000–740029, bench/restore/letters_eng_fresh.jsonl) rendered
      and OCR'd like (c), never looked at while tuning: their ``-l eng`` OCR and their truth
      stripped of accents.
Speeds are per CPU second of this process (the machine is shared; wall time is also shown).
Run: ``python bench/restore_bench.py [--sets a,a2,a3,b,c,d,e,f,g] [--lines N]``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.restore import restore_text  # noqa: E402
from pipeline.restore.corpus import heldout_lines  # noqa: E402
from pipeline.restore.model import get_model  # noqa: E402
from pipeline.restore.text import normalise, strip_accents  # noqa: E402

SYL = re.compile(r"[^\W\d_]+")
SEEDS = ROOT.parent / "shared" / "seeds"


def accuracy(truth: str, hyp: str) -> tuple[int, int]:
    """(truth syllables matched exactly, truth syllables).  Alignment: difflib on the two
    syllable sequences, then a second pass that matches leftover truth runs to leftover output
    anywhere (runs of ≥ 2), because OCR reads a two-column letter header side by side."""
    t, h = SYL.findall(normalise(truth)), SYL.findall(normalise(hyp))
    sm = difflib.SequenceMatcher(None, t, h, autojunk=False)
    used_t, used_h = [False] * len(t), [False] * len(h)
    for b in sm.get_matching_blocks():
        for k in range(b.size):
            used_t[b.a + k] = used_h[b.b + k] = True
    right = sum(used_t)
    rest_h = [i for i, u in enumerate(used_h) if not u]
    i = 0
    while i < len(t):
        if used_t[i]:
            i += 1
            continue
        j = i
        while j < len(t) and not used_t[j]:
            j += 1
        sm2 = difflib.SequenceMatcher(None, t[i:j], [h[k] for k in rest_h], autojunk=False)
        taken = set()
        for b in sm2.get_matching_blocks():
            if b.size >= 2:
                right += b.size
                taken.update(rest_h[b.b + k] for k in range(b.size))
        rest_h = [k for k in rest_h if k not in taken]
        i = j
    return right, len(t)


def score_lines(truths: list[str], inputs: list[str], chunk: int = 1000) -> dict:
    right = total = 0
    t0, c0 = time.perf_counter(), time.process_time()
    outs = []
    for i in range(0, len(inputs), chunk):
        outs.append(restore_text("\n".join(inputs[i:i + chunk])).text)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    hyp = "\n".join(outs).split("\n")
    for t, h in zip(truths, hyp, strict=True):
        r, n = accuracy(t, h)
        right, total = right + r, total + n
    return {"accuracy": round(100 * right / total, 2), "syllables": total,
            "syl_per_s": round(total / secs), "syl_per_cpu_s": round(total / cpu),
            "seconds": round(secs, 2)}


def set_a(n: int) -> dict:
    lines = heldout_lines()[:n]
    return score_lines(lines, [strip_accents(x) for x in lines])


def set_b() -> dict:
    src = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    truth = next((SEEDS / "restored").glob("003_*.txt")).read_text(encoding="utf-8")
    t0 = time.perf_counter()
    out = restore_text(src)
    secs = time.perf_counter() - t0
    r, n = accuracy(truth, out.text)
    r0, _ = accuracy(truth, src)
    return {"accuracy": round(100 * r / n, 2), "as_given": round(100 * r0 / n, 2),
            "syllables": n, "seconds": round(secs, 2), "method": out.method}


def _letters(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


LETTERS = ROOT / "bench" / "restore" / "letters_eng.jsonl"


def set_c() -> dict:
    """``-l eng`` OCR of rendered letters (bench/restore/letters_eng.jsonl)."""
    right = total = given = 0
    t0 = time.process_time()
    for rec in _letters(LETTERS):
        out = restore_text(rec["ocr"])
        r, n = accuracy(rec["truth"], out.text)
        g, _ = accuracy(rec["truth"], rec["ocr"])
        right, total, given = right + r, total + n, given + g
    return {"accuracy": round(100 * right / total, 2), "as_given": round(100 * given / total, 2),
            "syllables": total, "cpu_s": round(time.process_time() - t0, 2),
            "letters": len(_letters(LETTERS))}


def set_letters_accentless() -> dict:
    """The same letters' truth text with every accent stripped."""
    right = total = 0
    t0 = time.process_time()
    for rec in _letters(LETTERS):
        out = restore_text(strip_accents(rec["truth"]))
        r, n = accuracy(rec["truth"], out.text)
        right, total = right + r, total + n
    return {"accuracy": round(100 * right / total, 2), "syllables": total,
            "syl_per_cpu_s": round(total / (time.process_time() - t0))}


def set_letters_accentless_more(n: int = 40) -> dict:
    """40 more generated letters (seeds 700200+, never looked at while developing), stripped."""
    from pipeline.samples.generate import generate

    right = total = 0
    t0 = time.process_time()
    for seed in range(700200, 700200 + n):
        truth = generate(seed).letter.reading_text()
        r, k = accuracy(truth, restore_text(strip_accents(truth)).text)
        right, total = right + r, total + k
    return {"accuracy": round(100 * right / total, 2), "syllables": total, "letters": n,
            "cpu_s": round(time.process_time() - t0, 2)}


def set_g() -> dict:
    """Our dev pages: 30 rendered corpus pages OCR'd with ``-l eng``, never trained on."""
    right = total = given = 0
    for x in (ROOT / "bench" / "restore" / "dev_pages.jsonl").read_text(encoding="utf-8").splitlines():
        page = json.loads(x)
        src, truth = "\n".join(page["ocr"]), "\n".join(page["truth"])
        r, n = accuracy(truth, restore_text(src).text)
        g, _ = accuracy(truth, src)
        right, total, given = right + r, total + n, given + g
    return {"accuracy": round(100 * right / total, 2), "as_given": round(100 * given / total, 2),
            "syllables": total}


FRESH = ROOT / "bench" / "restore" / "letters_eng_fresh.jsonl"


def set_f() -> dict:
    """The fresh letters: English-model OCR and accent-less, each against the truth."""
    right = total = given = bare = 0
    for rec in _letters(FRESH):
        r, n = accuracy(rec["truth"], restore_text(rec["ocr"]).text)
        g, _ = accuracy(rec["truth"], rec["ocr"])
        b, _ = accuracy(rec["truth"], restore_text(strip_accents(rec["truth"])).text)
        right, total, given, bare = right + r, total + n, given + g, bare + b
    return {"eng_ocr_accuracy": round(100 * right / total, 2),
            "as_given": round(100 * given / total, 2),
            "accentless_accuracy": round(100 * bare / total, 2), "syllables": total,
            "letters": len(_letters(FRESH))}


def set_d() -> dict:
    """The letters' truth text in each legacy encoding; also NFD (decomposed) Unicode."""
    from pipeline.restore import legacy

    report = {}
    texts = [rec["truth"] for rec in _letters(LETTERS)]
    encoders = {name: (lambda t, n=name: legacy.encode(t, n)) for name in legacy.ENCODINGS}
    encoders["nfd"] = lambda t: __import__("unicodedata").normalize("NFD", t)
    for name, enc in encoders.items():
        right = total = exact = 0
        for t in texts:
            out = restore_text(enc(t))
            r, n = accuracy(t, out.text)
            right, total = right + r, total + n
            exact += out.text == normalise(t)
        report[name] = {"accuracy": round(100 * right / total, 2), "identical_letters": exact,
                        "letters": len(texts)}
    return report


def set_e() -> dict:
    """Pass-through speed: clean Unicode text that needs no repair (held-out block without its
    few accent-less file-name lines, repeated to ~1 MB)."""
    from pipeline.restore.train import accentless

    text = "\n".join(x for x in heldout_lines()[:3000] if not accentless(x))
    text = (text + "\n") * max(1, 1_000_000 // len(text))
    restore_text(text[:10000])
    t0 = time.process_time()
    out = restore_text(text)
    secs = time.process_time() - t0
    return {"chars": len(text), "chars_per_cpu_s": round(len(text) / secs), "method": out.method,
            "changed_syllables": out.changed_syllables}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="a,b")
    ap.add_argument("--lines", type=int, default=2000)
    args = ap.parse_args()
    t0 = time.perf_counter()
    get_model()
    report = {"model_load_s": round(time.perf_counter() - t0, 2)}
    sets = {"a": lambda: set_a(args.lines), "b": set_b, "c": set_c,
            "a2": set_letters_accentless, "a3": set_letters_accentless_more, "d": set_d, "e": set_e,
            "g": set_g, "f": set_f}
    for key in args.sets.split(","):
        if key in sets:
            report[key] = sets[key]()
            print(key, json.dumps(report[key]), flush=True)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
