"""Sign-in and sign-out: an API key typed once into a form becomes a server-side session
(``api.web.auth``); the sign-in form has its own CSRF cookie."""

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import StoreDep
from api.web import auth
from api.web.labels import field_vi
from api.web.pages import NOTICES, ViewerDep, WebRoute, check_form, page, safe_next
from cascade.store.keys import authenticate

router = APIRouter(prefix="/web", route_class=WebRoute, include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request,
               next: Annotated[str | None, Query(max_length=500)] = None,
               msg: Annotated[str | None, Query(max_length=20)] = None) -> Response:
    token = request.cookies.get(auth.LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
    resp = page("login.html", next=safe_next(next), csrf=token,
                notice=NOTICES.get(msg or ""))
    resp.set_cookie(auth.LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax",
                    path="/web", secure=request.url.scheme == "https")
    return resp


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, store: StoreDep,
          key: Annotated[str | None, Form(max_length=300)] = None,
          csrf: Annotated[str | None, Form(max_length=200)] = None,
          next: Annotated[str | None, Form(max_length=500)] = None) -> Response:
    target = safe_next(next)
    if not auth.same_token(csrf, request.cookies.get(auth.LOGIN_CSRF_COOKIE)):
        return page("login.html", 403, next=target,
                    csrf=request.cookies.get(auth.LOGIN_CSRF_COOKIE) or "",
                    error=f"{field_vi('csrf')}: không khớp; hãy tải lại trang đăng nhập.")
    with store.read() as s:
        p = authenticate(s, (key or "").strip())
    if p is None:
        msg = (f"{field_vi('key')}: bắt buộc phải nhập" if not (key or "").strip() else
               f"{field_vi('key')}: không đúng, sai định dạng hoặc đã bị thu hồi")
        return page("login.html", 401, next=target, csrf=csrf, error=msg)
    with store.write() as s:
        token = auth.start_session(s, p)
    resp = RedirectResponse(target, status_code=303)
    resp.set_cookie(auth.COOKIE, token, httponly=True, samesite="lax", path="/web",
                    max_age=int(auth.TTL.total_seconds()),
                    secure=request.url.scheme == "https")
    resp.delete_cookie(auth.LOGIN_CSRF_COOKIE, path="/web")
    return resp


@router.post("/logout")
def logout(request: Request, v: ViewerDep, store: StoreDep,
           csrf: Annotated[str | None, Form(max_length=200)] = None) -> Response:
    check_form(v, csrf, write=False)
    with store.write() as s:
        auth.end_session(s, request.cookies.get(auth.COOKIE))
    resp = RedirectResponse("/web/login?msg=out", status_code=303)
    resp.delete_cookie(auth.COOKIE, path="/web")
    return resp
