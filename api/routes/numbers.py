"""``/numbers``: allocate the next number of a body's register, read one, cancel one.

A standing board numbers in its committee's register (it uses the committee's code), so
the register's body comes from ``committee_of``, the same relation access uses.
"""

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from sqlalchemy.orm import Session

from api.deps import (
    ChartDep,
    IdempotencyKey,
    Reader,
    ReadSession,
    RowId,
    StoreDep,
    TermsDep,
    Writer,
)
from api.idempotency import idempotent
from api.problems import Problem, problems
from api.routes.orgchart import get_body
from api.schemas import AllocateIn, AllocationOut, CancelIn
from cascade.store.access import Caller
from cascade.store.numbering import (
    Allocation,
    Conflict,
    NotFound,
    NumberingError,
    allocate_in,
    cancel_in,
    get_allocation,
)
from orgchart import Body
from orgchart.days import today as vn_today

router = APIRouter(tags=["numbers"])


def default_symbol(b: Body, doc_type: str) -> str | None:
    """KH-UBND, CV/TU …; None where the type needs a unit code (a State công văn)."""
    if not b.symbol:
        return None
    if b.system == "party":
        return f"{doc_type}/{b.symbol}"
    return None if doc_type.upper() == "CV" else f"{doc_type}-{b.symbol}"


def require_covers(caller: Caller, body_id: str, day: dt.date | None) -> None:
    if not caller.covers(body_id, day):
        raise Problem(403, f"body_id: khóa {caller.prefix} gắn với {caller.body_id}, không "
                           f"bao quát {body_id}")


def load_allocation(s: Session, allocation_id: int) -> Allocation:
    try:
        return get_allocation(s, allocation_id)
    except NotFound:
        raise Problem(404, f"allocation_id: không có số đã cấp mã {allocation_id}") from None


def _register_of(payload: AllocateIn, b: Body, numbering_body: Body) -> str:
    """The register's system; 422 for a term or series the system does not have."""
    if not b.issues:
        raise Problem(422, f"body_id: {b.name} không ban hành văn bản",
                      [{"field": "body_id", "type": "not_an_issuer",
                        "message": "cơ quan không ban hành văn bản"}])
    system = "party" if numbering_body.system == "party" else "state"
    if system == "state" and payload.term:
        raise Problem(422, "term: chỉ sổ văn bản của Đảng mới đánh số theo nhiệm kỳ cấp ủy",
                      [{"field": "term", "type": "term_not_allowed",
                        "message": "không dùng cho cơ quan nhà nước"}])
    if system == "party" and payload.series:
        raise Problem(422, "series: sổ văn bản của Đảng đã đánh số riêng theo từng loại văn "
                           "bản", [{"field": "series", "type": "series_not_allowed",
                                    "message": "không dùng cho cơ quan Đảng"}])
    return system


@router.post("/numbers", status_code=201, response_model=AllocationOut,
             responses=problems(404, 409),
             summary="Allocate the next number of a body's register")
def allocate_number(
    request: Request,
    payload: AllocateIn,
    caller: Writer,
    chart: ChartDep,
    terms: TermsDep,
    store: StoreDep,
    idempotency_key: Annotated[str | None, Header(
        alias="Idempotency-Key", max_length=200,
        description="Retry-safe key: a retry returns the same number")] = None,
) -> Any:
    day = payload.date or vn_today()
    b = get_body(chart, payload.body_id, day, "body_id")
    require_covers(caller, b.id, day)
    nb = caller.access.committee_of(b.id, day) or b
    system = _register_of(payload, b, nb)
    symbol = payload.symbol or default_symbol(b, payload.doc_type)

    def do(s: Session) -> tuple[int, dict[str, Any]]:
        a = allocate_in(s, nb.id, system, payload.doc_type, day, payload.term,
                        level=nb.level, series=payload.series, symbol=symbol,
                        actor=caller.actor, terms=terms)
        return 201, a.as_dict()

    return idempotent(store, request, caller, idempotency_key,
                      payload.model_dump(mode="json"), do)


@router.get("/numbers/{allocation_id}", response_model=AllocationOut,
            responses=problems(404), summary="One allocated number")
def read_number(allocation_id: RowId, caller: Reader, s: ReadSession) -> Any:
    a = load_allocation(s, allocation_id)
    require_covers(caller, a.body_id, None)
    return a.as_dict()


@router.post("/numbers/{allocation_id}/cancel", response_model=AllocationOut,
             responses=problems(404, 409),
             summary="Cancel a number that will not be used (recorded with its reason)")
def cancel_number(
    request: Request,
    allocation_id: RowId,
    payload: CancelIn,
    caller: Writer,
    store: StoreDep,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    def do(s: Session) -> tuple[int, dict[str, Any]]:
        a = load_allocation(s, allocation_id)
        require_covers(caller, a.body_id, None)
        try:
            return 200, cancel_in(s, allocation_id, payload.reason,
                                  actor=caller.actor).as_dict()
        except NumberingError as e:
            raise Problem(422, str(e), [{"field": "reason", "type": "reason_required",
                                         "message": str(e)}]) from None
        except Conflict as e:
            raise Problem(409, f"allocation_id: {e}") from None

    return idempotent(store, request, caller, idempotency_key,
                      payload.model_dump(mode="json"), do)
