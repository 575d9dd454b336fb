"""``/plans``: plan a directive sent in the body, read a plan, list its tasks."""

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from api.deps import (
    ChartDay,
    ChartDep,
    IdempotencyKey,
    OverdueDay,
    PlanId,
    Provinces,
    Reader,
    ReadSession,
    RulesDep,
    SeenPlan,
    StoreDep,
    Writer,
)
from api.limits import read_body
from api.planning import DIRECTIVE_BODY, body_digest, directive_from, plan_and_store
from api.problems import problems
from api.schemas import PlanOut, TaskPage
from cascade.store.plans import TaskFilter, get_plan, plan_summary, task_page
from cascade.store.rows import TaskStatus
from orgchart import Level
from orgchart.days import today as vn_today

router = APIRouter(tags=["plans"])


@router.post("/plans", status_code=201, response_model=PlanOut,
             responses=problems(403, 409, 413, 415), openapi_extra=DIRECTIVE_BODY,
             summary="Plan the cascade of a directive (YAML or JSON) and store its tasks")
async def create_plan(request: Request, caller: Writer, chart: ChartDep, rules: RulesDep,
                      store: StoreDep, as_of: ChartDay = None, scope: Provinces = None,
                      idempotency_key: IdempotencyKey = None) -> Any:
    raw = await read_body(request)

    def work() -> JSONResponse:
        directive = directive_from(raw, request.headers.get("content-type", ""))
        payload = {"body": body_digest(raw), "as_of": str(as_of), "scope": scope}
        return plan_and_store(request, caller, directive, as_of=as_of, scope=scope,
                              idempotency_key=idempotency_key, payload=payload,
                              chart=chart, rules=rules, store=store)

    return await run_in_threadpool(work)


@router.get("/plans/{plan_id}", response_model=PlanOut, responses=problems(404),
            summary="A plan: its directive and counts by status")
def read_plan(plan_id: PlanId, plan: SeenPlan, s: ReadSession) -> Any:
    return plan_summary(s, get_plan(s, plan.id))


@router.get("/plans/{plan_id}/tasks", response_model=TaskPage, responses=problems(404),
            summary="Tasks of a plan within the key's subtree, filtered")
def list_tasks(
    plan_id: PlanId,
    info: SeenPlan,
    caller: Reader,
    s: ReadSession,
    status: TaskStatus | None = None,
    province: Annotated[str | None, Query(max_length=100,
                                          description="Province id: lai-chau")] = None,
    level: Level | None = None,
    overdue: Annotated[bool | None, Query(
        description="true: open tasks past their deadline; false: the others")] = None,
    as_of: OverdueDay = None,
    limit: Annotated[int, Query(ge=1, le=100_000)] = 1000,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Any:
    day = as_of or vn_today()
    f = TaskFilter(status=status.value if status else None, province=province,
                   level=level.value if level else None, overdue=overdue, today=day)
    total, page = task_page(s, plan_id, f, caller.visible(info), offset, limit)
    # answered as is: the rows are already the documented shape (orjson writes dates)
    return Response(orjson.dumps({"plan_id": plan_id, "as_of": day, "total": total,
                                  "offset": offset, "tasks": page}),
                    media_type="application/json")
