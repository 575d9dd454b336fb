"""``GET /plans/{plan_id}/report``: counts by status per province and level, and the
overdue units, as JSON, CSV or XLSX (the layout the dashboard's exports share)."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from api.deps import ChartDep, PlanId, Reader, ReadSession, SeenPlan
from api.problems import problems
from api.schemas import ReportOut
from api.services import XLSX, ascii_name, download
from cascade.store.report import build_report, report_csv, report_xlsx
from orgchart.days import IsoDay
from orgchart.days import today as vn_today

router = APIRouter(tags=["plans"])


@router.get("/plans/{plan_id}/report", response_model=ReportOut,
            responses={**problems(404), 200: {"content": {
                "application/json": {}, "text/csv": {"schema": {"type": "string"}},
                XLSX: {"schema": {"type": "string", "format": "binary"}}},
                "description": "The report (JSON, CSV or XLSX)"}},
            summary="Progress: counts by status per province and level; overdue units")
def report(
    plan_id: PlanId,
    info: SeenPlan,
    caller: Reader,
    s: ReadSession,
    chart: ChartDep,
    format: Annotated[Literal["json", "csv", "xlsx"], Query(
        description="json, csv (one table, see `table`) or xlsx (three sheets)")] = "json",
    table: Annotated[Literal["province", "level", "overdue"], Query(
        description="CSV only: which table")] = "province",
    as_of: Annotated[IsoDay | None, Query(
        description="Day to compute overdue against; default today")] = None,
) -> Any:
    def province_name(pid: str) -> str:
        try:
            return chart.unit(pid, info.as_of).name
        except KeyError:
            return pid

    rep = build_report(s, plan_id, as_of or vn_today(), caller.visible(info),
                       province_name)
    if format == "json":
        return rep
    number = info.data.get("directive_number")
    stem = ascii_name(f"bao-cao-ke-hoach-{plan_id}-{number}", "bao-cao")
    if format == "csv":
        return download(report_csv(rep, table), "text/csv; charset=utf-8",
                        f"{stem}-{table}.csv")
    title = f"Tình hình triển khai {number or ''}".strip()
    return download(report_xlsx(rep, title), XLSX, f"{stem}.xlsx")
