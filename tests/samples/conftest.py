"""Fixtures for the sample-letter tests: the seed folder (shared/seeds beside the repo)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
if not SEEDS.is_dir():  # the build's copy, when shared/ is not beside the checkout
    SEEDS = REPO / "samples" / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed letters not found at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO
