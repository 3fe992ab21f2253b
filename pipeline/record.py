"""The dispatch record: the output contract of ../shared/RECORD.md (``congvan.record/1``).

Every stage ends here: ``pipeline.api.extract`` returns a :class:`Record`, the CLI prints it,
the database stores it and the benchmarks compare it with truth files.  Field names are
fixed by the contract; ``tests/test_record_contract.py`` keeps this module and RECORD.md in
step.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA = "congvan.record/1"

SourceKind = Literal["scan", "pdf-text", "text"]
RestorationMethod = Literal["none", "legacy-encoding", "ocr-garble", "accent-less"]


class _Part(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Source(_Part):
    path: str
    sha256: str
    pages: int = 1
    kind: SourceKind = "text"


class Issuer(_Part):
    name: str | None = None
    parent: str | None = None


class Signer(_Part):
    name: str | None = None
    title: str | None = None
    authority: str | None = None


class Arrival(_Part):
    number: str | None = None
    date: str | None = None


class Reference(_Part):
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    date: str | None = None
    issuer: str | None = None


class Campaign(_Part):
    topic: str | None = None
    year: int | None = None


class Deadline(_Part):
    date: str
    start: str | None = None
    recurring: str | None = None
    action: str | None = None
    responsible: str | None = None
    text: str | None = None


class Quota(_Part):
    minimum: int
    item: str | None = None
    applies_to: str | None = None
    text: str | None = None


class Contacts(_Part):
    emails: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)


class Restoration(_Part):
    method: RestorationMethod = "none"
    changed_syllables: int = 0


class Evidence(_Part):
    """Where a field came from: 1-based page, pixel box on that page, span in ``text``."""

    page: int | None = None
    bbox: list[int] | None = None
    span: list[int] | None = None


class Record(_Part):
    schema_: str = Field(default=SCHEMA, alias="schema")
    source: Source
    doc_type: str | None = None
    issuer: Issuer = Field(default_factory=Issuer)
    number: str | None = None
    symbol: str | None = None
    place: str | None = None
    issued_date: str | None = None
    subject: str | None = None
    recipients: list[str] = Field(default_factory=list)
    distribution: list[str] = Field(default_factory=list)
    signer: Signer = Field(default_factory=Signer)
    urgency: str | None = None
    secrecy: str | None = None
    arrival: Arrival = Field(default_factory=Arrival)
    references: list[Reference] = Field(default_factory=list)
    campaign: Campaign = Field(default_factory=Campaign)
    deadlines: list[Deadline] = Field(default_factory=list)
    quotas: list[Quota] = Field(default_factory=list)
    contacts: Contacts = Field(default_factory=Contacts)
    text: str = ""
    restoration: Restoration = Field(default_factory=Restoration)
    confidence: dict[str, float] = Field(default_factory=dict)
    evidence: dict[str, Evidence] = Field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        """The record as RECORD.md spells it (``schema`` key, every field present)."""
        return self.model_dump(by_alias=True, mode="json")

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> Record:
        return cls.model_validate(data)


#: Top-level fields an extractor fills; ``confidence``/``evidence`` are keyed by these.
EXTRACTED_FIELDS: tuple[str, ...] = (
    "doc_type",
    "issuer",
    "number",
    "symbol",
    "place",
    "issued_date",
    "subject",
    "recipients",
    "distribution",
    "signer",
    "urgency",
    "secrecy",
    "arrival",
    "references",
    "campaign",
    "deadlines",
    "quotas",
    "contacts",
)
