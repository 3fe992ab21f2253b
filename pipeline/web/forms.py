"""The correction form of one field: inputs shaped like the field, and back to a value.

Auditors should edit a deadline's date, not a JSON blob, so each record field gets inputs
that follow its type in :class:`pipeline.record.Record`: one text box for a scalar, one per
key for an object (issuer, signer, campaign…), one line per item for a list of strings, and
one row of inputs per item — with "remove" and one blank row to add — for a list of objects
(deadlines, quotas, references).  :func:`parse` rebuilds the value from the submitted form and
validates it with the record's own model, so a correction can never break the contract.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from pipeline.record import Record

_DATE_KEYS = {"date", "start", "issued_date"}
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class FormError(ValueError):
    """The submitted correction is not a valid value for the field (message for the auditor)."""


@dataclass(frozen=True)
class Input:
    name: str  # form field name: "v", "v.name", "v.0.date"
    label: str
    value: str
    kind: str  # text | lines | int | remove | heading
    item: int | None = None  # index of the list item this input belongs to


def _strip_optional(tp: Any) -> Any:
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else tp
    return tp


def _kind(tp: Any) -> str:
    tp = _strip_optional(tp)
    if tp is int:
        return "int"
    if get_origin(tp) is list:
        return "lines"
    return "text"


def _model_of(field: str) -> tuple[str, Any]:
    """("scalar" | "object" | "lines" | "objects", sub-model or None) for a record field."""
    info = Record.model_fields.get(field)
    if info is None:
        raise FormError(f"unknown field {field!r}")
    tp = _strip_optional(info.annotation)
    if get_origin(tp) is list:
        (item,) = get_args(tp)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "objects", item
        return "lines", None
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return "object", tp
    return "scalar", None


def _show(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "lines" and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def inputs(field: str, value: Any) -> list[Input]:
    """The inputs that edit ``value`` of ``field``, prefilled."""
    shape, model = _model_of(field)
    if shape == "scalar":
        return [Input("v", field, _show(value, "text"), "text")]
    if shape == "lines":
        return [Input("v", f"{field} (one per line)", _show(value, "lines"), "lines")]
    keys = {k: _kind(f.annotation) for k, f in model.model_fields.items()}
    if shape == "object":
        data = value if isinstance(value, dict) else {}
        return [Input(f"v.{k}", k, _show(data.get(k), kind), kind) for k, kind in keys.items()]
    items = [v for v in (value or []) if isinstance(v, dict)] + [{}]
    out: list[Input] = []
    for i, data in enumerate(items):
        head = f"{field} item {i + 1}" if data else f"new {field} item (leave blank for none)"
        out.append(Input(f"v.{i}", head, "", "heading", i))
        out += [Input(f"v.{i}.{k}", k, _show(data.get(k), kind), kind, i) for k, kind in keys.items()]
        if data:
            out.append(Input(f"v.{i}._remove", "remove", "", "remove", i))
    return out


def _convert(raw: str, kind: str, key: str) -> Any:
    text = raw.strip()
    if kind == "lines":
        return [line.strip() for line in raw.splitlines() if line.strip()]
    if not text:
        return None
    if kind == "int":
        try:
            return int(text)
        except ValueError as exc:
            raise FormError(f"{key}: {text!r} is not a whole number") from exc
    if key in _DATE_KEYS:
        _check_date(key, text)
    return text


def _check_date(key: str, text: str) -> None:
    if not _ISO.match(text):
        raise FormError(f"{key}: write dates as YYYY-MM-DD (or YYYY-MM, YYYY), not {text!r}")
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError as exc:
        raise FormError(f"{key}: {text} is not a calendar date") from exc


def parse(field: str, form: Mapping[str, str]) -> Any:
    """The field's new value from the submitted inputs, validated by the record model."""
    shape, model = _model_of(field)
    if shape in ("scalar", "lines"):
        kind = "lines" if shape == "lines" else "text"
        value: Any = _convert(form.get("v", ""), kind, field)
    else:
        keys = {k: _kind(f.annotation) for k, f in model.model_fields.items()}
        if shape == "object":
            value = {k: _convert(form.get(f"v.{k}", ""), kind, k) for k, kind in keys.items()}
        else:
            required = [k for k, f in model.model_fields.items() if f.is_required()]
            value = _parse_items(form, keys)
            for n, item in enumerate(value, start=1):
                missing = [k for k in required if item.get(k) is None]
                if missing:
                    raise FormError(f"{field} item {n}: {', '.join(missing)} is required")
    adapter: TypeAdapter[Any] = TypeAdapter(Record.model_fields[field].annotation)  # type: ignore[arg-type]
    try:
        checked = adapter.validate_python(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or field
        raise FormError(f"{where}: {first['msg']}") from exc
    return adapter.dump_python(checked, mode="json")


def _parse_items(form: Mapping[str, str], keys: dict[str, str]) -> list[dict[str, Any]]:
    indexes = sorted({int(m.group(1)) for k in form if (m := re.match(r"^v\.(\d+)\.", k))})
    items: list[dict[str, Any]] = []
    for i in indexes:
        if form.get(f"v.{i}._remove"):
            continue
        item = {k: _convert(form.get(f"v.{i}.{k}", ""), kind, k) for k, kind in keys.items()}
        if any(v not in (None, []) for v in item.values()):
            items.append(item)
    return items
