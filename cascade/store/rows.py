"""Tables of the tracking store: what was planned, what was issued, who numbered what.

Task ids are the planner's own (stable within a plan), so a task's key is (plan_id, id).
The event log is append-only: the migration installs triggers that refuse UPDATE and
DELETE on ``events`` in both SQLite and PostgreSQL, and the ORM refuses them too.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on both backends (SQLite would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


class Base(DeclarativeBase):
    pass


class TaskStatus(StrEnum):
    """A plan task's status: the one list the store, the report and the API share."""

    pending = "pending"
    drafted = "drafted"
    issued = "issued"
    exempt = "exempt"


TASK_STATUSES = tuple(s.value for s in TaskStatus)


class DirectiveRow(Base):
    """The upper document a cascade starts from (KL 107-KL/TW …), as the clerk wrote it."""

    __tablename__ = "directives"
    __table_args__ = (Index("uq_directive_identity", "issuer_body_id", "doc_type", "number",
                            "symbol", "date", unique=True),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issuer_body_id: Mapped[str] = mapped_column(String(100))
    doc_type: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(20))
    symbol: Mapped[str] = mapped_column(String(60))
    date: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(Text)
    source: Mapped[dict[str, Any]] = mapped_column(JSON)  # the YAML/JSON as submitted
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PlanRow(Base):
    """One cascade planned from a directive over the chart as at ``as_of``."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id"))
    as_of: Mapped[dt.date] = mapped_column(Date)
    scope: Mapped[list[Any]] = mapped_column(JSON, default=list)  # province ids; []: all
    created_by: Mapped[str | None] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # planner's extras
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PlanTaskRow(Base):
    """One implementing document a body owes; columns follow the planner's JSON."""

    __tablename__ = "plan_tasks"
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    body_id: Mapped[str] = mapped_column(String(100), index=True)
    body_name: Mapped[str] = mapped_column(Text)
    province: Mapped[str | None] = mapped_column(String(100), index=True)
    level: Mapped[str] = mapped_column(String(20), index=True)
    doc_type: Mapped[str] = mapped_column(String(20))
    generation: Mapped[int] = mapped_column(Integer)
    parents: Mapped[list[Any]] = mapped_column(JSON, default=list)  # task ids or "directive"
    recipients: Mapped[list[Any]] = mapped_column(JSON, default=list)  # names
    requested: Mapped[list[Any]] = mapped_column(JSON, default=list)  # names (đề nghị)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    exempt_reason: Mapped[str | None] = mapped_column(Text)
    number: Mapped[str | None] = mapped_column(String(20))
    date: Mapped[dt.date | None] = mapped_column(Date)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the planner's task


class IssuedDocumentRow(Base):
    """A signed document as recorded by the văn thư; identity = number + symbol + date."""

    __tablename__ = "issued_documents"
    __table_args__ = (
        ForeignKeyConstraint(["plan_id", "task_id"], ["plan_tasks.plan_id", "plan_tasks.id"]),
        UniqueConstraint("body_id", "number", "symbol", "date", name="uq_issued_identity"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body_id: Mapped[str] = mapped_column(String(100), index=True)
    number: Mapped[str] = mapped_column(String(20))
    symbol: Mapped[str] = mapped_column(String(60))
    date: Mapped[dt.date] = mapped_column(Date)
    signer: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(Text)
    file_path: Mapped[str | None] = mapped_column(Text)  # where the signed file is kept
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    plan_id: Mapped[int | None] = mapped_column(Integer)
    task_id: Mapped[str | None] = mapped_column(String(200))
    allocation_id: Mapped[int | None] = mapped_column(ForeignKey("number_allocations.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class NumberRegisterRow(Base):
    """A numbering series (sổ đăng ký văn bản đi).

    State: one per body and calendar year (period "2026", series ""); Party: one per body,
    committee term and document type (period "2025-2030", series "KH").
    """

    __tablename__ = "number_registers"
    __table_args__ = (UniqueConstraint("body_id", "system", "period", "series",
                                       name="uq_register"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body_id: Mapped[str] = mapped_column(String(100))
    system: Mapped[str] = mapped_column(String(20))  # "party" or "state"
    period: Mapped[str] = mapped_column(String(20))
    series: Mapped[str] = mapped_column(String(20), default="")
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class NumberAllocationRow(Base):
    """Every number handed out; a number is never reused, only cancelled with a reason."""

    __tablename__ = "number_allocations"
    __table_args__ = (UniqueConstraint("register_id", "number", name="uq_allocation"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    register_id: Mapped[int] = mapped_column(ForeignKey("number_registers.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    doc_type: Mapped[str] = mapped_column(String(20))
    symbol: Mapped[str | None] = mapped_column(String(60))
    date: Mapped[dt.date] = mapped_column(Date)
    allocated_by: Mapped[str | None] = mapped_column(String(200))
    allocated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class ApiKeyRow(Base):
    """An API key bound to a body (and its subtree); only a salted scrypt hash is kept."""

    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    prefix: Mapped[str] = mapped_column(String(32), unique=True)  # public part, for lookup
    salt: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(128))
    body_id: Mapped[str] = mapped_column(String(100))
    scope: Mapped[str] = mapped_column(String(10))  # "read" or "write"
    label: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class IdempotencyRow(Base):
    """The stored answer to a create/allocate POST, replayed when the client retries."""

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("principal", "key", name="uq_idempotency"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    principal: Mapped[str] = mapped_column(String(64))  # the API key's prefix
    key: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(Text)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class EventRow(Base):
    """Append-only log: who changed what, when, with the row before and after."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(200))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete a logged event."""


@event.listens_for(Session, "before_flush")
def _events_append_only(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, EventRow):
            raise AppendOnlyError("the event log is append-only")


def log_event(session: Session, actor: str, action: str, entity: str, entity_id: str | int,
              before: dict[str, Any] | None = None,
              after: dict[str, Any] | None = None) -> EventRow:
    """Add an event to the caller's transaction, so it commits or rolls back with the change."""
    ev = EventRow(actor=actor, action=action, entity=entity, entity_id=str(entity_id),
               before=before, after=after)
    session.add(ev)
    return ev


class WebSessionRow(Base):
    """A dashboard sign-in: only the SHA-256 of the cookie's token is kept, so a copy of
    the database cannot be replayed as a cookie; it lives no longer than its API key."""

    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class WebhookRow(Base):
    """A URL a write key registered for some events; deliveries are signed with
    ``secret`` (kept as is: the receiver checks the signature with the same secret)."""

    __tablename__ = "webhooks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    events: Mapped[list[Any]] = mapped_column(JSON)
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class OutboxRow(Base):
    """An event that happened, written in the transaction that caused it; the dispatcher
    turns it into deliveries (one per webhook that sees it) after the commit."""

    __tablename__ = "webhook_outbox"
    __table_args__ = (Index("ix_webhook_outbox_pending", "fanned_out", "id"),
                      Index("ix_webhook_outbox_entity", "event", "entity_id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event: Mapped[str] = mapped_column(String(50))
    plan_id: Mapped[int] = mapped_column(Integer)
    entity_id: Mapped[str] = mapped_column(String(200))  # "12" or "12/lai-chau.ubnd"
    body_id: Mapped[str | None] = mapped_column(String(100))  # the task's; None: the plan
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    fanned_out: Mapped[bool] = mapped_column(Boolean, default=False)


class DeliveryRow(Base):
    """One POST of an event to one webhook: tried until it answers 2xx or gives up,
    every attempt's outcome kept; a replay is a new row with the same event."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id"), index=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("webhook_outbox.id"))
    status: Mapped[str] = mapped_column(String(20), default="pending")  # delivered, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    replay_of: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
