"""Progress of directives and plans as a key sees it: issued / due / overdue counts.

One grouped query per plan ((body, status, late) → count), filtered to the bodies the
caller may see in Python: a province key's subtree is thousands of ids, too many for a
portable ``IN``. The figures are those of ``report.build_report`` (same statuses, same
lateness rule: open and past its deadline on ``today``), so a list and a report agree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from .lateness import late_clause
from .report import directive_label
from .rows import TASK_STATUSES, DirectiveRow, PlanRow, PlanTaskRow

# None: every body; a collection: those bodies; a callable: decided per plan (a key's
# subtree depends on the plan's date, and a key covering the issuer sees the whole plan)
Visible = Collection[str] | Callable[[PlanRow], Collection[str] | None] | None


def plan_counts(session: Session, plan_id: int, today: dt.date,
                visible: Collection[str] | None = None) -> dict[str, int]:
    """Counts by status plus ``overdue``, ``due`` (all but exempt) and ``total``."""
    late = case((late_clause(today), 1), else_=0)
    cols = (PlanTaskRow.status, late.label("late"), func.count().label("n"))
    if visible is None:
        q = select(*cols).where(PlanTaskRow.plan_id == plan_id).group_by(PlanTaskRow.status, late)
        found = [(r.status, r.late, r.n) for r in session.execute(q)]
    else:
        q = select(PlanTaskRow.body_id, *cols).where(PlanTaskRow.plan_id == plan_id) \
            .group_by(PlanTaskRow.body_id, PlanTaskRow.status, late)
        found = [(r.status, r.late, r.n) for r in session.execute(q) if r.body_id in visible]
    c: Counter[str] = Counter()
    for status, is_late, n in found:
        c[status] += n
        c["overdue"] += n if is_late else 0
        c["total"] += n
    out = {s: c.get(s, 0) for s in TASK_STATUSES}
    out.update(overdue=c["overdue"], total=c["total"], due=c["total"] - c.get("exempt", 0))
    return out


def _visible_for(visible: Visible, plan: PlanRow) -> Collection[str] | None:
    return visible(plan) if callable(visible) else visible


def directive_progress(session: Session, visible: Visible, today: dt.date,
                       only: Collection[int] | None = None) -> list[dict[str, Any]]:
    """Every directive (or those ids in ``only``) with a plan holding at least one visible
    task, newest first; each with its plans and the summed counts (``issued``, ``due``,
    ``overdue`` …)."""
    out: list[dict[str, Any]] = []
    dq, pq = select(DirectiveRow), select(PlanRow)
    if only is not None:
        dq, pq = dq.where(DirectiveRow.id.in_(only)), pq.where(PlanRow.directive_id.in_(only))
    directives = session.scalars(dq.order_by(DirectiveRow.date.desc(), DirectiveRow.id.desc()))
    plans_of: dict[int, list[PlanRow]] = {}
    for p in session.scalars(pq.order_by(PlanRow.id)):
        plans_of.setdefault(p.directive_id, []).append(p)
    for d in directives:
        plans = []
        for p in plans_of.get(d.id, []):
            counts = plan_counts(session, p.id, today, _visible_for(visible, p))
            if counts["total"]:
                plans.append({"id": p.id, "as_of": p.as_of, "scope": list(p.scope or []),
                              "label": directive_label(session, p), **counts})
        if not plans:
            continue
        summed = {k: sum(p[k] for p in plans)
                  for k in (*TASK_STATUSES, "overdue", "due", "total")}
        out.append({"id": d.id, "issuer_id": d.issuer_body_id, "type": d.doc_type,
                    "number": d.number, "symbol": d.symbol, "date": d.date,
                    "summary": d.title, "label": plans[0]["label"], "plans": plans,
                    **summed})
    return out


__all__ = ["Visible", "directive_progress", "plan_counts"]
