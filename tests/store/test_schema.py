"""Migrations build the schema; the event log refuses changes even from raw SQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from cascade.store.db import Store, downgrade, resolve_url, upgrade
from cascade.store.rows import AppendOnlyError, EventRow, PlanTaskRow, log_event

TABLES = {"directives", "plans", "plan_tasks", "issued_documents", "number_registers",
          "number_allocations", "api_keys", "idempotency_records", "events",
          "alembic_version"}


def test_upgrade_creates_tables_and_is_repeatable(store: Store) -> None:
    assert set(inspect(store.engine).get_table_names()) >= TABLES
    store.upgrade()  # already at head: a no-op


def test_downgrade_then_upgrade(url: str) -> None:
    upgrade(url)
    downgrade(url)
    s = Store(url)
    assert set(inspect(s.engine).get_table_names()) <= {"alembic_version"}
    s.dispose()
    upgrade(url)


def test_events_are_append_only(store: Store) -> None:
    with store.write() as s:
        log_event(s, "tester", "create", "plan", 1, after={"id": 1})
    with store.write_sessions() as s:
        ev = s.query(EventRow).one()
        ev.actor = "someone else"
        with pytest.raises(AppendOnlyError):
            s.flush()
    for sql in ("UPDATE events SET actor = 'x'", "DELETE FROM events"):
        with pytest.raises(DBAPIError), store.write() as s:
            s.execute(text(sql))
    with store.read() as s:
        assert s.query(EventRow).one().actor == "tester"


def test_plan_task_round_trip(store: Store) -> None:
    from cascade.store.rows import DirectiveRow, PlanRow

    with store.write() as s:
        d = DirectiveRow(issuer_body_id="tw.bct", doc_type="KL", number="107", symbol="KL/TW",
                      date=dt.date(2024, 12, 24), title="về …", source={"a": 1})
        s.add(d)
        s.flush()
        p = PlanRow(directive_id=d.id, as_of=dt.date(2024, 12, 24))
        s.add(p)
        s.flush()
        s.add(PlanTaskRow(plan_id=p.id, id="lai-chau.btv", body_id="lai-chau.btv",
                       body_name="Ban Thường vụ Tỉnh ủy Lai Châu", province="lai-chau",
                       level="province", doc_type="CV", generation=1, parents=["directive"],
                       recipients=["Ủy ban nhân dân tỉnh Lai Châu"],
                       deadline=dt.date(2025, 1, 31)))
    with store.read() as s:
        t = s.query(PlanTaskRow).one()
        assert t.status == "pending" and t.parents == ["directive"]
        assert t.body_name.endswith("Lai Châu")


def test_resolve_url(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.delenv("TRIENKHAI_DB", raising=False)
    assert resolve_url(None) == "sqlite:///trienkhai.db"
    monkeypatch.setenv("TRIENKHAI_DB", "postgresql://u@h/db")
    assert resolve_url(None) == "postgresql+psycopg://u@h/db"
    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"


def test_migrations_match_the_models(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from cascade.store.rows import Base

    with store.engine.connect() as c:
        assert compare_metadata(MigrationContext.configure(c), Base.metadata) == []
