"""The directives the viewer follows, a plan's cascade (diagram, matrix, overdue units,
filters) and its exports."""

import datetime as dt
from collections import Counter
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from api.deps import ChartDep, PlanId, StoreDep
from api.services import XLSX, download
from api.web.graph import build_graph
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
from api.web.views import (
    Filters,
    Names,
    PlanFacts,
    plan_name,
    scope_name,
    seen_scope,
    visible_rows,
)
from cascade.store.progress import directive_progress
from cascade.store.report import (
    MATRIX_COLUMNS,
    OVERDUE_COLUMNS,
    directive_label,
    directive_short,
    overdue_cells,
    report_csv,
    report_xlsx,
    summarize,
)
from cascade.store.rows import PlanRow
from orgchart import Chart
from orgchart.days import today as vn_today

router = APIRouter(prefix="/web", route_class=WebRoute, include_in_schema=False)
OVERDUE_PAGE = 50  # rows of the overdue list per page (the files hold them all)


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


def spans_provinces(rows: list[dict[str, Any]]) -> bool:
    """Whether the rows are of more than one province (the central bodies counting as
    one): only then are they folded, so a province's key sees its own bodies one by one
    from the national link, and the central level's view shows each central body."""
    seen = set()
    for r in rows:
        seen.add(r["province"])
        if len(seen) > 1:
            return True
    return False


def pages(n: int, size: int) -> int:
    return max(1, (n + size - 1) // size)


def plan_context(s: Session, chart: Chart, facts: PlanFacts, plan: PlanRow, v: Viewer,
                 f: Filters, overdue_page: int = 1) -> dict[str, Any]:
    names = Names(chart, plan.as_of)
    visible = v.caller.visible(plan)
    rows = visible_rows(s, plan, f, visible, names, chart)
    label = directive_label(s, plan)
    scope = seen_scope(chart, plan, v.caller)
    base = f"/web/plans/{plan.id}"

    def href(task_id: str) -> str:
        return f"{base}/tasks/{quote(task_id)}?" + urlencode(
            f.query(province=None, level=None, kind=None, q=None, status=None))

    def province_href(pid: str) -> str:
        return f"{base}?" + urlencode(f.query(province=pid))

    central_href = f"{base}?" + urlencode(f.query(level="central"))

    def page_href(n: int) -> str:
        return f"{base}?" + urlencode({**f.query(), **({"page": str(n)} if n > 1 else {})}) \
            + "#qua-han"

    graph = build_graph(rows, facts.parents(s, plan),
                        root_title=plan.data.get("directive_number") or label,
                        root_href=f"{base}?" + urlencode(f.query(province=None)),
                        fold=f.province is None and f.q is None and spans_provinces(rows),
                        task_href=href,
                        province_href=province_href, central_href=central_href,
                        province_name=names.province,
                        node_text=names.node_text)
    rep = report_of(s, chart, plan, rows, f, names)
    kinds = sorted(facts.kinds(s, plan))
    late = rep["overdue"]
    last = pages(len(late), OVERDUE_PAGE)
    if overdue_page > last:
        raise WebError(422, f"{field_vi('page')}: danh sách quá hạn chỉ có {last} trang")
    first = (overdue_page - 1) * OVERDUE_PAGE
    return {"plan": plan, "label": label, "short": directive_short(s, plan),
            "scope": scope_name(chart, scope, plan.as_of),
            "plan_name": plan_name(chart, scope, plan.as_of),
            "f": f, "rep": rep, "graph": graph, "rows": len(rows),
            "matrix": rep["by_unit"] if f.province else rep["by_province"],
            "columns": MATRIX_COLUMNS, "overdue_columns": [h for h, _ in OVERDUE_COLUMNS],
            "overdue": [(first + i, r, overdue_cells(r))
                        for i, r in enumerate(late[first:first + OVERDUE_PAGE], 1)],
            "overdue_page": overdue_page, "overdue_pages": last, "page_href": page_href,
            "provinces": facts.provinces(s, plan, visible, names),
            "province_name": names.province(f.province) if f.province else None,
            "kinds": [k for k in kinds if k in KIND_VI], "href": href,
            "province_href": province_href, "central_href": central_href,
            "export": lambda fmt, table: f"{base}/export?" + urlencode(
                {**f.query(), "format": fmt, "table": table})}


@router.get("/", response_class=HTMLResponse)
def directives(v: ViewerDep, store: StoreDep, chart: ChartDep,
               as_of: Annotated[str | None, Query(max_length=40)] = None) -> Response:
    day = parse_day(as_of, "as_of", required=False)
    today = day or vn_today()
    with store.read() as s:
        items = directive_progress(s, v.caller.visible, today)
        for d in items:
            for p in d["plans"]:
                row = s.get(PlanRow, p["id"])
                p["name"] = plan_name(chart, seen_scope(chart, row, v.caller), p["as_of"])
            named = Counter(p["name"] for p in d["plans"])
            for p in d["plans"]:  # two plans alike (planned twice): told by their id
                if named[p["name"]] > 1:
                    p["name"] += f" · mã theo dõi {p['id']}"
    return page("directives.html", **base_ctx(chart, v, items=items, today=today,
                                              as_of=day))


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
def plan_page(v: ViewerDep, plan_id: PlanId, raw: RawFilters, store: StoreDep,
              chart: ChartDep, facts: FactsDep,
              page_no: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1
              ) -> Response:
    with store.read() as s:
        plan = load_plan(s, chart, plan_id, v.caller)
        f = check_filters(chart, plan, **raw)
        ctx = plan_context(s, chart, facts, plan, v, f, page_no)
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
