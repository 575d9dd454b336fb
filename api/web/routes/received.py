"""Received documents in the dashboard: "Văn bản nhận được" (a unit uploads what it
received, sees what was recognised, corrects each task's lead, downloads its own draft)
and "Thêm văn bản chỉ đạo" (a secretariat uploads a directive and gets its plan), with
no YAML and no curl.

The upload is stored under its SHA-256 as the ingest preview stores its files, with what
was read beside it (``api.intake.cached_reading``), so the second step drafts or plans
from the same reading without reading (or OCR'ing) the file again.
"""

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import ChartDep, FilesDep, RulesDep, StoreDep
from api.intake import (
    EVERYONE,
    IntakeRefused,
    answer_draft,
    cached_reading,
    directive_of,
    lead_choices,
    responder,
)
from api.planning import authorise_plan
from api.problems import Problem
from api.services import DOCX, ascii_name, download, staged_upload
from api.web.pages import Viewer, ViewerDep, WebError, WebRoute, base_ctx, check_form, page
from api.web.routes.tasks import check_upload, stored
from cascade.compose import TYPE_NAMES
from cascade.intake.directive_out import Leads, read_lead
from cascade.intake.models import DirectiveReading
from cascade.planner import PlanError, plan
from cascade.store.directives import DirectiveConflict
from cascade.store.plans import save_plan
from orgchart import Body, Chart
from orgchart.days import today as vn_today

router = APIRouter(prefix="/web", route_class=WebRoute, include_in_schema=False)
Csrf = Annotated[str | None, Form(max_length=200)]
Numbers = Annotated[list[str], Form(max_length=300)]
TITLES = {"respond": "Văn bản nhận được", "add": "Thêm văn bản chỉ đạo"}
ACCEPT = ".docx,.pdf,.txt,.png,.jpg,.jpeg,.tif,.tiff"
MAX_ANSWERERS = 300


def answerers(chart: Chart, v: Viewer) -> list[Body]:
    """The bodies the viewer may answer as: its own, the standing board acting for its
    committee, and the bodies it directs (its subtree, nearest first). Today's chart
    when the body still exists, else the chart of its lifetime: a letter of 2025 is
    answered by a district that has since been dissolved."""
    own = v.caller.body_id
    day: dt.date | None = vn_today()
    if not chart.has(own, day):
        day = None
    if not chart.has(own, day):
        return []
    out = [chart.body(own, day)]
    out += [b for b in chart.subordinates(own, depth=2, as_of=day)
            if v.caller.covers(b.id, day)]
    return out[:MAX_ANSWERERS]


def received_page(request: Request, v: Viewer, mode: str, *, status: int = 200,
                  errors: list[str] | None = None, reading: DirectiveReading | None = None,
                  upload: str = "", file_name: str = "", as_body: str | None = None,
                  leads: Leads | None = None) -> Response:
    """The page of either flow, with what was read (the tasks and their lead choices)."""
    chart: Chart = request.app.state.chart
    bodies = answerers(chart, v)
    chosen = as_body or v.caller.body_id
    ctx: dict[str, Any] = {"mode": mode, "title": TITLES[mode], "bodies": bodies,
                           "as_body": chosen, "errors": errors or [], "accept": ACCEPT,
                           "reading": reading, "upload": upload, "file_name": file_name}
    if reading is not None:
        province = next((b.province for b in bodies if b.id == chosen), None)
        ctx["choices"] = lead_choices(chart, reading, province, reading.date)
        ctx["tasks"] = [{"t": t, "lead": (leads or {}).get(t.number, read_lead(t))
                         or EVERYONE} for t in reading.tasks if t.kind == "task"]
    return page("received.html", status, **base_ctx(chart, v, **ctx))


def leads_of(numbers: list[str], leads: list[str]) -> Leads:
    if len(numbers) != len(leads):
        raise WebError(422, "Chủ trì: mỗi nhiệm vụ phải có một lựa chọn; hãy tải lại trang.")
    return {n: (k or None) for n, k in zip(numbers, leads, strict=True)}


@router.get("/received", response_class=HTMLResponse)
def received_form(request: Request, v: ViewerDep,
                  as_body: Annotated[str | None, Query(alias="as", max_length=200)] = None
                  ) -> Response:
    return received_page(request, v, "respond", as_body=as_body)


@router.get("/directives/new", response_class=HTMLResponse)
def new_directive_form(request: Request, v: ViewerDep) -> Response:
    return received_page(request, v, "add")


@router.post("/received/read", response_class=HTMLResponse)
def read_received(request: Request, v: ViewerDep, chart: ChartDep, files: FilesDep,
                  file: Annotated[UploadFile | None, File()] = None,
                  mode: Annotated[str, Form(max_length=20)] = "respond",
                  as_body: Annotated[str | None, Form(alias="as", max_length=200)] = None,
                  csrf: Csrf = None) -> Response:
    mode = mode if mode in TITLES else "respond"
    check_form(v, csrf, write=mode == "add")  # a read key may still draft its answer
    try:
        check_upload(file)
    except WebError as e:
        return received_page(request, v, mode, status=e.status, errors=e.messages,
                             as_body=as_body)
    assert file is not None and file.filename
    with staged_upload(files, file) as up:
        try:
            reading, _ = cached_reading(up.path, file.filename, chart)
        except IntakeRefused as e:  # a refused document is not kept
            return received_page(request, v, mode, status=e.status, as_body=as_body,
                                 errors=[e.message])
        up.keep()  # kept for the next step, with its reading beside it
    return received_page(request, v, mode, reading=reading, upload=up.dest.name,
                         file_name=file.filename, as_body=as_body)


def reread(request: Request, files: Any, upload: str | None,
           file_name: str | None) -> tuple[DirectiveReading, str]:
    """The reading of the upload the page showed."""
    name = (file_name or "").replace("\x00", "")[:200] or "tệp đã tải lên"
    path = stored(files, upload or "")
    try:
        reading, _ = cached_reading(path, name, request.app.state.chart)
    except IntakeRefused as e:
        raise WebError(e.status, e.message) from None
    return reading, name


@router.post("/received/draft", response_class=HTMLResponse)
def draft_received(request: Request, v: ViewerDep, chart: ChartDep, rules: RulesDep,
                   files: FilesDep, task: Numbers, lead: Numbers,
                   upload: Annotated[str | None, Form(max_length=80)] = None,
                   file_name: Annotated[str | None, Form(max_length=300)] = None,
                   as_body: Annotated[str | None, Form(alias="as", max_length=200)] = None,
                   csrf: Csrf = None) -> Response:
    check_form(v, csrf, write=False)
    reading, name = reread(request, files, upload, file_name)
    leads = leads_of(task, lead)
    try:
        body = responder(chart, v.caller, as_body or v.caller.body_id, reading.date)
        data, t = answer_draft(reading, body, chart, rules, leads=leads)
    except IntakeRefused as e:
        return received_page(request, v, "respond", status=e.status, reading=reading,
                             errors=[e.message.removeprefix("as: ")], upload=upload or "",
                             file_name=name, as_body=as_body, leads=leads)
    stem = ascii_name(f"du-thao-{TYPE_NAMES[t.doc_type]}-{t.body_id}", "du-thao")
    return download(data, DOCX, f"{stem}.docx")


@router.post("/directives/new", response_class=HTMLResponse)
def create_directive(request: Request, v: ViewerDep, chart: ChartDep, rules: RulesDep,
                     store: StoreDep, files: FilesDep, task: Numbers, lead: Numbers,
                     upload: Annotated[str | None, Form(max_length=80)] = None,
                     file_name: Annotated[str | None, Form(max_length=300)] = None,
                     csrf: Csrf = None) -> Response:
    check_form(v, csrf)
    reading, name = reread(request, files, upload, file_name)
    leads = leads_of(task, lead)

    def again(status: int, message: str) -> Response:
        return received_page(request, v, "add", status=status, reading=reading,
                             errors=[message], upload=upload or "", file_name=name,
                             leads=leads)

    try:
        directive = directive_of(reading, chart, leads)
    except IntakeRefused as e:
        return again(e.status, e.message)
    own = chart.body(v.caller.body_id).province if chart.has(v.caller.body_id) else None
    scope = directive.scope or ([own] if own else None)
    try:  # before planning: a key that cannot hold the plan costs no planning
        authorise_plan(v.caller, chart, directive, None, scope)
    except Problem:
        return again(403, _outside_reach(v, []))
    try:
        planned = plan(chart, directive, rules, scope=scope)
    except PlanError as e:
        return again(422, f"Không lập được kế hoạch: {e}")
    allowed = v.caller.subtree(planned.as_of)
    outside = [t.body_name for t in planned.tasks if t.body_id not in allowed]
    if outside:
        return again(403, _outside_reach(v, outside))
    try:
        with store.write() as s:
            row = save_plan(s, planned, actor=v.caller.actor)
            plan_id = row.id
    except DirectiveConflict as e:
        return again(409, f"Văn bản này đã được lưu (mã {e.existing_id}) với nội dung "
                          "khác; hãy lập kế hoạch từ văn bản đã lưu hoặc kiểm tra lại số, "
                          "ký hiệu, ngày.")
    return RedirectResponse(f"/web/plans/{plan_id}", status_code=303)


def _outside_reach(v: Viewer, outside: list[str]) -> str:
    """Why a plan from this document is not the key's to create, in a clerk's words."""
    which = (f"có {len(outside)} cơ quan ngoài phạm vi của khóa {v.caller.prefix}, ví dụ "
             f"{', '.join(outside[:3])}" if outside
             else f"vượt ra ngoài phạm vi của khóa {v.caller.prefix}")
    return (f"Kế hoạch {which}; hãy đăng nhập bằng khóa của cơ quan ban hành hoặc "
            "cấp trên.")

