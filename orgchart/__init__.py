"""The org chart of the Vietnamese political system, from the Politburo to every commune.

    from orgchart import load_chart
    chart = load_chart()                      # bundled national chart (cached)
    ubnd = chart.resolve("UBND tỉnh Lai Châu")
    chart.header_lines(ubnd.id)               # ['ỦY BAN NHÂN DÂN', 'TỈNH LAI CHÂU']
"""

from .chart import Chart, ChartView
from .errors import AmbiguousBody, ChartError, Problem, UnknownBody, UnknownUnit
from .loader import bundled_path, load_chart, load_uncached
from .schema import Body, Kind, Level, Post, PostRole, RelationType, System, Territory

__all__ = [
    "AmbiguousBody", "Body", "Chart", "ChartError", "ChartView", "Kind", "Level", "Post",
    "PostRole", "Problem", "RelationType", "System", "Territory", "UnknownBody", "UnknownUnit",
    "bundled_path", "load_chart", "load_uncached",
]
