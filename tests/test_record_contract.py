"""RECORD.md (the output contract) and pipeline.record.Record must not drift apart."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.record import SCHEMA, Record, Source

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "docs" / "RECORD.md"
SHARED_CONTRACT = ROOT.parent / "shared" / "RECORD.md"


def _contract_example() -> dict:
    """The jsonc example in RECORD.md, with comments and ellipses made parseable."""
    text = CONTRACT.read_text(encoding="utf-8")
    block = re.search(r"```jsonc\n(.*?)```", text, re.S).group(1)
    block = re.sub(r"//[^\n]*", "", block)
    block = block.replace("[x0, y0, x1, y1]", "[0, 0, 1, 1]")
    # "a | b | c" documents the allowed values: take the first.
    block = re.sub(r'"([\w-]+)(?: \| [\w-]+)+"', r'"\1"', block)
    block = re.sub(r'"…": \{\}', '"x": {}', block)
    block = re.sub(r'"…": 0\.0', '"x": 0.0', block)
    return json.loads(block)


def test_docs_copy_matches_shared_contract() -> None:
    if not SHARED_CONTRACT.exists():
        pytest.skip("../shared is not beside this checkout")
    assert CONTRACT.read_text(encoding="utf-8") == SHARED_CONTRACT.read_text(encoding="utf-8")


def test_every_contract_field_is_in_the_model_and_back() -> None:
    example = _contract_example()
    empty = Record(source=Source(path="x.txt", sha256="0" * 64)).to_json_dict()
    assert set(example) == set(empty)
    for key, value in example.items():
        if isinstance(value, dict) and key not in ("confidence", "evidence"):
            assert set(value) <= set(empty[key]), key


def test_contract_example_validates() -> None:
    record = Record.from_json_dict(_contract_example())
    assert record.to_json_dict()["schema"] == SCHEMA


@pytest.mark.parametrize("truth", sorted((ROOT / "samples" / "truth").glob("*.json")))
def test_seed_truth_files_validate(truth: Path) -> None:
    data = json.loads(truth.read_text(encoding="utf-8"))
    data.setdefault("source", {"path": truth.name, "sha256": "0" * 64})
    Record.from_json_dict(data)
