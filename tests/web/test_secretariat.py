"""The dashboard's đôn đốc button: the overdue list's units, as a signed-in key sees them."""

from __future__ import annotations

import csv
import io
import re

import docx

from cascade.store.report import HEAD_ROW

from .conftest import csrf_of

DAY = "2026-04-01"


def test_the_overdue_list_has_a_don_doc_button_naming_its_units(web) -> None:
    pid = web.plans["y2026"]
    c = web.signed_in("tu")
    page = c.get(f"/web/plans/{pid}", params={"as_of": DAY})
    assert page.status_code == 200
    assert f'action="/web/plans/{pid}/don-doc"' in page.text
    assert "Soạn công văn đôn đốc" in page.text
    r = c.post(f"/web/plans/{pid}/don-doc", data={"ngay": DAY, "csrf": csrf_of(page.text)})
    assert r.status_code == 200, r.text[:500]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    kinh_gui = text.split("Kính gửi:")[1].split("Theo dõi")[0]
    assert "Điện Biên" not in text  # another province's units: outside the key
    assert "Ủy ban nhân dân tỉnh Lai Châu" in kinh_gui
    export = c.get(f"/web/plans/{pid}/export", params={"as_of": DAY, "format": "csv",
                                                        "table": "overdue"})
    late = export.content.decode("utf-8-sig").count("\r\n") - 5  # title, date, blank, head, total
    assert int(r.headers["X-Units"]) == late - 1  # all but the Ban Thường vụ's own
    # a read-only key sees no button and may not send one
    ro = web.signed_in("tu_read")
    page = ro.get(f"/web/plans/{pid}", params={"as_of": DAY})
    assert "Soạn công văn đôn đốc" not in page.text
    r = ro.post(f"/web/plans/{pid}/don-doc", data={"ngay": DAY, "csrf": csrf_of(page.text)})
    assert r.status_code == 403 and "chỉ có quyền xem" in r.text
    early = c.post(f"/web/plans/{pid}/don-doc",
                   data={"ngay": "2026-01-16", "csrf": csrf_of(page.text)})
    assert early.status_code in (403, 422)
    assert re.search("không có cơ quan, đơn vị nào chậm|không khớp", early.text)


def test_the_bao_cao_figures_equal_the_dashboards(web) -> None:
    pid = web.plans["y2026"]
    c = web.signed_in("tu")
    page = c.get(f"/web/plans/{pid}", params={"as_of": DAY})
    assert f'action="/web/plans/{pid}/bao-cao"' in page.text
    r = c.get(f"/web/plans/{pid}/bao-cao", params={"tu": "15/01/2026", "den": "01/04/2026"})
    assert r.status_code == 200, r.text[:300]
    by_level = docx.Document(io.BytesIO(r.content)).tables[1]
    rows = [[x.text for x in row.cells] for row in by_level.rows]
    # the dashboard's own table by level, as its CSV export prints it
    export = c.get(f"/web/plans/{pid}/export", params={"as_of": DAY, "format": "csv",
                                                        "table": "level"})
    lines = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))[HEAD_ROW - 1:]
    head, *body = lines
    col = {h: i for i, h in enumerate(head)}
    for mine, theirs in zip(rows[1:], body, strict=True):  # totals rows included
        total, on_time, late, open_, overdue, exempt = map(int, mine[2:])
        assert mine[1] == theirs[1]
        assert total == int(theirs[col["Tổng số"]])
        assert on_time + late == int(theirs[col["Đã ban hành"]])
        assert open_ == int(theirs[col["Chưa thực hiện"]]) + int(theirs[col["Đã dự thảo"]])
        assert overdue == int(theirs[col["Quá hạn"]])
        assert exempt == int(theirs[col["Không phải ban hành"]])
    bad = c.get(f"/web/plans/{pid}/bao-cao", params={"tu": "32/01/2026"})
    assert bad.status_code == 422 and "Từ ngày" in bad.text
