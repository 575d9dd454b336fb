"""Dependencies of the JSON API and the dashboard: what ``create_app`` keeps in
``app.state`` (store, chart, rules, terms, access, plans, files), the caller a key stands
for, and the path, query and header parameters that many routes share.

Who may see and change what is ``Access`` (``cascade.store.access``), read here from
``app.state``: ``reader`` and ``writer`` turn the ``X-API-Key`` header into a ``Caller``,
and the dashboard's viewer (``api.web.pages``) turns a session into one, so every route
and every page asks the same object.
"""

from collections.abc import AsyncIterator
from pathlib import Path as FsPath
from typing import Annotated

from fastapi import Depends, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader
from sqlalchemy.orm import Session

from api.problems import Problem
from api.services import PlanCache
from cascade.plan_rules import Rules
from cascade.store.access import Access, Caller
from cascade.store.db import Store
from cascade.store.keys import Principal, VerifiedKeys, authenticate
from cascade.store.numbering import PartyTerms
from cascade.store.plans import PlanInfo
from orgchart import Chart
from orgchart.days import IsoDay

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False,
                              description="API key from `trienkhai keys create`")


# ------------------------------------------------------------------ app.state
# async: reading app.state is not worth a trip through the thread pool (FastAPI runs a
# plain ``def`` dependency in one)
async def get_store(request: Request) -> Store:
    return request.app.state.store


async def get_chart(request: Request) -> Chart:
    return request.app.state.chart


async def get_rules(request: Request) -> Rules:
    return request.app.state.rules


async def get_terms(request: Request) -> PartyTerms:
    return request.app.state.terms


async def get_access(request: Request) -> Access:
    """Who sees and changes what, over the app's chart (subtrees remembered)."""
    return request.app.state.access


async def get_plans(request: Request) -> PlanCache:
    return request.app.state.plans


async def get_files(request: Request) -> FsPath:
    return request.app.state.files


async def read_session(request: Request) -> AsyncIterator[Session]:
    """The request's read session. Async on purpose: opening one touches no database
    (the connection is taken on first use, in the endpoint's thread) and closing it is a
    rollback of a read, so neither is worth two trips through the thread pool."""
    with request.app.state.store.read() as s:
        yield s


StoreDep = Annotated[Store, Depends(get_store)]
ChartDep = Annotated[Chart, Depends(get_chart)]
RulesDep = Annotated[Rules, Depends(get_rules)]
TermsDep = Annotated[PartyTerms, Depends(get_terms)]
AccessDep = Annotated[Access, Depends(get_access)]
PlansDep = Annotated[PlanCache, Depends(get_plans)]
FilesDep = Annotated[FsPath, Depends(get_files)]
ReadSession = Annotated[Session, Depends(read_session)]


# ------------------------------------------------------------------ the caller
def check_key(s: Session, key: str | None) -> Principal:
    if not key:
        raise Problem(401, "X-API-Key: thiếu khóa API; tạo khóa bằng lệnh "
                           "`trienkhai keys create`")
    p = authenticate(s, key)
    if p is None:
        raise Problem(401, "X-API-Key: khóa không tồn tại, sai dạng hoặc đã bị thu hồi")
    return p


def _check_key_apart(store: Store, key: str | None) -> Principal:
    with store.read() as s:
        return check_key(s, key)


async def reader(request: Request, key: Annotated[str | None, Depends(api_key_header)],
                 s: ReadSession, access: AccessDep) -> Caller:
    """A reader. Async so that a key verified moments ago costs no trip through the
    thread pool; otherwise it is checked in the request's own read session (FastAPI hands
    the endpoint the same one), so a read request holds one connection."""
    verified: VerifiedKeys = request.app.state.verified_keys
    p = verified.get(key)
    if p is None:
        p = await run_in_threadpool(check_key, s, key)
        verified.put(key or "", p)
    return access.caller(p)


async def writer(request: Request, key: Annotated[str | None, Depends(api_key_header)],
                 access: AccessDep) -> Caller:
    """A writer: the key is checked in a read session closed at once, so the request
    never holds a read connection while it waits for a write one (with the pool
    exhausted, that wait would never end)."""
    verified: VerifiedKeys = request.app.state.verified_keys
    p = verified.get(key)
    if p is None:
        p = await run_in_threadpool(_check_key_apart, request.app.state.store, key)
        verified.put(key or "", p)
    if not p.can("write"):
        raise Problem(403, f"X-API-Key: khóa {p.prefix} chỉ có quyền đọc, không được ghi")
    return access.caller(p)


Reader = Annotated[Caller, Depends(reader)]
Writer = Annotated[Caller, Depends(writer)]


# ------------------------------------------------------------------ shared parameters
MAX_ID = 2**31 - 1  # ids are 32-bit integers in both stores
PlanId = Annotated[int, Path(ge=1, le=MAX_ID)]
TaskId = Annotated[str, Path(min_length=1, max_length=200)]
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]  # a directive's or an allocation's id
ChartDay = Annotated[IsoDay | None, Query(
    description="Chart as at (YYYY-MM-DD); default: the directive's date")]
OverdueDay = Annotated[IsoDay | None, Query(
    description="Day to compute overdue against; default today")]
Provinces = Annotated[list[str] | None, Query(
    max_length=63, description="Province ids (lai-chau …); default: the directive's "
                               "scope, else the whole country")]
IdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", max_length=200,
    description="Retry-safe key: a retry returns the same answer and changes nothing more")]


# ------------------------------------------------------------------ scope
def seen_plan(plan_id: PlanId, caller: Reader, s: ReadSession, plans: PlansDep) -> PlanInfo:
    """The path's plan when the key sees it, else 404 as for no plan at all: every read
    of a plan goes through here (a writer's route asks ``PlanCache.seen`` in its own
    session, the dashboard ``sees_plan``: the same rule)."""
    return plans.seen(s, caller, plan_id)


SeenPlan = Annotated[PlanInfo, Depends(seen_plan)]
