"""Progress per directive and plan within a visible subtree: the report's own figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from cascade.directive import parse_directive
from cascade.plan_rules import load_rules
from cascade.planner import plan
from cascade.store.access import subtree_ids
from cascade.store.plans import record_issued, save_plan, set_status
from cascade.store.progress import directive_progress, plan_counts
from cascade.store.report import build_report

REPO = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 1, 15)


def make(store, chart, scope: list[str]) -> int:
    d = parse_directive(yaml.safe_load((REPO / "examples" / "kl-107.yaml").read_text()),
                        "kl-107.yaml")
    # planned, and started, on DAY: nothing is overdue the day after
    planned = plan(chart, d, load_rules(), as_of=DAY, scope=scope, start=DAY)
    with store.write() as s:
        return save_plan(s, planned, "test").id


def test_counts_follow_status_changes_and_match_the_report(store, chart) -> None:
    pid = make(store, chart, ["lai-chau"])
    with store.write() as s:
        set_status(s, pid, "lai-chau.ubnd", "exempt", "Lồng ghép", "test")
        record_issued(s, pid, "lai-chau.btv", number="2269", symbol="CV/TU",
                      date=dt.date(2026, 1, 20), signer=None, file_name=None,
                      file_path=None, file_sha256=None, actor="test")
    late = dt.date(2026, 6, 1)
    with store.read() as s:
        c = plan_counts(s, pid, late)
        rep = build_report(s, pid, late)["totals"]
        assert c["issued"] == rep["issued"] == 1 and c["exempt"] == rep["exempt"] == 1
        assert c["total"] == rep["total"] and c["due"] == rep["total"] - 1
        assert c["overdue"] == rep["overdue"] == rep["total"] - 2
        early = plan_counts(s, pid, dt.date(2026, 1, 16))
        assert early["overdue"] == 0 and early["total"] == c["total"]

        mine = subtree_ids(chart, "lai-chau.ubnd", DAY)
        sub = plan_counts(s, pid, late, mine)
        assert 0 < sub["total"] < c["total"]
        assert sub["total"] == build_report(s, pid, late, mine)["totals"]["total"]


def test_directive_progress_lists_only_what_the_key_sees(store, chart) -> None:
    a = make(store, chart, ["lai-chau"])
    b = make(store, chart, ["dien-bien"])
    late = dt.date(2026, 6, 1)
    with store.read() as s:
        everything = directive_progress(s, None, late)
        assert everything[0]["label"].startswith(
            "Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị")
        assert {p["id"] for d in everything for p in d["plans"]} == {a, b}
        mine = subtree_ids(chart, "lai-chau.tu", DAY)
        seen = directive_progress(s, lambda p: mine, late)
        assert [p["id"] for d in seen for p in d["plans"]] == [a]
        (d,) = seen  # one directive: its plans the key sees, summed
        rep = build_report(s, a, late, mine)["totals"]
        assert (d["issued"], d["due"], d["overdue"]) == (
            rep["issued"], rep["total"] - rep["exempt"], rep["overdue"])
        assert directive_progress(s, {"nobody"}, late) == []
