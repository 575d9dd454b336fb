"""Drafts of stored tasks, rendered on demand from what the store holds now.

The plan is rebuilt from the stored planner JSON with the numbers and dates recorded since,
so once a parent is issued its children's drafts cite "Công văn số 2269-CV/TU ngày …"
instead of blanks on their next render. Only the task, its parents and its children's
deadlines are needed, so one draft of a national plan does not load every task.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cascade.compose import spec_for
from cascade.directive import Directive
from cascade.drafts.build import render_draft
from cascade.drafts.resolve_spec import resolve
from cascade.plan_rules import Rules
from cascade.planner import ROOT, Plan, PlanTask
from orgchart import Chart

from .rows import DirectiveRow, PlanRow, PlanTaskRow


def _planner_task(row: PlanTaskRow) -> PlanTask:
    data = dict(row.data)
    if row.status == "issued" and row.number and row.date:
        data.update(number=row.number, issued_on=row.date.isoformat())
    return PlanTask.model_validate(data)


class DraftContext:
    """What rendering the drafts of one plan needs, loaded once per request."""

    def __init__(self, session: Session, plan: PlanRow) -> None:
        self.session, self.row = session, plan
        d = session.get(DirectiveRow, plan.directive_id)
        assert d is not None
        self.directive = Directive.model_validate(d.source)
        light = session.execute(select(PlanTaskRow.id, PlanTaskRow.parents, PlanTaskRow.deadline)
                                .where(PlanTaskRow.plan_id == plan.id)).all()
        self.children: dict[str, list[str]] = {}
        self.deadline: dict[str, dt.date | None] = {}
        for tid, parents, deadline in light:
            self.deadline[tid] = deadline
            for p in parents:
                self.children.setdefault(p, []).append(tid)
        self._tasks: dict[str, PlanTask] = {}

    def tasks(self, ids: Iterable[str]) -> dict[str, PlanTask]:
        want = [i for i in dict.fromkeys(ids) if i not in self._tasks and i != ROOT]
        for start in range(0, len(want), 500):
            chunk = want[start:start + 500]
            for row in self.session.scalars(select(PlanTaskRow).where(
                    PlanTaskRow.plan_id == self.row.id, PlanTaskRow.id.in_(chunk))):
                self._tasks[row.id] = _planner_task(row)
        return self._tasks

    def plan_for(self, tasks: list[PlanTask]) -> Plan:
        data: dict[str, Any] = self.row.data
        return Plan.model_construct(
            directive=self.directive, issuer_id=data["issuer_id"],
            issuer_name=data["issuer_name"], issuer_symbol=data["issuer_symbol"],
            directive_number=data["directive_number"], as_of=self.row.as_of,
            scope=list(self.row.scope), tasks=tasks)

    def render(self, chart: Chart, rules: Rules, task_id: str) -> bytes:
        """The .docx of one task, as its drafts look today."""
        t = self.tasks([task_id])[task_id]
        kids = self.children.get(task_id, [])
        tasks = self.tasks([task_id, *t.parents, *kids])
        plan = self.plan_for([tasks[task_id]])
        # spec_for only needs the children's deadlines, kept from the light query
        spec = spec_for(plan, t, rules, tasks, {task_id: kids})
        if t.number:
            spec = spec.model_copy(update={"number": t.number, "date": t.issued_on})
        d = resolve(chart, spec, today=self.row.as_of)
        stamp = dt.datetime(self.row.as_of.year, self.row.as_of.month, self.row.as_of.day,
                            tzinfo=dt.UTC)
        return render_draft(d, stamp)


def zip_drafts(ctx: DraftContext, chart: Chart, rules: Rules, task_ids: list[str]) -> bytes:
    """Many drafts in one zip, one folder per province, files named by task id."""
    ctx.tasks(task_ids)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for tid in task_ids:
            t = ctx.tasks([tid])[tid]
            folder = t.province or "trung-uong"
            z.writestr(f"{folder}/{tid}.docx", ctx.render(chart, rules, tid))
    return buf.getvalue()
