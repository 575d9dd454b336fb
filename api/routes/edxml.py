"""``GET /plans/{plan_id}/tasks/{task_id}/edxml``: the task's document as an edXML
message (QCVN 102:2016/BTTTT) for the e-office system, unsigned."""

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import ChartDep, PlanId, PlansDep, Reader, ReadSession, RulesDep, TaskId
from api.problems import Problem, problems
from api.services import ascii_name, download, load_task
from cascade.edxml.message import EdxmlError
from cascade.edxml.tasks import task_message

router = APIRouter(tags=["drafts"])


@router.get("/plans/{plan_id}/tasks/{task_id}/edxml", response_class=Response,
            responses={**problems(404, 422), 200: {
                "content": {"application/xml": {"schema": {"type": "string"}}},
                "description": "The edXML message; X-Edxml-Warnings: what to check"}},
            summary="The task's document as an edXML message (a draft needs its number)")
def task_edxml(plan_id: PlanId, task_id: TaskId, caller: Reader, s: ReadSession,
               chart: ChartDep, rules: RulesDep, plans: PlansDep,
               number: Annotated[str | None, Query(pattern=r"^[0-9]{1,7}$",
                                                   description="A draft's number")] = None,
               date: Annotated[dt.date | None, Query(description="A draft's date")] = None
               ) -> Response:
    load_task(s, plans, caller, plan_id, task_id)
    try:
        out = task_message(s, chart, rules, plan_id, task_id, number=number, date=date)
    except EdxmlError as e:
        raise Problem(422, str(e), [{"field": str(e).split(":", 1)[0],
                                     "type": "edxml_refused", "message": str(e)}]) from None
    return download(out.xml, "application/xml", f"{ascii_name(task_id, 'edxml')}.xml",
                    headers={"X-Edxml-Warnings": str(len(out.warnings))})
