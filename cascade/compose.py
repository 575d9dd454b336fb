"""From a plan task to the draft SPEC a clerk would have written by hand.

The opening cites each parent as a clerk writes it, in the parent's own number format
(``Công văn số 2269-CV/TU ngày 31/12/2024 của …``, ``Công văn số 762/UBND-TH …``); a
parent not yet issued is cited with blanks (``Công văn số       -CV/TU ngày   /  /2026``)
that re-rendering fills once its number is known. The directive's tasks follow,
re-addressed to the local bodies ("Công an tỉnh Lai Châu chỉ đạo …", "Đề nghị Công an xã
Bình Lư …"), then follow-up and reporting. Rendering goes through ``cascade.drafts``.
"""

from __future__ import annotations

import datetime as dt

from cascade import doctypes
from cascade.drafts.spec import CopySpec, SignerSpec, Spec
from cascade.layout.body import Heading, Node, Point, Section
from cascade.layout.profile import choose_profile, load_profile
from cascade.layout.rules import number_line
from cascade.plan_rules import Rules
from cascade.planner import ROOT, Plan, PlanTask, directive_cite, vn_date

# id → name as cited ("Công văn"), a view of the one vocabulary for callers of compose
TYPE_NAMES = {t.id: t.name for t in doctypes.all_types()}
BLANK_DATE = "   /  /{year}"
# A Party body without a Văn phòng of its own (a pre-2025 commune Đảng ủy) files the copy
# with its committee's office, as such a Đảng ủy writes it.
NO_OFFICE = {"noi_nhan": {"archive": "Lưu Văn phòng Đảng ủy",
                          "archive_no_unit": "Lưu Văn phòng Đảng ủy"}}


def number_text(t: PlanTask) -> str:
    """The task's document number as cited: ``2269-CV/TU``, ``762/UBND-TH``, ``12/KH-SYT``;
    blanks for the văn thư until it is issued."""
    when = t.issued_on or t.deadline
    p = load_profile(choose_profile(t.system, when))
    line = number_line(p, t.doc_type, t.symbol, t.number, t.unit)
    text = line.removeprefix("Số:") if line.startswith("Số:") else line.removeprefix("Số ")
    return text.strip() if t.number else text


def cite(t: PlanTask) -> str:
    """``Công văn số 2269-CV/TU ngày 31/12/2024 của Ban Thường vụ Tỉnh ủy Lai Châu về …``."""
    day = vn_date(t.issued_on) if t.issued_on else BLANK_DATE.format(year=t.deadline.year)
    return (f"{TYPE_NAMES[t.doc_type]} số {number_text(t)} ngày {day} của {t.body_name} "
            f"{_about(t)}")


def _about(t: PlanTask) -> str:
    """The parent's summary after its issuer: ``về việc …`` for a letter, ``về …`` else."""
    s = t.summary.strip()
    if s.lower().startswith(("về ", "v/v ")):
        return s
    return f"{'về việc' if t.doc_type == 'cong_van' else 'về'} {s[0].lower()}{s[1:]}"


def _in_sentence(name: str) -> str:
    """A group name inside a sentence: "Các sở, ban, ngành" → "các sở, ban, ngành"."""
    return name[0].lower() + name[1:] if name.startswith("Các ") else name


def _stop(text: str) -> str:
    return text if text.endswith((".", ":", ";")) else text + "."


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def opening(plan: Plan, t: PlanTask, tasks: dict[str, PlanTask], rules: Rules) -> str:
    """``Thực hiện …; …, <body> <verb> …:``: the parents first, as each is numbered."""
    d = plan.directive
    parts = []
    for p in t.parents:
        if p == ROOT:
            parts.append(f"{directive_cite(plan)} {d.summary} (sau đây viết tắt là "
                         f"{d.type_name} số {plan.directive_number})")
        else:
            parts.append(cite(tasks[p]))
    head = f"Thực hiện {'; '.join(parts)}, {t.body_name}"
    if addressed(t.doc_type):
        who = "; ".join(_in_sentence(x) for x in addressees(t)) or "các cơ quan, đơn vị"
        return (f"{head} {t.verb} {who} tập trung lãnh đạo, chỉ đạo thực hiện tốt một số "
                "nhiệm vụ trọng tâm sau:")
    if t.doc_type == "huong_dan":
        return f"{head} hướng dẫn thực hiện như sau:"
    return f"{head} xây dựng kế hoạch thực hiện như sau:"


def addressed(doc_type: str) -> bool:
    """Whether a document of this type carries its recipients as a Kính gửi block (a
    công văn); the others name them in Nơi nhận ("để thực hiện")."""
    return doctypes.get(doc_type).kinh_gui == "always"


def addressees(t: PlanTask) -> list[str]:
    """Kính gửi: the names, many bodies of one kind as a group ("Các sở, ban, ngành tỉnh")."""
    return t.recipient_lines


def task_lines(plan: Plan, t: PlanTask) -> list[str]:
    """The directive's tasks as this document gives them."""
    out = []
    for a in t.assignments:
        task = plan.directive.tasks[a.task]
        text = task.text_for(t.level).strip().rstrip(".")
        if a.mode in ("all", "self"):  # its own duty: no name before the verb
            out.append(_cap(text))
            continue
        if a.mode == "party":  # "… lãnh đạo, chỉ đạo Công an tỉnh" + the task, once
            text = text.removeprefix("chỉ đạo ")
        lead = a.body_name or ""
        if a.cooperate:
            lead += f" chủ trì, phối hợp với {', '.join(a.cooperate)}"
        out.append(f"Đề nghị {lead} {text}" if a.mode == "request" else f"{lead} {text}")
    return out


def follow_line(plan: Plan, t: PlanTask, children_deadline: dt.date | None) -> str:
    d = plan.directive
    short = f"{d.type_name} số {plan.directive_number}"
    own = TYPE_NAMES[t.doc_type].lower()
    cycle = d.follow_up.report_cycle
    issue = (f"; các cơ quan, đơn vị ban hành văn bản triển khai trước ngày "
             f"{vn_date(children_deadline)}" if children_deadline else "")
    if t.follow_up and t.follow_up_directed:
        return (f"Giao {t.follow_up} chủ trì, phối hợp với các cơ quan, đơn vị có liên quan "
                f"theo dõi, hướng dẫn, kiểm tra, đôn đốc việc thực hiện {short} và {own} này"
                f"{issue}; {cycle} báo cáo {t.body_name} kết quả thực hiện")
    # seed 003: "định kỳ báo cáo UBND tỉnh, Thanh tra tỉnh theo quy định"
    ups = [c.text for c in t.copies if c.purpose == "report"]
    ups += [t.follow_up] if t.follow_up else []
    to = f"để tổng hợp, báo cáo {', '.join(ups)} theo quy định" if ups else "để tổng hợp"
    return (f"Các cơ quan, đơn vị tổ chức thực hiện nghiêm {short} và {own} này{issue}; "
            f"{cycle} báo cáo kết quả thực hiện về {t.body_name} {to}")


def body_nodes(plan: Plan, t: PlanTask, tasks: dict[str, PlanTask], rules: Rules,
               children_deadline: dt.date | None) -> list[Node]:
    first = opening(plan, t, tasks, rules)
    lines = task_lines(plan, t)
    follow = follow_line(plan, t, children_deadline)
    if addressed(t.doc_type):
        return [first, *(Point(point=_stop(x)) for x in lines), Point(point=follow)]
    short = f"{plan.directive.type_name} số {plan.directive_number}"
    aims = [Heading(heading="Mục đích", content=[
                f"Quán triệt, triển khai thực hiện nghiêm túc, hiệu quả {short}; nâng cao "
                "nhận thức, trách nhiệm của cấp ủy, chính quyền, cán bộ, đảng viên và Nhân "
                f"dân {_stop(plan.directive.short_summary or plan.directive.summary)}"]),
            Heading(heading="Yêu cầu", content=[
                f"Việc thực hiện {short} phải thiết thực, hiệu quả, phù hợp với chức năng, "
                "nhiệm vụ và tình hình thực tế; bảo đảm sự phối hợp chặt chẽ giữa các cơ "
                "quan, đơn vị."])]
    # the type's own sections; a planned document of a type without them reads as a plan
    aims_title, middle, closing = (doctypes.get(t.doc_type).sections
                                   or doctypes.get("ke_hoach").sections)
    own = [Point(point=_stop(x)) for x in lines]
    implement = [Point(point=f"Đề nghị {_in_sentence(n)} phối hợp thực hiện các nội dung "
                              f"của {TYPE_NAMES[t.doc_type].lower()} này.")
                 for n in t.requested_lines]
    return [first, Section(section=aims_title, content=aims),
            Section(section=middle, content=own),
            Section(section=closing, content=[*implement, Point(point=follow)])]


def copies(t: PlanTask, rules: Rules) -> list[CopySpec]:
    """Nơi nhận after "Như trên": upward and follow-up first, then (without a Kính gửi) the
    bodies that implement, then those asked to cooperate; each body once."""
    out = [CopySpec(to=c.text, purpose=c.purpose, note=c.note) for c in t.copies]
    seen = {c.text for c in t.copies}
    if not addressed(t.doc_type):
        out += [CopySpec(to=n, purpose="implement") for n in addressees(t) if n not in seen]
    out += [CopySpec(to=n, note="(để phối hợp)") for n in t.requested_lines if n not in seen]
    return out


def spec_for(plan: Plan, t: PlanTask, rules: Rules,
             tasks: dict[str, PlanTask] | None = None,
             children: dict[str, list[str]] | None = None) -> Spec:
    """The draft SPEC of ``t``: no number and no day (the văn thư fills them), the year
    of its deadline."""
    tasks = tasks if tasks is not None else {x.id: x for x in plan.tasks}
    kids = (children or {}).get(t.id, [])
    child_deadline = max((tasks[k].deadline for k in kids), default=None)
    return Spec(
        issuer=t.body_id, type=t.doc_type, summary=t.summary, year=t.deadline.year,
        unit=t.unit,
        recipients=addressees(t) if addressed(t.doc_type) else [],
        body=body_nodes(plan, t, tasks, rules, child_deadline),
        signer=SignerSpec(post=t.signer), copies_to=copies(t, rules),
        profile_overrides=None if t.has_office else NO_OFFICE)


def children_of(plan: Plan) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for t in plan.tasks:
        for p in t.parents:
            out.setdefault(p, []).append(t.id)
    return out
