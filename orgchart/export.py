"""A body as JSON: the shape ``trienkhai orgchart find/show --json`` prints and the API's
``/orgchart/bodies`` answers (see README: CLI contract), in one place for both.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .chart import Chart
from .schema import Body


def body_json(chart: Chart, b: Body, day: dt.date | None) -> dict[str, Any]:
    """The JSON form other tools rely on (see README: CLI contract)."""
    province = chart.unit(b.province, day).name if b.province else None
    return {
        "id": b.id, "name": b.name, "short_name": b.short_name, "kind": b.kind.value,
        "sector": b.sector, "system": b.system.value, "level": b.level.value,
        "territory": b.territory, "province": province, "province_id": b.province,
        "header": chart.header_lines(b.id, day), "symbol": b.symbol, "place": b.place,
        "collective_name": b.collective_name,
        "posts": [p.model_dump(mode="json") for p in b.posts],
        "valid_from": b.valid_from.isoformat() if b.valid_from else None,
        "valid_to": b.valid_to.isoformat() if b.valid_to else None,
    }
