"""Who acts (issue 14, part B): the bodies that act in practice, one document per parent a
body must answer, the right parents, and deadlines that never come before a parent's.

Over the Lai Châu plans of 2025 (three levels) and 2026 (two), Quảng Trị after 1/7/2025
for the khu vực courts (seed 004), and rule files written for the test.
"""

from __future__ import annotations

import datetime as dt

import pytest
from plan_fixtures import *  # noqa: F403
from plan_fixtures import KL107, POST, REPO
from typer.testing import CliRunner

from cascade.directive import Deadlines
from cascade.plan_rules import RulesError, load_rules
from cascade.planner import ROOT, Issued, plan

runner = CliRunner()

# (kind, level) → the document type each issues, in both Lai Châu plans
ACTORS = {("police", "province"): "ke_hoach", ("inspectorate", "province"): "ke_hoach",
          ("inspection_commission", "province"): "ke_hoach",
          ("fatherland_front", "province"): "ke_hoach", ("court", "province"): "ke_hoach",
          ("procuracy", "province"): "ke_hoach",
          ("judgment_enforcement", "province"): "ke_hoach",
          ("mass_organisation", "province"): "ke_hoach"}


def by_body(p):
    out: dict[str, list] = {}
    for t in p.tasks:
        out.setdefault(t.body_id, []).append(t)
    return out


@pytest.mark.parametrize("fixture", ["lai_chau_pre", "lai_chau_post"])
def test_bodies_that_act_in_practice_have_their_documents(fixture, request):
    p = request.getfixturevalue(fixture)
    got = {(t.kind, t.level): t.doc_type for t in p.tasks}
    for key, doc_type in ACTORS.items():
        assert got.get(key) == doc_type, (fixture, key)
    ca = p.task("lai-chau.ca")
    assert "lai-chau.duca" in ca.parents and "lai-chau.ubnd" in ca.parents
    assert p.task("lai-chau.duca").verb == "lãnh đạo, chỉ đạo"
    assert p.task("lai-chau.thanhtra").signer == "Chánh Thanh tra"
    assert p.task("lai-chau.tand").signer == "Chánh án"
    # the member organisations answer the MTTQ's plan; the Tỉnh đoàn signs by its Bí thư
    assert p.task("lai-chau.hnd").parents == ["lai-chau.mttq"]
    assert p.task("lai-chau.doan").signer == "Bí thư"
    assert p.task("lai-chau.mttq").parents == ["lai-chau.btv"]
    # the judicial bodies answer the Party body that leads them (Khối, then cơ quan Đảng)
    lead = "lai-chau.dukcq" if p.as_of < dt.date(2025, 3, 1) else "lai-chau.ducqd"
    assert p.task("lai-chau.tand").parents == p.task("lai-chau.vksnd").parents == [lead]


def test_before_march_2025_the_ban_can_su_dang_and_ban_dan_van_act(lai_chau_pre):
    p = lai_chau_pre
    bcsd, bdv = p.task("lai-chau.bcsd"), p.task("lai-chau.bdv")
    assert bcsd.parents == bdv.parents == ["lai-chau.btv"]
    assert "lai-chau.ubnd" in bcsd.recipient_ids
    assert bdv.doc_type == "huong_dan" and "d106.btv" in bdv.recipient_ids
    # seed 001: a Huyện ủy's UBKT plans its checks on the Huyện ủy's letter
    assert p.task("d106.ubkt").parents == ["d106.btv"]
    assert p.task("lai-chau.ubnd").parents == ["lai-chau.btv"]  # seed 002


def test_after_march_2025_the_party_agencies_committee_leads_courts_and_front(lai_chau_post):
    p = lai_chau_post
    ducqd = p.task("lai-chau.ducqd")
    assert ducqd.parents == ["lai-chau.btv"] and ducqd.verb == "lãnh đạo, chỉ đạo"
    assert {"lai-chau.tand", "lai-chau.vksnd", "lai-chau.mttq"} <= set(ducqd.recipient_ids)
    assert p.task("lai-chau.tand").parents == ["lai-chau.ducqd"]
    assert p.task("lai-chau.thads").parents == ["lai-chau.dubnd"]
    assert not any(t.body_id.endswith(".bcsd") for t in p.tasks)  # ended 2/2025


def test_commune_btv_issues_two_documents_and_ubnd_xa_cites_the_party_plan(lai_chau_post):
    docs = by_body(lai_chau_post)
    btv = docs["c03390.btv"]
    assert [(t.id, t.doc_type, t.parents, t.rule) for t in btv] == [
        ("c03390.btv", "ke_hoach", ["lai-chau.btv"], "btv-xa-ke-hoach"),
        ("c03390.btv.huong_dan", "huong_dan", ["lai-chau.btgdv"], "btv-xa-huong-dan")]
    ubnd = lai_chau_post.task("c03390.ubnd")
    assert sorted(ubnd.parents) == ["c03390.btv", "lai-chau.ubnd"]


def test_ubnd_tinh_cites_the_tinh_uy_and_every_so_the_same_parents(lai_chau_post):
    p = lai_chau_post
    assert p.task("lai-chau.ubnd").parents == ["lai-chau.btv", "lai-chau.dubnd"]
    so = {tuple(sorted(t.parents)) for t in p.tasks if t.kind == "department"}
    assert so == {("lai-chau.dubnd", "lai-chau.ubnd")}  # Sở Dân tộc và Tôn giáo too
    assert "lai-chau.so-dttg" in {t.body_id for t in p.tasks}


def test_khu_vuc_courts_from_july_2025(chart, kl107, rules):
    day = dt.date(2025, 10, 15)
    p = plan(chart, kl107, rules, as_of=day, scope=["quang-tri"])
    for bid, parent, name in [
            ("quang-tri.tand-kv8", "quang-tri.tand", "Tòa án nhân dân khu vực 8 tỉnh Quảng Trị"),
            ("quang-tri.vksnd-kv8", "quang-tri.vksnd",
             "Viện Kiểm sát nhân dân khu vực 8 tỉnh Quảng Trị"),
            ("quang-tri.thads-kv8", "quang-tri.thads",
             "Phòng giao dịch Thi hành án khu vực 8 tỉnh Quảng Trị")]:
        t = p.task(bid)
        assert (t.body_name, t.parents, t.doc_type) == (name, [parent], "ke_hoach")
        assert bid in p.task(parent).recipient_ids
    # not before the khu vực existed
    q = plan(chart, kl107, rules, as_of=dt.date(2025, 6, 1), scope=["quang-tri"])
    assert not any("-kv" in t.body_id for t in q.tasks)


def _edges_ok(p, issued: dict[str, Issued] | None = None) -> None:
    issued = issued or {}
    for t in p.tasks:
        for x in t.parents:
            if x == ROOT:
                assert t.deadline > p.directive.date
                continue
            up = p.task(x)
            assert t.deadline > up.deadline, (t.id, x)
            if x in issued:
                assert t.deadline > issued[x].date, (t.id, x)


def test_deadlines_never_before_the_parents_and_not_moved_by_as_of(chart, kl107, rules):
    issued = {"lai-chau.btv": Issued(number="2269", date=dt.date(2024, 12, 31))}
    p = plan(chart, kl107, rules, as_of=POST, scope=["lai-chau"], issued=issued)
    _edges_ok(p, issued)
    # a commune created on 1/7/2025 is not due before it existed
    for t in p.tasks:
        if t.level == "commune":
            assert t.deadline > dt.date(2025, 7, 1), t.id
    # the chart date moves no deadline; --start does
    later = plan(chart, kl107, rules, as_of=dt.date(2026, 3, 1), scope=["lai-chau"],
                 issued=issued)
    assert {t.id: t.deadline for t in later.tasks} == {t.id: t.deadline for t in p.tasks}
    started = plan(chart, kl107, rules, as_of=POST, scope=["lai-chau"],
                   start=dt.date(2026, 1, 15))
    assert started.task("lai-chau.btv").deadline == dt.date(2026, 1, 25)
    _edges_ok(started)


def test_directive_sets_deadlines_per_level(chart, kl107, rules, tmp_path):
    d = kl107.model_copy(update={"deadlines": Deadlines.model_validate(
        {"days": [10, 15], "by_level": {"xã": "2025-07-30", "province": "2025-01-10"}})})
    p = plan(chart, d, rules, as_of=POST, scope=["lai-chau"])
    assert p.task("lai-chau.btv").deadline == dt.date(2025, 1, 10)
    # a level's date for every document of that level, unless a parent is due later
    assert p.task("c03390.btv").deadline == p.task("c03390.ubnd").deadline \
        == dt.date(2025, 7, 30)
    # the Đảng ủy UBND (from 1/3/2025) is due after 10/01/2025: the UBND tỉnh waits for it
    assert p.task("lai-chau.ubnd").deadline == p.task("lai-chau.dubnd").deadline \
        > dt.date(2025, 1, 10)
    for t in p.tasks:
        assert all(x == ROOT or p.task(x).deadline <= t.deadline for x in t.parents)
    with pytest.raises(ValueError, match="cấp không hợp lệ: 'thôn'"):
        Deadlines.model_validate({"by_level": {"thôn": "2025-05-30"}})


def test_replaces_states_an_override_and_unknown_ids_are_refused(chart, kl107, tmp_path):
    text = (REPO / "cascade" / "data" / "rules.yaml").read_text(encoding="utf-8")
    own = text.replace("  - id: btv-xa-huong-dan ", "  - id: btv-xa-huong-dan\n"
                       "    replaces: [btv-xa-ke-hoach]\n   ", 1)
    assert own != text
    f = tmp_path / "own.yaml"
    f.write_text(own, encoding="utf-8")
    r = load_rules(f)
    p = plan(chart, kl107, r, as_of=POST, scope=["lai-chau"])
    assert [t.doc_type for t in p.tasks if t.body_id == "c03390.btv"] == ["huong_dan"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(own.replace("replaces: [btv-xa-ke-hoach]", "replaces: [khong-co]"),
                   encoding="utf-8")
    with pytest.raises(RulesError, match=r"rules\.\d+\.replaces: không có quy tắc 'khong-co'"):
        load_rules(bad)


def test_explain_shows_which_rules_matched_and_won(app):
    args = ["plan", str(KL107), "--scope", "lai-chau", "--as-of", "15/01/2026", "--explain"]
    r = runner.invoke(app, [*args, "c03390.btv"])
    assert r.exit_code == 0, r.output
    assert "Ban Thường vụ Đảng ủy xã Bình Lư [c03390.btv]" in r.stdout
    assert "Hướng dẫn của Ban Tuyên giáo và Dân vận Tỉnh ủy Lai Châu [lai-chau.btgdv]" \
        in r.stdout
    assert "+ btv-xa-ke-hoach: ÁP DỤNG — Kế hoạch [c03390.btv]" in r.stdout
    assert "+ btv-xa-huong-dan: ÁP DỤNG — Hướng dẫn [c03390.btv.huong_dan]" in r.stdout
    r = runner.invoke(app, [*args, "Ủy ban nhân dân tỉnh Lai Châu"])
    assert "- ubnd-tinh-truoc-3-2025: không áp dụng — không có hiệu lực ngày 15/01/2026" \
        in r.stdout
    r = runner.invoke(app, [*args, "Sở Không Có"])
    assert r.exit_code == 2 and "--explain: không có cơ quan 'Sở Không Có'" in r.stderr
