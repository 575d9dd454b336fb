"""Webhooks in the store: registrations, the outbox, deliveries and their attempts.

An event (a plan created, a task issued, a task late) is written to the outbox in the
transaction that caused it, so it exists exactly when the change does; nothing is sent
inside that transaction. The dispatcher (``dispatch``) fans each event out to the
webhooks that see it and posts it, retrying with backoff, after the commit: a receiver
that is down or slow never holds up the request that caused the event.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from .lateness import late_clause
from .rows import ApiKeyRow, DeliveryRow, OutboxRow, PlanTaskRow, WebhookRow, utcnow

EVENTS = ("plan.created", "task.issued", "task.late")
MAX_ATTEMPTS = 8
_FLAG = "trienkhai_webhooks"
_wakers: list[Callable[[], None]] = []


class WebhookError(ValueError):
    """Bad input for a webhook; the message starts with the field's name."""


NOT_FOUND_VI = {"webhook_id": "webhook", "delivery_id": "lần gửi sự kiện"}


class WebhookNotFound(LookupError):
    def __init__(self, what: str, n: int) -> None:
        super().__init__(f"{what}: khóa này không có {NOT_FOUND_VI.get(what, what)} mã {n}")


# ------------------------------------------------------------------ emitting
def emit(session: Session, event: str, plan_id: int, entity_id: str, body_id: str | None,
         payload: dict[str, Any]) -> None:
    """Put an event in the outbox, in the caller's transaction; the dispatcher is woken
    once it commits."""
    session.add(OutboxRow(event=event, plan_id=plan_id, entity_id=entity_id, body_id=body_id,
                          payload=payload))
    session.info[_FLAG] = True


@sa_event.listens_for(Session, "after_commit")
def _wake(session: Session) -> None:
    if session.info.pop(_FLAG, False):
        for wake in list(_wakers):
            wake()


def on_commit(wake: Callable[[], None]) -> Callable[[], None]:
    """Call ``wake`` after each commit that wrote an event; returns the undo."""
    _wakers.append(wake)
    return lambda: _wakers.remove(wake) if wake in _wakers else None


def emit_late(session: Session, today: dt.date, limit: int = 5000) -> int:
    """Outbox a ``task.late`` for each task late on ``today`` not yet told, when some
    webhook asks for them (lateness is computed, never stored: this is when it is seen)."""
    if not any("task.late" in h.events for h in active_hooks(session)):
        return 0
    told = set(session.scalars(select(OutboxRow.entity_id)
                               .where(OutboxRow.event == "task.late")))
    n = 0
    q = select(PlanTaskRow.plan_id, PlanTaskRow.id, PlanTaskRow.body_id,
               PlanTaskRow.body_name, PlanTaskRow.deadline, PlanTaskRow.status).where(
        late_clause(today)).order_by(PlanTaskRow.plan_id, PlanTaskRow.id)
    for r in session.execute(q):
        key = f"{r.plan_id}/{r.id}"
        if key in told:
            continue
        emit(session, "task.late", r.plan_id, key, r.body_id, {
            "plan_id": r.plan_id, "task_id": r.id, "body_id": r.body_id,
            "body_name": r.body_name, "deadline": r.deadline.isoformat(),
            "status": r.status, "as_of": today.isoformat(),
            "days_late": (today - r.deadline).days})
        n += 1
        if n >= limit:
            break
    return n


# ------------------------------------------------------------------ registrations
def register(session: Session, key_id: int, url: str, events: list[str]) -> WebhookRow:
    """A new webhook of the key, with a fresh secret (shown to the caller once)."""
    if not url.startswith(("http://", "https://")):
        raise WebhookError("url: phải là địa chỉ bắt đầu bằng http:// hoặc https://")
    unknown = sorted(set(events) - set(EVENTS))
    if unknown or not events:
        raise WebhookError(f"events: hãy chọn trong các sự kiện {', '.join(EVENTS)}"
                           + (f" (không có {', '.join(unknown)})" if unknown else ""))
    row = WebhookRow(key_id=key_id, url=url, events=list(dict.fromkeys(events)),
                     secret=secrets.token_hex(32))
    session.add(row)
    session.flush()
    return row


def hooks_of(session: Session, key_id: int) -> list[WebhookRow]:
    return list(session.scalars(select(WebhookRow).where(
        WebhookRow.key_id == key_id, WebhookRow.disabled_at.is_(None)).order_by(WebhookRow.id)))


def hook_of(session: Session, key_id: int, webhook_id: int) -> WebhookRow:
    h = session.get(WebhookRow, webhook_id)
    if h is None or h.key_id != key_id:
        raise WebhookNotFound("webhook_id", webhook_id)
    return h


def disable(session: Session, key_id: int, webhook_id: int) -> WebhookRow:
    h = hook_of(session, key_id, webhook_id)
    h.disabled_at = h.disabled_at or utcnow()
    return h


def active_hooks(session: Session) -> list[WebhookRow]:
    """Webhooks not disabled whose key is not revoked."""
    return list(session.scalars(select(WebhookRow).join(
        ApiKeyRow, ApiKeyRow.id == WebhookRow.key_id).where(
        WebhookRow.disabled_at.is_(None), ApiKeyRow.revoked_at.is_(None))))


def deliveries(session: Session, webhook_id: int, after: int = 0,
               limit: int = 100) -> list[tuple[DeliveryRow, OutboxRow]]:
    q = select(DeliveryRow, OutboxRow).join(OutboxRow, OutboxRow.id == DeliveryRow.outbox_id) \
        .where(DeliveryRow.webhook_id == webhook_id, DeliveryRow.id > after) \
        .order_by(DeliveryRow.id).limit(limit)
    return [(d, o) for d, o in session.execute(q)]


def replay(session: Session, key_id: int, webhook_id: int, delivery_id: int) -> DeliveryRow:
    """Send a delivered or failed event again: a new delivery, the old one kept."""
    hook_of(session, key_id, webhook_id)
    old = session.get(DeliveryRow, delivery_id)
    if old is None or old.webhook_id != webhook_id:
        raise WebhookNotFound("delivery_id", delivery_id)
    new = DeliveryRow(webhook_id=webhook_id, outbox_id=old.outbox_id, replay_of=old.id)
    session.add(new)
    session.flush()
    session.info[_FLAG] = True
    return new


# ------------------------------------------------------------------ dispatching
def fan_out(session: Session, sees: Callable[[WebhookRow, OutboxRow], bool],
            limit: int = 500) -> int:
    """Deliveries for the outbox's new events, one per webhook asking for the event and
    seeing it (``sees``: the key's reach); returns how many were made."""
    events = list(session.scalars(select(OutboxRow).where(OutboxRow.fanned_out.is_(False))
                                  .order_by(OutboxRow.id).limit(limit)))
    if not events:
        return 0
    hooks = active_hooks(session)
    made = 0
    for ev in events:
        for h in hooks:
            # a webhook hears what happens from its registration on, not before
            if ev.event in h.events and ev.at >= h.created_at and sees(h, ev):
                session.add(DeliveryRow(webhook_id=h.id, outbox_id=ev.id))
                made += 1
        ev.fanned_out = True
    return made


def pending_work(session: Session, now: dt.datetime, late: bool) -> dict[str, bool]:
    """What a dispatcher round has to do: events to fan out, deliveries due, and (when
    ``late``) a scan for newly late tasks, wanted only if some webhook asks for them."""
    events = session.scalars(select(OutboxRow.id).where(OutboxRow.fanned_out.is_(False))
                             .limit(1)).first() is not None
    due = session.scalars(select(DeliveryRow.id).where(
        DeliveryRow.status == "pending", DeliveryRow.next_at <= now).limit(1)).first()
    wants_late = late and any("task.late" in h.events for h in active_hooks(session))
    return {"events": events, "due": due is not None, "late": wants_late}


def claim_due(session: Session, now: dt.datetime, lease: dt.timedelta,
              limit: int = 50) -> list[int]:
    """Deliveries due now, leased to this dispatcher (another process skips them)."""
    ids = session.scalars(select(DeliveryRow.id).where(
        DeliveryRow.status == "pending", DeliveryRow.next_at <= now,
        or_(DeliveryRow.lease_until.is_(None), DeliveryRow.lease_until < now))
        .order_by(DeliveryRow.next_at, DeliveryRow.id).limit(limit)).all()
    mine = []
    for i in ids:
        got = session.execute(update(DeliveryRow).where(
            DeliveryRow.id == i, or_(DeliveryRow.lease_until.is_(None),
                                     DeliveryRow.lease_until < now))
            .values(lease_until=now + lease))
        if got.rowcount == 1:  # type: ignore[attr-defined]
            mine.append(i)
    return mine


def record_attempt(session: Session, delivery_id: int, *, status: int | None,
                   error: str | None, now: dt.datetime, backoff: float,
                   max_attempts: int = MAX_ATTEMPTS) -> DeliveryRow:
    """The outcome of one POST: delivered on 2xx; else retried after ``backoff`` × 2ⁿ⁻¹
    seconds, given up after ``max_attempts``."""
    d = session.get(DeliveryRow, delivery_id)
    assert d is not None
    d.attempts += 1
    d.last_status, d.last_error, d.lease_until = status, error, None
    if status is not None and 200 <= status < 300:
        d.status, d.delivered_at = "delivered", now
    elif d.attempts >= max_attempts:
        d.status = "failed"
    else:
        d.next_at = now + dt.timedelta(seconds=backoff * 2 ** (d.attempts - 1))
    return d
