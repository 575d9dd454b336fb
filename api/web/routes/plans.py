"""The directives the viewer follows, a plan's cascade (graph, matrix, overdue units,
filters) and its exports."""

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from api.deps import ChartDep, PlanId, StoreDep
from api.services import XLSX, download
from api.web.graph import build_graph, render_svg
from api.web.labels import KIND_VI, LEVELS_VI, STATE_VI, field_vi, quoted
from api.web.pages import (
    Viewer,
    ViewerDep,
    WebError,
    WebRoute,
    base_ctx,
    load_plan,
    page,
    parse_day,
)
from api.web.views import Filters, Names, PlanFacts, visible_rows
from cascade.store.progress import directive_progress
from cascade.store.report import directive_label, report_csv, report_xlsx, summarize
from cascade.store.rows import PlanRow
from orgchart import Chart
from orgchart.days import today as vn_today

router = APIRouter(prefix="/web", route_class=WebRoute, include_in_schema=False)
OVERDUE_SHOWN = 200


async def get_plan_facts(request: Request) -> PlanFacts:
    return request.app.state.plan_facts


def raw_filters(
    province: Annotated[str | None, Query(max_length=100)] = None,
    level: Annotated[str | None, Query(max_length=100)] = None,
    kind: Annotated[str | None, Query(max_length=100)] = None,
    status: Annotated[str | None, Query(max_length=100)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    as_of: Annotated[str | None, Query(max_length=40)] = None,
) -> dict[str, Any]:
    """The plan page's filters as typed (checked against the plan by ``check_filters``)."""
    return {"province": province, "level": level, "kind": kind, "status": status,
            "q": q, "today": parse_day(as_of, "as_of", required=False) or vn_today()}


FactsDep = Annotated[PlanFacts, Depends(get_plan_facts)]
RawFilters = Annotated[dict[str, Any], Depends(raw_filters)]


def check_filters(chart: Chart, plan: PlanRow, province: str | None, level: str | None,
                  kind: str | None, status: str | None, q: str | None,
                  today: dt.date) -> Filters:
    """The filters, each value checked: a province of the plan's chart, a known level,
    kind and status; every mistake named at once."""
    errors = []
    if province:
        try:
            unit = chart.unit(province, plan.as_of)
            if unit.level != "province":
                raise KeyError(province)
        except KeyError:
            errors.append(f"{field_vi('province')}: không có tỉnh, thành phố "
                          f"{quoted(province)}")
    for name, value, table in (("level", level, LEVELS_VI), ("kind", kind, KIND_VI),
                               ("status", status, STATE_VI)):
        if value and value not in table:
            errors.append(f"{field_vi(name)}: giá trị {quoted(value)} không hợp lệ; chọn "
                          f"một trong: {', '.join(table.values())}")
    if errors:
        raise WebError(422, *errors)
    return Filters(province or None, level or None, kind or None, status or None,
                   (q or "").strip() or None, today)


def report_of(s: Session, chart: Chart, plan: PlanRow, rows: list[dict[str, Any]],
              f: Filters, names: Names) -> dict[str, Any]:
    """The matrix and overdue list of exactly the rows shown (page and exports agree)."""
    return summarize(rows, plan_id=plan.id, today=f.today, label=directive_label(s, plan),
                     province_name=names.province, province=f.province,
                     unit_of=names.unit_of if f.province else None)


def plan_context(s: Session, chart: Chart, facts: PlanFacts, plan: PlanRow, v: Viewer,
                 f: Filters) -> dict[str, Any]:
    names = Names(chart, plan.as_of)
    visible = v.caller.visible(plan)
    rows = visible_rows(s, plan, f, visible, names, chart)
    label = directive_label(s, plan)
    base = f"/web/plans/{plan.id}"

    def href(task_id: str) -> str:
        return f"{base}/tasks/{quote(task_id)}?" + urlencode(
            f.query(province=None, level=None, kind=None, q=None, status=None))

    def province_href(pid: str) -> str:
        return f"{base}?" + urlencode(f.query(province=pid))

    graph = build_graph(rows, facts.parents(s, plan),
                        root_title=plan.data.get("directive_number") or label,
                        root_href=f"{base}?" + urlencode(f.query(province=None)),
                        fold=f.province is None and f.q is None, task_href=href,
                        province_href=province_href, province_name=names.province,
                        node_text=names.node_text)
    rep = report_of(s, chart, plan, rows, f, names)
    kinds = sorted(facts.kinds(s, plan))
    return {"plan": plan, "label": label, "f": f, "rep": rep, "svg": render_svg(graph),
            "rows": len(rows), "matrix": rep["by_unit"] if f.province
            else rep["by_province"], "overdue": rep["overdue"][:OVERDUE_SHOWN],
            "overdue_more": max(0, len(rep["overdue"]) - OVERDUE_SHOWN),
            "provinces": facts.provinces(s, plan, visible, names),
            "province_name": names.province(f.province) if f.province else None,
            "kinds": [k for k in kinds if k in KIND_VI], "href": href,
            "province_href": province_href,
            "export": lambda fmt, table: f"{base}/export?" + urlencode(
                {**f.query(), "format": fmt, "table": table})}


@router.get("/", response_class=HTMLResponse)
def directives(v: ViewerDep, store: StoreDep, chart: ChartDep,
               as_of: Annotated[str | None, Query(max_length=40)] = None) -> Response:
    day = parse_day(as_of, "as_of", required=False)
    today = day or vn_today()
    with store.read() as s:
        items = directive_progress(s, v.caller.visible, today)
    return page("directives.html", **base_ctx(chart, v, items=items, today=today,
                                              as_of=day))


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
def plan_page(v: ViewerDep, plan_id: PlanId, raw: RawFilters, store: StoreDep,
              chart: ChartDep, facts: FactsDep) -> Response:
    with store.read() as s:
        plan = load_plan(s, chart, plan_id, v.caller)
        f = check_filters(chart, plan, **raw)
        ctx = plan_context(s, chart, facts, plan, v, f)
    return page("plan.html", **base_ctx(chart, v, **ctx))


@router.get("/plans/{plan_id}/export")
def export(v: ViewerDep, plan_id: PlanId, raw: RawFilters, store: StoreDep,
           chart: ChartDep, format: Annotated[str, Query(max_length=10)] = "xlsx",
           table: Annotated[str, Query(max_length=20)] = "province") -> Response:
    if format not in ("xlsx", "csv"):
        raise WebError(422, f"{field_vi('format')}: chỉ có xlsx hoặc csv")
    with store.read() as s:
        plan = load_plan(s, chart, plan_id, v.caller)
        f = check_filters(chart, plan, **raw)
        names = Names(chart, plan.as_of)
        rows = visible_rows(s, plan, f, v.caller.visible(plan), names, chart)
        rep = report_of(s, chart, plan, rows, f, names)
    stem = f"bao-cao-ke-hoach-{plan_id}" + (f"-{f.province}" if f.province else "")
    if format == "xlsx":
        return download(report_xlsx(rep), XLSX, f"{stem}.xlsx")
    if table == "unit" and not f.province:
        table = "province"
    try:
        data = report_csv(rep, table)
    except ValueError:
        raise WebError(422, f"{field_vi('table')}: chỉ có province, unit (khi chọn một "
                            "tỉnh), level hoặc overdue") from None
    return download(data, "text/csv; charset=utf-8", f"{stem}-{table}.csv")
