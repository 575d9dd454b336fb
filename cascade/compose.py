"""From a plan task to the draft SPEC a clerk would have written by hand.

The opening cites each parent as a clerk writes it, in the parent's own number format
(``Công văn số 2269-CV/TU ngày 31/12/2024 của …``, ``Công văn số 762/UBND-TH …``); a
parent not yet issued is cited with blanks (``Công văn số       -CV/TU ngày   /  /2026``)
that re-rendering fills once its number is known. The directive's tasks follow,
re-addressed to the local bodies ("Công an tỉnh Lai Châu chỉ đạo …", "Đề nghị Công an xã
Bình Lư …"), then who does what of the rest and the follow-up. Every phrase is read from
``cascade/data/wording.yaml`` in the issuer's voice (``cascade.wording``): this module
decides which phrase, for whom. A body a task names receives the draft to act on it, and
a body it addresses has a task or is given one. Rendering goes through ``cascade.drafts``.
"""

from __future__ import annotations

import datetime as dt

from cascade import doctypes, wording
from cascade.directive import Task
from cascade.drafts.spec import CopySpec, SignerSpec, Spec
from cascade.layout.body import Heading, Node, Point, Section
from cascade.layout.profile import choose_profile, load_profile
from cascade.layout.rules import number_line
from cascade.plan_rules import Rules
from cascade.planner import ROOT, Assignment, Line, Plan, PlanTask, directive_cite, vn_date
from orgchart.vocabulary import level_vi

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
    about = wording.text("cite.about_letter" if t.doc_type == "cong_van" else "cite.about")
    return f"{about} {s[0].lower()}{s[1:]}"


def _in_sentence(name: str) -> str:
    """A group name inside a sentence: "Các sở, ban, ngành" → "các sở, ban, ngành"."""
    return name[0].lower() + name[1:] if name.startswith("Các ") else name


def _stop(text: str) -> str:
    return text if text.endswith((".", ":", ";")) else text + "."


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _join(names: list[str]) -> str:
    """"A và B"; "A, B và C"; with "; " once a name holds a comma or a "và" of its own
    ("Ban Tuyên giáo và Dân vận …")."""
    names = [_in_sentence(n) for n in names]
    if len(names) < 2:
        return "".join(names)
    if any("," in n or " và " in n for n in names):
        return "; ".join(names)
    return f"{', '.join(names[:-1])} và {names[-1]}"


def _voice(t: PlanTask) -> wording.Voice:
    return wording.voice(t.system, t.kind, t.level)


def _unit(t: PlanTask) -> str:
    return t.unit_type or level_vi(t.level)


def _short(plan: Plan) -> str:
    return f"{plan.directive.type_name} số {plan.directive_number}"


def _function(t: PlanTask, tasks: dict[str, PlanTask]) -> wording.Function | None:
    kinds = [tasks[p].kind for p in t.parents if p in tasks]
    return wording.function_of(t.doc_type, t.kind, kinds)


def opening(plan: Plan, t: PlanTask, tasks: dict[str, PlanTask], rules: Rules) -> str:
    """``Thực hiện …; …, <body> <verb> …:``: the parents first, as each is numbered; then
    whom it asks in general terms (not its Kính gửi list again), in the issuer's voice."""
    d = plan.directive
    parts = []
    for p in t.parents:
        if p == ROOT:
            parts.append(wording.text("cite.directive", cite=directive_cite(plan),
                                      summary=d.summary, short=_short(plan)))
        else:
            parts.append(cite(tasks[p]))
    v, f = _voice(t), _function(t, tasks)
    fields = {"issuer": t.body_name, "verb": t.verb, "unit": _unit(t)}
    if addressed(t.doc_type):
        heads = [h for x in lines(t) if (h := wording.head_of(x.kind, x.text, _unit(t)))]
        fields["who"] = "; ".join(heads) or wording.phrase("heads_none", v)
        which = "cong_van"
    elif f is not None:
        which = f.id
    else:
        which = t.doc_type if t.doc_type in ("ke_hoach", "huong_dan") else "other"
    return (f'{wording.text("cite.lead", parents="; ".join(parts))} '
            f'{wording.phrase(f"opening.{which}", v, **fields)}')


def addressed(doc_type: str) -> bool:
    """Whether a document of this type carries its recipients as a Kính gửi block (a
    công văn); the others name them in Nơi nhận ("để thực hiện")."""
    return doctypes.get(doc_type).kinh_gui == "always"


def lines(t: PlanTask) -> list[Line]:
    """The bodies it addresses as the draft writes them (plans stored before the lines
    kept their bodies: the names alone)."""
    if t.recipient_groups or not t.recipient_lines:
        return list(t.recipient_groups)
    return [Line(text=n, kind="", ids=()) for n in t.recipient_lines]


def requested(t: PlanTask) -> list[Line]:
    if t.requested_groups or not t.requested_lines:
        return list(t.requested_groups)
    return [Line(text=n, kind="", ids=()) for n in t.requested_lines]


def _named(t: PlanTask) -> list[tuple[str | None, str, str]]:
    """(id, name, mode) of every body a task names: the body given it, or for a task
    given through its Party organisation, that organisation (which it addresses); and
    the body given the follow-up ("Giao Thanh tra tỉnh …")."""
    out = []
    if t.follow_up and t.follow_up_directed:
        out.append((t.follow_up_id, t.follow_up, "direct"))
    for a in t.assignments:
        if a.mode == "party" and a.via:
            out.append((a.via_id, a.via, "direct"))
        elif a.mode in ("direct", "request", "party") and a.body_name:
            out.append((a.body_id, a.body_name, a.mode))
    return out


def _covers(x: Line, body_id: str | None, name: str) -> bool:
    return name == x.text or (body_id is not None and body_id in x.ids)


def _tasked(x: Line, named: list[tuple[str | None, str, str]]) -> bool:
    """Whether a task names the body (or group) of line ``x``; ``named``: ``_named(t)``."""
    return any(_covers(x, i, n) for i, n, _ in named)


def extra_receivers(t: PlanTask) -> list[tuple[str, str]]:
    """(name, mode) of the bodies a task names that it neither addresses nor asks
    (Công an huyện given a task by the Huyện ủy beside it): they receive it too."""
    known = [*lines(t), *requested(t)]
    out: dict[str, str] = {}
    for i, n, mode in _named(t):
        if i != t.body_id and not any(_covers(x, i, n) for x in known):
            out.setdefault(n, mode)
    return list(out.items())


def addressees(t: PlanTask) -> list[str]:
    """Kính gửi: the names, many bodies of one kind as a group ("Các sở, ban, ngành tỉnh");
    then the bodies asked to do a task of it and those it names beside (each receives it
    to act)."""
    named = _named(t)
    asked = [x.text for x in requested(t) if _tasked(x, named)]
    return [*t.recipient_lines, *asked, *(n for n, _ in extra_receivers(t))]


def _carries(f: wording.Function | None, task: Task, text: str, a: Assignment,
             guided: list[Line]) -> bool:
    """Whether a document of function ``f`` carries this task: one of its function, or
    the task of a body it addresses or asks (the bodies it guides)."""
    if f is None:
        return True
    if task.lead is not None:
        return task.lead in f.leads or any(_covers(x, a.body_id, a.body_name or "")
                                           for x in guided)
    role = wording.subject_role(text)
    return role is not None and role[0] in f.subjects


def task_lines(plan: Plan, t: PlanTask, tasks: dict[str, PlanTask] | None = None
               ) -> list[str]:
    """The directive's tasks as this document gives them, in the issuer's voice; a
    document of a function (a propaganda guide) only those of its function."""
    v = _voice(t)
    f = _function(t, tasks or {})
    guided = [*lines(t), *requested(t)]
    picked = []
    for a in t.assignments:
        task = plan.directive.tasks[a.task]
        text = task.text_for(t.level, _unit(t)).strip().rstrip(".")
        picked.append((a, task, text))
    if f is not None and any(_carries(f, task, text, a, guided) for a, task, text in picked):
        picked = [x for x in picked if _carries(f, x[1], x[2], x[0], guided)]
    out = []
    for a, _, text in picked:
        if a.mode in ("all", "self"):  # its own duty: no name before the verb
            out.append(_cap(wording.reword_subject(text, v)))
            continue
        if a.mode == "party" and v.party:  # "… lãnh đạo, chỉ đạo Công an tỉnh" + the task
            text = text.removeprefix("chỉ đạo ")
        # a plan stored before Assignment.via has the whole "… lãnh đạo, chỉ đạo …" as name
        how = ("request" if a.mode == "request" else "party" if a.mode == "party" and a.via
               else "direct")
        if a.cooperate and how != "party":
            how += "_coop"
        out.append(wording.phrase(f"assign.{how}", v, lead=a.body_name or "", text=text,
                                  coop=", ".join(a.cooperate), via=a.via or ""))
    return out


def implement_lines(plan: Plan, t: PlanTask, tasks: dict[str, PlanTask],
                    kids: list[str]) -> list[str]:
    """Tổ chức thực hiện: each body it addresses has a task or is given one here, in one
    line for all alike: those answering with their own document issue it by its
    deadline; the others carry this one out; those asked without a task cooperate."""
    v, own = _voice(t), TYPE_NAMES[t.doc_type].lower()
    short, named = _short(plan), _named(t)
    due: dict[str, dt.date] = {}
    for k in kids:
        c = tasks.get(k)
        if c is not None:
            due[c.body_id] = max(due.get(c.body_id, c.deadline), c.deadline)
    by_date: dict[dt.date, list[str]] = {}
    carry = []
    for x in lines(t):
        dates = [due[i] for i in x.ids if i in due]
        if dates:
            by_date.setdefault(max(dates), []).append(x.text)
        elif not _tasked(x, named):
            carry.append(x.text)
    out = [wording.phrase("implement.issue", v, names=_cap(_join(names)), short=short,
                          own=own, date=vn_date(day))
           for day, names in sorted(by_date.items())]
    if carry:
        out.append(wording.phrase("implement.carry_out", v, names=_cap(_join(carry)), own=own))
    asked = [x.text for x in requested(t) if not _tasked(x, named)]
    if asked:
        out.append(wording.phrase("implement.request", v, names=_join(asked), own=own))
    return out


def follow_line(plan: Plan, t: PlanTask) -> str:
    """The follow-up given to a body, or else the report owed to the issuer."""
    v, d = _voice(t), plan.directive
    fields = {"short": _short(plan), "own": TYPE_NAMES[t.doc_type].lower(),
              "cycle": d.follow_up.report_cycle, "issuer": t.body_name}
    if t.follow_up and t.follow_up_directed:
        return wording.phrase("follow.directed", v, follow=t.follow_up, **fields)
    # seed 003: "định kỳ báo cáo UBND tỉnh, Thanh tra tỉnh theo quy định"
    ups = [c.text for c in t.copies if c.purpose == "report"]
    ups += [t.follow_up] if t.follow_up else []
    to = (wording.phrase("follow.to_report", v, ups=", ".join(ups)) if ups
          else wording.phrase("follow.to_none", v))
    return wording.phrase("follow.informed", v, doers=wording.phrase("follow.doers", v),
                          to=to, **fields)


def body_nodes(plan: Plan, t: PlanTask, tasks: dict[str, PlanTask], rules: Rules,
               kids: list[str]) -> list[Node]:
    v = _voice(t)
    first = opening(plan, t, tasks, rules)
    points = [Point(point=_stop(x)) for x in task_lines(plan, t, tasks)]
    closing_lines = [*implement_lines(plan, t, tasks, kids), follow_line(plan, t)]
    closing_points = [Point(point=_stop(x)) for x in closing_lines[:-1]]
    closing_points.append(Point(point=closing_lines[-1]))  # the profile ends it (./.)
    if addressed(t.doc_type):
        return [first, *points, *closing_points]
    f = _function(t, tasks)
    fields = {"short": _short(plan),
              "topic": _stop(plan.directive.short_summary or plan.directive.summary)}
    aims_text = wording.phrase("aims_propaganda" if f else "aims", v, **fields)
    aims = [Heading(heading=wording.text("aims_headings.aims"), content=[_stop(aims_text)]),
            Heading(heading=wording.text("aims_headings.requirement"),
                    content=[wording.phrase("requirement", v, short=fields["short"])])]
    # the type's own sections; a planned document of a type without them reads as a plan
    aims_title, middle, closing = (doctypes.get(t.doc_type).sections
                                   or doctypes.get("ke_hoach").sections)
    return [first, Section(section=aims_title, content=aims),
            Section(section=middle, content=points),
            Section(section=closing, content=closing_points)]


def copies(t: PlanTask, rules: Rules) -> list[CopySpec]:
    """Nơi nhận after "Như trên": upward and follow-up first, then (without a Kính gửi) the
    bodies that implement, then those asked to cooperate; each body once, none that the
    Kính gửi names. A body given a task (the follow-up, a body asked to act) receives it
    "để thực hiện"; one beside it that only watches, "để theo dõi" (003)."""
    kinh_gui = set(addressees(t)) if addressed(t.doc_type) else set()
    out: list[CopySpec] = []
    seen = set(kinh_gui)

    def add(c: CopySpec) -> None:
        if c.to not in seen:
            seen.add(c.to)
            out.append(c)

    named = _named(t)
    asked = {x.text: _tasked(x, named) for x in requested(t)}
    for c in t.copies:
        given = c.purpose == "follow" and t.follow_up_directed and c.body_id == t.follow_up_id
        if c.text in asked and c.purpose != "report":  # the body asks it: say so (TT HĐND)
            add(CopySpec(to=c.text, purpose="implement") if asked[c.text]
                else CopySpec(to=c.text, note="(để phối hợp)"))
            continue
        add(CopySpec(to=c.text, purpose="implement" if given else c.purpose, note=c.note))
    if not addressed(t.doc_type):
        for n in t.recipient_lines:
            add(CopySpec(to=n, purpose="implement"))
        for x in requested(t):
            if _tasked(x, named):
                add(CopySpec(to=x.text, purpose="implement"))
        for n, _ in extra_receivers(t):
            add(CopySpec(to=n, purpose="implement"))
    for x in requested(t):
        add(CopySpec(to=x.text, note="(để phối hợp)"))
    return out


def spec_for(plan: Plan, t: PlanTask, rules: Rules,
             tasks: dict[str, PlanTask] | None = None,
             children: dict[str, list[str]] | None = None) -> Spec:
    """The draft SPEC of ``t``: no number and no day (the văn thư fills them), the year
    of its deadline, or of the plan date when that is later."""
    tasks = tasks if tasks is not None else {x.id: x for x in plan.tasks}
    kids = (children or {}).get(t.id, [])
    return Spec(
        # a draft made on the plan date is not dated before it (an overdue deadline)
        issuer=t.body_id, type=t.doc_type, summary=t.summary,
        year=max(t.deadline, plan.as_of).year,
        unit=t.unit,
        recipients=addressees(t) if addressed(t.doc_type) else [],
        body=body_nodes(plan, t, tasks, rules, kids),
        signer=SignerSpec(post=t.signer), copies_to=copies(t, rules),
        profile_overrides=None if t.has_office else NO_OFFICE)


def children_of(plan: Plan) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for t in plan.tasks:
        for p in t.parents:
            out.setdefault(p, []).append(t.id)
    return out
