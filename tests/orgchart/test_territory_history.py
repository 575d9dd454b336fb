"""Dated changes of pre-2025 districts (gen_territory.DISTRICT_HISTORY): the chart has a
version of the district and of its bodies for each period, named as they were then."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from orgchart import Chart, ChartError, load_chart

D = dt.date


@pytest.mark.parametrize(("body", "day", "name", "symbol"), [
    ("d244.hu", D(2010, 3, 5), "Thị ủy Phúc Yên", "TU"),
    ("d244.hu", D(2018, 2, 7), "Thành ủy Phúc Yên", "TU"),
    ("d407.hu", D(2015, 1, 1), "Huyện ủy Tĩnh Gia", "HU"),  # renamed: thị xã Nghi Sơn
    ("d407.hu", D(2020, 6, 1), "Thị ủy Nghi Sơn", "TU"),
    ("d724.ubnd", D(2005, 1, 1), "Ủy ban nhân dân huyện Dĩ An", "UBND"),
    ("d724.ubnd", D(2015, 1, 1), "Ủy ban nhân dân thị xã Dĩ An", "UBND"),
    ("d724.ubnd", D(2021, 1, 1), "Ủy ban nhân dân thành phố Dĩ An", "UBND"),
    ("d564.hu", D(2019, 1, 1), "Huyện ủy Đông Hòa", "HU"),
])
def test_district_bodies_carry_the_name_of_their_day(chart: Chart, body: str, day: dt.date,
                                                     name: str, symbol: str) -> None:
    b = chart.body(body, day)
    assert (b.name, b.symbol) == (name, symbol)


def test_header_of_the_day(chart: Chart) -> None:
    assert chart.header_lines("d244.hu", D(2010, 1, 1)) == [
        "ĐẢNG BỘ TỈNH VĨNH PHÚC", "THỊ ỦY PHÚC YÊN", "*"]


def test_a_history_row_without_its_date_is_named(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(
        "territory:\n  provinces:\n    x:\n      name: X\n      type: tỉnh\n"
        "      code: '99'\n      districts:\n        - {code: '999', type: huyện, name: Y,\n"
        "           history: [{type: huyện, name: Z}]}\n", encoding="utf-8")
    with pytest.raises(ChartError, match="history"):
        load_chart([tmp_path], cache=False)
