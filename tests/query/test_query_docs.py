"""docs/analysts.md and the code must not drift: columns, views, commands, and its SQL runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from pipeline.query import columns
from pipeline.query.views import VIEW_NAMES, create_views

DOC = (Path(__file__).resolve().parents[2] / "docs" / "analysts.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["DEADLINE_COLUMNS", "QUOTA_COLUMNS", "CAMPAIGN_COLUMNS",
                                  "DOCUMENT_COLUMNS", "SEARCH_COLUMNS"])
def test_every_column_is_documented(name: str) -> None:
    missing = [c for c in getattr(columns, name) if f"`{c}`" not in DOC]
    assert not missing, f"{name}: {missing} not in docs/analysts.md"


def test_every_view_and_command_is_documented() -> None:
    for view in VIEW_NAMES:
        assert f"`{view}`" in DOC
    for cmd in ("deadlines", "quotas", "campaigns", "documents", "search", "views"):
        assert f"congvan {cmd}" in DOC


def _doc_queries() -> list[str]:
    blocks = re.findall(r"```sql\n(.*?)```", DOC, re.S)
    statements = [s.strip() for block in blocks for s in block.split(";")]
    return [s for s in statements if re.sub(r"--[^\n]*\n", "", s + "\n").strip().upper()
            .startswith("SELECT")]


def test_doc_has_example_queries() -> None:
    assert len(_doc_queries()) >= 5


def test_documented_sql_runs(seeded: Engine) -> None:
    create_views(seeded)
    with seeded.connect() as conn:
        results = [conn.execute(text(q)).all() for q in _doc_queries()]
    assert all(isinstance(r, list) for r in results)
    quota_rows = results[2]
    assert len(quota_rows) == 5
    wards = results[3]
    assert {r.minimum for r in wards} == {2}  # the Hà Nội letter asks quận/huyện (with xã, phường) for 2
