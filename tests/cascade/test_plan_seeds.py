"""The cascade patterns of the five seeds, reproduced by the planner on the bundled chart.

For each seed: plan kl-107 where and when the seed was written, take the body that issued
it and compare with the seed itself: its type, the parents it cites (type and issuer code,
as the citation parser reads them from the seed), whom it addresses or asks, who follows
up and whom it informs upward.
"""

from __future__ import annotations

import datetime as dt

import pytest
from plan_fixtures import *  # noqa: F403

from cascade.citations import parse_citations
from cascade.compose import spec_for
from cascade.planner import ROOT, Plan, PlanTask, plan

CODES = {"cong_van": "CV", "ke_hoach": "KH", "huong_dan": "HD"}


def seed_parents(seeds, n: int) -> set[tuple[str, str]]:
    text = (seeds / f"{n:03d}.txt").read_text(encoding="utf-8")
    return {(c.type_code, c.issuer_code) for c in parse_citations(text) if c.role == "parent"}


def plan_parents(p: Plan, t: PlanTask) -> set[tuple[str, str]]:
    out = set()
    for x in t.parents:
        if x == ROOT:
            out.add((p.directive.type_code, p.issuer_symbol))
        else:
            parent = p.task(x)
            out.add((CODES[parent.doc_type], parent.symbol))
    return out


def kinds(chart, ids: list[str], day: dt.date) -> set[tuple[str, str]]:
    return {(str(b.kind), str(b.level)) for b in (chart.body(i, as_of=day) for i in ids)}


def body_text(p: Plan, t: PlanTask, rules) -> str:
    spec = spec_for(p, t, rules)
    out = []

    def walk(nodes):
        for n in nodes:
            if isinstance(n, str):
                out.append(n)
            else:
                out.append(getattr(n, "point", None) or getattr(n, "heading", None)
                           or getattr(n, "section", "") or "")
                walk(getattr(n, "content", []))
    walk(spec.body)
    return "\n".join(out)


def test_seed000_thanh_uy_answers_the_politburo_by_cong_van(chart, kl107, rules, seeds):
    day = dt.date(2025, 3, 10)
    p = plan(chart, kl107, rules, as_of=day, scope=["can-tho"])
    t = p.task("can-tho.btv")
    assert t.doc_type == "cong_van" and t.generation == 1 and t.parents == [ROOT]
    assert plan_parents(p, t) == seed_parents(seeds, 0) == {("KL", "TW")}
    # Kính gửi: quận/huyện ủy, the Party organisation of the UBND, ban, MTTQ (000)
    got = kinds(chart, t.recipient_ids, day)
    assert {("standing_board", "district"), ("party_committee_of_government", "province"),
            ("propaganda_commission", "province"), ("fatherland_front", "province")} <= got
    # Cần Thơ had quận and huyện, no thị xã: "Các quận ủy, huyện ủy" as 000 writes it
    assert "Ban Thường vụ các quận ủy, huyện ủy" in t.recipient_lines
    # follow-up by the Ban Nội chính, copied to the Ban Nội chính Trung ương (000 §8)
    assert t.follow_up == "Ban Nội chính Thành ủy Cần Thơ"
    assert ("Ban Nội chính Trung ương", "report") in {(c.text, c.purpose) for c in t.copies}
    text = body_text(p, t, rules)
    assert "Giao Ban Nội chính Thành ủy Cần Thơ chủ trì" in text
    assert "(sau đây viết tắt là Kết luận số 107-KL/TW)" in text
    # 000 §5: the Party organisation of the police leads it
    assert "Đảng ủy Công an thành phố Cần Thơ lãnh đạo, chỉ đạo Công an thành phố Cần Thơ " \
           "nắm chắc diễn biến" in text


def test_seed001_huyen_uy_answers_the_tinh_uy_letter(chart, kl107, rules, seeds):
    day = dt.date(2025, 3, 15)
    p = plan(chart, kl107, rules, as_of=day, scope=["lai-chau"])
    t = p.task("d106.btv")
    assert t.doc_type == "cong_van" and t.parents == ["lai-chau.btv"]
    assert plan_parents(p, t) == seed_parents(seeds, 1) == {("CV", "TU")}
    # addressed to UBND huyện, TT HĐND, MTTQ, the ban and the TCCS đảng (001)
    got = kinds(chart, t.recipient_ids, day)
    assert {("peoples_committee", "district"), ("peoples_council_standing", "district"),
            ("fatherland_front", "district"), ("inspection_commission", "district"),
            ("party_committee", "commune")} <= got
    assert t.follow_up == "Ủy ban Kiểm tra Huyện ủy Tam Đường"  # 001 §6
    assert t.signer == "Bí thư"


def test_seed002_ubnd_tinh_answers_the_tinh_uy_before_march_2025(chart, kl107, rules, seeds,
                                                                   lai_chau_pre):
    p = lai_chau_pre
    t = p.task("lai-chau.ubnd")
    assert t.doc_type == "cong_van" and t.unit == "TH" and t.parents == ["lai-chau.btv"]
    assert plan_parents(p, t) == seed_parents(seeds, 2) == {("CV", "TU")}
    got = kinds(chart, t.recipient_ids, p.as_of)
    assert {("department", "province"), ("peoples_committee", "district"),
            ("police", "province")} <= got
    assert t.follow_up == "Thanh tra tỉnh Lai Châu"  # 002 §10
    assert "Thường trực Hội đồng nhân dân tỉnh Lai Châu" in {c.text for c in t.copies}
    text = body_text(p, t, rules)
    assert "Công an tỉnh Lai Châu chỉ đạo nắm chắc diễn biến" in text  # 002 §7
    assert "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lai Châu" in text  # 002 §8
    assert "Giao Thanh tra tỉnh Lai Châu chủ trì" in text


def test_seed003_so_cites_both_the_dang_uy_plan_and_the_ubnd_letter(chart, kl107, rules,
                                                                     seeds):
    day = dt.date(2025, 4, 1)
    p = plan(chart, kl107, rules, as_of=day, scope=["ha-nam"])
    t = p.task("ha-nam.so-vhttdl")
    assert t.doc_type == "ke_hoach"
    assert sorted(t.parents) == ["ha-nam.dubnd", "ha-nam.ubnd"]
    assert plan_parents(p, t) == seed_parents(seeds, 3) == {("KH", "ĐU"), ("CV", "UBND")}
    # the UBND letter answers the Đảng ủy UBND plan (762/UBND-TCDNC on 10-KH/ĐU) and, as
    # seed 002's does, the Tỉnh ủy's letter
    assert p.task("ha-nam.ubnd").parents == ["ha-nam.btv", "ha-nam.dubnd"]
    assert p.task("ha-nam.dubnd").doc_type == "ke_hoach"
    copies = {(c.text, c.purpose) for c in t.copies}
    assert ("Ủy ban nhân dân tỉnh Hà Nam", "report") in copies
    assert ("Thanh tra tỉnh Hà Nam", "follow") in copies  # 003 Nơi nhận: để theo dõi
    assert t.signer == "Giám đốc"


def test_seed004_dang_uy_xa_answers_the_commission_by_huong_dan(chart, kl107, rules, seeds):
    day = dt.date(2025, 10, 15)
    p = plan(chart, kl107, rules, as_of=day, scope=["quang-tri"])
    units = chart.units(level="commune", province="quang-tri", as_of=day)
    communes = [t for t in p.tasks if t.level == "commune" and t.kind == "standing_board"
                and t.doc_type == "huong_dan"]
    assert len(communes) == len(units)
    # …beside its own kế hoạch answering the Tỉnh ủy's letter (issue 14: two documents)
    plans = [t for t in p.tasks if t.level == "commune" and t.kind == "standing_board"
             and t.doc_type == "ke_hoach"]
    assert len(plans) == len(units) and {tuple(t.parents) for t in plans} == {
        ("quang-tri.btv",)}
    t = communes[0]
    assert t.doc_type == "huong_dan" and t.parents == ["quang-tri.btgdv"]
    assert plan_parents(p, t) == seed_parents(seeds, 4) == {("HD", "BTGDVTU")}
    assert p.task("quang-tri.btgdv").doc_type == "huong_dan"
    # đề nghị UBND xã, Công an xã, MTTQ (004); its own Ban Xây dựng Đảng is tasked
    assert {("peoples_committee", "commune"), ("police", "commune"),
            ("fatherland_front", "commune")} <= kinds(chart, t.requested_ids, day)
    assert ("party_building_commission", "commune") in kinds(chart, t.recipient_ids, day)
    assert ("Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Trị", "report") in {
        (c.text, c.purpose) for c in t.copies}
    text = body_text(p, t, rules)
    police = chart.counterpart(t.body_id, "police", as_of=day)
    assert f"Đề nghị {police.name} tiếp tục phối hợp" in text


@pytest.mark.parametrize("n", range(5))
def test_seed_texts_present(seeds, n):
    assert seed_parents(seeds, n), f"seed {n:03d}: no parent citation read"
