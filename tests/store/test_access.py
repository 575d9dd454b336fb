"""The access rule on the bundled chart: a key reaches its body's subtree, and a Party
committee what its standing board directs; a board and its committee are one relation."""

from __future__ import annotations

import datetime as dt

from cascade.store.access import Access, boards_of, committee_of, covers, subtree_ids
from cascade.store.keys import Principal

DAY = dt.date(2026, 1, 15)


def test_a_board_acts_for_its_committee_and_no_one_else(chart) -> None:
    assert committee_of(chart, "lai-chau.btv", DAY).id == "lai-chau.tu"
    assert [b.id for b in boards_of(chart, "lai-chau.tu", DAY)] == ["lai-chau.btv"]
    assert committee_of(chart, "lai-chau.tu", DAY) is None  # not a board
    assert committee_of(chart, "lai-chau.ubnd", DAY) is None
    assert committee_of(chart, "no-such.body", DAY) is None
    assert boards_of(chart, "lai-chau.ubnd", DAY) == []
    # every board of the chart has exactly one committee, and is among its boards
    for b in chart.bodies(kind="standing_board", province="lai-chau", as_of=DAY):
        c = committee_of(chart, b.id, DAY)
        assert c is not None and c.symbol == b.symbol, b.id
        assert b.id in {x.id for x in boards_of(chart, c.id, DAY)}


def test_a_committee_reaches_what_its_board_directs(chart) -> None:
    tu, btv = subtree_ids(chart, "lai-chau.tu", DAY), subtree_ids(chart, "lai-chau.btv", DAY)
    assert btv <= tu and "lai-chau.btv" in tu
    assert "lai-chau.ubnd" in tu  # the BTV directs the People's Committee's Party bodies
    assert "lai-chau.tu" not in btv
    ubnd = subtree_ids(chart, "lai-chau.ubnd", DAY)
    assert "lai-chau.so-vhttdl" in ubnd and "lai-chau.tu" not in ubnd
    assert not ubnd & subtree_ids(chart, "dien-bien.ubnd", DAY)


def test_covering_is_membership_of_the_subtree(chart) -> None:
    mine = subtree_ids(chart, "lai-chau.ubnd", DAY)
    others = [b.id for b in chart.bodies(province="dien-bien", as_of=DAY)][:50]
    for target in [*sorted(mine)[:200], *others, "no-such.body"]:
        assert covers(chart, "lai-chau.ubnd", target, DAY) == (target in mine), target
    assert covers(chart, "no-such.body", "no-such.body", DAY)  # a key always covers its body


def test_a_caller_sees_a_whole_plan_only_when_it_covers_the_issuer(chart) -> None:
    access = Access(chart)
    plan = type("Plan", (), {"as_of": DAY, "data": {"issuer_id": "lai-chau.btv"}})()
    tu = access.caller(Principal(1, "aaaa", "lai-chau.tu", "write"))
    bct = access.caller(Principal(2, "bbbb", "tw.bct", "read"))
    so = access.caller(Principal(3, "cccc", "lai-chau.so-vhttdl", "write"))
    assert tu.visible(plan) is None and bct.visible(plan) is None
    assert so.visible(plan) == subtree_ids(chart, "lai-chau.so-vhttdl", DAY)
    assert so.covers("lai-chau.so-vhttdl", DAY) and not so.covers("lai-chau.ubnd", DAY)
    assert so.actor == "key:cccc" and not bct.can("write")
    assert access.subtree("lai-chau.so-vhttdl", DAY) is access.subtree("lai-chau.so-vhttdl",
                                                                        DAY)
