"""What the unit page shows a clerk about a signed document before it is recorded: the
facts read, why it cannot be recorded from this page, and the store's refusals, all in
Vietnamese and all within the viewer's reach.

Ingest's own reasons name every candidate task and, for a task already issued, its number
and date; a key outside those tasks' subtree must not learn them, so scope is judged
first and the reasons that list candidates are told again with only the key's own tasks.
"""

import datetime as dt
from collections.abc import Collection
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from api.web.labels import field_vi, vn_day
from api.web.pages import body_name, key_label
from cascade.citations.ingest import Match
from cascade.layout.rules import reference
from cascade.store.access import Caller
from cascade.store.rows import PlanRow, PlanTaskRow
from orgchart import Chart


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


def judge(s: Session, chart: Chart, m: Match, task: PlanTaskRow, caller: Caller,
          plan: PlanRow) -> tuple[str, str] | None:
    """(code, reason) why this match cannot be recorded from this task's page, or None."""
    allowed = caller.subtree(plan.as_of)
    who = key_label(chart, caller)
    if m.body_id and m.body_id not in allowed:
        return "outside", (f"Văn bản do {body_name(chart, m.body_id)} ban hành, ngoài phạm "
                           f"vi của khóa {who}.")
    if m.candidate_bodies and not any(b in allowed for b in m.candidate_bodies):
        return "outside", f"Cơ quan ban hành văn bản không thuộc phạm vi của khóa {who}."
    if m.explanation is not None:
        return m.explanation.code, scoped_reason(s, m, plan, allowed)
    if m.task_id != task.id:
        return "other_task", (f"Văn bản này là của {body_name(chart, m.body_id or '')}, "
                              f"không phải của {task.body_name}; hãy tải lên ở trang của "
                              "nhiệm vụ đó.")
    return None


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
