import json

from typer.testing import CliRunner

from pipeline.cli import app


def test_restore_command_reads_stdin(model):
    result = CliRunner().invoke(app, ["restore", "-"], input="uy ban nhan dan\n")
    assert result.exit_code == 0
    assert result.stdout == "ủy ban nhân dân\n"


def test_restore_command_json(tmp_path, model):
    path = tmp_path / "x.txt"
    path.write_text("Kinh gui: So Tai chinh", encoding="utf-8")
    result = CliRunner().invoke(app, ["restore", str(path), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["text"] == "Kính gửi: Sở Tài chính"
    assert data["method"] == "accent-less"


def test_restore_command_missing_file(tmp_path):
    result = CliRunner().invoke(app, ["restore", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0
