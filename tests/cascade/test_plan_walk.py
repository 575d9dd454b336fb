"""The planner on the bundled chart: levels by date, topological order, one document per
body citing all its parents, deadlines, determinism, unknown parent numbers."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from plan_fixtures import *  # noqa: F403
from plan_fixtures import POST, PRE

from cascade.compose import cite, number_text, opening
from cascade.planner import ROOT, Issued, PlanError, plan


def test_lai_chau_before_july_2025_three_levels(chart, lai_chau_pre):
    p = lai_chau_pre
    btv = p.task("lai-chau.btv")
    assert (btv.doc_type, btv.parents, btv.generation) == ("cong_van", [ROOT], 1)
    ubnd = p.task("lai-chau.ubnd")
    assert (ubnd.doc_type, ubnd.parents) == ("cong_van", ["lai-chau.btv"])
    districts = chart.units(level="district", province="lai-chau", as_of=PRE)
    ubnd_huyen = {f"{d.id}.ubnd" for d in districts}
    assert ubnd_huyen <= set(ubnd.recipient_ids)
    assert {b.id for b in chart.bodies(kind="department", province="lai-chau", as_of=PRE)} \
        <= set(ubnd.recipient_ids)
    for d in districts:  # each Huyện ủy answers by công văn, citing the Tỉnh ủy letter
        t = p.task(f"{d.id}.btv")
        assert (t.doc_type, t.parents, t.level) == ("cong_van", ["lai-chau.btv"], "district")
    # a legacy commune's Đảng ủy answers its Huyện ủy; its UBND answers the UBND huyện
    x = next(t for t in p.tasks if t.level == "commune" and t.kind == "party_committee")
    assert p.task(x.parents[0]).level == "district"
    assert {t.level for t in p.tasks} == {"province", "district", "commune"}
    # groups name the units that exist: Tam Đường had xã and a thị trấn, no phường
    types = {u.type for u in chart.units(level="commune", parent="d106", as_of=PRE)}
    assert types == {"xã", "thị trấn"}
    assert "Ủy ban nhân dân các xã, thị trấn" in p.task("d106.ubnd").recipient_lines


def test_lai_chau_after_july_2025_no_district(chart, lai_chau_post):
    p = lai_chau_post
    assert {t.level for t in p.tasks} == {"province", "commune"}
    communes = chart.units(level="commune", province="lai-chau", as_of=POST)
    assert len(communes) == 38
    for c in communes:
        btv, ubnd = p.task(f"{c.id}.btv"), p.task(f"{c.id}.ubnd")
        guide = p.task(f"{c.id}.btv.huong_dan")  # the BTV's second document (seed 004)
        assert (btv.doc_type, btv.parents) == ("ke_hoach", ["lai-chau.btv"])
        assert (guide.doc_type, guide.parents) == ("huong_dan", ["lai-chau.btgdv"])
        assert "lai-chau.ubnd" in ubnd.parents  # the communes cite the province's documents
        assert set(ubnd.parents) == {"lai-chau.ubnd", btv.id}  # the Party's plan, not the guide
    assert p.task("lai-chau.dubnd").doc_type == "ke_hoach"
    # seed 002's pattern after 3/2025 too: the Tỉnh ủy's letter and the Đảng ủy UBND's plan
    assert p.task("lai-chau.ubnd").parents == ["lai-chau.btv", "lai-chau.dubnd"]


def test_multi_parent_body_answers_once_citing_all(lai_chau_post):
    p = lai_chau_post
    ids = [t.id for t in p.tasks]
    assert len(ids) == len(set(ids))  # one task per (body, document)
    so = p.task("lai-chau.so-yte")
    assert sorted(so.parents) == ["lai-chau.dubnd", "lai-chau.ubnd"]
    text = opening(p, so, {t.id: t for t in p.tasks}, _rules())
    assert text.count("Thực hiện ") == 1
    assert "Kế hoạch số" in text and "-KH/ĐU" in text and "/UBND-TH" in text


def _rules():
    from cascade.plan_rules import load_rules
    return load_rules()


@pytest.mark.parametrize("fixture", ["lai_chau_pre", "lai_chau_post"])
def test_topological_order_and_deadlines(fixture, request):
    p = request.getfixturevalue(fixture)
    pos = {t.id: i for i, t in enumerate(p.tasks)}
    for t in p.tasks:
        for x in t.parents:
            if x == ROOT:
                assert t.generation == 1
                continue
            assert pos[x] < pos[t.id]
            assert p.task(x).generation < t.generation
            assert p.task(x).deadline < t.deadline
    assert [t.generation for t in p.tasks] == sorted(t.generation for t in p.tasks)


def test_deadline_offsets_from_the_rules_and_the_directive(chart, kl107, rules):
    p = plan(chart, kl107, rules, as_of=POST, scope=["lai-chau"])
    btv, dubnd = p.task("lai-chau.btv"), p.task("lai-chau.dubnd")
    # planned after the directive's date: still counted from the directive's date (the
    # chart date is not the start); the Đảng ủy UBND, set up on 1/3/2025, from that day
    assert btv.deadline == kl107.date + dt.timedelta(days=kl107.deadlines.days[0])
    assert dubnd.deadline == dt.date(2025, 3, 1) + dt.timedelta(days=kl107.deadlines.days[1])
    # an issued parent counts from its real date
    q = plan(chart, kl107, rules, as_of=POST, scope=["lai-chau"],
             issued={"lai-chau.btv": Issued(number="12", date=dt.date(2026, 1, 20))})
    assert q.task("lai-chau.dubnd").deadline == dt.date(2026, 2, 4)


def test_same_directive_same_plan(chart, kl107, rules):
    a = plan(chart, kl107, rules, as_of=POST, scope=["lai-chau", "quang-tri"])
    b = plan(chart, kl107, rules, as_of=POST, scope=["quang-tri", "lai-chau"])
    dump = [json.dumps(t.model_dump(mode="json"), ensure_ascii=False) for t in a.tasks]
    assert dump == [json.dumps(t.model_dump(mode="json"), ensure_ascii=False) for t in b.tasks]


def test_national_plan_counts(chart, kl107, rules):
    p = plan(chart, kl107, rules, as_of=POST)
    provinces = {t.province for t in p.tasks if t.province}
    assert len(provinces) == 34
    communes = [t for t in p.tasks if t.level == "commune" and t.kind == "standing_board"]
    assert len({t.body_id for t in communes}) == 3321
    # each commune BTV: its kế hoạch for the Tỉnh ủy, its hướng dẫn for the commission
    assert len(communes) == 2 * 3321
    assert not [t for t in p.tasks if t.level == "district"]
    # the central level of a Politburo conclusion (issue 14)
    central = {t.body_id: t for t in p.tasks if t.level == "central"}
    assert {"tw.ducp", "cp.cp", "tw.duqh", "tw.btgdv", "tw.bnc", "bca", "bnv",
            "ttcp"} <= set(central)
    assert central["cp.cp"].doc_type == "chuong_trinh_hanh_dong"
    assert central["cp.cp"].parents == ["tw.ducp"] and central["tw.ducp"].parents == [ROOT]
    assert central["bnv"].parents == ["cp.cp"] and central["bnv"].signer == "Bộ trưởng"
    assert p.task("lai-chau.ca").doc_type == "ke_hoach"  # Công an tỉnh's own plan


def test_blank_parent_numbers_until_issued(chart, kl107, rules, lai_chau_pre):
    ubnd = lai_chau_pre.task("lai-chau.ubnd")
    tasks = {t.id: t for t in lai_chau_pre.tasks}
    text = opening(lai_chau_pre, ubnd, tasks, rules)
    assert "Thực hiện Công văn số       -CV/TU ngày    /  /2025 của Ban Thường vụ Tỉnh ủy " \
           "Lai Châu về việc triển khai thực hiện Kết luận số 107-KL/TW" in text
    p = plan(chart, kl107, rules, as_of=PRE, scope=["lai-chau"],
             issued={"lai-chau.btv": Issued(number="2269", date=dt.date(2024, 12, 31)),
                     "lai-chau.ubnd": Issued(number="5", date=dt.date(2025, 1, 20))})
    tasks = {t.id: t for t in p.tasks}
    text = opening(p, p.task("lai-chau.ubnd"), tasks, rules)
    assert text.startswith("Thực hiện Công văn số 2269-CV/TU ngày 31/12/2024 của Ban Thường "
                           "vụ Tỉnh ủy Lai Châu về việc triển khai thực hiện Kết luận số "
                           "107-KL/TW ngày 24/12/2024 của Bộ Chính trị")
    # each parent in its own number format: a State công văn is number/issuer-unit
    assert number_text(p.task("lai-chau.ubnd")) == "05/UBND-TH"
    assert cite(p.task("lai-chau.ubnd")).startswith("Công văn số 05/UBND-TH ngày 20/01/2025 "
                                                    "của Ủy ban nhân dân tỉnh Lai Châu")


def test_scope_and_issuer_errors(chart, kl107, rules):
    with pytest.raises(PlanError, match="phạm vi 'lai-cau'"):
        plan(chart, kl107, rules, as_of=POST, scope=["lai-cau"])
    with pytest.raises(PlanError, match="không có tỉnh, thành phố này"):
        plan(chart, kl107, rules, as_of=POST, scope=["ha-nam"])  # merged on 1/7/2025
    bad = kl107.model_copy(update={"issuer": "Bộ Chính trịx khóa 99"})
    with pytest.raises(PlanError, match="không tìm thấy cơ quan ban hành"):
        plan(chart, bad, rules, as_of=POST, scope=["lai-chau"])
