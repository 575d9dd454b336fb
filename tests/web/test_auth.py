"""Sign-in with an API key, server-side sessions, CSRF, revocation, read-only keys."""

from __future__ import annotations

from sqlalchemy import select

from api.web.auth import COOKIE, token_hash
from cascade.store.keys import create_key, revoke_key
from cascade.store.rows import PlanTaskRow, WebSessionRow

from .conftest import csrf_of


def test_pages_need_a_sign_in(web) -> None:
    c = web.anonymous()
    r = c.get(f"/web/plans/{web.plans['both']}?province=lai-chau")
    assert r.status_code == 303
    assert r.headers["location"].startswith("/web/login?next=%2Fweb%2Fplans%2F")
    page = c.get(r.headers["location"])
    assert page.status_code == 200 and "Khóa API của cơ quan, đơn vị" in page.text
    assert 'name="viewport"' in page.text and 'lang="vi"' in page.text


def test_sign_in_sets_a_safe_cookie_and_stores_only_a_hash(web) -> None:
    c = web.anonymous()
    form = c.get("/web/login")
    r = c.post("/web/login", data={"key": web.keys["tu"], "csrf": csrf_of(form.text),
                                   "next": "https://evil.example/"})
    assert r.status_code == 303 and r.headers["location"] == "/web/"  # no open redirect
    cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith(COOKIE))
    low = cookie.lower()
    assert "httponly" in low and "samesite=lax" in low and "path=/web" in low
    token = c.cookies.get(COOKIE)
    with web.store.read() as s:
        rows = list(s.scalars(select(WebSessionRow)))
    assert token and all(token not in (w.token_hash, w.csrf) for w in rows)
    assert token_hash(token) in {w.token_hash for w in rows}
    home = c.get("/web/")
    assert home.status_code == 200 and "Ban Thường vụ" not in home.headers.get("location", "")
    assert "Tỉnh ủy Lai Châu" in home.text


def test_wrong_key_and_missing_login_csrf_are_refused(web) -> None:
    c = web.anonymous()
    form = c.get("/web/login")
    r = c.post("/web/login", data={"key": "tk_nope_nope", "csrf": csrf_of(form.text)})
    assert r.status_code == 401 and "Khóa API: không đúng" in r.text
    r = c.post("/web/login", data={"key": "", "csrf": csrf_of(form.text)})
    assert r.status_code == 401 and "bắt buộc phải nhập" in r.text
    r = c.post("/web/login", data={"key": web.keys["tu"]})
    assert r.status_code == 403 and "CSRF" in r.text
    assert COOKIE not in c.cookies


def test_sign_out_ends_the_session(web) -> None:
    c = web.signed_in("tu")
    home = c.get("/web/")
    assert home.status_code == 200
    # without the form's token, sign-out is refused (a cross-site POST cannot end it)
    assert c.post("/web/logout", data={}).status_code == 403
    token = c.cookies.get(COOKIE)
    r = c.post("/web/logout", data={"csrf": csrf_of(home.text)})
    assert r.status_code == 303 and r.headers["location"] == "/web/login?msg=out"
    c.cookies.set(COOKIE, token, path="/web")  # a copied cookie is dead too
    assert c.get("/web/").status_code == 303


def test_revoking_the_key_ends_its_sessions(web) -> None:
    with web.store.write() as s:
        row, plain = create_key(s, "lai-chau.tu", "write", label="tạm")
    web.keys["temp"] = plain
    c = web.signed_in("temp")
    assert c.get("/web/").status_code == 200
    with web.store.write() as s:
        revoke_key(s, row.prefix)
    r = c.get("/web/")
    assert r.status_code == 303 and r.headers["location"].startswith("/web/login")


def test_post_forms_need_the_csrf_token(web) -> None:
    pid = web.plans["both"]
    c = web.signed_in("tu")
    url = f"/web/plans/{pid}/tasks/lai-chau.ubnd"
    page = c.get(url)
    assert page.status_code == 200
    r = c.post(f"{url}/status", data={"status": "drafted", "csrf": "forged"})
    assert r.status_code == 403 and "CSRF" in r.text
    with web.store.read() as s:
        assert s.get(PlanTaskRow, (pid, "lai-chau.ubnd")).status == "pending"
    r = c.post(f"{url}/status", data={"status": "drafted", "csrf": csrf_of(page.text)})
    assert r.status_code == 303
    with web.store.read() as s:
        assert s.get(PlanTaskRow, (pid, "lai-chau.ubnd")).status == "drafted"


def test_a_read_key_cannot_write(web) -> None:
    pid = web.plans["both"]
    c = web.signed_in("tu_read")
    url = f"/web/plans/{pid}/tasks/lai-chau.btv"
    page = c.get(url)
    assert page.status_code == 200 and "chỉ xem" in page.text
    assert "/upload" not in page.text  # no write forms for a read key
    r = c.post(f"{url}/status", data={"status": "drafted", "csrf": csrf_of(page.text)})
    assert r.status_code == 403 and "chỉ có quyền xem" in r.text
    with web.store.read() as s:
        assert s.get(PlanTaskRow, (pid, "lai-chau.btv")).status == "pending"


def test_pages_accept_the_api_key_header(web) -> None:
    c = web.anonymous()
    pid = web.plans["both"]
    r = c.get(f"/web/plans/{pid}?province=lai-chau", headers=web.header("tu"))
    assert r.status_code == 200 and 'class="cascade"' in r.text
    r = c.get("/web/", headers={"X-API-Key": "tk_bad_bad"})
    assert r.status_code == 401 and "X-API-Key" in r.text
    # a header-authenticated POST needs no CSRF token: a browser cannot forge the header
    r = c.post(f"/web/plans/{pid}/tasks/lai-chau.btg/status", data={"status": "drafted"},
               headers=web.header("tu"))
    assert r.status_code == 303, r.text


def test_ended_and_expired_sessions_are_purged_at_sign_in(web) -> None:
    import datetime as dt

    from cascade.store.keys import authenticate
    from cascade.store.rows import utcnow

    live = web.signed_in("tu")
    ended = web.signed_in("tu")
    ended.post("/web/logout", data={"csrf": csrf_of(ended.get("/web/").text)})
    with web.store.write() as s:  # a session that ran out unused, twelve hours ago
        s.add(WebSessionRow(token_hash="e" * 64, key_id=authenticate(s, web.keys["tu"]).key_id,
                            csrf="x", created_at=utcnow() - dt.timedelta(hours=24),
                            expires_at=utcnow() - dt.timedelta(hours=12)))
    with web.store.read() as s:
        dead = [w.token_hash for w in s.scalars(select(WebSessionRow))
                if w.ended_at is not None or w.expires_at <= dt.datetime.now(dt.UTC)
                .replace(tzinfo=w.expires_at.tzinfo)]
    assert len(dead) >= 2
    web.signed_in("tu")
    with web.store.read() as s:
        rows = list(s.scalars(select(WebSessionRow)))
    assert not {w.token_hash for w in rows} & set(dead)
    assert all(w.ended_at is None for w in rows)
    assert live.get("/web/").status_code == 200  # a live session is kept
