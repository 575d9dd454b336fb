"""Scope on every read (SQLite and PostgreSQL): a plan of which a key sees no task is
answered 404 by every plan route and by the dashboard, in the words used for a plan
that does not exist: its summary, counts, log, tasks, report and drafts stay unseen."""

from __future__ import annotations

from test_hostile_input import KL107, YAML


def test_a_plan_outside_the_key_is_not_found_anywhere(api) -> None:
    r = api.client.post("/plans", params={"scope": "lai-chau", "as_of": "2026-01-15"},
                        content=KL107, headers=api.h("tu", **YAML))
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    missing = pid + 1000
    reads = ["", "/events", "/tasks", "/tasks/lai-chau.ubnd", "/report", "/report?format=csv",
             "/drafts", "/tasks/lai-chau.ubnd/draft", "/tasks/lai-chau.ubnd/events"]
    for path in reads:
        url = f"/plans/{pid}{path}".replace("/tasks/lai-chau.ubnd/events",
                                            "/events?task_id=lai-chau.ubnd")
        seen = api.client.get(url, headers=api.h("tu"))
        assert seen.status_code == 200, (url, seen.text)
        out = api.client.get(url, headers=api.h("hanam"))
        none = api.client.get(url.replace(f"/plans/{pid}", f"/plans/{missing}"),
                              headers=api.h("hanam"))
        assert out.status_code == none.status_code == 404, (url, out.text)
        assert out.json()["detail"] == f"plan_id: không có kế hoạch triển khai mã {pid}", url
        assert none.json()["detail"] == f"plan_id: không có kế hoạch triển khai mã {missing}"
        assert "lai-chau" not in out.json()["detail"] and "created_by" not in out.text
    writes = [("/ingest", {"files": {"file": ("a.txt", b"CONG VAN")}}),
              ("/tasks/lai-chau.ubnd/issued", {
                  "data": {"number": "1", "symbol": "KH-UBND", "date": "2026-01-20"},
                  "files": {"file": ("a.pdf", b"%PDF")}}),
              ("/tasks/lai-chau.ubnd/status", {"json": {"status": "drafted"}})]
    for path, kw in writes:
        r = api.client.post(f"/plans/{pid}{path}", headers=api.h("hanam"), **kw)
        assert r.status_code == 404, (path, r.text)
        assert r.json()["detail"] == f"plan_id: không có kế hoạch triển khai mã {pid}", path
    assert not api.client.app.state.files.exists() or not any(
        p.is_file() for p in api.client.app.state.files.rglob("*"))
    # the dashboard asks the same rule, and tells it as for no plan at all
    page = api.client.get(f"/web/plans/{pid}", headers=api.h("hanam"))
    gone = api.client.get(f"/web/plans/{missing}", headers=api.h("hanam"))
    assert page.status_code == gone.status_code == 404
    assert f"không có kế hoạch triển khai mã {pid}." in page.text
    assert "Lai Châu" not in page.text
    # a key inside sees it, and a key of the same province below the issuer too
    assert api.client.get(f"/plans/{pid}", headers=api.h("so")).status_code == 200
