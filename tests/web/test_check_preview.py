"""The dashboard's upload preview lists the document's thể thức findings before the
clerk records it: where, the rule, its source."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx

from tests.check.defects import find, replace

from .conftest import csrf_of
from .test_unit import numbered


def test_the_upload_preview_lists_the_layout_findings(web, chart) -> None:
    pid = web.plans["y2026"]
    c = web.signed_in("tu")
    url = f"/web/plans/{pid}/tasks/lai-chau.btv"
    page = c.get(url)
    d = docx.Document(io.BytesIO(numbered(web, chart, pid, "lai-chau.btv", "2269",
                                          dt.date(2026, 1, 20))))
    replace(find(d, lambda t: ", ngày 20 tháng 01" in t), "tháng 01", "tháng 1")
    buf = io.BytesIO()
    d.save(buf)
    r = c.post(f"{url}/upload", files={"file": ("cv-2269.docx", buf.getvalue())},
               data={"csrf": csrf_of(page.text)})
    assert r.status_code == 200, r.text[-1500:]
    assert 'data-verdict="CẦN SỬA"' in r.text
    item = re.search(r'<li data-rule="date_zero" data-severity="lỗi">(.*?)</li>', r.text, re.S)
    assert item, r.text[-3000:]
    assert "«ngày 20 tháng 1» cần ghi «ngày 20 tháng 01»" in item.group(1)
    assert "Căn cứ: HD 36-HD/VPTW (docs/format-rules.md §5)" in item.group(1)
