"""The dashboard as its users meet it: every route of a key outside its subtree, forged
forms, escaping of what documents and users write, Vietnamese on every answer under
``/web/``, and the search a clerk types.

Each test is a defect found in review (or the check that there was none): a Lai Châu key
must neither see nor change Hà Nam, a Sở key only its own task, a read key nothing.
"""

from __future__ import annotations

import hashlib
import io
import re

from openpyxl import load_workbook

from api.web.labels import vn_int
from cascade.layout.profile import load_profile
from cascade.layout.rules import reference
from cascade.store.report import HEAD_ROW
from cascade.store.rows import IssuedDocumentRow, PlanTaskRow

from .conftest import csrf_of

DAY = "2025-06-01"
XSS = "<script>alert(1)</script>"


def status_of(web, plan_id: int, task_id: str) -> str:
    with web.store.read() as s:
        return s.get(PlanTaskRow, (plan_id, task_id)).status


def documents(web, plan_id: int) -> int:
    with web.store.read() as s:
        return s.query(IssuedDocumentRow).filter_by(plan_id=plan_id).count()


def summary_txt(summary: str) -> bytes:
    """A plan of the Đảng ủy UBND as plain text; its trích yếu is ``summary``."""
    return ("ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH\n*\nSố 10-KH/ĐU\n\nngày 01 tháng 02 năm 2026\n\n"
            f"KẾ HOẠCH\n\n{summary}\n\nThực hiện Kết luận số 107-KL/TW ngày 24/12/2024 "
            "của Bộ Chính trị, Đảng ủy xây dựng kế hoạch như sau:\n").encode()


# ------------------------------------------------------------------ isolation
def test_a_lai_chau_key_reaches_ha_nam_through_no_route(web) -> None:
    pid = web.plans["both"]
    c = web.signed_in("tu")
    token = csrf_of(c.get("/web/").text)
    base = f"/web/plans/{pid}/tasks/ha-nam.ubnd"
    for path in ("", "/draft.docx", "/draft.pdf"):
        r = c.get(base + path)
        assert r.status_code == 403 and "không thuộc phạm vi" in r.text, path
    posts = {"status": {"status": "drafted"}, "confirm": {"upload": "0" * 64 + ".txt"},
             "manual": {"number": "1", "symbol": "KH-UBND", "date": "01/02/2025"}}
    for action, data in posts.items():
        r = c.post(f"{base}/{action}", data={"csrf": token, **data},
                   files={"file": ("a.pdf", b"%PDF-1.4 x")} if action == "manual" else None)
        assert r.status_code == 403 and "không thuộc phạm vi" in r.text, action
    r = c.post(f"{base}/upload", data={"csrf": token},
               files={"file": ("kh.txt", summary_txt("Kế hoạch"))})
    assert r.status_code == 403
    assert status_of(web, pid, "ha-nam.ubnd") == "pending" and documents(web, pid) == 0

    # the filters and the search show nothing of Hà Nam either
    for params in ({"province": "ha-nam"}, {"q": "Hà Nam"}, {"q": "ha nam"},
                   {"q": "UBND tỉnh Hà Nam"}):
        r = c.get(f"/web/plans/{pid}", params={**params, "as_of": DAY})
        assert r.status_code == 200
        assert not re.search(r'data-id="(?!directive)[^"]*ha-nam', r.text), params
        tables = "".join(re.findall(r"<tbody>.*?</tbody>", r.text, re.S))
        assert "Hà Nam" not in tables and "ha-nam" not in tables, params
    # nor do the exports: a Hà Nam export from a Lai Châu key is empty
    x = c.get(f"/web/plans/{pid}/export", params={"format": "xlsx", "province": "ha-nam",
                                                   "as_of": DAY})
    ws = load_workbook(io.BytesIO(x.content)).worksheets[0]
    body = list(ws.iter_rows(min_row=HEAD_ROW + 1, values_only=True))
    assert body[-1][1] == "Tổng cộng" and body[-1][-1] == 0
    csv = c.get(f"/web/plans/{pid}/export", params={"format": "csv", "table": "overdue",
                                                     "as_of": DAY}).content.decode("utf-8-sig")
    assert "Hà Nam" not in csv and "Lai Châu" in csv


def test_a_department_key_sees_and_exports_only_its_own_task(web) -> None:
    pid = web.plans["both"]
    so = web.signed_in("so")
    r = so.get(f"/web/plans/{pid}", params={"as_of": DAY})
    assert re.findall(r'<option value="([a-z-]+)"', r.text.split('name="province"')[1]
                      .split("</select>")[0]) == ["lai-chau"]
    csv = so.get(f"/web/plans/{pid}/export", params={"format": "csv", "table": "overdue",
                                                      "as_of": DAY}).content.decode("utf-8-sig")
    rows = [ln for ln in csv.splitlines() if re.match(r"\d+,", ln)]
    assert len(rows) == 1 and "Sở Văn h" in rows[0]
    for tid in ("lai-chau.ubnd", "lai-chau.btv"):
        assert so.get(f"/web/plans/{pid}/tasks/{tid}/draft.docx").status_code == 403
    token = csrf_of(so.get(f"/web/plans/{pid}/tasks/lai-chau.so-vhttdl").text)
    r = so.post(f"/web/plans/{pid}/tasks/lai-chau.ubnd/status",
                data={"csrf": token, "status": "drafted"})
    assert r.status_code == 403 and status_of(web, pid, "lai-chau.ubnd") == "pending"


def test_the_unit_page_links_only_to_pages_the_key_may_open(web) -> None:
    pid = web.plans["both"]
    so = web.signed_in("so")
    page = so.get(f"/web/plans/{pid}/tasks/lai-chau.so-vhttdl").text
    parents = page.split('class="parents"')[1].split("</ul>")[0]
    assert " của " in parents  # named, with its number once issued
    assert "/tasks/" not in parents  # the parent is above the Sở: named, not linked (403)


def test_a_read_key_changes_nothing_through_any_form(web) -> None:
    pid = web.plans["y2026"]
    c = web.signed_in("tu_read")
    url = f"/web/plans/{pid}/tasks/lai-chau.so-yte"
    token = csrf_of(c.get(url).text)
    for action, data, files in (
            ("status", {"status": "exempt", "reason": "x"}, None),
            ("upload", {}, {"file": ("kh.txt", summary_txt("Kế hoạch"))}),
            ("confirm", {"upload": "0" * 64}, None),
            ("manual", {"number": "3", "symbol": "KH-MTTQ", "date": "02/02/2026"},
             {"file": ("a.pdf", b"%PDF-1.4 x")})):
        r = c.post(f"{url}/{action}", data={"csrf": token, **data}, files=files)
        assert r.status_code == 403 and "chỉ có quyền xem" in r.text, action
    assert status_of(web, pid, "lai-chau.so-yte") == "pending"
    assert documents(web, pid) == 0


def test_every_post_needs_the_sessions_csrf_token(web) -> None:
    pid = web.plans["y2026"]
    c = web.signed_in("tu")
    url = f"/web/plans/{pid}/tasks/lai-chau.so-yte"
    assert c.get(url).status_code == 200
    for action, data, files in (
            ("status", {"status": "drafted"}, None),
            ("upload", {}, {"file": ("kh.txt", summary_txt("Kế hoạch"))}),
            ("confirm", {"upload": "0" * 64}, None),
            ("manual", {"number": "3", "symbol": "KH-MTTQ", "date": "02/02/2026"},
             {"file": ("a.pdf", b"%PDF-1.4 x")})):
        for token in (None, "", "forged"):
            form = {**data, **({"csrf": token} if token is not None else {})}
            r = c.post(f"{url}/{action}", data=form, files=files)
            assert r.status_code == 403 and "CSRF" in r.text, (action, token)
    assert c.post("/web/logout", data={"csrf": "forged"}).status_code == 403
    assert status_of(web, pid, "lai-chau.so-yte") == "pending" and documents(web, pid) == 0


def stored_name(data: bytes, suffix: str) -> str:
    """The name the service stores an upload under (its SHA-256): what a forger can compute."""
    return hashlib.sha256(data).hexdigest() + suffix


def test_a_forged_upload_in_the_confirm_form_records_nothing(web) -> None:
    pid = web.plans["y2026"]
    c = web.signed_in("tu")
    url = f"/web/plans/{pid}/tasks/lai-chau.dubnd"
    token = csrf_of(c.get(url).text)
    data = summary_txt("Kế hoạch")
    r = c.post(f"{url}/upload", files={"file": ("kh.txt", data)}, data={"csrf": token})
    assert r.status_code == 422 and 'data-code="parent_mismatch"' in r.text
    assert "Xác nhận ghi nhận" not in r.text  # no confirm form for a refused document
    # the reason names only the key's own task, by name: nothing of Điện Biên
    assert "Điện Biên" not in r.text and "dien-bien" not in r.text
    assert "nhiệm vụ cần trích dẫn: Đảng ủy Ủy ban nhân dân tỉnh Lai Châu" in r.text
    # a refused file is not kept: confirmed anyway, here or on another task (a forged
    # task id), it is no longer there
    for task_id in ("lai-chau.dubnd", "lai-chau.ubnd"):
        r = c.post(f"/web/plans/{pid}/tasks/{task_id}/confirm",
                   data={"csrf": token, "upload": stored_name(data, ".txt")})
        assert r.status_code == 422 and "không còn trên máy chủ" in r.text, task_id
    for forged in ("../" * 4 + "etc/passwd", "f" * 64, "F" * 64 + ".txt", "/" + "a" * 64,
                   stored_name(data, ".txt") + "/..", ""):
        r = c.post(f"{url}/confirm", data={"csrf": token, "upload": forged})
        assert r.status_code == 422 and "Tệp đã tải lên" in r.text, forged
    assert documents(web, pid) == 0
    assert status_of(web, pid, "lai-chau.ubnd") == status_of(web, pid, "lai-chau.dubnd") \
        == "pending"
    # outside the key's subtree the confirm form is refused before any file is looked at
    hn = web.signed_in("hanam")
    r = hn.post(f"/web/plans/{web.plans['both']}/tasks/lai-chau.ubnd/confirm",
                data={"csrf": csrf_of(hn.get("/web/").text), "upload": "f" * 64})
    assert r.status_code == 403


def test_an_unreadable_file_is_named_as_the_clerk_named_it(web) -> None:
    pid = web.plans["y2026"]
    c = web.signed_in("tu")
    url = f"/web/plans/{pid}/tasks/lai-chau.dubnd"
    token = csrf_of(c.get(url).text)
    data = b"PK not really a zip"
    r = c.post(f"{url}/upload", files={"file": ("hong.docx", data)}, data={"csrf": token})
    assert r.status_code == 422 and "hong.docx" in r.text
    assert stored_name(data, ".docx") not in r.text
    # confirmed by hand: the unreadable file was not kept, and the answer never names
    # the server's path
    r = c.post(f"{url}/confirm", data={"csrf": token, "upload": stored_name(data, ".docx"),
                                       "file_name": "hong.docx"})
    assert r.status_code == 422 and "không còn trên máy chủ" in r.text
    assert stored_name(data, ".docx") not in r.text and "/files/" not in r.text


# ------------------------------------------------------------------ escaping
def test_what_a_document_says_is_shown_as_text(web) -> None:
    pid = web.plans["y2026"]
    c = web.signed_in("tu")
    url = f"/web/plans/{pid}/tasks/lai-chau.dubnd"
    token = csrf_of(c.get(url).text)
    name = '<img src=x onerror="alert(2)">.txt'
    r = c.post(f"{url}/upload", data={"csrf": token},
               files={"file": (name, summary_txt(f"quán triệt Kết luận {XSS}"))})
    assert r.status_code in (200, 422), r.text[-1500:]
    summary = re.search(r'data-field="summary">(.*?)</dd>', r.text, re.S).group(1)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in summary
    assert XSS not in r.text and "<img src=x" not in r.text
    assert "&lt;img src=x onerror=" in r.text


def test_what_a_user_types_is_shown_as_text(web) -> None:
    pid = web.plans["both"]
    c = web.signed_in("bct")
    for params in ({"q": f'"><svg onload=alert(1)>{XSS}'},
                   {"province": XSS}, {"level": XSS}, {"kind": f'"{XSS}'}):
        r = c.get(f"/web/plans/{pid}", params=params)
        assert XSS not in r.text and "<svg onload" not in r.text, params
    r = c.get(f"/web/plans/{pid}/tasks/{XSS}")
    assert r.status_code == 404 and XSS not in r.text
    r = c.get(f"/web/{XSS}")
    assert r.status_code == 404 and XSS not in r.text


# ------------------------------------------------------------------ sign-in
def test_sign_in_never_leaves_the_dashboard(web) -> None:
    for target in ("https://evil.example/", "//evil.example/web/", "/web//evil.example",
                   "/web/\\evil.example", "\\\\evil.example", "/\\evil.example",
                   "javascript:alert(1)", "/api/../web/", " /web/", "/webx"):
        c = web.anonymous()
        form = c.get("/web/login", params={"next": target})
        assert 'name="next" value="/web/"' in form.text, target
        r = c.post("/web/login", data={"key": web.keys["tu"], "csrf": csrf_of(form.text),
                                       "next": target})
        assert r.status_code == 303 and r.headers["location"] == "/web/", target
    c = web.anonymous()
    form = c.get("/web/login")
    r = c.post("/web/login", data={"key": web.keys["tu"], "csrf": csrf_of(form.text),
                                   "next": "/web/plans/1?province=lai-chau"})
    assert r.headers["location"] == "/web/plans/1?province=lai-chau"


def test_pages_cannot_be_framed_or_cached(web) -> None:
    c = web.signed_in("tu")
    pid = web.plans["both"]
    for path in ("/web/", "/web/login", f"/web/plans/{pid}", "/web/khong-co",
                 f"/web/plans/{pid}/tasks/lai-chau.ubnd/draft.docx"):
        h = c.get(path).headers
        assert h["x-frame-options"] == "DENY", path
        assert "frame-ancestors 'none'" in h["content-security-policy"], path
        assert h["x-content-type-options"] == "nosniff", path
    assert c.get("/web/").headers["cache-control"] == "no-store"
    assert "max-age" in c.get("/web/static/app.css").headers["cache-control"]


def test_cookies_are_secure_over_https(web) -> None:
    from fastapi.testclient import TestClient

    c = TestClient(web.app, base_url="https://testserver", follow_redirects=False)
    web.clients.append(c)
    form = c.get("/web/login")
    login_cookie = form.headers["set-cookie"].lower()
    assert "secure" in login_cookie and "httponly" in login_cookie
    r = c.post("/web/login", data={"key": web.keys["tu"], "csrf": csrf_of(form.text)})
    session = next(h for h in r.headers.get_list("set-cookie")
                   if h.startswith("trienkhai_session")).lower()
    for flag in ("secure", "httponly", "samesite=lax", "path=/web", "max-age="):
        assert flag in session, flag


# ------------------------------------------------------------------ Vietnamese
def test_unknown_web_paths_answer_a_vietnamese_page_and_the_api_keeps_json(web) -> None:
    c = web.signed_in("tu")
    for path in ("/web/khong-co", "/web/plans/1/tasks/lai-chau.ubnd/xyz", "/web/static/"):
        r = c.get(path)
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
        assert 'lang="vi"' in r.text
        assert "Không có trang" in r.text or "Không có tệp" in r.text
        assert "Not Found" not in r.text
    # a form's target opened as a page: 405 in Vietnamese, with Allow
    r = c.get(f"/web/plans/{web.plans['both']}/tasks/lai-chau.ubnd/status")
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    assert "không nhận thao tác" in r.text and "Method Not Allowed" not in r.text
    r = web.anonymous().get("/web/logout")
    assert r.status_code == 405 and 'lang="vi"' in r.text
    # the JSON API outside /web/ keeps problem+json
    r = c.get("/khong-co")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    r = c.get("/plans/999999", headers=web.header("tu"))
    assert r.headers["content-type"] == "application/problem+json"


def test_a_manual_record_refused_says_why_in_vietnamese(web) -> None:
    pid = web.plans["y2026"]
    c = web.signed_in("tu")
    url = f"/web/plans/{pid}/tasks/lai-chau.so-khcn"
    token = csrf_of(c.get(url).text)
    r = c.post(f"{url}/status", data={"csrf": token, "status": "exempt",
                                      "reason": "Đã lồng ghép"})
    assert r.status_code == 303
    r = c.post(f"{url}/manual", files={"file": ("a.pdf", b"%PDF-1.4 x")}, data={
        "csrf": token, "number": "5", "symbol": "KH-SKHCN", "date": "03/02/2026"})
    assert r.status_code == 409
    assert "không phải ban hành (lý do: Đã lồng ghép)" in r.text
    assert "is exempt" not in r.text and "task " not in r.text
    assert status_of(web, pid, "lai-chau.so-khcn") == "exempt"


def test_no_english_field_names_in_messages(web) -> None:
    pid = web.plans["both"]
    c = web.signed_in("bct")
    r = c.get(f"/web/plans/{pid}", params={"level": "x"})
    assert r.status_code == 422
    text = re.sub(r"<[^>]+>", " ", r.text.split("<main>")[1])
    assert "(level)" not in text and "Cấp:" in text
    assert "“x”" in text  # the value given, in Vietnamese quotation marks, not repr
    # a date typed as Vietnamese offices write it is understood; nonsense is named
    r = c.get(f"/web/plans/{pid}", params={"as_of": "01/06/2025"})
    assert r.status_code == 200 and "tính đến ngày 01/06/2025" in r.text
    r = c.get("/web/", params={"as_of": "hôm qua"})
    assert r.status_code == 422 and "Tính đến ngày: phải là ngày dạng dd/mm/yyyy" in r.text
    assert "(as_of)" not in r.text


def test_numbers_and_document_numbers_as_vietnamese_offices_write_them() -> None:
    assert vn_int(7) == "7" and vn_int(7012) == "7.012" and vn_int(20345) == "20.345"
    assert reference("762", "UBND-TH") == "762/UBND-TH"  # Decree 30: số/ký hiệu
    assert reference("2269", "CV/TU") == "2269-CV/TU"  # Guide 36 (Party): số-ký hiệu
    assert reference("12", "") == "12"
    # a State symbol with its year segment is still State; the profile decides when known
    assert reference("12", "2026/NQ-HĐND") == "12/2026/NQ-HĐND"
    assert reference("01", "KH/TU", load_profile("hd05")) == "01-KH/TU"
    assert reference("01", "KH-UBND", load_profile("nd30")) == "01/KH-UBND"


def test_the_unit_page_prints_a_state_documents_number_with_a_slash(web) -> None:
    pid = web.plans["y2026"]
    c = web.signed_in("tu")
    url = f"/web/plans/{pid}/tasks/lai-chau.so-tuphap"
    token = csrf_of(c.get(url).text)
    r = c.post(f"{url}/manual", files={"file": ("mttq.pdf", b"%PDF-1.4 y")}, data={
        "csrf": token, "number": "31", "symbol": "KH-STP", "date": "04/02/2026"})
    assert r.status_code == 303, r.text[-800:]
    page = c.get(url).text
    assert "số 31/KH-STP ngày 04/02/2026" in page and "31-KH-STP" not in page


# ------------------------------------------------------------------ search
def test_search_finds_a_commune_by_how_a_clerk_writes_it(web) -> None:
    pid = web.plans["both"]
    c = web.signed_in("tu")
    found = []
    for q in ("UBND xã Bình Lư", "Ủy ban nhân dân xã Bình Lư", "ubnd xa binh lu",
              "UBND Bình Lư", "Uỷ ban nhân dân xã Bình Lư"):
        r = c.get(f"/web/plans/{pid}", params={"q": q, "province": "lai-chau"})
        ids = set(re.findall(r'class="node[^"]*" data-id="([^"]+)"', r.text)) - {"directive"}
        assert ids, q
        found.append(ids)
        assert "Ủy ban nhân dân xã Bình Lư" in r.text, q
    assert all(f == found[0] for f in found), found
    assert len(found[0]) == 1 and next(iter(found[0])).endswith(".ubnd")


ENGLISH = re.compile(r"\b(?:[a-z]+_[a-z_]+|Not Found|Error|error|None|True|False|null|task|"
                     r"plan|status|pending|drafted|issued|exempt|overdue|Submit|Login|"
                     r"Logout|Download|Upload|Method Not Allowed|Internal)\b")


def visible_text(html: str) -> str:
    """What a reader sees: the body without tags, scripts or attribute values."""
    body = html.split("<body>", 1)[1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_pages_show_no_english_or_identifiers(web) -> None:
    pid, p26 = web.plans["both"], web.plans["y2026"]
    c = web.signed_in("tu")
    pages = ["/web/", f"/web/plans/{pid}", f"/web/plans/{pid}?province=lai-chau",
             f"/web/plans/{pid}?status=overdue&as_of={DAY}",
             f"/web/plans/{p26}/tasks/lai-chau.ubnd",
             f"/web/plans/{p26}/tasks/lai-chau.dubnd", f"/web/plans/{pid}/tasks/lai-chau.btv",
             f"/web/plans/{pid}?level=nope", "/web/khong-co", f"/web/plans/{pid}/tasks/nope"]
    for path in pages:
        r = c.get(path)
        text = visible_text(r.text)
        assert not ENGLISH.search(text), (path, ENGLISH.search(text).group(0),
                                          text[max(0, ENGLISH.search(text).start() - 80):][:160])
    unit = visible_text(c.get(f"/web/plans/{p26}/tasks/lai-chau.dubnd").text)
    assert "Kế hoạch triển khai Kết luận số 107-KL/TW" in unit
    assert "Công văn của Ban Thường vụ Tỉnh ủy Lai Châu" in unit
    login = visible_text(web.anonymous().get("/web/login").text)
    assert not ENGLISH.search(login) and "Đăng nhập" in login


# ------------------------------------------------------------------ reasons, in order
def reasons_shown(html: str) -> list[tuple[str, str]]:
    """(code, text) of each refusal reason on the page, in the order shown."""
    box = re.search(r'<div class="errors" role="alert" data-code="(\w+)">(.*?)</div>', html,
                    re.S)
    assert box, "no refusal shown"
    first = re.sub(r"<[^>]+>", "", box.group(2).split("</p>", 1)[0])
    rest = [(c, re.sub(r"<[^>]+>", "", t)) for c, t in re.findall(
        r'<li data-code="(\w+)">(.*?)</li>', box.group(2), re.S)]
    return [(box.group(1), first), *rest]


def test_an_unsigned_draft_is_refused_for_its_blank_number_first(web) -> None:
    """The task's own draft, downloaded and uploaded back unsigned: its number and date
    are blank, and it cites its parent with the parent's number left blank. Told in that
    order, the parent's blanks as such (not "cites no parent"), then with the number to
    write once the parent is recorded."""
    pid = web.plans["y2026"]
    c = web.signed_in("tu")
    url = f"/web/plans/{pid}/tasks/lai-chau.dubnd"
    token = csrf_of(c.get(url).text)
    draft = c.get(f"{url}/draft.docx")
    assert draft.status_code == 200
    r = c.post(f"{url}/upload", data={"csrf": token},
               files={"file": ("du-thao.docx", draft.content)})
    assert r.status_code == 422
    shown = reasons_shown(r.text)
    assert [code for code, _ in shown] == ["no_number", "blank_parent"], shown
    assert "bản dự thảo: chưa có số và ngày" in shown[0][1]
    assert "Hãy tải lên bản đã ký" in shown[0][1]
    assert "để trống số, ngày: “Công văn số …-CV/TU ngày …/…/20" in shown[1][1]
    assert "của Ban Thường vụ Tỉnh ủy Lai Châu”" in shown[1][1]
    assert "chưa được ghi nhận ban hành" in shown[1][1]
    assert "không trích dẫn văn bản cấp trên" not in r.text
    # once the parent is recorded, the same draft is told which number to write in
    btv = f"/web/plans/{pid}/tasks/lai-chau.btv"
    r = c.post(f"{btv}/manual", files={"file": ("cv.pdf", b"%PDF-1.4 cv")}, data={
        "csrf": token, "number": "2269", "symbol": "CV/TU", "date": "20/01/2026"})
    assert r.status_code == 303, r.text[-600:]
    r = c.post(f"{url}/upload", data={"csrf": token},
               files={"file": ("du-thao.docx", draft.content)})
    shown = reasons_shown(r.text)
    assert [code for code, _ in shown] == ["no_number", "blank_parent"]
    assert ("Hãy điền số, ngày đã ghi nhận: số 2269-CV/TU ngày 20/01/2026 của Ban Thường vụ "
            "Tỉnh ủy Lai Châu") in shown[1][1]
    assert status_of(web, pid, "lai-chau.dubnd") == "pending"
