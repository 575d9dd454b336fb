"""The draft a body writes in answer to a document it received.

The document is read as a directive and planned over its issuer's territory with the
cascade rules; the answering body's task in that plan is its own document: the type and
profile its rule gives it, "Thực hiện …" citing the document it received, the tasks that
document gives it re-addressed to its own subordinates and counterparts, recipients,
signer and Nơi nhận (``cascade.compose.spec_for``, used as it is for every plan task).
"""

from __future__ import annotations

import datetime as dt

from cascade.compose import children_of, spec_for
from cascade.directive import DirectiveError
from cascade.drafts.spec import Spec
from cascade.intake.directive_out import Leads, to_directive
from cascade.intake.models import DirectiveReading
from cascade.plan_rules import Rules
from cascade.planner import Plan, PlanTask, plan
from orgchart import Chart, UnknownBody


def respond(reading: DirectiveReading, as_body: str, chart: Chart, rules: Rules, *,
            as_of: dt.date | None = None,
            leads: Leads | None = None) -> tuple[Spec, PlanTask, Plan]:
    """(SPEC of ``as_body``'s answer, its plan task, the plan); DirectiveError says why
    the body does not answer this document. ``leads`` corrects who leads a task."""
    directive = to_directive(reading, chart=chart, leads=leads)
    day = as_of or directive.date
    try:
        body = chart.resolve(as_body, day)
    except UnknownBody as exc:
        raise DirectiveError(f"--as: {exc}") from None
    p = plan(chart, directive, rules, as_of=day,
             scope=[body.province] if body.province else None)
    task = next((t for t in p.tasks if t.body_id == body.id), None)
    if task is None:
        first = ", ".join(f"{t.body_name} ({t.body_id})" for t in p.tasks
                          if t.generation == 1)[:600]
        raise DirectiveError(
            f"{body.name} ({body.id}) không phải ban hành văn bản triển khai "
            f"{reading.type or 'văn bản'} số {reading.number} của {reading.issuer}; các cơ "
            f"quan trực tiếp triển khai: {first or 'không có'}")
    spec = spec_for(p, task, rules, {t.id: t for t in p.tasks}, children_of(p))
    return spec, task, p
