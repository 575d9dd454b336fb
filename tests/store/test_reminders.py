"""Đôn đốc from the store: exactly the late units in scope, levels from the event log."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import yaml
from sqlalchemy import select

from cascade.directive import parse_directive
from cascade.plan_rules import load_rules
from cascade.planner import plan
from cascade.secretariat import reminders as rem
from cascade.store.access import subtree_ids
from cascade.store.plans import record_issued, save_plan, set_status
from cascade.store.report import build_report
from cascade.store.rows import EventRow

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 1, 15)
DAY = dt.date(2026, 4, 1)  # past every deadline of the Lai Châu plan


def make(store, chart) -> int:
    d = parse_directive(yaml.safe_load((REPO / "examples" / "kl-107.yaml").read_text()),
                        "kl-107.yaml")
    with store.write() as s:
        pid = save_plan(s, plan(chart, d, load_rules(), as_of=AS_OF, start=AS_OF,
                                scope=["lai-chau"]), "test").id
        for tid, number in (("lai-chau.btv", "2269"), ("c03390.btv", "05"),
                            ("lai-chau.so-yte", "12")):
            record_issued(s, pid, tid, number=number, symbol="CV", date=dt.date(2026, 2, 1),
                          signer=None, file_name=None, file_path=None, file_sha256=None,
                          actor="test")
        set_status(s, pid, "c03394.btv", "exempt", "Đã lồng ghép", "test")
    return pid


def addressed(data: bytes) -> str:
    """The Kính gửi lines of a rendered công văn."""
    paras = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    start = paras.index("Kính gửi:")
    end = next(i for i in range(start + 1, len(paras)) if not paras[i].startswith("- "))
    return "\n".join(paras[start + 1:end])


def test_names_exactly_the_late_units_in_scope(store, chart) -> None:
    pid = make(store, chart)
    with store.write() as s:
        sender = rem.default_sender(s, pid)
        assert sender == "lai-chau.bnc"  # Ban Nội chính follows the Tỉnh ủy's công văn
        r = rem.late_units(s, chart, pid, DAY, sender)
        late = {o["body_id"] for o in build_report(s, pid, DAY)["overdue"]}
        # the Ban Thường vụ's own document answers the centre, not its Ban Nội chính
        assert {u.body_id for u in r.units} == late - {"lai-chau.btv"}
        # the tasks issued or exempt are not chased (a commune BTV's other document, its
        # hướng dẫn, still is)
        assert {"c03390.btv", "c03394.btv", "lai-chau.so-yte"}.isdisjoint(
            u.task_id for u in r.units)

        scope = subtree_ids(chart, "lai-chau.ubnd", AS_OF)
        mine = rem.late_units(s, chart, pid, DAY, sender, visible=scope)
        in_scope = {o["body_id"] for o in build_report(s, pid, DAY, scope)["overdue"]}
        assert {u.body_id for u in mine.units} == in_scope - {"lai-chau.btv"}
        assert 0 < len(mine.units) < len(r.units)

        text = addressed(rem.reminder_docx(s, chart, mine))
    for u in mine.units:  # each named, alone or with its place in a group
        place = chart.unit(u.territory, AS_OF).name if u.territory else u.body_name
        assert u.body_name in text or place in text, u.body_name
    # a commune that issued, one exempt, one outside the key's scope: not named
    assert "Bình Lư" not in text.split("Ủy ban nhân dân các xã")[0]
    assert "Ban Thường vụ Đảng ủy" not in text
    assert "Ủy ban nhân dân các xã, phường:" in text
    assert "Sở Y tế" not in text


def test_levels_are_counted_per_unit_and_logged(store, chart) -> None:
    pid = make(store, chart)
    first = dt.date(2026, 2, 15)
    with store.write() as s:
        r1 = rem.late_units(s, chart, pid, first, "lai-chau.bnc")
        assert r1.units and {u.level_of().id for u in r1.units} == {"nhac_nho"}
        assert r1.new_deadline == first + dt.timedelta(days=rem.extension_days())
        first_text = "\n".join(p.text for p in docx.Document(io.BytesIO(
            rem.reminder_docx(s, chart, r1))).paragraphs)
        assert "Đề nghị các cơ quan, đơn vị nêu trên khẩn trương ban hành" in first_text
        rem.record(s, r1, "test")
    with store.write() as s:
        r2 = rem.late_units(s, chart, pid, DAY, "lai-chau.bnc",
                            new_deadline=dt.date(2026, 4, 10))
        before = {u.task_id for u in r1.units}
        for u in r2.units:  # reminded once: lần 2; late since, first reminder
            assert u.level_of().id == ("lan_2" if u.task_id in before else "nhac_nho")
        body = "\n".join(p.text for p in docx.Document(io.BytesIO(
            rem.reminder_docx(s, chart, r2))).paragraphs)
        assert "Đây là lần thứ hai Ban Nội chính Tỉnh ủy Lai Châu đôn đốc" in body
        assert "hoàn thành trước ngày 10/4/2026" in body
        # each parent's deadline, as the units owing it had it
        due = min(u.deadline for u in r2.units)
        assert f"(hạn ban hành trước ngày {due:%d/%m/%Y}" in body
        rem.record(s, r2, "test")
        rem.record(s, r2, "test")
    with store.read() as s:
        r3 = rem.late_units(s, chart, pid, DAY, "lai-chau.bnc")
        again = [u for u in r3.units if u.task_id in before]
        assert again and all(u.level_of().id == "phe_binh" and u.times_before == 3
                             for u in again)
        body = "\n".join(p.text for p in docx.Document(io.BytesIO(
            rem.reminder_docx(s, chart, r3))).paragraphs)
        assert "Ban Nội chính Tỉnh ủy Lai Châu phê bình" in body
        assert "đã được đôn đốc 3 lần" in body
        logged = s.scalars(select(EventRow).where(EventRow.action == rem.ACTION)).all()
        assert len(logged) == len(r1.units) + 2 * len(r2.units)
        one = next(e for e in logged if e.entity_id == f"{pid}/{r1.units[0].task_id}")
        assert one.after["level"] == "nhac_nho" and one.after["sender"] == "lai-chau.bnc"


def test_refuses_what_cannot_be_sent(store, chart) -> None:
    import pytest

    pid = make(store, chart)
    with store.read() as s:
        with pytest.raises(rem.ReminderError, match="không có cơ quan"):
            rem.late_units(s, chart, pid, DAY, "lai-chau.khong-co")
        with pytest.raises(rem.ReminderError, match="hạn mới"):
            rem.late_units(s, chart, pid, DAY, "lai-chau.bnc", new_deadline=DAY)
        early = rem.late_units(s, chart, pid, dt.date(2026, 1, 16), "lai-chau.bnc")
        with pytest.raises(rem.ReminderError, match="không có cơ quan, đơn vị nào chậm"):
            rem.reminder_spec(s, chart, early)
