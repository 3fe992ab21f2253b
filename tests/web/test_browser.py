"""The review page in a real browser (Debian Chromium via Playwright), end to end.

An auditor signs in, opens the queue, opens the riskiest document, corrects its deadline in
place, and the correction shows in ``congvan deadlines`` run as a separate process on the
same database.  Unsigned and token-less changes are refused; OCR text saying ``<script>``
is shown as text and never runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from .browser import chromium, live_server, sign_in
from .conftest import PASSWORD

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian chromium"),
]


def congvan(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("congvan", path=str(Path(sys.executable).parent)) or "congvan"
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run([exe, *args], capture_output=True, text=True, env=env, timeout=120,
                          check=False)


def test_correct_a_deadline_and_see_it_in_congvan_deadlines(engine: Engine, db_url: str) -> None:
    before = congvan("deadlines", "--db", db_url, "-f", "json")
    assert before.returncode == 0, before.stderr
    assert {r["date"] for r in json.loads(before.stdout)} == {"2024-06-25"}
    with live_server(engine) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        sign_in(page, base, "auditor", PASSWORD)
        first = page.locator("table.queue tbody tr").first
        assert first.locator("td").nth(1).inner_text() == "deadlines"  # riskiest: 0.41
        first.locator("a").first.click()
        page.wait_for_url(f"{base}/documents/*")
        doc_id = int(page.url.split("/documents/")[1].split("#")[0])
        card = page.locator("#field-deadlines")
        assert "0.41" in card.locator(".conf").inner_text()
        assert "trước ngày 25/6/2024" in card.locator(".source").inner_text()
        box = page.locator('.page.shown .box[data-field="deadlines"]')
        assert box.count() == 1 and box.bounding_box()["width"] > 100
        assert page.evaluate("document.querySelector('.page.shown img').naturalWidth") > 500
        card.locator("summary").click()
        card.locator("input[name='v.0.date']").fill("2024-07-15")
        card.locator("input[name=reason]").last.fill("scan says 15/7, OCR read 25/6")
        card.locator("button.primary").click()
        page.wait_for_selector("#field-deadlines.reviewed")
        card = page.locator("#field-deadlines")
        assert "corrected by auditor" in card.inner_text()
        assert "2024-07-15" in card.locator(".current-value").inner_text()
        assert "2024-06-25" in card.locator(".machine-value").inner_text()  # machine's kept
        page.goto(f"{base}/audit")
        row = page.locator("table.audit tbody tr").first.inner_text()
        assert "auditor" in row and "deadlines" in row and "scan says 15/7" in row
    after = congvan("deadlines", "--db", db_url, "-f", "json")
    assert after.returncode == 0, after.stderr
    rows = {(r["document_id"], r["date"]) for r in json.loads(after.stdout)}
    assert (doc_id, "2024-07-15") in rows
    assert (doc_id, "2024-06-25") not in rows


def test_unsigned_and_tokenless_changes_are_refused(engine: Engine) -> None:
    with live_server(engine) as base, chromium() as browser:
        anonymous = browser.new_context()
        refused = anonymous.request.post(
            f"{base}/documents/1/fields/number/accept", form={"reason": "x"}, max_redirects=0)
        assert refused.status == 401
        page = anonymous.new_page()
        page.goto(f"{base}/documents/1")
        assert page.url.startswith(f"{base}/login")  # reading needs sign-in too
        signed = browser.new_context()
        page = signed.new_page()
        sign_in(page, base, "auditor", PASSWORD, target="/documents/1")
        forged = signed.request.post(
            f"{base}/documents/1/fields/number/accept", form={"reason": "x"}, max_redirects=0)
        assert forged.status == 403  # signed in, but no CSRF token
        page.goto(f"{base}/audit")
        assert page.locator("table.audit").count() == 0  # nothing was changed


def test_stored_script_is_shown_as_text_and_never_runs(engine: Engine) -> None:
    with live_server(engine) as base, chromium() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        sign_in(page, base, "auditor", PASSWORD, target="/documents/2")
        subject = page.locator("#field-subject .current-value").inner_text()
        assert "<script>window.__pwned = 1</script>" in subject
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("#field-subject script, #field-subject img").count() == 0
        # and after an in-place (HTMX) swap of the same card
        page.locator("#field-subject input[name=reason]").first.fill("<b>ok</b>")
        page.locator("#field-subject button[name=accept]").click()
        page.wait_for_selector("#field-subject.reviewed")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert "<b>ok</b>" in page.locator("#field-subject .reason").inner_text()
        page.goto(f"{base}/queue")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert not errors
