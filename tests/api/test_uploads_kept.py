"""Validate first, store last: an uploaded file is kept only when its request succeeds
(SQLite and PostgreSQL). Refusals (422, 403, 404, 409), a zip bomb and a failure after
the file was moved into place leave nothing; a start-up sweep removes what a crash or an
unconfirmed preview left more than a day ago, and nothing a record names."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from store_fixtures import numbered_draft
from test_hostile_input import KL107, YAML

from api.main import create_app
from api.services import STAGING


def create(api) -> int:
    r = api.client.post("/plans", params={"scope": "lai-chau", "as_of": "2026-01-15"},
                        content=KL107, headers=api.h("tu", **YAML))
    assert r.status_code == 201, r.text
    return r.json()["id"]


def stored(api) -> list[Path]:
    files: Path = api.client.app.state.files
    return sorted(p for p in files.rglob("*") if p.is_file()) if files.exists() else []


def ingest(api, pid: int, data: bytes, key: str = "tu", name: str = "vb.docx"):
    return api.client.post(f"/plans/{pid}/ingest", files={"file": (name, data)},
                           headers=api.h(key))


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from citations.test_docx_budget import write_bomb

    return write_bomb(tmp_path_factory.mktemp("bomb") / "bomb.docx").read_bytes()


def test_refused_ingests_keep_nothing(api, chart, bomb: bytes) -> None:
    pid = create(api)
    btv = numbered_draft(api.client.app.state.store, chart, pid, "lai-chau.btv", "2269",
                         dt.date(2026, 1, 20), today=dt.date(2026, 1, 15))
    assert ingest(api, pid, b"not a zip").status_code == 422
    assert ingest(api, 999, btv).status_code == 404
    assert ingest(api, pid, btv, key="so").status_code == 403  # outside the key's subtree
    start = time.perf_counter()
    r = ingest(api, pid, bomb, name="bomb.docx")
    assert time.perf_counter() - start < 1
    assert r.status_code == 422, r.text
    assert "vượt giới hạn đọc: phần word/document.xml giải nén ra" in r.json()["detail"]
    assert "bomb.docx" in r.json()["detail"] and str(api.client.app.state.files) \
        not in r.text
    assert stored(api) == []
    r = ingest(api, pid, btv, name="cv-2269.docx")
    assert r.status_code == 201, r.text
    assert str(api.client.app.state.files) not in r.text  # no server path in the answer
    assert [p.name[:64] for p in stored(api)] == [r.json()["document"]["file_sha256"]]
    assert ingest(api, pid, btv, name="again.docx").status_code == 409
    assert len(stored(api)) == 1


def test_refused_records_keep_nothing(api) -> None:
    pid = create(api)
    url = f"/plans/{pid}/tasks/lai-chau.ubnd/issued"
    ok = {"number": "12", "symbol": "UBND-TH", "date": "2026-01-20"}
    pdf = {"file": ("a.pdf", b"%PDF-1.4 signed" * 1000, "application/pdf")}
    assert api.client.post(url, data=ok, files=pdf, headers=api.h("hanam")).status_code == 404
    assert api.client.post(url, data=ok, files=pdf, headers=api.h("so")).status_code == 403
    assert api.client.post(f"/plans/{pid}/tasks/nope/issued", data=ok, files=pdf,
                           headers=api.h("ubnd")).status_code == 404
    assert api.client.post(url, data={**ok, "allocation_id": "99999"}, files=pdf,
                           headers=api.h("ubnd")).status_code == 404
    assert stored(api) == []
    assert api.client.post(url, data=ok, files=pdf, headers=api.h("ubnd")).status_code == 201
    assert len(stored(api)) == 1
    other = {"file": ("b.pdf", b"%PDF-1.4 another", "application/pdf")}
    assert api.client.post(url, data=ok, files=other, headers=api.h("ubnd")).status_code \
        == 409
    assert len(stored(api)) == 1


def test_a_failure_after_the_move_takes_the_file_back(api, monkeypatch) -> None:
    pid = create(api)
    import api.routes.tasks as tasks

    def broken(*a, **k):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(tasks.IssuedOut, "model_validate", broken)  # after up.keep()
    r = api.client.post(f"/plans/{pid}/tasks/lai-chau.ubnd/issued",
                        data={"number": "12", "symbol": "UBND-TH", "date": "2026-01-20"},
                        files={"file": ("a.pdf", b"%PDF-1.4 x", "application/pdf")},
                        headers=api.h("ubnd"))
    assert r.status_code == 500
    assert stored(api) == []
    r = api.client.get(f"/plans/{pid}/tasks/lai-chau.ubnd", headers=api.h("ubnd"))
    assert r.json()["status"] == "pending"


def test_start_up_sweeps_orphans_older_than_a_day(api, chart) -> None:
    pid = create(api)
    r = api.client.post(f"/plans/{pid}/tasks/lai-chau.ubnd/issued",
                        data={"number": "12", "symbol": "UBND-TH", "date": "2026-01-20"},
                        files={"file": ("a.pdf", b"%PDF-1.4 x", "application/pdf")},
                        headers=api.h("ubnd"))
    assert r.status_code == 201, r.text
    files: Path = api.client.app.state.files
    (kept,) = stored(api)
    crash = files / f"{STAGING}0123abcd.docx"  # a server killed mid-request
    preview = files / "ab" / ("ab" * 32 + ".docx")  # previewed, never confirmed
    reading = preview.with_name(preview.name + ".reading.json")  # what was read of it
    fresh = files / "cd" / ("cd" * 32 + ".pdf")  # a preview of minutes ago
    for p in (crash, preview, reading, fresh):
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(b"x")
    old = time.time() - 2 * 86400
    for p in (crash, preview, reading, kept):
        os.utime(p, (old, old))
    app = create_app(api.url, chart=chart, files_dir=files)
    app.state.store.dispose()
    assert stored(api) == sorted([kept, fresh])
