"""The planner: from a directive to every implementing document, level by level.

Pure and deterministic: the same directive, chart date, rules and issued numbers give the
same plan. The chart is walked as of the plan date (three levels before 1/7/2025, two
after); a body issues one document per rule that gives it one (see plan_rules), each
citing every parent that rule answers, and tasks come out in topological order (a parent
always before its children). A body's first document has the body's id as its task id,
a further one ``<body id>.<type>`` (``….btv.huong_dan``).

Deadlines count from the directive's date (or ``start``), never from the chart date: a
document is due ``deadline_days`` after its latest parent's deadline (or issue date, once
issued), or after the day its issuer came into being if later; a level's date given by
the directive replaces that, and no document is due before any of its parents.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from cascade import wording
from cascade.directive import Directive
from cascade.plan_rules import Rule, Rules
from orgchart import Body, Chart, Level

ROOT = "directive"
_LEVEL_RANK = {Level.central: 0, Level.province: 1, Level.district: 2, Level.commune: 3,
               Level.unit: 4}


class PlanError(ValueError):
    """A directive that cannot be planned (unknown issuer, scope …): message in Vietnamese."""


class Issued(BaseModel):
    """A document already issued: its number (``2269``) and date."""

    model_config = ConfigDict(frozen=True)
    number: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class Assignment:
    """A directive task as this document gives it: to whom, and how (giao / đề nghị).

    Plain dataclasses here: tens of thousands are built per national plan."""

    task: int
    mode: Literal["all", "direct", "request", "self", "party"]
    body_id: str | None = None
    body_name: str | None = None
    cooperate: tuple[str, ...] = ()  # names
    via: str | None = None  # mode "party": the Party organisation leading the body (name)
    via_id: str | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """A recipient as a draft writes it: one body, or many of a kind as their group."""

    text: str
    kind: str
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CopyLine:
    text: str
    purpose: str | None = None
    note: str | None = None
    body_id: str | None = None


@dataclass(frozen=True, slots=True)
class Received:
    """A document that reached a body: its task id (ROOT: the directive) and what it is."""

    task_id: str
    kind: str
    level: str
    doc_type: str


class PlanTask(BaseModel):
    """One implementing document to draft."""

    model_config = ConfigDict(frozen=True)
    id: str
    body_id: str
    body_name: str
    kind: str
    system: str
    province: str | None
    territory: str | None
    level: str
    doc_type: str
    rule: str
    generation: int
    parents: list[str]
    recipients: list[str]
    recipient_ids: list[str]
    requested: list[str]
    requested_ids: list[str]
    recipient_lines: list[str]  # as a draft writes them: many of one kind as a group
    requested_lines: list[str]
    recipient_groups: list[Line] = []  # the lines with their kind and bodies
    requested_groups: list[Line] = []
    copies: list[CopyLine]
    assignments: list[Assignment]
    follow_up_id: str | None = None
    follow_up: str | None = None
    follow_up_directed: bool = False  # True: "Giao …"; False: a body beside it, informed
    deadline: dt.date
    summary: str
    symbol: str
    unit: str | None = None
    signer: str
    verb: str
    number: str | None = None
    issued_on: dt.date | None = None
    has_office: bool = True  # a Party body with a Văn phòng to name in "Lưu …"
    unit_type: str | None = None  # its territory's type on the plan date: tỉnh, phường …


class Plan(BaseModel):
    model_config = ConfigDict(frozen=True)
    directive: Directive
    issuer_id: str
    issuer_name: str
    issuer_symbol: str
    directive_number: str  # "107-KL/TW", as the directive prints it
    as_of: dt.date
    scope: list[str]
    tasks: list[PlanTask]

    def task(self, task_id: str) -> PlanTask:
        for t in self.tasks:
            if t.id == task_id:
                return t
        raise KeyError(task_id)



def vn_date(d: dt.date) -> str:
    """``24/12/2024``, ``25/02/2025``, ``19/3/2025``: zero for days 1–9 and months 1–2."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if d.month <= 2 else \
        f"{d.day:02d}/{d.month}/{d.year}"


def directive_cite(plan: Plan) -> str:
    """``Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị``."""
    d = plan.directive
    return f"{d.type_name} số {plan.directive_number} ngày {vn_date(d.date)} của {plan.issuer_name}"


def _summary(rule: Rule, directive: Directive, cite: str) -> str:
    topic = directive.short_summary or directive.summary
    return " ".join(rule.summary.format(directive=cite, topic=topic).split())


class _Walk:
    """Discovery of the bodies that may answer, then decisions in topological order."""

    def __init__(self, chart: Chart, rules: Rules, day: dt.date, scope: set[str]) -> None:
        self.chart, self.rules, self.day, self.scope = chart, rules, day, scope
        self.directed: dict[str, list[Body]] = {}
        self.requested: dict[str, list[Body]] = {}
        self._rules_on = rules.on(day)
        self._territory: dict[str, dict[str, Body]] = {}
        self.seen: dict[str, Body] = {}
        self._kinds: dict[str, tuple[dict[str, list[Body]], dict[str, list[Body]]]] = {}
        self.local: dict[tuple[str, str, str], tuple[str | None, str | None, str]] = {}
        self._pairs = {(r.body.kind, r.body.level) for r in self._rules_on}
        self.owner: dict[str, str] = {}  # task id → the body issuing it
        self._unit_types: dict[str, str] = {}

    def group_text(self, bodies: list[Body]) -> str | None:
        """The label of bodies of one kind and level, from their units' types on the
        plan date (no "đặc khu" where there is none); None: name them."""
        types = [x for x in (self.unit_type(b) for b in bodies) if x]
        return wording.group_text(str(bodies[0].kind), str(bodies[0].level), types,
                                  len(bodies))

    def unit_type(self, b: Body) -> str | None:
        """The type word of the body's territory on the plan date (tỉnh, phường …)."""
        t = b.territory
        if t is None:
            return None
        if t not in self._unit_types:
            self._unit_types[t] = self.chart.unit(t, as_of=self.day).type
        return self._unit_types[t]

    def reach(self, body_id: str) -> tuple[list[Body], list[Body]]:
        if body_id not in self.directed:
            self.directed[body_id] = self.chart.directed(body_id, as_of=self.day)
            self.requested[body_id] = self.chart.requested(body_id, as_of=self.day)
        return self.directed[body_id], self.requested[body_id]

    def kinds(self, body_id: str) -> tuple[dict[str, list[Body]], dict[str, list[Body]]]:
        """The bodies it directs and asks, by kind (memoised)."""
        hit = self._kinds.get(body_id)
        if hit is None:
            out: tuple[dict[str, list[Body]], dict[str, list[Body]]] = ({}, {})
            for pool, index in zip(self.reach(body_id), out, strict=True):
                for x in pool:
                    index.setdefault(x.kind, []).append(x)
            hit = self._kinds[body_id] = out
        return hit

    def counterpart(self, body_id: str, kind: str) -> Body | None:
        """``chart.counterpart``, from one index per territory (a commune is asked about
        several kinds) and one for the central bodies."""
        b = self.seen.get(body_id) or self.chart.body(body_id, as_of=self.day)
        area = b.territory or ""  # "": the central bodies, one index (a scan each was 1 s)
        index = self._territory.get(area)
        if index is None:
            index = self._territory[area] = {}
            pool = (self.chart.bodies(territory=b.territory, as_of=self.day) if b.territory
                    else self.chart.bodies(level=Level.central, as_of=self.day))
            for x in pool:
                index.setdefault(x.kind, x)  # in the chart's order, as chart.counterpart picks
        return index.get(kind)

    def candidate(self, b: Body) -> bool:
        if self.scope and b.province not in self.scope:
            return False
        return ((b.kind, b.level) in self._pairs or (None, b.level) in self._pairs
                or (b.kind, None) in self._pairs or (None, None) in self._pairs)

    def discover(self, root: str) -> tuple[dict[str, Body], dict[str, list[str]]]:
        """Candidates reachable from the issuer and, for each, the candidates above it."""
        bodies: dict[str, Body] = {}
        preds: dict[str, list[str]] = defaultdict(list)
        queue = deque([root])
        seen = {root}
        while queue:
            cur = queue.popleft()
            d, r = self.reach(cur)
            for b in (*d, *r):
                if not self.candidate(b):
                    continue
                preds[b.id].append(cur)
                if b.id not in seen:
                    seen.add(b.id)
                    bodies[b.id] = self.seen[b.id] = b
                    queue.append(b.id)
        return bodies, preds


def plan(chart: Chart, directive: Directive, rules: Rules, *, as_of: dt.date | None = None,
         scope: list[str] | None = None, issued: dict[str, Issued] | None = None,
         start: dt.date | None = None, trace: dict[str, list[Received]] | None = None
         ) -> Plan:
    """The plan of ``directive`` over the chart as of ``as_of`` (default: its date).

    The cyclic garbage collector is paused meanwhile: a national plan allocates tens of
    thousands of small objects, and each full collection would walk the whole loaded
    chart (about 110,000 bodies) again, which doubled the planning time. ``trace``, when
    given, is filled with the documents that reached each candidate body (``--explain``).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        return _plan(chart, directive, rules, as_of=as_of, scope=scope, issued=issued,
                     start=start, trace=trace)
    finally:
        if was:
            gc.enable()


def _plan(chart: Chart, directive: Directive, rules: Rules, *, as_of: dt.date | None,
          scope: list[str] | None, issued: dict[str, Issued] | None,
          start: dt.date | None, trace: dict[str, list[Received]] | None) -> Plan:
    day = as_of or directive.date
    issued = issued or {}
    scope_ids = sorted(set(scope if scope is not None else directive.scope))
    for p in scope_ids:
        try:
            t = chart.unit(p, as_of=day)
        except KeyError:
            raise PlanError(f"phạm vi {p!r}: không có tỉnh, thành phố này vào ngày "
                            f"{day:%d/%m/%Y}") from None
        if t.level != Level.province:
            raise PlanError(f"phạm vi {p!r}: phải là mã tỉnh, thành phố (ví dụ lai-chau)")
    try:
        root = chart.resolve(directive.issuer, as_of=day)
    except Exception as exc:  # UnknownBody carries suggestions
        near = getattr(exc, "suggestions", None)
        hint = f"; gần đúng: {', '.join(near[:5])}" if near else ""
        raise PlanError(f"không tìm thấy cơ quan ban hành {directive.issuer!r}{hint}") from None

    walk = _Walk(chart, rules, day, set(scope_ids))
    bodies, preds = walk.discover(root.id)
    decided = _decide(walk, root, bodies, preds, trace)
    sym = directive.full_symbol(root.symbol or "")
    number = f"{directive.number}{'/' if root.system == 'state' else '-'}{sym}"
    cite = f"{directive.type_name} số {number} ngày {vn_date(directive.date)} của {root.name}"
    out: dict[str, PlanTask] = {}
    for tid, (bid, rule, parents, gen) in decided.items():
        b = bodies[bid]
        ups = [out[p] for p in parents if p != ROOT]
        deadline = _deadline(rules, directive, b, ups, gen, start or directive.date, issued)
        out[tid] = _task(walk, tid, b, rule, parents, gen, deadline, directive, root,
                         _summary(rule, directive, cite), issued.get(tid))
    ordered = sorted(out.values(), key=lambda t: (t.generation, t.province or "",
                                                  _LEVEL_RANK[Level(t.level)], t.id))
    return Plan(directive=directive, issuer_id=root.id, issuer_name=root.name,
                issuer_symbol=root.symbol or "", directive_number=number, as_of=day,
                scope=scope_ids, tasks=ordered)


def _parent_date(t: PlanTask, issued: dict[str, Issued]) -> dt.date:
    got = issued.get(t.id)
    return got.date if got else t.deadline


def _deadline(rules: Rules, directive: Directive, b: Body, ups: list[PlanTask], gen: int,
              start: dt.date, issued: dict[str, Issued]) -> dt.date:
    """When ``b``'s document is due: see the module docstring. A commune created on
    1/7/2025 answering a letter of 31/12/2024 counts from 1/7/2025, not from 2024."""
    base = max((_parent_date(u, issued) for u in ups), default=start)
    if b.valid_from is not None and b.valid_from > base:
        base = b.valid_from
    due = base + dt.timedelta(days=rules.deadline_offset(gen, directive.deadlines.days or None))
    given = directive.deadlines.by_level.get(str(b.level))
    if given is not None and (b.valid_from is None or given > b.valid_from):
        due = given  # the directive's date for the level, unless the body came later
    floor = max((max(u.deadline, _parent_date(u, issued)) for u in ups), default=start)
    return max(due, floor)


def _decide(walk: _Walk, root: Body, bodies: dict[str, Body], preds: dict[str, list[str]],
            trace: dict[str, list[Received]] | None
            ) -> dict[str, tuple[str, Rule, list[str], int]]:
    """Kahn's order over the candidates; each decides once all bodies above it have,
    giving ``{task id: (body id, rule, parent task ids, generation)}``."""
    indeg = {b: len(set(preds[b])) for b in bodies}
    succ: dict[str, list[str]] = defaultdict(list)
    for child, ps in preds.items():
        for p in set(ps):
            succ[p].append(child)
    # what each responder issued, as its children see it
    issued_as: dict[str, list[Received]] = {
        root.id: [Received(ROOT, str(root.kind), str(root.level), "directive")]}
    gen: dict[str, int] = {ROOT: 0}
    decided: dict[str, tuple[str, Rule, list[str], int]] = {}
    for c in succ[root.id]:
        indeg[c] -= 1
    queue = deque(sorted(c for c in bodies if indeg[c] == 0))
    while queue:
        bid = queue.popleft()
        b = bodies[bid]
        docs = [d for p in sorted(set(preds[bid])) for d in issued_as.get(p, ())]
        if trace is not None:
            trace[bid] = docs
        mine: list[Received] = []
        for rule, idx in walk.rules.choose(b, [(d.kind, d.level, d.doc_type) for d in docs],
                                           walk.day):
            tid = _task_id(bid, rule, {m.task_id for m in mine})
            parents = [docs[i].task_id for i in idx]
            gen[tid] = 1 + max(gen[p] for p in parents)
            mine.append(Received(tid, str(b.kind), str(b.level), rule.doc_type))
            decided[tid] = (bid, rule, parents, gen[tid])
            walk.owner[tid] = bid
        if mine:
            issued_as[bid] = mine
        for c in sorted(succ[bid]):
            indeg[c] -= 1
            if indeg[c] == 0:
                queue.append(c)
    return decided


def _task_id(body_id: str, rule: Rule, taken: set[str]) -> str:
    """The body's id for its first document; ``<id>.<type>``, else ``<id>.<rule>``, after."""
    for tid in (body_id, f"{body_id}.{rule.doc_type}", f"{body_id}.{rule.id}"):
        if tid not in taken:
            return tid
    raise PlanError(f"{body_id}: hai quy tắc {rule.id!r} cho cùng một văn bản")


def _pick(bodies: list[Body], kinds: list[str]) -> list[Body]:
    """Bodies of the listed kinds, in the order the kinds are listed, then by id."""
    rank = {k: i for i, k in enumerate(kinds)}
    return sorted((b for b in bodies if b.kind in rank), key=lambda b: (rank[b.kind], b.id))


def _grouped(walk: _Walk, bodies: list[Body]) -> list[Line]:
    """Lines, with many bodies of one kind and level written once as a group."""
    same: dict[tuple[str, str], list[Body]] = defaultdict(list)
    for b in bodies:
        same[(b.kind, b.level)].append(b)
    labels = {k: walk.group_text(members) for k, members in same.items()}
    out: dict[str, Line] = {}
    for b in bodies:
        members = same[(b.kind, b.level)]
        group = labels[(b.kind, b.level)]
        if group is None:
            out.setdefault(b.name, Line(text=b.name, kind=str(b.kind), ids=(b.id,)))
        elif group not in out:
            out[group] = Line(text=group, kind=str(b.kind), ids=tuple(x.id for x in members))
    return list(out.values())


_Local = tuple[str | None, str | None, str, Body | None]


def _local(walk: _Walk, b: Body, rule: Rule, kind: str) -> _Local:
    k = (b.id, rule.id, kind)
    hit = walk.local.get(k)
    if hit is None:
        hit = walk.local[k] = _find_local(walk, b, rule, kind)
    return hit


def _find_local(walk: _Walk, b: Body, rule: Rule, kind: str) -> _Local:
    """Who of ``kind`` this body deals with: (id, name, mode, the Party organisation
    through which it is led, for mode "party"). Itself first; then the bodies
    it directs, then those it asks; a committee leading its territory, the body beside it.
    Several bodies of one kind are named as a group ("Ủy ban nhân dân các xã, phường")."""
    if b.kind == kind:
        return b.id, b.name, "self", None
    for pool, mode in zip(walk.kinds(b.id), ("direct", "request"), strict=True):
        hits = pool.get(kind)
        if not hits:
            continue
        if len(hits) == 1:
            return hits[0].id, hits[0].name, mode, None
        group = walk.group_text(hits)
        return None, group or ", ".join(x.name for x in hits), mode, None
    if rule.leads_territory and b.territory:
        # §6: a Party organisation "lãnh đạo, chỉ đạo" its State body (Đảng ủy Công an tỉnh
        # over Công an tỉnh, seed 000)
        for org in sorted((x for xs in walk.kinds(b.id)[0].values() for x in xs
                           if x.kind in walk.rules.leading_organisations),
                          key=lambda x: x.id):
            hits = walk.kinds(org.id)[0].get(kind, [])
            if len(hits) == 1:
                return hits[0].id, hits[0].name, "party", org
        x = walk.counterpart(b.id, kind) if kind in rule.beside else None
        if x is not None:
            return x.id, x.name, "direct", None
    return None, None, "all", None


def _one(bodies: list[Body] | None) -> Body | None:
    return bodies[0] if bodies and len(bodies) == 1 else None


def _follower(walk: _Walk, b: Body, rule: Rule, kind: str) -> Body | None:
    """The body of ``kind`` that follows up: one it directs or asks, else the one beside it
    (a sở's plan is followed by the Thanh tra tỉnh)."""
    i, _, mode, _ = _local(walk, b, rule, kind)
    if i is not None and mode != "self":
        return walk.chart.body(i, as_of=walk.day)
    if mode == "all" and b.territory:
        x = walk.counterpart(b.id, kind)
        return x if x is not None and x.id != b.id else None
    return None


def _task(walk: _Walk, tid: str, b: Body, rule: Rule, parents: list[str], gen: int,
          deadline: dt.date, directive: Directive, root: Body, summary: str,
          issued: Issued | None) -> PlanTask:
    directed, requested = walk.reach(b.id)
    rec = _pick(directed, rule.address)
    req = _pick(requested, rule.request)
    assignments = []
    for i, t in enumerate(directive.tasks):
        if t.lead is None:
            assignments.append(Assignment(task=i, mode="all"))
            continue
        wid, wname, mode, org = _local(walk, b, rule, t.lead)
        if wname is None:
            continue  # nobody of that kind here: the task does not come down to this level
        coop = [n for k in t.cooperate for _, n, _, _ in [_local(walk, b, rule, k)]
                if n is not None and n != wname]
        assignments.append(Assignment(task=i, mode=mode, body_id=wid, body_name=wname,
                                      cooperate=tuple(coop), via=org.name if org else None,
                                      via_id=org.id if org else None))
    # the directive's follow-up kind, where this body directs one; else the rule's kinds,
    # directed or beside it (a sở's plan is followed by the Thanh tra tỉnh)
    own = directive.follow_up.kind.get(b.level) if rule.follow_up else None
    fu_kinds = ([own] if own else []) + rule.follow_up
    follow = None
    if own:
        i, _, mode, _ = _local(walk, b, rule, own)
        follow = walk.chart.body(i, as_of=walk.day) if i and mode != "self" else None
    if follow is None:
        follow = next((x for k in rule.follow_up for x in [_follower(walk, b, rule, k)]
                       if x is not None), None)
    copies = _copies(walk, b, rule, parents, root, follow, fu_kinds, {x.id for x in rec})
    rec_lines, req_lines = _grouped(walk, rec), _grouped(walk, req)
    return PlanTask.model_construct(  # built from checked values: no re-validation
        id=tid, body_id=b.id, body_name=b.name, kind=str(b.kind), system=str(b.system),
        province=b.province, territory=b.territory, level=str(b.level),
        unit_type=walk.unit_type(b),
        doc_type=rule.doc_type, rule=rule.id, generation=gen, parents=parents,
        recipients=[x.name for x in rec], recipient_ids=[x.id for x in rec],
        requested=[x.name for x in req], requested_ids=[x.id for x in req],
        recipient_lines=[x.text for x in rec_lines], requested_lines=[x.text for x in req_lines],
        recipient_groups=rec_lines, requested_groups=req_lines,
        copies=copies, assignments=assignments,
        follow_up_id=follow.id if follow else None, follow_up=follow.name if follow else None,
        follow_up_directed=follow is not None and _local(walk, b, rule, str(follow.kind))[2]
        in ("direct", "request") and _local(walk, b, rule, str(follow.kind))[0] == follow.id,
        deadline=deadline, summary=summary, symbol=b.symbol or "", unit=rule.unit,
        signer=_signer(b, rule), verb=rule.verb,
        number=issued.number if issued else None, issued_on=issued.date if issued else None,
        has_office=b.system != "party" or "party_office" in walk.kinds(b.id)[0]
        or walk.counterpart(b.id, "party_office") is not None)


def _signer(b: Body, rule: Rule) -> str:
    """The rule's post, or the body's head where it has no such post (a rule for the
    member organisations says Chủ tịch; the Tỉnh đoàn's head is its Bí thư)."""
    if not b.posts or any(p.title == rule.signer for p in b.posts):
        return rule.signer
    return next((p.title for p in b.posts if p.role == "head"), b.posts[0].title)


def _copies(walk: _Walk, b: Body, rule: Rule, parents: list[str], root: Body,
            follow: Body | None, fu_kinds: list[str], addressed: set[str]
            ) -> list[CopyLine]:
    """Nơi nhận: up to each parent's issuer (report), then the rule's extras, then the
    follow-up body unless it is addressed (it implements: "để thực hiện", not only "để
    theo dõi"). For the directive itself, the central commission in charge."""
    out: list[CopyLine] = []
    seen: set[str] = set()

    def add(x: Body, purpose: str) -> None:
        if x.id not in seen and x.id != b.id:
            seen.add(x.id)
            out.append(CopyLine(text=x.name, purpose=purpose, body_id=x.id))

    for p in parents:
        if p == ROOT:  # the issuer's commission in charge (Ban Nội chính Trung ương)
            up = next((x for k in fu_kinds
                       for x in [_one(walk.kinds(root.id)[0].get(k))
                                 or walk.counterpart(root.id, k)]
                       if x is not None), root)
            add(up, "report")
        else:
            add(walk.seen[walk.owner[p]], "report")
    for c in rule.copies:
        x = walk.counterpart(b.id, c.kind) if b.territory else None
        if x is not None:
            add(x, c.purpose)
    if follow is not None and follow.id not in addressed:
        add(follow, "follow")
    return out
