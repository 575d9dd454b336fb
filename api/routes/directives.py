"""``/directives``: register a directive (YAML or JSON), list and read them with the
progress of the plans the key sees, and plan a registered one."""

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import (
    ChartDay,
    ChartDep,
    IdempotencyKey,
    OverdueDay,
    Provinces,
    Reader,
    ReadSession,
    RowId,
    RulesDep,
    StoreDep,
    Writer,
)
from api.idempotency import idempotent
from api.limits import read_body
from api.planning import DIRECTIVE_BODY, body_digest, directive_from, plan_and_store
from api.problems import Problem, problems
from api.schemas import DirectiveDetail, DirectiveItem, PlanOut, PlanProgress, Progress
from cascade.directive import DIRECTIVE_TYPES, Directive
from cascade.layout.profile import choose_profile, load_profile
from cascade.layout.rules import reference
from cascade.store.access import Caller
from cascade.store.directives import DirectiveConflict, load_source, store_directive
from cascade.store.progress import directive_progress
from cascade.store.rows import DirectiveRow
from orgchart import Body, Chart, UnknownBody
from orgchart.days import today as vn_today

router = APIRouter(tags=["directives"])


def issuer_of(chart: Chart, directive: Directive) -> Body:
    try:
        return chart.resolve(directive.issuer, as_of=directive.date)
    except UnknownBody as e:
        near = getattr(e, "suggestions", None)
        hint = f"; gần đúng: {', '.join(near[:5])}" if near else ""
        msg = (f"issuer: không tìm thấy cơ quan ban hành {directive.issuer!r} vào ngày "
               f"{directive.date:%d/%m/%Y}{hint}")
        raise Problem(422, msg, [{"field": "issuer", "type": "unknown_issuer",
                                  "message": msg}]) from None


def directive_json(chart: Chart, row: DirectiveRow) -> dict[str, Any]:
    try:
        b = chart.body(row.issuer_body_id, row.date)
        name, profile = b.name, load_profile(choose_profile(b.system, row.date))
    except UnknownBody:  # a chart given at start may lack it; the row still stands
        name, profile = None, None  # the symbol tells the system
    source_type = row.source.get("type")
    return {"id": row.id, "issuer_id": row.issuer_body_id, "issuer_name": name,
            "type": row.doc_type, "type_name": DIRECTIVE_TYPES[source_type][1]
            if source_type in DIRECTIVE_TYPES else row.doc_type,
            "number": reference(row.number, row.symbol, profile),
            "date": row.date, "summary": row.title, "created_at": row.created_at}


def load_directive(s: Session, directive_id: int) -> DirectiveRow:
    row = s.get(DirectiveRow, directive_id)
    if row is None:
        raise Problem(404, f"directive_id: không có văn bản chỉ đạo mã {directive_id}")
    return row


def progress_of(s: Session, caller: Caller, chart: Chart, rows: list[DirectiveRow],
                today: dt.date) -> list[dict[str, Any]]:
    """Each directive with the plans the key sees and their counts (zero when none)."""
    seen = {d["id"]: d for d in directive_progress(s, caller.visible, today,
                                                   only=[row.id for row in rows])}
    counts = list(Progress.model_fields)
    out = []
    for row in rows:
        got = seen.get(row.id, {})
        plans = [{k: pl[k] for k in PlanProgress.model_fields} for pl in got.get("plans", [])]
        out.append({**directive_json(chart, row), **{k: got.get(k, 0) for k in counts},
                    "plans": plans})
    return out


@router.post("/directives", status_code=201, response_model=DirectiveDetail, responses={
                 **problems(409, 413, 415),
                 200: {"model": DirectiveDetail,
                       "description": "Already stored with the same content"}},
             openapi_extra=DIRECTIVE_BODY,
             summary="Register a directive (YAML or JSON); the same document again "
                     "returns the stored one")
async def create_directive(request: Request, caller: Writer, chart: ChartDep,
                           store: StoreDep, idempotency_key: IdempotencyKey = None) -> Any:
    raw = await read_body(request)

    def work() -> JSONResponse:
        doc = directive_from(raw, request.headers.get("content-type", ""))
        issuer = issuer_of(chart, doc)
        ref = reference(str(doc.number), doc.full_symbol(issuer.symbol or ""),
                        load_profile(choose_profile(issuer.system, doc.date)))

        def do(s: Session) -> tuple[int, dict[str, Any]]:
            try:
                row, created = store_directive(s, doc, issuer.id, issuer.symbol or "",
                                               ref, actor=caller.actor)
            except DirectiveConflict as e:
                raise Problem(409, f"body: {e}") from None
            s.flush()
            body = {**progress_of(s, caller, chart, [row], vn_today())[0],
                    "source": row.source}
            return (201 if created else 200), DirectiveDetail.model_validate(
                body).model_dump(mode="json")

        return idempotent(store, request, caller, idempotency_key,
                          {"body": body_digest(raw)}, do)

    return await run_in_threadpool(work)


@router.get("/directives", response_model=list[DirectiveItem],
            summary="Directives, newest first, each with the progress of the plans the "
                    "key sees (issued / due / overdue)")
def list_directives(caller: Reader, s: ReadSession, chart: ChartDep,
                    as_of: OverdueDay = None) -> Any:
    rows = list(s.scalars(select(DirectiveRow).order_by(DirectiveRow.date.desc(),
                                                        DirectiveRow.id.desc())))
    return progress_of(s, caller, chart, rows, as_of or vn_today())


@router.get("/directives/{directive_id}", response_model=DirectiveDetail,
            responses=problems(404),
            summary="A directive as registered, with its plans' progress")
def read_directive(directive_id: RowId, caller: Reader, s: ReadSession, chart: ChartDep,
                   as_of: OverdueDay = None) -> Any:
    row = load_directive(s, directive_id)
    return {**progress_of(s, caller, chart, [row], as_of or vn_today())[0],
            "source": row.source}


@router.post("/directives/{directive_id}/plans", status_code=201, response_model=PlanOut,
             responses=problems(403, 404, 409),
             summary="Plan the cascade of a registered directive and store its tasks")
def plan_directive(request: Request, directive_id: RowId, caller: Writer, chart: ChartDep,
                   rules: RulesDep, store: StoreDep, as_of: ChartDay = None,
                   scope: Provinces = None, idempotency_key: IdempotencyKey = None) -> Any:
    with store.read() as s:
        doc = load_source(load_directive(s, directive_id))
    payload = {"directive": directive_id, "as_of": str(as_of), "scope": scope}
    return plan_and_store(request, caller, doc, as_of=as_of, scope=scope,
                          idempotency_key=idempotency_key, payload=payload, chart=chart,
                          rules=rules, store=store)
