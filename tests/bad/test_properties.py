"""Property-based tests (hypothesis): the parsers and the restorer never raise on any string,
return only well-formed values, and the restorer leaves correct Vietnamese unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.document import Document
from pipeline.extract import dates, extract_fields, field_results

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: text that looks like a letter's dates, counts and quotas, with numbers anywhere in range
_NUM = st.integers(min_value=0, max_value=99_999).map(str) | st.sampled_from(
    ["", "0", "00", "31", "29", "13", "9999", "10000", "hai", "mười lăm", "ba mươi", "một"])
_TEMPLATES = [
    "ngày {} tháng {} năm {}", "{}/{}/{}", "trước ngày {}/{}/{}", "Hà Nội, ngày {} tháng {} năm {}",
    "trong thời hạn {} ngày kể từ ngày ký{}{}", "chậm nhất ngày {}-{}-{}", "Số: {}/{}-UBND{}",
    "mỗi xã cử {} người, mỗi huyện {} đại biểu, {} quý", "trước {} giờ ngày {}/{}",
    "hằng năm vào ngày {}/{}{}", "trong {} ngày làm việc{}{}", "({}) bộ hồ sơ, {} bản, {} cán bộ",
]
letterish = st.lists(
    st.tuples(st.sampled_from(_TEMPLATES), _NUM, _NUM, _NUM).map(lambda t: t[0].format(*t[1:])),
    min_size=1, max_size=8,
).map("\n".join)
any_text = st.text(max_size=400) | letterish | st.tuples(letterish, st.text(max_size=80)).map("".join)


def _valid_iso(value: object) -> bool:
    """None or a real calendar date in ISO form."""
    return value is None or (isinstance(value, str) and dt.date.fromisoformat(value) is not None)


def _iso_form(value: str) -> bool:
    """A date as a hit may hold it: full, year-month, year, or "--MM-DD" (year not printed)."""
    if len(value) == 10 and value[4] == "-":
        return _valid_iso(value)
    return re.fullmatch(r"\d{4}(-\d{2})?|--\d{2}-\d{2}", value) is not None


@SETTINGS
@given(any_text)
def test_find_dates_never_raises_and_gives_real_dates(text: str) -> None:
    for hit in dates.find_dates(text):
        assert _iso_form(hit.iso)
        assert 0 <= hit.start <= hit.end <= len(text)
        resolved = dates.resolve(hit, "2024-05-01")
        assert resolved is None or _iso_form(resolved)


@SETTINGS
@given(st.integers(1, 31) | st.none(), st.integers(1, 12) | st.none(), st.integers(1, 9999) | st.none())
def test_iso_of_a_valid_date_is_a_date(day: int | None, month: int | None, year: int | None) -> None:
    value = dates.iso(day, month, year)
    if dates._valid(day, month, year) and None not in (day, month, year):
        assert _valid_iso(value)


@SETTINGS
@given(st.text(max_size=12) | st.dates().map(dt.date.isoformat) | st.none(),
       st.integers(min_value=-10**7, max_value=10**7))
def test_date_arithmetic_never_raises(reference: str | None, days: int) -> None:
    assert _valid_iso(dates.add_days(reference, days))
    assert _valid_iso(dates.next_yearly(abs(days) % 40, abs(days) % 15, reference))
    iso = dates.add_days("2024-02-29", days % 3000)
    assert _valid_iso(dates.repair_year(iso, reference if reference and reference[:4].isdigit() else None))


@SETTINGS
@given(st.text(max_size=20))
def test_parse_count_never_raises(token: str) -> None:
    value = dates.parse_count(token)
    assert value is None or (isinstance(value, int) and value >= 0)


@lru_cache(maxsize=1)
def _record_fields() -> frozenset[str]:
    from pipeline.record import EXTRACTED_FIELDS

    return frozenset(EXTRACTED_FIELDS)


@SETTINGS
@given(any_text)
def test_number_deadline_and_quota_extractors_never_raise(text: str) -> None:
    ctx = extract_fields(Document.from_text(text))
    found = field_results(ctx)
    assert set(found) == _record_fields()
    number = found["number"].value
    assert number is None or isinstance(number, str)
    for deadline in found["deadlines"].value or []:
        assert _valid_iso(deadline.get("date"))
    for quota in found["quotas"].value or []:
        assert quota.get("count") is None or isinstance(quota["count"], int)


@pytest.fixture(scope="module")
def restorer():  # type: ignore[no-untyped-def]
    from pipeline.restore.restore import restore_text

    restore_text("khởi động")  # load the model once
    return restore_text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300) | letterish)
def test_restorer_never_raises(restorer, text: str) -> None:  # type: ignore[no-untyped-def]
    result = restorer(text)
    assert isinstance(result.text, str)
    assert result.text.count("\n") == text.count("\n") or not text.strip()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=10**6))
def test_restorer_leaves_correct_vietnamese_unchanged(restorer, seed: int) -> None:  # type: ignore[no-untyped-def]
    from pipeline.samples.generate import generate

    text = generate(seed).letter.reading_text()
    assert restorer(text).text == text


@pytest.mark.parametrize("seed", [1062, 1237, 1000, 1001, 1002, 1003, 70_000, 70_001, 500_000])
def test_restorer_leaves_these_correct_letters_unchanged(restorer, seed: int) -> None:  # type: ignore[no-untyped-def]
    from pipeline.samples.generate import generate

    text = generate(seed).letter.reading_text()
    assert restorer(text).text == text
    assert restorer(restorer(text).text).text == text
