"""``POST /plans/{plan_id}/ingest``: a signed document in, the task it fulfils recorded.

The auth dependency and the helpers (idempotency, upload storage, plan loading, the
key's subtree) are closures of ``create_app``, bound to its store, chart and files
folder, so they cannot be imported: ``ingest_router`` takes them, and ``create_app``
includes the router it returns. Matching and recording are ``cascade.citations.ingest``,
the same code as ``trienkhai ingest``.
"""

# no `from __future__ import annotations`: FastAPI must see the closures in Depends()
import datetime as dt
from collections.abc import Callable
from pathlib import Path as FsPath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Header, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from api.app import NUL, IssuedOut, Problem, _problems
from cascade.citations.ingest import IngestError, Match, read_and_match
from cascade.store.intake import record_match
from cascade.store.keys import Principal
from cascade.store.rows import IssuedDocumentRow
from orgchart import Chart

# explanation code → HTTP status: the task's state refuses (409) or the document does (422)
STATUS = {"already_issued": 409, "task_exempt": 409}


class IngestOut(BaseModel):
    """What was matched and, unless ``dry_run``, recorded."""

    plan_id: int
    recorded: bool
    task_id: str
    body_id: str
    match: dict[str, Any]
    document: IssuedOut | None = None


def ingest_router(*, writer: Callable[..., Principal],
                  idempotent: Callable[..., JSONResponse],
                  save_upload: Callable[[UploadFile], tuple[str, FsPath]],
                  load_plan: Callable[[Session, int], Any],
                  subtree: Callable[[str, dt.date], frozenset[str]],
                  chart: Chart) -> APIRouter:
    """The ingest route over ``create_app``'s own dependency and helpers."""
    router = APIRouter()

    def refuse(m: Match) -> None:
        """The explanation as problem details: the reason, and the evidence in ``errors``."""
        e = m.explanation
        assert e is not None
        raise Problem(STATUS.get(e.code, 422), f"file: {e.message}", [{
            "field": "file", "code": e.code, "message": e.message,
            "evidence": e.evidence, "document": m.document.model_dump(mode="json")}])

    def guard(p: Principal, m: Match, as_of: dt.date) -> None:
        """A unit ingests only within its key's subtree, explanations included."""
        bodies = {m.body_id} if m.body_id else set(m.candidate_bodies)
        outside = sorted(b for b in bodies if b not in subtree(p.body_id, as_of))
        if outside:
            raise Problem(403, f"task_id: key {p.prefix} ({p.body_id}) does not cover "
                               f"{', '.join(outside)}; a unit records only its own tasks")

    @router.post("/plans/{plan_id}/ingest", tags=["plans"], status_code=201,
                 response_model=IngestOut, responses=_problems(403, 404, 409, 413),
                 summary="Read a signed document, match it to its task and record it issued")
    def ingest_ep(
        request: Request,
        plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        p: Annotated[Principal, Depends(writer)],
        file: Annotated[UploadFile, File(
            description="The signed document: .docx, .pdf (with text) or .txt")],
        dry_run: Annotated[bool, Query(
            description="Only match: answer 200 with the task, record nothing")] = False,
        idempotency_key: Annotated[str | None, Header(
            alias="Idempotency-Key", max_length=200,
            description="Retry-safe key: a retry returns the same answer")] = None,
    ) -> Any:
        if file.filename and NUL in file.filename:
            raise Problem(422, "file: the file name must not contain a NUL character",
                          [{"field": "file", "message": "NUL character"}])
        sha, path = save_upload(file)
        actor = f"key:{p.prefix}"

        def matched(s: Session) -> tuple[Any, Any, Match]:
            row = load_plan(s, plan_id)
            try:
                doc, m = read_and_match(s, plan_id, path, chart)
            except IngestError as e:
                msg = str(e).replace(str(path), file.filename or "file")
                raise Problem(422, f"file: {msg}", [{"field": "file", "message": msg}]) \
                    from None
            guard(p, m, row.as_of)
            if m.explanation is not None:
                refuse(m)
            return row, doc, m

        def answer(m: Match, recorded: bool, doc_id: int | None,
                   s: Session) -> dict[str, Any]:
            issued = s.get(IssuedDocumentRow, doc_id) if doc_id else None
            return IngestOut(
                plan_id=plan_id, recorded=recorded, task_id=m.task_id or "",
                body_id=m.body_id or "", match=m.model_dump(mode="json"),
                document=IssuedOut.model_validate(issued, from_attributes=True)
                if issued else None).model_dump(mode="json")

        if dry_run:
            with request.app.state.store.read() as s:
                _, _, m = matched(s)
                return JSONResponse(answer(m, False, None, s), status_code=200)

        def do(s: Session) -> tuple[int, dict[str, Any]]:
            _, doc, m = matched(s)
            doc_id = record_match(s, plan_id, doc, m, actor, file_name=file.filename or
                                  path.name, file_path=str(path), file_sha256=sha)
            if doc_id is None:
                refuse(m)
            return 201, answer(m, True, doc_id, s)

        meta = {"file": sha, "file_name": file.filename}
        return idempotent(request, p, idempotency_key, meta, do)

    return router
