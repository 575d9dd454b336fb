"""Graph queries: directs, requests, ancestors, counterparts, as_of views."""

from __future__ import annotations

import datetime as dt

from orgchart import Kind, Level

TODAY = dt.date(2026, 11, 23)
JAN25 = dt.date(2025, 1, 15)


def test_subordinates_follow_the_level_structure(chart):
    after = {b.id for b in chart.subordinates("lai-chau.btv", depth=1, as_of=TODAY)}
    assert {"lai-chau.ubnd", "lai-chau.dubnd", "lai-chau.btgdv", "c03390.btv"} <= after
    assert not any(i.startswith("d") for i in after)
    before = {b.id for b in chart.subordinates("lai-chau.btv", depth=1, as_of=JAN25)}
    assert any(i.startswith("d") and i.endswith(".btv") for i in before)
    assert not any(i.startswith("c") for i in before)
    assert "lai-chau.bcsd" in before and "lai-chau.dubnd" not in before


def test_subordinates_depth(chart):
    one = chart.subordinates("tw.bct", depth=1, as_of=TODAY)
    two = chart.subordinates("tw.bct", depth=2, as_of=TODAY)
    assert "lai-chau.btv" in {b.id for b in one}
    assert "c03390.btv" not in {b.id for b in one}
    assert "c03390.btv" in {b.id for b in two}
    assert len(two) > len(one)


def test_requested_bodies_are_not_directed(chart):
    req = {b.id for b in chart.requested("c03390.btv", TODAY)}
    assert {"c03390.ubnd", "c03390.ca", "c03390.mttq"} <= req
    assert not req & {b.id for b in chart.directed("c03390.btv", TODAY)}
    assert "lai-chau.mttq" in {b.id for b in chart.requested("lai-chau.ubnd", TODAY)}


def test_ancestors_and_superiors(chart):
    sup = {b.id for b in chart.superiors("ha-nam.so-vhttdl", dt.date(2025, 4, 1))}
    # seed 003: the sở answers both the Đảng ủy UBND tỉnh and the UBND tỉnh
    assert sup == {"ha-nam.dubnd", "ha-nam.ubnd"}
    anc = [b.id for b in chart.ancestors("c03390.ubnd", TODAY)]
    assert anc[0] == "lai-chau.ubnd" and "tw.bct" in anc


def test_counterpart_in_the_same_territory(chart):
    assert chart.counterpart("lai-chau.ubnd", Kind.police, as_of=TODAY).id == "lai-chau.ca"
    assert chart.counterpart("c03390.btv", Kind.police, as_of=TODAY).id == "c03390.ca"
    assert chart.counterpart("c03390.btv", "party_office", as_of=TODAY).id == "c03390.vpdu"
    assert chart.counterpart("lai-chau.btv", Kind.department, sector="vhttdl",
                             as_of=TODAY).id == "lai-chau.so-vhttdl"
    assert chart.counterpart("c20333.ubnd", Kind.police, as_of=TODAY) is None


def test_bodies_by_level_kind_and_province(chart):
    depts = chart.bodies(kind=Kind.department, province="lai-chau", as_of=TODAY)
    names = {b.short_name for b in depts}
    assert "Sở Dân tộc và Tôn giáo" in names  # per-province override
    assert len(depts) == 10 + 1  # ten standard sở (NĐ 45/2025) and the province's own
    communes = chart.bodies(kind=Kind.peoples_committee, level=Level.commune,
                            province="lai-chau", as_of=TODAY)
    assert len(communes) == 38


def test_as_of_view(chart):
    view = chart.as_of(JAN25)
    assert view.stats()["provinces"] == 63
    assert view.body("lai-chau.btg").name == "Ban Tuyên giáo Tỉnh ủy Lai Châu"
    assert {b.id for b in view.directed("lai-chau.bcsd")} == {"lai-chau.ubnd"}
