"""``GET /plans/{plan_id}/events``: the append-only log of a plan and its tasks."""

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import select

from api.deps import PlanId, PlansDep, Reader, ReadSession, SeenPlan
from api.problems import problems
from api.schemas import EventOut, EventPage
from api.services import load_task
from cascade.store.rows import EventRow, PlanTaskRow

router = APIRouter(tags=["plans"])


@router.get("/plans/{plan_id}/events", response_model=EventPage, responses=problems(404),
            summary="The log of a plan and its tasks (who changed what, when), oldest "
                    "first, within the key's subtree")
def plan_events(
    plan_id: PlanId,
    info: SeenPlan,
    caller: Reader,
    s: ReadSession,
    plans: PlansDep,
    task_id: Annotated[str | None, Query(min_length=1, max_length=200,
                                         description="Only this task's events")] = None,
    after: Annotated[int, Query(ge=0, le=2**63 - 1,
                                description="Events after this id (paging)")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Any:
    if task_id is not None:
        load_task(s, plans, caller, plan_id, task_id)  # 404 / 403 as for the task itself
        where = (EventRow.entity == "task") & (EventRow.entity_id == f"{plan_id}/{task_id}")
        visible = None
    else:
        where = ((EventRow.entity == "plan") & (EventRow.entity_id == str(plan_id))) | (
            (EventRow.entity == "task") & EventRow.entity_id.startswith(f"{plan_id}/"))
        visible = caller.visible(info)
    bodies: dict[str, str] = {} if visible is None else {
        tid: body for tid, body in s.execute(
            select(PlanTaskRow.id, PlanTaskRow.body_id).where(PlanTaskRow.plan_id == plan_id))}
    out: list[EventRow] = []
    q = select(EventRow).where(where, EventRow.id > after).order_by(EventRow.id)
    for ev in s.scalars(q if visible is None else q.execution_options(yield_per=500)):
        if visible is not None and ev.entity == "task" and \
                bodies.get(ev.entity_id.split("/", 1)[1]) not in visible:
            continue
        out.append(ev)
        if len(out) > limit:
            break
    more = len(out) > limit
    page = [EventOut.model_validate(e, from_attributes=True) for e in out[:limit]]
    return EventPage(plan_id=plan_id, events=page, next_after=page[-1].id if more else None)
