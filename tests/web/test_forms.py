"""Correction forms: inputs shaped like the field, parsed back and validated."""

from __future__ import annotations

import pytest

from pipeline.web import forms


def test_scalar_round_trip() -> None:
    (inp,) = forms.inputs("number", "215")
    assert (inp.name, inp.value, inp.kind) == ("v", "215", "text")
    assert forms.parse("number", {"v": " 216 "}) == "216"
    assert forms.parse("number", {"v": ""}) is None


def test_object_with_int() -> None:
    names = [i.name for i in forms.inputs("campaign", {"topic": "x", "year": 2024})]
    assert names == ["v.topic", "v.year"]
    assert forms.parse("campaign", {"v.topic": "thi đua", "v.year": "2025"}) == {
        "topic": "thi đua", "year": 2025}
    with pytest.raises(forms.FormError, match="whole number"):
        forms.parse("campaign", {"v.topic": "x", "v.year": "năm nay"})


def test_lines() -> None:
    (inp,) = forms.inputs("recipients", ["A", "B"])
    assert inp.value == "A\nB" and inp.kind == "lines"
    assert forms.parse("recipients", {"v": "A\n\n  C \n"}) == ["A", "C"]


def test_list_of_objects_edit_remove_add() -> None:
    value = [{"date": "2024-06-25", "action": "gửi"}, {"date": "2024-09-25", "recurring": "yearly"}]
    inputs = forms.inputs("deadlines", value)
    assert [i.label for i in inputs if i.kind == "heading"] == [
        "deadlines item 1", "deadlines item 2", "new deadlines item (leave blank for none)"]
    assert "v.2._remove" not in {i.name for i in inputs}  # the blank row has nothing to remove
    form = {"v.0.date": "2024-07-15", "v.0.action": "gửi", "v.1.date": "2024-09-25",
            "v.1._remove": "1", "v.2.date": "2024-12-31", "v.2.action": "tổng kết"}
    got = forms.parse("deadlines", form)
    assert [(d["date"], d["action"]) for d in got] == [("2024-07-15", "gửi"), ("2024-12-31", "tổng kết")]
    assert forms.parse("deadlines", {"v.0.date": "", "v.0.action": ""}) == []


@pytest.mark.parametrize("bad", ["25/6/2024", "2024-02-30", "2024-13", "tomorrow"])
def test_dates_must_be_iso_calendar_dates(bad: str) -> None:
    with pytest.raises(forms.FormError):
        forms.parse("deadlines", {"v.0.date": bad, "v.0.action": "x"})
    with pytest.raises(forms.FormError):
        forms.parse("issued_date", {"v": bad})


def test_required_keys_and_unknown_fields() -> None:
    with pytest.raises(forms.FormError, match="date is required"):
        forms.parse("deadlines", {"v.0.action": "gửi"})
    with pytest.raises(forms.FormError, match="minimum is required"):
        forms.parse("quotas", {"v.0.item": "sáng kiến"})
    with pytest.raises(forms.FormError, match="unknown field"):
        forms.inputs("password", None)
