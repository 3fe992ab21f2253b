"""Stage tasks: retried for transient faults only (Prefect's retry_condition_fn)."""

from __future__ import annotations

import pytest
from prefect import flow, task

from flows.ingest import STAGE, _transient_only
from pipeline.errors import InputFileError, OCREngineError

pytestmark = pytest.mark.prefect


class _State:
    def __init__(self, exc: BaseException | None) -> None:
        self.exc = exc

    def result(self) -> None:
        if self.exc:
            raise self.exc


@pytest.mark.parametrize(("exc", "retry"), [
    (OCREngineError("tesseract crashed"), True),
    (OSError("disk hiccup"), True),
    (InputFileError("empty"), False),
    (ValueError("a bug"), False),
    (None, False),
])
def test_retry_condition(exc: BaseException | None, retry: bool) -> None:
    assert _transient_only(None, None, _State(exc)) is retry


def test_transient_fault_is_retried_bad_input_is_not() -> None:
    calls = {"flaky": 0, "bad": 0}
    options = {**STAGE, "retry_delay_seconds": 0}

    @task(**options)
    def flaky() -> str:
        calls["flaky"] += 1
        if calls["flaky"] < 3:
            raise OSError("NFS went away")
        return "ok"

    @task(**options)
    def bad() -> None:
        calls["bad"] += 1
        raise InputFileError("scan.pdf: the file is empty")

    @flow
    def stages() -> tuple[str, bool]:
        state = bad(return_state=True)
        return flaky(), state.is_failed()

    assert stages() == ("ok", True)
    assert calls == {"flaky": 3, "bad": 1}
