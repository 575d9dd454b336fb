"""Drafts of stored tasks (.docx), rendered from what the store holds now: one task's,
or many in a zip, filtered like the task list."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import (
    ChartDep,
    PlanId,
    PlansDep,
    Reader,
    ReadSession,
    RulesDep,
    SeenPlan,
    TaskId,
)
from api.problems import Problem, problems
from api.services import DOCX, ascii_name, download, load_task, render_draft, render_drafts
from cascade.store.plans import TaskFilter, get_plan, task_rows
from cascade.store.rows import TaskStatus
from orgchart import Level
from orgchart.days import IsoDay
from orgchart.days import today as vn_today

router = APIRouter(tags=["drafts"])


@router.get("/plans/{plan_id}/tasks/{task_id}/draft", response_class=Response,
            responses={**problems(404, 409), 200: {
                "content": {DOCX: {"schema": {"type": "string", "format": "binary"}}},
                "description": "The draft (.docx), with the parents' numbers once issued"}},
            summary="The draft of one task (.docx)")
def task_draft(plan_id: PlanId, task_id: TaskId, caller: Reader, s: ReadSession,
               chart: ChartDep, rules: RulesDep, plans: PlansDep) -> Response:
    load_task(s, plans, caller, plan_id, task_id)
    data = render_draft(s, get_plan(s, plan_id), task_id, chart, rules)
    return download(data, DOCX, f"{ascii_name(task_id, 'bao-cao')}.docx")


@router.get("/plans/{plan_id}/drafts", response_class=Response,
            responses={**problems(404, 409), 200: {
                "content": {"application/zip": {"schema": {"type": "string",
                                                           "format": "binary"}}},
                "description": "A zip: one .docx per task, a folder per province"}},
            summary="Drafts of many tasks (zip), filtered like the task list")
def plan_drafts(
    plan_id: PlanId,
    info: SeenPlan,
    caller: Reader,
    s: ReadSession,
    chart: ChartDep,
    rules: RulesDep,
    status: TaskStatus | None = None,
    province: Annotated[str | None, Query(max_length=100)] = None,
    level: Level | None = None,
    overdue: bool | None = None,
    as_of: IsoDay | None = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="At most this many drafts")] = 500,
) -> Response:
    plan = get_plan(s, plan_id)
    visible = caller.visible(info)
    rows = task_rows(s, plan_id, TaskFilter(
        status=status.value if status else None, province=province,
        level=level.value if level else None, overdue=overdue,
        today=as_of or vn_today()), visible)
    if not rows:
        raise Problem(404, "tasks: không có nhiệm vụ nào của kế hoạch khớp bộ lọc trong "
                           f"phạm vi các cơ quan của khóa {caller.prefix}")
    ids = [r["id"] for r in rows[:limit]]
    data = render_drafts(s, plan, ids, chart, rules)
    return download(data, "application/zip",
                    f"{ascii_name(f'du-thao-ke-hoach-{plan_id}', 'bao-cao')}.zip",
                    headers={"X-Total-Tasks": str(len(rows)), "X-Drafts": str(len(ids))})
