"""The secretariat's documents from the dashboard: the công văn đôn đốc of the overdue
list (and the báo cáo kết quả), downloaded as .docx."""

from typing import Annotated

from fastapi import APIRouter, Form, Query
from fastapi.responses import Response

from api.deps import ChartDep, PlanId, StoreDep
from api.services import DOCX, ascii_name, download
from api.web.pages import ViewerDep, WebError, WebRoute, check_form, load_plan, parse_day
from cascade.secretariat import reminders as rem
from cascade.secretariat import results as rs
from orgchart.days import today as vn_today

router = APIRouter(prefix="/web", route_class=WebRoute, include_in_schema=False)
Csrf = Annotated[str | None, Form(max_length=200)]
DayForm = Annotated[str | None, Form(max_length=40)]


@router.post("/plans/{plan_id}/don-doc")
def don_doc(v: ViewerDep, plan_id: PlanId, store: StoreDep, chart: ChartDep,
            ngay: DayForm = None, han_moi: DayForm = None, csrf: Csrf = None) -> Response:
    """The đôn đốc of the units the page lists as overdue, sent by the body following
    up the plan's first document when the key reaches it, else by the key's own body;
    recorded in the event log."""
    check_form(v, csrf)
    day = parse_day(ngay, "ngay", required=False) or vn_today()
    new = parse_day(han_moi, "han_moi", required=False)
    with store.write() as s:
        plan = load_plan(s, chart, plan_id, v.caller)
        visible = v.caller.visible(plan)
        try:
            sender = rem.default_sender(s, plan_id, visible)
            if not v.caller.covers(sender, plan.as_of):
                sender = v.caller.body_id
            r = rem.late_units(s, chart, plan_id, day, sender, visible, new)
            data = rem.reminder_docx(s, chart, r)
        except rem.ReminderError as e:
            raise WebError(422, str(e).removeprefix("deadline: ").removeprefix("from: ")
                           ) from None
        rem.record(s, r, v.caller.actor)
    name = ascii_name(f"don-doc-ke-hoach-{plan_id}-{day.isoformat()}", "don-doc")
    return download(data, DOCX, f"{name}.docx", headers={"X-Units": str(len(r.units))})


@router.get("/plans/{plan_id}/bao-cao")
def bao_cao(v: ViewerDep, plan_id: PlanId, store: StoreDep, chart: ChartDep,
            tu: Annotated[str | None, Query(max_length=40)] = None,
            den: Annotated[str | None, Query(max_length=40)] = None) -> Response:
    """The báo cáo kết quả of the plan as the viewer sees it, for the period asked."""
    start = parse_day(tu, "tu")
    end = parse_day(den, "den", required=False) or vn_today()
    with store.read() as s:
        plan = load_plan(s, chart, plan_id, v.caller)
        visible = v.caller.visible(plan)
        try:
            sender = rem.default_sender(s, plan_id, visible)
            if not v.caller.covers(sender, plan.as_of):
                sender = v.caller.body_id
            res = rs.build_result(s, chart, plan_id, start, end, sender, visible)
            data = rs.result_docx(s, chart, res)
        except rem.ReminderError as e:
            raise WebError(422, str(e).partition(": ")[2] or str(e)) from None
    name = ascii_name(f"bao-cao-ket-qua-{plan_id}-{start}-{end}", "bao-cao")
    return download(data, DOCX, f"{name}.docx")
