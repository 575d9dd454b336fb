"""Đôn đốc over HTTP: the list and the công văn, within the key's reach, logged once sent."""

from __future__ import annotations

import io

import docx
from test_plans_api import create, problem

DAY = {"as_of": "2026-04-01"}


def test_list_then_send_and_the_log_counts_it(api) -> None:
    pid = create(api)["id"]
    url = f"/plans/{pid}/reminders"
    r = api.client.get(url, params=DAY, headers=api.h("tu"))
    assert r.status_code == 200, r.text
    listed = r.json()
    assert listed["sender_id"] == "lai-chau.bnc" and listed["new_deadline"] == "2026-04-11"
    overdue = api.client.get(f"/plans/{pid}/report", params=DAY, headers=api.h("tu")).json()
    assert {u["body_id"] for u in listed["units"]} == \
        {o["body_id"] for o in overdue["overdue"]} - {"lai-chau.btv"}
    assert {u["level"] for u in listed["units"]} == {"nhac_nho"}

    # the UBND's key: its own subtree only, in its own name
    mine = api.client.get(url, params={**DAY, "from": "lai-chau.ubnd"}, headers=api.h("ubnd"))
    assert mine.status_code == 200, mine.text
    names = {u["body_id"] for u in mine.json()["units"]}
    theirs = api.client.get(f"/plans/{pid}/report", params=DAY, headers=api.h("ubnd")).json()
    assert names and names <= {o["body_id"] for o in theirs["overdue"]} - {"lai-chau.ubnd"}
    assert "lai-chau.btgdv" not in names and "lai-chau.so-yte" in names
    # without ``from``: the follow-up body of the first document the key sees
    assert api.client.get(url, params=DAY, headers=api.h("ubnd")).json()["sender_id"] == \
        "lai-chau.thanhtra"
    problem(api.client.get(url, params={**DAY, "from": "lai-chau.bnc"},
                           headers=api.h("ubnd")), 403, "lai-chau.bnc")
    problem(api.client.post(url, params=DAY, headers=api.h("ubnd_read")), 403, "chỉ có quyền đọc")

    sent = api.client.post(url, params=DAY, headers=api.h("tu"))
    assert sent.status_code == 200, sent.text
    assert sent.headers["X-Units"] == str(len(listed["units"]))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(sent.content)).paragraphs)
    assert "Kính gửi:" in text and "hoàn thành trước ngày 11/4/2026" in text
    again = api.client.get(url, params=DAY, headers=api.h("tu")).json()
    assert {u["level"] for u in again["units"]} == {"lan_2"}
    log = api.client.get(f"/plans/{pid}/events", params={"task_id": "lai-chau.ubnd"},
                         headers=api.h("tu")).json()["events"]
    assert [e["action"] for e in log] == ["remind"]

    preview = api.client.post(url, params={**DAY, "record": "false"}, headers=api.h("tu"))
    assert preview.status_code == 200
    assert {u["reminder"] for u in api.client.get(url, params=DAY, headers=api.h("tu"))
            .json()["units"]} == {2}


def test_bad_input_is_422(api) -> None:
    pid = create(api)["id"]
    url = f"/plans/{pid}/reminders"
    problem(api.client.get(url, params={**DAY, "new_deadline": "2026-03-01"},
                           headers=api.h("tu")), 422, "hạn mới")
    # before the first deadline (counted from the directive's date, 24/12/2024) nobody is late
    problem(api.client.post(url, params={"as_of": "2024-12-26"}, headers=api.h("tu")), 422,
            "không có cơ quan, đơn vị nào chậm")
    problem(api.client.get("/plans/999/reminders", headers=api.h("tu")), 404, "plan_id")
