"""Officialese that the law corpus seldom prints: a small phrase prior for decoded letters.

The LM learnt from Pháp điển, where "Ban Thi đua" never occurs and "chuyển viện" (a hospital
transfer) competes with "chuyên viên" (the civil-service rank every letter's contact line
gives).  When a run of accent-less or garbled words spells one of these phrases, the phrase's
forms get ``BONUS`` (log10) in each slot; the LM still decides, the prior only tips near-ties.
The list holds organisation names of distribution lists and ranks/terms of letters, not text
of any particular letter.
"""

from __future__ import annotations

from pipeline.restore.decode import Slot
from pipeline.restore.text import strip_accents

PHRASES = (
    "chuyên viên", "chuyên viên chính", "phấn đấu", "hạn chót", "đầu mối", "tham mưu",
    "ban thi đua", "khen thưởng", "ban tuyên giáo", "ban dân vận", "ban tổ chức",
    "ban chỉ đạo", "ban chỉ huy", "ban quản lý", "ban thường vụ", "ban chấp hành",
    "ban nội chính", "ban kinh tế", "ban pháp chế", "ban văn hóa", "ban dân tộc",
    "ban tiếp công dân", "ban đại diện", "ban công tác", "ban biên tập",
)
BONUS = 1.0

_BY_FIRST: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
for _p in PHRASES:
    _forms = tuple(_p.split())
    _bases = tuple(strip_accents(f) for f in _forms)
    _BY_FIRST.setdefault(_bases[0], []).append((_bases, _forms))
PHRASE_STARTS = frozenset(_BY_FIRST)


def phrase_slots(words: list[tuple[str, Slot | None]]) -> list[Slot | None]:
    """``words``: (text, slot) of consecutive words (None: a break, e.g. punctuation).  Returns
    the slots with the prior added where a phrase matches (slots are never changed in place:
    they are shared through the caches)."""
    out = [s for _, s in words]
    bases = [strip_accents(t.lower()) if s is not None else None for t, s in words]
    for i, base in enumerate(bases):
        for p_bases, p_forms in _BY_FIRST.get(base or "", ()):
            n = len(p_bases)
            if tuple(bases[i:i + n]) != p_bases:
                continue
            for j, form in enumerate(p_forms):
                slot = out[i + j]
                assert slot is not None
                if form in slot.forms:
                    k = slot.forms.index(form)
                    chan = slot.channel.copy()
                    chan[k] += BONUS
                    out[i + j] = Slot(slot.ids, chan, slot.forms)
    return out
