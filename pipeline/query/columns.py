"""The column contracts of the DataFrames the query layer returns.

Notebooks, exporters, the CLI and the SQL views all rely on these names and this order; the
tests check every frame against them, and ``docs/analysts.md`` documents each column.  Every
row-level frame starts with the document's id, number and symbol and carries the evidence
``text`` the row was extracted from, so an analyst can always go back to the letter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

#: Columns describing the letter a row comes from (shared prefix of row-level frames).
DOC_KEY: Final = ("document_id", "number", "symbol", "issuer", "doc_type", "issued_date", "subject")

DEADLINE_COLUMNS: Final[tuple[str, ...]] = (
    *DOC_KEY,
    "date",  # the deadline as extracted (first occurrence for a recurring one)
    "start",  # window start ("từ … đến …"), moved with the occurrence
    "recurring",  # "yearly" or None
    "occurrence",  # the dated occurrence this row stands for
    "action",
    "responsible",
    "text",  # evidence: the sentence the deadline came from
    "campaign_topic",
    "campaign_year",
    "confidence",
    "status",  # overdue | upcoming | later (relative to "today" and the horizon)
    "days_left",  # occurrence − today, negative when overdue
)

QUOTA_COLUMNS: Final[tuple[str, ...]] = (
    *DOC_KEY,
    "minimum",
    "item",
    "applies_to",
    "text",
    "campaign_topic",
    "campaign_year",
    "confidence",
)

CAMPAIGN_COLUMNS: Final[tuple[str, ...]] = (
    "campaign_topic",
    "campaign_year",
    "documents",  # how many letters belong to the campaign
    "document_ids",  # "3, 5, 9"
    "numbers",  # "1940/UBND-THNC; 934/UBND-VHXH"
    "issuers",  # "; "-joined, distinct, in order of issue
    "first_issued",
    "last_issued",
    "deadlines",  # number of deadline rows (before recurring expansion)
    "next_deadline",  # the earliest occurrence on or after today, if any
    "quotas",
    "quota_summary",  # "≥1 sáng kiến ← Các cơ quan, đơn vị; ≥2 … ← UBND quận, huyện"
)

DOCUMENT_COLUMNS: Final[tuple[str, ...]] = (
    *DOC_KEY,
    "place",
    "issuer_parent",
    "signer",
    "signer_title",
    "urgency",
    "secrecy",
    "campaign_topic",
    "campaign_year",
    "deadlines",
    "quotas",
    "source_path",
    "sha256",
)

SEARCH_COLUMNS: Final[tuple[str, ...]] = (*DOC_KEY, "score", "snippet")

#: Columns holding calendar dates (exporters write them as real dates).
DATE_COLUMNS: Final = frozenset(
    {"date", "start", "occurrence", "first_issued", "last_issued", "next_deadline"}
)

STATUSES: Final = ("overdue", "upcoming", "later")

#: Integer columns (nullable ``Int64`` in frames) and float columns; the rest are objects.
INT_COLUMNS: Final = frozenset(
    {"minimum", "campaign_year", "days_left", "documents", "deadlines", "quotas"}
)
FLOAT_COLUMNS: Final = frozenset({"confidence", "score"})


def reference(row: Mapping[str, Any]) -> str:
    """"1940/UBND-THNC", "…/KH-UBND" when the number was left blank, or the document id."""
    number, symbol = row.get("number"), row.get("symbol")
    if symbol:
        return f"{number or '…'}/{symbol}"
    return str(number) if number else f"#{row.get('document_id')}"
