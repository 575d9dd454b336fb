"""The diagram's bands from rows as the store gives them: folding, the central group,
the cited parents, the band cap. Pure: no store, no chart."""

from __future__ import annotations

import pytest

from api.web import graph
from api.web.graph import build_graph


def row(tid: str, province: str | None, level: str, generation: int, status: str = "pending",
        overdue: bool = False, name: str | None = None) -> dict:
    return {"id": tid, "body_id": tid, "body_name": name or f"Cơ quan {tid}",
            "province": province, "level": level, "generation": generation,
            "status": status, "overdue": overdue, "days_late": 9 if overdue else 0}


PROVINCES = {"lai-chau": "Lai Châu", "an-giang": "An Giang", None: "Trung ương"}
ROWS = [row("tw.btg", None, "central", 1, "issued", name="Ban Tuyên giáo Trung ương"),
        row("tw.dubcp", None, "central", 1, overdue=True),
        row("lai-chau.btv", "lai-chau", "province", 1, "issued",
            name="Ban Thường vụ Tỉnh ủy Lai Châu"),
        row("lai-chau.ubnd", "lai-chau", "province", 2, overdue=True),
        row("x1.du", "lai-chau", "commune", 3, "drafted"),
        row("an-giang.btv", "an-giang", "province", 1, overdue=True)]
PARENTS = {"tw.btg": ("directive",), "tw.dubcp": ("directive",),
           "lai-chau.btv": ("directive",), "lai-chau.ubnd": ("lai-chau.btv",),
           "x1.du": ("lai-chau.btv", "lai-chau.ubnd"), "an-giang.btv": ("directive",)}


def draw(rows: list[dict], fold: bool) -> graph.Graph:
    return build_graph(rows, PARENTS, root_title="107-KL/TW", root_href="/p", fold=fold,
                       task_href=lambda t: f"/t/{t}", province_href=lambda p: f"/p?province={p}",
                       central_href="/p?level=central", province_name=PROVINCES.get,
                       node_text=lambda r: (PROVINCES[r["province"]], r["body_name"]))


def test_nationally_the_central_bodies_and_each_province_are_one_tile_each() -> None:
    g = draw(ROWS, fold=True)
    assert [b.key for b in g.bands] == ["provinces"]
    (band,) = g.bands
    assert band.heading == "Trung ương và tỉnh, thành phố · 2"
    assert "hoặc của các cơ quan Trung ương" in band.parents
    assert [n.id for n in band.nodes] == ["fold:tw", "fold:an-giang", "fold:lai-chau"]
    tw, _, lc = band.nodes
    assert tw.href == "/p?level=central" and lc.href == "/p?province=lai-chau"
    assert (lc.note, lc.alert) == ("1/3 đã ban hành", "1 quá hạn")
    assert [(s, n) for s, _, n in lc.bar()] == [("issued", 1), ("drafted", 1), ("overdue", 1)]
    assert band.counts["overdue"] == 3 and band.summary() == "2/6 đã ban hành, 3 quá hạn"
    (band,) = draw([r for r in ROWS if r["province"]], fold=True).bands
    assert band.heading == "Tỉnh, thành phố · 2" and "Trung ương" not in band.parents


def test_unfolded_each_step_names_the_documents_it_carries_out() -> None:
    rows = [r for r in ROWS if r["province"] == "lai-chau"]
    g = draw(rows, fold=False)
    assert [b.key for b in g.bands] == ["step-1", "step-2", "step-3"]
    assert g.bands[0].parents == "Thực hiện: 107-KL/TW"
    assert g.bands[1].parents == "Thực hiện văn bản của: Ban Thường vụ Tỉnh ủy Lai Châu"
    assert g.bands[2].parents == ("Thực hiện văn bản của: Ban Thường vụ Tỉnh ủy Lai Châu; "
                                  "Cơ quan lai-chau.ubnd")
    (late,) = g.bands[1].nodes
    assert late.state == "overdue" and late.note == "Quá hạn 9 ngày"
    # a parent the viewer does not see is not named
    assert draw(rows[2:], fold=False).bands[0].parents == ""


@pytest.mark.parametrize("cap", [1, 2])
def test_a_band_prints_at_most_its_cap_and_counts_the_rest(monkeypatch, cap) -> None:
    monkeypatch.setattr(graph, "BAND_CAP", cap)
    monkeypatch.setattr(graph, "OPEN_UP_TO", 1)
    rows = [row(f"x{i}.du", "lai-chau", "commune", 3) for i in range(5)]
    (band,) = draw(rows, fold=False).bands
    assert len(band.nodes) == cap and band.hidden == 5 - cap and band.size == 5
    assert not band.open
    assert band.heading == "Bước 3 · 5 cơ quan, đơn vị"
