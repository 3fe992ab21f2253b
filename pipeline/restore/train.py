"""Train the syllable 4-gram language model (interpolated Kneser-Ney, count-pruned).

Run: ``python -m pipeline.restore.train --out models/diacritics`` (≈ 1–4 min, ≈ 2.5 GB peak).
Reads ../shared/corpus (every file, minus the held-out block of :mod:`pipeline.restore.corpus`),
counts 1- to 4-grams with numpy (n-grams packed as 16-bit word ids in one uint64), smooths with
interpolated Kneser-Ney (one discount per order, from count-of-counts) and stores the model in
backoff form: for every kept n-gram its log-probability and, as a history, its backoff weight.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections import Counter
from pathlib import Path

import numpy as np

from pipeline.restore.corpus import iter_lines, training_lines
from pipeline.restore.lm import ORDER, NGramLM, pack
from pipeline.restore.text import SYLLABLE, VIET_CHARS
from pipeline.restore.tokens import BOS, NUM, SPECIAL, UNK, lm_tokens

log = logging.getLogger(__name__)
MAX_VOCAB = 65_000


# The fixed phrases of a Decree 30/2020/NĐ-CP letter's header and footer (Appendix I), which
# the law corpus seldom prints: urgency and secrecy marks, signature and distribution lines.
GENRE_LINES = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "HỎA TỐC", "HỎA TỐC",
    "THƯỢNG KHẨN", "KHẨN", "MẬT", "TỐI MẬT", "TUYỆT MẬT", "Kính gửi:", "Nơi nhận:",
    "- Như trên;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
    "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "TL. BỘ TRƯỞNG", "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG",
    "TUQ. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "V/v triển khai thực hiện", "Số: /UBND-VP",
)
GENRE_COPIES = 20


def accentless(line: str) -> bool:
    """A corpus line typed without marks (attached file names: "Phu luc kem theo Thong tu")."""
    words = SYLLABLE.findall(line)
    marked = sum(1 for w in words if any(c in VIET_CHARS for c in w))
    return len(words) >= 3 and marked < 0.2 * len(words)


def read_corpus(limit: int | None) -> list[list[str]]:
    """LM tokens of every training line, minus accent-less lines: the LM must learn that
    "thong tu" is written "thông tư", not that the corpus sometimes forgot the marks."""
    lines = []
    for i, line in enumerate(training_lines()):
        if limit is not None and i >= limit:
            break
        if not accentless(line):
            lines.append(lm_tokens(line))
    lines.extend(lm_tokens(g) for g in GENRE_LINES for _ in range(GENRE_COPIES))
    return lines


def build_vocab(lines: list[list[str]], min_count: int) -> list[str]:
    counts = Counter(t for toks in lines for t in toks)
    words = [w for w, c in counts.most_common() if c >= min_count and w not in SPECIAL]
    return [*SPECIAL, *words[: MAX_VOCAB - len(SPECIAL)]]


def encode(lines: list[list[str]], vocab: list[str]) -> np.ndarray:
    index = {w: i for i, w in enumerate(vocab)}
    unk, bos = index[UNK], index[BOS]
    ids: list[int] = []
    for toks in lines:
        ids.append(bos)
        ids.extend(index.get(t, unk) for t in toks)
    return np.asarray(ids, dtype=np.uint64)


def ngram_counts(ids: np.ndarray, n: int, bos: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique packed n-grams that do not cross a line start, and their counts."""
    cols = [ids[i: len(ids) - n + 1 + i] for i in range(n)]
    ok = np.ones(len(cols[0]), dtype=bool)
    for c in cols[1:]:
        ok &= c != bos
    keys = pack([c[ok] for c in cols])
    return np.unique(keys, return_counts=True)


def discount(counts: np.ndarray) -> float:
    n1, n2 = np.sum(counts == 1), np.sum(counts == 2)
    return float(n1 / (n1 + 2 * n2)) if n1 + n2 else 0.5


def smooth(raw: dict[int, tuple[np.ndarray, np.ndarray]], vocab_size: int,
           min_counts: dict[int, int], bos: int | None = None) -> NGramLM:
    """Interpolated KN in backoff form, lowest order first, pruning by raw count.

    Lower orders count continuations (how many words precede the n-gram), except n-grams that
    start with ``<s>``: nothing precedes a line start, so they keep their raw counts (without
    that, P(w | <s>) has no mass of its own and the first words of a line are chosen by
    unigram frequency alone; short letter lines — "Nơi nhận:", "Số:", "Sở Nội vụ" — suffer)."""
    lm = NGramLM.empty(vocab_size)
    for n in range(1, ORDER + 1):
        keys, raw_counts = raw[n]
        if n < ORDER:  # continuation counts: distinct left extensions
            higher = raw[n + 1][0] & np.uint64((1 << (16 * n)) - 1)
            cont_keys, cont = np.unique(higher, return_counts=True)
            counts = np.zeros(len(keys), dtype=np.float64)
            pos = np.searchsorted(keys, cont_keys)
            counts[pos] = cont
            if bos is not None and n > 1:
                starts = (keys >> np.uint64(16 * (n - 1))) == np.uint64(bos)
                counts[starts] = raw_counts[starts]
        else:
            counts = raw_counts.astype(np.float64)
        d = discount(counts.astype(np.int64))
        hist = keys >> np.uint64(16)
        uh, inv, ntypes = np.unique(hist, return_inverse=True, return_counts=True)
        total = np.bincount(inv, weights=counts)
        gamma = d * ntypes / np.maximum(total, 1e-9)
        if n == 1:
            lower = np.full(len(keys), 1.0 / vocab_size)
        else:
            lower = np.power(10.0, lm.logprob_packed(keys & np.uint64((1 << (16 * (n - 1))) - 1), n - 1))
        prob = np.maximum(counts - d, 0) / np.maximum(total[inv], 1e-9) + gamma[inv] * lower
        keep = raw_counts >= min_counts.get(n, 1)
        keep &= prob > 0
        lm.add_order(n, keys[keep], np.log10(prob[keep]), uh, np.log10(np.maximum(gamma, 1e-12)))
        log.info("order %d: %d n-grams kept of %d (D=%.3f)", n, int(keep.sum()), len(keys), d)
    return lm


SURNAMES = ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn "
            "Vương Trịnh Trương Lâm Phùng Mai Tô Hà Tạ Đinh Lương Cao Lưu Chu Kiều Thái Quách "
            "Văn Thị Hữu Đức Công Ngọc Xuân")  # and the commonest middle names
SURNAME_COUNT = 1000  # as common as the commonest given-name syllables
UNIT_WORDS = {"phường", "quận", "xã", "huyện", "tỉnh", "thành", "phố", "thị", "trấn"}


def name_syllables() -> dict[str, dict[str, int]]:
    """Syllables of people's names (given names, common surnames and middle names) and of
    places' names (every commune, district and province of the gazetteer), with counts.  The
    decoder gives a capitalised syllable a small bonus for these forms ("Tâm" not "Tạm",
    "Phạm" not "Phẩm"), and a line that is only a person's name the people's list alone
    ("Vinh" the person, not "Vĩnh" of Vĩnh Long)."""
    people: Counter[str] = Counter()
    for line in iter_lines("names/given-names.txt.gz"):
        people.update(w.lower() for w in SYLLABLE.findall(line) if w[0].isupper())
    for w in SURNAMES.lower().split():  # the commonest surnames and middle names: most of all
        people[w] = max(people[w], SURNAME_COUNT)  # people's names start with one of them
    places: Counter[str] = Counter()
    for line in iter_lines("gazetteer/dvhc-2025-03.txt.gz"):
        places.update(w.lower() for w in SYLLABLE.findall(line)
                      if w[0].isupper() and w.lower() not in UNIT_WORDS)
    return {"people": dict(people), "places": dict(places)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=Path("models/diacritics"))
    ap.add_argument("--limit", type=int, default=None, help="read only this many lines (tests)")
    ap.add_argument("--min-vocab", type=int, default=1)
    ap.add_argument("--prune", default="1,1,1,1", help="min raw count per order 1..4")
    ap.add_argument("--names-only", action="store_true", help="rebuild names.json only")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.names_only:
        (args.out / "names.json").write_text(json.dumps(name_syllables(), ensure_ascii=False),
                                             encoding="utf-8")
        return
    t0 = time.time()
    lines = read_corpus(args.limit)
    vocab = build_vocab(lines, args.min_vocab)
    ids = encode(lines, vocab)
    del lines
    log.info("%d tokens, vocab %d (%.0fs)", len(ids), len(vocab), time.time() - t0)
    bos = vocab.index(BOS)
    raw = {n: ngram_counts(ids, n, bos) for n in range(1, ORDER + 1)}
    mins = {i + 1: int(v) for i, v in enumerate(args.prune.split(","))}
    lm = smooth(raw, len(vocab), mins, bos)
    lm.counts = np.zeros(len(vocab), dtype=np.int64)
    lm.counts[raw[1][0].astype(np.int64)] = raw[1][1]
    args.out.mkdir(parents=True, exist_ok=True)
    lm.save(args.out / "lm.npz")
    (args.out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (args.out / "names.json").write_text(json.dumps(name_syllables(), ensure_ascii=False), encoding="utf-8")
    meta = {"tokens": int(len(ids)), "vocab": len(vocab), "prune": args.prune, "order": ORDER,
            "seconds": round(time.time() - t0), "num": NUM}
    (args.out / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    log.info("done in %.0fs", time.time() - t0)


if __name__ == "__main__":
    main()
