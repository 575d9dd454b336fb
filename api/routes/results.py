"""``GET /plans/{plan_id}/results``: the báo cáo kết quả of a plan for a period, as its
figures (JSON) or as the .docx to sign, within the key's reach."""

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from api.deps import ChartDep, PlanId, PlansDep, Reader, ReadSession
from api.problems import Problem, problems
from api.routes.reminders import SenderQ
from api.schemas import ResultOut
from api.services import DOCX, ascii_name, download
from cascade.secretariat import reminders as rem
from cascade.secretariat import results as rs
from orgchart.days import today as vn_today

router = APIRouter(tags=["plans"])


def _counts(f: rs.Figures) -> dict[str, int]:
    return {k: f.counts[k] for k in rs.COLUMNS}


@router.get("/plans/{plan_id}/results", response_model=ResultOut,
            responses={**problems(403, 404, 422), 200: {"content": {
                "application/json": {},
                DOCX: {"schema": {"type": "string", "format": "binary"}}},
                "description": "The figures (JSON) or the báo cáo (.docx)"}},
            summary="The báo cáo kết quả for a period: figures by level and kind on its "
                    "last day, documents issued in it")
def results(
    plan_id: PlanId, caller: Reader, s: ReadSession, chart: ChartDep, plans: PlansDep,
    start: Annotated[dt.date, Query(description="First day of the period")],
    end: Annotated[dt.date | None, Query(description="Last day; default today")] = None,
    sender: SenderQ = None,
    format: Annotated[Literal["json", "docx"], Query(description="json or docx")] = "json",
) -> Any:
    info = plans.info(s, plan_id)
    end = end or vn_today()
    try:
        sender = sender or rem.default_sender(s, plan_id, caller.visible(info))
        if not caller.covers(sender, info.as_of):
            raise Problem(403, f"from: khóa {caller.prefix} không bao quát {sender}; một đơn "
                               "vị không ký văn bản thay đơn vị khác")
        res = rs.build_result(s, chart, plan_id, start, end, sender, caller.visible(info))
        if format == "docx":
            name = ascii_name(f"bao-cao-ket-qua-{plan_id}-{start}-{end}", "bao-cao")
            return download(rs.result_docx(s, chart, res), DOCX, f"{name}.docx")
    except rem.ReminderError as e:
        field = str(e).split(":", 1)[0]
        raise Problem(422, str(e), [{"field": field, "type": "result_refused",
                                     "message": str(e)}]) from None
    return {"plan_id": plan_id, "sender_id": res.sender_id, "sender_name": res.sender_name,
            "start": start, "end": end, "totals": _counts(res.totals),
            "by_level": {k: _counts(f) for k, f in res.by_level.items()},
            "by_kind": {k: _counts(f) for k, f in res.by_kind.items()},
            "issued": res.issued,
            "missing": len(res.missing)}
