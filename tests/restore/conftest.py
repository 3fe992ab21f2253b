"""Shared fixtures: the committed diacritic model, loaded once per test session."""

from __future__ import annotations

import pytest

from pipeline.restore.model import Model, get_model


@pytest.fixture(scope="session")
def model() -> Model:
    return get_model()
