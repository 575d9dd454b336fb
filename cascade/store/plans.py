"""Plans in the store: save a planned cascade, list its tasks with status and lateness.

A task is overdue when it is neither issued nor exempt and its deadline has passed; this
is computed at read time against the day asked for, never stored, so it cannot go stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from cascade.planner import Plan as PlannedCascade

from .models import Directive, Plan, PlanTask, log_event

OPEN = ("pending", "drafted")  # statuses that can be overdue


def save_plan(session: Session, planned: PlannedCascade, actor: str) -> Plan:
    """Store the directive, the plan and every task, in the caller's transaction."""
    d = planned.directive
    directive = Directive(
        issuer_body_id=planned.issuer_id, doc_type=d.type_code, number=str(d.number),
        symbol=d.full_symbol(planned.issuer_symbol), date=d.date, title=d.summary,
        source=d.model_dump(mode="json"))
    session.add(directive)
    session.flush()
    plan = Plan(directive_id=directive.id, as_of=planned.as_of, scope=list(planned.scope),
                created_by=actor,
                data={"issuer_id": planned.issuer_id, "issuer_name": planned.issuer_name,
                      "issuer_symbol": planned.issuer_symbol,
                      "directive_number": planned.directive_number})
    session.add(plan)
    session.flush()
    rows = []
    for t in planned.tasks:
        data = t.model_dump(mode="json")
        rows.append({
            "plan_id": plan.id, "id": t.id, "body_id": t.body_id, "body_name": t.body_name,
            "province": t.province, "level": t.level, "doc_type": t.doc_type,
            "generation": t.generation, "parents": list(t.parents),
            "recipients": list(t.recipients), "requested": list(t.requested),
            "deadline": t.deadline, "status": "issued" if t.number else "pending",
            "exempt_reason": None, "number": t.number, "date": t.issued_on, "data": data})
    if rows:
        session.execute(insert(PlanTask), rows)
    log_event(session, actor, "create", "plan", plan.id,
              after={"directive": directive.number + "-" + directive.symbol,
                     "as_of": plan.as_of.isoformat(), "scope": plan.scope,
                     "tasks": len(rows)})
    return plan


@dataclass(frozen=True)
class TaskFilter:
    status: str | None = None
    province: str | None = None
    level: str | None = None
    overdue: bool | None = None
    today: dt.date | None = None


_COLUMNS = (PlanTask.id, PlanTask.body_id, PlanTask.body_name, PlanTask.province,
            PlanTask.level, PlanTask.doc_type, PlanTask.generation, PlanTask.parents,
            PlanTask.recipients, PlanTask.requested, PlanTask.deadline, PlanTask.status,
            PlanTask.exempt_reason, PlanTask.number, PlanTask.date)


def task_rows(session: Session, plan_id: int, f: TaskFilter,
              visible: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Tasks of a plan, filtered, each with ``overdue`` and ``days_late`` as of ``today``.

    ``visible`` limits the answer to those bodies (a key's subtree); None: all.
    """
    today = f.today or dt.date.today()
    q = select(*_COLUMNS).where(PlanTask.plan_id == plan_id)
    if f.status:
        q = q.where(PlanTask.status == f.status)
    if f.province:
        q = q.where(PlanTask.province == f.province)
    if f.level:
        q = q.where(PlanTask.level == f.level)
    late = PlanTask.status.in_(OPEN) & (PlanTask.deadline < today)
    if f.overdue is True:
        q = q.where(late)
    elif f.overdue is False:
        q = q.where(~late)
    q = q.order_by(PlanTask.generation, PlanTask.id)
    out = []
    for r in session.execute(q):
        if visible is not None and r.body_id not in visible:
            continue
        row = r._asdict()
        is_late = row["status"] in OPEN and row["deadline"] is not None \
            and row["deadline"] < today
        row["overdue"] = is_late
        row["days_late"] = (today - row["deadline"]).days if is_late else 0
        out.append(row)
    return out


def plan_summary(session: Session, plan: Plan) -> dict[str, Any]:
    """The plan's directive, date, scope and task counts by status."""
    d = session.get(Directive, plan.directive_id)
    assert d is not None
    counts: dict[str, int] = {status: n for status, n in session.execute(
        select(PlanTask.status, func.count()).where(PlanTask.plan_id == plan.id)
        .group_by(PlanTask.status))}
    return {
        "id": plan.id, "as_of": plan.as_of, "scope": plan.scope,
        "created_at": plan.created_at, "created_by": plan.created_by,
        "directive": {"id": d.id, "issuer_id": d.issuer_body_id,
                      "issuer_name": plan.data.get("issuer_name"), "type": d.doc_type,
                      "number": plan.data.get("directive_number") or d.number,
                      "date": d.date, "summary": d.title},
        "tasks": sum(counts.values()),
        "by_status": {s: counts.get(s, 0) for s in ("pending", "drafted", "issued",
                                                     "exempt")},
    }
