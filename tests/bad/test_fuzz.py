"""Fuzz run of ``extract`` over random and mutated letters (hypothesis drives the mutations).

Whatever the bytes, the whole text path — identify → decode → restore → screen → extract —
either returns a well-formed record or raises a :class:`CongvanError` (a clear, typed
refusal); never another exception.  Mutations: byte flips, deletions, insertions of control
characters, NUL bytes, legacy-encoding bytes, combining marks, right-to-left marks, very
long lines, truncation and line shuffles of generated letters.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import api
from pipeline.errors import CongvanError
from pipeline.record import Record
from pipeline.settings import Settings

_CHECKS = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=_CHECKS)
LONG_FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=_CHECKS)
_OPS = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 10**6), st.integers(0, 10**6)),
                min_size=1, max_size=12)
_RANDOM = st.binary(min_size=1, max_size=3000) | st.text(min_size=1, max_size=2000).map(
    lambda t: t.encode("utf-8", "surrogatepass"))
NASTY = ["\x00", "\u200f", "\u0301", "\u0323", "\ufeff", "\r", "\x0c", "\ud7ff", "©", "¸", "Ð",
         "\U0001f600", "/", "..", "Số:", "ngày", "tháng", "năm", "31/02/2024", "9999", "\t" * 50]


@lru_cache(maxsize=8)
def _letter(seed: int) -> bytes:
    from pipeline.samples.generate import generate

    return generate(seed).letter.reading_text().encode("utf-8")


def _mutate(data: bytes, ops: list[tuple[int, int, int]]) -> bytes:
    buf = bytearray(data)
    for kind, where, value in ops:
        at = where % (len(buf) + 1)
        if kind == 0 and buf:  # flip a byte
            buf[at % len(buf)] = value % 256
        elif kind == 1:  # delete a run
            del buf[at : at + value % 64]
        elif kind == 2:  # insert something nasty
            buf[at:at] = NASTY[value % len(NASTY)].encode("utf-8", "surrogatepass")
        elif kind == 3:  # truncate
            del buf[at:]
        elif kind == 4:  # shuffle lines
            lines = bytes(buf).split(b"\n")
            random.Random(value).shuffle(lines)
            buf = bytearray(b"\n".join(lines))
        elif kind == 5:  # a very long line
            buf[at:at] = b"x" * (value % 20_000)
    return bytes(buf)


def _extract(tmp_path: Path, data: bytes) -> Record | None:
    path = tmp_path / "fuzz.txt"
    path.write_bytes(data)
    try:
        record = api.extract(path, Settings())
    except CongvanError as exc:
        assert exc.code and exc.message and exc.exit_code in (3, 4, 5, 6)
        return None
    assert record.source.sha256 and isinstance(record.text, str)
    assert set(record.confidence) >= {"number", "deadlines", "quotas"}
    assert all(0.0 <= c <= 1.0 for c in record.confidence.values())
    return record


@FUZZ
@given(st.integers(70_000, 70_007), _OPS)
def test_extract_survives_mutated_letters(tmp_path: Path, seed: int, ops: list[tuple[int, int, int]]) -> None:
    _extract(tmp_path, _mutate(_letter(seed), ops))


@FUZZ
@given(_RANDOM)
def test_extract_survives_random_input(tmp_path: Path, data: bytes) -> None:
    _extract(tmp_path, data)


@pytest.mark.slow
@LONG_FUZZ
@given(st.integers(70_000, 70_007), _OPS, _RANDOM)
def test_long_fuzz_run(tmp_path: Path, seed: int, ops: list[tuple[int, int, int]], data: bytes) -> None:
    _extract(tmp_path, _mutate(_letter(seed), ops))
    _extract(tmp_path, data)
