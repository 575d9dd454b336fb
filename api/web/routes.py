"""The secretariat dashboard under ``/web/``: directives, a plan's cascade, a unit's task.

Server-rendered (Jinja2) pages of the same FastAPI app. Sign-in turns an API key into a
server-side session (``api.web.auth``); pages also accept the ``X-API-Key`` header. A key
sees and changes only its subtree, as in the JSON API, and a read key changes nothing.
Every POST form carries the session's CSRF token. Errors are Vietnamese HTML pages that
name the field at fault, never a 500 for bad input.
"""

# no `from __future__ import annotations`: FastAPI must see the real annotations
import datetime as dt
import hashlib
import logging
import re
import secrets
import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session
from starlette.routing import Match as RouteMatch

from api.app import Problem
from api.web import auth
from api.web.graph import build_graph, render_svg
from api.web.labels import (
    DOC_TYPE_VI,
    ERROR_VI,
    INGEST_CODE_VI,
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
from api.web.views import Filters, Names, PlanFacts, visible_rows
from cascade.citations.ingest import IngestError, Match, read_and_match
from cascade.layout.rules import reference
from cascade.plan_rules import Rules
from cascade.store.drafts import DraftContext
from cascade.store.intake import record_match
from cascade.store.keys import Principal, authenticate
from cascade.store.plans import (
    TaskConflict,
    TaskError,
    record_issued,
    set_status,
)
from cascade.store.progress import directive_progress
from cascade.store.report import directive_label, report_csv, report_xlsx, summarize
from cascade.store.rows import DirectiveRow, IssuedDocumentRow, PlanRow, PlanTaskRow
from orgchart import Chart

log = logging.getLogger(__name__)
HERE = FsPath(__file__).parent
STATIC = HERE / "static"
ENV = Environment(loader=FileSystemLoader(HERE / "templates"),
                  autoescape=select_autoescape(["html"]), trim_blocks=True,
                  lstrip_blocks=True)
ENV.globals.update(STATE_VI=STATE_VI, STATE_COLOUR=STATE_COLOUR, LEVELS_VI=LEVELS_VI,
                   KIND_VI=KIND_VI, vn_day=vn_day, DOC_TYPE_VI=DOC_TYPE_VI)
ENV.filters["urlq"] = lambda d: urlencode(d)
ENV.filters["n"] = vn_int
ENV.globals["doc_number"] = reference
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_UPLOAD = 50_000_000
OVERDUE_SHOWN = 200
NOTICES = {"issued": "Đã ghi nhận văn bản ban hành.", "status": "Đã cập nhật trạng thái.",
           "out": "Đã đăng xuất."}
# every answer under /web/: no framing by another site (a framed confirm button could be
# clicked blind), no MIME sniffing of downloads, no URL (with its search) sent elsewhere
SECURITY_HEADERS = {"X-Frame-Options": "DENY",
                    "Content-Security-Policy": "frame-ancestors 'none'",
                    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
UPLOAD_RE = re.compile(r"^[0-9a-f]{64}(\.[a-z0-9]{1,9})?$")
NUMBER_RE = re.compile(r"^[0-9]{1,7}$")


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
            except Problem as e:  # raised by the app's shared closures (save_upload)
                return page("error.html", e.status,
                            messages=[STATUS_VI.get(e.status, STATUS_VI[400])])
            except DataError:  # a value the database refuses: bad input
                return page("error.html", 422, messages=[STATUS_VI[422]])
            except Exception:  # the app's handler would answer English JSON to a clerk
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


@dataclass(frozen=True)
class Viewer:
    """Who is looking: the key, and the session's CSRF token (None with the header)."""

    p: Principal
    csrf: str | None

    @property
    def via_header(self) -> bool:
        return self.csrf is None


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


# ------------------------------------------------------------------ the router
def web_router(*, chart: Chart, rules: Rules,
               subtree: Callable[[str, dt.date], frozenset[str]],
               save_upload: Callable[[UploadFile], tuple[str, FsPath]],
               files_dir: FsPath) -> APIRouter:
    """The dashboard's routes over ``create_app``'s chart, rules, subtree and uploads."""
    router = APIRouter(prefix="/web", route_class=WebRoute, include_in_schema=False)
    facts_of = PlanFacts(chart)
    for name in ENV.list_templates(extensions=["html"]):
        ENV.get_template(name)  # compiled now, not by the first clerk's first page (~40 ms)

    # ---------------------------------------------------------------- who
    def viewer(request: Request) -> Viewer:
        store = request.app.state.store
        header = request.headers.get("x-api-key")
        with store.read() as s:
            if header:
                p = authenticate(s, header)
                if p is None:
                    raise WebError(401, "Khóa API (X-API-Key): không đúng, sai định dạng "
                                        "hoặc đã bị thu hồi.")
                return Viewer(p, None)
            found = auth.find_session(s, request.cookies.get(auth.COOKIE))
        if found is None:
            raise SignInNeeded()
        return Viewer(*found)

    def check_form(v: Viewer, csrf: str | None, write: bool = True) -> None:
        if not v.via_header and not auth.same_token(csrf, v.csrf):
            raise WebError(403, f"{field_vi('csrf')}: không khớp với phiên đăng nhập; hãy "
                                "tải lại trang rồi gửi lại.")
        if write and not v.p.can("write"):
            raise WebError(403, f"Khóa {v.p.prefix} chỉ có quyền xem, không được ghi nhận "
                                "hay thay đổi.")

    def visible_of(p: Principal, plan: PlanRow) -> Collection[str] | None:
        """None (every task) for a key covering the plan's issuer, else its subtree."""
        if p.body_id == plan.data.get("issuer_id"):
            return None  # skips building the issuer's whole subtree (110,000 bodies)
        allowed = subtree(p.body_id, plan.as_of)
        return None if plan.data.get("issuer_id") in allowed else allowed

    def load_plan(s: Session, plan_id: int, p: Principal) -> PlanRow:
        plan = s.get(PlanRow, plan_id)
        if plan is None:
            raise WebError(404, f"{field_vi('plan_id')}: không có kế hoạch số {plan_id}.")
        visible = visible_of(p, plan)
        if visible is not None and not any(b in visible for (b,) in s.execute(
                select(PlanTaskRow.body_id).where(PlanTaskRow.plan_id == plan_id))):
            raise WebError(404, f"{field_vi('plan_id')}: kế hoạch số {plan_id} không có "
                                f"nhiệm vụ nào trong phạm vi của khóa {v_label(p)}.")
        return plan

    def v_label(p: Principal) -> str:
        return f"{p.prefix} ({body_name(p.body_id)})"

    def body_name(body_id: str) -> str:
        return chart.body(body_id).name if chart.has(body_id) else body_id

    def load_task(s: Session, plan: PlanRow, task_id: str, p: Principal) -> PlanTaskRow:
        t = s.get(PlanTaskRow, (plan.id, task_id))
        if t is None:
            raise WebError(404, f"{field_vi('task_id')}: kế hoạch số {plan.id} không có "
                                f"nhiệm vụ {quoted(task_id, 80)}.")
        if t.body_id not in subtree(p.body_id, plan.as_of):
            raise WebError(403, f"{field_vi('task_id')}: {t.body_name} không thuộc phạm vi "
                                f"của khóa {v_label(p)}; mỗi đơn vị chỉ xem và ghi nhận "
                                "nhiệm vụ của mình và cấp dưới.")
        return t

    def base_ctx(v: Viewer, **extra: Any) -> dict[str, Any]:
        return {"viewer": v, "who": body_name(v.p.body_id), "csrf": v.csrf or "", **extra}

    # ---------------------------------------------------------------- sign-in
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
    def login(request: Request,
              key: Annotated[str | None, Form(max_length=300)] = None,
              csrf: Annotated[str | None, Form(max_length=200)] = None,
              next: Annotated[str | None, Form(max_length=500)] = None) -> Response:
        target = safe_next(next)
        if not auth.same_token(csrf, request.cookies.get(auth.LOGIN_CSRF_COOKIE)):
            return page("login.html", 403, next=target,
                        csrf=request.cookies.get(auth.LOGIN_CSRF_COOKIE) or "",
                        error=f"{field_vi('csrf')}: không khớp; hãy tải lại trang đăng nhập.")
        store = request.app.state.store
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
    def logout(request: Request, v: Annotated[Viewer, Depends(viewer)],
               csrf: Annotated[str | None, Form(max_length=200)] = None) -> Response:
        check_form(v, csrf, write=False)
        with request.app.state.store.write() as s:
            auth.end_session(s, request.cookies.get(auth.COOKIE))
        resp = RedirectResponse("/web/login?msg=out", status_code=303)
        resp.delete_cookie(auth.COOKIE, path="/web")
        return resp

    # ---------------------------------------------------------------- static
    @router.get("/static/{name:path}")
    def static(name: Annotated[str, Path(max_length=200)]) -> Response:
        path = (STATIC / name).resolve()
        if not path.is_relative_to(STATIC.resolve()) or not path.is_file():
            raise WebError(404, f"Không có tệp {quoted(name, 80)}.")
        return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})

    # ---------------------------------------------------------------- directives
    @router.get("/", response_class=HTMLResponse)
    def directives(request: Request, v: Annotated[Viewer, Depends(viewer)],
                   as_of: Annotated[str | None, Query(max_length=40)] = None) -> Response:
        day = parse_day(as_of, "as_of", required=False)
        today = day or dt.date.today()
        with request.app.state.store.read() as s:
            items = directive_progress(s, lambda plan: visible_of(v.p, plan), today)
        return page("directives.html", **base_ctx(v, items=items, today=today,
                                                  as_of=day))

    # ---------------------------------------------------------------- plan
    def check_filters(plan: PlanRow, province: str | None, level: str | None, kind: str | None,
                      status: str | None, q: str | None, today: dt.date) -> Filters:
        errors = []
        if province:
            try:
                unit = chart.unit(province, plan.as_of)
                if unit.level != "province":
                    raise KeyError(province)
            except KeyError:
                errors.append(f"{field_vi('province')}: không có tỉnh, thành phố "
                              f"{quoted(province)}")
        for name, value, table in (("level", level, LEVELS_VI), ("kind", kind, KIND_VI),
                                   ("status", status, STATE_VI)):
            if value and value not in table:
                errors.append(f"{field_vi(name)}: giá trị {quoted(value)} không hợp lệ; chọn "
                              f"một trong: {', '.join(table.values())}")
        if errors:
            raise WebError(422, *errors)
        return Filters(province or None, level or None, kind or None, status or None,
                       (q or "").strip() or None, today)

    def plan_context(s: Session, plan: PlanRow, v: Viewer, f: Filters) -> dict[str, Any]:
        names = Names(chart, plan.as_of)
        visible = visible_of(v.p, plan)
        rows = visible_rows(s, plan, f, visible, names, chart)
        label = directive_label(s, plan)
        base = f"/web/plans/{plan.id}"

        def href(task_id: str) -> str:
            return f"{base}/tasks/{quote(task_id)}?" + urlencode(f.query(province=None,
                                                                           level=None,
                                                                           kind=None, q=None,
                                                                           status=None))

        def province_href(pid: str) -> str:
            return f"{base}?" + urlencode(f.query(province=pid))

        graph = build_graph(rows, facts_of.parents(s, plan),
                            root_title=plan.data.get("directive_number") or label,
                            root_href=f"{base}?" + urlencode(f.query(province=None)),
                            fold=f.province is None and f.q is None, task_href=href,
                            province_href=province_href, province_name=names.province,
                            node_text=names.node_text)
        rep = summarize(rows, plan_id=plan.id, today=f.today, label=label,
                        province_name=names.province, province=f.province,
                        unit_of=names.unit_of if f.province else None)
        kinds = sorted(facts_of.kinds(s, plan))
        return {"plan": plan, "label": label, "f": f, "rep": rep, "svg": render_svg(graph),
                "rows": len(rows), "matrix": rep["by_unit"] if f.province
                else rep["by_province"], "overdue": rep["overdue"][:OVERDUE_SHOWN],
                "overdue_more": max(0, len(rep["overdue"]) - OVERDUE_SHOWN),
                "provinces": facts_of.provinces(s, plan, visible, names),
                "province_name": names.province(f.province) if f.province else None,
                "kinds": [k for k in kinds if k in KIND_VI], "href": href,
                "province_href": province_href,
                "export": lambda fmt, table: f"{base}/export?" + urlencode(
                    {**f.query(), "format": fmt, "table": table})}

    FilterParams = dict(max_length=100)

    def filters_dep(
        province: Annotated[str | None, Query(**FilterParams)] = None,
        level: Annotated[str | None, Query(**FilterParams)] = None,
        kind: Annotated[str | None, Query(**FilterParams)] = None,
        status: Annotated[str | None, Query(**FilterParams)] = None,
        q: Annotated[str | None, Query(max_length=200)] = None,
        as_of: Annotated[str | None, Query(max_length=40)] = None,
    ) -> dict[str, Any]:
        return {"province": province, "level": level, "kind": kind, "status": status,
                "q": q, "today": parse_day(as_of, "as_of", required=False) or dt.date.today()}

    @router.get("/plans/{plan_id}", response_class=HTMLResponse)
    def plan_page(request: Request, v: Annotated[Viewer, Depends(viewer)],
                  plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
                  raw: Annotated[dict[str, Any], Depends(filters_dep)]) -> Response:
        with request.app.state.store.read() as s:
            plan = load_plan(s, plan_id, v.p)
            f = check_filters(plan, **raw)
            ctx = plan_context(s, plan, v, f)
        return page("plan.html", **base_ctx(v, **ctx))

    @router.get("/plans/{plan_id}/export")
    def export(request: Request, v: Annotated[Viewer, Depends(viewer)],
               plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
               raw: Annotated[dict[str, Any], Depends(filters_dep)],
               format: Annotated[str, Query(max_length=10)] = "xlsx",
               table: Annotated[str, Query(max_length=20)] = "province") -> Response:
        if format not in ("xlsx", "csv"):
            raise WebError(422, f"{field_vi('format')}: chỉ có xlsx hoặc csv")
        with request.app.state.store.read() as s:
            plan = load_plan(s, plan_id, v.p)
            f = check_filters(plan, **raw)
            names = Names(chart, plan.as_of)
            rows = visible_rows(s, plan, f, visible_of(v.p, plan), names, chart)
            rep = summarize(rows, plan_id=plan.id, today=f.today,
                            label=directive_label(s, plan), province_name=names.province,
                            province=f.province,
                            unit_of=names.unit_of if f.province else None)
        stem = f"bao-cao-ke-hoach-{plan_id}" + (f"-{f.province}" if f.province else "")
        if format == "xlsx":
            return Response(report_xlsx(rep), media_type=XLSX, headers={
                "Content-Disposition": f'attachment; filename="{stem}.xlsx"'})
        if table == "unit" and not f.province:
            table = "province"
        try:
            data = report_csv(rep, table)
        except ValueError:
            raise WebError(422, f"{field_vi('table')}: chỉ có province, unit (khi chọn một "
                                "tỉnh), level hoặc overdue") from None
        return Response(data, media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="{stem}-{table}.csv"'})

    # ---------------------------------------------------------------- unit
    def parent_docs(s: Session, plan: PlanRow, t: PlanTaskRow,
                    allowed: Collection[str]) -> list[dict[str, Any]]:
        """The documents the task's draft cites; a link only where the key may follow it
        (a commune's clerk sees the province's number, but not the province's page)."""
        out = []
        for pid in t.parents or []:
            if pid == "directive":
                d = s.get(DirectiveRow, plan.directive_id)
                out.append({"id": None, "name": directive_label(s, plan),
                            "number": plan.data.get("directive_number"),
                            "date": d.date if d else None, "status": "issued"})
                continue
            parent = s.get(PlanTaskRow, (plan.id, pid))
            if parent is None:
                continue
            doc = DOC_TYPE_VI.get(parent.doc_type, parent.doc_type)
            out.append({"id": parent.id if parent.body_id in allowed else None,
                        "name": f"{doc} của {parent.body_name}",
                        "number": parent.number if parent.status == "issued" else None,
                        "date": parent.date if parent.status == "issued" else None,
                        "status": parent.status})
        return out

    def unit_page(request: Request, v: Viewer, plan_id: int, task_id: str, *,
                  status: int = 200, errors: list[str] | None = None,
                  preview: dict[str, Any] | None = None, notice: str | None = None,
                  today: dt.date | None = None, form: dict[str, Any] | None = None
                  ) -> Response:
        from cascade.drafts.pdf import soffice

        today = today or dt.date.today()
        with request.app.state.store.read() as s:
            plan = load_plan(s, plan_id, v.p)
            t = load_task(s, plan, task_id, v.p)
            late = t.status in ("pending", "drafted") and t.deadline is not None \
                and t.deadline < today
            docs = list(s.scalars(select(IssuedDocumentRow).where(
                IssuedDocumentRow.plan_id == plan_id, IssuedDocumentRow.task_id == task_id)))
            ctx = {"plan": plan, "label": directive_label(s, plan), "t": t,
                   "state": "overdue" if late else t.status,
                   "days_late": (today - t.deadline).days if late and t.deadline else 0,
                   "parents": parent_docs(s, plan, t, subtree(v.p.body_id, plan.as_of)),
                   "docs": docs,
                   "kind": KIND_VI.get(Names(chart, plan.as_of).kind(t.body_id), ""),
                   "pdf": soffice() is not None, "errors": errors or [],
                   "preview": preview, "notice": notice, "form": form or {},
                   "base": f"/web/plans/{plan_id}/tasks/{quote(task_id)}",
                   "province_name": Names(chart, plan.as_of).province(t.province)
                   if t.province else None}
        return page("unit.html", status, **base_ctx(v, **ctx))

    @router.get("/plans/{plan_id}/tasks/{task_id}", response_class=HTMLResponse)
    def task_page(request: Request, v: Annotated[Viewer, Depends(viewer)],
                  plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
                  task_id: Annotated[str, Path(min_length=1, max_length=200)],
                  msg: Annotated[str | None, Query(max_length=20)] = None,
                  as_of: Annotated[str | None, Query(max_length=40)] = None) -> Response:
        return unit_page(request, v, plan_id, task_id, notice=NOTICES.get(msg or ""),
                         today=parse_day(as_of, "as_of", required=False))

    def render_draft(request: Request, v: Viewer, plan_id: int, task_id: str) -> bytes:
        from cascade.drafts.spec import SpecError
        from orgchart import UnknownBody

        with request.app.state.store.read() as s:
            plan = load_plan(s, plan_id, v.p)
            load_task(s, plan, task_id, v.p)
            try:
                return DraftContext(s, plan).render(chart, rules, task_id)
            except (UnknownBody, SpecError) as e:
                raise WebError(409, f"Không soạn được dự thảo theo sơ đồ tổ chức: {e}") \
                    from None

    def ascii_stem(task_id: str) -> str:
        return re.sub(r"[^A-Za-z0-9._-]+", "-", task_id).strip("-") or "du-thao"

    @router.get("/plans/{plan_id}/tasks/{task_id}/draft.docx")
    def draft_docx(request: Request, v: Annotated[Viewer, Depends(viewer)],
                   plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
                   task_id: Annotated[str, Path(min_length=1, max_length=200)]) -> Response:
        data = render_draft(request, v, plan_id, task_id)
        return Response(data, media_type=DOCX, headers={
            "Content-Disposition": f'attachment; filename="du-thao-{ascii_stem(task_id)}.docx"'})

    @router.get("/plans/{plan_id}/tasks/{task_id}/draft.pdf")
    def draft_pdf(request: Request, v: Annotated[Viewer, Depends(viewer)],
                  plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
                  task_id: Annotated[str, Path(min_length=1, max_length=200)]) -> Response:
        from cascade.drafts.pdf import PdfUnavailable, to_pdf

        data = render_draft(request, v, plan_id, task_id)
        with tempfile.TemporaryDirectory(prefix="trienkhai-web-") as d:
            src = FsPath(d) / f"{ascii_stem(task_id)}.docx"
            src.write_bytes(data)
            try:
                (pdf,) = to_pdf([src], FsPath(d) / "pdf", timeout=120)
            except PdfUnavailable as e:
                raise WebError(404, str(e)) from None
            except RuntimeError as e:
                raise WebError(502, f"Không xem trước được bản PDF: {e}") from None
            body = pdf.read_bytes()
        return Response(body, media_type="application/pdf", headers={
            "Content-Disposition": f'inline; filename="du-thao-{ascii_stem(task_id)}.pdf"'})

    # ---------------------------------------------------------------- upload (ingest)
    def check_upload(file: UploadFile | None) -> None:
        if file is None or not file.filename:
            raise WebError(422, f"{field_vi('file')}: hãy chọn tệp văn bản đã ký")
        size = file.size if file.size is not None else None
        if size == 0:
            raise WebError(422, f"{field_vi('file')}: tệp rỗng")
        if size is not None and size > MAX_UPLOAD:
            raise WebError(413, f"{field_vi('file')}: tệp quá lớn (tối đa 50 MB)")
        if "\x00" in file.filename:
            raise WebError(422, f"{field_vi('file')}: tên tệp không hợp lệ")

    def facts(m: Match, s: Session, plan: PlanRow, summary: str | None,
              allowed: Collection[str]) -> dict[str, Any]:
        """What was read, for the clerk to check. Candidate tasks are listed only within
        the key's subtree: a Lai Châu clerk learns nothing of Hà Nam's tasks."""
        d = m.document
        task = s.get(PlanTaskRow, (plan.id, m.task_id)) if m.task_id else None
        if task is not None and task.body_id not in allowed:
            task = None
        cands = [t for t in (s.get(PlanTaskRow, (plan.id, c)) for c in m.candidates)
                 if t is not None and t.body_id in allowed]
        return {"number": d.number, "symbol": d.symbol, "date": d.date, "type": d.type,
                "summary": summary, "issuer": body_name(d.issuer_id) if d.issuer_id else
                " / ".join(d.issuer_lines), "signer": d.signer, "parents": d.parents,
                "task": task, "candidates": [{"id": t.id, "name": t.body_name}
                                             for t in cands],
                "hidden_candidates": len(m.candidates) - len(cands),
                "warnings": m.warnings}

    def judge(m: Match, task: PlanTaskRow, p: Principal, plan: PlanRow,
              s: Session) -> tuple[str, str] | None:
        """Why this match cannot be recorded from this page, or None.

        The key's scope comes first: ingest's own reasons name every candidate task and,
        for a task already issued, its number and date, which a key outside that task's
        subtree must not learn. The reasons that list candidates are told again with only
        the key's own tasks, by name.
        """
        allowed = subtree(p.body_id, plan.as_of)
        if m.body_id and m.body_id not in allowed:
            return "outside", (f"Văn bản do {body_name(m.body_id)} ban hành, ngoài phạm vi "
                               f"của khóa {v_label(p)}.")
        if m.candidate_bodies and not any(b in allowed for b in m.candidate_bodies):
            return "outside", (f"Cơ quan ban hành văn bản không thuộc phạm vi của khóa "
                               f"{v_label(p)}.")
        if m.explanation is not None:
            return m.explanation.code, scoped_reason(m, s, plan, allowed)
        if m.task_id != task.id:
            return "other_task", (f"Văn bản này là của {body_name(m.body_id or '')}, không "
                                  f"phải của {task.body_name}; hãy tải lên ở trang của "
                                  "nhiệm vụ đó.")
        return None

    def scoped_reason(m: Match, s: Session, plan: PlanRow, allowed: Collection[str]) -> str:
        """Ingest's reason, restricted to the tasks of the key's subtree, by name."""
        e = m.explanation
        assert e is not None

        def mine(ids: Collection[str]) -> list[PlanTaskRow]:
            got = (s.get(PlanTaskRow, (plan.id, i)) for i in ids)
            return [t for t in got if t is not None and t.body_id in allowed]

        if e.code == "parent_mismatch":
            expected = e.evidence.get("expected") or {}
            wanted = "; ".join(f"{t.body_name}: {', '.join(expected[t.id])}"
                               for t in mine(list(expected)))
            cited = "; ".join(e.evidence.get("cited") or [])
            return f"Văn bản trích dẫn “{cited}” nhưng nhiệm vụ cần trích dẫn: {wanted}."
        if e.code == "ambiguous":
            ids = e.evidence.get("candidates") or []
            names = [t.body_name for t in mine(ids)]
            scope = "; trong phạm vi của khóa này" if len(names) < len(ids) else ""
            return f"Văn bản khớp với nhiều nhiệm vụ{scope}: {'; '.join(names)}."
        if e.code == "no_parent_citation":
            names = [t.body_name for t in mine(m.candidates)]
            return ("Văn bản không trích dẫn văn bản cấp trên nào theo dạng “Thực hiện …” "
                    f"(cơ quan: {', '.join(names)}); không biết văn bản thực hiện nhiệm vụ "
                    "nào.")
        return e.message

    def unreadable(e: Exception, path: FsPath, file_name: str | None) -> str:
        """The reader's reason, naming the clerk's file, never the server's path."""
        msg = str(e).replace(str(path), file_name or "tệp")
        return f"{field_vi('file')}: không đọc được văn bản: {msg}"

    def conflict_vi(t: PlanTaskRow, number: str, symbol: str, day: dt.date | None) -> str:
        """Why ``record_issued`` refused, in Vietnamese (its own messages are English)."""
        if t.status == "exempt":
            return (f"Nhiệm vụ đang ở trạng thái không phải ban hành (lý do: {t.exempt_reason})"
                    "; hãy chuyển về Chưa thực hiện trước khi ghi nhận văn bản.")
        if t.status == "issued":
            return (f"Nhiệm vụ đã được ghi nhận ban hành văn bản số "
                    f"{reference(t.number, None)}, ngày {vn_day(t.date)}.")
        return (f"Văn bản số {reference(number, symbol)} ngày {vn_day(day)} của "
                f"{t.body_name} đã được ghi nhận trước đó.")

    def stored(upload: str) -> FsPath:
        if not UPLOAD_RE.match(upload or ""):
            raise WebError(422, f"{field_vi('upload')}: không hợp lệ; hãy tải tệp lên lại")
        path = files_dir / upload[:2] / upload
        if not path.is_file():
            raise WebError(422, f"{field_vi('upload')}: không còn trên máy chủ; hãy tải tệp "
                                "lên lại")
        return path

    @router.post("/plans/{plan_id}/tasks/{task_id}/upload", response_class=HTMLResponse)
    def upload(request: Request, v: Annotated[Viewer, Depends(viewer)],
               plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
               task_id: Annotated[str, Path(min_length=1, max_length=200)],
               file: Annotated[UploadFile | None, File()] = None,
               csrf: Annotated[str | None, Form(max_length=200)] = None) -> Response:
        check_form(v, csrf)
        try:
            check_upload(file)
        except WebError as e:
            return unit_page(request, v, plan_id, task_id, status=e.status, errors=e.messages)
        assert file is not None
        with request.app.state.store.read() as s:
            plan = load_plan(s, plan_id, v.p)
            task = load_task(s, plan, task_id, v.p)
            sha, path = save_upload(file)
            try:
                doc, m = read_and_match(s, plan_id, path, chart)
            except IngestError as e:
                return unit_page(request, v, plan_id, task_id, status=422,
                                 errors=[unreadable(e, path, file.filename)])
            refusal = judge(m, task, v.p, plan, s)
            preview = {"facts": facts(m, s, plan, doc.header.summary,
                                      subtree(v.p.body_id, plan.as_of)),
                       "file_name": file.filename,
                       "upload": path.name, "sha": sha,
                       "refusal": {"code": refusal[0], "title": INGEST_CODE_VI.get(
                           refusal[0], "Không ghi nhận được"), "message": refusal[1]}
                       if refusal else None}
        return unit_page(request, v, plan_id, task_id, status=422 if refusal else 200,
                         preview=preview)

    @router.post("/plans/{plan_id}/tasks/{task_id}/confirm", response_class=HTMLResponse)
    def confirm(request: Request, v: Annotated[Viewer, Depends(viewer)],
                plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
                task_id: Annotated[str, Path(min_length=1, max_length=200)],
                upload: Annotated[str | None, Form(max_length=80)] = None,
                file_name: Annotated[str | None, Form(max_length=300)] = None,
                csrf: Annotated[str | None, Form(max_length=200)] = None) -> Response:
        check_form(v, csrf)
        refusal = None
        with request.app.state.store.write() as s:
            plan = load_plan(s, plan_id, v.p)
            task = load_task(s, plan, task_id, v.p)
            # the file only once the task is the key's: no probing which files exist
            path = stored(upload or "")
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            name = (file_name or path.name).replace("\x00", "")
            try:
                doc, m = read_and_match(s, plan_id, path, chart)
            except IngestError as e:
                raise WebError(422, unreadable(e, path, name)) from None
            refusal = judge(m, task, v.p, plan, s)
            if refusal is None and record_match(
                    s, plan_id, doc, m, f"key:{v.p.prefix}", file_name=name,
                    file_path=str(path), file_sha256=sha) is None:
                # a conflict found only now; ingest's message carries the store's English
                d = m.document
                refusal = ("already_issued", conflict_vi(task, d.number or "",
                                                         d.symbol or "", d.date))
        if refusal:
            return unit_page(request, v, plan_id, task_id, status=409, errors=[
                f"{INGEST_CODE_VI.get(refusal[0], 'Không ghi nhận được')}: {refusal[1]}"])
        return RedirectResponse(f"/web/plans/{plan_id}/tasks/{quote(task_id)}?msg=issued",
                                status_code=303)

    # ---------------------------------------------------------------- manual record
    @router.post("/plans/{plan_id}/tasks/{task_id}/manual", response_class=HTMLResponse)
    def manual(request: Request, v: Annotated[Viewer, Depends(viewer)],
               plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
               task_id: Annotated[str, Path(min_length=1, max_length=200)],
               number: Annotated[str | None, Form(max_length=100)] = None,
               symbol: Annotated[str | None, Form(max_length=200)] = None,
               date: Annotated[str | None, Form(max_length=40)] = None,
               signer: Annotated[str | None, Form(max_length=300)] = None,
               file: Annotated[UploadFile | None, File()] = None,
               csrf: Annotated[str | None, Form(max_length=200)] = None) -> Response:
        check_form(v, csrf)
        form = {"number": number or "", "symbol": symbol or "", "date": date or "",
                "signer": signer or ""}
        errors = []
        number, symbol = (number or "").strip(), (symbol or "").strip()
        if not NUMBER_RE.match(number):
            errors.append(f"{field_vi('number')}: chỉ gồm chữ số (1–7 chữ số), ví dụ 12")
        if not symbol or len(symbol) > 60 or "\x00" in symbol:
            errors.append(f"{field_vi('symbol')}: bắt buộc, tối đa 60 ký tự, ví dụ KH-UBND")
        day = None
        try:
            day = parse_day(date, "date")
        except WebError as e:
            errors += e.messages
        if signer and (len(signer) > 200 or "\x00" in signer):
            errors.append(f"{field_vi('signer')}: tối đa 200 ký tự")
        try:
            check_upload(file)
        except WebError as e:
            errors += e.messages
        if errors:
            return unit_page(request, v, plan_id, task_id, status=422, errors=errors,
                             form=form)
        assert file is not None and day is not None
        with request.app.state.store.write() as s:
            plan = load_plan(s, plan_id, v.p)
            t = load_task(s, plan, task_id, v.p)
            sha, path = save_upload(file)
            try:
                record_issued(s, plan_id, task_id, number=number, symbol=symbol, date=day,
                              signer=(signer or "").strip() or None, file_name=file.filename,
                              file_path=str(path), file_sha256=sha,
                              actor=f"key:{v.p.prefix}")
            except TaskConflict:
                conflict = conflict_vi(t, number, symbol, day)
            else:
                conflict = None
        if conflict:
            return unit_page(request, v, plan_id, task_id, status=409, form=form,
                             errors=[f"Không ghi nhận được: {conflict}"])
        return RedirectResponse(f"/web/plans/{plan_id}/tasks/{quote(task_id)}?msg=issued",
                                status_code=303)

    # ---------------------------------------------------------------- status
    @router.post("/plans/{plan_id}/tasks/{task_id}/status", response_class=HTMLResponse)
    def change_status(request: Request, v: Annotated[Viewer, Depends(viewer)],
                      plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
                      task_id: Annotated[str, Path(min_length=1, max_length=200)],
                      status: Annotated[str | None, Form(max_length=20)] = None,
                      reason: Annotated[str | None, Form(max_length=2000)] = None,
                      csrf: Annotated[str | None, Form(max_length=200)] = None) -> Response:
        check_form(v, csrf)
        allowed = {"pending": "Chưa thực hiện", "drafted": "Đã dự thảo",
                   "exempt": "Không phải ban hành"}
        reason = (reason or "").replace("\x00", "").strip() or None
        errors = []
        if status not in allowed:
            errors.append(f"{field_vi('status')}: chọn một trong: {', '.join(allowed.values())}")
        elif status == "exempt" and not reason:
            errors.append(f"{field_vi('reason')}: phải ghi lý do không phải ban hành văn bản")
        if errors:
            return unit_page(request, v, plan_id, task_id, status=422, errors=errors)
        with request.app.state.store.write() as s:
            plan = load_plan(s, plan_id, v.p)
            load_task(s, plan, task_id, v.p)
            try:
                set_status(s, plan_id, task_id, str(status), reason, f"key:{v.p.prefix}")
                problem = None
            except TaskConflict:
                problem = "Nhiệm vụ đã ban hành văn bản nên không đổi được trạng thái."
            except TaskError:  # pragma: no cover - checked above
                problem = STATUS_VI[422]
        if problem:
            return unit_page(request, v, plan_id, task_id, status=409, errors=[problem])
        return RedirectResponse(f"/web/plans/{plan_id}/tasks/{quote(task_id)}?msg=status",
                                status_code=303)

    # ---------------------------------------------------------------- anything else
    pages = list(router.routes)

    @router.api_route("/{path:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH",
                                               "DELETE", "OPTIONS"])
    def not_found(request: Request, path: str) -> Response:
        """A path under /web/ that is no page: the Vietnamese error page, not the app's
        English problem+json (registered last, so it only sees what no page took; the
        JSON API outside /web/ keeps its own 404)."""
        allow = sorted({m for r in pages if isinstance(r, APIRoute)
                        and r.matches(request.scope)[0] is RouteMatch.PARTIAL
                        for m in r.methods})
        if allow:  # the page exists, not for this method (a GET of a form's target)
            resp = page("error.html", 405, messages=[STATUS_VI[405]])
            resp.headers["Allow"] = ", ".join(allow)
            return resp
        return page("error.html", 404, messages=[
            f"Không có trang {quoted('/web/' + path, 80)}. Hãy bắt đầu lại từ danh sách văn "
            "bản chỉ đạo."])

    return router
