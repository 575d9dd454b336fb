"""One row per directive: its identity (issuer, type, number, symbol, date) is unique.

Before this, every plan stored its own copy of the directive. Copies are merged into the
oldest row (plans re-pointed to it) before the constraint is added. The event log gets an
index on (entity, entity_id), by which a plan's or a task's history is read.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 15:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

IDENTITY = ("issuer_body_id", "doc_type", "number", "symbol", "date")


def upgrade() -> None:
    conn = op.get_bind()
    d = sa.table("directives", sa.column("id", sa.Integer),
                 *(sa.column(c) for c in IDENTITY))
    p = sa.table("plans", sa.column("id", sa.Integer), sa.column("directive_id", sa.Integer))
    first = sa.select(sa.func.min(d.c.id).label("keep"), *(d.c[c] for c in IDENTITY)) \
        .group_by(*(d.c[c] for c in IDENTITY)).having(sa.func.count() > 1)
    for row in conn.execute(first).mappings().all():
        same = sa.and_(*(d.c[c] == row[c] for c in IDENTITY), d.c.id != row["keep"])
        copies = [i for (i,) in conn.execute(sa.select(d.c.id).where(same))]
        conn.execute(p.update().where(p.c.directive_id.in_(copies))
                     .values(directive_id=row["keep"]))
        conn.execute(d.delete().where(d.c.id.in_(copies)))
    # a unique index, not a constraint: SQLite adds one without rebuilding the table
    op.create_index("uq_directive_identity", "directives", list(IDENTITY), unique=True)
    # a plan's or a task's history is read by entity id
    op.create_index("ix_events_entity", "events", ["entity", "entity_id"])


def downgrade() -> None:
    op.drop_index("ix_events_entity", table_name="events")
    op.drop_index("uq_directive_identity", table_name="directives")
