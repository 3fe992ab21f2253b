"""The web app over HTTP (no browser): sign-in, CSRF, escaping, headers, forms, exports."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pipeline import review
from pipeline.web.app import create_app

from .conftest import PASSWORD


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


@pytest.fixture
def anon(engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(engine, threshold=0.8), base_url="http://127.0.0.1") as client:
        yield client


@pytest.fixture
def client(anon: TestClient) -> TestClient:
    token = _token(anon.get("/login").text)
    r = anon.post("/login", data={"username": "auditor", "password": PASSWORD,
                                  "csrf_token": token, "next": "/queue"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/queue"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    return anon


def test_every_page_needs_sign_in(anon: TestClient) -> None:
    for path in ("/", "/queue", "/documents/1", "/documents/1/pages/1.png", "/calibration",
                 "/audit", "/audit.csv"):
        r = anon.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    r = anon.post("/documents/1/fields/number/accept", data={"reason": "x"})
    assert r.status_code == 401


def test_sign_in_needs_csrf_and_the_right_password(anon: TestClient) -> None:
    r = anon.post("/login", data={"username": "auditor", "password": PASSWORD})
    assert r.status_code == 403
    token = _token(anon.get("/login").text)
    r = anon.post("/login", data={"username": "auditor", "password": "wrong password",
                                  "csrf_token": token})
    assert r.status_code == 401 and "wrong user name or password" in r.text
    r = anon.post("/login", data={"username": "auditor", "password": PASSWORD,
                                  "csrf_token": token, "next": "//evil.example/"},
                  follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_changes_need_the_sessions_csrf_token(client: TestClient, engine: Engine) -> None:
    url = "/documents/1/fields/number/accept"
    assert client.post(url, data={"reason": "x"}).status_code == 403
    assert client.post(url, data={"csrf_token": "forged"}).status_code == 403
    assert client.post(url, headers={"X-CSRF-Token": "forged"}).status_code == 403
    with Session(engine) as s:
        assert review.audit_trail(s) == []
    token = _token(client.get("/documents/1").text)
    assert client.post(url, headers={"X-CSRF-Token": token}, follow_redirects=False).status_code == 303


def test_ocr_text_is_escaped_everywhere(client: TestClient) -> None:
    for path in ("/documents/2", "/queue?threshold=1"):
        html = client.get(path).text
        assert "<script>window" not in html and "<img src=x" not in html
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    r = client.get("/documents/2")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"


def test_document_page_shows_boxes_and_page_images_by_id(client: TestClient) -> None:
    html = client.get("/documents/1").text
    assert re.search(r'class="box low" data-field="deadlines"\s+style="left:[\d.]+%;top:[\d.]+%', html)
    img = client.get("/documents/1/pages/1.png")
    assert img.status_code == 200 and img.headers["content-type"] == "image/png"
    assert img.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get("/documents/1/pages/2.png").status_code == 404
    assert client.get("/documents/99/pages/1.png").status_code == 404
    assert client.get("/documents/1/pages/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/documents/x/pages/1.png").status_code == 422
    assert client.get("/documents/99").status_code == 404


def test_correct_in_place_with_htmx_and_errors(client: TestClient, engine: Engine) -> None:
    token = _token(client.get("/documents/1").text)
    url = "/documents/1/fields/deadlines/correct"
    hx = {"HX-Request": "true", "X-CSRF-Token": token}
    r = client.post(url, data={"v.0.date": "2024-07-15"}, headers=hx)
    assert r.status_code == 200 and "give a reason" in r.text and r.text.startswith("<article")
    r = client.post(url, data={"v.0.date": "15/07/2024", "reason": "x"}, headers=hx)
    assert "YYYY-MM-DD" in r.text
    r = client.post(url, data={"v.0.date": "2024-07-15", "reason": " "},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 422 and "<html" in r.text.lower()  # no JS: whole page, 422
    r = client.post(url, data={"v.0.date": "2024-07-15", "v.0.action": "nộp", "reason": "scan"},
                    headers=hx)
    assert r.status_code == 200 and "corrected by <b>auditor</b>" in r.text
    assert "2024-07-15" in r.text and "2024-06-25" in r.text  # machine value kept beside
    assert client.post("/documents/1/fields/password/correct", headers=hx).status_code == 404
    with Session(engine) as s:
        (entry,) = review.audit_trail(s)
    assert (entry.field, entry.reviewer, entry.comment) == ("deadlines", "auditor", "scan")


def test_queue_calibration_and_audit_pages(client: TestClient) -> None:
    html = client.get("/queue?field=number").text
    assert html.count("<tr>") == 3  # header + two documents
    token = _token(html)
    client.post("/documents/1/fields/number/accept", data={"csrf_token": token, "reason": "ok"})
    client.post("/documents/2/fields/subject/correct",
                data={"csrf_token": token, "v": "tổng kết", "reason": "OCR garble"})
    cal = client.get("/calibration").text
    assert cal.count("<svg") == 3  # all, number, subject
    audit = client.get("/audit").text
    assert "OCR garble" in audit and "tổng kết" in audit
    csv = client.get("/audit.csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0].startswith("id,at,reviewer,document_id,field")
    assert len(csv.text.splitlines()) == 3
    r = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/queue", follow_redirects=False).status_code == 303


def test_text_and_multi_page_pdf_documents(client: TestClient, engine: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    from PIL import Image

    from pipeline.record import Record

    from .letter import store_record

    def record(path, kind: str, pages: int, evidence: dict) -> Record:  # type: ignore[no-untyped-def]
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        return Record.model_validate({
            "source": {"path": str(path), "sha256": sha, "pages": pages, "kind": kind},
            "number": "7", "text": "Số: 7/UBND <b>bold</b>", "confidence": {"number": 0.3},
            "evidence": evidence})

    txt = tmp_path / "letter.txt"
    txt.write_text("Số: 7/UBND <b>bold</b>", encoding="utf-8")
    text_id = store_record(engine, record(txt, "text", 1, {"number": {"span": [4, 10]}}))
    html = client.get(f"/documents/{text_id}").text
    assert 'class="plaintext"' in html and "&lt;b&gt;bold&lt;/b&gt;" in html and "<img" not in html
    assert client.get(f"/documents/{text_id}/pages/1.png").status_code == 404

    pdf = tmp_path / "two.pdf"
    pages = [Image.new("RGB", (827, 1169), "white"), Image.new("RGB", (827, 1169), "white")]
    pages[0].save(pdf, save_all=True, append_images=pages[1:], resolution=100)
    ev = {"number": {"page": 2, "bbox": [248, 350, 496, 467], "span": [4, 10]}}  # at 300 dpi
    pdf_id = store_record(engine, record(pdf, "scan", 2, ev))
    html = client.get(f"/documents/{pdf_id}?page=2").text
    assert 'class="page shown" id="page-2"' in html
    box = re.search(r'data-field="number"\s+style="left:([\d.]+)%;top:([\d.]+)%;width:([\d.]+)%', html)
    assert box and [round(float(v)) for v in box.groups()] == [10, 10, 10]
    assert client.get(f"/documents/{pdf_id}/pages/2.png").status_code == 200
    assert client.get(f"/documents/{pdf_id}/pages/3.png").status_code == 404
