"""Put right the letters Tesseract ``-l vie`` slips on a hard scan, before any field is read.

Noise, blur and JPEG make ``-l vie`` misread a letter or a vowel shape ("xây dựnig",
"Thunh", "quah", "sắng", "UBÑD", "mồ hình", "(nám)"), glue a speck to a syllable ("tối
¡thiếu") or print a dot or hyphen for a space ("gửi.đăng ký").  A records clerk reads
through all of these; the field extractors match stock phrases and cannot.  The repair works
on a copy of the :class:`~pipeline.document.Document`, word by word, so words keep their boxes:

1. specks and glued words go first (:mod:`pipeline.extract.specks`);
2. a token that is no Vietnamese syllable is compared with the syllables within one letter
   edit (two for longer tokens) and two mark edits of it, marks cheaper than letters, under
   the diacritic model's 4-gram LM (``models/diacritics``) in its context — punctuation and
   numbers are LM tokens, specks are not, so "tối ¡thiếu" keeps its context — and replaced
   only when one candidate wins clearly.  Capitals that are no syllable ("SGDĐT", "ỦBND")
   are abbreviations: only their marks may change; plain ASCII ones ("PCT") never do;
3. a real syllable changes to another form of its letters (a vowel shape or a tone: "mồ" →
   "mô", "nám" → "năm"), or, when it is a rare word, to one a letter away ("tong" →
   "trong"), only on a strong LM margin — OCR is right far more often than not — and a
   stronger one for capitalised words (names, headings).

All questions go to the LM in one batched call (and a small second one for neighbours that
both wanted a change).  The tone check (:mod:`pipeline.extract.tones`) runs after this.
Typed text is never repaired (see ``Context.of``); ``SPELLING`` / ``Settings.spelling``
(env ``CONGVAN_SPELLING=0``) switch the repair off for A/B runs.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pipeline.document import Block, Document, Line, Page, Word
from pipeline.extract.specks import clean_line
from pipeline.restore.text import strip_accents
from pipeline.restore.tokens import TOKEN

log = logging.getLogger(__name__)
SPELLING = True  # the A/B switch: False leaves scans as OCR printed them (tones still run)
# A non-syllable ("dựnig", "quah"): its candidates, their channel cost and how they must win
LETTER_COST = 1.5  # log10 penalty per letter edit (channel: OCR is usually close)
MARK_COST = 0.5  # log10 penalty per mark edit (a breve or hook is the smallest ink)
TOP = 20  # candidates kept: the cheapest edits of the commonest words
MARGIN = 1.0  # log10: the best candidate must beat every other reading (the word too) by this
RARE_MARGIN = 1.5  # log10: …and the word, when spelt like known ones, by this ("chót"?)
# A real syllable: another form of its letters (a tone or vowel shape), or of a letter away
SHAPE_MARGIN = 2.5  # log10: the new reading must beat the word read by this much
CAP_MARGIN = 3.5  # log10: the same for a word in capitals or capitalised (it may be a name)
RUNNER = 0.5  # log10: …and every other reading by this
SHAPE_FLOOR = 2.0  # log10: forms this much rarer than the word read are not asked
RARE_WORD = -4.5  # log10 unigram: a real word this rare may be a slip of a letter ("tong")
RARE_REST = 1.0  # log10: …and then its new reading must beat the other readings by this
_REACH = 3  # a change alters the LM score of the next three tokens (4-gram history)
MAX_LEN = 7  # longer letter runs are glued words ("BANNHÂNDÂN"), not one slipped syllable


def _nfd(word: str) -> str:
    return unicodedata.normalize("NFD", word)


@lru_cache(maxsize=1)
def _lexicon():  # noqa: ANN202 - (model, spellings by length, their syllables), or (None, …)
    try:
        from pipeline.restore.model import get_model

        model = get_model()
    except Exception as exc:  # noqa: BLE001 - a missing model only disables the repair
        log.warning("spelling repair disabled: %s", exc)
        return None, [], {}
    by_bare: dict[str, list[tuple[str, str]]] = {}
    for w in sorted(model.syllables):
        by_bare.setdefault(strip_accents(w), []).append((w, _nfd(w)))
    by_len: dict[int, list[str]] = {}  # a query compares only spellings of a length within reach
    for b in sorted(by_bare):
        by_len.setdefault(len(b), []).append(b)
    return model, by_len, by_bare


# ------------------------------------------------------------------ letters and vowel shapes
@lru_cache(maxsize=8192)
def _near(token: str, letters_only: bool = False) -> tuple[tuple[str, float], ...]:
    """Syllables within one letter edit (two for longer tokens) and two mark edits of
    ``token``, with their channel cost; ``letters_only``: the same letters, marks changed."""
    model, by_len, by_bare = _lexicon()
    bare, nfd = strip_accents(token), _nfd(token)
    most = 0 if letters_only else 1 if len(bare) <= 3 else 2
    near = [(bare, 0)]
    for n in range(len(bare) - most, len(bare) + most + 1) if most else ():
        near += [(b, int(d)) for b, d, _ in process.extract(
            bare, by_len.get(n, []), scorer=Levenshtein.distance, score_cutoff=most, limit=None) if b != bare]
    out = []
    for b, letters in near:
        for w, w_nfd in by_bare.get(b, ()):
            marks = Levenshtein.distance(nfd, w_nfd) - letters
            if w != token and marks <= 2:
                out.append((w, LETTER_COST * letters + MARK_COST * max(marks, 0)))
    uni, index = model.lm.unigram, model.index  # the likeliest few: cheap edits of common words
    return tuple(sorted(out, key=lambda wc: wc[1] - uni[index[wc[0]]])[: int(TOP)])


#: the onset, vowels and final of a Vietnamese syllable, accents stripped ("đ" kept)
_SHAPED = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
                     r"[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?$")  # fmt: skip
#: "(b/c)", "(p/h)": a short word in brackets is an abbreviation, not a syllable
_BRACKETED = re.compile(r"^\(\w{1,4}\)?\W*$|^\w{1,4}\)\W*$")


@lru_cache(maxsize=1)
def _shapes():  # noqa: ANN202 - syllable → the other forms of its letters (marks and shapes)
    model, _, _ = _lexicon()
    uni = model.lm.unigram
    out: dict[str, tuple[str, ...]] = {}
    for ids, forms in model.forms.values():
        for i, f in zip(ids.tolist(), forms, strict=True):
            floor = uni[i] - SHAPE_FLOOR  # OCR reading a common word for a much rarer one: moot
            other = tuple(g for j, g in zip(ids.tolist(), forms, strict=True)
                          if g != f and g in model.syllables and uni[j] >= floor)  # fmt: skip
            if other and f in model.syllables:
                out[f] = other
    return out


@dataclass
class _Question:
    """One token to check: where it is, its options (keep first) and what each costs.  The
    best option must beat keeping the word by ``over_keep`` and every other by ``over_rest``."""

    word: Word
    span: tuple[int, int]
    options: list[str]
    cost: list[float]
    over_keep: float
    over_rest: float
    run: int = 0  # the block, and the token's position in the block's LM tokens
    pos: int = 0
    ids: list[int] = field(default_factory=list)


@lru_cache(maxsize=1)
def _officialese() -> frozenset[str]:
    """Syllables of the letters' stock phrases the law corpus never printed ("Hạn chót")."""
    from pipeline.restore.phrases import PHRASES

    return frozenset(w for p in PHRASES for w in p.split())


def _ask(model, word: Word, m: re.Match[str]) -> _Question | None:  # noqa: ANN001
    tok = m.group(0)
    low = tok.lower()
    if len(low) < 2 or "@" in word.text:
        return None  # e-mail addresses are not for the LM to respell
    if low not in model.syllables:
        if len(low) > MAX_LEN or (tok.isupper() and tok.isascii()) or _BRACKETED.match(word.text):
            return None  # an unknown abbreviation ("PCT", "SVHTTDL", "(tvc)") is one
        if low in _officialese():
            return None
        # a known spelling with unknown marks may be a rare word: it must lose clearly too;
        # capitals that are no syllable ("SGDĐT", "ỦBND") are abbreviations: marks only
        rare = strip_accents(low) in model.forms
        near = _near(low, letters_only=tok.isupper() and not _SHAPED.match(strip_accents(low)))
        if not near:
            return None
        return _Question(word, m.span(), [low, *(w for w, _ in near)], [0.0, *(c for _, c in near)],
                         RARE_MARGIN if rare else -np.inf, MARGIN)  # fmt: skip
    options = {w: 0.0 for w in _shapes().get(low, ())}
    rare = tok.islower() and model.lm.unigram[model.index[low]] < RARE_WORD
    if rare:  # "tong" for "trong": a rare word may have lost a letter, not only a mark
        options.update((w, c) for w, c in _near(low) if w not in options)
    if not options:
        return None
    margin = SHAPE_MARGIN if tok.islower() else CAP_MARGIN  # capitals: names and headings too
    return _Question(word, m.span(), [low, *options], [0.0, *options.values()], margin,
                     RARE_REST if rare else RUNNER)  # fmt: skip


def _token_ids(model, words: list[Word]) -> list[tuple[Word, re.Match[str], int]]:  # noqa: ANN001
    """The LM tokens of ``words`` (syllables, numbers, punctuation; specks are none) and ids."""
    index, unk, num = model.index, model.unk, model.num
    return [(w, m, num if m.group(0)[0].isdigit() else index.get(m.group(0).lower(), unk))
            for w in words for m in TOKEN.finditer(w.text)]  # fmt: skip


def _recase(template: str, word: str) -> str:
    if template.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if template[:1].isupper() else word


def _accept(questions: list[_Question], answers: list[tuple[int, float]]) -> tuple[list[int], list[int]]:
    """Changes to make now, clearest first, and those to ask again: each answer assumed its
    neighbours unchanged, so of two changes within the LM's reach only the clearer one stays."""
    taken: dict[int, list[int]] = {}
    now, again = [], []
    for k in sorted((k for k, (o, _) in enumerate(answers) if o), key=lambda k: -answers[k][1]):
        q = questions[k]
        if any(abs(q.pos - p) <= _REACH for p in taken.get(q.run, [])):
            again.append(k)
        else:
            now.append(k)
            taken.setdefault(q.run, []).append(q.pos)
    return now, again


def _answers(model, runs: list[list[int]], questions: list[_Question]) -> list[tuple[int, float]]:  # noqa: ANN001
    """(option, gain) of every question: the option to write (0 keeps the word) and how
    clearly it won, from one LM call, decided with array operations (a page asks ~200)."""
    from pipeline.extract.tones import _score_all

    if not questions:
        return []
    jobs = [(q.run, q.pos, [(i,) for i in q.ids]) for q in questions]
    sizes = np.array([len(q.ids) for q in questions])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    score = _score_all(model, runs, jobs, flat=True) - np.concatenate([q.cost for q in questions])
    top = np.maximum.reduceat(score, starts)
    index = np.arange(len(score))
    best = np.minimum.reduceat(np.where(score == np.repeat(top, sizes), index, len(score)), starts)
    rest = score.copy()
    rest[best] = -np.inf
    runner = np.maximum.reduceat(rest, starts)
    over_keep = np.array([q.over_keep for q in questions])
    over_rest = np.array([q.over_rest for q in questions])
    gain = np.minimum(top - score[starts] - over_keep, top - runner - over_rest)
    return [(int(o), float(g)) if o and g > 0 else (0, 0.0) for o, g in zip(best - starts, gain, strict=True)]


def _repair_blocks(model, blocks: list[list[Word]]) -> None:  # noqa: ANN001
    """Ask every block's questions in one LM call (a second, small one for neighbours) and
    write the answers into the words."""
    runs: list[list[int]] = []
    questions: list[_Question] = []
    index, unk = model.index, model.unk
    for r, words in enumerate(blocks):
        tokens = _token_ids(model, words)
        for pos, (w, m, _) in enumerate(tokens):
            q = _ask(model, w, m) if m.group(0)[0].isalpha() else None
            if q is not None:
                q.run, q.pos, q.ids = r, pos, [index.get(o, unk) for o in q.options]
                questions.append(q)
        runs.append([i for _, _, i in tokens])
    answers = _answers(model, runs, questions)
    now, again = _accept(questions, answers)
    for k in now:
        runs[questions[k].run][questions[k].pos] = questions[k].ids[answers[k][0]]
    if again:  # asked again in the context of the changes made
        retry = [questions[k] for k in again]
        second = _answers(model, runs, retry)
        for j in _accept(retry, second)[0]:
            answers[again[j]] = second[j]
            now.append(again[j])
    edits: dict[int, list[tuple[tuple[int, int], str]]] = {}
    for k in now:
        q = questions[k]
        edits.setdefault(id(q.word), []).append((q.span, q.options[answers[k][0]]))
    for words in blocks:
        for w in words:
            for (a, b), new in sorted(edits.get(id(w), []), reverse=True):
                w.text = w.text[:a] + _recase(w.text[a:b], new) + w.text[b:]


def enabled() -> bool:
    """Whether scans are repaired: the module switch and ``Settings.spelling`` both on."""
    from pipeline.settings import get_settings

    return SPELLING and get_settings().spelling


def repair_document(doc: Document) -> Document:
    """A copy of ``doc`` (an OCR'd scan) with specks, glued words and slipped letters put right."""
    model, _, _ = _lexicon()
    if model is None:
        return doc
    pages: list[Page] = []
    blocks_words: list[list[Word]] = []
    for page in doc.pages:
        blocks: list[Block] = []
        for block in page.blocks:
            lines = [Line(clean_line(model.syllables, [Word(w.text, w.conf, w.bbox) for w in ln.words]), ln.bbox)
                     for ln in block.lines]  # fmt: skip
            blocks.append(Block(lines=lines, bbox=block.bbox, zone=block.zone))
            blocks_words.append([w for ln in lines for w in ln.words])
        pages.append(Page(number=page.number, blocks=blocks, width=page.width, height=page.height,
                          dpi=page.dpi, rotation=page.rotation, meta=dict(page.meta)))  # fmt: skip
    _repair_blocks(model, blocks_words)
    return Document(pages=pages)


def repair_text(text: str) -> str:
    """``text`` repaired as if it were one scanned page (for tests and measurement)."""
    return repair_document(_as_scan(Document.from_text(text))).text


def _as_scan(doc: Document) -> Document:
    for page in doc.pages:
        for line in page.lines():
            for w in line.words:
                w.bbox = (0, 0, 1, 1)
    return doc
