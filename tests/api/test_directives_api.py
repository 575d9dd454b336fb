"""Directives as a resource (register once, list with progress, plan from the stored one)
and a plan's event log over HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
KL107 = (REPO / "examples" / "kl-107.yaml").read_bytes()
YAML = {"content-type": "application/yaml"}
PROBLEM = "application/problem+json"


def register(api, key: str = "tu", body: bytes = KL107, status: int = 201, **extra) -> dict:
    r = api.client.post("/directives", content=body, headers=api.h(key, **YAML, **extra))
    assert r.status_code == status, r.text
    return r.json()


def test_register_once_and_read_back(api) -> None:
    d = register(api)
    assert d["number"] == "107-KL/TW" and d["issuer_id"] == "tw.bct"
    assert d["issuer_name"] == "Bộ Chính trị" and d["type"] == "KL" and d["type_name"] == "Kết luận"
    assert d["date"] == "2024-12-24" and d["plans"] == [] and d["total"] == 0
    assert [t["text"] for t in d["source"]["tasks"]] == \
        [t["text"] for t in yaml.safe_load(KL107)["tasks"]]
    # the same document again, even as JSON from another unit: the stored row, 200
    body = json.dumps(yaml.safe_load(KL107), default=str).encode()
    r = api.client.post("/directives", content=body,
                        headers=api.h("ubnd", **{"content-type": "application/json"}))
    assert r.status_code == 200 and r.json()["id"] == d["id"], r.text
    r = api.client.get(f"/directives/{d['id']}", headers=api.h("ubnd_read"))
    assert r.status_code == 200 and r.json() == d
    r = api.client.get("/directives/999", headers=api.h("ubnd_read"))
    assert r.status_code == 404 and r.headers["content-type"].startswith(PROBLEM)


def test_same_identity_other_content_is_409(api) -> None:
    d = register(api)
    changed = yaml.safe_load(KL107)
    changed["summary"] = "về một việc khác"
    r = api.client.post("/directives", content=yaml.safe_dump(changed, allow_unicode=True),
                        headers=api.h("tu", **YAML))
    assert r.status_code == 409, r.text
    assert f"id {d['id']}" in r.json()["detail"] and "nội dung khác" in r.json()["detail"]
    # the same number on another date is another document (numbers repeat across terms)
    changed["date"] = "2019-12-24"
    other = register(api, body=yaml.safe_dump(changed, allow_unicode=True).encode())
    assert other["id"] != d["id"]


def test_bad_directive_names_the_field(api) -> None:
    bad = yaml.safe_load(KL107)
    bad["issuer"] = "Bộ Chính trị không có"
    r = api.client.post("/directives", content=yaml.safe_dump(bad, allow_unicode=True),
                        headers=api.h("tu", **YAML))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "issuer", r.text
    del bad["tasks"]
    r = api.client.post("/directives", content=yaml.safe_dump(bad, allow_unicode=True),
                        headers=api.h("tu", **YAML))
    assert r.status_code == 422 and "tasks" in r.json()["detail"], r.text
    r = api.client.post("/directives", content=KL107, headers=api.h("ubnd_read", **YAML))
    assert r.status_code == 403


def test_plan_from_the_stored_directive_and_progress(api) -> None:
    d = register(api)
    params = {"scope": "lai-chau", "as_of": "2026-01-15"}
    r = api.client.post(f"/directives/{d['id']}/plans", params=params,
                        headers=api.h("tu", **{"Idempotency-Key": "p1"}))
    assert r.status_code == 201, r.text
    plan = r.json()
    assert plan["directive"]["id"] == d["id"] and plan["directive"]["number"] == "107-KL/TW"
    again = api.client.post(f"/directives/{d['id']}/plans", params=params,
                            headers=api.h("tu", **{"Idempotency-Key": "p1"}))
    assert again.json() == plan and again.headers.get("Idempotent-Replayed") == "true"
    # an inline plan of the same directive reuses the row
    r = api.client.post("/plans", params=params, content=KL107, headers=api.h("tu", **YAML))
    assert r.status_code == 201 and r.json()["directive"]["id"] == d["id"]
    # a Hà Nam key may not plan Lai Châu
    r = api.client.post(f"/directives/{d['id']}/plans", params=params,
                        headers=api.h("hanam"))
    assert r.status_code == 403

    # progress: issue one task, then compare with the report of each plan
    task = api.client.get(f"/plans/{plan['id']}/tasks", params={"level": "province"},
                          headers=api.h("tu")).json()["tasks"][0]
    r = api.client.post(f"/plans/{plan['id']}/tasks/{task['id']}/issued",
                        headers=api.h("tu"), files={"file": ("a.pdf", b"%PDF-1.4 x")},
                        data={"number": "12", "symbol": "CV/TU", "date": "2026-01-20"})
    assert r.status_code == 201, r.text
    listed = api.client.get("/directives", params={"as_of": "2026-06-01"},
                            headers=api.h("tu")).json()
    assert [x["id"] for x in listed] == [d["id"]]
    item = listed[0]
    assert [p["id"] for p in item["plans"]] == [plan["id"], plan["id"] + 1]
    for p in item["plans"]:
        rep = api.client.get(f"/plans/{p['id']}/report", params={"as_of": "2026-06-01"},
                             headers=api.h("tu")).json()["totals"]
        assert {k: p[k] for k in ("issued", "overdue", "total")} == \
            {k: rep[k] for k in ("issued", "overdue", "total")}
    assert item["issued"] == 1 and item["total"] == 2 * plan["tasks"]
    assert item["due"] == item["total"] - item["exempt"]
    # a department sees only its own task in each plan
    so = api.client.get("/directives", headers=api.h("so")).json()[0]
    assert so["total"] == 2 and all(p["total"] == 1 for p in so["plans"])


def test_events_of_a_plan(api) -> None:
    r = api.client.post("/plans", params={"scope": "lai-chau", "as_of": "2026-01-15"},
                        content=KL107, headers=api.h("tu", **YAML))
    pid = r.json()["id"]
    tasks = api.client.get(f"/plans/{pid}/tasks", headers=api.h("tu")).json()["tasks"]
    own = next(t for t in tasks if t["body_id"] == "lai-chau.so-vhttdl")
    other = next(t for t in tasks if t["body_id"] == "lai-chau.ubnd")
    for t, key in ((own, "so"), (other, "ubnd"), (own, "so")):
        status = "drafted" if t is other or key == "so" else "pending"
        r = api.client.post(f"/plans/{pid}/tasks/{t['id']}/status", json={"status": status},
                            headers=api.h(key))
        assert r.status_code == 200, r.text
    api.client.post(f"/plans/{pid}/tasks/{own['id']}/status", json={"status": "pending"},
                    headers=api.h("so"))

    full = api.client.get(f"/plans/{pid}/events", headers=api.h("tu")).json()
    kinds = [(e["entity"], e["action"]) for e in full["events"]]
    assert kinds[0] == ("plan", "create") and kinds.count(("task", "status")) == 3
    first = next(e for e in full["events"] if e["entity_id"] == f"{pid}/{own['id']}")
    assert first["before"]["status"] == "pending" and first["after"]["status"] == "drafted"
    assert first["actor"].startswith("key:") and full["next_after"] is None
    # a department sees its own task's history only (and the plan's creation)
    mine = api.client.get(f"/plans/{pid}/events", headers=api.h("so")).json()["events"]
    assert {e["entity_id"] for e in mine if e["entity"] == "task"} == {f"{pid}/{own['id']}"}
    r = api.client.get(f"/plans/{pid}/events", params={"task_id": other["id"]},
                       headers=api.h("so"))
    assert r.status_code == 403
    # paging
    one = api.client.get(f"/plans/{pid}/events", params={"limit": 1},
                         headers=api.h("tu")).json()
    assert len(one["events"]) == 1 and one["next_after"] == one["events"][0]["id"]
    rest = api.client.get(f"/plans/{pid}/events", params={"after": one["next_after"]},
                          headers=api.h("tu")).json()["events"]
    assert [e["id"] for e in one["events"] + rest] == [e["id"] for e in full["events"]]
    r = api.client.get("/plans/999/events", headers=api.h("tu"))
    assert r.status_code == 404


def test_a_revoked_key_is_refused_within_the_cache_time(api) -> None:
    import time

    from cascade.store.keys import create_key, revoke_key

    api.client.app.state.verified_keys.ttl = 0.5
    with api.client.app.state.store.write() as s:
        row, plain = create_key(s, "lai-chau.tu", "read")
    h = {"X-API-Key": plain}
    assert api.client.get("/directives", headers=h).status_code == 200
    with api.client.app.state.store.write() as s:  # as `trienkhai keys revoke` does
        revoke_key(s, row.prefix)
    time.sleep(0.6)
    r = api.client.get("/directives", headers=h)
    assert r.status_code == 401 and "đã bị thu hồi" in r.json()["detail"]
    # a refusal is not remembered: a new key works at once
    with api.client.app.state.store.write() as s:
        _, fresh = create_key(s, "lai-chau.tu", "read")
    assert api.client.get("/directives", headers={"X-API-Key": fresh}).status_code == 200


def test_bad_input_on_the_new_routes_names_the_field(api) -> None:
    r = api.client.post("/directives/999/plans", params={"scope": "lai-chau"},
                        headers=api.h("tu"))
    assert r.status_code == 404 and r.json()["detail"].startswith("directive_id:"), r.text
    r = api.client.post("/directives", content=b"issuer: [", headers=api.h("tu", **YAML))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body", r.text
    r = api.client.post("/directives", content=b"{}", headers=api.h(
        "tu", **{"content-type": "text/html"}))
    assert r.status_code == 415 and "Content-Type" in r.json()["detail"], r.text
    pid = api.client.post("/plans", params={"scope": "lai-chau", "as_of": "2026-01-15"},
                          content=KL107, headers=api.h("tu", **YAML)).json()["id"]
    for params, field in (({"limit": 0}, "limit"), ({"after": -1}, "after")):
        r = api.client.get(f"/plans/{pid}/events", params=params, headers=api.h("tu"))
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, r.text
    r = api.client.get(f"/plans/{pid}/events", params={"task_id": "khong-co"},
                       headers=api.h("tu"))
    assert r.status_code == 404 and r.json()["detail"].startswith("task_id:"), r.text
