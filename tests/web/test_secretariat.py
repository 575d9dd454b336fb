"""The dashboard's đôn đốc button: the overdue list's units, as a signed-in key sees them."""

from __future__ import annotations

import io
import re

import docx

from .conftest import csrf_of

DAY = "2026-04-01"


def test_the_overdue_list_has_a_don_doc_button_naming_its_units(web) -> None:
    pid = web.plans["y2026"]
    c = web.signed_in("tu")
    page = c.get(f"/web/plans/{pid}", params={"as_of": DAY})
    assert page.status_code == 200
    assert f'action="/web/plans/{pid}/don-doc"' in page.text
    assert "Soạn công văn đôn đốc" in page.text
    r = c.post(f"/web/plans/{pid}/don-doc", data={"as_of": DAY, "csrf": csrf_of(page.text)})
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
    r = ro.post(f"/web/plans/{pid}/don-doc", data={"as_of": DAY, "csrf": csrf_of(page.text)})
    assert r.status_code == 403 and "chỉ có quyền xem" in r.text
    early = c.post(f"/web/plans/{pid}/don-doc",
                   data={"as_of": "2026-01-16", "csrf": csrf_of(page.text)})
    assert early.status_code in (403, 422)
    assert re.search("không có cơ quan, đơn vị nào chậm|không khớp", early.text)
