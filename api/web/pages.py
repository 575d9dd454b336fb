"""What every dashboard page shares: the templates, the route class that turns errors into
Vietnamese pages, who is looking (a ``Caller`` from a session or the ``X-API-Key``
header), and loading a plan or a task within the viewer's reach.

A key sees and changes only its subtree, as in the JSON API (the same ``Access`` from
``api.deps``, the same loaders from ``api.services``), and a read key changes nothing.
Every POST form carries the session's CSRF token. Errors are Vietnamese HTML pages that
name the field at fault, never a 500 for bad input.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session

from api.deps import AccessDep, StoreDep
from api.problems import Problem
from api.services import (
    DraftUnavailable,
    TaskOutOfScope,
    UploadRefused,
    scoped_task,
    sees_plan,
)
from api.web import auth
from api.web.labels import (
    DOC_TYPE_VI,
    ERROR_VI,
    KIND_VI,
    LEVELS_VI,
    STATE_COLOUR,
    STATE_VI,
    STATUS_VI,
    field_vi,
    quoted,
    vn_day,
    vn_int,
)
from cascade.layout.rules import reference
from cascade.store.access import Caller
from cascade.store.keys import authenticate
from cascade.store.plans import PlanNotFound, TaskNotFound, get_plan
from cascade.store.rows import PlanRow, PlanTaskRow
from orgchart import Chart

log = logging.getLogger(__name__)
HERE = FsPath(__file__).parent
STATIC = HERE / "static"
ENV = Environment(loader=FileSystemLoader(HERE / "templates"),
                  autoescape=select_autoescape(["html"]), trim_blocks=True,
                  lstrip_blocks=True)
ENV.globals.update(STATE_VI=STATE_VI, STATE_COLOUR=STATE_COLOUR, LEVELS_VI=LEVELS_VI,
                   KIND_VI=KIND_VI, vn_day=vn_day, DOC_TYPE_VI=DOC_TYPE_VI,
                   doc_number=reference)
ENV.filters["urlq"] = lambda d: urlencode(d)
ENV.filters["n"] = vn_int
NOTICES = {"issued": "Đã ghi nhận văn bản ban hành.", "status": "Đã cập nhật trạng thái.",
           "out": "Đã đăng xuất."}
# every answer under /web/: no framing by another site (a framed confirm button could be
# clicked blind), no MIME sniffing of downloads, no URL (with its search) sent elsewhere
SECURITY_HEADERS = {"X-Frame-Options": "DENY",
                    "Content-Security-Policy": "frame-ancestors 'none'",
                    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


def compile_templates() -> None:
    """Compile every page now, not on the first clerk's first page (~40 ms)."""
    for name in ENV.list_templates(extensions=["html"]):
        ENV.get_template(name)


# ------------------------------------------------------------------ errors
class WebError(Exception):
    """An answer other than the page: status and Vietnamese message(s)."""

    def __init__(self, status: int, *messages: str) -> None:
        super().__init__("; ".join(messages))
        self.status, self.messages = status, list(messages)


class SignInNeeded(Exception):
    pass


def page(name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    """A rendered page; never stored by a cache (a shared office computer's back button
    must not show a signed-out key's tasks)."""
    return HTMLResponse(ENV.get_template(name).render(**ctx), status_code=status,
                        headers={"Cache-Control": "no-store"})


def validation_messages(exc: RequestValidationError) -> list[str]:
    """Pydantic's errors, in Vietnamese, each naming its field."""
    out = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path")]
        name = loc[-1] if loc else "?"
        out.append(f"{field_vi(name)}: {ERROR_VI.get(e.get('type', ''), 'không hợp lệ')}")
    return out


def key_label(chart: Chart, caller: Caller) -> str:
    """"a1b2c3 (Sở Văn hóa …)": a key as a message names it."""
    return f"{caller.prefix} ({body_name(chart, caller.body_id)})"


def body_name(chart: Chart, body_id: str) -> str:
    return chart.body(body_id).name if chart.has(body_id) else body_id


def shared_error(request: Request, exc: Exception) -> WebError | None:
    """The errors of the shared loaders and services (``api.services``, the store), told
    in Vietnamese; None for any other exception."""
    if isinstance(exc, PlanNotFound):
        return WebError(404, f"{field_vi('plan_id')}: không có kế hoạch triển khai mã "
                             f"{exc.plan_id}.")
    if isinstance(exc, TaskNotFound):
        return WebError(404, f"{field_vi('task_id')}: kế hoạch triển khai mã {exc.plan_id} "
                             f"không có nhiệm vụ {quoted(exc.task_id, 80)}.")
    if isinstance(exc, TaskOutOfScope):
        who = key_label(request.app.state.chart, exc.caller)
        return WebError(403, f"{field_vi('task_id')}: {exc.body_name} không thuộc phạm "
                             f"vi của khóa {who}; mỗi đơn vị chỉ xem và ghi nhận nhiệm vụ "
                             "của mình và cấp dưới.")
    if isinstance(exc, DraftUnavailable):
        return WebError(409, f"Không soạn được dự thảo theo sơ đồ tổ chức: {exc}")
    if isinstance(exc, Problem | UploadRefused):  # the API's helpers' own errors
        return WebError(exc.status, STATUS_VI.get(exc.status, STATUS_VI[400]))
    if isinstance(exc, DataError):  # a value the database refuses: bad input
        return WebError(422, STATUS_VI[422])
    return None


class WebRoute(APIRoute):
    """Routes whose errors are HTML pages (the app's handlers answer problem+json)."""

    def get_route_handler(self) -> Callable[[Request], Any]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            resp = await answer(request)
            for name, value in SECURITY_HEADERS.items():
                resp.headers.setdefault(name, value)
            return resp

        async def answer(request: Request) -> Response:
            try:
                return await original(request)
            except RequestValidationError as e:
                return page("error.html", 422, messages=validation_messages(e))
            except SignInNeeded:
                return RedirectResponse("/web/login?" + urlencode(
                    {"next": _next_of(request)}), status_code=303)
            except WebError as e:
                return page("error.html", e.status, messages=e.messages)
            except Exception as e:  # the app's handler would answer English JSON to a clerk
                known = shared_error(request, e)
                if known is not None:
                    return page("error.html", known.status, messages=known.messages)
                log.exception("dashboard: %s %s", request.method, request.url.path)
                return page("error.html", 500, messages=[STATUS_VI[500]])

        return handler


def _next_of(request: Request) -> str:
    """Where to go after signing in: the page asked for (a form's target is not a page)."""
    if request.method != "GET":
        return "/web/"
    q = f"?{request.url.query}" if request.url.query else ""
    return request.url.path + q


def safe_next(value: str | None) -> str:
    """Only a dashboard path: a sign-in must not redirect anywhere else."""
    if value and value.startswith("/web/") and "//" not in value and "\\" not in value:
        return value
    return "/web/"


# ------------------------------------------------------------------ who is looking
@dataclass(frozen=True)
class Viewer:
    """Who is looking: the caller (a key and its reach), and the session's CSRF token
    (None with the header)."""

    caller: Caller
    csrf: str | None

    @property
    def via_header(self) -> bool:
        return self.csrf is None


def viewer(request: Request, store: StoreDep, access: AccessDep) -> Viewer:
    """The viewer of a page: the ``X-API-Key`` header, else the session cookie; with
    neither, the sign-in page."""
    header = request.headers.get("x-api-key")
    with store.read() as s:
        if header:
            p = authenticate(s, header)
            if p is None:
                raise WebError(401, "Khóa API (X-API-Key): không đúng, sai định dạng "
                                    "hoặc đã bị thu hồi.")
            return Viewer(access.caller(p), None)
        found = auth.find_session(s, request.cookies.get(auth.COOKIE))
    if found is None:
        raise SignInNeeded()
    p, csrf = found
    return Viewer(access.caller(p), csrf)


ViewerDep = Annotated[Viewer, Depends(viewer)]


def check_form(v: Viewer, csrf: str | None, write: bool = True) -> None:
    """A form's CSRF token matches the session's; a change needs a write key."""
    if not v.via_header and not auth.same_token(csrf, v.csrf):
        raise WebError(403, f"{field_vi('csrf')}: không khớp với phiên đăng nhập; hãy "
                            "tải lại trang rồi gửi lại.")
    if write and not v.caller.can("write"):
        raise WebError(403, f"Khóa {v.caller.prefix} chỉ có quyền xem, không được ghi "
                            "nhận hay thay đổi.")


def base_ctx(chart: Chart, v: Viewer, **extra: Any) -> dict[str, Any]:
    return {"viewer": v, "who": body_name(chart, v.caller.body_id), "csrf": v.csrf or "",
            **extra}


def parse_day(value: str | None, field: str, required: bool = True) -> dt.date | None:
    """YYYY-MM-DD (the date picker) or dd/mm/yyyy (typed by hand)."""
    value = (value or "").strip()
    if not value:
        if required:
            raise WebError(422, f"{field_vi(field)}: bắt buộc phải nhập")
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            pass
    raise WebError(422, f"{field_vi(field)}: phải là ngày dạng dd/mm/yyyy hoặc YYYY-MM-DD, "
                        f"không phải {quoted(value, 30)}")


# ------------------------------------------------------------------ loading
def load_plan(s: Session, chart: Chart, plan_id: int, caller: Caller) -> PlanRow:
    """The plan, when the viewer sees at least one of its tasks (404 otherwise: a plan
    of another province is not confirmed to exist)."""
    plan = get_plan(s, plan_id)
    if not sees_plan(s, caller, plan):
        raise PlanNotFound(plan_id)  # told as for no plan at all, as the API does
    return plan


def load_task(s: Session, plan: PlanRow, task_id: str, caller: Caller) -> PlanTaskRow:
    """The plan's task, when the viewer reaches its body."""
    return scoped_task(s, caller, plan.id, task_id, plan.as_of)
