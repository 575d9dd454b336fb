"""Directives list, plan page (SVG, matrix, overdue, filters, search), exports, isolation."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

from openpyxl import load_workbook

from api.web.labels import STATE_COLOUR
from cascade.store.access import subtree_ids
from cascade.store.report import HEAD_ROW, build_report
from cascade.store.rows import PlanRow

DAY = "2025-06-01"  # every deadline of the 2025 plan has passed: open tasks are late


def figures(html: str, plan_id: int) -> dict[str, int]:
    block = html.split(f'data-plan="{plan_id}"', 1)[1].split("</dl>", 1)[0]
    return {k: int(re.search(rf'<dd class="{k}">(\d+)</dd>', block).group(1))
            for k in ("issued", "due", "overdue")}


def report_for(web, chart, key_body: str, plan_id: int) -> dict:
    with web.store.read() as s:
        plan = s.get(PlanRow, plan_id)
        allowed = subtree_ids(chart, key_body, plan.as_of)
        visible = None if plan.data["issuer_id"] in allowed else allowed
        return build_report(s, plan_id, dt.date.fromisoformat(DAY), visible)


def test_directives_list_figures_equal_the_report(web, chart) -> None:
    for key, body in (("tu", "lai-chau.tu"), ("so", "lai-chau.so-vhttdl"),
                      ("bct", "tw.bct")):
        c = web.signed_in(key)
        r = c.get("/web/", params={"as_of": DAY})
        assert r.status_code == 200
        assert "Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị" in r.text
        for plan_id in web.plans.values():
            rep = report_for(web, chart, body, plan_id)["totals"]
            got = figures(r.text, plan_id)
            assert got == {"issued": rep["issued"], "due": rep["total"] - rep["exempt"],
                           "overdue": rep["overdue"]}, (key, plan_id)


def test_plan_page_draws_a_node_per_province_coloured_by_status(web) -> None:
    pid = web.plans["both"]
    c = web.signed_in("bct")
    r = c.get(f"/web/plans/{pid}", params={"as_of": DAY})
    assert r.status_code == 200
    svg = r.text.split("<svg", 1)[1].split("</svg>", 1)[0]
    # the lower levels fold into one node per province, each a link to its own view
    for province in ("lai-chau", "ha-nam"):
        assert f'data-id="fold:{province}"' in svg
        assert f'href="/web/plans/{pid}?province={province}' in svg
    assert 'data-id="fold:' in svg and svg.count('data-id="fold:') == 2
    # provincial tasks are individual nodes; all late on 1/6/2025 → red
    node = re.search(r'data-id="ha-nam.btv" data-state="(\w+)">.*?fill="(#\w+)"', svg)
    assert node and node.group(1) == "overdue" and node.group(2) == STATE_COLOUR["overdue"]
    assert "Trạng thái" in r.text and "Bảng bao phủ theo tỉnh, thành phố" in r.text


def test_province_view_shows_communes_as_nodes(web) -> None:
    pid = web.plans["both"]
    c = web.signed_in("tu")
    r = c.get(f"/web/plans/{pid}", params={"province": "lai-chau", "as_of": DAY})
    assert r.status_code == 200
    svg = r.text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "fold:" not in svg
    ids = re.findall(r'class="node" data-id="([^"]+)"', svg)
    assert any(i.startswith("x") for i in ids) and any(i.startswith("d1") for i in ids)
    assert "Xã " in r.text and "Bảng bao phủ theo đơn vị hành chính" in r.text
    # an issued task turns green once the status changes
    with web.store.read() as s:
        from cascade.store.rows import PlanTaskRow

        issued = [t.id for t in s.query(PlanTaskRow).filter_by(plan_id=pid, status="issued")]
    for tid in issued:
        assert re.search(rf'data-id="{re.escape(tid)}" data-state="issued"', svg)


def test_a_unit_sees_only_its_subtree(web) -> None:
    pid = web.plans["both"]
    c = web.signed_in("tu")
    r = c.get(f"/web/plans/{pid}", params={"as_of": DAY})
    assert r.status_code == 200
    assert "Lai Châu" in r.text and "Hà Nam" not in r.text and "ha-nam" not in r.text
    r = c.get(f"/web/plans/{pid}/tasks/ha-nam.ubnd")
    assert r.status_code == 403 and "không thuộc phạm vi" in r.text
    assert c.get(f"/web/plans/{pid}", params={"province": "ha-nam"}).text.count(
        'class="node"') == 1  # only the directive: no Hà Nam task is visible
    # a Sở sees only itself
    so = web.signed_in("so")
    r = so.get(f"/web/plans/{pid}", params={"as_of": DAY})
    assert r.status_code == 200
    ids = re.findall(r'class="node" data-id="([^"]+)"', r.text)
    assert ids == ["directive", "lai-chau.so-vhttdl"]
    assert so.get(f"/web/plans/{pid}/tasks/lai-chau.ubnd").status_code == 403
    assert so.get(f"/web/plans/{pid}/tasks/lai-chau.so-vhttdl").status_code == 200
    # a Hà Nam key is refused Lai Châu's tasks and the 2026 Lai Châu plan altogether
    hn = web.signed_in("hanam")
    assert hn.get(f"/web/plans/{pid}/tasks/lai-chau.ubnd").status_code == 403
    assert hn.get(f"/web/plans/{web.plans['y2026']}").status_code == 404


def node_ids(html: str) -> set[str]:
    return set(re.findall(r'class="node" data-id="([^"]+)"', html)) - {"directive"}


def test_search_tolerates_spelling_variants(web) -> None:
    pid = web.plans["both"]
    c = web.signed_in("bct")
    found = {}
    for q in ("Thành ủy", "Thành uỷ", "thành ủy", "THÀNH ỦY", "thanh uy",
              unicodedata.normalize("NFD", "Thành uỷ")):
        r = c.get(f"/web/plans/{pid}", params={"q": q, "province": "", "level": "district"})
        assert r.status_code == 200, q
        found[q] = node_ids(r.text)
    assert len({frozenset(v) for v in found.values()}) == 1, found
    ids = found["Thành ủy"]  # a search shows units one by one, even nationally
    assert len(ids) == 2 and "d105.btv" in ids, ids
    r = c.get(f"/web/plans/{pid}", params={"q": "thanh uy", "level": "district"})
    assert "Ban Thường vụ Thành ủy Phủ Lý" in r.text
    assert "Ban Thường vụ Thành ủy Lai Châu" in r.text
    # UBND ↔ Ủy ban nhân dân, Hoà ↔ Hòa; Đ is not D
    ubnd = node_ids(c.get(f"/web/plans/{pid}", params={"q": "UBND huyện Tam Đường",
                                                       "province": "lai-chau"}).text)
    full = node_ids(c.get(f"/web/plans/{pid}", params={"q": "Ủy ban nhân dân huyện Tam Đường",
                                                       "province": "lai-chau"}).text)
    assert ubnd == full == {"d106.ubnd"}
    hoa = [node_ids(c.get(f"/web/plans/{pid}", params={"q": q, "province": "ha-nam"}).text)
           for q in ("xã Hòa Hậu", "xã Hoà Hậu", "XÃ HOÀ HẬU")]
    assert hoa[0] and hoa[0] == hoa[1] == hoa[2] and all(i.startswith("x") for i in hoa[0])
    dang = node_ids(c.get(f"/web/plans/{pid}", params={"q": "dang uy",
                                                       "province": "lai-chau"}).text)
    assert not any("Đảng" in x for x in dang)


def test_bad_filters_name_the_field_in_vietnamese(web) -> None:
    pid = web.plans["both"]
    c = web.signed_in("bct")
    for params, text in (({"level": "galaxy"}, "Cấp:"),
                         ({"status": "x"}, "Trạng thái:"),
                         ({"kind": "x"}, "Loại cơ quan:"),
                         ({"province": "atlantis"}, "Tỉnh, thành phố:"),
                         ({"as_of": "31/02/2025"}, "Tính đến ngày: phải là ngày")):
        r = c.get(f"/web/plans/{pid}", params=params)
        assert r.status_code == 422 and text in r.text, (params, r.text[-400:])
    r = c.get("/web/plans/abc")
    assert r.status_code == 422 and "Mã kế hoạch: phải là một số nguyên" in r.text
    r = c.get("/web/plans/99999")
    assert r.status_code == 404 and "không có kế hoạch số 99999" in r.text


def test_filters_by_level_kind_and_status(web) -> None:
    pid = web.plans["both"]
    c = web.signed_in("tu")
    r = c.get(f"/web/plans/{pid}", params={"province": "lai-chau", "kind": "department"})
    ids = node_ids(r.text)
    assert ids and all(".so-" in i for i in ids)
    r = c.get(f"/web/plans/{pid}", params={"province": "lai-chau", "level": "district"})
    assert node_ids(r.text) and all(i.startswith("d1") for i in node_ids(r.text))
    r = c.get(f"/web/plans/{pid}", params={"status": "exempt", "as_of": DAY})
    assert node_ids(r.text) <= {"lai-chau.so-gtvt"}


def test_exports_carry_title_date_stt_and_totals(web) -> None:
    pid = web.plans["both"]
    c = web.signed_in("bct")
    x = c.get(f"/web/plans/{pid}/export", params={"format": "xlsx", "as_of": DAY})
    assert x.status_code == 200 and x.headers["content-type"].startswith(
        "application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(x.content))
    assert wb.sheetnames == ["Theo tỉnh", "Theo cấp", "Quá hạn"]
    ws = wb["Theo tỉnh"]
    assert ws["A1"].value.startswith("BÁO CÁO TÌNH HÌNH TRIỂN KHAI KẾT LUẬN SỐ 107-KL/TW "
                                     "NGÀY 24/12/2024 CỦA BỘ CHÍNH TRỊ")
    assert ws["A2"].value == "(Số liệu tính đến ngày 01/06/2025)"
    head = [c.value for c in ws[HEAD_ROW]]
    assert head[:3] == ["STT", "Tỉnh, thành phố", "Chưa thực hiện"] and head[-1] == "Tổng số"
    body = list(ws.iter_rows(min_row=HEAD_ROW + 1, values_only=True))
    assert [r[0] for r in body[:-1]] == [1, 2]
    assert body[-1][1] == "Tổng cộng" and body[-1][-1] == sum(r[-1] for r in body[:-1])
    late = wb["Quá hạn"]
    assert late.cell(HEAD_ROW, 7).value == "Số ngày chậm"
    assert late.cell(HEAD_ROW + 1, 1).value == 1
    assert re.match(r"\d\d/\d\d/\d{4}$", late.cell(HEAD_ROW + 1, 6).value)
    # a province's export has its units, CSV too
    x = c.get(f"/web/plans/{pid}/export", params={"format": "xlsx", "province": "lai-chau"})
    assert "Theo đơn vị" in load_workbook(io.BytesIO(x.content)).sheetnames
    csv = c.get(f"/web/plans/{pid}/export", params={"format": "csv", "table": "unit",
                                                    "province": "lai-chau", "as_of": DAY})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("BÁO CÁO") and "01/06/2025" in lines[1]
    assert lines[3].startswith("STT,Đơn vị hành chính") and lines[4].startswith("1,")
    assert lines[-1].startswith(",Tổng cộng")
    r = c.get(f"/web/plans/{pid}/export", params={"format": "pdf"})
    assert r.status_code == 422 and "Định dạng:" in r.text
