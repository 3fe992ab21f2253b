"""Reading ahead while Prefect starts (:mod:`pipeline.headstart`): no file read twice, none
read for nothing, every result the one a task would have read itself."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from pipeline import api, headstart
from pipeline.errors import InputFileError
from pipeline.ingest import identify
from pipeline.settings import Settings, get_settings
from pipeline.store import db, repo


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return get_settings().model_copy(update={"database_url": f"sqlite:///{tmp_path / 'h.db'}"})


def _read_all(started: headstart.HeadStart) -> None:
    started._thread.join(timeout=60)
    assert not started._thread.is_alive()


def test_the_task_takes_what_was_read_ahead(tmp_path: Path, make_letters: Any, settings: Settings) -> None:
    paths = make_letters(tmp_path / "in", 3, start=81_000)
    with headstart.head_start(paths, settings, limit=2) as started:
        _read_all(started)
        assert len(started._reads) == 2  # the limit
        results = [headstart.load(identify(p, settings), settings) for p in paths]
        assert not started._reads  # each read handed over once
    for path, loaded in zip(paths, results, strict=True):
        fresh = api.load(identify(path, settings), settings)
        assert loaded.source == fresh.source
        assert loaded.document.text == fresh.document.text


def test_largest_files_are_read_first(tmp_path: Path, make_letters: Any, settings: Settings) -> None:
    small, large = make_letters(tmp_path / "in", 2, start=81_010)
    large.write_text(large.read_text(encoding="utf-8") * 3, encoding="utf-8")
    with headstart.head_start([small, large], settings, limit=1) as started:
        _read_all(started)
        assert list(started._reads) == [large.resolve()]


def test_stored_letters_are_not_read(tmp_path: Path, make_letters: Any, settings: Settings,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    stored, new = make_letters(tmp_path / "in", 2, start=81_020)
    engine = db.cached_engine(settings.database_url)
    src = identify(stored, settings)
    doc_id = repo.register(engine, sha256=src.sha256, name=stored.name, path=str(stored), size=src.size)
    owner = repo.new_owner()
    repo.claim(engine, src.sha256, owner, lease_seconds=60, max_attempts=3)
    repo.save(engine, doc_id, owner, api.extract(stored, settings), model_version="t", code_version="t")
    loads: list[str] = []
    real_load = api.load
    monkeypatch.setattr(api, "load", lambda s, st: loads.append(s.path.name) or real_load(s, st))
    with headstart.head_start([stored, new], settings) as started:
        _read_all(started)
    assert loads == [new.name]


def test_no_new_file_after_hold(tmp_path: Path, make_letters: Any, settings: Settings,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    paths = make_letters(tmp_path / "in", 3, start=81_030)
    reading, release = threading.Event(), threading.Event()
    real_load = api.load

    def slow_load(src: Any, st: Settings) -> api.Loaded:
        reading.set()
        assert release.wait(30)
        return real_load(src, st)

    monkeypatch.setattr(api, "load", slow_load)
    with headstart.head_start(paths, settings) as started:
        assert reading.wait(30)
        headstart.hold()  # what the flow does first
        first = next(iter(started._reads))
        taker = threading.Thread(target=lambda: taken.append(
            headstart.load(identify(Path(first), settings), settings)))
        taken: list[api.Loaded] = []
        taker.start()  # waits for the file being read instead of reading it again
        release.set()
        taker.join(30)
        _read_all(started)
        assert len(taken) == 1 and taken[0].source.path.endswith(Path(first).name)
        assert not started._reads  # nothing read after the hold


def test_a_failed_read_is_raised_by_the_task(tmp_path: Path, settings: Settings) -> None:
    bad = tmp_path / "in" / "broken.pdf"
    bad.parent.mkdir()
    bad.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 200)
    with headstart.head_start([bad], settings) as started:
        _read_all(started)
        with pytest.raises(InputFileError) as raised:
            headstart.load(identify(bad, settings), settings)
    with pytest.raises(InputFileError) as direct:
        api.load(identify(bad, settings), settings)
    assert type(raised.value) is type(direct.value)


def test_a_changed_file_or_other_settings_are_read_again(tmp_path: Path, make_letters: Any,
                                                         settings: Settings) -> None:
    changed, other = make_letters(tmp_path / "in", 2, start=81_040)
    with headstart.head_start([changed, other], settings) as started:
        _read_all(started)
        changed.write_text(changed.read_text(encoding="utf-8") + "\nPhụ lục kèm theo.\n", encoding="utf-8")
        src = identify(changed, settings)
        assert started.take(src, settings) is None  # the bytes it read are not the file's now
        assert headstart.load(src, settings).source.sha256 == src.sha256
        other_dpi = settings.model_copy(update={"dpi": 200})
        assert started.take(identify(other, settings), other_dpi) is None
    # the database and the mailbox password are not part of a read
    assert headstart._reads_alike(settings, settings.model_copy(
        update={"database_url": "sqlite://", "imap_password": "x"}))


def test_without_a_head_start_load_is_the_api_load(tmp_path: Path, make_letters: Any,
                                                   settings: Settings) -> None:
    (path,) = make_letters(tmp_path / "in", 1, start=81_050)
    headstart.hold()  # harmless when nothing reads ahead
    src = identify(path, settings)
    assert headstart.load(src, settings).document.text == api.load(src, settings).document.text
