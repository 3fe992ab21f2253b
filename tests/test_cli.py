"""The ``congvan`` command line as a user runs it: a subprocess, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = ROOT / "samples" / "seeds" / "000_435dd0a191de13f3.txt"


def congvan(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True, text=True, cwd=cwd, timeout=timeout,
        env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL,
    )


def test_extract_json_prints_the_record() -> None:
    done = congvan("extract", str(SEED_000), "--json")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["schema"] == "congvan.record/1"
    assert record["number"] == "1940" and record["symbol"] == "UBND-THNC"
    assert record["issuer"]["name"] == "Ủy ban nhân dân thành phố Biên Hòa"


def test_extract_table_names_the_fields() -> None:
    done = congvan("extract", str(SEED_000))
    assert done.returncode == 0, done.stderr
    assert "UBND-THNC" in done.stdout and "issued_date" in done.stdout


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [(b"", 3, "empty"), (b"\x00\x01\x02\x03 binary", 3, "unrecognised")],
)
def test_bad_input_is_one_line_and_an_exit_code(tmp_path: Path, content: bytes, code: int,
                                                words: str) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    done = congvan("extract", str(bad))
    assert done.returncode == code
    assert "Traceback" not in done.stderr
    assert words in done.stderr and done.stderr.count("\n") == 1


def test_the_command_leaves_quickly_with_its_exit_code_and_all_its_output(tmp_path: Path) -> None:
    """The command ends by ``os._exit`` after the exit handlers (``pipeline.cli.quick_exit``):
    the exit code, the last line of a long output and a file an exit handler writes survive."""
    letters = [tmp_path / f"l{i}.txt" for i in range(6)]
    for letter in letters:
        letter.write_text(SEED_000.read_text(encoding="utf-8"), encoding="utf-8")
    done = congvan("extract", *map(str, letters), "--json")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 6  # the whole output, through a pipe
    marker = tmp_path / "handler-ran"
    script = (f"import atexit, pathlib, sys; from pipeline.cli import console; "
              f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'yes'); "
              f"sys.argv = ['congvan', 'extract', {str(tmp_path / 'missing.pdf')!r}]; console()")
    failed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                            check=False)
    assert failed.returncode == 3 and "no such file" in failed.stderr
    assert marker.read_text() == "yes"  # an exit handler registered later still ran


def test_main_called_in_process_exits_as_usual() -> None:
    """Only the console entry point arms the quick exit: a caller of ``main`` keeps its process."""
    from pipeline.cli import main, quick_exit

    with pytest.raises(SystemExit) as done:
        main(["extract", str(SEED_000), "--json"])
    assert done.value.code in (0, None)
    assert quick_exit._code is None


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    done = congvan("extract", str(bad), str(SEED_000), "--json")
    assert done.returncode == 3
    records = json.loads(done.stdout)
    assert [r["number"] for r in records] == ["1940"]


@pytest.mark.slow
@pytest.mark.tesseract
@pytest.mark.prefect
def test_demo_twice_prints_the_same_deadlines_and_stores_once(tmp_path: Path) -> None:
    import sqlalchemy as sa

    mailbox = tmp_path / "samples"
    mailbox.mkdir()
    for name in ("001_e79f74d7f293f7b6.clean.pdf", "004_515b19381db6f52e.clean.pdf"):
        (mailbox / name).write_bytes((ROOT / "samples" / name).read_bytes())
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    env = {"CONGVAN_DATABASE_URL": url, "COLUMNS": "200"}
    runs = [congvan("demo", "--folder", str(mailbox), "--workers", "1", env=env, cwd=tmp_path)
            for _ in range(2)]
    for done in runs:
        assert done.returncode == 0, done.stderr[-3000:]

    def deadlines(out: str) -> str:
        return out[out.index("Deadlines"):]

    assert "2024-06-25" in runs[0].stdout or "25/06/2024" in runs[0].stdout
    assert deadlines(runs[0].stdout) == deadlines(runs[1].stdout)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        shas = conn.execute(sa.text("select sha256 from documents")).scalars().all()
    assert len(shas) == len(set(shas)) == 2
