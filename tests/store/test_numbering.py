"""Numbering registers: series keys, atomic allocation under concurrency, cancellation."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from cascade.store.db import Store
from cascade.store.numbering import (
    Conflict,
    NotFound,
    NumberingError,
    PartyTerms,
    Term,
    allocate,
    cancel,
    register_key,
)
from cascade.store.rows import EventRow, NumberAllocationRow, NumberRegisterRow

D = dt.date


def test_state_registers_restart_each_calendar_year(store: Store) -> None:
    f = store.write_sessions
    a = allocate(f, "lai-chau.ubnd", "state", "KH", D(2025, 12, 31), symbol="KH-UBND")
    b = allocate(f, "lai-chau.ubnd", "state", "CV", D(2025, 12, 31))
    c = allocate(f, "lai-chau.ubnd", "state", "KH", D(2026, 1, 1), symbol="KH-UBND")
    assert (a.number, b.number, c.number) == (1, 2, 1)  # one series for all types
    assert a.period == "2025" and c.period == "2026"
    assert a.reference == "01/KH-UBND" and a.number_text == "01"
    other = allocate(f, "ha-nam.ubnd", "state", "KH", D(2025, 3, 1))
    assert other.number == 1  # per issuing body


def test_state_series_per_type_when_asked(store: Store) -> None:
    f = store.write_sessions
    a = allocate(f, "lai-chau.ubnd", "state", "QĐ", D(2025, 5, 1), series="QĐ")
    b = allocate(f, "lai-chau.ubnd", "state", "KH", D(2025, 5, 1))
    assert (a.number, b.number) == (1, 1)


def test_party_registers_per_type_and_term(store: Store) -> None:
    f = store.write_sessions
    kw = {"level": "province"}
    a = allocate(f, "lai-chau.btv", "party", "CV", D(2025, 9, 30), symbol="CV/TU", **kw)
    b = allocate(f, "lai-chau.btv", "party", "CV", D(2026, 1, 5), symbol="CV/TU", **kw)
    c = allocate(f, "lai-chau.btv", "party", "KH", D(2026, 1, 5), **kw)
    d = allocate(f, "lai-chau.btv", "party", "CV", D(2026, 2, 5), **kw)
    assert a.period == "2020-2025" and b.period == "2025-2030"
    assert (a.number, b.number, c.number, d.number) == (1, 1, 1, 2)  # no reset on 1 January
    assert b.reference == "01-CV/TU"
    e = allocate(f, "lai-chau.btv", "party", "CV", D(2026, 2, 5), term="2025-2030")
    assert e.number == 3


def test_party_terms_by_level_and_override(tmp_path) -> None:
    t = PartyTerms()
    assert t.term(D(2025, 7, 1), level="commune").label == "2025-2030"
    assert t.term(D(2025, 6, 30), level="commune").label == "2020-2025"
    assert t.term(D(2025, 9, 30), level="province").label == "2020-2025"
    p = tmp_path / "terms.yaml"
    p.write_text("bodies:\n  lai-chau.btv:\n    - {label: '2025-2030', start: 2025-09-20}\n",
                 encoding="utf-8")
    loaded = PartyTerms.load(p)
    assert loaded.term(D(2025, 9, 25), level="province", body_id="lai-chau.btv").label \
        == "2025-2030"
    assert loaded.term(D(2025, 9, 25), level="province", body_id="ha-nam.btv").label \
        == "2020-2025"
    custom = PartyTerms({"province": [Term("X", D(2030, 1, 1))]})
    with pytest.raises(NumberingError, match="date"):
        custom.term(D(2025, 1, 1), level="province")


def test_register_key_errors_name_the_field() -> None:
    with pytest.raises(NumberingError, match="doc_type"):
        register_key("state", " ", D(2025, 1, 1))
    with pytest.raises(NumberingError, match="term"):
        register_key("party", "KH", D(2025, 1, 1))


def test_cancel_records_reason_and_never_reuses(store: Store) -> None:
    f = store.write_sessions
    a = allocate(f, "lai-chau.ubnd", "state", "KH", D(2025, 5, 1))
    with pytest.raises(NumberingError, match="reason"):
        cancel(f, a.id, "  ")
    c = cancel(f, a.id, "Văn bản không ban hành", actor="văn thư")
    assert c.cancelled and c.cancel_reason == "Văn bản không ban hành"
    assert cancel(f, a.id, "Văn bản không ban hành").cancelled  # retry: same answer
    with pytest.raises(Conflict):
        cancel(f, a.id, "another reason")
    with pytest.raises(NotFound):
        cancel(f, 999_999, "x")
    b = allocate(f, "lai-chau.ubnd", "state", "KH", D(2025, 5, 2))
    assert b.number == 2
    with store.read() as s:
        actions = [(e.action, e.actor) for e in s.scalars(select(EventRow).order_by(EventRow.id))]
    assert actions == [("allocate", "system"), ("cancel", "văn thư"), ("allocate", "system")]


def test_failed_transaction_leaves_no_number(store: Store) -> None:
    from cascade.store.numbering import allocate_in

    with pytest.raises(RuntimeError), store.write() as s:
        allocate_in(s, "lai-chau.ubnd", "state", "KH", D(2025, 5, 1))
        raise RuntimeError("client went away before commit")
    assert allocate(store.write_sessions, "lai-chau.ubnd", "state", "KH", D(2025, 5, 1)).number == 1


THREADS, PER_THREAD = 32, 100


@pytest.mark.parametrize("system", ["state", "party"])
def test_concurrent_allocation_no_duplicate_no_gap(store: Store, system: str) -> None:
    """32 threads × 100 allocations on one register (and a second register interleaved)."""
    f = store.write_sessions

    def work(i: int) -> list[tuple[str, int]]:
        out = []
        for j in range(PER_THREAD):
            body = "lai-chau.btv" if (i + j) % 4 else "ha-nam.btv"
            a = allocate(f, body, system, "KH", D(2026, 3, 1), level="province",
                         actor=f"t{i}")
            out.append((body, a.number))
        return out

    with ThreadPoolExecutor(THREADS) as ex:
        got = [n for chunk in ex.map(work, range(THREADS)) for n in chunk]
    assert len(got) == THREADS * PER_THREAD
    for body in ("lai-chau.btv", "ha-nam.btv"):
        nums = sorted(n for b, n in got if b == body)
        assert nums == list(range(1, len(nums) + 1)), f"duplicate or gap for {body}"
    with store.read() as s:
        rows = s.execute(select(NumberRegisterRow.body_id, NumberAllocationRow.number)
                         .join(NumberRegisterRow)).all()
        regs = s.scalars(select(NumberRegisterRow)).all()
    assert sorted(rows) == sorted(got)
    assert sum(r.last_number for r in regs) == THREADS * PER_THREAD


def test_a_number_without_a_date_opens_vietnam_s_new_year(store: Store, monkeypatch) -> None:
    """06:00 on 1 January in Hà Nội is still 31 December on a UTC server: the number
    must come from the 2026 register."""
    import cascade.store.numbering as numbering
    from orgchart import days

    f = store.write_sessions
    allocate(f, "lai-chau.ubnd", "state", "KH", D(2025, 12, 31))
    monkeypatch.setattr(numbering, "vn_today",
                        lambda: days.today(dt.datetime(2025, 12, 31, 23, 0, tzinfo=dt.UTC)))
    a = allocate(f, "lai-chau.ubnd", "state", "KH", None)
    assert (a.period, a.number, a.date) == ("2026", 1, D(2026, 1, 1))
