"""Who sees and changes what: the one access rule of the API, the dashboard and the CLI.

A key is bound to a body. It reaches that body, every body the body directs (down the
chart's ``directs`` edges), and, for a Party committee, what its standing board directs:
the chart draws ``directs`` from the Ban Thường vụ, which reports to the committee. Being
covered is membership of that subtree; there is no second, upward walk to disagree with.

A standing board and its committee are one relation, ``committee_of``: the board's
letters are headed and numbered as the committee's ("2269-CV/TU"), cited as "của Tỉnh
ủy", and a committee's key reaches what its board directs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from orgchart import Body, Chart, RelationType

from .keys import Principal


class StoredPlan(Protocol):
    """What access needs of a plan: its chart date and its issuer (in ``data``)."""

    @property
    def as_of(self) -> dt.date: ...

    @property
    def data(self) -> dict[str, Any]: ...


def committee_of(chart: Chart, body_id: str, day: dt.date | None = None) -> Body | None:
    """The Party committee a standing board acts for (same symbol); None for any other
    body."""
    if not chart.has(body_id, day):
        return None
    b = chart.body(body_id, day)
    if b.kind != "standing_board":
        return None
    for c in chart.reports_to(body_id, day):
        if c.kind == "party_committee" and c.symbol == b.symbol:
            return c
    return None


def boards_of(chart: Chart, committee_id: str, day: dt.date | None = None) -> list[Body]:
    """The standing boards acting for a Party committee (the inverse of ``committee_of``)."""
    g = chart.graphs[RelationType.reports_to]
    if committee_id not in g:
        return []
    out = []
    for board in sorted(g.predecessors(committee_id)):
        c = committee_of(chart, board, day)
        if c is not None and c.id == committee_id:
            out.append(chart.body(board, day))
    return out


def subtree_ids(chart: Chart, body_id: str, day: dt.date | None = None) -> frozenset[str]:
    """Every body a key bound to ``body_id`` reaches on ``day`` (None: at any date)."""
    if not chart.has(body_id, day):
        return frozenset({body_id})
    roots = [body_id, *(b.id for b in boards_of(chart, body_id, day))]
    out = set(roots)
    for r in roots:
        out.update(x.id for x in chart.subordinates(r, as_of=day))
    return frozenset(out)


def covers(chart: Chart, key_body: str, target_body: str,
           day: dt.date | None = None) -> bool:
    """Whether a key bound to ``key_body`` reaches ``target_body``."""
    return target_body == key_body or target_body in subtree_ids(chart, key_body, day)


class Access:
    """The access rule over one chart, with each (body, day) subtree remembered: a server
    asks for the same few keys' subtrees on every request, and a province's is thousands
    of ids (a central body's, tens of thousands)."""

    def __init__(self, chart: Chart, size: int = 256) -> None:
        self.chart = chart
        self.subtree = lru_cache(maxsize=size)(self._subtree)

    def _subtree(self, body_id: str, day: dt.date | None) -> frozenset[str]:
        return subtree_ids(self.chart, body_id, day)

    def committee_of(self, body_id: str, day: dt.date | None) -> Body | None:
        return committee_of(self.chart, body_id, day)

    def caller(self, principal: Principal) -> Caller:
        return Caller(principal, self)


@dataclass(frozen=True)
class Caller:
    """A key and what it reaches: what every route and page asks before it reads or
    changes a body's data."""

    principal: Principal
    access: Access

    @property
    def prefix(self) -> str:
        return self.principal.prefix

    @property
    def body_id(self) -> str:
        return self.principal.body_id

    @property
    def actor(self) -> str:
        """Who the event log names for this key's changes."""
        return f"key:{self.principal.prefix}"

    def can(self, scope: str) -> bool:
        return self.principal.can(scope)

    def subtree(self, day: dt.date | None) -> frozenset[str]:
        return self.access.subtree(self.principal.body_id, day)

    def covers(self, body_id: str, day: dt.date | None) -> bool:
        return body_id == self.principal.body_id or body_id in self.subtree(day)

    def visible(self, plan: StoredPlan) -> frozenset[str] | None:
        """The bodies of ``plan`` this key sees: None (every task) when it covers the plan's
        issuer, else its subtree on the plan's date."""
        issuer = plan.data.get("issuer_id")
        if issuer == self.principal.body_id:
            return None  # skips building the issuer's whole subtree (110,000 bodies)
        allowed = self.subtree(plan.as_of)
        return None if issuer in allowed else allowed


__all__ = ["Access", "Caller", "StoredPlan", "boards_of", "committee_of", "covers",
           "subtree_ids"]
