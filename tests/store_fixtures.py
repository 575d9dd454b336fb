"""Test helpers: a throw-away store on SQLite or in its own PostgreSQL schema, and a
task's numbered draft to upload.

PostgreSQL runs are isolated by schema (``search_path`` in the URL), so parallel or
repeated runs never see each other's tables. PG being absent is an error, not a skip.

Kept under ``tests/`` (imported as ``store_fixtures``: the root ``conftest.py`` puts this
folder on ``sys.path``) so that test helpers do not ship in the wheel.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

PG_ENV = "TRIENKHAI_TEST_PG"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pg_base_url() -> str:
    return os.environ.get(PG_ENV, PG_DEFAULT)


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A URL whose connections use a fresh schema; the schema is dropped afterwards."""
    base = pg_base_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as e:  # fail loudly: CI must have PostgreSQL
        admin.dispose()
        raise RuntimeError(f"PostgreSQL is required for these tests at {base} "
                           f"(set {PG_ENV}); start it with pg_ctlcluster: {e}") from e
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def db_url(kind: str, tmp_path: Path) -> Iterator[str]:
    """``kind`` is "sqlite" or "postgresql"."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
    elif kind == "postgresql":
        with pg_schema_url() as url:
            yield url
    else:  # pragma: no cover
        raise ValueError(kind)


def numbered_draft(store: Any, chart: Any, plan_id: int, task_id: str,
                   number: str | None = None, day: dt.date | None = None,
                   today: dt.date = dt.date(2026, 1, 15)) -> bytes:
    """A task's draft as the service renders it now, numbered and dated as the văn thư
    would before signing: what the ingest tests (API and dashboard) upload."""
    from cascade.compose import spec_for
    from cascade.drafts.build import render_draft
    from cascade.drafts.resolve_spec import resolve
    from cascade.plan_rules import load_rules
    from cascade.store.drafts import DraftContext
    from cascade.store.rows import PlanRow

    rules = load_rules()
    with store.read() as s:
        ctx = DraftContext(s, s.get(PlanRow, plan_id))
        t = ctx.tasks([task_id])[task_id]
        kids = ctx.children.get(task_id, [])
        tasks = dict(ctx.tasks([task_id, *t.parents, *kids]))
        spec = spec_for(ctx.plan_for([t]), t, rules, tasks, {task_id: kids})
        if number:
            spec = spec.model_copy(update={"number": number, "date": day})
        return render_draft(resolve(chart, spec, today=today),
                            dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC))
