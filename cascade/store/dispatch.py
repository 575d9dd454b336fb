"""The webhook dispatcher: a thread of the service that posts the outbox's events.

Each POST carries the event as JSON and is signed: ``X-Trienkhai-Signature: sha256=<hex>``
is HMAC-SHA256 with the webhook's secret over ``<timestamp>.<body>``, the timestamp (Unix
seconds) in ``X-Trienkhai-Timestamp``, so a receiver can refuse an old or altered body.
``X-Trienkhai-Delivery`` names the attempt's delivery, the body's ``id`` the event (a
replay or a retry carries the same ``id``: a receiver deduplicates on it).

It wakes when a transaction that wrote an event commits and otherwise every ``poll``
seconds (retries that came due, tasks that became late); the requests never wait for it.
Deliveries are leased before they are posted, so servers with several workers do not
post one twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import orjson
from sqlalchemy import select

from orgchart.days import today as vn_today

from . import webhooks as wh
from .access import Access
from .db import Store
from .keys import Principal
from .rows import ApiKeyRow, DeliveryRow, OutboxRow, PlanRow, PlanTaskRow, WebhookRow, utcnow

log = logging.getLogger(__name__)
USER_AGENT = "trienkhai-webhooks/1"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>``: what a receiver recomputes to trust a delivery."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def message(ev: OutboxRow) -> bytes:
    return orjson.dumps({"id": ev.id, "event": ev.event, "at": ev.at.isoformat(),
                         "data": ev.payload})


class Dispatcher:
    """Fans out and posts webhook deliveries in the background."""

    def __init__(self, store: Store, access: Access, *, backoff: float = 5.0,
                 max_attempts: int = wh.MAX_ATTEMPTS, timeout: float = 10.0,
                 poll: float = 2.0, late_every: float = 60.0, workers: int = 4) -> None:
        self.store, self.access = store, access
        self.backoff, self.max_attempts, self.timeout = backoff, max_attempts, timeout
        self.poll, self.late_every = poll, late_every
        self.workers = workers
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._undo = lambda: None
        self._last_late = 0.0
        self._plans: dict[int, tuple[PlanRow, frozenset[str]]] = {}

    # -------------------------------------------------------------- life
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="webhook")
        self._undo = wh.on_commit(self._wake.set)
        self._thread = threading.Thread(target=self._run, name="webhooks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._undo()
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # keep the thread: the next round retries
                log.exception("webhook dispatch failed")
            self._wake.wait(self.poll)
            self._wake.clear()

    # -------------------------------------------------------------- one round
    def run_once(self) -> int:
        """Fan out new events, outbox newly late tasks now and then, post what is due;
        returns how many deliveries were posted."""
        late = time.monotonic() - self._last_late >= self.late_every
        with self.store.read() as s:  # most rounds find nothing: no write transaction
            work = wh.pending_work(s, utcnow(), late)
        if not any(work.values()):
            return 0
        if work["late"] or work["events"]:
            with self.store.write() as s:
                if work["late"]:
                    self._last_late = time.monotonic()
                    wh.emit_late(s, vn_today())
                wh.fan_out(s, self.sees)
        with self.store.write() as s:
            due = wh.claim_due(s, utcnow(), dt.timedelta(seconds=self.timeout * 3))
        if self._pool is None:  # run by hand (tests, a CLI): post in this thread
            for i in due:
                self._post(i)
        else:
            for f in [self._pool.submit(self._post, i) for i in due]:
                f.result()
        return len(due)

    def sees(self, hook: WebhookRow, ev: OutboxRow) -> bool:
        """The webhook's key reaches the event: the task's body, or a task of the plan."""
        with self.store.read() as s:
            key = s.get(ApiKeyRow, hook.key_id)
            if key is None:
                return False
            plan, bodies = self._plan(s, ev.plan_id)
        caller = self.access.caller(Principal(key.id, key.prefix, key.body_id, key.scope))
        if ev.body_id is not None:
            return caller.covers(ev.body_id, plan.as_of)
        visible = caller.visible(plan)
        return visible is None or not bodies.isdisjoint(visible)

    def _plan(self, s: Any, plan_id: int) -> tuple[PlanRow, frozenset[str]]:
        hit = self._plans.get(plan_id)
        if hit is None:
            plan = s.get(PlanRow, plan_id)
            s.expunge(plan)
            bodies = frozenset(s.scalars(select(PlanTaskRow.body_id)
                                         .where(PlanTaskRow.plan_id == plan_id)))
            hit = self._plans[plan_id] = (plan, bodies)
        return hit

    def _post(self, delivery_id: int) -> None:
        with self.store.read() as s:
            d = s.get(DeliveryRow, delivery_id)
            hook = s.get(WebhookRow, d.webhook_id) if d else None
            ev = s.get(OutboxRow, d.outbox_id) if d else None
        if d is None or hook is None or ev is None:  # pragma: no cover - rows are kept
            return
        body = message(ev)
        ts = str(int(time.time()))
        headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
                   "X-Trienkhai-Event": ev.event, "X-Trienkhai-Delivery": str(d.id),
                   "X-Trienkhai-Timestamp": ts,
                   "X-Trienkhai-Signature": signature(hook.secret, ts, body)}
        status, error = None, None
        try:
            r = httpx.post(hook.url, content=body, headers=headers, timeout=self.timeout)
            status = r.status_code
            if not 200 <= status < 300:
                error = r.text[:500]
        except httpx.HTTPError as e:
            error = f"{type(e).__name__}: {e}"[:500]
        with self.store.write() as s:
            wh.record_attempt(s, delivery_id, status=status, error=error, now=utcnow(),
                              backoff=self.backoff, max_attempts=self.max_attempts)
