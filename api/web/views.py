"""What the pages show, computed from the store and the chart: pure functions, no HTTP.

Search by unit name reuses ``orgchart.text`` (NFC/NFD, tone position, case,
abbreviations such as UBND ↔ Ủy ban nhân dân, level words) and, when no name contains
the query, ``chart.find``'s fuzzy match. The only addition is a fallback that also
ignores vowel marks, for a query typed without them ("thanh uy"); it works on the keys
``orgchart.text.key`` makes, so "đ" still never matches "d".
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Text, select, type_coerce
from sqlalchemy.orm import Session

from cascade.store.access import Caller
from cascade.store.plans import TaskFilter, task_rows
from cascade.store.rows import PlanRow, PlanTaskRow
from orgchart import Chart
from orgchart.days import today as vn_today
from orgchart.text import (
    collate,
    expand_abbreviations,
    fast_key,
    key,
    strip_level_words,
    unmarked,
)

# long words in a body's name → the abbreviation offices use, to fit a node
ABBREVIATE = (("Ban Thường vụ", "BTV"), ("Ủy ban nhân dân", "UBND"),
              ("Hội đồng nhân dân", "HĐND"), ("Ủy ban Mặt trận Tổ quốc Việt Nam", "UBMTTQ"),
              ("Mặt trận Tổ quốc", "MTTQ"), ("Ủy ban Kiểm tra", "UBKT"),
              ("Tuyên giáo và Dân vận", "TG&DV"), ("Văn phòng", "VP"))
SCOPE_NAMED = 3  # provinces a plan's name lists before counting the rest


@dataclass(frozen=True)
class Filters:
    """The plan page's filters, already checked."""

    province: str | None = None
    level: str | None = None
    kind: str | None = None
    status: str | None = None  # a task status or "overdue"
    q: str | None = None
    today: dt.date = field(default_factory=vn_today)

    def query(self, **change: Any) -> dict[str, str]:
        """The filters as query parameters (for links and exports), some changed."""
        values = {"province": self.province, "level": self.level, "kind": self.kind,
                  "status": self.status, "q": self.q, "as_of": self.today.isoformat()}
        values.update(change)
        return {k: str(v) for k, v in values.items() if v}


# ------------------------------------------------------------------ search
@lru_cache(maxsize=200_000)
def _name_keys(name: str) -> tuple[str, str, str, str]:
    full = expand_abbreviations(fast_key(name))
    bare = strip_level_words(full)
    return full, bare, unmarked(full), unmarked(bare)


def search_rows(rows: list[dict[str, Any]], q: str, chart: Chart,
                day: dt.date) -> list[dict[str, Any]]:
    """Rows whose unit name contains ``q``, tolerant of spelling variants; best tier only:
    same letters and marks, then the same letters without marks, then ``chart.find``."""
    full = expand_abbreviations(key(q))
    if not full:
        return rows
    # a query naming its level ("huyện Tam Đường") is compared with the full names only;
    # without one ("Tam Đường") also with the names stripped of their level words
    spans = slice(0, 2) if strip_level_words(full) == full else slice(0, 1)
    exact = [r for r in rows if any(full in k for k in _name_keys(r["body_name"])[spans])]
    if exact:
        return exact
    loose = unmarked(full)
    spans = slice(2, 4) if spans.stop == 2 else slice(2, 3)
    near = [r for r in rows if any(loose in k for k in _name_keys(r["body_name"])[spans])]
    if near:
        return near
    found = {b.id for b in chart.find(q, as_of=day, limit=20)}
    return [r for r in rows if r["body_id"] in found]


# ------------------------------------------------------------------ names
def short_body(name: str, place: str | None) -> str:
    """"Ban Thường vụ Đảng ủy xã Bình Lư" → "BTV Đảng ủy": the body without its place."""
    out = name
    if place:
        out = re.sub(rf"\s*(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)?"
                     rf"\s*{re.escape(place)}\s*$", "", out, flags=re.IGNORECASE) or name
    for long, short in ABBREVIATE:
        out = out.replace(long, short)
    return out


class Names:
    """Names of provinces, units and bodies of one plan's chart date, memoised: a page
    asks for the same few hundred names thousands of times."""

    def __init__(self, chart: Chart, day: dt.date) -> None:
        self.chart, self.day = chart, day
        self._units: dict[str | None, tuple[str, str, str]] = {}
        self._kinds: dict[str, str] = {}

    def unit(self, unit_id: str | None) -> tuple[str, str, str]:
        """(id, "Xã Bình Lư", "Bình Lư") of a territorial unit; central bodies: Trung ương."""
        got = self._units.get(unit_id)
        if got is None:
            try:
                t = self.chart.unit(unit_id, self.day) if unit_id else None
            except KeyError:
                t = None
            got = (t.id, f"{t.type[:1].upper()}{t.type[1:]} {t.name}", t.name) if t else \
                (unit_id or "tw", "Trung ương", "")
            self._units[unit_id] = got
        return got

    def province(self, pid: str | None) -> str:
        return self.unit(pid)[2] if pid else "Trung ương"

    def body_unit(self, body_id: str) -> str | None:
        if not self.chart.has(body_id, self.day):
            return None
        b = self.chart.body(body_id, self.day)
        return b.territory or b.province

    def unit_of(self, body_id: str) -> tuple[str, str]:
        uid, label, _ = self.unit(self.body_unit(body_id))
        return uid, label

    def kind(self, body_id: str) -> str:
        got = self._kinds.get(body_id)
        if got is None:
            got = self.chart.body(body_id, self.day).kind.value \
                if self.chart.has(body_id, self.day) else ""
            self._kinds[body_id] = got
        return got

    def node_text(self, row: dict[str, Any]) -> tuple[str, str]:
        """(title, subtitle) of a task's node: its unit, and the body in short."""
        uid = self.body_unit(row["body_id"])
        _, label, place = self.unit(uid)
        return (label if row["level"] != "province" else self.province(row["province"]),
                short_body(row["body_name"], place))


def scope_name(chart: Chart, scope: Collection[str] | None, day: dt.date) -> str:
    """"Toàn quốc", "Lai Châu, Điện Biên", "Lai Châu, … và 5 tỉnh, thành phố khác": a
    plan's reach, as a clerk tells two plans of one directive apart."""
    if not scope:
        return "Toàn quốc"
    names = Names(chart, day)
    shown = sorted((names.province(p) for p in scope), key=collate)
    if len(shown) <= SCOPE_NAMED:
        return ", ".join(shown)
    return f"{', '.join(shown[:SCOPE_NAMED])} và {len(shown) - SCOPE_NAMED} tỉnh, thành phố khác"


def seen_scope(chart: Chart, plan: PlanRow, caller: Caller) -> list[str]:
    """The provinces a plan covers as the caller may know them: the plan's own for a key
    that sees the whole plan, or for a national plan (none: "Toàn quốc"); of a plan over
    some provinces, a province's key names only its own (a Lai Châu clerk is not told
    the plan also covers Hà Nam)."""
    if not plan.scope or caller.visible(plan) is None \
            or not chart.has(caller.body_id, plan.as_of):
        return list(plan.scope or [])
    province = chart.body(caller.body_id, plan.as_of).province
    return [province] if province else list(plan.scope or [])


def plan_name(chart: Chart, scope: Collection[str] | None, day: dt.date) -> str:
    """"Toàn quốc · sơ đồ tổ chức ngày 15/01/2026": a plan under its directive's heading
    (never "Kế hoạch số 1", which reads as a document's number)."""
    return f"{scope_name(chart, scope, day)} · sơ đồ tổ chức ngày {day:%d/%m/%Y}"


# ------------------------------------------------------------------ the plan's rows
def visible_rows(session: Session, plan: PlanRow, f: Filters, visible: Collection[str] | None,
                 names: Names, chart: Chart) -> list[dict[str, Any]]:
    """The tasks the page shows: the key's, filtered by province, level, status, kind, q."""
    overdue = True if f.status == "overdue" else None
    status = None if f.status == "overdue" else f.status
    rows = task_rows(session, plan.id, TaskFilter(status=status, province=f.province,
                                                  level=f.level, overdue=overdue,
                                                  today=f.today), visible)
    if f.kind:
        rows = [r for r in rows if names.kind(r["body_id"]) == f.kind]
    if f.q:
        rows = search_rows(rows, f.q, chart, plan.as_of)
    return rows


class PlanFacts:
    """What never changes in a stored plan (its tasks' parents, provinces, bodies' kinds),
    read once per plan and kept for the next pages: on a national plan this is a third
    of a page's time. Bounded: the plans looked at last.

    The parents are read as their stored JSON text and decoded once per distinct text:
    most tasks share their parent list with their siblings (every commune of a province
    cites the same two tasks), so a national plan's 7,000 lists are a few hundred tuples,
    faster to read and fewer long-lived objects for the garbage collector to walk.
    """

    def __init__(self, chart: Chart, size: int = 8) -> None:
        self.chart, self.size = chart, size
        self._plans: dict[int, tuple[dict[str, tuple[str, ...]], list[tuple[str, str]],
                                     set[str]]] = {}

    def _load(self, session: Session, plan: PlanRow) -> tuple[dict[str, tuple[str, ...]],
                                                           list[tuple[str, str]], set[str]]:
        got = self._plans.get(plan.id)
        if got is None:
            parents: dict[str, tuple[str, ...]] = {}
            bodies: list[tuple[str, str]] = []
            decoded: dict[str | None, tuple[str, ...]] = {None: ()}
            shared: dict[tuple[str, ...], tuple[str, ...]] = {}
            for i, b, p, raw in session.execute(
                    select(PlanTaskRow.id, PlanTaskRow.body_id, PlanTaskRow.province,
                           type_coerce(PlanTaskRow.parents, Text))
                    .where(PlanTaskRow.plan_id == plan.id)):
                if isinstance(raw, str):
                    ps = decoded.get(raw)
                    if ps is None:
                        ps = decoded[raw] = tuple(json.loads(raw) or ())
                else:  # PostgreSQL's driver decodes JSON itself: share equal lists
                    got = tuple(raw or ())
                    ps = shared.setdefault(got, got)
                parents[i] = ps
                bodies.append((p, b))
            day, chart = plan.as_of, self.chart
            kinds = {chart.body(b, day).kind.value for b in {b for _, b in bodies}
                     if chart.has(b, day)}
            got = (parents, bodies, kinds)
            if len(self._plans) >= self.size:
                self._plans.pop(next(iter(self._plans)))
            self._plans[plan.id] = got
        return got

    def parents(self, session: Session, plan: PlanRow) -> dict[str, tuple[str, ...]]:
        """Each task's parents (task ids or "directive")."""
        return self._load(session, plan)[0]

    def kinds(self, session: Session, plan: PlanRow) -> set[str]:
        return self._load(session, plan)[2]

    def provinces(self, session: Session, plan: PlanRow, visible: Collection[str] | None,
                  names: Names) -> list[tuple[str, str]]:
        """(id, name) of the provinces the key sees in the plan, by name: the filter's list."""
        seen = {p for p, b in self._load(session, plan)[1]
                if p and (visible is None or b in visible)}
        return sorted(((p, names.province(p)) for p in seen), key=lambda x: collate(x[1]))

