"""Báo cáo kết quả thực hiện: the report a follow-up body (or the issuer) sends upward
for a plan and a period, drafted from the store.

The figures stand at the period's last day and are counted by the report's own rules
(``lateness``; statuses of ``TaskStatus``), so they equal ``build_report`` and the
dashboard for that day; a document issued after the period counts as not yet issued,
as it was on that day. The statistics table and the list of documents issued in the
period are real Word tables (``wordtable``), put where the body marks them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cascade.compose import NO_OFFICE, cite
from cascade.drafts.build import render_draft
from cascade.drafts.resolve_spec import resolve
from cascade.drafts.spec import CopySpec, SignerSpec, Spec
from cascade.layout.body import Heading, Node, Section
from cascade.planner import directive_cite, vn_date
from cascade.store.drafts import DraftContext
from cascade.store.lateness import days_late
from cascade.store.plans import get_plan
from cascade.store.rows import IssuedDocumentRow, PlanTaskRow
from orgchart import Chart, UnknownBody
from orgchart.vocabulary import LEVEL_LABEL_VI, kind_vi

from . import wordtable
from .addressees import Unit, grouped_names
from .reminders import ReminderError

# the statistics' columns, left to right: they add up to ``total``, but ``overdue``,
# which counts the not-yet-issued past their deadline
COLUMNS = ("total", "on_time", "late", "open", "overdue", "exempt")
HEADINGS = {"total": "Tổng số cơ quan, đơn vị", "on_time": "Đã ban hành đúng hạn",
            "late": "Đã ban hành chậm hạn", "open": "Chưa ban hành",
            "overdue": "Trong đó: quá hạn", "exempt": "Không phải ban hành"}
TOTAL_LABEL = "Tổng cộng"
LEVEL_ORDER = tuple(LEVEL_LABEL_VI)


class ResultError(ReminderError):
    """A báo cáo that cannot be drafted; Vietnamese, naming the field."""


@dataclass
class Figures:
    """Counts of one row of the table."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, key: str, overdue: bool) -> None:
        self.counts[key] += 1
        self.counts["total"] += 1
        self.counts["overdue"] += overdue

    def row(self) -> list[int]:
        return [self.counts[k] for k in COLUMNS]


@dataclass
class Result:
    """A báo cáo kết quả: sender, period, figures by level and by kind, documents, units
    still missing."""

    plan_id: int
    sender_id: str
    sender_name: str
    start: dt.date
    end: dt.date
    totals: Figures
    by_level: dict[str, Figures]
    by_kind: dict[str, Figures]
    issued: list[dict[str, Any]]
    missing: list[dict[str, Any]]


def _state(r: Any, end: dt.date) -> tuple[str, bool]:
    """(column, overdue) of a task on ``end``: issued on time or late, open, exempt."""
    status = r.status
    if status == "issued" and r.date is not None and r.date > end:
        status = "pending"  # not yet issued on the period's last day
    if status == "issued":
        return ("late" if r.deadline and r.date and r.date > r.deadline else "on_time"), False
    if status == "exempt":
        return "exempt", False
    return "open", days_late(status, r.deadline, end) > 0


_COLUMNS = (PlanTaskRow.id, PlanTaskRow.body_id, PlanTaskRow.body_name, PlanTaskRow.level,
            PlanTaskRow.parents, PlanTaskRow.deadline, PlanTaskRow.status, PlanTaskRow.date,
            PlanTaskRow.number, PlanTaskRow.generation,
            PlanTaskRow.data["kind"].as_string().label("kind"),
            PlanTaskRow.data["territory"].as_string().label("territory"),
            PlanTaskRow.data["follow_up_id"].as_string().label("follow_up_id"))


def build_result(session: Session, chart: Chart, plan_id: int, start: dt.date,
                 end: dt.date, sender: str,
                 visible: Collection[str] | None = None) -> Result:
    """The figures of the plan's tasks in the caller's scope, as they stood on ``end``."""
    plan = get_plan(session, plan_id)
    if end < start:
        raise ResultError(f"to: ngày cuối kỳ ({end:%d/%m/%Y}) trước ngày đầu kỳ "
                          f"({start:%d/%m/%Y})")
    if not chart.has(sender, plan.as_of):
        raise ResultError(f"from: không có cơ quan {sender!r} trong sơ đồ ngày "
                          f"{plan.as_of:%d/%m/%Y}")
    rows = [r for r in session.execute(select(*_COLUMNS).where(PlanTaskRow.plan_id == plan_id)
                                       .order_by(PlanTaskRow.generation, PlanTaskRow.id))
            if visible is None or r.body_id in visible]
    totals, levels, kinds = Figures(), {}, {}
    missing = []
    for r in rows:
        key, overdue = _state(r, end)
        for f in (totals, levels.setdefault(r.level, Figures()),
                  kinds.setdefault(r.kind or "", Figures())):
            f.add(key, overdue)
        if key == "open":
            missing.append({"task_id": r.id, "body_id": r.body_id, "body_name": r.body_name,
                            "kind": r.kind or "", "level": r.level, "territory": r.territory,
                            "deadline": r.deadline, "overdue": overdue})
    ids = {r.id for r in rows}
    docs = session.scalars(select(IssuedDocumentRow).where(
        IssuedDocumentRow.plan_id == plan_id, IssuedDocumentRow.date >= start,
        IssuedDocumentRow.date <= end).order_by(IssuedDocumentRow.date,
                                                IssuedDocumentRow.id))
    names = {r.id: (r.body_name, r.deadline) for r in rows}
    issued = [{"task_id": d.task_id, "body_name": names[d.task_id][0], "number": d.number,
               "symbol": d.symbol, "date": d.date, "deadline": names[d.task_id][1]}
              for d in docs if d.task_id in ids]
    ordered = dict(sorted(levels.items(), key=lambda kv: LEVEL_ORDER.index(kv[0])
                          if kv[0] in LEVEL_ORDER else 99))
    return Result(plan_id, sender, chart.body(sender, plan.as_of).name, start, end, totals,
                  ordered, dict(sorted(kinds.items(), key=lambda kv: -kv[1].counts["total"])),
                  issued, missing)


# ------------------------------------------------------------------ tables
def stats_table(res: Result, by: str) -> wordtable.Table:
    """The statistics by ``level`` or ``kind``: STT, the group, the six counts, totals."""
    groups = res.by_level if by == "level" else res.by_kind
    first = "Cấp" if by == "level" else "Loại cơ quan, đơn vị"
    label = (lambda k: LEVEL_LABEL_VI.get(k, k)) if by == "level" else kind_vi
    rows = [[str(i), label(k), *map(str, f.row())] for i, (k, f) in
            enumerate(groups.items(), 1)]
    return wordtable.Table(head=["STT", first, *(HEADINGS[k] for k in COLUMNS)], rows=rows,
                           total=["", TOTAL_LABEL, *map(str, res.totals.row())],
                           widths=[1.3, 3.7, *[1.85] * len(COLUMNS)])


def documents_table(res: Result) -> wordtable.Table:
    rows = [[str(i), d["body_name"], f"{d['number']}-{d['symbol']}" if "/" in d["symbol"]
             else f"{d['number']}/{d['symbol']}", vn_date(d["date"]),
             vn_date(d["deadline"]) if d["deadline"] else ""]
            for i, d in enumerate(res.issued, 1)]
    return wordtable.Table(head=["STT", "Cơ quan, đơn vị", "Số, ký hiệu", "Ngày ban hành",
                                 "Hạn ban hành"], rows=rows, total=None,
                           widths=[1.3, 6.3, 3.6, 2.6, 2.6])


# ------------------------------------------------------------------ the báo cáo
def _first_followed(session: Session, res: Result) -> Any | None:
    """The document the sender reports on: its own first, else the first it follows."""
    q = select(PlanTaskRow).where(PlanTaskRow.plan_id == res.plan_id).order_by(
        PlanTaskRow.generation, PlanTaskRow.id)
    for t in session.scalars(q.execution_options(yield_per=500)):
        if res.sender_id in (t.body_id, t.data.get("follow_up_id")):
            return t
    return None


def result_spec(session: Session, chart: Chart, res: Result) -> tuple[Spec, dict[str, Any]]:
    """The SPEC of the báo cáo and the tables to put at its markers."""
    plan = get_plan(session, res.plan_id)
    ctx = DraftContext(session, plan)
    p = ctx.plan_for([])
    doc = _first_followed(session, res)
    own = doc is not None and doc.body_id == res.sender_id
    implementing = ""
    if doc is not None and not own:
        implementing = f" và {cite(ctx.tasks([doc.id])[doc.id])}"
    t, period = res.totals.counts, f"từ ngày {vn_date(res.start)} đến ngày {vn_date(res.end)}"
    markers = {"[[bảng theo cấp]]": stats_table(res, "level"),
               "[[bảng theo loại]]": stats_table(res, "kind")}
    body: list[Node] = [
        f"Thực hiện {directive_cite(p)} {p.directive.summary}{implementing}, "
        f"{res.sender_name} báo cáo kết quả triển khai thực hiện {period} như sau:"]
    issued = t["on_time"] + t["late"]
    situation: list[Node] = [
        f"Tính đến ngày {vn_date(res.end)}, trong tổng số {t['total']} cơ quan, đơn vị "
        f"có trách nhiệm ban hành văn bản triển khai, {issued} cơ quan, đơn vị đã ban hành "
        f"({t['on_time']} đúng hạn, {t['late']} chậm hạn), {t['open']} chưa ban hành "
        f"(trong đó {t['overdue']} quá hạn), {t['exempt']} không phải ban hành.",
        Heading(heading="Theo cấp", content=["[[bảng theo cấp]]"]),
        Heading(heading="Theo loại cơ quan, đơn vị", content=["[[bảng theo loại]]"])]
    if res.issued:
        markers["[[bảng văn bản]]"] = documents_table(res)
        listed: list[Node] = [f"Trong kỳ báo cáo, {len(res.issued)} văn bản triển khai đã "
                              "được ban hành:", "[[bảng văn bản]]"]
    else:
        listed = ["Trong kỳ báo cáo, chưa có văn bản triển khai nào được ban hành."]
    situation.append(Heading(heading="Văn bản đã ban hành trong kỳ", content=listed))
    missing = _missing_lines(chart, res, plan.as_of)
    body += [Section(section="Tình hình ban hành văn bản triển khai", content=situation),
             Section(section="Cơ quan, đơn vị chưa ban hành văn bản", content=missing),
             Section(section="Kiến nghị, đề xuất", content=[
                 f"{res.sender_name} tiếp tục theo dõi, đôn đốc các cơ quan, đơn vị chưa "
                 "ban hành văn bản triển khai; đề nghị xem xét trách nhiệm người đứng đầu "
                 "cơ quan, đơn vị chậm ban hành văn bản theo quy định."])]
    up = _upward(session, res, doc)
    signer, unit, has_office = _signer_of(session, chart, plan, res.sender_id)
    spec = Spec(issuer=res.sender_id, type="bao_cao", year=res.end.year, unit=unit,
                summary=f"kết quả triển khai thực hiện {p.directive.type_name} số "
                        f"{p.directive_number} {period}",
                recipients=up[:1] if up else [], body=body, signer=SignerSpec(post=signer),
                copies_to=[CopySpec(to=n, purpose="report") for n in up[1:]],
                profile_overrides=None if has_office else NO_OFFICE)
    return spec, markers


def _missing_lines(chart: Chart, res: Result, day: dt.date) -> list[Node]:
    if not res.missing:
        return ["Tất cả cơ quan, đơn vị đã ban hành văn bản triển khai."]
    late = [m for m in res.missing if m["overdue"]]
    due = [m for m in res.missing if not m["overdue"]]
    out: list[Node] = []
    for items, what in ((late, "đã quá hạn"), (due, "chưa đến hạn")):
        if items:
            names = grouped_names(chart, (Unit(m["body_id"], m["body_name"], m["kind"],
                                               m["level"], m["territory"]) for m in items),
                                  day)
            out.append(f"{len(items)} cơ quan, đơn vị {what}: {'; '.join(names)}.")
    return out


def _upward(session: Session, res: Result, doc: Any | None) -> list[str]:
    """Who receives it: the issuer of the document reported on (when not the sender),
    then that document's own upward copies (Ban Nội chính Trung ương …)."""
    if doc is None:
        return []
    out = [] if doc.body_id == res.sender_id else [doc.body_name]
    out += [c["text"] for c in doc.data.get("copies", []) if c.get("purpose") == "report"
            and c.get("body_id") != res.sender_id]
    return list(dict.fromkeys(out))


def _signer_of(session: Session, chart: Chart, plan: Any,
               sender: str) -> tuple[str, str | None, bool]:
    row = session.get(PlanTaskRow, (plan.id, sender))
    if row is not None:
        return row.data["signer"], row.data.get("unit"), row.data.get("has_office", True)
    body = chart.body(sender, plan.as_of)
    head = next((p.title for p in body.posts if p.role == "head"), None)
    if head is None:
        raise ResultError(f"from: {body.name} không có chức danh người đứng đầu để ký")
    return head, None, True


def result_docx(session: Session, chart: Chart, res: Result) -> bytes:
    """The .docx of the báo cáo, in the sender's profile, with its tables."""
    spec, markers = result_spec(session, chart, res)
    try:
        d = resolve(chart, spec, today=res.end)
    except UnknownBody as e:
        raise ResultError(str(e)) from None
    data = render_draft(d, dt.datetime(res.end.year, res.end.month, res.end.day,
                                       tzinfo=dt.UTC))
    return wordtable.put_tables(data, markers)
