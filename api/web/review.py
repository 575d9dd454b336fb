"""What the unit page shows a clerk about a signed document before it is recorded: the
facts read, why it cannot be recorded from this page, and the store's refusals, all in
Vietnamese and all within the viewer's reach.

Ingest's own reasons name every candidate task and, for a task already issued, its number
and date; a key outside those tasks' subtree must not learn them, so scope is judged
first and the reasons that list candidates are told again with only the key's own tasks.

Ingest stops at the first thing it cannot match, in its own order (issuer, parent,
task, then the number); a clerk acts in another: an unsigned draft uploaded by mistake
("Số -KH/ĐU", "ngày … tháng … năm") is to be replaced by the signed copy before anything
else is worth reading, and a draft that cites its parent with the number left blank
("Thực hiện Công văn số    -CV/TU ngày  /  /2026 của …") does cite it: it is told so, with
the parent's number when it is recorded. Every reason found is listed, in ``REASON_ORDER``.
"""

import datetime as dt
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.web.labels import field_vi, vn_day
from api.web.pages import body_name, key_label
from cascade.citations.ingest import Match
from cascade.citations.models import ReadResult
from cascade.layout.rules import reference
from cascade.store.access import Caller
from cascade.store.report import directive_label
from cascade.store.rows import DirectiveRow, IssuedDocumentRow, PlanRow, PlanTaskRow
from orgchart import Chart

Reason = tuple[str, str]  # (code, Vietnamese sentence)
# the order a clerk acts on: whose document it is at all (nothing else is told outside
# the key's reach), the file itself (an unsigned draft), its citation of the parent, its
# header, the task it belongs to, the task's own state
REASON_ORDER = ("outside", "no_number", "blank_parent", "no_parent_citation",
                "parent_mismatch", "no_issuer", "issuer_not_in_plan", "ambiguous",
                "other_task", "task_exempt", "already_issued")
# "Thực hiện Công văn số      -CV/TU ngày    /  /2026 của Ban Thường vụ Tỉnh ủy …": a
# parent cited with its number left blank (a draft made before the parent was numbered)
BLANK_CITATION = re.compile(
    r"Thực hiện\s+(?P<cited>\w[^\d\n]{1,60}?\s+số(?:[ \t._…]*)(?=[-/])[^\n,;]{0,200}?)"
    r"(?=\s+(?:về|V/v)\s|[,;.]\s|\n|$)")
BLANK_AFTER_WORD = re.compile(r"\b(số|ngày)[ \t._…]+(?=[-/])")
BLANK_IN_DATE = re.compile(r"(?<=/)[ \t._…]+(?=/)")


def _tasks(s: Session, plan: PlanRow, ids: Collection[str],
           allowed: Collection[str]) -> list[PlanTaskRow]:
    """Those tasks of the plan whose body is in ``allowed``."""
    got = (s.get(PlanTaskRow, (plan.id, i)) for i in ids)
    return [t for t in got if t is not None and t.body_id in allowed]


def facts(s: Session, chart: Chart, m: Match, plan: PlanRow, summary: str | None,
          allowed: Collection[str]) -> dict[str, Any]:
    """What was read, for the clerk to check. Candidate tasks are listed only within the
    key's subtree: a Lai Châu clerk learns nothing of Hà Nam's tasks."""
    d = m.document
    task = s.get(PlanTaskRow, (plan.id, m.task_id)) if m.task_id else None
    if task is not None and task.body_id not in allowed:
        task = None
    cands = _tasks(s, plan, m.candidates, allowed)
    return {"number": d.number, "symbol": d.symbol, "date": d.date, "type": d.type,
            "summary": summary, "issuer": body_name(chart, d.issuer_id) if d.issuer_id
            else " / ".join(d.issuer_lines), "signer": d.signer, "parents": d.parents,
            "task": task, "candidates": [{"id": t.id, "name": t.body_name} for t in cands],
            "hidden_candidates": len(m.candidates) - len(cands), "warnings": m.warnings}


def reasons(s: Session, chart: Chart, m: Match, task: PlanTaskRow, caller: Caller,
            plan: PlanRow, doc: ReadResult) -> list[Reason]:
    """Every reason this match cannot be recorded from this task's page, in
    ``REASON_ORDER``; empty when it can."""
    allowed = caller.subtree(plan.as_of)
    who = key_label(chart, caller)
    if m.body_id and m.body_id not in allowed:
        return [("outside", f"Văn bản do {body_name(chart, m.body_id)} ban hành, ngoài "
                            f"phạm vi của khóa {who}.")]
    if m.candidate_bodies and not any(b in allowed for b in m.candidate_bodies):
        return [("outside", f"Cơ quan ban hành văn bản không thuộc phạm vi của khóa {who}.")]
    out = []
    draft = unsigned(doc)
    if draft:
        out.append(("no_number", draft))
    e = m.explanation
    if e is not None and e.code != "no_number":  # its own: told above, from the file
        blank = blank_citation(doc.text) if e.code == "no_parent_citation" else None
        if blank is not None:
            out.append(("blank_parent", blank_parent_reason(s, plan, task, blank)))
        else:
            out.append((e.code, scoped_reason(s, m, plan, allowed)))
    elif e is None and m.task_id != task.id:
        out.append(("other_task", f"Văn bản này là của {body_name(chart, m.body_id or '')}, "
                                  f"không phải của {task.body_name}; hãy tải lên ở trang của "
                                  "nhiệm vụ đó."))
    return sorted(out, key=lambda r: REASON_ORDER.index(r[0]))


def unsigned(doc: ReadResult) -> str | None:
    """Why the file is a draft (number or date left blank), or None."""
    h = doc.header
    blank = [what for what, v in (("số", h.number), ("ngày", h.date)) if not v]
    if not blank:
        return None
    lines = "; ".join(f"{name}: “{line}”" for name, line in (
        ("dòng số", h.number_line), ("dòng ngày", h.date_line)) if line)
    return (f"Tệp tải lên là bản dự thảo: chưa có {' và '.join(blank)}"
            f"{f' ({lines})' if lines else ''}. Hãy tải lên bản đã ký, đã đóng dấu và vào "
            "sổ văn bản đi, có số và ngày ban hành.")


def blank_citation(text: str) -> str | None:
    """The parent cited with its number left blank, blanks shown as "…", or None."""
    m = BLANK_CITATION.search(text)
    if m is None:
        return None
    cited = BLANK_AFTER_WORD.sub(r"\1 …", m.group("cited"))
    cited = BLANK_IN_DATE.sub("…", cited)
    return re.sub(r"\s+", " ", cited).strip()


def blank_parent_reason(s: Session, plan: PlanRow, task: PlanTaskRow, cited: str) -> str:
    """The blank citation, and what to write in it: the parent's number once recorded,
    else that the parent is to be recorded first."""
    known, missing = [], []
    for pid in task.parents or []:
        if pid == "directive":
            d = s.get(DirectiveRow, plan.directive_id)
            if d is not None:
                known.append(directive_label(s, plan))
            continue
        p = s.get(PlanTaskRow, (plan.id, pid))
        if p is None:
            continue
        if p.status == "issued" and p.number and p.date:
            doc = s.scalars(select(IssuedDocumentRow).where(
                IssuedDocumentRow.plan_id == plan.id, IssuedDocumentRow.task_id == p.id)
                .order_by(IssuedDocumentRow.id.desc())).first()
            number = reference(p.number, doc.symbol if doc else None)
            known.append(f"số {number} ngày {vn_day(p.date)} của {p.body_name}")
        else:
            missing.append(p.body_name)
    out = f"Văn bản dẫn văn bản cấp trên nhưng để trống số, ngày: “{cited}”."
    if missing:
        out += (f" Văn bản cấp trên của {'; '.join(missing)} chưa được ghi nhận ban hành: "
                "hãy ghi nhận văn bản đó trước, rồi điền số, ngày của nó vào câu “Thực hiện"
                " …”.")
    elif known:
        out += f" Hãy điền số, ngày đã ghi nhận: {'; '.join(known)}."
    return out


def scoped_reason(s: Session, m: Match, plan: PlanRow, allowed: Collection[str]) -> str:
    """Ingest's reason, restricted to the tasks of the key's subtree, by name."""
    e = m.explanation
    assert e is not None
    if e.code == "parent_mismatch":
        expected = e.evidence.get("expected") or {}
        wanted = "; ".join(f"{t.body_name}: {', '.join(expected[t.id])}"
                           for t in _tasks(s, plan, list(expected), allowed))
        cited = "; ".join(e.evidence.get("cited") or [])
        return f"Văn bản trích dẫn “{cited}” nhưng nhiệm vụ cần trích dẫn: {wanted}."
    if e.code == "ambiguous":
        ids = e.evidence.get("candidates") or []
        names = [t.body_name for t in _tasks(s, plan, ids, allowed)]
        scope = "; trong phạm vi của khóa này" if len(names) < len(ids) else ""
        return f"Văn bản khớp với nhiều nhiệm vụ{scope}: {'; '.join(names)}."
    if e.code == "no_parent_citation":
        names = [t.body_name for t in _tasks(s, plan, m.candidates, allowed)]
        return ("Văn bản không trích dẫn văn bản cấp trên nào theo dạng “Thực hiện …” "
                f"(cơ quan: {', '.join(names)}); không biết văn bản thực hiện nhiệm vụ nào.")
    return e.message


def unreadable(e: Exception, path: Path, file_name: str | None) -> str:
    """The reader's reason, naming the clerk's file, never the server's path."""
    msg = str(e).replace(str(path), file_name or "tệp")
    return f"{field_vi('file')}: không đọc được văn bản: {msg}"


def conflict_vi(t: PlanTaskRow, number: str, symbol: str, day: dt.date | None) -> str:
    """Why ``record_issued`` refused, in Vietnamese (its own messages are English)."""
    if t.status == "exempt":
        return (f"Nhiệm vụ đang ở trạng thái không phải ban hành (lý do: {t.exempt_reason})"
                "; hãy chuyển về Chưa thực hiện trước khi ghi nhận văn bản.")
    if t.status == "issued":
        return (f"Nhiệm vụ đã được ghi nhận ban hành văn bản số "
                f"{reference(t.number, None)}, ngày {vn_day(t.date)}.")
    return (f"Văn bản số {reference(number, symbol)} ngày {vn_day(day)} của "
            f"{t.body_name} đã được ghi nhận trước đó.")
