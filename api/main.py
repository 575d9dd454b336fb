"""The HTTP service: org chart lookup, number registers, directives, plans and their
tasks for document-management systems, and the secretariats' dashboard under ``/web/``.

Every error is a problem-details JSON (RFC 9457, ``application/problem+json``) whose
``detail`` says what is wrong and, for bad input, an ``errors`` list naming each field.
Bad input gives 4xx, never 500. Every endpoint but ``/health`` needs an ``X-API-Key``
bound to a body: a key reads and writes only within its body's subtree.

POSTs that create or allocate honour ``Idempotency-Key``: the answer is stored in the same
transaction as the change, so a retry gets the same answer and allocates nothing new.
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from api import problems
from api.routes import (
    check,
    directives,
    drafts,
    edxml,
    events,
    health,
    ingest,
    intake,
    numbers,
    orgchart,
    plans,
    reminders,
    reports,
    results,
    tasks,
    webhooks,
)
from api.services import PlanCache, sweep_files
from api.web.pages import compile_templates
from api.web.router import router as web_router
from api.web.views import PlanFacts
from cascade.plan_rules import Rules, load_rules
from cascade.store.access import Access
from cascade.store.db import Store
from cascade.store.dispatch import Dispatcher
from cascade.store.keys import VerifiedKeys
from cascade.store.numbering import PartyTerms
from orgchart import Chart, load_chart

# in the order the OpenAPI document lists them
ROUTERS = (health, orgchart, numbers, plans, directives, tasks, events, reports, drafts,
           ingest, intake, check, reminders, results, webhooks, edxml)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The webhook dispatcher runs while the app serves."""
    app.state.webhooks.start()
    try:
        yield
    finally:
        app.state.webhooks.stop()


def create_app(db_url: str | None = None, chart: Chart | None = None,
               terms: PartyTerms | None = None, rules: Rules | None = None,
               files_dir: str | Path | None = None,
               key_cache_seconds: float = 5.0,
               webhook_backoff: float = 5.0) -> FastAPI:
    """The service over the store at ``db_url`` (migrated on start) and the chart.

    Signed files go under ``files_dir`` (default ``$TRIENKHAI_FILES`` or
    ``./trienkhai-files``), named by their SHA-256. A verified API key is trusted for
    ``key_cache_seconds`` without a database lookup (0: look it up on every request), so
    a key revoked elsewhere is refused within that time. Webhook deliveries run in a
    thread of their own while the app runs, retried after ``webhook_backoff`` × 2ⁿ⁻¹ s.
    """
    store = Store(db_url)
    store.upgrade()
    chart = chart if chart is not None else load_chart()
    _warm(chart)
    access = Access(chart)
    app = FastAPI(title="trienkhai", version="0.1.0",
                  description="Theo dõi và cấp số văn bản triển khai của hệ thống chính trị.",
                  responses=problems.problems(401, 403, 422), lifespan=lifespan)
    s = app.state
    s.webhooks = Dispatcher(store, access, backoff=webhook_backoff)
    s.store, s.chart, s.terms = store, chart, terms or PartyTerms.load()
    s.rules = rules or load_rules()
    s.files = Path(files_dir or os.environ.get("TRIENKHAI_FILES") or "trienkhai-files")
    sweep_files(store, s.files)  # what a crash or an unconfirmed preview left a day ago
    s.access, s.plans = access, PlanCache()
    s.verified_keys = VerifiedKeys(key_cache_seconds)
    problems.install(app)
    for module in ROUTERS:
        app.include_router(module.router)
    s.plan_facts = PlanFacts(chart)  # the dashboard's per-plan cache
    compile_templates()
    app.include_router(web_router)
    return app


def _warm(chart: Chart) -> None:
    """Build the chart's lazy parts (relation graphs, name index) before serving: they
    are not safe to build from several request threads at once (a racing thread gets an
    empty graph and keeps it), so a server builds them once, up front."""
    list(chart.graphs.values())
    chart.find("Bộ Chính trị", limit=1)


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (several workers): the URL from ``TRIENKHAI_DB``.

    (``gc.freeze()`` of the loaded chart was tried and measured: it made the API's p99
    at 200 requests/s four times worse, so the collector is left as it is.)"""
    return create_app(os.environ.get("TRIENKHAI_DB"))
