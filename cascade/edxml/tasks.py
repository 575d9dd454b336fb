"""A stored task's document as an edXML message, and an incoming message as the facts
ingest needs (issuer, number, symbol, date, the parents it answers).

Organ ids come from the chart: its QCVN 102 code where it has one, else the chart id
(said in the export's warnings). The header follows the document as drafted: its number
and notation as printed, the place of its date line, the signer's capacity and post, the
recipients (To, ToPlaces), DueDate the deadline the plan gives the recipients, and a
ResponseFor per parent document it implements.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cascade import doctypes
from cascade.compose import number_text, spec_for
from cascade.drafts.build import render_draft
from cascade.drafts.context import capacity
from cascade.drafts.resolve_spec import resolve
from cascade.layout import rules as layout
from cascade.plan_rules import Rules
from cascade.planner import ROOT, PlanTask
from cascade.store.drafts import DraftContext
from cascade.store.plans import get_plan, get_task
from cascade.store.rows import DirectiveRow, IssuedDocumentRow
from orgchart import Chart

from .message import Attachment, EdxmlError, Message, Organ, Reply, spec

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_NUMBERED = re.compile(r"^\s*(\d+)\s*[-/]\s*(\S.*?)\s*$")


@dataclass(frozen=True)
class Export:
    xml: bytes
    message: Message
    warnings: list[str] = field(default_factory=list)


def split_code(code: str) -> tuple[str, str]:
    """"2269-CV/TU" → ("2269", "CV/TU"); "12/KH-UBND" → ("12", "KH-UBND")."""
    m = _NUMBERED.match(code)
    if m is None:
        raise EdxmlError(f"Code: số, ký hiệu {code!r} chưa có số")
    return m.group(1), m.group(2)


def organ(chart: Chart, body_id: str, day: dt.date, warnings: list[str]) -> Organ:
    b = chart.body(body_id, day)
    code = b.codes.qcvn102 if b.codes else None
    if code is None:
        warnings.append(f"{b.name}: sơ đồ chưa có mã định danh QCVN 102; dùng mã {body_id}")
    return Organ(code or body_id, b.name)


@cache
def _by_code(chart: Chart) -> dict[str, str]:
    return {b.codes.qcvn102: b.id for b in chart.bodies() if b.codes and b.codes.qcvn102}


def body_of(chart: Chart, organ_id: str, day: dt.date | None = None) -> str | None:
    """The chart body an organ id names (a QCVN 102 code or a chart id), None if none."""
    if re.fullmatch(spec()["organ_code"], organ_id):
        return _by_code(chart).get(organ_id)
    return organ_id if chart.has(organ_id, day) else None


def task_message(session: Session, chart: Chart, rules: Rules, plan_id: int, task_id: str,
                 *, number: str | None = None, date: dt.date | None = None,
                 timestamp: dt.datetime | None = None) -> Export:
    """The message of a task's document: issued (its record and stored file), or a draft
    numbered ``number`` on ``date`` (a number must be given to send it)."""
    plan, row = get_plan(session, plan_id), get_task(session, plan_id, task_id)
    ctx = DraftContext(session, plan)
    t = ctx.tasks([task_id])[task_id]
    kids = ctx.children.get(task_id, [])
    tasks = ctx.tasks([task_id, *t.parents, *kids])
    doc = session.scalars(select(IssuedDocumentRow).where(
        IssuedDocumentRow.plan_id == plan_id, IssuedDocumentRow.task_id == task_id)).first()
    if doc is None:
        if not number or date is None:
            raise EdxmlError("number: văn bản chưa ban hành: ghi số và ngày (cấp số trước) "
                             "rồi mới xuất edXML")
        t = t.model_copy(update={"number": number, "issued_on": date})
    warnings: list[str] = []
    code = f"{doc.number}-{doc.symbol}" if doc and "/" in doc.symbol else (
        f"{doc.number}/{doc.symbol}" if doc else number_text(t))
    num, notation = split_code(code)
    spec_ = spec_for(ctx.plan_for([t]), t, rules, {**tasks, task_id: t}, {task_id: kids})
    spec_ = spec_.model_copy(update={"number": t.number, "date": t.issued_on})
    d = resolve(chart, spec_, today=plan.as_of)
    sig = layout.signature_block(d.profile, role=d.signer.role, title=d.signer.title,
                                 collective=d.issuer.collective, head_title=d.issuer.head_title,
                                 name=d.signer.name, kind=d.issuer.kind, capacity=capacity(d))
    prefix = [line.text for line in sig if line.style == "sig_prefix"]
    attachment = _attachment(doc, d, plan.as_of, task_id)
    day = plan.as_of
    due = max((ctx.deadline[k] for k in kids if ctx.deadline.get(k)), default=None)
    msg = Message(
        sender=organ(chart, t.body_id, day, warnings),
        # the addressees, then the bodies of Nơi nhận (a plan sent up and to follow-up)
        to=[organ(chart, r, day, warnings) for r in dict.fromkeys(
            [*t.recipient_ids, *(c.body_id for c in t.copies if c.body_id)])],
        number=num, notation=notation, place=chart.body(t.body_id, day).place or "",
        date=doc.date if doc else date,  # type: ignore[arg-type]
        type_name=doctypes.name(t.doc_type), subject=_subject(t), position=d.signer.title,
        competence=" ".join(prefix), signer_name=(doc.signer if doc else None)
        or d.signer.name or "", due=due,
        to_places=list(dict.fromkeys([*t.recipient_lines, *(c.text for c in t.copies)])),
        replies=_replies(session, chart, plan, t, tasks, warnings),
        attachments=[attachment], document_id=f"{plan_id}/{task_id}")
    del row
    return Export(_xml(msg, timestamp), msg, _summary(warnings))


def _summary(warnings: list[str]) -> list[str]:
    """One line for the bodies without a QCVN 102 code, then the others."""
    uncoded = [w.split(": sơ đồ chưa có mã", 1)[0] for w in dict.fromkeys(warnings)
               if ": sơ đồ chưa có mã" in w]
    others = [w for w in dict.fromkeys(warnings) if ": sơ đồ chưa có mã" not in w]
    if uncoded:
        shown = "; ".join(uncoded[:3]) + (f" và {len(uncoded) - 3} cơ quan khác"
                                          if len(uncoded) > 3 else "")
        others.insert(0, f"{len(uncoded)} cơ quan chưa có mã định danh QCVN 102 trong sơ "
                         f"đồ, ghi bằng mã sơ đồ: {shown}")
    return others


def _xml(msg: Message, timestamp: dt.datetime | None) -> bytes:
    from .message import to_xml

    return to_xml(msg, timestamp)


def _subject(t: PlanTask) -> str:
    s = " ".join(t.summary.split())
    return s[:1].upper() + s[1:]


def _attachment(doc: IssuedDocumentRow | None, d: object, day: dt.date,
                task_id: str) -> Attachment:
    if doc is not None and doc.file_path and Path(doc.file_path).is_file():
        name = doc.file_name or Path(doc.file_path).name
        kind = "application/pdf" if name.lower().endswith(".pdf") else DOCX
        return Attachment(name, kind, Path(doc.file_path).read_bytes())
    stamp = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return Attachment(f"{task_id}.docx", DOCX, render_draft(d, stamp))  # type: ignore[arg-type]


def _replies(session: Session, chart: Chart, plan: object, t: PlanTask,
             tasks: dict[str, PlanTask], warnings: list[str]) -> list[Reply]:
    out = []
    for p in t.parents:
        if p == ROOT:
            d = session.get(DirectiveRow, plan.directive_id)  # type: ignore[attr-defined]
            data = plan.data  # type: ignore[attr-defined]
            issuer = organ(chart, data["issuer_id"], d.date, warnings)
            out.append(Reply(issuer.id, data["directive_number"], d.date))
            continue
        parent = tasks[p]
        if not parent.number or parent.issued_on is None:
            warnings.append(f"{parent.body_name}: văn bản cấp trên chưa ban hành, không ghi "
                            "vào ResponseFor")
            continue
        out.append(Reply(organ(chart, parent.body_id, parent.issued_on, warnings).id,
                         number_text(parent), parent.issued_on))
    return out


# ------------------------------------------------------------------ incoming
@dataclass(frozen=True)
class Incoming:
    """What an incoming message says of its document, in the chart's terms."""

    issuer_id: str | None
    issuer_name: str
    number: str
    symbol: str
    date: dt.date
    parents: list[tuple[str | None, str, dt.date]]  # (issuer id, "2269-CV/TU", date)
    attachment: Attachment | None


def incoming(chart: Chart, msg: Message) -> Incoming:
    return Incoming(
        issuer_id=body_of(chart, msg.sender.id, msg.date), issuer_name=msg.sender.name,
        number=msg.number, symbol=msg.notation, date=msg.date,
        parents=[(body_of(chart, r.organ_id, r.date), r.code, r.date) for r in msg.replies],
        attachment=msg.attachments[0] if msg.attachments else None)
