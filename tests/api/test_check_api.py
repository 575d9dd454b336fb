"""POST /check: a .docx in, its thể thức findings out (nothing stored); and the
findings in the ingest dry run (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from test_ingest_api import create, numbered, post

from tests.check.defects import DEFECTS, clean, spoiled

PROBLEM = "application/problem+json"


def check(api, data: bytes, name: str = "vb.docx", key: str = "ubnd_read", **params):
    return api.client.post("/check", params=params, files={"file": (name, data)},
                           headers=api.h(key))


def test_a_clean_draft_passes_and_nothing_is_stored(api, tmp_path) -> None:
    r = check(api, clean("nd30", "cong_van"))
    assert r.status_code == 200, r.text
    out = r.json()
    assert (out["verdict"], out["profile"], out["findings"]) == ("ĐẠT", "nd30", [])
    assert out["profile_reason"] == "văn bản Nhà nước, ngày 05/01/2026"
    assert not (tmp_path / "files").exists() or not any((tmp_path / "files").rglob("*.docx"))


def test_a_seeded_defect_is_reported_with_its_source(api) -> None:
    defect = next(d for d in DEFECTS if d.rule == "authority_word")
    r = check(api, spoiled(defect), profile=defect.profile)
    assert r.status_code == 200, r.text
    (f,) = r.json()["findings"]
    assert f["rule"] == "authority_word" and "T/M" in f["message"]
    assert f["severity"] == "lỗi" and f["source"] and f["paragraph"] > 0
    assert r.json()["verdict"] == "KHÔNG ĐẠT"


def test_bad_input_is_refused_in_vietnamese(api) -> None:
    r = check(api, b"%PDF-1.4", name="vb.pdf")
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)
    assert "chỉ kiểm tra được tệp .docx" in r.json()["detail"]
    r = check(api, b"not a zip", name="hong.docx")
    assert r.status_code == 422 and "hong.docx: không mở được tệp .docx" in r.json()["detail"]
    r = check(api, clean("nd30", "cong_van"), profile="nd31")
    assert r.status_code == 422
    r = api.client.post("/check", files={"file": ("vb.docx", b"x")})
    assert r.status_code == 401
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:  # 60 MB of spaces
        z.writestr("word/document.xml", "<w:document>" + " " * 60_000_000 + "</w:document>")
    r = check(api, buf.getvalue(), name="bom.docx")
    assert r.status_code == 422 and "bom.docx: tệp .docx vượt giới hạn đọc" in r.json()["detail"]


def test_the_ingest_dry_run_carries_the_check(api, chart) -> None:
    pid = create(api)
    btv = numbered(api, chart, pid, "lai-chau.btv", "2269", dt.date(2026, 1, 20))
    r = post(api, pid, btv, name="cv-2269.docx", dry_run="true")
    assert r.status_code == 200, r.text
    found = r.json()["check"]
    assert (found["verdict"], found["profile"]) == ("ĐẠT", "hd36"), found["findings"]
