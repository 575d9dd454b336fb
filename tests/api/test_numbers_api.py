"""Org chart lookup, number allocation and cancellation over HTTP; errors as problems.

No __init__.py here: a package named ``api`` would shadow the real one.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

PROBLEM = "application/problem+json"


def is_problem(r, status: int, field: str | None = None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert body["status"] == status and body["detail"]
    if field:
        assert field in body["detail"], body
    return body


def test_health_needs_no_key(api) -> None:
    assert api.client.get("/health").json() == {"status": "ok"}


def test_auth(api) -> None:
    is_problem(api.client.get("/orgchart/bodies", params={"q": "x"}), 401, "X-API-Key")
    is_problem(api.client.get("/orgchart/bodies", params={"q": "x"},
                              headers={"X-API-Key": "tk_abc_def"}), 401, "X-API-Key")
    r = api.client.post("/numbers", json={"body_id": "lai-chau.ubnd", "doc_type": "KH"},
                        headers=api.h("ubnd_read"))
    is_problem(r, 403, "chỉ có quyền đọc")
    r = api.client.post("/numbers", json={"body_id": "lai-chau.ubnd", "doc_type": "KH"},
                        headers=api.h("so"))
    is_problem(r, 403, "body_id")
    r = api.client.post("/numbers", json={"body_id": "lai-chau.so-vhttdl", "doc_type": "KH"},
                        headers=api.h("hanam"))
    is_problem(r, 403, "body_id")


def test_orgchart_lookup(api) -> None:
    r = api.client.get("/orgchart/bodies", params={"q": "UBND tỉnh Lai Châu", "limit": 3},
                       headers=api.h("ubnd_read"))
    assert r.status_code == 200
    assert r.json()[0]["id"] == "lai-chau.ubnd"
    assert r.json()[0]["header"] == ["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"]
    r = api.client.get("/orgchart/bodies/c03390.du", params={"as_of": "2026-01-01"},
                       headers=api.h("ubnd_read"))
    assert r.status_code == 200 and r.json()["name"] == "Đảng ủy xã Bình Lư"
    is_problem(api.client.get("/orgchart/bodies/c03390.du", params={"as_of": "2024-01-01"},
                              headers=api.h("ubnd_read")), 404, "body_id")
    is_problem(api.client.get("/orgchart/bodies/lai-chau.xyz", headers=api.h("ubnd_read")),
               404, "lai-chau.xyz")
    is_problem(api.client.get("/orgchart/bodies", params={"q": "x", "as_of": "2025-13-01"},
                              headers=api.h("ubnd_read")), 422, "as_of")
    is_problem(api.client.get("/orgchart/bodies", headers=api.h("ubnd_read")), 422, "q")
    is_problem(api.client.get("/nowhere", headers=api.h("ubnd_read")), 404)


def test_allocate_state_and_party(api) -> None:
    r = api.client.post("/numbers", json={"body_id": "lai-chau.ubnd", "doc_type": "KH",
                                          "date": "2026-03-02"}, headers=api.h("ubnd"))
    assert r.status_code == 201, r.text
    a = r.json()
    assert (a["number"], a["reference"], a["period"], a["system"]) == (
        1, "01/KH-UBND", "2026", "state")
    r = api.client.post("/numbers", json={"body_id": "lai-chau.so-vhttdl", "doc_type": "KH",
                                          "date": "2026-03-02"}, headers=api.h("ubnd"))
    assert r.json()["reference"] == "01/KH-SVHTTDL"  # a secretariat key covers its subtree
    r = api.client.post("/numbers", json={"body_id": "lai-chau.ubnd", "doc_type": "CV",
                                          "symbol": "UBND-TH", "date": "2026-03-02"},
                        headers=api.h("ubnd"))
    assert r.json()["reference"] == "02/UBND-TH"
    # the BTV numbers in the Tỉnh ủy's register, per type and term
    for key in ("btv", "tu"):
        r = api.client.post("/numbers", json={"body_id": "lai-chau.btv", "doc_type": "CV",
                                              "date": "2026-03-02"}, headers=api.h(key))
        assert r.status_code == 201, r.text
    b = r.json()
    assert (b["body_id"], b["number"], b["reference"], b["period"]) == (
        "lai-chau.tu", 2, "02-CV/TU", "2025-2030")


def test_allocate_bad_input_is_422_naming_the_field(api) -> None:
    h = api.h("ubnd")
    cases = [
        ({"doc_type": "KH"}, "body_id"),
        ({"body_id": "lai-chau.ubnd"}, "doc_type"),
        ({"body_id": "lai-chau.ubnd", "doc_type": "K H"}, "doc_type"),
        ({"body_id": "lai-chau.ubnd", "doc_type": "KH", "date": "31/12/2025"}, "date"),
        ({"body_id": "lai-chau.ubnd", "doc_type": "KH", "colour": "red"}, "colour"),
        ({"body_id": "lai-chau.ubnd", "doc_type": "KH", "term": "2025-2030"}, "term"),
        ({"body_id": "lai-chau.btv", "doc_type": "KH", "series": "KH"}, "series"),
        ({"body_id": "lai-chau.btv", "doc_type": "KH", "date": "1990-01-01"}, "date"),
    ]
    for payload, field in cases:
        key = "tu" if payload.get("body_id") == "lai-chau.btv" else "ubnd"
        is_problem(api.client.post("/numbers", json=payload, headers=api.h(key)), 422, field)
    is_problem(api.client.post("/numbers", content=b"{not json",
                               headers={**h, "content-type": "application/json"}), 422)
    is_problem(api.client.post("/numbers", json=[1, 2], headers=h), 422)
    is_problem(api.client.post("/numbers", json={"body_id": "lai-chau.nope", "doc_type": "KH"},
                               headers=h), 404, "body_id")


def test_idempotent_allocation(api) -> None:
    h = api.h("ubnd", **{"Idempotency-Key": "req-1"})
    payload = {"body_id": "lai-chau.ubnd", "doc_type": "KH", "date": "2026-03-02"}
    first = api.client.post("/numbers", json=payload, headers=h)
    again = api.client.post("/numbers", json=payload, headers=h)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again.headers["Idempotent-Replayed"] == "true"
    other = api.client.post("/numbers", json=payload, headers=api.h("ubnd"))
    assert other.json()["number"] == 2  # the retry allocated nothing
    r = api.client.post("/numbers", json={**payload, "doc_type": "QĐ"}, headers=h)
    is_problem(r, 422, "Idempotency-Key")
    # concurrent retries of one request: one number
    h2 = api.h("ubnd", **{"Idempotency-Key": "req-2"})
    with ThreadPoolExecutor(8) as ex:
        got = list(ex.map(lambda _: api.client.post("/numbers", json=payload, headers=h2),
                          range(16)))
    assert {r.status_code for r in got} == {201}
    assert {r.json()["number"] for r in got} == {3}
    assert api.client.post("/numbers", json=payload, headers=api.h("ubnd")).json()["number"] == 4


def test_cancel(api) -> None:
    h = api.h("ubnd")
    a = api.client.post("/numbers", json={"body_id": "lai-chau.ubnd", "doc_type": "KH"},
                        headers=h).json()
    is_problem(api.client.post(f"/numbers/{a['id']}/cancel", json={"reason": ""}, headers=h),
               422, "reason")
    is_problem(api.client.post(f"/numbers/{a['id']}/cancel", json={"reason": "x"},
                               headers=api.h("hanam")), 403)
    r = api.client.post(f"/numbers/{a['id']}/cancel", json={"reason": "Không ban hành"},
                        headers=h)
    assert r.status_code == 200 and r.json()["cancelled"] is True
    assert r.json()["cancel_reason"] == "Không ban hành"
    is_problem(api.client.post(f"/numbers/{a['id']}/cancel", json={"reason": "khác"},
                               headers=h), 409)
    is_problem(api.client.post("/numbers/999999/cancel", json={"reason": "x"}, headers=h),
               404, "allocation_id")
    is_problem(api.client.post("/numbers/abc/cancel", json={"reason": "x"}, headers=h),
               422, "allocation_id")
    r = api.client.get(f"/numbers/{a['id']}", headers=api.h("ubnd_read"))
    assert r.status_code == 200 and r.json()["cancelled"]
    is_problem(api.client.get(f"/numbers/{a['id']}", headers=api.h("hanam")), 403)
    is_problem(api.client.get("/numbers/99999999999", headers=h), 422, "allocation_id")


def test_openapi_documents_endpoints(api) -> None:
    spec = api.client.get("/openapi.json").json()
    for path in ("/orgchart/bodies", "/orgchart/bodies/{body_id}", "/numbers",
                 "/numbers/{allocation_id}/cancel"):
        assert path in spec["paths"]
    assert "APIKeyHeader" in spec["components"]["securitySchemes"]


def test_nul_characters_are_422_not_500(api) -> None:
    """PostgreSQL cannot store NUL: every way in is refused first, naming the field."""
    h = api.h("ubnd")
    is_problem(api.client.get("/orgchart/bodies", params={"q": "a\x00"}, headers=h), 422, "q")
    is_problem(api.client.get("/orgchart/bodies/a%00b", headers=h), 422, "path")
    is_problem(api.client.post("/numbers", json={"body_id": "lai-chau.ubnd", "doc_type": "KH",
                                                 "symbol": "KH\x00"}, headers=h), 422, "symbol")
    a = api.client.post("/numbers", json={"body_id": "lai-chau.ubnd", "doc_type": "KH"},
                        headers=h).json()
    is_problem(api.client.post(f"/numbers/{a['id']}/cancel", json={"reason": "x\x00"},
                               headers=h), 422, "reason")
    body = b'{"issuer": "tw.bct", "summary": "a\\u0000b"}'
    is_problem(api.client.post("/plans", content=body, headers={
        **h, "content-type": "application/json"}), 422, "summary")
