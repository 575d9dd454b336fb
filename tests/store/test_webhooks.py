"""The webhook outbox in the store: late tasks told once, backoff, giving up."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from cascade.store import webhooks as wh
from cascade.store.keys import create_key
from cascade.store.report import build_report
from cascade.store.rows import DeliveryRow, OutboxRow, utcnow

from .test_reminders import DAY, make


def test_late_tasks_are_told_once_each(store, chart) -> None:
    pid = make(store, chart)
    with store.write() as s:
        assert wh.emit_late(s, DAY) == 0  # nobody asks for task.late: nothing written
        key = create_key(s, "lai-chau.tu", "write")[0]
        hook = wh.register(s, key.id, "http://127.0.0.1:9/h", ["task.late"])
    with store.write() as s:
        n = wh.emit_late(s, DAY)
        assert n == build_report(s, pid, DAY)["totals"]["overdue"]
        assert wh.emit_late(s, DAY) == 0
    with store.write() as s:
        assert wh.emit_late(s, DAY + dt.timedelta(days=1)) == 0  # still the same tasks
        assert wh.fan_out(s, lambda h, ev: ev.body_id != "lai-chau.ubnd") == n - 1
        # plan.created and the issued tasks came before the webhook: not delivered
        events = {ev.event for ev in s.scalars(select(OutboxRow))}
        assert events == {"plan.created", "task.issued", "task.late"}
        assert {d.webhook_id for d in s.scalars(select(DeliveryRow))} == {hook.id}


def test_backoff_doubles_then_gives_up(store, chart) -> None:
    make(store, chart)
    with store.write() as s:
        key = create_key(s, "lai-chau.tu", "write")[0]
        wh.register(s, key.id, "http://127.0.0.1:9/h", ["task.issued", "plan.created"])
        s.add(OutboxRow(event="task.issued", plan_id=1, entity_id="1/x", body_id="x",
                        payload={}))
    with store.write() as s:
        assert wh.fan_out(s, lambda h, ev: True) == 1
        s.flush()
        now = utcnow()
        (d,) = wh.claim_due(s, now, dt.timedelta(seconds=30))
        assert wh.claim_due(s, now, dt.timedelta(seconds=30)) == []  # leased
        gaps = []
        for _ in range(3):
            row = wh.record_attempt(s, d, status=500, error="boom", now=now, backoff=2.0,
                                    max_attempts=4)
            gaps.append((row.next_at - now).total_seconds())
        assert gaps == [2.0, 4.0, 8.0] and row.status == "pending"
        row = wh.record_attempt(s, d, status=None, error="ConnectError", now=now,
                                backoff=2.0, max_attempts=4)
        assert row.status == "failed" and row.attempts == 4
