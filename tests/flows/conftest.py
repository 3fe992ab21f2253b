"""Flow tests: one Prefect test server for the session, generated letters, both databases,
and a real IMAP server (Debian dovecot) on loopback.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import scratch_postgres_url

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session", autouse=True)
def prefect_api() -> Iterator[str]:
    """One temporary Prefect API for every flow test (its start-up is the slow part)."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield str(PREFECT_API_URL.value())


def write_letters(folder: Path, n: int, start: int = 70_000) -> list[Path]:
    """``n`` generated Decree-30 letters as UTF-8 text (no OCR: fast)."""
    from pipeline.samples.generate import generate

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(start, start + n):
        lab = generate(seed)
        path = folder / f"{lab.name}.txt"
        path.write_text(lab.letter.reading_text(), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def make_letters():  # type: ignore[no-untyped-def]
    """``make_letters(folder, n, start)`` writes generated letters (see :func:`write_letters`)."""
    return write_letters


def postgres_url() -> Iterator[str]:
    yield from scratch_postgres_url()


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from postgres_url()




@pytest.fixture
def cli_env():  # type: ignore[no-untyped-def]
    """``cli_env(api_url, database_url)``: environment for a `congvan` subprocess."""
    return _cli_env


def _cli_env(api_url: str, database_url: str) -> dict[str, str]:
    """Environment for a `congvan` subprocess that reports to the session's Prefect API."""
    return {
        **os.environ,
        "PREFECT_API_URL": api_url,
        "CONGVAN_DATABASE_URL": database_url,
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


DOVECOT_CONF = """\
base_dir = {run}
state_dir = {run}/state
log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{base}/mail/%u
mail_uid = {user}
mail_gid = {group}
first_valid_uid = 0
default_internal_user = {user}
default_login_user = {login_user}
passdb {{
  driver = static
  args = password=secret
}}
userdb {{
  driver = static
  args = uid={user} gid={group} home={base}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


@pytest.fixture
def imap_server() -> Iterator[tuple[str, int]]:
    """A dovecot IMAP server on 127.0.0.1 (user ``office``, password ``secret``)."""
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not Path(binary).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("dovecot is not installed (apt-get install dovecot-imapd)")
        pytest.skip("dovecot is not installed")
    base = Path(tempfile.mkdtemp(prefix="congvan-dovecot-"))  # traversable by the mail user
    (base / "mail").mkdir(parents=True)
    base.chmod(0o755)
    if os.geteuid() == 0:
        user = group = "dovecot"
        shutil.chown(base / "mail", user, group)
        login_user = "dovenull"
    else:
        import grp
        import pwd

        user = login_user = pwd.getpwuid(os.getuid()).pw_name
        group = grp.getgrgid(os.getgid()).gr_name
    port = _free_port()
    conf = base / "dovecot.conf"
    conf.write_text(DOVECOT_CONF.format(base=base, run=base / "run", port=port, user=user,
                                        group=group, login_user=login_user))
    subprocess.run([binary, "-c", str(conf)], check=True)
    try:
        _wait_for_port(port, base / "dovecot.log")
        yield "127.0.0.1", port
    finally:
        pid_file = base / "run" / "master.pid"
        if pid_file.exists():
            os.kill(int(pid_file.read_text().split()[0]), 15)
            time.sleep(0.3)
        shutil.rmtree(base, ignore_errors=True)


def _wait_for_port(port: int, log: Path, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"dovecot did not start: {log.read_text() if log.exists() else 'no log'}")
