"""The HTTP service: org chart lookup, number registers, and (as they land) plans.

Every error is a problem-details JSON (RFC 9457, ``application/problem+json``) whose
``detail`` says what is wrong and, for bad input, an ``errors`` list naming each field.
Bad input gives 4xx, never 500. Every endpoint but ``/health`` needs an ``X-API-Key``
bound to a body: a key reads and writes only within its body's subtree.

POSTs that create or allocate honour ``Idempotency-Key``: the answer is stored in the same
transaction as the change, so a retry gets the same answer and allocates nothing new.
"""

# no `from __future__ import annotations`: FastAPI must see the closures in Depends()
import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import AsyncIterator, Callable
from functools import lru_cache
from pathlib import Path as FsPath
from typing import Annotated, Any, Literal

import orjson
import yaml
from fastapi import Depends, FastAPI, File, Form, Header, Path, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from cascade.directive import DIRECTIVE_TYPES, DirectiveError, parse_directive
from cascade.directive import Directive as DirectiveDoc
from cascade.layout.profile import choose_profile, load_profile
from cascade.layout.rules import reference
from cascade.plan_rules import Rules, load_rules
from cascade.planner import PlanError
from cascade.planner import plan as make_plan
from cascade.store.access import covers, subtree_ids
from cascade.store.db import Store
from cascade.store.directives import DirectiveConflict, load_source, store_directive
from cascade.store.drafts import DraftContext, zip_drafts
from cascade.store.keys import Principal, VerifiedKeys, authenticate
from cascade.store.lateness import with_lateness
from cascade.store.numbering import (
    Allocation,
    Conflict,
    NotFound,
    NumberingError,
    PartyTerms,
    allocate_in,
    cancel_in,
    get_allocation,
)
from cascade.store.plans import (
    PlanInfo,
    TaskConflict,
    TaskError,
    TaskFilter,
    TaskNotFound,
    get_task,
    plan_summary,
    record_issued,
    save_plan,
    set_status,
    task_page,
    task_rows,
)
from cascade.store.progress import directive_progress
from cascade.store.report import build_report, report_csv, report_xlsx
from cascade.store.rows import (
    DirectiveRow,
    EventRow,
    IdempotencyRow,
    PlanRow,
    PlanTaskRow,
    TaskStatus,
)
from orgchart import Body, Chart, Level, UnknownBody, load_chart
from orgchart.export import body_json

PROBLEM = "application/problem+json"
TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
          405: "Method Not Allowed", 409: "Conflict", 413: "Content Too Large",
          415: "Unsupported Media Type", 422: "Unprocessable Content",
          500: "Internal Server Error"}


class Problem(Exception):
    """An error to answer with: status, a clear detail, and the fields at fault."""

    def __init__(self, status: int, detail: str,
                 errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors


def problem_response(status: int, detail: str, instance: str,
                     errors: list[dict[str, Any]] | None = None,
                     headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": TITLES.get(status, "Error"),
                            "status": status, "detail": detail, "instance": instance}
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


class ProblemModel(BaseModel):
    """Problem details (RFC 9457)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str
    errors: list[dict[str, Any]] | None = None


def _problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"model": ProblemModel, "content": {PROBLEM: {}},
                "description": TITLES.get(c, "Error")} for c in codes}


# ------------------------------------------------------------------ models
NUL = "\x00"


class _Input(BaseModel):
    """Request bodies: unknown keys refused; no NUL characters (PostgreSQL cannot store
    them, and no clerk types one)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, v: Any) -> Any:
        if isinstance(v, str) and NUL in v:
            raise ValueError("must not contain a NUL character")
        return v


def _nul_path(data: Any, path: str = "") -> str | None:
    """The first place in parsed JSON/YAML holding a NUL character, or None."""
    if isinstance(data, str):
        return path or "body" if NUL in data else None
    if isinstance(data, dict):
        for k, v in data.items():
            where = f"{path}.{k}" if path else str(k)
            if NUL in str(k):
                return where
            if (hit := _nul_path(v, where)) is not None:
                return hit
    if isinstance(data, list):
        for i, v in enumerate(data):
            if (hit := _nul_path(v, f"{path}.{i}" if path else str(i))) is not None:
                return hit
    return None


class BodyOut(BaseModel):
    """A body of the org chart, as ``trienkhai orgchart find --json`` prints it."""

    model_config = ConfigDict(extra="allow")
    id: str
    name: str
    short_name: str | None = None
    kind: str
    system: str
    level: str
    province: str | None = None
    province_id: str | None = None
    header: list[str]
    symbol: str | None = None


class AllocateIn(_Input):
    """Ask for the next number of the body's register."""

    model_config = ConfigDict(extra="forbid")
    body_id: str = Field(min_length=1, max_length=100, examples=["lai-chau.ubnd"])
    doc_type: str = Field(min_length=1, max_length=10, pattern=r"^[A-Za-zĐđ]+$",
                          description="Type code: KH, CV, HD, QĐ … (CV: công văn)",
                          examples=["KH"])
    date: dt.date | None = Field(None, description="Date of signature; default: today")
    term: str | None = Field(None, max_length=20, pattern=r"^[0-9A-Za-z./-]+$",
                             description="Party committee term, e.g. 2025-2030; "
                                         "default: from the date and the body's level")
    series: str | None = Field(None, max_length=20,
                               description="State only: a separate series (e.g. QĐ) "
                                           "when the head keeps one per type")
    symbol: str | None = Field(None, min_length=1, max_length=60,
                               description="Symbol after the number; default from the "
                                           "body and type (KH-UBND, CV/TU); a công văn's "
                                           "unit code (UBND-TH) must be given")


class CancelIn(_Input):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=2000, examples=["Văn bản không ban hành"])


class AllocationOut(BaseModel):
    id: int
    register_id: int
    body_id: str
    system: str
    period: str
    series: str
    number: int
    number_text: str
    doc_type: str
    symbol: str | None
    reference: str | None
    date: dt.date
    cancelled: bool
    cancel_reason: str | None



class DirectiveOut(BaseModel):
    id: int
    issuer_id: str
    issuer_name: str | None
    type: str
    number: str
    date: dt.date
    summary: str


class PlanOut(BaseModel):
    id: int
    as_of: dt.date
    scope: list[str]
    created_at: dt.datetime
    created_by: str | None
    directive: DirectiveOut
    tasks: int
    by_status: dict[str, int]


class TaskOut(BaseModel):
    id: str
    body_id: str
    body_name: str
    province: str | None
    level: str
    doc_type: str
    generation: int
    parents: list[str]
    recipients: list[str]
    requested: list[str]
    deadline: dt.date | None
    status: TaskStatus
    exempt_reason: str | None
    number: str | None
    date: dt.date | None
    overdue: bool
    days_late: int


TASK_FIELDS = [k for k in TaskOut.model_fields if k not in ("overdue", "days_late")]


class TaskPage(BaseModel):
    plan_id: int
    as_of: dt.date = Field(description="Day overdue is computed against")
    total: int
    offset: int
    tasks: list[TaskOut]


class StatusIn(_Input):
    """A status change: drafted, back to pending, or exempt with its reason."""

    model_config = ConfigDict(extra="forbid")
    status: Literal["pending", "drafted", "exempt"]
    reason: str | None = Field(None, max_length=2000,
                               description="Required for exempt: why no document is due")


class IssuedOut(BaseModel):
    id: int
    plan_id: int | None
    task_id: str | None
    body_id: str
    number: str
    symbol: str
    date: dt.date
    signer: str | None
    file_name: str | None
    file_sha256: str | None
    allocation_id: int | None


class Counts(BaseModel):
    pending: int
    drafted: int
    issued: int
    exempt: int
    overdue: int
    total: int


class ProvinceCounts(Counts):
    province: str | None
    province_name: str | None


class LevelCounts(Counts):
    level: str


class OverdueUnit(BaseModel):
    task_id: str
    body_id: str
    body_name: str
    province: str | None
    level: str
    deadline: dt.date
    days_late: int
    status: TaskStatus


class ReportOut(BaseModel):
    plan_id: int
    as_of: dt.date
    totals: Counts
    by_province: list[ProvinceCounts]
    by_level: list[LevelCounts]
    overdue: list[OverdueUnit]


class Progress(Counts):
    """Counts by status as the key sees them; ``due`` is every task but the exempt ones."""

    due: int


class PlanProgress(Progress):
    """One plan of a directive as the key sees it."""

    id: int
    as_of: dt.date
    scope: list[str]


class DirectiveItem(DirectiveOut, Progress):
    """A directive with the summed progress of the plans the key sees."""

    type_name: str = Field(description="The type as cited: Kết luận, Nghị quyết …")
    created_at: dt.datetime
    plans: list[PlanProgress]


class DirectiveDetail(DirectiveItem):
    source: dict[str, Any] = Field(description="The directive as registered (YAML as JSON)")


class EventOut(BaseModel):
    """An entry of the append-only log: who changed what, when, before and after."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class EventPage(BaseModel):
    plan_id: int
    events: list[EventOut]
    next_after: int | None = Field(description="Pass as ?after= for the next page; "
                                                "null when this page is the last")


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 50_000_000
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml",
              "text/plain")
MAX_DIRECTIVE_BYTES = 1_000_000


class _YamlLoader(yaml.SafeLoader):
    """Safe YAML with dates left as text: pydantic then checks them and names the field."""


_YamlLoader.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
DIRECTIVE_BODY = {"requestBody": {"required": True, "description": (
    "The directive (issuer, type, number, date, summary, tasks …) as in "
    "examples/kl-107.yaml, in YAML or JSON"), "content": {
        "application/json": {"schema": {"type": "object"}},
        "application/yaml": {"schema": {"type": "string"}}}}}


# ------------------------------------------------------------------ parameters
ChartDay = Annotated[dt.date | None, Query(
    description="Chart as at (YYYY-MM-DD); default: the directive's date")]
Scope = Annotated[list[str] | None, Query(
    max_length=63, description="Province ids (lai-chau …); default: the directive's "
                               "scope, else the whole country")]
IdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", max_length=200,
    description="Retry-safe key: a retry returns the same answer and changes nothing more")]

# ------------------------------------------------------------------ app
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False,
                              description="API key from `trienkhai keys create`")


def create_app(db_url: str | None = None, chart: Chart | None = None,
               terms: PartyTerms | None = None, rules: Rules | None = None,
               files_dir: str | FsPath | None = None,
               key_cache_seconds: float = 5.0) -> FastAPI:
    """The service over the store at ``db_url`` (migrated on start) and the chart.

    Signed files go under ``files_dir`` (default ``$TRIENKHAI_FILES`` or
    ``./trienkhai-files``), named by their SHA-256. A verified API key is trusted for
    ``key_cache_seconds`` without a database lookup (0: look it up on every request), so
    a key revoked elsewhere is refused within that time.
    """
    files = FsPath(files_dir or os.environ.get("TRIENKHAI_FILES") or "trienkhai-files")
    store = Store(db_url)
    store.upgrade()
    chart = chart if chart is not None else load_chart()
    _warm(chart)
    terms = terms or PartyTerms.load()
    rules = rules or load_rules()
    app = FastAPI(title="trienkhai", version="0.1.0",
                  description="Theo dõi và cấp số văn bản triển khai của hệ thống chính trị.",
                  responses=_problems(401, 403, 422))
    app.state.store, app.state.chart, app.state.terms = store, chart, terms
    _install_error_handlers(app)

    async def read_session() -> AsyncIterator[Session]:
        """The request's read session. Async on purpose: opening one touches no database
        (the connection is taken on first use, in the endpoint's thread) and closing it
        is a rollback of a read, so neither is worth two trips through the thread pool."""
        with store.read() as s:
            yield s

    def check_key(s: Session, key: str | None) -> Principal:
        if not key:
            raise Problem(401, "X-API-Key: header missing; create a key with "
                               "`trienkhai keys create`")
        p = authenticate(s, key)
        if p is None:
            raise Problem(401, "X-API-Key: unknown, malformed or revoked key")
        return p

    verified = app.state.verified_keys = VerifiedKeys(key_cache_seconds)

    async def principal(key: Annotated[str | None, Depends(api_key_header)],
                        s: Annotated[Session, Depends(read_session)]) -> Principal:
        """A reader. Async so that a key verified moments ago costs no trip through the
        thread pool; otherwise it is checked in the request's own read session (FastAPI
        hands the endpoint the same one), so a read request holds one connection."""
        p = verified.get(key)
        if p is None:
            p = await run_in_threadpool(check_key, s, key)
            verified.put(key or "", p)
        return p

    def check_key_apart(key: str | None) -> Principal:
        with store.read() as s:
            return check_key(s, key)

    async def writer(key: Annotated[str | None, Depends(api_key_header)]) -> Principal:
        """A writer: the key is checked in a read session closed at once, so the request
        never holds a read connection while it waits for a write one (with the pool
        exhausted, that wait would never end)."""
        p = verified.get(key)
        if p is None:
            p = await run_in_threadpool(check_key_apart, key)
            verified.put(key or "", p)
        if not p.can("write"):
            raise Problem(403, f"X-API-Key: key {p.prefix} is read-only")
        return p

    def get_body(body_id: str, day: dt.date | None, field: str) -> Body:
        if not chart.has(body_id, day):
            try:
                chart.body(body_id, day)
            except UnknownBody as e:
                raise Problem(404, f"{field}: {e}") from None
            raise Problem(404, f"{field}: no body {body_id!r}")  # pragma: no cover
        return chart.body(body_id, day)

    def require_covers(p: Principal, body_id: str, day: dt.date | None) -> None:
        if not covers(chart, p.body_id, body_id, day):
            raise Problem(403, f"body_id: key {p.prefix} is bound to {p.body_id} and does "
                               f"not cover {body_id}")

    # ---------------------------------------------------------------- health
    @app.get("/health", tags=["service"], summary="Liveness and database check")
    def health() -> dict[str, str]:
        with store.read() as s:
            s.execute(select(1))
        return {"status": "ok"}

    # ---------------------------------------------------------------- org chart
    @app.get("/orgchart/bodies", tags=["orgchart"], response_model=list[BodyOut],
             summary="Find bodies by name or id (tolerant of Vietnamese spelling variants)")
    def find_bodies(
        who: Annotated[Principal, Depends(principal)],
        q: Annotated[str, Query(min_length=1, max_length=200,
                                description="Name or id, e.g. 'UBND tỉnh Lai Châu'")],
        as_of: Annotated[dt.date | None, Query(description="Chart as at (YYYY-MM-DD)")] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> list[dict[str, Any]]:
        day = as_of or dt.date.today()
        return [body_json(chart, b, day) for b in chart.find(q, as_of=day, limit=limit)]

    @app.get("/orgchart/bodies/{body_id}", tags=["orgchart"], response_model=BodyOut,
             responses=_problems(404), summary="One body of the org chart")
    def get_body_ep(
        who: Annotated[Principal, Depends(principal)],
        body_id: Annotated[str, Path(min_length=1, max_length=100)],
        as_of: Annotated[dt.date | None, Query(description="Chart as at (YYYY-MM-DD)")] = None,
    ) -> dict[str, Any]:
        day = as_of or dt.date.today()
        return body_json(chart, get_body(body_id, day, "body_id"), day)

    # ---------------------------------------------------------------- numbers
    def numbering_body(b: Body, day: dt.date) -> Body:
        """A BTV numbers in its committee's register (it uses the committee's code)."""
        if b.kind == "standing_board":
            for c in chart.reports_to(b.id, day):
                if c.kind == "party_committee" and c.symbol == b.symbol:
                    return c
        return b

    def default_symbol(b: Body, doc_type: str) -> str | None:
        if not b.symbol:
            return None
        if b.system == "party":
            return f"{doc_type}/{b.symbol}"
        return None if doc_type.upper() == "CV" else f"{doc_type}-{b.symbol}"

    @app.post("/numbers", tags=["numbers"], status_code=201, response_model=AllocationOut,
              responses=_problems(404, 409),
              summary="Allocate the next number of a body's register")
    def allocate_number(
        request: Request,
        payload: AllocateIn,
        p: Annotated[Principal, Depends(writer)],
        idempotency_key: Annotated[str | None, Header(
            alias="Idempotency-Key", max_length=200,
            description="Retry-safe key: a retry returns the same number")] = None,
    ) -> Any:
        day = payload.date or dt.date.today()
        b = get_body(payload.body_id, day, "body_id")
        require_covers(p, b.id, day)
        if not b.issues:
            raise Problem(422, f"body_id: {b.name} does not issue documents",
                          [{"field": "body_id", "message": "body does not issue documents"}])
        nb = numbering_body(b, day)
        system = "party" if nb.system == "party" else "state"
        if system == "state" and payload.term:
            raise Problem(422, "term: only Party registers run by committee term",
                          [{"field": "term", "message": "not allowed for State bodies"}])
        if system == "party" and payload.series:
            raise Problem(422, "series: Party registers are per document type already",
                          [{"field": "series", "message": "not allowed for Party bodies"}])
        symbol = payload.symbol or default_symbol(b, payload.doc_type)

        def do(s: Session) -> tuple[int, dict[str, Any]]:
            a = allocate_in(s, nb.id, system, payload.doc_type, day, payload.term,
                            level=nb.level, series=payload.series, symbol=symbol,
                            actor=f"key:{p.prefix}", terms=terms)
            return 201, allocation_json(a)

        return idempotent(request, p, idempotency_key, payload.model_dump(mode="json"), do)

    @app.get("/numbers/{allocation_id}", tags=["numbers"], response_model=AllocationOut,
             responses=_problems(404), summary="One allocated number")
    def read_number(
        allocation_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        p: Annotated[Principal, Depends(principal)],
        s: Annotated[Session, Depends(read_session)],
    ) -> Any:
        a = _get_allocation(s, allocation_id)
        require_covers(p, a.body_id, None)
        return allocation_json(a)

    @app.post("/numbers/{allocation_id}/cancel", tags=["numbers"],
              response_model=AllocationOut, responses=_problems(404, 409),
              summary="Cancel a number that will not be used (recorded with its reason)")
    def cancel_number(
        request: Request,
        allocation_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        payload: CancelIn,
        p: Annotated[Principal, Depends(writer)],
        idempotency_key: IdempotencyKey = None,
    ) -> Any:
        def do(s: Session) -> tuple[int, dict[str, Any]]:
            a = _get_allocation(s, allocation_id)
            require_covers(p, a.body_id, None)
            try:
                return 200, allocation_json(cancel_in(s, allocation_id, payload.reason,
                                                      actor=f"key:{p.prefix}"))
            except NumberingError as e:
                raise Problem(422, str(e), [{"field": "reason", "message": str(e)}]) from None
            except Conflict as e:
                raise Problem(409, f"allocation {allocation_id}: {e}") from None

        return idempotent(request, p, idempotency_key, payload.model_dump(mode="json"), do)

    # ---------------------------------------------------------------- plans
    @lru_cache(maxsize=256)
    def subtree(body_id: str, day: dt.date) -> frozenset[str]:
        return frozenset(subtree_ids(chart, body_id, day))

    def parse_directive_body(raw: bytes, content_type: str) -> Any:
        if not raw.strip():
            raise Problem(422, "body: the directive (YAML or JSON) is missing",
                          [{"field": "body", "message": "empty"}])
        if len(raw) > MAX_DIRECTIVE_BYTES:
            raise Problem(413, f"body: a directive is at most {MAX_DIRECTIVE_BYTES} bytes")
        ctype = content_type.split(";")[0].strip().lower()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Problem(422, "body: not UTF-8 text",
                          [{"field": "body", "message": "not UTF-8"}]) from None
        try:
            if ctype == "application/json":
                return json.loads(text)
            if ctype in YAML_TYPES or not ctype:
                return yaml.load(text, Loader=_YamlLoader)  # a SafeLoader
        except (ValueError, yaml.YAMLError) as e:
            kind = "JSON" if ctype == "application/json" else "YAML"
            msg = f"body: {kind} không hợp lệ: {getattr(e, 'problem', None) or e}"
            raise Problem(422, msg, [{"field": "body", "message": msg}]) from None
        raise Problem(415, f"Content-Type: {ctype} is not accepted; send "
                           "application/json or application/yaml")

    async def directive_in(request: Request) -> tuple[bytes, DirectiveDoc]:
        """The request body as a directive (YAML or JSON), checked; 4xx naming the field."""
        raw = await request.body()
        data = parse_directive_body(raw, request.headers.get("content-type", ""))
        if (where := _nul_path(data)) is not None:
            raise Problem(422, f"{where}: must not contain a NUL character",
                          [{"field": where, "message": "NUL character"}])
        try:
            return raw, parse_directive(data, "body")
        except DirectiveError as e:
            raise Problem(422, str(e), [{"field": "body", "message": str(e)}]) from None

    @app.post("/plans", tags=["plans"], status_code=201, response_model=PlanOut,
              responses=_problems(403, 409, 413, 415), openapi_extra=DIRECTIVE_BODY,
              summary="Plan the cascade of a directive (YAML or JSON) and store its tasks")
    async def create_plan(
        request: Request,
        p: Annotated[Principal, Depends(writer)],
        as_of: ChartDay = None,
        scope: Scope = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Any:
        raw, directive = await directive_in(request)

        def work() -> JSONResponse:
            payload = {"body": hashlib.sha256(raw).hexdigest(), "as_of": str(as_of),
                       "scope": scope}
            return plan_and_store(request, p, directive, as_of, scope, idempotency_key,
                                  payload)

        return await run_in_threadpool(work)

    def plan_and_store(request: Request, p: Principal, directive: DirectiveDoc,
                       as_of: dt.date | None, scope: list[str] | None,
                       idempotency_key: str | None, payload: Any) -> JSONResponse:
        """Plan the directive over the chart and store the plan (and the directive, once)."""
        try:
            planned = make_plan(chart, directive, rules, as_of=as_of, scope=scope)
        except PlanError as e:
            raise Problem(422, str(e), [{"field": "body", "message": str(e)}]) from None
        allowed = subtree(p.body_id, planned.as_of)
        outside = [t.body_id for t in planned.tasks if t.body_id not in allowed]
        if outside:
            raise Problem(403, f"X-API-Key: key {p.prefix} ({p.body_id}) does not cover "
                               f"{len(outside)} bodies of this plan, e.g. "
                               f"{', '.join(outside[:5])}; narrow it with ?scope=")

        def do(s: Session) -> tuple[int, dict[str, Any]]:
            try:
                row = save_plan(s, planned, actor=f"key:{p.prefix}")
            except DirectiveConflict as e:
                raise Problem(409, f"body: {e}") from None
            s.flush()
            return 201, PlanOut.model_validate(plan_summary(s, row)).model_dump(mode="json")

        return idempotent(request, p, idempotency_key, payload, do)

    # ---------------------------------------------------------------- directives
    def issuer_of(directive: DirectiveDoc) -> Body:
        try:
            return chart.resolve(directive.issuer, as_of=directive.date)
        except UnknownBody as e:
            near = getattr(e, "suggestions", None)
            hint = f"; gần đúng: {', '.join(near[:5])}" if near else ""
            msg = (f"issuer: không tìm thấy cơ quan ban hành {directive.issuer!r} vào ngày "
                   f"{directive.date:%d/%m/%Y}{hint}")
            raise Problem(422, msg, [{"field": "issuer", "message": msg}]) from None

    def directive_json(row: DirectiveRow) -> dict[str, Any]:
        try:
            b = chart.body(row.issuer_body_id, row.date)
            name, profile = b.name, load_profile(choose_profile(b.system, row.date))
        except UnknownBody:  # a chart given at start may lack it; the row still stands
            name, profile = None, None  # the symbol tells the system
        return {"id": row.id, "issuer_id": row.issuer_body_id, "issuer_name": name,
                "type": row.doc_type, "type_name": DIRECTIVE_TYPES[row.source["type"]][1]
                if row.source.get("type") in DIRECTIVE_TYPES else row.doc_type,
                "number": reference(row.number, row.symbol, profile),
                "date": row.date, "summary": row.title, "created_at": row.created_at}

    def load_directive_row(s: Session, directive_id: int) -> DirectiveRow:
        row = s.get(DirectiveRow, directive_id)
        if row is None:
            raise Problem(404, f"directive_id: no directive {directive_id}")
        return row

    def progress_of(s: Session, p: Principal, rows: list[DirectiveRow],
                    today: dt.date) -> list[dict[str, Any]]:
        """Each directive with the plans the key sees and their counts (zero when none)."""
        seen = {d["id"]: d for d in directive_progress(
            s, lambda plan: visible_to(p, PlanInfo(plan.id, plan.as_of, dict(plan.data))),
            today, only=[row.id for row in rows])}
        counts = list(Progress.model_fields)
        out = []
        for row in rows:
            got = seen.get(row.id, {})
            plans = [{k: pl[k] for k in PlanProgress.model_fields} for pl in got.get("plans", [])]
            out.append({**directive_json(row), **{k: got.get(k, 0) for k in counts},
                        "plans": plans})
        return out

    @app.post("/directives", tags=["directives"], status_code=201,
              response_model=DirectiveDetail, responses={
                  **_problems(409, 413, 415),
                  200: {"model": DirectiveDetail,
                        "description": "Already stored with the same content"}},
              openapi_extra=DIRECTIVE_BODY,
              summary="Register a directive (YAML or JSON); the same document again "
                      "returns the stored one")
    async def create_directive(
        request: Request,
        p: Annotated[Principal, Depends(writer)],
        idempotency_key: IdempotencyKey = None,
    ) -> Any:
        raw, doc = await directive_in(request)

        def work() -> JSONResponse:
            issuer = issuer_of(doc)
            ref = reference(str(doc.number), doc.full_symbol(issuer.symbol or ""),
                            load_profile(choose_profile(issuer.system, doc.date)))

            def do(s: Session) -> tuple[int, dict[str, Any]]:
                try:
                    row, created = store_directive(s, doc, issuer.id, issuer.symbol or "",
                                                   ref, actor=f"key:{p.prefix}")
                except DirectiveConflict as e:
                    raise Problem(409, f"body: {e}") from None
                s.flush()
                body = {**progress_of(s, p, [row], dt.date.today())[0], "source": row.source}
                return (201 if created else 200), DirectiveDetail.model_validate(
                    body).model_dump(mode="json")

            payload = {"body": hashlib.sha256(raw).hexdigest()}
            return idempotent(request, p, idempotency_key, payload, do)

        return await run_in_threadpool(work)

    @app.get("/directives", tags=["directives"], response_model=list[DirectiveItem],
             summary="Directives, newest first, each with the progress of the plans the "
                     "key sees (issued / due / overdue)")
    def list_directives(
        p: Annotated[Principal, Depends(principal)],
        s: Annotated[Session, Depends(read_session)],
        as_of: Annotated[dt.date | None, Query(
            description="Day to compute overdue against; default today")] = None,
    ) -> Any:
        rows = list(s.scalars(select(DirectiveRow).order_by(DirectiveRow.date.desc(),
                                                            DirectiveRow.id.desc())))
        return progress_of(s, p, rows, as_of or dt.date.today())

    @app.get("/directives/{directive_id}", tags=["directives"],
             response_model=DirectiveDetail, responses=_problems(404),
             summary="A directive as registered, with its plans' progress")
    def read_directive(
        directive_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        p: Annotated[Principal, Depends(principal)],
        s: Annotated[Session, Depends(read_session)],
        as_of: Annotated[dt.date | None, Query(
            description="Day to compute overdue against; default today")] = None,
    ) -> Any:
        row = load_directive_row(s, directive_id)
        return {**progress_of(s, p, [row], as_of or dt.date.today())[0],
                "source": row.source}

    @app.post("/directives/{directive_id}/plans", tags=["directives"], status_code=201,
              response_model=PlanOut, responses=_problems(403, 404, 409),
              summary="Plan the cascade of a registered directive and store its tasks")
    def plan_directive(
        request: Request,
        directive_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        p: Annotated[Principal, Depends(writer)],
        as_of: ChartDay = None,
        scope: Scope = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Any:
        with store.read() as s:
            doc = load_source(load_directive_row(s, directive_id))
        payload = {"directive": directive_id, "as_of": str(as_of), "scope": scope}
        return plan_and_store(request, p, doc, as_of, scope, idempotency_key, payload)

    def load_plan(s: Session, plan_id: int) -> PlanRow:
        row = s.get(PlanRow, plan_id)
        if row is None:
            raise Problem(404, f"plan_id: no plan {plan_id}")
        return row

    plan_infos: dict[int, PlanInfo] = {}

    def plan_info(s: Session, plan_id: int) -> PlanInfo:
        """What a request needs of a plan (as_of, issuer, directive number); a plan never
        changes once stored, so this is remembered for the life of the process."""
        info = plan_infos.get(plan_id)
        if info is None:
            row = load_plan(s, plan_id)
            info = plan_infos[plan_id] = PlanInfo(row.id, row.as_of, dict(row.data))
        return info

    def visible_to(p: Principal, info: PlanInfo) -> frozenset[str] | None:
        """The bodies of a plan a key sees: None (all) when it covers the plan's issuer."""
        allowed = subtree(p.body_id, info.as_of)
        return None if info.data.get("issuer_id") in allowed else allowed

    @app.get("/plans/{plan_id}", tags=["plans"], response_model=PlanOut,
             responses=_problems(404), summary="A plan: its directive and counts by status")
    def read_plan(
        plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        who: Annotated[Principal, Depends(principal)],
        s: Annotated[Session, Depends(read_session)],
    ) -> Any:
        return plan_summary(s, load_plan(s, plan_id))

    @app.get("/plans/{plan_id}/tasks", tags=["plans"], response_model=TaskPage,
             responses=_problems(404),
             summary="Tasks of a plan within the key's subtree, filtered")
    def list_tasks(
        plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        p: Annotated[Principal, Depends(principal)],
        s: Annotated[Session, Depends(read_session)],
        status: TaskStatus | None = None,
        province: Annotated[str | None, Query(max_length=100,
                                              description="Province id: lai-chau")] = None,
        level: Level | None = None,
        overdue: Annotated[bool | None, Query(
            description="true: open tasks past their deadline; false: the others")] = None,
        as_of: Annotated[dt.date | None, Query(
            description="Day to compute overdue against; default today")] = None,
        limit: Annotated[int, Query(ge=1, le=100_000)] = 1000,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> Any:
        info = plan_info(s, plan_id)
        day = as_of or dt.date.today()
        f = TaskFilter(status=status.value if status else None, province=province,
                       level=level.value if level else None, overdue=overdue, today=day)
        total, page = task_page(s, plan_id, f, visible_to(p, info), offset, limit)
        # answered as is: the rows are already the documented shape (orjson writes dates)
        return Response(orjson.dumps({"plan_id": plan_id, "as_of": day, "total": total,
                                      "offset": offset, "tasks": page}),
                        media_type="application/json")

    def task_out(t: Any, today: dt.date) -> dict[str, Any]:
        return with_lateness({k: getattr(t, k) for k in TASK_FIELDS}, today)

    def load_task(s: Session, plan_id: int, task_id: str, p: Principal,
                  lock: bool = False) -> Any:
        row = plan_info(s, plan_id)
        try:
            t = get_task(s, plan_id, task_id, lock=lock)
        except TaskNotFound as e:
            raise Problem(404, str(e)) from None
        if t.body_id not in subtree(p.body_id, row.as_of):
            raise Problem(403, f"task_id: key {p.prefix} ({p.body_id}) does not cover "
                               f"{t.body_id}; a unit records only its own tasks")
        return t

    @app.get("/plans/{plan_id}/tasks/{task_id}", tags=["plans"], response_model=TaskOut,
             responses=_problems(404), summary="One task of a plan")
    def read_task(
        plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        task_id: Annotated[str, Path(min_length=1, max_length=200)],
        p: Annotated[Principal, Depends(principal)],
        s: Annotated[Session, Depends(read_session)],
        as_of: Annotated[dt.date | None, Query(
            description="Day to compute overdue against; default today")] = None,
    ) -> Any:
        return task_out(load_task(s, plan_id, task_id, p), as_of or dt.date.today())

    @app.get("/plans/{plan_id}/events", tags=["plans"], response_model=EventPage,
             responses=_problems(404),
             summary="The log of a plan and its tasks (who changed what, when), oldest "
                     "first, within the key's subtree")
    def plan_events(
        plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        p: Annotated[Principal, Depends(principal)],
        s: Annotated[Session, Depends(read_session)],
        task_id: Annotated[str | None, Query(min_length=1, max_length=200,
                                             description="Only this task's events")] = None,
        after: Annotated[int, Query(ge=0, le=2**63 - 1,
                                    description="Events after this id (paging)")] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> Any:
        info = plan_info(s, plan_id)
        if task_id is not None:
            load_task(s, plan_id, task_id, p)  # 404 / 403 as for the task itself
            where = (EventRow.entity == "task") & (EventRow.entity_id == f"{plan_id}/{task_id}")
            visible = None
        else:
            where = ((EventRow.entity == "plan") & (EventRow.entity_id == str(plan_id))) | (
                (EventRow.entity == "task") & EventRow.entity_id.startswith(f"{plan_id}/"))
            visible = visible_to(p, info)
        bodies: dict[str, str] = {} if visible is None else {
            tid: body for tid, body in s.execute(
                select(PlanTaskRow.id, PlanTaskRow.body_id)
                .where(PlanTaskRow.plan_id == plan_id))}
        out: list[EventRow] = []
        q = select(EventRow).where(where, EventRow.id > after).order_by(EventRow.id)
        for ev in s.scalars(q if visible is None else q.execution_options(yield_per=500)):
            if visible is not None and ev.entity == "task" and \
                    bodies.get(ev.entity_id.split("/", 1)[1]) not in visible:
                continue
            out.append(ev)
            if len(out) > limit:
                break
        more = len(out) > limit
        page = [EventOut.model_validate(e, from_attributes=True) for e in out[:limit]]
        return EventPage(plan_id=plan_id, events=page,
                         next_after=page[-1].id if more else None)

    @app.post("/plans/{plan_id}/tasks/{task_id}/status", tags=["plans"],
              response_model=TaskOut, responses=_problems(404, 409),
              summary="Mark a task drafted, back to pending, or exempt (with a reason)")
    def change_status(
        request: Request,
        plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        task_id: Annotated[str, Path(min_length=1, max_length=200)],
        payload: StatusIn,
        p: Annotated[Principal, Depends(writer)],
        idempotency_key: IdempotencyKey = None,
    ) -> Any:
        def do(s: Session) -> tuple[int, dict[str, Any]]:
            load_task(s, plan_id, task_id, p)
            try:
                t = set_status(s, plan_id, task_id, payload.status, payload.reason,
                               actor=f"key:{p.prefix}")
            except TaskError as e:
                field = str(e).split(":", 1)[0]
                raise Problem(422, str(e), [{"field": field, "message": str(e)}]) from None
            except TaskConflict as e:
                raise Problem(409, f"status: {e}") from None
            return 200, TaskOut.model_validate(task_out(t, dt.date.today())).model_dump(
                mode="json")

        return idempotent(request, p, idempotency_key, payload.model_dump(mode="json"), do)

    @app.post("/plans/{plan_id}/tasks/{task_id}/issued", tags=["plans"], status_code=201,
              response_model=IssuedOut, responses=_problems(404, 409, 413),
              summary="Record the signed document of a task (multipart: file + metadata)")
    def record_issued_ep(
        request: Request,
        plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        task_id: Annotated[str, Path(min_length=1, max_length=200)],
        p: Annotated[Principal, Depends(writer)],
        file: Annotated[UploadFile, File(description="The signed document (PDF, DOCX …)")],
        number: Annotated[str, Form(pattern=r"^[0-9]{1,7}$", examples=["12"],
                                    description="Số, as printed (leading 0 kept)")],
        symbol: Annotated[str, Form(min_length=1, max_length=60,
                                    examples=["KH-UBND", "CV/TU"],
                                    description="Ký hiệu after the number")],
        date: Annotated[dt.date, Form(description="Date of signature (YYYY-MM-DD)")],
        signer: Annotated[str | None, Form(max_length=200)] = None,
        allocation_id: Annotated[int | None, Form(ge=1, le=2**31 - 1)] = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Any:
        for name, value in (("symbol", symbol), ("signer", signer),
                            ("file", file.filename)):
            if value and NUL in value:
                raise Problem(422, f"{name}: must not contain a NUL character",
                              [{"field": name, "message": "NUL character"}])
        sha, path = save_upload(file)
        meta = {"number": number, "symbol": symbol, "date": date.isoformat(),
                "signer": signer, "allocation_id": allocation_id, "file": sha,
                "file_name": file.filename}

        def do(s: Session) -> tuple[int, dict[str, Any]]:
            load_task(s, plan_id, task_id, p)
            if allocation_id is not None:
                a = _get_allocation(s, allocation_id)
                if a.cancelled or a.number_text != number.zfill(2):
                    raise Problem(409, f"allocation_id: number {allocation_id} is "
                                       f"{'cancelled' if a.cancelled else a.number_text}, "
                                       f"not {number}")
            try:
                doc = record_issued(s, plan_id, task_id, number=number, symbol=symbol,
                                    date=date, signer=signer, file_name=file.filename,
                                    file_path=str(path), file_sha256=sha,
                                    actor=f"key:{p.prefix}", allocation_id=allocation_id)
            except TaskConflict as e:
                raise Problem(409, f"task_id: {e}") from None
            return 201, IssuedOut.model_validate(doc, from_attributes=True).model_dump(
                mode="json")

        return idempotent(request, p, idempotency_key, meta, do)

    def save_upload(file: UploadFile) -> tuple[str, FsPath]:
        """Store the file under its SHA-256 (written whole, then renamed into place)."""
        files.mkdir(parents=True, exist_ok=True)
        h = hashlib.sha256()
        tmp = files / f".upload-{os.getpid()}-{id(file)}"
        size = 0
        try:
            with tmp.open("wb") as out:
                while chunk := file.file.read(1 << 20):
                    size += len(chunk)
                    if size > MAX_UPLOAD_BYTES:
                        raise Problem(413, f"file: at most {MAX_UPLOAD_BYTES} bytes")
                    h.update(chunk)
                    out.write(chunk)
            if size == 0:
                raise Problem(422, "file: the uploaded file is empty",
                              [{"field": "file", "message": "empty"}])
            sha = h.hexdigest()
            suffix = FsPath(file.filename or "").suffix.lower()[:10]
            suffix = suffix if suffix[1:].isalnum() else ""
            dest = files / sha[:2] / f"{sha}{suffix}"
            dest.parent.mkdir(exist_ok=True)
            os.replace(tmp, dest)
            return sha, dest
        finally:
            tmp.unlink(missing_ok=True)

    @app.get("/plans/{plan_id}/report", tags=["plans"], response_model=ReportOut,
             responses={**_problems(404), 200: {"content": {
                 "application/json": {}, "text/csv": {"schema": {"type": "string"}},
                 XLSX: {"schema": {"type": "string", "format": "binary"}}},
                 "description": "The report (JSON, CSV or XLSX)"}},
             summary="Progress: counts by status per province and level; overdue units")
    def report(
        plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        p: Annotated[Principal, Depends(principal)],
        s: Annotated[Session, Depends(read_session)],
        format: Annotated[Literal["json", "csv", "xlsx"], Query(
            description="json, csv (one table, see `table`) or xlsx (three sheets)")] = "json",
        table: Annotated[Literal["province", "level", "overdue"], Query(
            description="CSV only: which table")] = "province",
        as_of: Annotated[dt.date | None, Query(
            description="Day to compute overdue against; default today")] = None,
    ) -> Any:
        row = plan_info(s, plan_id)
        visible = visible_to(p, row)

        def province_name(pid: str) -> str:
            try:
                return chart.unit(pid, row.as_of).name
            except KeyError:
                return pid

        rep = build_report(s, plan_id, as_of or dt.date.today(), visible, province_name)
        if format == "json":
            return rep
        stem = _ascii_name(f"bao-cao-ke-hoach-{plan_id}-{row.data.get('directive_number')}")
        if format == "csv":
            return Response(report_csv(rep, table), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition":
                                     f'attachment; filename="{stem}-{table}.csv"'})
        title = f"Tình hình triển khai {row.data.get('directive_number') or ''}".strip()
        return Response(report_xlsx(rep, title), media_type=XLSX,
                        headers={"Content-Disposition": f'attachment; filename="{stem}.xlsx"'})

    def render_or_409(fn: Callable[[], bytes]) -> bytes:
        from cascade.drafts.spec import SpecError

        try:
            return fn()
        except (UnknownBody, SpecError) as e:
            raise Problem(409, f"draft: cannot be composed against the chart: {e}") from None

    @app.get("/plans/{plan_id}/tasks/{task_id}/draft", tags=["drafts"],
             response_class=Response, responses={**_problems(404, 409), 200: {
                 "content": {DOCX: {"schema": {"type": "string", "format": "binary"}}},
                 "description": "The draft (.docx), with the parents' numbers once issued"}},
             summary="The draft of one task (.docx)")
    def task_draft(
        plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        task_id: Annotated[str, Path(min_length=1, max_length=200)],
        p: Annotated[Principal, Depends(principal)],
        s: Annotated[Session, Depends(read_session)],
    ) -> Response:
        load_task(s, plan_id, task_id, p)
        ctx = DraftContext(s, load_plan(s, plan_id))
        data = render_or_409(lambda: ctx.render(chart, rules, task_id))
        return Response(data, media_type=DOCX, headers={
            "Content-Disposition": f'attachment; filename="{_ascii_name(task_id)}.docx"'})

    @app.get("/plans/{plan_id}/drafts", tags=["drafts"], response_class=Response,
             responses={**_problems(404, 409), 200: {
                 "content": {"application/zip": {"schema": {"type": "string",
                                                            "format": "binary"}}},
                 "description": "A zip: one .docx per task, a folder per province"}},
             summary="Drafts of many tasks (zip), filtered like the task list")
    def plan_drafts(
        plan_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        p: Annotated[Principal, Depends(principal)],
        s: Annotated[Session, Depends(read_session)],
        status: TaskStatus | None = None,
        province: Annotated[str | None, Query(max_length=100)] = None,
        level: Level | None = None,
        overdue: bool | None = None,
        as_of: dt.date | None = None,
        limit: Annotated[int, Query(ge=1, le=5000,
                                    description="At most this many drafts")] = 500,
    ) -> Response:
        row = load_plan(s, plan_id)
        visible = visible_to(p, plan_info(s, plan_id))
        rows = task_rows(s, plan_id, TaskFilter(
            status=status.value if status else None, province=province,
            level=level.value if level else None, overdue=overdue,
            today=as_of or dt.date.today()), visible)
        if not rows:
            raise Problem(404, "tasks: no task of this plan matches the filters within "
                               f"key {p.prefix}'s bodies")
        ids = [r["id"] for r in rows[:limit]]
        ctx = DraftContext(s, row)
        data = render_or_409(lambda: zip_drafts(ctx, chart, rules, ids))
        name = _ascii_name(f"du-thao-ke-hoach-{plan_id}")
        return Response(data, media_type="application/zip", headers={
            "Content-Disposition": f'attachment; filename="{name}.zip"',
            "X-Total-Tasks": str(len(rows)), "X-Drafts": str(len(ids))})

    # ---------------------------------------------------------------- idempotency
    def idempotent(request: Request, p: Principal, key: str | None, payload: Any,
                   do: Callable[[Session], tuple[int, dict[str, Any]]]) -> JSONResponse:
        """Run ``do`` in one write transaction, storing its answer under the key."""
        digest = hashlib.sha256(json.dumps(
            [request.method, request.url.path, payload], sort_keys=True,
            ensure_ascii=False).encode()).hexdigest()
        if key is not None and not key.strip():
            raise Problem(422, "Idempotency-Key: must not be blank",
                          [{"field": "Idempotency-Key", "message": "blank"}])
        for _attempt in range(2):
            try:
                with store.write() as s:
                    if key:
                        rec = _find_record(s, p.prefix, key)
                        if rec is not None:
                            return _replay(rec, digest, request)
                    status, body = do(s)
                    if key:
                        s.add(IdempotencyRow(principal=p.prefix, key=key,
                                                method=request.method,
                                                path=request.url.path, request_hash=digest,
                                                status_code=status, response=body))
                        s.flush()
                return JSONResponse(jsonable_encoder(body), status_code=status)
            except IntegrityError:
                if not key:
                    raise
                # a concurrent request with the same key won: its answer is ours
        with store.read() as s:
            rec = _find_record(s, p.prefix, key or "")
            if rec is None:  # pragma: no cover - the unique key says it exists
                raise Problem(409, "Idempotency-Key: concurrent request; retry")
            return _replay(rec, digest, request)

    from api.ingest_routes import ingest_router  # here: that module imports this one
    app.include_router(ingest_router(writer=writer, idempotent=idempotent, save_upload=save_upload,
                                     load_plan=load_plan, subtree=subtree, chart=chart))
    from api.web import web_router  # the dashboard (/web/): same closures, HTML pages
    app.include_router(web_router(chart=chart, rules=rules, subtree=subtree,
                                  save_upload=save_upload, files_dir=files))
    return app


def _find_record(s: Session, principal: str, key: str) -> IdempotencyRow | None:
    return s.scalars(select(IdempotencyRow).where(
        IdempotencyRow.principal == principal, IdempotencyRow.key == key)).first()


def _replay(rec: IdempotencyRow, digest: str, request: Request) -> JSONResponse:
    if rec.request_hash != digest:
        raise Problem(422, "Idempotency-Key: this key was already used for a different "
                           f"request ({rec.method} {rec.path}); use a new key",
                      [{"field": "Idempotency-Key", "message": "reused with another request"}])
    return JSONResponse(rec.response, status_code=rec.status_code,
                        headers={"Idempotent-Replayed": "true"})


def _warm(chart: Chart) -> None:
    """Build the chart's lazy parts (relation graphs, name index) before serving: they
    are not safe to build from several request threads at once (a racing thread gets an
    empty graph and keeps it), so a server builds them once, up front."""
    list(chart.graphs.values())
    chart.find("Bộ Chính trị", limit=1)


def _ascii_name(text: str) -> str:
    """A file name safe in a Content-Disposition header (latin-1 only)."""
    flat = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    flat = "".join(c for c in flat if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9._-]+", "-", flat).strip("-") or "bao-cao"


def _get_allocation(s: Session, allocation_id: int) -> Allocation:
    try:
        return get_allocation(s, allocation_id)
    except NotFound:
        raise Problem(404, f"allocation_id: no allocated number {allocation_id}") from None


def allocation_json(a: Allocation) -> dict[str, Any]:
    return a.as_dict()


# ------------------------------------------------------------------ errors
def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(x) for x in loc if x not in ("body", "query", "path", "header")]
    return ".".join(parts) or ".".join(str(x) for x in loc)


class RefuseNul:
    """NUL in the path or the query is bad input, whichever endpoint it reaches.

    A plain ASGI middleware: ``@app.middleware("http")`` (BaseHTTPMiddleware) runs every
    request through an extra task and memory streams, which cost more CPU than this check.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            bad = _nul_in(Request(scope))
            if bad is not None:
                await bad(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _nul_in(request: Request) -> JSONResponse | None:
    if NUL in request.url.path:
        return problem_response(422, "path: must not contain a NUL character",
                                request.url.path.replace(NUL, "%00"),
                                [{"field": "path", "message": "NUL character"}])
    if b"\x00" in request.scope.get("query_string", b"") or "%00" in str(request.url.query):
        for k, v in request.query_params.multi_items():
            if NUL in k or NUL in v:
                name = k.replace(NUL, "")
                return problem_response(422, f"{name}: must not contain a NUL character",
                                        request.url.path,
                                        [{"field": name, "message": "NUL character"}])
    return None


def _install_error_handlers(app: FastAPI) -> None:
    app.add_middleware(RefuseNul)

    @app.exception_handler(DataError)
    def _data(request: Request, exc: DataError) -> JSONResponse:
        """Last guard: a value the database refuses is bad input, not a server fault."""
        return problem_response(422, "a value in the request cannot be stored: "
                                f"{str(exc.orig).splitlines()[0][:200]}", request.url.path)

    @app.exception_handler(Problem)
    def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc.status, exc.detail, request.url.path, exc.errors)

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"field": _field(e.get("loc", ())),
                   "message": str(e.get("msg", "invalid")).removeprefix("Value error, ")}
                  for e in exc.errors()]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "invalid input"
        return problem_response(422, detail, request.url.path, errors)

    @app.exception_handler(StarletteHTTPException)
    def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code,
                                                                             "Error")
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no such resource: {request.url.path}"
        return problem_response(exc.status_code, detail, request.url.path,
                                headers=getattr(exc, "headers", None))

    @app.exception_handler(NumberingError)
    def _numbering(request: Request, exc: NumberingError) -> JSONResponse:
        field = str(exc).split(":", 1)[0]
        return problem_response(422, str(exc), request.url.path,
                                [{"field": field, "message": str(exc)}])

    @app.exception_handler(Exception)
    def _unexpected(request: Request, exc: Exception) -> JSONResponse:  # pragma: no cover
        return problem_response(500, "internal error; the request changed nothing",
                                request.url.path)


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (several workers): the URL from ``TRIENKHAI_DB``.

    (``gc.freeze()`` of the loaded chart was tried and measured: it made the API's p99
    at 200 requests/s four times worse, so the collector is left as it is.)"""
    return create_app(os.environ.get("TRIENKHAI_DB"))
