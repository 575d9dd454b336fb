"""A unit's task: its page (parents cited, documents recorded, the draft), the draft as
.docx or PDF, a signed document uploaded and matched (then confirmed), recorded by hand,
or a status change."""

import datetime as dt
import hashlib
import re
import tempfile
from collections.abc import Collection
from pathlib import Path as FsPath
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import ChartDep, FilesDep, PlanId, RulesDep, StoreDep, TaskId
from api.services import (
    DOCX,
    MAX_UPLOAD_BYTES,
    UPLOAD_NAME,
    ascii_name,
    download,
    render_draft,
    staged_upload,
)
from api.web.labels import DOC_TYPE_VI, INGEST_CODE_VI, KIND_VI, STATUS_VI, field_vi
from api.web.pages import (
    NOTICES,
    Viewer,
    ViewerDep,
    WebError,
    WebRoute,
    base_ctx,
    check_form,
    load_plan,
    load_task,
    page,
    parse_day,
)
from api.web.review import conflict_vi, facts, reasons, unreadable
from api.web.views import Names, scope_name, seen_scope
from cascade.check import check_if_docx
from cascade.citations.ingest import IngestError, read_and_match
from cascade.plan_rules import Rules
from cascade.store.db import Store
from cascade.store.intake import record_match
from cascade.store.lateness import days_late
from cascade.store.plans import TaskConflict, TaskError, record_issued, set_status
from cascade.store.report import directive_label, directive_short
from cascade.store.rows import DirectiveRow, IssuedDocumentRow, PlanRow, PlanTaskRow
from orgchart import Chart
from orgchart.days import today as vn_today

router = APIRouter(prefix="/web", route_class=WebRoute, include_in_schema=False)
NUMBER_RE = re.compile(r"^[0-9]{1,7}$")
STATUSES = {"pending": "Chưa thực hiện", "drafted": "Đã dự thảo",
            "exempt": "Không phải ban hành"}
Csrf = Annotated[str | None, Form(max_length=200)]


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
        issued = parent.status == "issued"
        out.append({"id": parent.id if parent.body_id in allowed else None,
                    "name": f"{doc} của {parent.body_name}",
                    "number": parent.number if issued else None,
                    "date": parent.date if issued else None, "status": parent.status})
    return out


def unit_page(request: Request, v: Viewer, plan_id: int, task_id: str, *,
              status: int = 200, errors: list[str] | None = None,
              preview: dict[str, Any] | None = None, notice: str | None = None,
              today: dt.date | None = None, form: dict[str, Any] | None = None) -> Response:
    """The task's page, with what a form just sent (errors, a preview, a notice)."""
    from cascade.drafts.pdf import soffice

    chart: Chart = request.app.state.chart
    today = today or vn_today()
    with request.app.state.store.read() as s:
        plan = load_plan(s, chart, plan_id, v.caller)
        t = load_task(s, plan, task_id, v.caller)
        late = days_late(t.status, t.deadline, today)
        names = Names(chart, plan.as_of)
        docs = list(s.scalars(select(IssuedDocumentRow).where(
            IssuedDocumentRow.plan_id == plan_id, IssuedDocumentRow.task_id == task_id)))
        ctx = {"plan": plan, "label": directive_label(s, plan), "t": t,
               "short": directive_short(s, plan),
               "scope": scope_name(chart, seen_scope(chart, plan, v.caller), plan.as_of),
               "state": "overdue" if late else t.status, "days_late": late,
               "parents": parent_docs(s, plan, t, v.caller.subtree(plan.as_of)),
               "docs": docs, "kind": KIND_VI.get(names.kind(t.body_id), ""),
               "pdf": soffice() is not None, "errors": errors or [],
               "preview": preview, "notice": notice, "form": form or {},
               "base": f"/web/plans/{plan_id}/tasks/{quote(task_id)}",
               "province_name": names.province(t.province) if t.province else None}
    return page("unit.html", status, **base_ctx(chart, v, **ctx))


def back_to_task(plan_id: int, task_id: str, msg: str) -> Response:
    return RedirectResponse(f"/web/plans/{plan_id}/tasks/{quote(task_id)}?msg={msg}",
                            status_code=303)


@router.get("/plans/{plan_id}/tasks/{task_id}", response_class=HTMLResponse)
def task_page(request: Request, v: ViewerDep, plan_id: PlanId, task_id: TaskId,
              msg: Annotated[str | None, Query(max_length=20)] = None,
              as_of: Annotated[str | None, Query(max_length=40)] = None) -> Response:
    return unit_page(request, v, plan_id, task_id, notice=NOTICES.get(msg or ""),
                     today=parse_day(as_of, "as_of", required=False))


def draft_of(v: Viewer, plan_id: int, task_id: str, store: Store, chart: Chart,
             rules: Rules) -> bytes:
    with store.read() as s:
        plan = load_plan(s, chart, plan_id, v.caller)
        load_task(s, plan, task_id, v.caller)
        return render_draft(s, plan, task_id, chart, rules)


@router.get("/plans/{plan_id}/tasks/{task_id}/draft.docx")
def draft_docx(v: ViewerDep, plan_id: PlanId, task_id: TaskId, store: StoreDep,
               chart: ChartDep, rules: RulesDep) -> Response:
    data = draft_of(v, plan_id, task_id, store, chart, rules)
    return download(data, DOCX, f"du-thao-{ascii_name(task_id, 'du-thao')}.docx")


@router.get("/plans/{plan_id}/tasks/{task_id}/draft.pdf")
def draft_pdf(v: ViewerDep, plan_id: PlanId, task_id: TaskId, store: StoreDep,
              chart: ChartDep, rules: RulesDep) -> Response:
    from cascade.drafts.pdf import PdfUnavailable, to_pdf

    data = draft_of(v, plan_id, task_id, store, chart, rules)
    stem = ascii_name(task_id, "du-thao")
    with tempfile.TemporaryDirectory(prefix="trienkhai-web-") as d:
        src = FsPath(d) / f"{stem}.docx"
        src.write_bytes(data)
        try:
            (pdf,) = to_pdf([src], FsPath(d) / "pdf", timeout=120)
        except PdfUnavailable as e:
            raise WebError(404, str(e)) from None
        except RuntimeError as e:
            raise WebError(502, f"Không xem trước được bản PDF: {e}") from None
        body = pdf.read_bytes()
    return download(body, "application/pdf", f"du-thao-{stem}.pdf", inline=True)


# ------------------------------------------------------------------ upload (ingest)
def check_upload(file: UploadFile | None) -> None:
    """A file chosen, not empty, not over the limit, with a plausible name."""
    if file is None or not file.filename:
        raise WebError(422, f"{field_vi('file')}: hãy chọn tệp văn bản đã ký")
    if file.size == 0:
        raise WebError(422, f"{field_vi('file')}: tệp rỗng")
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise WebError(413, f"{field_vi('file')}: tệp quá lớn (tối đa "
                            f"{MAX_UPLOAD_BYTES // 1_000_000} MB)")
    if "\x00" in file.filename:
        raise WebError(422, f"{field_vi('file')}: tên tệp không hợp lệ")


def stored(files: FsPath, upload: str) -> FsPath:
    """A file uploaded moments ago (for the preview), by its stored name."""
    if not UPLOAD_NAME.match(upload or ""):
        raise WebError(422, f"{field_vi('upload')}: không hợp lệ; hãy tải tệp lên lại")
    path = files / upload[:2] / upload
    if not path.is_file():
        raise WebError(422, f"{field_vi('upload')}: không còn trên máy chủ; hãy tải tệp "
                            "lên lại")
    return path


def refusal_text(found: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Each reason with its heading, in the order to act on them."""
    return [{"code": code, "title": INGEST_CODE_VI.get(code, "Không ghi nhận được"),
             "message": message} for code, message in found]


@router.post("/plans/{plan_id}/tasks/{task_id}/upload", response_class=HTMLResponse)
def upload(request: Request, v: ViewerDep, plan_id: PlanId, task_id: TaskId,
           store: StoreDep, chart: ChartDep, files: FilesDep,
           file: Annotated[UploadFile | None, File()] = None, csrf: Csrf = None) -> Response:
    check_form(v, csrf)
    try:
        check_upload(file)
    except WebError as e:
        return unit_page(request, v, plan_id, task_id, status=e.status, errors=e.messages)
    assert file is not None
    with store.read() as s:
        plan = load_plan(s, chart, plan_id, v.caller)
        task = load_task(s, plan, task_id, v.caller)
        with staged_upload(files, file) as up:
            try:
                doc, m = read_and_match(s, plan_id, up.path, chart)
            except IngestError as e:
                return unit_page(request, v, plan_id, task_id, status=422,
                                 errors=[unreadable(e, up.path, file.filename)])
            refusal = reasons(s, chart, m, task, v.caller, plan, doc)
            check = check_if_docx(up.path, chart)  # its thể thức, while the file is at hand
            if not refusal:  # kept for the confirmation; a refused file is not
                up.keep()
        preview = {"facts": facts(s, chart, m, plan, doc.header.summary,
                                  v.caller.subtree(plan.as_of)),
                   "file_name": file.filename, "upload": up.dest.name, "sha": up.sha,
                   "refusal": refusal_text(refusal), "check": check}
    return unit_page(request, v, plan_id, task_id, status=422 if refusal else 200,
                     preview=preview)


@router.post("/plans/{plan_id}/tasks/{task_id}/confirm", response_class=HTMLResponse)
def confirm(request: Request, v: ViewerDep, plan_id: PlanId, task_id: TaskId,
            store: StoreDep, chart: ChartDep, files: FilesDep,
            upload: Annotated[str | None, Form(max_length=80)] = None,
            file_name: Annotated[str | None, Form(max_length=300)] = None,
            csrf: Csrf = None) -> Response:
    check_form(v, csrf)
    with store.write() as s:
        plan = load_plan(s, chart, plan_id, v.caller)
        task = load_task(s, plan, task_id, v.caller)
        # the file only once the task is the key's: no probing which files exist
        path = stored(files, upload or "")
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        name = (file_name or path.name).replace("\x00", "")
        try:
            doc, m = read_and_match(s, plan_id, path, chart)
        except IngestError as e:
            raise WebError(422, unreadable(e, path, name)) from None
        found = reasons(s, chart, m, task, v.caller, plan, doc)
        if not found and record_match(
                s, plan_id, doc, m, v.caller.actor, file_name=name, file_path=str(path),
                file_sha256=sha) is None:
            # a conflict found only now; ingest's message carries the store's English
            d = m.document
            found = [("already_issued", conflict_vi(task, d.number or "", d.symbol or "",
                                                    d.date))]
    if found:
        return unit_page(request, v, plan_id, task_id, status=409, errors=[
            f"{r['title']}: {r['message']}" for r in refusal_text(found)])
    return back_to_task(plan_id, task_id, "issued")


# ------------------------------------------------------------------ by hand
def manual_errors(number: str, symbol: str, date: str | None, signer: str | None,
                  file: UploadFile | None) -> tuple[list[str], dt.date | None]:
    """Every mistake of the manual record form at once, and the date when it parses."""
    errors = []
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
    return errors, day


@router.post("/plans/{plan_id}/tasks/{task_id}/manual", response_class=HTMLResponse)
def manual(request: Request, v: ViewerDep, plan_id: PlanId, task_id: TaskId,
           store: StoreDep, chart: ChartDep, files: FilesDep,
           number: Annotated[str | None, Form(max_length=100)] = None,
           symbol: Annotated[str | None, Form(max_length=200)] = None,
           date: Annotated[str | None, Form(max_length=40)] = None,
           signer: Annotated[str | None, Form(max_length=300)] = None,
           file: Annotated[UploadFile | None, File()] = None, csrf: Csrf = None) -> Response:
    check_form(v, csrf)
    form = {"number": number or "", "symbol": symbol or "", "date": date or "",
            "signer": signer or ""}
    number, symbol = (number or "").strip(), (symbol or "").strip()
    errors, day = manual_errors(number, symbol, date, signer, file)
    if errors:
        return unit_page(request, v, plan_id, task_id, status=422, errors=errors, form=form)
    assert file is not None and day is not None
    conflict = None
    with store.read() as s:  # the key's task before its file is even staged
        load_task(s, load_plan(s, chart, plan_id, v.caller), task_id, v.caller)
    with staged_upload(files, file) as up, store.write() as s:
        plan = load_plan(s, chart, plan_id, v.caller)
        t = load_task(s, plan, task_id, v.caller)
        try:
            record_issued(s, plan_id, task_id, number=number, symbol=symbol, date=day,
                          signer=(signer or "").strip() or None, file_name=file.filename,
                          file_path=str(up.dest), file_sha256=up.sha,
                          actor=v.caller.actor)
            up.keep()
        except TaskConflict:
            conflict = conflict_vi(t, number, symbol, day)
    if conflict:
        return unit_page(request, v, plan_id, task_id, status=409, form=form,
                         errors=[f"Không ghi nhận được: {conflict}"])
    return back_to_task(plan_id, task_id, "issued")


# ------------------------------------------------------------------ status
@router.post("/plans/{plan_id}/tasks/{task_id}/status", response_class=HTMLResponse)
def change_status(request: Request, v: ViewerDep, plan_id: PlanId, task_id: TaskId,
                  store: StoreDep, chart: ChartDep,
                  status: Annotated[str | None, Form(max_length=20)] = None,
                  reason: Annotated[str | None, Form(max_length=2000)] = None,
                  csrf: Csrf = None) -> Response:
    check_form(v, csrf)
    reason = (reason or "").replace("\x00", "").strip() or None
    if status not in STATUSES:
        error = f"{field_vi('status')}: chọn một trong: {', '.join(STATUSES.values())}"
        return unit_page(request, v, plan_id, task_id, status=422, errors=[error])
    if status == "exempt" and not reason:
        error = f"{field_vi('reason')}: phải ghi lý do không phải ban hành văn bản"
        return unit_page(request, v, plan_id, task_id, status=422, errors=[error])
    problem = None
    with store.write() as s:
        plan = load_plan(s, chart, plan_id, v.caller)
        load_task(s, plan, task_id, v.caller)
        try:
            set_status(s, plan_id, task_id, status, reason, v.caller.actor)
        except TaskConflict:
            problem = "Nhiệm vụ đã ban hành văn bản nên không đổi được trạng thái."
        except TaskError:  # pragma: no cover - checked above
            problem = STATUS_VI[422]
    if problem:
        return unit_page(request, v, plan_id, task_id, status=409, errors=[problem])
    return back_to_task(plan_id, task_id, "status")
