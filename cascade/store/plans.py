"""Plans in the store: save a planned cascade, list its tasks with status and lateness
(``lateness``: open and past its deadline on the day asked for).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Text, func, insert, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cascade.planner import Plan
from orgchart.days import today as vn_today

from .directives import store_directive
from .lateness import late_clause, with_lateness
from .rows import TASK_STATUSES, DirectiveRow, IssuedDocumentRow, PlanRow, PlanTaskRow, log_event
from .webhooks import emit


def save_plan(session: Session, planned: Plan, actor: str) -> PlanRow:
    """Store the directive, the plan and every task, in the caller's transaction."""
    directive, _ = store_directive(session, planned.directive, planned.issuer_id,
                                   planned.issuer_symbol, planned.directive_number, actor)
    plan = PlanRow(directive_id=directive.id, as_of=planned.as_of, scope=list(planned.scope),
                created_by=actor,
                data={"issuer_id": planned.issuer_id, "issuer_name": planned.issuer_name,
                      "issuer_symbol": planned.issuer_symbol,
                      "directive_number": planned.directive_number})
    session.add(plan)
    session.flush()
    rows = []
    for t in planned.tasks:
        data = t.model_dump(mode="json")
        rows.append({
            "plan_id": plan.id, "id": t.id, "body_id": t.body_id, "body_name": t.body_name,
            "province": t.province, "level": t.level, "doc_type": t.doc_type,
            "generation": t.generation, "parents": list(t.parents),
            "recipients": list(t.recipients), "requested": list(t.requested),
            "deadline": t.deadline, "status": "issued" if t.number else "pending",
            "exempt_reason": None, "number": t.number, "date": t.issued_on, "data": data})
    if rows:
        session.execute(insert(PlanTaskRow), rows)
    after = {"directive": planned.directive_number, "as_of": plan.as_of.isoformat(),
             "scope": plan.scope, "tasks": len(rows)}
    log_event(session, actor, "create", "plan", plan.id, after=after)
    emit(session, "plan.created", plan.id, str(plan.id), None, {"plan_id": plan.id, **after})
    return plan


@dataclass(frozen=True)
class PlanInfo:
    """What requests need of a stored plan; a plan does not change once stored."""

    id: int
    as_of: dt.date
    data: dict[str, Any]


@dataclass(frozen=True)
class TaskFilter:
    status: str | None = None
    province: str | None = None
    level: str | None = None
    overdue: bool | None = None
    today: dt.date | None = None


_LIGHT = (PlanTaskRow.id, PlanTaskRow.body_id, PlanTaskRow.body_name, PlanTaskRow.province,
          PlanTaskRow.level, PlanTaskRow.doc_type, PlanTaskRow.generation, PlanTaskRow.deadline,
          PlanTaskRow.status, PlanTaskRow.exempt_reason, PlanTaskRow.number, PlanTaskRow.date)


# the JSON lists as their stored text: decoded only for the rows of the page answered
_RAW_LISTS = tuple(type_coerce(c, Text).label(c.key)
                   for c in (PlanTaskRow.parents, PlanTaskRow.recipients, PlanTaskRow.requested))
_LIST_KEYS = tuple(c.key for c in _RAW_LISTS)


def _filtered(columns: tuple[Any, ...], plan_id: int, f: TaskFilter, today: dt.date) -> Any:
    q = select(*columns).where(PlanTaskRow.plan_id == plan_id)
    if f.status:
        q = q.where(PlanTaskRow.status == f.status)
    if f.province:
        q = q.where(PlanTaskRow.province == f.province)
    if f.level:
        q = q.where(PlanTaskRow.level == f.level)
    late = late_clause(today)
    if f.overdue is True:
        q = q.where(late)
    elif f.overdue is False:
        q = q.where(~late)
    return q.order_by(PlanTaskRow.generation, PlanTaskRow.id)


def task_rows(session: Session, plan_id: int, f: TaskFilter,
              visible: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Tasks of a plan, filtered, each with ``overdue`` and ``days_late`` as of ``today``;
    without the JSON lists, which are most of a row's weight (``task_page`` adds them).

    ``visible`` limits the answer to those bodies (a key's subtree); None: all.
    """
    today = f.today or vn_today()
    return [with_lateness(r._asdict(), today)
            for r in session.execute(_filtered(_LIGHT, plan_id, f, today))
            if visible is None or r.body_id in visible]


def task_page(session: Session, plan_id: int, f: TaskFilter,
              visible: Collection[str] | None, offset: int,
              limit: int) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page) of the filtered tasks, lists included, in one query.

    The lists come as stored text and are decoded for the page only; the subtree filter
    runs here rather than in SQL because a key's subtree can hold thousands of ids.
    """
    today = f.today or vn_today()
    total, page = 0, []
    for r in session.execute(_filtered((*_LIGHT, *_RAW_LISTS), plan_id, f, today)):
        if visible is not None and r.body_id not in visible:
            continue
        if offset <= total < offset + limit:
            row = r._asdict()
            for k in _LIST_KEYS:
                if isinstance(row[k], str | bytes):  # PostgreSQL's driver may decode
                    row[k] = orjson.loads(row[k])
            page.append(with_lateness(row, today))
        total += 1
    return total, page


def plan_summary(session: Session, plan: PlanRow) -> dict[str, Any]:
    """The plan's directive, date, scope and task counts by status."""
    d = session.get(DirectiveRow, plan.directive_id)
    assert d is not None
    counts: dict[str, int] = {status: n for status, n in session.execute(
        select(PlanTaskRow.status, func.count()).where(PlanTaskRow.plan_id == plan.id)
        .group_by(PlanTaskRow.status))}
    return {
        "id": plan.id, "as_of": plan.as_of, "scope": plan.scope,
        "created_at": plan.created_at, "created_by": plan.created_by,
        "directive": {"id": d.id, "issuer_id": d.issuer_body_id,
                      "issuer_name": plan.data.get("issuer_name"), "type": d.doc_type,
                      "number": plan.data.get("directive_number") or d.number,
                      "date": d.date, "summary": d.title},
        "tasks": sum(counts.values()),
        "by_status": {s: counts.get(s, 0) for s in TASK_STATUSES},
    }


# ------------------------------------------------------------------ status and issuance
class TaskError(ValueError):
    """Bad input for a task change; the message starts with the field's name."""


class TaskConflict(RuntimeError):
    """The change does not fit the task's current state (409)."""


class PlanNotFound(LookupError):
    """No plan of that id; the message starts with the field's name."""

    def __init__(self, plan_id: int) -> None:
        super().__init__(f"plan_id: không có kế hoạch triển khai mã {plan_id}")
        self.plan_id = plan_id


class TaskNotFound(LookupError):
    """No task of that id in the plan; the message starts with the field's name."""

    def __init__(self, plan_id: int, task_id: str) -> None:
        super().__init__(f"task_id: kế hoạch triển khai mã {plan_id} không có nhiệm vụ "
                         f"“{task_id}”")
        self.plan_id, self.task_id = plan_id, task_id


def _task_json(t: PlanTaskRow) -> dict[str, Any]:
    return {"status": t.status, "exempt_reason": t.exempt_reason, "number": t.number,
            "date": t.date.isoformat() if t.date else None}


def get_plan(session: Session, plan_id: int) -> PlanRow:
    plan = session.get(PlanRow, plan_id)
    if plan is None:
        raise PlanNotFound(plan_id)
    return plan


def get_task(session: Session, plan_id: int, task_id: str, *, lock: bool = False) -> PlanTaskRow:
    t = session.get(PlanTaskRow, (plan_id, task_id), with_for_update=lock)
    if t is None:
        raise TaskNotFound(plan_id, task_id)
    return t


def set_status(session: Session, plan_id: int, task_id: str, status: str,
               reason: str | None, actor: str) -> PlanTaskRow:
    """pending ⇄ drafted; pending/drafted → exempt (with a reason); exempt → pending.

    ``issued`` comes only with the signed document (``record_issued``) and is final.
    Asking for the status a task already has changes nothing (a safe retry).
    """
    if status == "issued":
        raise TaskError("status: nhiệm vụ chỉ chuyển sang đã ban hành khi văn bản đã ký "
                        "được ghi nhận (POST …/issued)")
    if status not in ("pending", "drafted", "exempt"):
        raise TaskError(f"status: phải là pending, drafted hoặc exempt, không phải "
                        f"“{status}”")
    reason = (reason or "").strip() or None
    if status == "exempt" and not reason:
        raise TaskError("reason: miễn thực hiện nhiệm vụ phải ghi rõ lý do")
    t = get_task(session, plan_id, task_id, lock=True)
    if t.status == status and (status != "exempt" or t.exempt_reason == reason):
        return t
    if t.status == "issued":
        raise TaskConflict(f"nhiệm vụ {task_id} đã được ghi nhận ban hành ({_numbered(t)}); "
                           "không thể đổi trạng thái")
    before = _task_json(t)
    t.status = status
    t.exempt_reason = reason if status == "exempt" else None
    session.flush()
    log_event(session, actor, "status", "task", f"{plan_id}/{task_id}", before=before,
              after=_task_json(t))
    return t


def record_issued(session: Session, plan_id: int, task_id: str, *, number: str, symbol: str,
                  date: dt.date, signer: str | None, file_name: str | None,
                  file_path: str | None, file_sha256: str | None, actor: str,
                  allocation_id: int | None = None) -> IssuedDocumentRow:
    """The signed document of a task: the task becomes issued with its number and date."""
    t = get_task(session, plan_id, task_id, lock=True)
    if t.status == "exempt":
        raise TaskConflict(f"nhiệm vụ {task_id} đã được miễn ({t.exempt_reason}); hãy chuyển "
                           "về pending trước khi ghi nhận văn bản")
    if t.status == "issued":
        raise TaskConflict(f"nhiệm vụ {task_id} đã được ghi nhận ban hành ({_numbered(t)})")
    ident = {"body_id": t.body_id, "number": number, "symbol": symbol, "date": date}
    if (clash := _same_document(session, ident)) is not None:
        raise _recorded(ident, clash)
    before = _task_json(t)
    doc = IssuedDocumentRow(**ident, signer=signer, file_name=file_name,
                            file_path=file_path, file_sha256=file_sha256, plan_id=plan_id,
                            task_id=task_id, allocation_id=allocation_id)
    try:
        # a concurrent request (another plan's task of the same body) may record the same
        # document between the check and this insert: the unique index decides
        with session.begin_nested():
            session.add(doc)
            session.flush()
    except IntegrityError:
        clash = _same_document(session, ident)
        if clash is None:  # pragma: no cover - another constraint: not this conflict
            raise
        raise _recorded(ident, clash) from None
    t.status, t.number, t.date, t.exempt_reason = "issued", number, date, None
    session.flush()
    log_event(session, actor, "issue", "task", f"{plan_id}/{task_id}", before=before,
              after={**_task_json(t), "document": doc.id, "symbol": symbol,
                     "signer": signer, "file_sha256": file_sha256})
    emit(session, "task.issued", plan_id, f"{plan_id}/{task_id}", t.body_id, {
        "plan_id": plan_id, "task_id": task_id, "body_id": t.body_id,
        "body_name": t.body_name, "number": number, "symbol": symbol,
        "date": date.isoformat(), "deadline": t.deadline.isoformat() if t.deadline else None,
        "document": doc.id})
    return doc


def _same_document(session: Session, ident: dict[str, Any]) -> IssuedDocumentRow | None:
    """The recorded document of this identity (body, number, symbol, date), if any."""
    return session.scalars(select(IssuedDocumentRow).filter_by(**ident)).first()


def _recorded(ident: dict[str, Any], clash: IssuedDocumentRow) -> TaskConflict:
    return TaskConflict(f"số {ident['number']}/{ident['symbol']} ngày "
                        f"{ident['date']:%d/%m/%Y} của {ident['body_id']} đã được ghi nhận "
                        f"(văn bản mã {clash.id}, kế hoạch {clash.plan_id}, nhiệm vụ "
                        f"{clash.task_id})")


def _numbered(t: PlanTaskRow) -> str:
    """"số 12, ngày 05/03/2026": an issued task's number as a message gives it."""
    return f"số {t.number}, ngày {t.date:%d/%m/%Y}" if t.date else f"số {t.number}"


def issued_map(session: Session, plan_id: int) -> dict[str, tuple[str, dt.date]]:
    """Task id → (number, date) of what is issued: the planner's ``issued`` input, so a
    parent's number and date appear in its children's drafts on their next render."""
    rows = session.execute(select(PlanTaskRow.id, PlanTaskRow.number, PlanTaskRow.date).where(
        PlanTaskRow.plan_id == plan_id, PlanTaskRow.status == "issued"))
    return {i: (n, d) for i, n, d in rows if n and d}
