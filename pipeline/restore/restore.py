"""Restore Vietnamese text: detect each line's damage, repair it, say how sure we are.

Lines that need the decoder (accent-less, OCR garble) are decoded together in one batch; runs
of consecutive lines of the same kind form one sequence, so a sentence broken over two printed
lines keeps its LM context.  Legacy-encoded lines are converted by table; clean lines are only
normalised (NFC, tone placement, dashes, quotes).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from pipeline.restore import detect
from pipeline.restore.cache import apply_cache
from pipeline.restore.decode import Slot, beam_search, confidences
from pipeline.restore.model import Model, get_model
from pipeline.restore.slots import Piece, accentless_slot, pieces
from pipeline.restore.text import apply_case, normalise, strip_accents

BEAM = 8
_TWO_DIGITS = re.compile(r"\d\d")
_SENTENCE_END = re.compile(r"[.:;!?]\W*$")
LOOKAHEAD = 2  # words of the next line decoded as right context


@dataclass
class Syllable:
    text: str  # as restored
    original: str  # as given
    confidence: float  # 0..1
    start: int  # offset in the restored line

    @property
    def changed(self) -> bool:
        return self.text != self.original


@dataclass
class LineResult:
    """One line: its restored text, the repair it got, and its syllables with confidence.

    Lines passed through as they are (``none``, ``legacy-encoding``) build their syllable list
    only when asked: the whole pipeline restores every letter, and most lines need nothing."""

    text: str
    method: str
    decoded: list[Syllable] | None = None  # set for decoded lines

    @property
    def syllables(self) -> list[Syllable]:
        if self.decoded is None:
            self.decoded = [Syllable(m.group(0), m.group(0), 1.0, m.start())
                            for m in detect.WORD.finditer(self.text)]
        return self.decoded

    def count(self) -> int:
        return len(self.decoded) if self.decoded is not None else len(detect.WORD.findall(self.text))


@dataclass
class RestoreResult:
    text: str
    method: str  # the dominant repair: none | legacy-encoding | ocr-garble | accent-less
    changed_syllables: int
    confidence: float  # mean over syllables, 0..1
    lines: list[LineResult] = field(default_factory=list)


def _methods(lines: list[str], model: Model) -> list[detect.LineCheck]:
    checks = [detect.check_line(line, model) for line in lines]
    long_methods = Counter(c.method for c, line in zip(checks, lines, strict=True)
                           if not detect.is_short(line) and c.method != detect.NONE)
    if long_methods[detect.GARBLE] >= max(3, 0.3 * sum(long_methods.values())):
        # an English-model OCR document: its unaccented lines are garble too ("Chui tich")
        checks = [detect.LineCheck(detect.GARBLE) if c.method == detect.ACCENTLESS or c.weak
                  else c for c in checks]
        long_methods[detect.GARBLE] += long_methods.pop(detect.ACCENTLESS, 0)
    _keep_unmarked_names(checks, lines, model)
    if long_methods:
        dominant = long_methods.most_common(1)[0][0]
        for i, (c, line) in enumerate(zip(checks, lines, strict=True)):
            if c.method == detect.NONE and detect.is_short(line) and dominant != detect.LEGACY \
                    and detect.VIET_WORD.search(line) is None:
                checks[i] = detect.LineCheck(dominant)
    return checks


def _keep_unmarked_names(checks: list[detect.LineCheck], lines: list[str], model: Model) -> None:
    """In a properly accented document, a short unmarked line of real syllables stays as typed.

    "Phan Minh Trung" is correct Vietnamese without a single mark; in a letter whose other
    lines carry their marks it is a name typed as it is written, not accent-less text, and
    restoring it gives "Phần Minh Trung".  Only lines of at most 4 words, every one a syllable
    of the model's vocabulary as it stands, and only when the document's long lines carry
    their marks (≥ 5 of them, accent-less long lines ≤ 10 %); longer unmarked lines are
    accent-less text and are restored.  The price: a short name typed without its marks
    ("Nguyen Van An") in such a letter is left as typed rather than guessed.
    """
    if not any(c.method == detect.ACCENTLESS for c in checks):
        return  # text that needs no repair pays nothing here
    long_lines = [(c, line) for c, line in zip(checks, lines, strict=True) if not detect.is_short(line)]
    accented = sum(1 for c, line in long_lines if c.method == detect.NONE and detect.VIET_WORD.search(line))
    unmarked = sum(1 for c, line in long_lines  # accent-less text, not a name's short line
                   if c.method == detect.ACCENTLESS and len(detect.WORD.findall(line)) > 4)
    if accented < 5 or unmarked > 0.1 * accented:
        return
    for i, (c, line) in enumerate(zip(checks, lines, strict=True)):
        words = detect.WORD.findall(line)
        if c.method == detect.ACCENTLESS and len(words) <= 4 \
                and all(w.lower() in model.syllables for w in words):
            checks[i] = detect.LineCheck(detect.NONE)


def _accentless_or_garbled(model: Model, token: str) -> Slot | None:
    slot = accentless_slot(model, token)
    if slot is None and not token.isalpha() and not _TWO_DIGITS.search(token):
        # "S6", "tu’": OCR garble inside the line (but "66docx", "2021TT" are codes)
        from pipeline.restore.channel import garble_slot

        return garble_slot(model, token)
    return slot


def _maker(method: str):
    from pipeline.restore.channel import garble_slot

    return garble_slot if method == detect.GARBLE else _accentless_or_garbled


def _decode(lines: list[str], checks: list[detect.LineCheck], model: Model) -> dict[int, LineResult]:
    """Decode every accent-less / garbled line, all lines in one batch (one sequence per line).

    A line's sequence starts with the last syllables of the line above (as fixed context, in
    their most frequent form), and, unless the line ends a sentence, goes on into the first
    words of the line below (decoded here only as context), so a sentence broken over two
    printed lines keeps its context on both sides ("đề | nghị", not "để | nghị").
    """
    todo = [i for i, c in enumerate(checks)
            if c.method in (detect.GARBLE, detect.ACCENTLESS) and lines[i].strip()]
    if not todo:
        return {}
    per_line = {i: pieces(lines[i], model, _maker(checks[i].method), checks[i].method == detect.GARBLE)
                for i in todo}
    seqs, offsets = [], []
    for i in todo:
        context = _context(per_line.get(i - 1)) if i - 1 in per_line else []
        ahead = []
        if i + 1 in per_line and not _SENTENCE_END.search(lines[i]) and _continues(lines[i + 1]):
            ahead = [p.slot for p in per_line[i + 1][:LOOKAHEAD]]
        seqs.append(context + [p.slot for p in per_line[i]] + ahead)
        offsets.append(len(context))
    keep = [k for k, s in enumerate(seqs) if s]
    if not keep:
        return {}
    choices = beam_search(model.lm, [seqs[k] for k in keep], model.bos, beam=BEAM)
    confs = confidences(model.lm, [seqs[k] for k in keep], choices, model.bos)
    apply_cache(model.lm, [seqs[k] for k in keep], choices, confs, model.bos, BEAM)
    results: dict[int, LineResult] = {}
    for k, choice, conf in zip(keep, choices, confs, strict=True):
        i, off = todo[k], offsets[k]
        end = off + len(per_line[i])
        results[i] = _assemble(lines[i], checks[i].method, per_line[i], choice[off:end],
                               conf[off:end])
    return results


_CONTINUATION = re.compile(r"\s*[^\W\d_](?!\))")


def _continues(line: str) -> bool:
    """Does ``line`` go on with the sentence above: does it start with a lower-case letter that
    is no list item ("d) …"), rather than a number, a dash, a capital?"""
    return _CONTINUATION.match(line) is not None and line.lstrip()[:1].islower()


def _context(prev: list[Piece] | None, n: int = 3) -> list[Slot]:
    if not prev:
        return []
    return [Slot(p.slot.ids[:1], p.slot.channel[:1] * 0, p.slot.forms[:1]) for p in prev[-n:]]


def _caps_runs(ps: list[Piece]) -> set[int]:
    """Pieces that are capitals words next to another capitals word ("PHUONG GIA VIEN",
    "UBND TINH"): a header read beside the other column, to stay in capitals."""
    words = [i for i, p in enumerate(ps) if any(ch.isalpha() for ch in p.text)]
    up = [len(ps[i].text) >= 2 and ps[i].text.isupper() for i in words]
    return {i for j, i in enumerate(words)
            if up[j] and (j > 0 and up[j - 1] or j + 1 < len(up) and up[j + 1])}


def _garble_case(line: str, p: Piece, form: str, in_run: bool) -> str:
    """English-model OCR's case slips: "I6p" (the l taken for a capital I) is "lớp"; "BO" alone
    in a sentence is "Bộ", not "BỘ" (but "PHUONG GIA VIEN" beside the other column stays)."""
    if p.text[:1] == "I" and form[:1] == "l" and not p.caps_line and not p.text[1:].isupper():
        return apply_case("l" + p.text[1:], form)
    if not p.caps_line and p.text.isupper() and not in_run and not line.isupper() \
            and strip_accents(form.replace("Đ", "D")) != form.replace("Đ", "D"):
        return form[:1] + form[1:].lower()
    return form


def _assemble(line: str, method: str, ps: list[Piece], choice, conf) -> LineResult:
    out, syl, pos, shift = [], [], 0, 0
    garble = method == detect.GARBLE
    runs = _caps_runs(ps) if garble else set()
    for i, (p, k, c) in enumerate(zip(ps, choice, conf, strict=True)):
        if not p.editable:
            continue
        form = p.slot.forms[int(k)]
        if p.exact or p.text.islower():
            pass
        elif form == p.text.lower():
            form = p.text  # only the case would change ("TTr", "KBang"): keep the author's
        elif not garble and len(form) == len(p.text):
            form = "".join(f.upper() if c.isupper() else f for c, f in zip(p.text, form, strict=True))
        else:
            form = apply_case(p.text, form, p.caps_line)
        if garble and not p.exact:
            form = _garble_case(line, p, form, i in runs)
        out.append(line[pos:p.start])
        start = p.start + shift
        out.append(form)
        shift += len(form) - (p.end - p.start)
        pos = p.end
        syl.append(Syllable(form, p.text, float(c), start))
    out.append(line[pos:])
    return LineResult("".join(out), method, syl)


_ITEM = re.compile(r"^(\s*)([A-Za-zĐđ])(\))")


def _list_letters(results: list[LineResult]) -> None:
    """Fix "d)"/"đ)" list items from the item before: the Vietnamese list runs a) b) c) d) đ) e),
    so after "c)" comes "d)" and after "d)" comes "đ)" — no n-gram can know that."""
    prev = ""
    for r in results:
        m = _ITEM.match(r.text)
        if not m:
            continue
        letter = m.group(2)
        if r.method in (detect.ACCENTLESS, detect.GARBLE) and letter.lower() in ("d", "đ"):
            want = {"c": "d", "d": "đ"}.get(prev)
            if want is not None and want != letter.lower():
                new = want.upper() if letter.isupper() else want
                r.text = r.text[: m.start(2)] + new + r.text[m.end(2):]
                for syl in r.syllables:
                    if syl.start == m.start(2):
                        syl.text = new
                letter = new
        prev = letter.lower()


def _plain(line: str, method: str) -> LineResult:
    return LineResult(line, method)


def restore_text(text: str, model: Model | None = None) -> RestoreResult:
    """Restore ``text``; see :class:`RestoreResult`."""
    if model is None:
        model = get_model()
    lines = unicodedata.normalize("NFC", text).split("\n")
    original = list(lines)
    converted = detect.legacy_lines(lines, model)  # before normalise: “ « – are legacy bytes
    lines = [normalise(converted.get(i, line)) for i, line in enumerate(lines)]
    checks = _methods(lines, model)
    for i, out in converted.items():
        checks[i] = detect.LineCheck(detect.LEGACY, out)
    decoded = _decode(lines, checks, model)
    results: list[LineResult] = []
    for i, (line, c) in enumerate(zip(lines, checks, strict=True)):
        if i in decoded:
            results.append(decoded[i])
        elif c.method == detect.LEGACY:
            results.append(_plain(line, c.method))
        else:
            results.append(_plain(line, detect.NONE if c.method != detect.LEGACY else c.method))
    _list_letters(results)
    return _summary(results, original)


def _summary(results: list[LineResult], lines: list[str]) -> RestoreResult:
    weights = Counter()
    changed, confs = 0, []
    plain = 0  # syllables of lines passed through: confidence 1, unchanged
    for r, orig in zip(results, lines, strict=True):
        n = r.count()
        weights[r.method] += n
        if r.method == detect.LEGACY:
            before = set(detect.WORD.findall(orig))
            changed += sum(1 for syl in r.syllables if syl.text not in before)
        if r.decoded is None or r.method == detect.LEGACY:
            plain += n
            continue
        changed += sum(s.changed for s in r.syllables)
        confs.extend(s.confidence for s in r.syllables)
    repairs = {m: w for m, w in weights.items() if m != detect.NONE and w}
    method = max(repairs, key=repairs.get) if repairs else detect.NONE
    return RestoreResult(
        text="\n".join(r.text for r in results),
        method=method,
        changed_syllables=changed,
        confidence=(sum(confs) + plain) / (len(confs) + plain) if confs or plain else 1.0,
        lines=results,
    )
