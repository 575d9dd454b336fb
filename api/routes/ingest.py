"""``POST /plans/{plan_id}/ingest``: a signed document in, the task it fulfils recorded.

Matching is ``cascade.citations.ingest`` and recording ``cascade.store.intake``, the
same code as ``trienkhai ingest``; this route adds the key's reach, idempotency and the
answer's shape. A document whose issuer lies outside the key's subtree is refused before
anything about its candidate tasks is told.
"""

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Header, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from api.deps import ChartDep, FilesDep, PlanId, PlansDep, StoreDep, Writer
from api.idempotency import idempotent
from api.problems import NUL, Problem, nul_error, problems
from api.schemas import IngestOut, IssuedOut
from api.services import staged_upload
from cascade.check import check_if_docx
from cascade.citations.ingest import IngestError, Match, read_and_match
from cascade.citations.models import ReadResult
from cascade.store.access import Caller
from cascade.store.intake import record_match
from cascade.store.plans import get_plan
from cascade.store.rows import IssuedDocumentRow
from orgchart import Chart

router = APIRouter(tags=["plans"])
# explanation code → HTTP status: the task's state refuses (409) or the document does (422)
STATUS = {"already_issued": 409, "task_exempt": 409}


def refuse(m: Match) -> None:
    """The explanation as problem details: the reason, and the evidence in ``errors``."""
    e = m.explanation
    assert e is not None
    raise Problem(STATUS.get(e.code, 422), f"file: {e.message}", [{
        "field": "file", "type": e.code, "code": e.code, "message": e.message,
        "evidence": e.evidence, "document": m.document.model_dump(mode="json")}])


def guard(caller: Caller, m: Match, as_of: dt.date) -> None:
    """A unit ingests only within its key's subtree, explanations included."""
    bodies = {m.body_id} if m.body_id else set(m.candidate_bodies)
    outside = sorted(b for b in bodies if not caller.covers(b, as_of))
    if outside:
        raise Problem(403, f"task_id: {', '.join(outside)} không thuộc phạm vi của khóa "
                           f"{caller.prefix} ({caller.body_id}); mỗi đơn vị chỉ ghi nhận "
                           "nhiệm vụ của mình và cấp dưới")


def matched(s: Session, caller: Caller, plan_id: int, path: Path, file_name: str | None,
            chart: Chart) -> tuple[ReadResult, Match]:
    """The document read and matched within the caller's reach; 4xx for the rest."""
    plan = get_plan(s, plan_id)
    try:
        doc, m = read_and_match(s, plan_id, path, chart)
    except IngestError as e:
        msg = str(e).replace(str(path), file_name or "file")
        raise Problem(422, f"file: {msg}", [{"field": "file", "type": "unreadable",
                                             "message": msg}]) from None
    m.document.path = file_name or "file"  # the clerk's name, never the server's path
    guard(caller, m, plan.as_of)
    if m.explanation is not None:
        refuse(m)
    return doc, m


def answer(s: Session, plan_id: int, m: Match, doc_id: int | None) -> dict[str, Any]:
    issued = s.get(IssuedDocumentRow, doc_id) if doc_id else None
    return IngestOut(
        plan_id=plan_id, recorded=doc_id is not None, task_id=m.task_id or "",
        body_id=m.body_id or "", match=m.model_dump(mode="json"),
        document=IssuedOut.model_validate(issued, from_attributes=True)
        if issued else None).model_dump(mode="json")


@router.post("/plans/{plan_id}/ingest", status_code=201, response_model=IngestOut,
             responses=problems(403, 404, 409, 413),
             summary="Read a signed document, match it to its task and record it issued")
def ingest_ep(
    request: Request,
    plan_id: PlanId,
    caller: Writer,
    file: Annotated[UploadFile, File(
        description="The signed document: .docx, .pdf (with text) or .txt")],
    store: StoreDep,
    files: FilesDep,
    chart: ChartDep,
    plans: PlansDep,
    dry_run: Annotated[bool, Query(
        description="Only match: answer 200 with the task, record nothing")] = False,
    idempotency_key: Annotated[str | None, Header(
        alias="Idempotency-Key", max_length=200,
        description="Retry-safe key: a retry returns the same answer")] = None,
) -> Any:
    if file.filename and NUL in file.filename:
        raise Problem(422, "file: tên tệp không được chứa ký tự NUL", [nul_error("file")])
    with store.read() as s:  # a plan the key sees before its file is even staged
        plans.seen(s, caller, plan_id)
    with staged_upload(files, file) as up:
        if dry_run:  # nothing recorded, nothing kept
            with store.read() as s:
                _, m = matched(s, caller, plan_id, up.path, file.filename, chart)
                out = answer(s, plan_id, m, None)
            # the secretariat sees the thể thức problems before recording it
            found = check_if_docx(up.path, chart)
            out["check"] = found.model_dump(mode="json") if found else None
            return JSONResponse(out, status_code=200)

        def do(s: Session) -> tuple[int, dict[str, Any]]:
            doc, m = matched(s, caller, plan_id, up.path, file.filename, chart)
            doc_id = record_match(s, plan_id, doc, m, caller.actor,
                                  file_name=file.filename or up.dest.name,
                                  file_path=str(up.dest), file_sha256=up.sha)
            if doc_id is None:
                refuse(m)
            up.keep()
            return 201, answer(s, plan_id, m, doc_id)

        return idempotent(store, request, caller, idempotency_key,
                          {"file": up.sha, "file_name": file.filename}, do)
