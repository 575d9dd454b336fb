"""``trienkhai plan --explain BODY``: why a body issues the documents it does.

For one body: the documents that reached it, every rule whose ``body`` fits it, and for
each whether it gave the body a document (which, citing what) or why not (out of force,
no matching parent, replaced by another rule). Read from the plan and the planner's trace,
so it shows what the planner decided, not a second reading of the rules.
"""

from __future__ import annotations

from cascade.doctypes import all_types
from cascade.plan_rules import Rules
from cascade.planner import ROOT, Plan, Received
from orgchart import Body, load_chart
from orgchart.text import key

_NAMES = {t.id: t.name for t in all_types()}


def find_body(plan: Plan, name: str) -> Body:
    """The body by id, else by name as a clerk types it (tones and case aside)."""
    chart = load_chart()
    try:
        return chart.body(name, as_of=plan.as_of)
    except KeyError:
        pass
    want = key(name)
    for t in plan.tasks:
        if key(t.body_name) == want:
            return chart.body(t.body_id, as_of=plan.as_of)
    try:
        return chart.resolve(name, as_of=plan.as_of)
    except Exception:  # UnknownBody: the message below names what was typed
        raise LookupError(f"--explain: không có cơ quan {name!r} vào ngày "
                          f"{plan.as_of:%d/%m/%Y}") from None


def _doc(plan: Plan, r: Received) -> str:
    if r.task_id == ROOT:
        return f"{plan.directive.type_name} số {plan.directive_number}"
    t = plan.task(r.task_id)
    return f"{_NAMES[t.doc_type]} của {t.body_name} [{t.id}]"


def explain_text(plan: Plan, rules: Rules, trace: dict[str, list[Received]],
                 name: str) -> str:
    """The explanation as lines of Vietnamese text."""
    b = find_body(plan, name)
    got = trace.get(b.id)
    lines = [f"{b.name} [{b.id}], sơ đồ tổ chức ngày {plan.as_of:%d/%m/%Y}"]
    if got is None:
        lines.append("  Không văn bản nào của kế hoạch gửi đến cơ quan này (ngoài phạm vi, "
                     "hoặc không quy tắc nào cho loại cơ quan này).")
        got = []
    else:
        lines.append("  Văn bản cấp trên gửi đến:")
        lines += [f"    - {_doc(plan, r)}" for r in got] or ["    (không có)"]
    rows = rules.explain(b, [(r.kind, r.level, r.doc_type) for r in got], plan.as_of)
    if not rows:
        lines.append("  Không quy tắc nào áp dụng cho loại cơ quan này: không ban hành văn bản.")
        return "\n".join(lines)
    mine = {t.rule: t for t in plan.tasks if t.body_id == b.id}
    lines.append("  Quy tắc khớp với cơ quan (theo thứ tự trong tệp quy tắc):")
    for rule, hit, why in rows:
        if why is None and rule.id in mine:
            t = mine[rule.id]
            cites = "; ".join(_doc(plan, got[i]) for i in hit)
            lines.append(f"    + {rule.id}: ÁP DỤNG — {_NAMES[t.doc_type]} [{t.id}], thực "
                         f"hiện {cites}; hạn {t.deadline:%d/%m/%Y}")
        else:
            lines.append(f"    - {rule.id}: không áp dụng — {why or 'ngoài phạm vi kế hoạch'}")
    return "\n".join(lines)
