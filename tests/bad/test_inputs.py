"""Each hostile file: the right error (code, exit code, a message that says what and how to
fix it), a one-line CLI message without a traceback, and the original left byte-identical.

Decisions for the cases that are not simply "bad": a blank page and an English letter are
*not letters* (code ``not-a-letter``, exit 6, quarantined by an ingest); an upside-down page
is read after the orientation fix; a letter in a legacy font encoding is restored.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import api
from pipeline.cli import main
from pipeline.errors import EXIT_CODES, CongvanError
from pipeline.ingest import sha256_of as sha
from pipeline.samples.generate import generate
from pipeline.settings import Settings
from tests.bad import hostile
from tests.bad.conftest import CASES


def _run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    return int(done.value.code or 0), capsys.readouterr().err


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file_gets_a_clear_error(case: str, tmp_path: Path) -> None:
    make, code, exit_code, words = CASES[case]
    path = make(tmp_path)
    before = sha(path)
    with pytest.raises(CongvanError) as raised:
        api.extract(path, Settings())
    err = raised.value
    assert (err.code, err.exit_code) == (code, exit_code)
    assert words in err.message and path.name in err.message
    assert err.hint and "\n" not in err.one_line
    assert sha(path) == before  # the original is only ever read


@pytest.mark.parametrize("case", list(CASES))
def test_cli_says_it_in_one_line_with_the_documented_exit_code(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, _, exit_code, words = CASES[case]
    code, err = _run_cli(capsys, "extract", str(make(tmp_path)))
    assert code == exit_code and code in EXIT_CODES
    assert err.count("\n") == 1 and err.startswith("congvan: error: ") and words in err
    assert "Traceback" not in err


def test_an_unexpected_bug_is_one_line_and_exit_1_with_the_traceback_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_: object, **__: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(api, "extract", boom)
    path = hostile.english_letter(tmp_path)
    code, err = _run_cli(capsys, "extract", str(path))
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    kept = Path(err.rsplit(" ", 1)[-1].strip())
    assert "ZeroDivisionError: a bug" in kept.read_text()
    kept.unlink()


def test_limits_are_settings(tmp_path: Path) -> None:
    """A long document passes under a raised limit; memory per worker can be the tighter one."""
    from pipeline.limits import pixel_budget

    pdf = hostile.many_pages_pdf(tmp_path, pages=30)
    with pytest.raises(CongvanError, match="30 pages, over the limit of 20"):
        api.load(api.identify(pdf, Settings()), Settings(max_pages=20))
    assert pixel_budget(Settings(worker_memory_mb=1024)) < Settings().max_pixels
    with pytest.raises(CongvanError) as raised:
        api.extract(hostile.huge_tiff(tmp_path, side=5000), Settings(worker_memory_mb=512))
    assert "25 megapixels" in raised.value.message
    assert "CONGVAN_WORKER_MEMORY_MB (now 512)" in raised.value.message


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "viscii"])
def test_legacy_encoded_letter_is_restored(encoding: str, tmp_path: Path) -> None:
    path = hostile.legacy_letter(tmp_path, encoding, seed=70_003)
    record = api.extract(path, Settings())
    truth = generate(70_003).truth
    assert record.restoration.method == "legacy-encoding"
    assert (record.number, record.symbol, record.issued_date) == (
        truth["number"], truth["symbol"], truth["issued_date"])
    assert record.subject == truth["subject"]


@pytest.mark.tesseract
@pytest.mark.slow
def test_blank_page_is_not_a_letter(tmp_path: Path) -> None:
    with pytest.raises(CongvanError) as raised:
        api.extract(hostile.blank_page(tmp_path), Settings())
    assert raised.value.code == "not-a-letter" and raised.value.exit_code == 6
    assert "no text found" in raised.value.message


@pytest.mark.tesseract
@pytest.mark.slow
def test_upside_down_page_is_read_after_the_orientation_fix(tmp_path: Path) -> None:
    record = api.extract(hostile.upside_down_scan(tmp_path, seed=70_002), Settings())
    truth = generate(70_002).truth
    assert (record.number, record.symbol, record.issued_date) == (
        truth["number"], truth["symbol"], truth["issued_date"])


@pytest.mark.tesseract
def test_ocr_out_of_time_on_every_page_is_a_limit(tmp_path: Path) -> None:
    with pytest.raises(CongvanError) as raised:
        api.extract(hostile.upside_down_scan(tmp_path), Settings(ocr_timeout=0.2))
    assert (raised.value.code, raised.value.exit_code) == ("limit", 5)
    assert "OCR ran out of time on every page" in raised.value.message
    assert "CONGVAN_OCR_TIMEOUT" in raised.value.message


def test_a_text_letter_longer_than_max_pages_is_a_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(hostile.text_letter() * 40, encoding="utf-8")
    with pytest.raises(CongvanError) as raised:
        api.extract(path, Settings(max_pages=2))
    assert raised.value.code == "limit" and "more than 2 pages" in raised.value.message
