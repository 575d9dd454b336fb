"""The unit page: task, parents, draft, and recording issuance (upload → confirm, manual).

The round trip of the ingest API, through the forms a clerk uses: the BTV's draft,
numbered and dated as the văn thư would, is uploaded, read and matched (nothing recorded
yet), shown back, confirmed, recorded; its child's page then cites its number.
"""

from __future__ import annotations

import datetime as dt
import re

from store_fixtures import numbered_draft

from cascade.store.rows import IssuedDocumentRow, PlanTaskRow

from .conftest import csrf_of

DAY = dt.date(2026, 1, 15)


def numbered(web, chart, plan_id: int, task_id: str, number: str | None = None,
             day: dt.date | None = None) -> bytes:
    return numbered_draft(web.store, chart, plan_id, task_id, number, day, today=DAY)


def task(web, plan_id: int, task_id: str) -> PlanTaskRow:
    with web.store.read() as s:
        return s.get(PlanTaskRow, (plan_id, task_id))


def field(html: str, name: str) -> str:
    m = re.search(rf'data-field="{name}">(.*?)</dd>', html, re.S)
    assert m, name
    return m.group(1).strip()


def test_upload_confirm_round_trip(web, chart) -> None:
    pid = web.plans["y2026"]
    c = web.signed_in("tu")
    url = f"/web/plans/{pid}/tasks/lai-chau.btv"
    page = c.get(url)
    assert page.status_code == 200
    assert "Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị" in page.text
    d = c.get(f"{url}/draft.docx")
    assert d.status_code == 200 and d.content[:2] == b"PK"
    assert d.headers["content-disposition"].endswith('.docx"')

    doc = numbered(web, chart, pid, "lai-chau.btv", "2269", dt.date(2026, 1, 20))
    r = c.post(f"{url}/upload", files={"file": ("cv-2269.docx", doc)},
               data={"csrf": csrf_of(page.text)})
    assert r.status_code == 200, r.text[-1500:]
    assert field(r.text, "number") == "2269" and field(r.text, "symbol") == "CV/TU"
    assert field(r.text, "date") == "20/01/2026"
    assert "Lai Châu" in field(r.text, "issuer")
    assert "107-KL/TW" in field(r.text, "parents")
    assert field(r.text, "task") == "Ban Thường vụ Tỉnh ủy Lai Châu"
    assert "Xác nhận ghi nhận" in r.text
    assert 'data-verdict="ĐẠT"' in r.text  # the thể thức checked before recording
    assert task(web, pid, "lai-chau.btv").status == "pending"  # a dry run until confirmed

    upload = re.search(r'name="upload" value="([^"]+)"', r.text).group(1)
    ok = c.post(f"{url}/confirm", data={"csrf": csrf_of(r.text), "upload": upload,
                                        "file_name": "cv-2269.docx"})
    assert ok.status_code == 303, ok.text[-1500:]
    t = task(web, pid, "lai-chau.btv")
    assert (t.status, t.number, t.date) == ("issued", "2269", dt.date(2026, 1, 20))
    shown = c.get(ok.headers["location"])
    assert "Đã ghi nhận văn bản ban hành." in shown.text and "Đã ban hành" in shown.text
    assert "số 2269-CV/TU ngày 20/01/2026" in shown.text
    with web.store.read() as s:
        (issued,) = s.query(IssuedDocumentRow).filter_by(plan_id=pid, task_id="lai-chau.btv")
        assert issued.file_name == "cv-2269.docx"

    # the child's page names the parent's number; a second confirm records nothing
    child = c.get(f"/web/plans/{pid}/tasks/lai-chau.dubnd")
    assert "số 2269, ngày 20/01/2026" in child.text
    again = c.post(f"{url}/confirm", data={"csrf": csrf_of(r.text), "upload": upload,
                                           "file_name": "cv-2269.docx"})
    assert again.status_code == 409 and "đã" in again.text
    plan = c.get(f"/web/plans/{pid}", params={"province": "lai-chau"})
    assert re.search(r'data-id="lai-chau.btv" data-state="issued"', plan.text)


def test_refused_and_ambiguous_uploads_show_why_and_record_nothing(web, chart, tmp_path):
    pid = web.plans["y2026"]
    c = web.signed_in("tu")
    url = f"/web/plans/{pid}/tasks/lai-chau.dubnd"
    page = c.get(url)
    token = csrf_of(page.text)
    blank = numbered(web, chart, pid, "lai-chau.dubnd")  # no number yet
    r = c.post(f"{url}/upload", files={"file": ("kh.docx", blank)}, data={"csrf": token})
    assert r.status_code == 422 and 'data-code="no_number"' in r.text
    assert "Văn bản chưa có số" in r.text and "Xác nhận ghi nhận" not in r.text

    txt = ("ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH\n*\nSố 10-KH/ĐU\n\nngày 01 tháng 02 năm 2026\n\n"
           "KẾ HOẠCH\n\nquán triệt Kết luận số 107-KL/TW\n\nThực hiện Công văn số 2269-CV/TU "
           "ngày 20/01/2026 của Ban Thường vụ Tỉnh ủy, Đảng ủy xây dựng kế hoạch như sau:\n")
    r = c.post(f"{url}/upload", files={"file": ("kh.txt", txt.encode())},
               data={"csrf": token})
    assert r.status_code == 422 and 'data-code="ambiguous"' in r.text, r.text[-2000:]
    assert "Khớp với nhiều nhiệm vụ" in r.text
    # a Lai Châu key is told of its own candidate only, and that others exist elsewhere
    assert "trong phạm vi của khóa này: Đảng ủy Ủy ban nhân dân tỉnh Lai Châu" in r.text
    assert "1 nhiệm vụ khác có thể khớp nằm ngoài phạm vi" in r.text
    assert "Điện Biên" not in r.text and "dien-bien" not in r.text
    # the national key sees both candidates, listed with links
    bct = web.signed_in("bct")
    r = bct.post(f"{url}/upload", files={"file": ("kh.txt", txt.encode())},
                 data={"csrf": csrf_of(bct.get(url).text)})
    assert r.status_code == 422 and 'class="candidates"' in r.text
    assert "Đảng ủy Ủy ban nhân dân tỉnh Lai Châu" in r.text
    assert "Đảng ủy Ủy ban nhân dân tỉnh Điện Biên" in r.text

    r = c.post(f"{url}/upload", files={"file": ("x.docx", b"not a zip")},
               data={"csrf": token})
    assert r.status_code == 422 and "Tệp văn bản: không đọc được" in r.text
    r = c.post(f"{url}/upload", files={"file": ("x.docx", b"")}, data={"csrf": token})
    assert r.status_code == 422 and "Tệp văn bản: tệp rỗng" in r.text
    r = c.post(f"{url}/confirm", data={"csrf": token, "upload": "../../etc/passwd"})
    assert r.status_code == 422 and "Tệp đã tải lên:" in r.text
    assert task(web, pid, "lai-chau.dubnd").status == "pending"


def test_manual_record_and_status_changes(web) -> None:
    pid = web.plans["y2026"]
    c = web.signed_in("tu")
    url = f"/web/plans/{pid}/tasks/lai-chau.ubnd"
    token = csrf_of(c.get(url).text)
    scan = {"file": ("scan.pdf", b"%PDF-1.4 scanned image only", "application/pdf")}
    bad = c.post(f"{url}/manual", files=scan, data={
        "csrf": token, "number": "12a", "symbol": "", "date": "31/02/2026"})
    assert bad.status_code == 422
    for text in ("Số:", "Ký hiệu:", "Ngày ban hành:"):
        assert text in bad.text
    assert 'value="12a"' in bad.text  # the form keeps what was typed

    r = c.post(f"{url}/status", data={"csrf": token, "status": "exempt"})
    assert r.status_code == 422 and "Lý do:" in r.text
    r = c.post(f"{url}/status", data={"csrf": token, "status": "drafted"})
    assert r.status_code == 303 and task(web, pid, "lai-chau.ubnd").status == "drafted"

    ok = c.post(f"{url}/manual", files=scan, data={
        "csrf": token, "number": "762", "symbol": "UBND-TH", "date": "05/02/2026",
        "signer": "Lê Văn Lương"})
    assert ok.status_code == 303, ok.text[-1500:]
    t = task(web, pid, "lai-chau.ubnd")
    assert (t.status, t.number, t.date) == ("issued", "762", dt.date(2026, 2, 5))
    r = c.post(f"{url}/status", data={"csrf": token, "status": "pending"})
    assert r.status_code == 409 and "đã ban hành" in r.text

    exempt = f"/web/plans/{pid}/tasks/lai-chau.btgdv"
    r = c.post(f"{exempt}/status", data={"csrf": token, "status": "exempt",
                                         "reason": "Lồng ghép vào kế hoạch chung"})
    assert r.status_code == 303
    page = c.get(exempt)
    assert "Không phải ban hành" in page.text and "Lồng ghép vào kế hoạch chung" in page.text


def test_pdf_preview_of_the_draft(web) -> None:
    pid = web.plans["y2026"]
    c = web.signed_in("tu")
    url = f"/web/plans/{pid}/tasks/lai-chau.so-vhttdl"
    page = c.get(url)
    assert page.status_code == 200 and "Xem trước PDF" in page.text  # LibreOffice in CI
    r = c.get(f"{url}/draft.pdf")
    assert r.status_code == 200 and r.content[:4] == b"%PDF"
    assert r.headers["content-disposition"].startswith("inline")
