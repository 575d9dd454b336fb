"""Directives are stored once per identity; migration 0003 merges the copies older
versions made (one per plan) before it makes the identity unique."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from cascade.directive import load_directive
from cascade.store.db import Store, upgrade
from cascade.store.directives import DirectiveConflict, store_directive
from cascade.store.rows import DirectiveRow

KL107 = Path(__file__).resolve().parents[2] / "examples" / "kl-107.yaml"


def test_store_once_and_conflict(store: Store) -> None:
    doc = load_directive(KL107)
    with store.write() as s:
        row, created = store_directive(s, doc, "tw.bct", "TW", "107-KL/TW", "tester")
        assert created
    with store.write() as s:
        again, created = store_directive(s, doc, "tw.bct", "TW", "107-KL/TW", "tester")
        assert again.id == row.id and not created
    other = doc.model_copy(update={"summary": "về việc khác"})
    with pytest.raises(DirectiveConflict, match="nội dung khác") as e, store.write() as s:
        store_directive(s, other, "tw.bct", "TW", "107-KL/TW", "tester")
    assert e.value.existing_id == row.id
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(DirectiveRow)) == 1
        # the database itself refuses a second row of the same identity
    with pytest.raises(IntegrityError), store.write() as s:
        s.add(DirectiveRow(issuer_body_id="tw.bct", doc_type="KL", number="107", symbol="KL/TW",
                        date=dt.date(2024, 12, 24), title="x", source={}))
        s.flush()


def test_migration_merges_copies(url: str) -> None:
    upgrade(url, revision="0002")
    store = Store(url)
    insert_d = text("INSERT INTO directives (issuer_body_id, doc_type, number, symbol, date, "
                    "title, source, created_at) VALUES ('tw.bct', 'KL', '107', 'KL/TW', "
                    ":d, 't', '{}', :now)")
    insert_p = text("INSERT INTO plans (directive_id, as_of, scope, created_by, data, "
                    "created_at) VALUES (:d, :day, '[]', 'x', '{}', :now)")
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with store.write() as s:
        for day in (dt.date(2024, 12, 24), dt.date(2024, 12, 24), dt.date(2019, 12, 24)):
            s.execute(insert_d, {"d": day, "now": now})
        ids = [i for (i,) in s.execute(text("SELECT id FROM directives ORDER BY id"))]
        for d in ids:
            s.execute(insert_p, {"d": d, "day": dt.date(2026, 1, 15), "now": now})
    store.upgrade()
    with store.read() as s:
        left = [i for (i,) in s.execute(text("SELECT id FROM directives ORDER BY id"))]
        pointed = [d for (d,) in s.execute(text("SELECT directive_id FROM plans ORDER BY id"))]
    assert left == [ids[0], ids[2]]  # the copy merged into the oldest; 2019 is another one
    assert pointed == [ids[0], ids[0], ids[2]]
    store.dispose()
