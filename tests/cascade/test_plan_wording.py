"""What the drafts say, over whole plans: Lai Châu before and after the 2025 reform and
Quảng Ninh (a thị xã before it, two đặc khu after).

Each draft is read as a clerk reads it (Kính gửi, body, Nơi nhận): it names no unit type
the territory lacks on the plan date, a State body never directs a cấp ủy, every body a
task names receives the draft to act on it, and every body it addresses has something
to do in it.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from plan_fixtures import *  # noqa: F403
from plan_fixtures import POST, PRE

from cascade.compose import children_of, spec_for
from cascade.drafts.spec import Spec
from cascade.planner import Plan, PlanTask, plan
from orgchart.text import key

UNIT_WORDS = ("xã", "phường", "thị trấn", "đặc khu", "huyện", "quận", "thị xã", "thành phố")
COMMITTEE_WORDS = {"huyện ủy": "huyện", "quận ủy": "quận", "thị ủy": "thị xã",
                   "thành ủy": "thành phố"}
CASES = [("lai-chau", PRE), ("lai-chau", dt.date(2025, 3, 15)), ("lai-chau", POST),
         ("quang-ninh", PRE), ("quang-ninh", POST)]


def _words(text: str) -> str:
    """The text's comparison key (NFC, tone placement folded, lower case) without the
    words that only look like unit types."""
    return key(text).replace(key("xã hội"), "")


def has_word(text: str, word: str) -> bool:
    """Whether the unit type ``word`` is in ``text`` on its own ("xã" is not in "thị xã")."""
    plain = _words(text)
    for longer in (w for w in UNIT_WORDS if w != word and word in w):
        plain = plain.replace(key(longer), "")
    return re.search(rf"(?<!\w){re.escape(key(word))}(?!\w)", plain) is not None


def body_texts(spec: Spec) -> list[str]:
    out: list[str] = []

    def walk(nodes) -> None:
        for n in nodes:
            if isinstance(n, str):
                out.append(n)
                continue
            for a in ("section", "heading", "point"):
                if getattr(n, a, None):
                    out.append(getattr(n, a))
            walk(getattr(n, "content", None) or [])
    walk(spec.body)
    return out


def full_text(spec: Spec) -> str:
    return "\n".join([*spec.recipients, *body_texts(spec), *(c.to for c in spec.copies_to)])


@pytest.fixture(scope="module")
def drafted(chart, kl107, rules) -> dict[tuple[str, dt.date], tuple[Plan, dict[str, Spec]]]:
    out = {}
    for prov, day in CASES:
        p = plan(chart, kl107, rules, as_of=day, scope=[prov])
        tasks, kids = {t.id: t for t in p.tasks}, children_of(p)
        out[(prov, day)] = p, {t.id: spec_for(p, t, rules, tasks, kids) for t in p.tasks}
    return out


def existing_types(chart, prov: str, day: dt.date) -> set[str]:
    units = [chart.unit(prov, as_of=day), *chart.units(province=prov, as_of=day)]
    return {u.type for u in units}


@pytest.mark.parametrize(("prov", "day"), CASES)
def test_no_draft_names_a_unit_type_the_territory_lacks(chart, drafted, prov, day):
    _, specs = drafted[(prov, day)]
    have = existing_types(chart, prov, day)
    missing = [w for w in UNIT_WORDS if w not in have]
    missing += [c for c, w in COMMITTEE_WORDS.items() if w not in have]
    assert missing, (prov, day, have)  # each case lacks something to test
    for tid, spec in specs.items():
        text = full_text(spec)
        bad = [w for w in missing if has_word(text, w)]
        assert not bad, (tid, bad)


@pytest.mark.parametrize(("prov", "day"), CASES)
def test_a_body_names_its_own_level_by_its_unit_type(drafted, prov, day):
    """A phường's drafts say "Mặt trận Tổ quốc Việt Nam phường", never "… xã"."""
    p, specs = drafted[(prov, day)]
    checked = 0
    for t in p.tasks:
        if t.level == "commune" and t.unit_type == "phường":
            assert not has_word(full_text(specs[t.id]), "xã"), t.id
            checked += 1
    assert checked


def test_group_labels_follow_the_units_that_exist(drafted):
    """Quảng Ninh's đặc khu and thị xã are named where they exist, Lai Châu's never."""
    lines = {k: {x for t in p.tasks for x in (*t.recipient_lines, *t.requested_lines)}
             for k, (p, _) in drafted.items()}
    assert "Ủy ban nhân dân các xã, phường, đặc khu" in lines[("quang-ninh", POST)]
    assert "Ban Thường vụ các đảng ủy xã, phường, đặc khu" in lines[("quang-ninh", POST)]
    assert "Ban Thường vụ các đảng ủy xã, phường" in lines[("lai-chau", POST)]
    assert "Ủy ban nhân dân các xã, phường" in lines[("lai-chau", POST)]
    qn_pre = lines[("quang-ninh", PRE)]
    assert any("thị ủy" in x for x in qn_pre) and any("thị xã" in x for x in qn_pre)
    assert "Ban Thường vụ các huyện ủy, thành ủy" in lines[("lai-chau", PRE)]


def _state(t: PlanTask) -> bool:
    return t.system != "party"


@pytest.mark.parametrize(("prov", "day"), CASES)
def test_no_state_draft_directs_a_cap_uy(chart, drafted, prov, day):
    p, specs = drafted[(prov, day)]
    starts = re.compile(key("^(đề nghị |giao )?(người đứng đầu )?(các )?cấp ủy"))
    state = [t for t in p.tasks if _state(t)]
    assert len(state) > 10
    for t in state:
        spec = specs[t.id]
        for line in body_texts(spec):
            k = key(line)
            assert not starts.match(k), (t.id, line)
            assert key("tập trung lãnh đạo, chỉ đạo thực hiện") not in k, (t.id, line)
            assert key("tổ chức đảng") not in k, (t.id, line)
        assert not any(a.mode == "party" for a in t.assignments), t.id
        # whom it addresses or asks: no Party body
        for i in (*t.recipient_ids, *t.requested_ids):
            assert chart.body(i, as_of=day).system != "party", (t.id, i)


def test_state_and_party_voices_differ_on_the_same_task(drafted):
    _, specs = drafted[("lai-chau", POST)]
    party = body_texts(specs["lai-chau.btv"])
    state = body_texts(specs["lai-chau.ubnd"])
    so = body_texts(specs["lai-chau.so-yte"])
    assert any(x.startswith("Các cấp ủy, tổ chức đảng, cơ quan, đơn vị") for x in party)
    assert any(x.startswith("Các cơ quan, đơn vị, địa phương và người đứng đầu quán triệt")
               for x in state)
    assert any(x.startswith("Lãnh đạo các phòng, đơn vị, nhất là người đứng đầu") for x in so)
    # 000 §5 against 002 §7
    assert any(x.startswith("Đảng ủy Công an tỉnh Lai Châu lãnh đạo, chỉ đạo Công an tỉnh "
                            "Lai Châu nắm chắc") for x in party)
    assert any(x.startswith("Công an tỉnh Lai Châu chỉ đạo nắm chắc") for x in state)


def test_opening_asks_in_general_terms_not_the_kinh_gui_list(drafted):
    for p, specs in drafted.values():
        for t in p.tasks:
            spec = specs[t.id]
            if len(spec.recipients) < 3:
                continue
            first = spec.body[0]
            assert sum(r in first for r in spec.recipients) < len(spec.recipients), t.id
    p, specs = drafted[("lai-chau", POST)]
    # 002: the UBND asks the heads of what it addresses
    assert ("Ủy ban nhân dân tỉnh Lai Châu yêu cầu Thủ trưởng các cơ quan chuyên môn thuộc Ủy "
            "ban nhân dân tỉnh; Chủ tịch Ủy ban nhân dân các xã, phường tập trung thực hiện "
            "tốt") in specs[
        "lai-chau.ubnd"].body[0]


def _named(t: PlanTask) -> list[str]:
    out = []
    for a in t.assignments:
        if a.mode == "party":
            out.append(a.via)
        elif a.mode in ("direct", "request"):
            out.append(a.body_name)
    return [x for x in out if x and x != t.body_name]


@pytest.mark.parametrize(("prov", "day"), CASES)
def test_addressed_iff_tasked(drafted, prov, day):
    p, specs = drafted[(prov, day)]
    for t in p.tasks:
        spec = specs[t.id]
        to_act = set(spec.recipients) | {c.to for c in spec.copies_to
                                         if c.purpose == "implement"}
        # every body a task names receives the draft to act on it
        for name in _named(t):
            assert name in to_act, (t.id, name)
        if t.follow_up and t.follow_up_directed:
            assert t.follow_up in to_act, (t.id, t.follow_up)
        # every body it addresses or asks has a task (or its reason) in the body
        body = "\n".join(body_texts(spec)[1:])
        for line in (*t.recipient_lines, *t.requested_lines):
            low = line[0].lower() + line[1:]
            assert line in body or low in body, (t.id, line)


def test_noi_nhan_purposes_follow_the_task(drafted):
    _, specs = drafted[("lai-chau", POST)]
    # 002 §10 gives the Thanh tra tỉnh the follow-up: the letter is sent to it (Kính gửi),
    # not copied "để theo dõi"; the Đảng ủy UBND's plan gives it the follow-up as well
    ubnd = specs["lai-chau.ubnd"]
    assert "Thanh tra tỉnh Lai Châu" in ubnd.recipients
    assert "Thanh tra tỉnh Lai Châu" not in {c.to for c in ubnd.copies_to}
    plan_ = {c.to: c.purpose for c in specs["lai-chau.dubnd"].copies_to}
    assert plan_["Thanh tra tỉnh Lai Châu"] == "implement"
    # 003: a sở's plan is followed by its own inspectors; the Thanh tra tỉnh only watches
    so = {c.to: c.purpose for c in specs["lai-chau.so-yte"].copies_to}
    assert so["Thanh tra tỉnh Lai Châu"] == "follow"


def test_propaganda_guide_carries_the_propaganda_tasks(drafted, kl107):
    p, specs = drafted[("lai-chau", POST)]
    guide = body_texts(specs["lai-chau.btgdv"])
    plan_ = body_texts(specs["lai-chau.dubnd"])
    assert "hướng dẫn công tác tuyên truyền và vận động như sau:" in guide[0]
    assert any("đẩy mạnh tuyên truyền, phổ biến" in x for x in guide)
    # not the generic list: no inspection, no staffing task
    assert not any("kiện toàn tổ chức bộ máy" in x for x in guide)
    assert not any("tăng cường kiểm tra, giám sát, thanh tra" in x for x in guide)
    assert any("kiện toàn tổ chức bộ máy" in x for x in plan_)
    # the commune's guide (004) carries the tasks of the bodies it asks
    commune = next(t for t in p.tasks if t.rule == "btv-xa-huong-dan")
    text = "\n".join(body_texts(specs[commune.id]))
    police = next(a.body_name for a in commune.assignments if a.body_id
                  and a.body_id.endswith(".ca"))
    assert f"Đề nghị {police} tiếp tục phối hợp" in text
    assert "kiện toàn tổ chức bộ máy" not in text


def test_to_chuc_thuc_hien_is_not_one_line_per_body(drafted):
    for p, specs in drafted.values():
        for t in p.tasks:
            lines = body_texts(specs[t.id])
            asks = [x for x in lines if x.startswith("Đề nghị ")
                    and re.search("phối hợp (triển khai )?thực hiện các nội dung", x)]
            assert len(asks) <= 1, (t.id, asks)


def test_a_plan_stored_before_the_wording_still_drafts(drafted, rules):
    """Tasks saved by an earlier version (no lines with bodies, no ``via``, the Party
    organisation inside the name) draft as they did, the lead said once."""
    p, _ = drafted[("lai-chau", POST)]
    t = p.task("lai-chau.btv")
    data = t.model_dump(mode="json")
    for k in ("recipient_groups", "requested_groups", "unit_type"):
        data.pop(k)
    for a in data["assignments"]:
        if a["mode"] == "party":
            a["body_name"] = f"{a.pop('via')} lãnh đạo, chỉ đạo {a['body_name']}"
            a.pop("via_id")
    old = PlanTask.model_validate(data)
    spec = spec_for(p.model_copy(update={"tasks": [old]}), old, rules)
    text = "\n".join(body_texts(spec))
    assert text.count("lãnh đạo, chỉ đạo Công an tỉnh Lai Châu nắm chắc") == 1
    assert spec.recipients[0] == "Ban Thường vụ các đảng ủy xã, phường"
