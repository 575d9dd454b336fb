"""``/plans/{plan_id}/reminders``: the đôn đốc of the units late on a day, as a list
(GET) or as the công văn to sign (POST, recorded in the event log)."""

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.deps import ChartDep, OverdueDay, PlanId, PlansDep, Reader, ReadSession, StoreDep, Writer
from api.problems import Problem, problems
from api.schemas import ReminderOut
from api.services import DOCX, ascii_name, download
from cascade.secretariat import reminders as rem
from cascade.store.access import Caller
from orgchart import Chart
from orgchart.days import today as vn_today

router = APIRouter(tags=["plans"])

SenderQ = Annotated[str | None, Query(
    alias="from", min_length=1, max_length=100,
    description="The body sending the đôn đốc (within the key's reach); default: the "
                "body following up the plan's first document, e.g. lai-chau.bnc")]
NewDeadline = Annotated[dt.date | None, Query(
    description="The new deadline; default: 10 days after the day")]


def _reminder(s: Session, chart: Chart, plans: PlansDep, caller: Caller, plan_id: int,
              day: dt.date | None, sender: str | None,
              new_deadline: dt.date | None) -> rem.Reminder:
    """The late units the sender follows, within the key's reach (the key must reach
    the sender too: a unit does not write in another's name)."""
    info = plans.info(s, plan_id)
    try:
        sender = sender or rem.default_sender(s, plan_id, caller.visible(info))
        if not caller.covers(sender, info.as_of):
            raise Problem(403, f"from: khóa {caller.prefix} không bao quát {sender}; một đơn "
                               "vị không ký văn bản thay đơn vị khác")
        return rem.late_units(s, chart, plan_id, day or vn_today(), sender,
                              caller.visible(info), new_deadline)
    except rem.ReminderError as e:
        raise Problem(422, str(e), [{"field": str(e).split(":", 1)[0],
                                     "type": "reminder_refused", "message": str(e)}]) from None


def _out(r: rem.Reminder) -> dict[str, Any]:
    return {"plan_id": r.plan_id, "sender_id": r.sender_id, "sender_name": r.sender_name,
            "as_of": r.day, "new_deadline": r.new_deadline,
            "units": [{"task_id": u.task_id, "body_id": u.body_id, "body_name": u.body_name,
                       "deadline": u.deadline, "days_late": u.days_late,
                       "reminder": u.reminder_no, "level": u.level_of().id}
                      for u in r.units]}


@router.get("/plans/{plan_id}/reminders", response_model=ReminderOut,
            responses=problems(404, 422),
            summary="The units a đôn đốc would name on a day, with their reminder level")
def list_reminders(plan_id: PlanId, caller: Reader, s: ReadSession, chart: ChartDep,
                   plans: PlansDep, as_of: OverdueDay = None, sender: SenderQ = None,
                   new_deadline: NewDeadline = None) -> Any:
    return _out(_reminder(s, chart, plans, caller, plan_id, as_of, sender, new_deadline))


@router.post("/plans/{plan_id}/reminders", response_class=Response,
             responses={**problems(404, 422), 200: {
                 "content": {DOCX: {"schema": {"type": "string", "format": "binary"}}},
                 "description": "The công văn đôn đốc (.docx); X-Units: units named"}},
             summary="Draft the công văn đôn đốc and record it against each late unit")
def send_reminder(plan_id: PlanId, caller: Writer, store: StoreDep, chart: ChartDep,
                  plans: PlansDep, as_of: OverdueDay = None, sender: SenderQ = None,
                  new_deadline: NewDeadline = None,
                  record: Annotated[bool, Query(
                      description="false: a preview, not logged")] = True) -> Response:
    with store.write() as s:
        r = _reminder(s, chart, plans, caller, plan_id, as_of, sender, new_deadline)
        try:
            data = rem.reminder_docx(s, chart, r)
        except rem.ReminderError as e:
            raise Problem(422, str(e)) from None
        if record:
            rem.record(s, r, caller.actor)
    name = ascii_name(f"don-doc-ke-hoach-{plan_id}-{r.day.isoformat()}", "don-doc")
    return download(data, DOCX, f"{name}.docx", headers={"X-Units": str(len(r.units))})
