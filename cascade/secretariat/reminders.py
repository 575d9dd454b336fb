"""Đôn đốc: the công văn a follow-up body (or the issuer) sends to the units that have
not issued their implementing document by its deadline.

Who is chased: the open tasks past their deadline (``lateness``, the report's own rule)
below a document the sender issued or was named to follow up ("Giao Ban Nội chính Tỉnh
ủy … theo dõi, đôn đốc"), within the caller's scope. Each unit's level (nhắc nhở, lần 2,
phê bình) is the number of reminders it already had, read from the event log, where a
sent reminder is recorded (action ``remind``) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, deque
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from cascade.compose import NO_OFFICE, cite
from cascade.drafts.build import render_draft
from cascade.drafts.resolve_spec import resolve
from cascade.drafts.spec import CopySpec, SignerSpec, Spec
from cascade.layout.body import Node, Point
from cascade.planner import ROOT, directive_cite, vn_date
from cascade.store.access import committee_of
from cascade.store.drafts import DraftContext
from cascade.store.lateness import days_late
from cascade.store.plans import get_plan
from cascade.store.rows import EventRow, PlanRow, PlanTaskRow, log_event
from orgchart import Chart, UnknownBody

from .addressees import Unit, grouped_names

DATA = Path(__file__).with_name("data") / "reminders.yaml"
ACTION = "remind"  # the event log's action for a sent đôn đốc


class ReminderError(ValueError):
    """A đôn đốc that cannot be drafted; the message is Vietnamese and names the field."""


@dataclass(frozen=True)
class Level:
    id: str
    name: str
    text: str


@cache
def _data() -> dict[str, Any]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def levels() -> list[Level]:
    return [Level(**x) for x in _data()["levels"]]


def extension_days() -> int:
    return int(_data()["extension_days"])


@dataclass(frozen=True)
class LateUnit:
    task_id: str
    body_id: str
    body_name: str
    kind: str
    level: str
    territory: str | None
    deadline: dt.date
    days_late: int
    parents: tuple[str, ...]
    times_before: int  # reminders already sent to this unit for this task

    @property
    def reminder_no(self) -> int:
        return self.times_before + 1

    def level_of(self) -> Level:
        lv = levels()
        return lv[min(self.times_before, len(lv) - 1)]


@dataclass(frozen=True)
class Reminder:
    """One đôn đốc: who sends it, on what day, to which late units, with what new deadline."""

    plan_id: int
    sender_id: str
    sender_name: str
    day: dt.date
    new_deadline: dt.date
    units: list[LateUnit] = field(default_factory=list)


_COLUMNS = (PlanTaskRow.id, PlanTaskRow.body_id, PlanTaskRow.body_name, PlanTaskRow.level,
            PlanTaskRow.parents, PlanTaskRow.deadline, PlanTaskRow.status,
            PlanTaskRow.data["kind"].as_string().label("kind"),
            PlanTaskRow.data["territory"].as_string().label("territory"),
            PlanTaskRow.data["follow_up_id"].as_string().label("follow_up_id"))


def _followed(rows: list[Any], sender: str, chart: Chart, day: dt.date) -> set[str]:
    """Tasks below a document the sender issued (itself or as its committee's board) or
    follows up: what it has to chase."""
    children: dict[str, list[str]] = {}
    for r in rows:
        for p in r.parents:
            children.setdefault(p, []).append(r.id)

    def sends(r: Any) -> bool:
        if sender in (r.body_id, r.follow_up_id):
            return True
        c = committee_of(chart, r.body_id, day)
        return c is not None and c.id == sender

    todo = deque(r.id for r in rows if sends(r))
    out: set[str] = set()
    while todo:
        for c in children.get(todo.popleft(), []):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


def _reminders_sent(session: Session, plan_id: int) -> Counter[str]:
    q = select(EventRow.entity_id).where(EventRow.entity == "task", EventRow.action == ACTION,
                                         EventRow.entity_id.startswith(f"{plan_id}/"))
    return Counter(e.split("/", 1)[1] for e in session.scalars(q))


def default_sender(session: Session, plan_id: int,
                   visible: Collection[str] | None = None) -> str:
    """The follow-up body of the plan's first document the caller sees (Ban Nội chính
    Tỉnh ủy for a province's KL 107), else that document's issuer."""
    get_plan(session, plan_id)
    q = select(PlanTaskRow.body_id, _COLUMNS[-1]).where(PlanTaskRow.plan_id == plan_id) \
        .order_by(PlanTaskRow.generation, PlanTaskRow.id)
    for first in session.execute(q.execution_options(yield_per=500)):
        if visible is None or first.body_id in visible:
            return first.follow_up_id or first.body_id
    raise ReminderError(f"plan: kế hoạch {plan_id} không có nhiệm vụ nào trong phạm vi")


def late_units(session: Session, chart: Chart, plan_id: int, day: dt.date, sender: str,
               visible: Collection[str] | None = None,
               new_deadline: dt.date | None = None) -> Reminder:
    """The đôn đốc ``sender`` would send on ``day``: the late units it follows, in scope."""
    plan = get_plan(session, plan_id)
    if not chart.has(sender, plan.as_of):
        raise ReminderError(f"from: không có cơ quan {sender!r} trong sơ đồ ngày "
                            f"{plan.as_of:%d/%m/%Y}")
    new = new_deadline or day + dt.timedelta(days=extension_days())
    if new <= day:
        raise ReminderError(f"deadline: hạn mới ({new:%d/%m/%Y}) phải sau ngày đôn đốc "
                            f"({day:%d/%m/%Y})")
    rows = list(session.execute(select(*_COLUMNS).where(PlanTaskRow.plan_id == plan_id)
                                .order_by(PlanTaskRow.generation, PlanTaskRow.id)))
    followed = _followed(rows, sender, chart, plan.as_of)
    sent = _reminders_sent(session, plan_id)
    units = [LateUnit(r.id, r.body_id, r.body_name, r.kind or "", r.level, r.territory,
                      r.deadline, days_late(r.status, r.deadline, day), tuple(r.parents),
                      sent[r.id])
             for r in rows
             if r.id in followed and r.body_id != sender
             and days_late(r.status, r.deadline, day) > 0
             and (visible is None or r.body_id in visible)]
    name = chart.body(sender, plan.as_of).name
    return Reminder(plan_id, sender, name, day, new, units)


# ------------------------------------------------------------------ the công văn
def _names(chart: Chart, units: list[LateUnit], day: dt.date) -> list[str]:
    return grouped_names(chart, (Unit(u.body_id, u.body_name, u.kind, u.level, u.territory)
                                 for u in units), day)


def _in_text(names: list[str]) -> str:
    """Addressee lines inside a sentence: "Các sở …" → "các sở …", joined with "; "."""
    return "; ".join(n[0].lower() + n[1:] if n.startswith("Các ") else n for n in names)


def _signer(session: Session, chart: Chart, plan: PlanRow, sender: str) -> tuple[str, Any]:
    """The sender's own post for its documents in this plan, else its head's."""
    row = session.get(PlanTaskRow, (plan.id, sender))
    if row is not None:
        return row.data["signer"], row.data.get("unit")
    body = chart.body(sender, plan.as_of)
    head = next((p.title for p in body.posts if p.role == "head"), None)
    if head is None:
        raise ReminderError(f"from: {body.name} không có chức danh người đứng đầu để ký")
    return head, None


def _copies(session: Session, r: Reminder, parents: list[Any]) -> list[CopySpec]:
    """Nơi nhận after "Như trên": the issuer of each document the sender follows up (to
    report), then the issuers of the cited documents not addressed (to follow)."""
    late = {u.body_id for u in r.units}
    up = session.execute(select(PlanTaskRow.body_id, PlanTaskRow.body_name).where(
        PlanTaskRow.plan_id == r.plan_id,
        PlanTaskRow.data["follow_up_id"].as_string() == r.sender_id)).all()
    out: dict[str, CopySpec] = {}
    for body_id, name in up:
        if body_id != r.sender_id and body_id not in late:
            out.setdefault(name, CopySpec(to=name, purpose="report"))
    for t in parents:
        if t.body_id != r.sender_id and t.body_id not in late:
            out.setdefault(t.body_name, CopySpec(to=t.body_name, purpose="follow"))
    return list(out.values())


def reminder_spec(session: Session, chart: Chart, r: Reminder) -> Spec:
    """The SPEC of the công văn: the parents cited, the units by level, the new deadline."""
    if not r.units:
        raise ReminderError(f"không có cơ quan, đơn vị nào chậm ban hành văn bản (tính đến "
                            f"ngày {vn_date(r.day)}) trong phạm vi {r.sender_name} theo dõi")
    plan = get_plan(session, r.plan_id)
    ctx = DraftContext(session, plan)
    parent_ids = list(dict.fromkeys(p for u in r.units for p in u.parents))
    tasks = ctx.tasks(parent_ids)
    p = ctx.plan_for([])
    short = f"{p.directive.type_name} số {p.directive_number}"

    def cited(pid: str) -> str:
        return directive_cite(p) if pid == ROOT else cite(tasks[pid])

    body: list[Node] = [
        f"Theo dõi việc triển khai thực hiện {directive_cite(p)} {p.directive.summary}, "
        f"đến ngày {vn_date(r.day)}, các cơ quan, đơn vị sau chưa ban hành văn bản triển "
        "khai thực hiện theo thời hạn:"]
    for pid in parent_ids:
        mine = [u for u in r.units if pid in u.parents]
        due = sorted({u.deadline for u in mine})
        body.append(Point(point=f"Triển khai {cited(pid)} (hạn ban hành trước ngày "
                                f"{', '.join(vn_date(d) for d in due)}): "
                                f"{_in_text(_names(chart, mine, r.day))}."))
    # one paragraph per number of reminders already sent: the last level's text says it
    for times in sorted({u.times_before for u in r.units}):
        mine = [u for u in r.units if u.times_before == times]
        # every unit at one level: named once above, not listed a second time
        who = "các cơ quan, đơn vị nêu trên" if len(mine) == len(r.units) else \
            _in_text(_names(chart, mine, r.day))
        body.append(Point(point=mine[0].level_of().text.format(
            sender=r.sender_name, units=who,
            deadline=vn_date(r.new_deadline), times=times).strip()))
    body.append(Point(point=f"Văn bản triển khai gửi về {r.sender_name} trước ngày "
                            f"{vn_date(r.new_deadline)} để theo dõi, tổng hợp; quá thời hạn "
                            f"trên, {r.sender_name} sẽ báo cáo cấp có thẩm quyền xem xét "
                            f"trách nhiệm theo quy định."))
    signer, unit = _signer(session, chart, plan, r.sender_id)
    own = session.get(PlanTaskRow, (plan.id, r.sender_id))
    copies = _copies(session, r, [tasks[x] for x in parent_ids if x != ROOT])
    return Spec(issuer=r.sender_id, type="cong_van", year=r.day.year, unit=unit,
                summary=f"đôn đốc triển khai thực hiện {short}",
                recipients=_names(chart, r.units, r.day), body=body,
                signer=SignerSpec(post=signer),
                copies_to=copies,
                profile_overrides=None if own is None or own.data.get("has_office", True)
                else NO_OFFICE)


def reminder_docx(session: Session, chart: Chart, r: Reminder) -> bytes:
    """The .docx of the đôn đốc, in the sender's profile."""
    try:
        d = resolve(chart, reminder_spec(session, chart, r), today=r.day)
    except UnknownBody as e:
        raise ReminderError(str(e)) from None
    return render_draft(d, dt.datetime(r.day.year, r.day.month, r.day.day, tzinfo=dt.UTC))


def record(session: Session, r: Reminder, actor: str) -> None:
    """Log the reminder against each unit's task, in the caller's transaction: the next
    đôn đốc counts it."""
    for u in r.units:
        log_event(session, actor, ACTION, "task", f"{r.plan_id}/{u.task_id}", after={
            "sender": r.sender_id, "as_of": r.day.isoformat(), "reminder": u.reminder_no,
            "level": u.level_of().id, "deadline": u.deadline.isoformat(),
            "new_deadline": r.new_deadline.isoformat(), "days_late": u.days_late})
