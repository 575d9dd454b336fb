"""A duplicate document is a 409 naming the document already recorded, never a 500, on
SQLite and PostgreSQL: when the check before the insert saw nothing (a concurrent
request recorded it in between) the unique index decides, and two requests at once
recording one document for two plans' tasks of the same body give 201 and 409."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from test_hostile_input import KL107, YAML

import cascade.store.plans as store_plans


def two_plans(api) -> tuple[int, int]:
    ids = []
    for _ in range(2):
        r = api.client.post("/plans", params={"scope": "lai-chau", "as_of": "2026-01-15"},
                            content=KL107, headers=api.h("tu", **YAML))
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    return ids[0], ids[1]


def record(api, pid: int, number: str):
    return api.client.post(
        f"/plans/{pid}/tasks/lai-chau.ubnd/issued",
        data={"number": number, "symbol": "KH-UBND", "date": "2026-01-20"},
        files={"file": ("kh.pdf", f"%PDF-1.4 {pid}".encode(), "application/pdf")},
        headers=api.h("ubnd"))


def test_unique_index_decides_when_the_check_missed(api, monkeypatch) -> None:
    a, b = two_plans(api)
    first = record(api, a, "7")
    assert first.status_code == 201, first.text
    doc = first.json()["id"]
    seen = store_plans._same_document
    calls = []

    def missed_once(session, ident):  # as if the other request committed just after
        calls.append(ident)
        return None if len(calls) == 1 else seen(session, ident)

    monkeypatch.setattr(store_plans, "_same_document", missed_once)
    r = record(api, b, "7")
    assert r.status_code == 409, r.text
    assert f"đã được ghi nhận (văn bản mã {doc}, kế hoạch {a}, nhiệm vụ lai-chau.ubnd)" \
        in r.json()["detail"]
    assert len(calls) == 2  # the insert was tried, and refused by the index
    t = api.client.get(f"/plans/{b}/tasks/lai-chau.ubnd", headers=api.h("ubnd")).json()
    assert t["status"] == "pending"


def test_concurrent_duplicates_give_201_and_409(api) -> None:
    for n in range(3):  # fresh plans each round: a recorded task is issued for good
        a, b = two_plans(api)
        gate = threading.Barrier(2)

        def go(pid: int, number: str = str(20 + n), gate: threading.Barrier = gate):
            gate.wait()
            return record(api, pid, number)

        with ThreadPoolExecutor(2) as ex:
            got = list(ex.map(go, (a, b)))
        assert sorted(r.status_code for r in got) == [201, 409], [r.text for r in got]
        won = next(r for r in got if r.status_code == 201).json()
        lost = next(r for r in got if r.status_code == 409).json()
        assert f"đã được ghi nhận (văn bản mã {won['id']}, kế hoạch {won['plan_id']}, " \
               "nhiệm vụ lai-chau.ubnd)" in lost["detail"]


def test_any_other_uniqueness_is_a_409_naming_the_record(api) -> None:
    """The last guard (api.problems): a unique index no check saw, on either backend."""
    from cascade.store.keys import authenticate
    from cascade.store.rows import WebSessionRow, utcnow

    store = api.client.app.state.store

    def twice() -> None:
        with store.write() as s:
            key_id = authenticate(s, api.keys["tu"]).key_id
            for _ in range(2):
                s.add(WebSessionRow(token_hash="d" * 64, key_id=key_id, csrf="x",
                                    created_at=utcnow(), expires_at=utcnow()))
                s.flush()

    api.client.app.add_api_route("/test-duplicate", twice, methods=["POST"])
    r = api.client.post("/test-duplicate")
    assert r.status_code == 409, r.text
    detail = r.json()["detail"]
    assert detail.startswith("body: bản ghi này đã được lưu trước đó: ")
    assert "token_hash" in detail and "d" * 64 in detail
