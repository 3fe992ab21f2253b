"""The library entry point: identification of inputs and the walking skeleton's header fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import api
from pipeline.errors import InputFileError, NotALetterError
from pipeline.ingest import read_text_file, sniff_kind
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED_TEXTS = ROOT / "samples" / "seeds"

# The four ungarbled seeds (issue 2): doc_type, issuer, number, symbol, issued_date.
HEADER_TRUTH = {
    "000_435dd0a191de13f3": ("Công văn", "Ủy ban nhân dân thành phố Biên Hòa", "1940", "UBND-THNC", "2024-01-30"),
    "001_e79f74d7f293f7b6": ("Kế hoạch", "Ủy ban nhân dân huyện Châu Thành", None, "KH-UBND", "2024-05"),
    "002_a8a4547ec791e729": ("Công văn", "Ủy ban nhân dân huyện Vĩnh Linh", None, "UBND-NV", "2024-10"),
    "004_515b19381db6f52e": ("Bài báo", "Sở Nội vụ Hà Nội", "1980", "SNV-CCHC", "2021-07-12"),
}


def _header(record) -> tuple:
    return (record.doc_type, record.issuer.name, record.number, record.symbol, record.issued_date)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "image"),
        (b"\xff\xd8\xff\xe0", "image"),
        (b"II*\x00", "image"),
        ("Kính gửi: UBND các xã".encode(), "text"),
    ],
)
def test_kind_comes_from_content(head: bytes, kind: str) -> None:
    assert sniff_kind(head, ".bin") == kind


def test_binary_junk_is_rejected() -> None:
    with pytest.raises(InputFileError):
        sniff_kind(b"\x00\x01\x02garbage", ".pdf")


def test_empty_and_missing_files_are_input_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(InputFileError, match="empty"):
        api.identify(empty, Settings())
    with pytest.raises(InputFileError, match="no such file"):
        api.identify(tmp_path / "absent.pdf", Settings())


def test_identify_hashes_and_never_modifies(tmp_path: Path) -> None:
    letter = tmp_path / "a.txt"
    letter.write_text("ỦY BAN NHÂN DÂN\nSố: 12/UBND-VP", encoding="utf-8")
    before = letter.read_bytes(), letter.stat().st_mtime_ns
    src = api.identify(letter, Settings())
    assert src.kind == "text" and len(src.sha256) == 64 and src.size == len(before[0])
    assert (letter.read_bytes(), letter.stat().st_mtime_ns) == before


def test_legacy_bytes_are_read_losslessly(tmp_path: Path) -> None:
    raw = bytes(range(0x20, 0x100))
    f = tmp_path / "tcvn3.txt"
    f.write_bytes(raw)
    text = read_text_file(f)
    assert len(text) == len(raw)  # one character per byte, none replaced
    assert "\ufffd" not in text


def test_whitespace_only_text_is_not_a_letter(tmp_path: Path) -> None:
    f = tmp_path / "blank.txt"
    f.write_text("   \n\n  ", encoding="utf-8")
    with pytest.raises((NotALetterError, InputFileError)):
        api.extract(f, Settings())


@pytest.mark.parametrize("stem", sorted(HEADER_TRUTH))
def test_header_fields_from_seed_text(stem: str) -> None:
    record = api.extract(SEED_TEXTS / f"{stem}.txt", Settings())
    assert record.source.kind == "text"
    assert _header(record) == HEADER_TRUTH[stem]


@pytest.mark.slow
@pytest.mark.tesseract
@pytest.mark.parametrize("stem", sorted(HEADER_TRUTH))
def test_header_fields_from_clean_scan(stem: str) -> None:
    record = api.extract(SAMPLES / f"{stem}.clean.pdf", Settings())
    assert record.source.kind == "scan"
    assert record.source.pages >= 1
    assert _header(record) == HEADER_TRUTH[stem]


def test_stages_imported_by_two_threads_at_once_in_a_fresh_process(tmp_path: Path) -> None:
    """Both worker threads reach restoration at the same moment in a new process: no thread is
    handed a half-imported module (seen once: ``cannot import name 'ScoreAlignment' from
    partially initialized module 'rapidfuzz.distance'``, and the letter was quarantined)."""
    import subprocess
    import sys

    from pipeline.samples.generate import generate

    for i in range(2):
        (tmp_path / f"{i}.txt").write_text(generate(4_200 + i).letter.reading_text(), encoding="utf-8")
    code = (
        "import sys, threading\n"
        "from pathlib import Path\n"
        "from pipeline import api\n"
        "from pipeline.settings import get_settings\n"
        "barrier, errors = threading.Barrier(2), []\n"
        "def run(path):\n"
        "    barrier.wait()\n"
        "    try:\n"
        "        api.extract(path, get_settings())\n"
        "    except Exception as exc:\n"
        "        errors.append(repr(exc))\n"
        "threads = [threading.Thread(target=run, args=(Path(p),)) for p in sys.argv[1:]]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "print(errors)\n"
    )
    files = [str(tmp_path / f"{i}.txt") for i in range(2)]
    done = subprocess.run([sys.executable, "-c", code, *files], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
