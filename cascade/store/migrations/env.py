"""Alembic environment: always run on the connection ``cascade.store.db.upgrade`` passes."""

from __future__ import annotations

from alembic import context

from cascade.store.rows import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only programmatic use is supported
    raise RuntimeError("run migrations through cascade.store.db.upgrade(url)")

context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
