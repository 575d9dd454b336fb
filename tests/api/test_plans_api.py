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
    problem(r, 403, "không bao quát")
    r = api.client.post("/plans", params={"scope": "lai-chau"}, content=KL107,
                        headers=api.h("ubnd_read", **YAML))
    problem(r, 403, "chỉ có quyền đọc")


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
    # a key that sees no task of the plan is told there is no such plan (tests/api/test_scope)
    problem(api.client.get(f"/plans/{pid}/tasks", headers=api.h("hanam")), 404, "plan_id")
    for bad in ({"status": "done"}, {"level": "village"}, {"overdue": "maybe"},
                {"limit": "0"}, {"as_of": "yesterday"}):
        field = next(iter(bad))
        problem(api.client.get(f"/plans/{pid}/tasks", params=bad, headers=api.h("tu")),
                422, field)


def test_status_changes(api) -> None:
    pid = create(api)["id"]
    url = f"/plans/{pid}/tasks/lai-chau.ubnd"
    r = api.client.post(f"{url}/status", json={"status": "drafted"}, headers=api.h("ubnd"))
    assert r.status_code == 200 and r.json()["status"] == "drafted"
    problem(api.client.post(f"{url}/status", json={"status": "exempt"},
                            headers=api.h("ubnd")), 422, "reason")
    r = api.client.post(f"{url}/status", json={"status": "exempt", "reason": "Đã có văn bản "
                                               "chỉ đạo chung"}, headers=api.h("ubnd"))
    assert r.json()["status"] == "exempt" and r.json()["exempt_reason"].startswith("Đã có")
    got = api.client.get(url, params={"as_of": "2027-01-01"}, headers=api.h("ubnd_read"))
    assert got.json()["status"] == "exempt" and got.json()["overdue"] is False
    problem(api.client.post(f"{url}/status", json={"status": "issued"},
                            headers=api.h("ubnd")), 422, "status")
    problem(api.client.post(f"{url}/status", json={"status": "drafted"},
                            headers=api.h("ubnd_read")), 403)
    problem(api.client.post(f"/plans/{pid}/tasks/lai-chau.btv/status",
                            json={"status": "drafted"}, headers=api.h("ubnd")), 403, "task_id")
    problem(api.client.post(f"/plans/{pid}/tasks/nope/status", json={"status": "drafted"},
                            headers=api.h("ubnd")), 404, "nope")
    problem(api.client.post("/plans/999/tasks/nope/status", json={"status": "drafted"},
                            headers=api.h("ubnd")), 404, "plan_id")


def test_record_issued_document(api, tmp_path) -> None:
    pid = create(api)["id"]
    url = f"/plans/{pid}/tasks/lai-chau.ubnd"
    num = api.client.post("/numbers", json={"body_id": "lai-chau.ubnd", "doc_type": "CV",
                                            "symbol": "UBND-TH", "date": "2026-01-20"},
                          headers=api.h("ubnd")).json()
    pdf = b"%PDF-1.4 signed document"
    form = {"number": num["number_text"], "symbol": "UBND-TH", "date": "2026-01-20",
            "signer": "Lê Văn Lương", "allocation_id": str(num["id"])}
    h = api.h("ubnd", **{"Idempotency-Key": "issue-1"})
    r = api.client.post(f"{url}/issued", data=form,
                        files={"file": ("cv-01.pdf", pdf, "application/pdf")}, headers=h)
    assert r.status_code == 201, r.text
    doc = r.json()
    assert (doc["number"], doc["symbol"], doc["task_id"]) == ("01", "UBND-TH", "lai-chau.ubnd")
    again = api.client.post(f"{url}/issued", data=form,
                            files={"file": ("cv-01.pdf", pdf, "application/pdf")}, headers=h)
    assert again.status_code == 201 and again.json() == doc
    stored = list((tmp_path / "files").rglob("*.pdf"))
    assert len(stored) == 1 and stored[0].read_bytes() == pdf
    t = api.client.get(url, headers=api.h("ubnd_read")).json()
    assert (t["status"], t["number"], t["date"]) == ("issued", "01", "2026-01-20")
    issued = api.client.get(f"/plans/{pid}/tasks", params={"status": "issued"},
                            headers=api.h("tu")).json()
    assert [x["id"] for x in issued["tasks"]] == ["lai-chau.ubnd"]
    # a second record for the same task, a status change after issue: conflicts
    problem(api.client.post(f"{url}/issued", data=form,
                            files={"file": ("x.pdf", pdf, "application/pdf")},
                            headers=api.h("ubnd")), 409, "đã được ghi nhận ban hành")
    problem(api.client.post(f"{url}/status", json={"status": "pending"},
                            headers=api.h("ubnd")), 409)


def test_record_issued_bad_input(api) -> None:
    pid = create(api)["id"]
    url = f"/plans/{pid}/tasks/lai-chau.ubnd/issued"
    f = {"file": ("a.pdf", b"x", "application/pdf")}
    ok = {"number": "12", "symbol": "UBND-TH", "date": "2026-01-20"}
    for bad, field in [({**ok, "number": "12a"}, "number"), ({**ok, "date": "20/01/2026"},
                       "date"), ({k: v for k, v in ok.items() if k != "symbol"}, "symbol")]:
        problem(api.client.post(url, data=bad, files=f, headers=api.h("ubnd")), 422, field)
    problem(api.client.post(url, data=ok, headers=api.h("ubnd")), 422, "file")
    problem(api.client.post(url, data=ok, files={"file": ("a.pdf", b"", "application/pdf")},
                            headers=api.h("ubnd")), 422, "file")
    problem(api.client.post(url, data={**ok, "allocation_id": "99999"}, files=f,
                            headers=api.h("ubnd")), 404, "allocation_id")
    problem(api.client.post(f"/plans/{pid}/tasks/c03390.btv/issued", data=ok, files=f,
                            headers=api.h("ubnd")), 403, "task_id")


def test_report_json_csv_xlsx(api) -> None:
    import io

    from openpyxl import load_workbook

    plan = create(api)
    pid = plan["id"]
    api.client.post(f"/plans/{pid}/tasks/lai-chau.ubnd/status",
                    json={"status": "exempt", "reason": "Lồng ghép"}, headers=api.h("ubnd"))
    rep = api.client.get(f"/plans/{pid}/report", params={"as_of": "2026-06-01"},
                         headers=api.h("tu"))
    assert rep.status_code == 200, rep.text
    r = rep.json()
    assert r["totals"]["total"] == plan["tasks"] and r["totals"]["exempt"] == 1
    assert r["totals"]["overdue"] == plan["tasks"] - 1  # all late on 1/6/2026 but the exempt
    assert r["by_province"] == [{**r["totals"], "province": "lai-chau",
                                 "province_name": r["by_province"][0]["province_name"]}]
    assert "Lai Châu" in r["by_province"][0]["province_name"]
    assert {x["level"] for x in r["by_level"]} == {"province", "commune"}
    assert sum(x["total"] for x in r["by_level"]) == plan["tasks"]
    late = r["overdue"]
    assert late[0]["days_late"] >= late[-1]["days_late"] > 0
    assert "lai-chau.ubnd" not in {x["body_id"] for x in late}
    # the unit's own view: its subtree only
    mine = api.client.get(f"/plans/{pid}/report", headers=api.h("ubnd_read")).json()
    assert 0 < mine["totals"]["total"] < plan["tasks"]

    csv_r = api.client.get(f"/plans/{pid}/report", headers=api.h("tu"),
                           params={"format": "csv", "table": "overdue", "as_of": "2026-06-01"})
    assert csv_r.status_code == 200 and csv_r.headers["content-type"].startswith("text/csv")
    text = csv_r.content.decode("utf-8-sig")
    lines = text.splitlines()  # title, date line, blank, headings, rows, totals
    assert lines[0].startswith("BÁO CÁO TÌNH HÌNH TRIỂN KHAI KẾT LUẬN SỐ 107-KL/TW")
    assert lines[3].startswith('STT,"Cơ quan, đơn vị","Tỉnh, thành phố"')
    assert lines[3].endswith(",Mã cơ quan")
    assert len(lines) == 4 + len(late) + 1 and lines[-1].startswith(',"Tổng cộng')
    assert ".csv" in csv_r.headers["content-disposition"]
    x = api.client.get(f"/plans/{pid}/report", params={"format": "xlsx"}, headers=api.h("tu"))
    assert x.status_code == 200
    wb = load_workbook(io.BytesIO(x.content))
    assert wb.sheetnames == ["Theo tỉnh", "Theo cấp", "Quá hạn"]
    assert wb["Theo tỉnh"]["B4"].value == "Tỉnh, thành phố"
    problem(api.client.get(f"/plans/{pid}/report", params={"format": "pdf"},
                           headers=api.h("tu")), 422, "format")
    problem(api.client.get("/plans/4242/report", headers=api.h("tu")), 404, "plan_id")


def _docx_text(data: bytes) -> str:
    import io

    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_drafts_cite_the_parent_once_issued(api) -> None:
    import io
    import zipfile

    pid = create(api)["id"]
    ubnd = f"/plans/{pid}/tasks/lai-chau.ubnd"
    parents = api.client.get(ubnd, headers=api.h("ubnd_read")).json()["parents"]
    parent = "lai-chau.dubnd"  # beside the Tỉnh ủy's letter (lai-chau.btv), seed 002
    assert parents == ["lai-chau.btv", parent]
    r = api.client.get(f"{ubnd}/draft", headers=api.h("ubnd_read"))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    before = _docx_text(r.content)
    assert "Kết luận số 107-KL/TW" in before or "107-KL/TW" in before
    # the parent (Đảng ủy UBND tỉnh) records its signed plan
    rec = api.client.post(f"/plans/{pid}/tasks/{parent}/issued",
                          data={"number": "15", "symbol": "KH/ĐU", "date": "2026-01-22"},
                          files={"file": ("kh.pdf", b"%PDF signed", "application/pdf")},
                          headers=api.h("tu"))
    assert rec.status_code == 201, rec.text
    after = _docx_text(api.client.get(f"{ubnd}/draft", headers=api.h("ubnd_read")).content)
    assert "15-KH/ĐU" in after and "22/01/2026" in after
    assert "15-KH/ĐU" not in before
    # many at once, as a zip, within the key's subtree
    z = api.client.get(f"/plans/{pid}/drafts", params={"level": "province", "limit": 3},
                       headers=api.h("tu"))
    assert z.status_code == 200 and z.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(z.content)).namelist()
    assert len(names) == 3 and all(n.startswith("lai-chau/") for n in names)
    problem(api.client.get(f"/plans/{pid}/tasks/lai-chau.btv/draft",
                           headers=api.h("ubnd_read")), 403)
    problem(api.client.get(f"/plans/{pid}/drafts", params={"province": "ha-nam"},
                           headers=api.h("tu")), 404, "tasks")
