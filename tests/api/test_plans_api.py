"""Plans over HTTP: create from YAML or JSON, read, list tasks by status, place and lateness."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
KL107 = (REPO / "examples" / "kl-107.yaml").read_bytes()
YAML = {"content-type": "application/yaml"}
PROBLEM = "application/problem+json"


def problem(r, status: int, text: str | None = None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    if text:
        assert text in r.json()["detail"], r.json()
    return r.json()


def create(api, key: str = "tu", body: bytes = KL107, **extra) -> dict:
    r = api.client.post("/plans", params={"scope": "lai-chau", "as_of": "2026-01-15"},
                        content=body, headers=api.h(key, **YAML, **extra))
    assert r.status_code == 201, r.text
    return r.json()


def test_create_from_yaml_and_read(api) -> None:
    plan = create(api)
    assert plan["directive"]["number"] == "107-KL/TW"
    assert plan["scope"] == ["lai-chau"] and plan["as_of"] == "2026-01-15"
    assert plan["tasks"] > 50 and plan["by_status"]["pending"] == plan["tasks"]
    r = api.client.get(f"/plans/{plan['id']}", headers=api.h("ubnd_read"))
    assert r.status_code == 200 and r.json() == plan
    problem(api.client.get("/plans/999", headers=api.h("ubnd_read")), 404, "plan_id")


def test_create_from_json_same_plan(api) -> None:
    data = yaml.safe_load(KL107)
    body = json.dumps(data, default=str).encode()
    r = api.client.post("/plans", params={"scope": "lai-chau", "as_of": "2026-01-15"},
                        content=body, headers=api.h("tu", **{"content-type":
                                                             "application/json"}))
    assert r.status_code == 201, r.text
    assert r.json()["tasks"] == create(api)["tasks"]


def test_create_needs_a_key_covering_every_task(api) -> None:
    r = api.client.post("/plans", params={"scope": "lai-chau", "as_of": "2026-01-15"},
                        content=KL107, headers=api.h("ubnd", **YAML))
    problem(r, 403, "does not cover")
    r = api.client.post("/plans", params={"scope": "lai-chau"}, content=KL107,
                        headers=api.h("ubnd_read", **YAML))
    problem(r, 403, "read-only")


def test_bad_directives_are_422_naming_the_field(api) -> None:
    def post(body: bytes, ctype: str = "application/yaml", **params):
        return api.client.post("/plans", params=params or {"scope": "lai-chau"},
                               content=body, headers=api.h("tu", **{"content-type": ctype}))

    problem(post(b""), 422, "body")
    problem(post(b"issuer: [unclosed"), 422, "YAML")
    problem(post(b"{bad json", "application/json"), 422, "JSON")
    problem(post(b"- a\n- b\n"), 422, "body")
    problem(post(KL107.replace(b"date: 2024-12-24", b"date: 2024-13-24")), 422, "date")
    problem(post(KL107.replace(b"issuer: tw.bct", b"issuer: tw.khong-co")), 422, "tw.khong-co")
    problem(post(KL107, scope="atlantis"), 422, "atlantis")
    problem(post(KL107, scope="lai-chau", as_of="2026-02-30"), 422, "as_of")
    problem(post(KL107, "image/png"), 415, "Content-Type")
    problem(post(b"\xff\xfe", "application/yaml"), 422, "UTF-8")


def test_idempotent_create(api) -> None:
    a = create(api, **{"Idempotency-Key": "plan-1"})
    b = create(api, **{"Idempotency-Key": "plan-1"})
    assert a == b
    c = create(api)
    assert c["id"] != a["id"]


def test_tasks_filters_and_subtree(api) -> None:
    plan = create(api)
    pid = plan["id"]

    def tasks(key: str = "tu", **params) -> dict:
        r = api.client.get(f"/plans/{pid}/tasks", params=params, headers=api.h(key))
        assert r.status_code == 200, r.text
        return r.json()

    every = tasks()
    assert every["total"] == plan["tasks"]
    t0 = every["tasks"][0]
    assert t0["id"] == "lai-chau.btv" and t0["parents"] == ["directive"]
    communes = tasks(level="commune")
    assert communes["total"] > 0 and {t["level"] for t in communes["tasks"]} == {"commune"}
    assert tasks(province="lai-chau")["total"] == plan["tasks"]
    assert tasks(province="ha-nam")["total"] == 0
    assert tasks(status="issued")["total"] == 0
    # overdue against a day: nothing before the first deadline, everything long after
    first = min(dt.date.fromisoformat(t["deadline"]) for t in every["tasks"])
    assert tasks(overdue="true", as_of=first.isoformat())["total"] == 0
    late = tasks(overdue="true", as_of="2027-01-01")
    assert late["total"] == plan["tasks"]
    assert all(t["overdue"] and t["days_late"] > 0 for t in late["tasks"])
    assert tasks(overdue="false", as_of="2027-01-01")["total"] == 0
    page = tasks(limit=5, offset=5)
    assert [t["id"] for t in page["tasks"]] == [t["id"] for t in every["tasks"][5:10]]
    # a unit key sees its own subtree only
    mine = tasks("ubnd_read")
    assert 0 < mine["total"] < plan["tasks"]
    assert "lai-chau.ubnd" in {t["body_id"] for t in mine["tasks"]}
    assert "lai-chau.btv" not in {t["body_id"] for t in mine["tasks"]}
    assert tasks("hanam")["total"] == 0
    for bad in ({"status": "done"}, {"level": "village"}, {"overdue": "maybe"},
                {"limit": "0"}, {"as_of": "yesterday"}):
        field = next(iter(bad))
        problem(api.client.get(f"/plans/{pid}/tasks", params=bad, headers=api.h("tu")),
                422, field)
