"""Number registers (sổ đăng ký văn bản đi) and atomic allocation.

State bodies number per calendar year from 01 on 1 January (one series per body by
default; a body that keeps one series per type passes ``series``). Party bodies number
per document type for the committee term (close of one congress to the next), so numbers
recur across terms and a document's identity is number + symbol + date.

Allocation takes the register row's lock for the length of one short transaction:
PostgreSQL ``SELECT … FOR UPDATE`` after an ``INSERT … ON CONFLICT DO NOTHING`` creates
the row; SQLite ``BEGIN IMMEDIATE`` (see ``db.make_engine``). The number and its
allocation row commit together, so an acknowledged number is never lost and none is
skipped: a number that will not be used is cancelled with a reason, never reused.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from cascade.layout.profile import choose_profile, load_profile
from cascade.layout.rules import reference
from orgchart import safe_yaml
from orgchart.days import today as vn_today

from .rows import NumberAllocationRow, NumberRegisterRow, log_event, utcnow

TERMS_ENV = "TRIENKHAI_PARTY_TERMS"


class NumberingError(ValueError):
    """A request the registers cannot satisfy; the message names the field."""


class NotFound(LookupError):
    pass


class Conflict(ValueError):
    pass


@dataclass(frozen=True)
class Term:
    label: str
    start: dt.date


# Committee terms by level: the first day of each term's numbering. Congress dates vary by
# province (2020: Aug–Oct; 2025: Sep–Oct) and a body can override its own in the YAML
# named by $TRIENKHAI_PARTY_TERMS. The new commune Party committees start on 1/7/2025.
DEFAULT_TERMS: dict[str, list[Term]] = {
    "central": [Term("2016-2021", dt.date(2016, 1, 26)), Term("2021-2026", dt.date(2021, 1, 31)),
                Term("2026-2031", dt.date(2026, 1, 19))],  # XIV congress: date unconfirmed
    "province": [Term("2015-2020", dt.date(2015, 10, 1)), Term("2020-2025", dt.date(2020, 10, 1)),
                 Term("2025-2030", dt.date(2025, 10, 1))],
    "district": [Term("2015-2020", dt.date(2015, 7, 1)), Term("2020-2025", dt.date(2020, 7, 1))],
    "commune": [Term("2015-2020", dt.date(2015, 5, 1)), Term("2020-2025", dt.date(2020, 5, 1)),
                Term("2025-2030", dt.date(2025, 7, 1))],
    "unit": [Term("2020-2025", dt.date(2020, 5, 1)), Term("2025-2030", dt.date(2025, 7, 1))],
}


class PartyTerms:
    """Which committee term a day falls in, per level, with per-body overrides."""

    def __init__(self, levels: dict[str, list[Term]] | None = None,
                 bodies: dict[str, list[Term]] | None = None) -> None:
        self.levels = {k: sorted(v, key=lambda t: t.start)
                       for k, v in (levels or DEFAULT_TERMS).items()}
        self.bodies = {k: sorted(v, key=lambda t: t.start) for k, v in (bodies or {}).items()}

    @classmethod
    def load(cls, path: str | Path | None = None) -> PartyTerms:
        """Defaults, overlaid with the YAML at ``path`` or ``$TRIENKHAI_PARTY_TERMS``.

        The file has ``levels: {province: [{label, start}, …]}`` and/or
        ``bodies: {lai-chau.btv: [{label, start}, …]}``.
        """
        path = path or os.environ.get(TERMS_ENV)
        if not path:
            return cls()
        try:
            data = safe_yaml.load_file(Path(path), safe_yaml.FILE)[0] or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
            raise NumberingError(f"{path}: không đọc được tệp nhiệm kỳ cấp ủy: {e}") from None

        def terms(items: Any, where: str) -> list[Term]:
            try:
                return [Term(str(t["label"]), dt.date.fromisoformat(str(t["start"])))
                        for t in items]
            except (KeyError, TypeError, ValueError) as e:
                raise NumberingError(f"{path}: {where}: mỗi nhiệm kỳ cần có label và start "
                                     f"(YYYY-MM-DD): {e}") from None

        levels = dict(DEFAULT_TERMS)
        levels.update({k: terms(v, f"levels.{k}") for k, v in (data.get("levels") or {}).items()})
        bodies = {k: terms(v, f"bodies.{k}") for k, v in (data.get("bodies") or {}).items()}
        return cls(levels, bodies)

    def term(self, day: dt.date, *, level: str | None, body_id: str | None = None) -> Term:
        table = self.bodies.get(body_id or "") or self.levels.get(level or "")
        if table is None:
            raise NumberingError(f"level: chưa biết nhiệm kỳ cấp ủy của cấp “{level}”")
        current = [t for t in table if t.start <= day]
        if not current:
            raise NumberingError(f"date: ngày {day:%d/%m/%Y} trước nhiệm kỳ cấp ủy đầu tiên "
                                 f"đã biết của {body_id or level}")
        return current[-1]


@dataclass(frozen=True)
class Allocation:
    id: int
    register_id: int
    body_id: str
    system: str
    period: str
    series: str
    number: int
    doc_type: str
    date: dt.date
    symbol: str | None = None
    cancelled: bool = False
    cancel_reason: str | None = None

    @property
    def number_text(self) -> str:
        """The number as printed: leading 0 below 10."""
        return f"{self.number:02d}"

    @property
    def reference(self) -> str | None:
        """``12/KH-UBND`` (State) or ``06-CT/TU`` (Party), when the symbol is known."""
        if not self.symbol:
            return None
        profile = load_profile(choose_profile(self.system, self.date))
        return reference(self.number_text, self.symbol, profile)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "register_id": self.register_id, "body_id": self.body_id,
                "system": self.system, "period": self.period, "series": self.series,
                "number": self.number, "number_text": self.number_text,
                "doc_type": self.doc_type, "symbol": self.symbol,
                "reference": self.reference, "date": self.date.isoformat(),
                "cancelled": self.cancelled, "cancel_reason": self.cancel_reason}


def register_key(system: str, doc_type: str, day: dt.date, *, term: str | None = None,
                 level: str | None = None, body_id: str | None = None,
                 series: str | None = None,
                 terms: PartyTerms | None = None) -> tuple[str, str, str]:
    """(system, period, series) of the register a number comes from."""
    if not doc_type or not doc_type.strip():
        raise NumberingError("doc_type: bắt buộc phải có (ví dụ KH, CV, HD)")
    if system == "party":
        if term is None:
            if level is None:
                raise NumberingError("term: hãy ghi nhiệm kỳ cấp ủy hoặc cấp của cơ quan")
            term = (terms or PartyTerms.load()).term(day, level=level, body_id=body_id).label
        return "party", term, doc_type.strip()
    # State, front and the rest number per calendar year, one series unless asked
    return "state", str(day.year), (series or "").strip()


def _lock_register(session: Session, body_id: str, system: str, period: str,
                   series: str) -> NumberRegisterRow:
    values = {"body_id": body_id, "system": system, "period": period, "series": series,
              "last_number": 0}
    ins = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(ins(NumberRegisterRow).values(**values).on_conflict_do_nothing(
        index_elements=["body_id", "system", "period", "series"]))
    reg = session.scalars(
        select(NumberRegisterRow).where(NumberRegisterRow.body_id == body_id,
                                     NumberRegisterRow.system == system,
                                     NumberRegisterRow.period == period,
                                     NumberRegisterRow.series == series)
        .with_for_update().execution_options(populate_existing=True)).one()
    return reg


def _to_allocation(a: NumberAllocationRow, reg: NumberRegisterRow) -> Allocation:
    return Allocation(id=a.id, register_id=reg.id, body_id=reg.body_id, system=reg.system,
                      period=reg.period, series=reg.series, number=a.number,
                      doc_type=a.doc_type, date=a.date, symbol=a.symbol,
                      cancelled=a.cancelled, cancel_reason=a.cancel_reason)


def allocate_in(session: Session, body_id: str, system: str, doc_type: str,
                day: dt.date | None, term: str | None = None, *, level: str | None = None,
                series: str | None = None, symbol: str | None = None,
                actor: str = "system", terms: PartyTerms | None = None) -> Allocation:
    """Allocate inside the caller's write transaction (so other rows can commit with it).

    No ``day``: today in Việt Nam, so a number taken at 06:00 on 1 January on a UTC server
    opens the new year's register, not the old one.
    """
    day = day or vn_today()
    if not body_id:
        raise NumberingError("body_id: bắt buộc phải có")
    sys_, period, ser = register_key(system, doc_type, day, term=term, level=level,
                                     body_id=body_id, series=series, terms=terms)
    reg = _lock_register(session, body_id, sys_, period, ser)
    reg.last_number += 1
    a = NumberAllocationRow(register_id=reg.id, number=reg.last_number, doc_type=doc_type.strip(),
                         symbol=symbol, date=day, allocated_by=actor)
    session.add(a)
    session.flush()
    out = _to_allocation(a, reg)
    log_event(session, actor, "allocate", "number", a.id, after=out.as_dict())
    return out


def allocate(session_factory: sessionmaker[Session], body_id: str, system: str, doc_type: str,
             day: dt.date | None, term: str | None = None, **kwargs: Any) -> Allocation:
    """Allocate the next number of the register, in its own transaction.

    ``session_factory`` should be a store's ``write_sessions`` (BEGIN IMMEDIATE on SQLite).
    """
    with session_factory() as s, s.begin():
        return allocate_in(s, body_id, system, doc_type, day, term, **kwargs)


def get_allocation(session: Session, allocation_id: int) -> Allocation:
    a = session.get(NumberAllocationRow, allocation_id)
    if a is None:
        raise NotFound(f"allocation_id: không có số đã cấp mã {allocation_id}")
    reg = session.get(NumberRegisterRow, a.register_id)
    assert reg is not None
    return _to_allocation(a, reg)


def cancel_in(session: Session, allocation_id: int, reason: str,
              actor: str = "system") -> Allocation:
    """Mark a number as not to be used, with the reason; it is never handed out again."""
    if not reason or not reason.strip():
        raise NumberingError("reason: hủy số phải ghi rõ lý do")
    a = session.get(NumberAllocationRow, allocation_id, with_for_update=True)
    if a is None:
        raise NotFound(f"allocation_id: không có số đã cấp mã {allocation_id}")
    reg = session.get(NumberRegisterRow, a.register_id)
    assert reg is not None
    before = _to_allocation(a, reg).as_dict()
    if a.cancelled:
        if a.cancel_reason == reason.strip():
            return _to_allocation(a, reg)  # a retry of the same cancellation
        raise Conflict(f"số {a.number} đã bị hủy trước đó: {a.cancel_reason}")
    a.cancelled, a.cancel_reason, a.cancelled_at = True, reason.strip(), utcnow()
    session.flush()
    out = _to_allocation(a, reg)
    log_event(session, actor, "cancel", "number", a.id, before=before, after=out.as_dict())
    return out


def cancel(session_factory: sessionmaker[Session], allocation_id: int, reason: str,
           actor: str = "system") -> Allocation:
    with session_factory() as s, s.begin():
        return cancel_in(s, allocation_id, reason, actor)
