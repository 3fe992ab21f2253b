"""The commands: deadlines (every format), quotas, campaigns, documents, search, views."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from pipeline.cli import main
from pipeline.cli.app import app
from pipeline.cli.query_cmd import parse_days
from pipeline.errors import ConfigError

runner = CliRunner()
TODAY = ["--today", "2025-09-20"]


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False, terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_deadlines_table(db_url: str) -> None:
    out = run("deadlines", "--upcoming", "30d", *TODAY, "--db", db_url)
    assert "934/UBND-VHXH" in out and "25/09/2025" in out and "còn 5 ngày" in out
    assert "1980/SNV-CCHC" not in out


def test_deadlines_filters(db_url: str) -> None:
    out = run("deadlines", "--overdue", "--issuer", "ha noi", "--format", "csv", *TODAY, "--db", db_url)
    frame = pd.read_csv(io.StringIO(out), dtype=str)
    assert set(frame["number"]) == {"1980"} and len(frame) == 2
    out = run("deadlines", "--between", "2024-01-01", "2024-12-31", "--responsible", "xa, thi tran",
              "--format", "json", *TODAY, "--db", db_url)
    assert {r["occurrence"] for r in json.loads(out)} == {"2024-10-22"}
    out = run("deadlines", "--campaign", "cai cach hanh chinh 2025", "--format", "json", *TODAY,
              "--db", db_url)
    assert len(json.loads(out)) == 2


def test_deadlines_ics_and_xlsx_files_match_csv(db_url: str, tmp_path: Path) -> None:
    csv = pd.read_csv(io.StringIO(run("deadlines", "--format", "csv", *TODAY, "--db", db_url)),
                      dtype=str, keep_default_na=False)
    ics, xlsx = tmp_path / "d.ics", tmp_path / "d.xlsx"
    run("deadlines", "--format", "ics", "-o", str(ics), *TODAY, "--db", db_url)
    run("deadlines", "--format", "xlsx", "-o", str(xlsx), *TODAY, "--db", db_url)
    events = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert len(events) == len(csv) == 8
    xl = pd.read_excel(xlsx, dtype=str, keep_default_na=False)
    for c in ("date", "start", "occurrence"):
        xl[c] = xl[c].str.slice(0, 10)
    pd.testing.assert_frame_equal(xl, csv)


def test_deadlines_ics_to_redirected_stdout(db_url: str) -> None:
    result = runner.invoke(app, ["deadlines", "--format", "ics", *TODAY, "--db", db_url])
    assert result.exit_code == 0
    assert len(list(Calendar.from_ical(result.stdout_bytes).walk("VEVENT"))) == 8


def test_deadlines_chart(db_url: str, tmp_path: Path) -> None:
    png = tmp_path / "t.png"
    run("deadlines", "--format", "csv", "--chart", str(png), *TODAY, "--db", db_url)
    assert png.read_bytes().startswith(b"\x89PNG")


def test_quotas(db_url: str) -> None:
    out = run("quotas", "--applies-to", "quan, huyen", "--format", "json", "--db", db_url)
    rows = json.loads(out)
    assert [(r["minimum"], r["number"], r["symbol"]) for r in rows] == [(2, "1980", "SNV-CCHC")]
    assert "tối thiểu 2" in rows[0]["text"]
    assert "Tối thiểu" in run("quotas", "--db", db_url)


def test_campaigns(db_url: str, tmp_path: Path) -> None:
    rows = json.loads(run("campaigns", "--format", "json", *TODAY, "--db", db_url))
    assert [(r["campaign_year"], r["documents"]) for r in rows] == [(2025, 1), (2024, 3), (2021, 1)]
    png = tmp_path / "c.png"
    out = run("campaigns", "--chart", str(png), *TODAY, "--db", db_url)
    assert "Phong trào" in out and png.exists()


def test_documents(db_url: str, tmp_path: Path) -> None:
    out = run("documents", "--type", "ke hoach", "--format", "csv", "--db", db_url)
    assert pd.read_csv(io.StringIO(out))["symbol"].tolist() == ["KH-UBND"]
    xlsx = tmp_path / "docs.xlsx"
    run("documents", "--format", "xlsx", "-o", str(xlsx), "--db", db_url)
    assert len(pd.read_excel(xlsx)) == 5


@pytest.mark.parametrize("words", ["cai cach hanh chinh", "CAI CACH", "sang kien"])
def test_search_accentless(db_url: str, words: str) -> None:
    rows = json.loads(run("search", words, "--format", "json", "--db", db_url))
    assert {r["number"] for r in rows} >= {"1940", "934", "1980"}
    assert all("«" in r["snippet"] for r in rows)


def test_search_table_and_phrase(db_url: str) -> None:
    out = run("search", "bien hoa", "--phrase", "--db", db_url)
    assert "1940/UBND-THNC" in out and "Biên Hòa" in out


def test_views_command(db_url: str) -> None:
    out = run("views", "--sql", "--db", db_url)
    assert "CREATE VIEW congvan_deadlines" in out and "CREATE VIEW congvan_quotas" in out


@pytest.mark.parametrize("args", [
    ["deadlines", "--upcoming", "soon"],
    ["deadlines", "--today", "20/09/2025"],
    ["deadlines", "--format", "pdf"],
    ["deadlines", "--overdue", "--upcoming", "30d"],
    ["quotas", "--format", "ics"],
    ["search", " "],
])
def test_bad_usage_exits_2(db_url: str, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*args, "--db", db_url])
    assert exc.value.code == 2
    assert "congvan: error:" in capsys.readouterr().err


@pytest.mark.parametrize(("text", "days"), [("30d", 30), ("30", 30), ("2w", 14), ("3m", 90), ("1Y", 365)])
def test_parse_days(text: str, days: int) -> None:
    assert parse_days(text) == days


def test_parse_days_rejects_garbage() -> None:
    with pytest.raises(ConfigError):
        parse_days("-3d")
