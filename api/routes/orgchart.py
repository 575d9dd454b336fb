"""``/orgchart/bodies``: find bodies of the chart, or read one, as at a date."""

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.deps import ChartDep, Reader
from api.problems import Problem, problems
from api.schemas import BodyOut
from orgchart import Body, Chart, UnknownBody
from orgchart.days import IsoDay
from orgchart.days import today as vn_today
from orgchart.export import body_json

router = APIRouter(tags=["orgchart"])
AsOf = Annotated[IsoDay | None, Query(description="Chart as at (YYYY-MM-DD)")]


def get_body(chart: Chart, body_id: str, day: dt.date | None, field: str) -> Body:
    """The body on ``day``, or 404 naming ``field`` (with the chart's own reason)."""
    if not chart.has(body_id, day):
        try:
            chart.body(body_id, day)
        except UnknownBody as e:
            raise Problem(404, f"{field}: {e}") from None
        raise Problem(404, f"{field}: không có cơ quan “{body_id}”")  # pragma: no cover
    return chart.body(body_id, day)


@router.get("/orgchart/bodies", response_model=list[BodyOut],
            summary="Find bodies by name or id (tolerant of Vietnamese spelling variants)")
def find_bodies(
    who: Reader,
    chart: ChartDep,
    q: Annotated[str, Query(min_length=1, max_length=200,
                            description="Name or id, e.g. 'UBND tỉnh Lai Châu'")],
    as_of: AsOf = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[dict[str, Any]]:
    day = as_of or vn_today()
    return [body_json(chart, b, day) for b in chart.find(q, as_of=day, limit=limit)]


@router.get("/orgchart/bodies/{body_id}", response_model=BodyOut,
            responses=problems(404), summary="One body of the org chart")
def get_body_ep(
    who: Reader,
    chart: ChartDep,
    body_id: Annotated[str, Path(min_length=1, max_length=100)],
    as_of: AsOf = None,
) -> dict[str, Any]:
    day = as_of or vn_today()
    return body_json(chart, get_body(chart, body_id, day, "body_id"), day)
