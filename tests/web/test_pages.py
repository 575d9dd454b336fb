"""Directives list, plan page (SVG, matrix, overdue, filters, search), exports, isolation."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

from openpyxl import load_workbook

from api.web.labels import STATE_COLOUR, vn_int
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


def diagram(html: str) -> str:
    """The page's cascade diagram (its bands of tiles)."""
    return html.split('<section class="diagram">', 1)[1].split("</section>", 1)[0]


def test_plans_are_named_by_their_scope_as_the_key_may_know_it(web, chart) -> None:
    both, y2026 = web.plans["both"], web.plans["y2026"]

    def names(key: str) -> dict[int, str]:
        html = web.signed_in(key).get("/web/").text
        return {int(i): re.sub(r"\s+", " ", n).strip() for i, n in re.findall(
            r'<a class="plan-link" href="/web/plans/(\d+)[^"]*">(.*?)</a>', html, re.S)}

    assert names("bct") == {both: "Hà Nam, Lai Châu · sơ đồ tổ chức ngày 15/01/2025",
                            y2026: "Điện Biên, Lai Châu · sơ đồ tổ chức ngày 15/01/2026"}
    # a Lai Châu key is not told which other provinces the plans cover
    assert names("tu") == {both: "Lai Châu · sơ đồ tổ chức ngày 15/01/2025",
                           y2026: "Lai Châu · sơ đồ tổ chức ngày 15/01/2026"}
    page = web.signed_in("tu").get(f"/web/plans/{both}").text
    crumbs = page.split('<nav class="crumbs">', 1)[1].split("</nav>", 1)[0]
    assert "Kết luận số 107-KL/TW · Lai Châu" in crumbs and "Kế hoạch số" not in page
    assert "Kế hoạch triển khai: Lai Châu · sơ đồ tổ chức ngày 15/01/2025" in page


def test_plan_page_draws_a_tile_per_province_coloured_by_status(web) -> None:
    pid = web.plans["both"]
    c = web.signed_in("bct")
    r = c.get(f"/web/plans/{pid}", params={"as_of": DAY})
    assert r.status_code == 200
    d = diagram(r.text)
    # nationally each province folds into one tile, a link to its own view, whose bar
    # counts its tasks by state: all late on 1/6/2025 but the exempt one
    rep = build_report_as_of(web, pid)
    for province in ("lai-chau", "ha-nam"):
        tile = re.search(rf'<a href="(/web/plans/{pid}\?province={province}[^"]*)" '
                         rf'class="node[^"]*fold" data-id="fold:{province}" '
                         r'data-state="mixed".*?</a>', d, re.S)
        assert tile, province
        late = re.search(r'data-state="overdue" data-count="(\d+)"', tile.group(0))
        row = next(x for x in rep["by_province"] if x["province"] == province)
        assert late and int(late.group(1)) == row["overdue"] > 0
        assert f"{row['overdue']} quá hạn" in tile.group(0)
    assert d.count('data-id="fold:') == 2
    assert 'data-id="ha-nam.btv"' not in d  # no provincial body drawn one by one
    # a province's view draws each body; late → red, and said in words
    r = c.get(f"/web/plans/{pid}", params={"as_of": DAY, "province": "ha-nam"})
    node = re.search(r'data-id="ha-nam.btv" data-state="(\w+)".*?border-left-color: '
                     r'(#\w+).*?class="note">([^<]+)<', diagram(r.text), re.S)
    assert node and node.group(1) == "overdue" and node.group(2) == STATE_COLOUR["overdue"]
    assert re.fullmatch(r"Quá hạn \d+ ngày", node.group(3))
    assert "Trạng thái" in r.text and "Bảng bao phủ theo đơn vị hành chính" in r.text


def build_report_as_of(web, plan_id: int) -> dict:
    with web.store.read() as s:
        return build_report(s, plan_id, dt.date.fromisoformat(DAY))


def test_province_view_shows_communes_as_tiles_under_the_parent_they_cite(web) -> None:
    pid = web.plans["both"]
    c = web.signed_in("tu")
    r = c.get(f"/web/plans/{pid}", params={"province": "lai-chau", "as_of": DAY})
    assert r.status_code == 200
    d = diagram(r.text)
    assert "fold:" not in d
    ids = re.findall(r'class="node[^"]*" data-id="([^"]+)"', d)
    assert any(i.startswith("x") for i in ids) and any(i.startswith("d1") for i in ids)
    assert "Xã " in r.text and "Bảng bao phủ theo đơn vị hành chính" in r.text
    # each step says whose documents it carries out: the first, the directive
    bands = re.findall(r'data-band="step-(\d+)".*?class="cites">([^<]+)<', d, re.S)
    assert bands[0] == ("1", "Thực hiện: 107-KL/TW")
    assert any("Ban Thường vụ Tỉnh ủy Lai Châu" in cites for _, cites in bands[1:])
    # an issued task turns green once the status changes
    with web.store.read() as s:
        from cascade.store.rows import PlanTaskRow

        issued = [t.id for t in s.query(PlanTaskRow).filter_by(plan_id=pid, status="issued")]
    for tid in issued:
        assert re.search(rf'data-id="{re.escape(tid)}" data-state="issued"', d)


def test_a_large_step_starts_folded_and_prints_at_most_its_cap(web, monkeypatch) -> None:
    from api.web import graph

    pid = web.plans["both"]
    c = web.signed_in("bct")
    params = {"province": "lai-chau", "level": "commune", "as_of": DAY}
    wide = diagram(c.get(f"/web/plans/{pid}", params=params).text)
    sizes = {b: int(n) for b, n in re.findall(
        r'data-band="(step-\d+)".*?class="band-head">Bước \d+ · (\d+) ', wide, re.S)}
    big = max(sizes, key=sizes.get)
    assert sizes[big] > 20
    monkeypatch.setattr(graph, "OPEN_UP_TO", 10)
    monkeypatch.setattr(graph, "BAND_CAP", 5)
    d = diagram(c.get(f"/web/plans/{pid}", params=params).text)
    band = d.split(f'data-band="{big}"', 1)[1].split("</details>", 1)[0]
    assert band.startswith(">")  # not open
    assert band.count('class="node') == 5
    assert f"Còn {sizes[big] - 5} cơ quan, đơn vị khác ở bước này" in band


def test_a_unit_sees_only_its_subtree(web) -> None:
    pid = web.plans["both"]
    c = web.signed_in("tu")
    r = c.get(f"/web/plans/{pid}", params={"as_of": DAY})
    assert r.status_code == 200
    assert "Lai Châu" in r.text and "Hà Nam" not in r.text and "ha-nam" not in r.text
    r = c.get(f"/web/plans/{pid}/tasks/ha-nam.ubnd")
    assert r.status_code == 403 and "không thuộc phạm vi" in r.text
    assert node_ids(c.get(f"/web/plans/{pid}", params={"province": "ha-nam"}).text) \
        == set()  # only the directive: no Hà Nam task is visible
    # a Sở sees only itself
    so = web.signed_in("so")
    r = so.get(f"/web/plans/{pid}", params={"as_of": DAY})
    assert r.status_code == 200
    ids = re.findall(r'class="node[^"]*" data-id="([^"]+)"', r.text)
    assert ids == ["directive", "lai-chau.so-vhttdl"]  # one province: nothing to fold
    assert so.get(f"/web/plans/{pid}/tasks/lai-chau.ubnd").status_code == 403
    assert so.get(f"/web/plans/{pid}/tasks/lai-chau.so-vhttdl").status_code == 200
    # a Hà Nam key is refused Lai Châu's tasks and the 2026 Lai Châu plan altogether
    hn = web.signed_in("hanam")
    assert hn.get(f"/web/plans/{pid}/tasks/lai-chau.ubnd").status_code == 403
    assert hn.get(f"/web/plans/{web.plans['y2026']}").status_code == 404


def node_ids(html: str) -> set[str]:
    return set(re.findall(r'class="node[^"]*" data-id="([^"]+)"', html)) - {"directive"}


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
    # the two Thành ủy's BTV and, since they plan their checks, their UBKT
    assert ids == {"d105.btv", "d105.ubkt", "d347.btv", "d347.ubkt"}, ids
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
    assert r.status_code == 404 and "không có kế hoạch triển khai mã 99999" in r.text


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


def table_heads(html: str, css_class: str) -> list[str]:
    head = html.split(f'<table class="{css_class}">', 1)[1].split("</thead>", 1)[0]
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th[^>]*>(.*?)</th>", head)]


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
    body = list(ws.iter_rows(min_row=HEAD_ROW + 1, values_only=True))
    assert [r[0] for r in body[:-1]] == [1, 2]
    total = head.index("Tổng số")
    assert body[-1][1] == "Tổng cộng" and body[-1][total] == sum(r[total] for r in body[:-1])
    # the sheet's columns are the page's, in the page's order
    page = c.get(f"/web/plans/{pid}", params={"as_of": DAY}).text
    assert head == table_heads(page, "matrix")
    late = wb["Quá hạn"]
    late_head = [c.value for c in late[HEAD_ROW]]
    assert late_head[:-1] == table_heads(page, "overdue") and late_head[-1] == "Mã cơ quan"
    assert late.cell(HEAD_ROW + 1, 1).value == 1
    # a deadline is a date cell printed dd/mm/yyyy, the days late a number
    deadline = late.cell(HEAD_ROW + 1, late_head.index("Hạn ban hành") + 1)
    assert isinstance(deadline.value, dt.datetime) and deadline.number_format == "dd/mm/yyyy"
    first = re.search(r'<table class="overdue">.*?<tbody>\s*<tr>(.*?)</tr>', page, re.S).group(1)
    assert f"{deadline.value:%d/%m/%Y}" in first
    assert isinstance(late.cell(HEAD_ROW + 1, late_head.index("Số ngày chậm") + 1).value, int)
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


def test_the_overdue_list_is_paged_in_the_order_of_the_export(web) -> None:
    pid = web.plans["both"]
    c = web.signed_in("bct")
    rep = build_report_as_of(web, pid)["overdue"]
    assert len(rep) > 120  # three pages at least

    def shown(page: int) -> list[tuple[int, str]]:
        r = c.get(f"/web/plans/{pid}", params={"as_of": DAY, "page": str(page)})
        assert r.status_code == 200, r.text[-500:]
        body = r.text.split('<table class="overdue">', 1)[1].split("</tbody>", 1)[0]
        return [(int(n), tid) for n, tid in re.findall(
            r'<td class="n">(\d+)</td><td class="name"><a href="[^"]*/tasks/([^"?]+)', body)]

    first, second = shown(1), shown(2)
    assert [n for n, _ in first] == list(range(1, 51))
    assert [n for n, _ in second] == list(range(51, 101))
    assert [t for _, t in first + second] == [r["task_id"] for r in rep[:100]]
    last = (len(rep) + 49) // 50
    page = c.get(f"/web/plans/{pid}", params={"as_of": DAY, "page": "2"}).text
    pager = page.split('<nav class="pager"', 1)[1].split("</nav>", 1)[0]
    assert f"Trang 2/{last} (51–100 trên {vn_int(len(rep))})" in pager
    assert "page=3#qua-han" in pager and "as_of=2025-06-01" in pager
    assert f"page={last}#qua-han" in pager and "rel=\"prev\"" in pager
    assert len(shown(last)) == len(rep) - 50 * (last - 1)
    for bad, text in ((str(last + 1), f"chỉ có {last} trang"), ("0", "quá nhỏ"),
                      ("x", "phải là một số nguyên")):
        r = c.get(f"/web/plans/{pid}", params={"as_of": DAY, "page": bad})
        assert r.status_code == 422 and "Trang của danh sách quá hạn" in r.text, bad
        assert text in r.text, bad
