"""One Vietnamese vocabulary for kinds, systems and levels, read by the CLI and dashboard."""

from __future__ import annotations

from orgchart import Kind, Level, System
from orgchart.vocabulary import KIND_VI, LEVEL_GROUP_VI, kind_vi, level_vi, system_vi


def test_every_enum_value_has_a_vietnamese_name():
    for enum, table in ((Kind, KIND_VI), (System, None), (Level, None)):
        for value in enum:
            name = {Kind: kind_vi, System: system_vi, Level: level_vi}[enum](value)
            assert name and name != value.value, value  # never the English identifier
        if table is not None:
            assert set(table) == {v.value for v in enum}


def test_the_dashboard_reads_the_same_table():
    from api.web import labels

    assert labels.KIND_VI is KIND_VI
    assert labels.LEVEL_PLURAL_VI is LEVEL_GROUP_VI
    assert kind_vi("standing_board") == "Ban Thường vụ" and system_vi("party") == "Đảng"
