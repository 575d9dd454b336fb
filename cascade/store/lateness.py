"""When a task is late: the one rule, in Python and in SQL.

A task is overdue when it is still open (pending or drafted: neither issued nor exempt)
and its deadline is before the day asked for. It is computed at read time, never stored,
so it cannot go stale; the task list, the progress counts, the report and the dashboard
all ask here, so a list and a report always agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement

from .rows import PlanTaskRow

OPEN = ("pending", "drafted")  # statuses that can be overdue


def days_late(status: str, deadline: dt.date | None, today: dt.date) -> int:
    """Days past the deadline of an open task on ``today``; 0 when it is not late."""
    if status in OPEN and deadline is not None and deadline < today:
        return (today - deadline).days
    return 0


def with_lateness(row: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """``row`` (with status and deadline) plus ``overdue`` and ``days_late`` on ``today``."""
    late = days_late(row["status"], row["deadline"], today)
    row["overdue"] = late > 0
    row["days_late"] = late
    return row


def late_clause(today: dt.date) -> ColumnElement[bool]:
    """The same rule as a SQL condition on ``plan_tasks``."""
    return PlanTaskRow.status.in_(OPEN) & (PlanTaskRow.deadline < today)
