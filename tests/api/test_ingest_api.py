"""POST /plans/{id}/ingest: the round trip over HTTP (SQLite and PostgreSQL).

Plan kl-107 for Lai Châu → the BTV's draft numbered and dated → ingested → issued; its
child's draft (downloaded with the parent's number) numbered → ingested → issued. The
refusals are problem details carrying the explanation and its evidence.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from store_fixtures import numbered_draft

from cascade.citations.reader import extract_text

REPO = Path(__file__).resolve().parents[2]
KL107 = (REPO / "examples" / "kl-107.yaml").read_bytes()
PROBLEM = "application/problem+json"
DAY = dt.date(2026, 1, 15)


def create(api) -> int:
    r = api.client.post("/plans", params={"scope": "lai-chau", "as_of": "2026-01-15"},
                        content=KL107, headers=api.h("tu", **{"content-type":
                                                              "application/yaml"}))
    assert r.status_code == 201, r.text
    return r.json()["id"]


def numbered(api, chart, plan_id: int, task_id: str, number: str | None = None,
             day: dt.date | None = None) -> bytes:
    return numbered_draft(api.client.app.state.store, chart, plan_id, task_id, number, day,
                          today=DAY)


def post(api, plan_id: int, data: bytes, key: str = "tu", name: str = "vb.docx",
         **params):
    return api.client.post(f"/plans/{plan_id}/ingest", params=params,
                           files={"file": (name, data)}, headers=api.h(key))


def problem(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    if code:
        assert body["errors"][0]["code"] == code, body
    return body


def task(api, plan_id: int, task_id: str) -> dict:
    r = api.client.get(f"/plans/{plan_id}/tasks/{task_id}", headers=api.h("tu"))
    assert r.status_code == 200, r.text
    return r.json()


def test_round_trip_over_http(api, chart) -> None:
    pid = create(api)
    btv = numbered(api, chart, pid, "lai-chau.btv", "2269", dt.date(2026, 1, 20))
    r = post(api, pid, btv, name="cv-2269.docx", dry_run="true")
    assert r.status_code == 200 and r.json()["recorded"] is False, r.text
    assert task(api, pid, "lai-chau.btv")["status"] == "pending"

    r = post(api, pid, btv, name="cv-2269.docx")
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["recorded"] and out["task_id"] == "lai-chau.btv"
    assert out["document"]["number"] == "2269" and out["document"]["symbol"] == "CV/TU"
    assert out["document"]["file_name"] == "cv-2269.docx"
    t = task(api, pid, "lai-chau.btv")
    assert (t["status"], t["number"], t["date"]) == ("issued", "2269", "2026-01-20")

    # the child's draft, as downloaded, cites the parent's number; numbered, it goes in
    r = api.client.get(f"/plans/{pid}/tasks/lai-chau.dubnd/draft", headers=api.h("tu"))
    assert r.status_code == 200
    kh = numbered(api, chart, pid, "lai-chau.dubnd", "10", dt.date(2026, 2, 1))
    assert "Công văn số 2269-CV/TU ngày 20/01/2026" in _text(kh)
    r = post(api, pid, kh, name="kh-10.docx")
    assert r.status_code == 201, r.text
    t = task(api, pid, "lai-chau.dubnd")
    assert (t["status"], t["number"], t["date"]) == ("issued", "10", "2026-02-01")

    body = problem(post(api, pid, kh, name="kh-10.docx"), 409, "already_issued")
    assert "số 10, ngày 01/02/2026" in body["detail"]
    assert body["errors"][0]["evidence"]["task_id"] == "lai-chau.dubnd"


def _text(data: bytes) -> str:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "x.docx"
        path.write_bytes(data)
        return extract_text(path)[1]


def test_refusals_carry_the_evidence(api, chart) -> None:
    pid = create(api)
    blank = numbered(api, chart, pid, "lai-chau.btv")
    body = problem(post(api, pid, blank), 422, "no_number")
    assert "Số -CV/TU" in body["detail"]
    assert body["errors"][0]["document"]["symbol"] == "CV/TU"
    body = problem(post(api, pid, b"CONG VAN\nkhong co gi\n", name="x.txt"), 422, "no_issuer")
    assert "CONG VAN" in body["detail"]
    problem(post(api, pid, b"not a zip", name="x.docx"), 422)
    problem(post(api, pid, b"\x00\x01", name="x.exe"), 422)
    problem(post(api, 999, blank), 404)
    assert task(api, pid, "lai-chau.btv")["status"] == "pending"


def test_a_unit_ingests_only_its_subtree(api, chart) -> None:
    pid = create(api)
    btv = numbered(api, chart, pid, "lai-chau.btv", "2269", dt.date(2026, 1, 20))
    body = problem(post(api, pid, btv, key="so"), 403)
    assert "lai-chau.btv" in body["detail"]
    problem(post(api, pid, btv, key="ubnd_read"), 403)
    assert task(api, pid, "lai-chau.btv")["status"] == "pending"


def test_idempotent_ingest(api, chart) -> None:
    pid = create(api)
    btv = numbered(api, chart, pid, "lai-chau.btv", "2269", dt.date(2026, 1, 20))
    h = api.h("tu", **{"Idempotency-Key": "ingest-1"})
    a = api.client.post(f"/plans/{pid}/ingest", files={"file": ("a.docx", btv)}, headers=h)
    b = api.client.post(f"/plans/{pid}/ingest", files={"file": ("a.docx", btv)}, headers=h)
    assert a.status_code == b.status_code == 201, a.text
    assert a.json() == b.json() and b.headers.get("Idempotent-Replayed") == "true"
