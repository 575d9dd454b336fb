"""``/plans/{plan_id}/tasks/{task_id}``: read a task, change its status, record its
signed document. A key reads and changes only the tasks of its subtree."""

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from sqlalchemy.orm import Session

from api.deps import (
    MAX_ID,
    FilesDep,
    IdempotencyKey,
    OverdueDay,
    PlanId,
    PlansDep,
    Reader,
    ReadSession,
    StoreDep,
    TaskId,
    Writer,
)
from api.idempotency import idempotent
from api.problems import Problem, problems, refuse_nul
from api.routes.numbers import load_allocation
from api.schemas import TASK_FIELDS, IssuedOut, StatusIn, TaskOut
from api.services import PlanCache, StagedUpload, load_task, staged_upload
from cascade.store.access import Caller
from cascade.store.db import Store
from cascade.store.lateness import with_lateness
from cascade.store.plans import TaskConflict, TaskError, record_issued, set_status
from cascade.store.rows import PlanTaskRow
from orgchart.days import IsoDay
from orgchart.days import today as vn_today

router = APIRouter(tags=["plans"])


def task_out(t: PlanTaskRow, today: dt.date) -> dict[str, Any]:
    return with_lateness({k: getattr(t, k) for k in TASK_FIELDS}, today)


@router.get("/plans/{plan_id}/tasks/{task_id}", response_model=TaskOut,
            responses=problems(404), summary="One task of a plan")
def read_task(plan_id: PlanId, task_id: TaskId, caller: Reader, s: ReadSession,
              plans: PlansDep, as_of: OverdueDay = None) -> Any:
    return task_out(load_task(s, plans, caller, plan_id, task_id), as_of or vn_today())


@router.post("/plans/{plan_id}/tasks/{task_id}/status", response_model=TaskOut,
             responses=problems(404, 409),
             summary="Mark a task drafted, back to pending, or exempt (with a reason)")
def change_status(request: Request, plan_id: PlanId, task_id: TaskId, payload: StatusIn,
                  caller: Writer, store: StoreDep, plans: PlansDep,
                  idempotency_key: IdempotencyKey = None) -> Any:
    def do(s: Session) -> tuple[int, dict[str, Any]]:
        load_task(s, plans, caller, plan_id, task_id)
        try:
            t = set_status(s, plan_id, task_id, payload.status, payload.reason,
                           actor=caller.actor)
        except TaskError as e:
            field = str(e).split(":", 1)[0]
            raise Problem(422, str(e), [{"field": field, "type": "task_change_refused",
                                        "message": str(e)}]) from None
        except TaskConflict as e:
            raise Problem(409, f"status: {e}") from None
        return 200, TaskOut.model_validate(task_out(t, vn_today())).model_dump(
            mode="json")

    return idempotent(store, request, caller, idempotency_key,
                      payload.model_dump(mode="json"), do)


@router.post("/plans/{plan_id}/tasks/{task_id}/issued", status_code=201,
             response_model=IssuedOut, responses=problems(404, 409, 413),
             summary="Record the signed document of a task (multipart: file + metadata)")
def record_issued_ep(
    request: Request,
    plan_id: PlanId,
    task_id: TaskId,
    caller: Writer,
    file: Annotated[UploadFile, File(description="The signed document (PDF, DOCX …)")],
    number: Annotated[str, Form(pattern=r"^[0-9]{1,7}$", examples=["12"],
                                description="Số, as printed (leading 0 kept)")],
    symbol: Annotated[str, Form(min_length=1, max_length=60, examples=["KH-UBND", "CV/TU"],
                                description="Ký hiệu after the number")],
    date: Annotated[IsoDay, Form(description="Date of signature (YYYY-MM-DD)")],
    store: StoreDep,
    plans: PlansDep,
    files: FilesDep,
    signer: Annotated[str | None, Form(max_length=200)] = None,
    allocation_id: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    refuse_nul(symbol=symbol, signer=signer, file=file.filename)
    with store.read() as s:  # the key's task before its file is even staged
        load_task(s, plans, caller, plan_id, task_id)
    with staged_upload(files, file) as up:
        return _record(request, caller, store, plans, up, plan_id, task_id, number, symbol,
                       date, signer, allocation_id, file.filename, idempotency_key)


def _record(request: Request, caller: Caller, store: Store, plans: PlanCache,
            up: StagedUpload, plan_id: int, task_id: str, number: str, symbol: str,
            date: dt.date, signer: str | None, allocation_id: int | None,
            file_name: str | None, idempotency_key: str | None) -> Any:
    """Record the staged file issued, kept only once the record is made."""
    meta = {"number": number, "symbol": symbol, "date": date.isoformat(), "signer": signer,
            "allocation_id": allocation_id, "file": up.sha, "file_name": file_name}

    def do(s: Session) -> tuple[int, dict[str, Any]]:
        load_task(s, plans, caller, plan_id, task_id)
        if allocation_id is not None:
            a = load_allocation(s, allocation_id)
            if a.cancelled or a.number_text != number.zfill(2):
                state = "đã bị hủy" if a.cancelled else f"là số {a.number_text}"
                raise Problem(409, f"allocation_id: số đã cấp mã {allocation_id} {state}, "
                                   f"không phải số {number}")
        try:
            doc = record_issued(s, plan_id, task_id, number=number, symbol=symbol,
                                date=date, signer=signer, file_name=file_name,
                                file_path=str(up.dest), file_sha256=up.sha,
                                actor=caller.actor, allocation_id=allocation_id)
        except TaskConflict as e:
            raise Problem(409, f"task_id: {e}") from None
        up.keep()
        return 201, IssuedOut.model_validate(doc, from_attributes=True).model_dump(
            mode="json")

    return idempotent(store, request, caller, idempotency_key, meta, do)
