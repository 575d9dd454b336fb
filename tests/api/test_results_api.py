"""The báo cáo kết quả over HTTP: the same figures as the report, as JSON and as .docx."""

from __future__ import annotations

import io

import docx
from test_plans_api import create, problem

PERIOD = {"start": "2026-01-15", "end": "2026-04-01"}


def test_figures_equal_the_report_and_the_docx_table(api) -> None:
    pid = create(api)["id"]
    url = f"/plans/{pid}/results"
    r = api.client.get(url, params=PERIOD, headers=api.h("tu"))
    assert r.status_code == 200, r.text
    res = r.json()
    rep = api.client.get(f"/plans/{pid}/report", params={"as_of": PERIOD["end"]},
                         headers=api.h("tu")).json()
    t, o = res["totals"], rep["totals"]
    assert (t["total"], t["on_time"] + t["late"], t["open"], t["overdue"], t["exempt"]) == (
        o["total"], o["issued"], o["pending"] + o["drafted"], o["overdue"], o["exempt"])
    assert {lv["level"]: lv["total"] for lv in rep["by_level"]} == \
        {k: v["total"] for k, v in res["by_level"].items()}

    d = api.client.get(url, params={**PERIOD, "format": "docx"}, headers=api.h("tu"))
    assert d.status_code == 200 and d.content[:2] == b"PK"
    table = docx.Document(io.BytesIO(d.content)).tables[1]
    assert [c.text for c in table.rows[-1].cells][2:] == [
        str(t[k]) for k in ("total", "on_time", "late", "open", "overdue", "exempt")]

    mine = api.client.get(url, params=PERIOD, headers=api.h("ubnd")).json()
    assert mine["sender_id"] == "lai-chau.thanhtra"
    assert mine["totals"]["total"] < t["total"]
    problem(api.client.get(url, params={"start": "2026-05-01", "end": "2026-04-01"},
                           headers=api.h("tu")), 422, "ngày cuối kỳ")
    problem(api.client.get(url, params={**PERIOD, "from": "lai-chau.bnc"},
                           headers=api.h("ubnd")), 403, "không bao quát")
    problem(api.client.get(url, headers=api.h("tu")), 422, "start")


def test_a_task_as_edxml(api) -> None:
    from cascade.edxml.message import from_xml

    pid = create(api)["id"]
    url = f"/plans/{pid}/tasks/lai-chau.ubnd/edxml"
    problem(api.client.get(url, headers=api.h("ubnd")), 422, "number")
    r = api.client.get(url, params={"number": "762", "date": "2026-02-20"},
                       headers=api.h("ubnd"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    msg = from_xml(r.content)
    assert (msg.number, msg.notation, msg.sender.id) == ("762", "UBND-TH", "lai-chau.ubnd")
    problem(api.client.get(f"/plans/{pid}/tasks/lai-chau.btv/edxml",
                           headers=api.h("ubnd")), 403)
