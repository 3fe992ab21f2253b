"""The ordered extractor registry: (name, function) pairs run by ``extract_fields``.

Order matters where a later family reads an earlier one's result (the issue date for
deadlines, the subject for the campaign, the letter's own number for references); the first
extractor to report a field wins, so the article reader runs after the header reader.
"""

from __future__ import annotations

from pipeline.extract.article import extract_article
from pipeline.extract.base import Extractor
from pipeline.extract.campaign import extract_campaign
from pipeline.extract.contacts import extract_contacts
from pipeline.extract.deadlines import extract_deadlines
from pipeline.extract.header import extract_header
from pipeline.extract.marks import extract_marks
from pipeline.extract.parties import extract_parties
from pipeline.extract.quotas import extract_quotas
from pipeline.extract.references import extract_references
from pipeline.extract.signature import extract_signature
from pipeline.extract.subject import extract_subject
from pipeline.extract.unnumbered import extract_unnumbered

REGISTRY: list[tuple[str, Extractor]] = [
    ("header", extract_header),
    ("unnumbered", extract_unnumbered),
    ("article", extract_article),
    ("marks", extract_marks),
    ("subject", extract_subject),
    ("parties", extract_parties),
    ("signature", extract_signature),
    ("references", extract_references),
    ("campaign", extract_campaign),
    ("contacts", extract_contacts),
    ("deadlines", extract_deadlines),
    ("quotas", extract_quotas),
]
