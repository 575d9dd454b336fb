"""The dashboard's pages on the national kl-107 plan: server-side time per page.

    python bench/bench_dashboard.py [--as-of 2026-01-15] [--db URL] [--runs 7]

1. Plans kl-107 over the whole country (``--as-of`` 2026-01-15: ~7,000 tasks; 2025-01-15:
   ~20,000, districts included) and stores it (SQLite in a temporary folder unless
   ``--db``); a key bound to the Politburo sees the whole plan.
2. Times, in-process (no network), the first request and the best of ``--runs`` of:
   the plan page (national view: provinces folded), one province's view, the directives
   list.
3. Baselines measured in the same run on the same plan: ``build_report`` alone (the
   counts a page needs, no diagram) and the JSON task list of the API
   (``GET /plans/{id}/tasks?limit=100000``), and the ratios of the pages to them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient

from api.main import create_app
from cascade.directive import load_directive
from cascade.plan_rules import load_rules
from cascade.planner import plan
from cascade.store.keys import create_key
from cascade.store.plans import save_plan
from cascade.store.report import build_report
from orgchart import load_chart

REPO = Path(__file__).resolve().parent.parent


class GcClock:
    """Seconds spent in the garbage collector's full (generation 2) passes.

    The org chart keeps ~1,000,000 objects alive; a full pass walks them all (~0.35 s on
    a 2-core machine) and falls on whichever request crosses the collector's threshold,
    often the first page after the plan was made. Reported apart so that a slow first
    request is not blamed on the page's own work.
    """

    def __init__(self) -> None:
        self.total, self._start = 0.0, 0.0
        gc.callbacks.append(self._cb)

    def _cb(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.total += time.perf_counter() - self._start


GC = GcClock()


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """(first, best of ``runs``, full GC passes during the first) in seconds: the best is
    the figure on a shared machine."""
    gc_before = GC.total
    t = time.perf_counter()
    fn()
    first = time.perf_counter() - t
    first_gc = GC.total - gc_before
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return first, best, first_gc


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--as-of", default="2026-01-15")
    ap.add_argument("--db", default=None, help="store URL; default: a temporary SQLite")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--province", default="thanh-hoa")
    ap.add_argument("--gc-freeze", action="store_true",
                    help="gc.freeze() once the chart and plan are loaded, as a server can "
                         "after start-up: the chart's objects leave the collector's passes")
    args = ap.parse_args()
    day = dt.date.fromisoformat(args.as_of)
    tmp = tempfile.mkdtemp(prefix="bench-dashboard-")
    url = args.db or f"sqlite:///{tmp}/bench.db"

    chart = load_chart()
    planned = plan(chart, load_directive(REPO / "examples" / "kl-107.yaml"), load_rules(),
                   as_of=day)
    app = create_app(url, chart=chart, files_dir=Path(tmp) / "files")
    store = app.state.store
    with store.write() as s:
        plan_id = save_plan(s, planned, "bench").id
        key = create_key(s, "tw.bct", "read")[1]
    if args.gc_freeze:
        gc.collect()
        gc.freeze()
    client = TestClient(app)
    h = {"X-API-Key": key}
    today = day + dt.timedelta(days=60)  # most deadlines passed: a long overdue list

    def get(path: str, **params: str) -> Callable[[], object]:
        def go() -> object:
            r = client.get(path, params=params, headers=h)
            assert r.status_code == 200, r.text[:500]
            return r
        return go

    def report() -> object:
        with store.read() as s:
            return build_report(s, plan_id, today)

    rows = {
        "plan page, national (folded)": get(f"/web/plans/{plan_id}", as_of=str(today)),
        f"plan page, one province ({args.province})": get(
            f"/web/plans/{plan_id}", province=args.province, as_of=str(today)),
        "directives list": get("/web/", as_of=str(today)),
        "baseline: build_report alone": report,
        "baseline: JSON task list (API)": get(f"/plans/{plan_id}/tasks", limit="100000",
                                              as_of=str(today)),
    }
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPU, "
          f"Python {platform.python_version()}; store {url.split(':')[0]}")
    print(f"plan: kl-107 over the whole country as of {day:%d/%m/%Y}: {len(planned.tasks)} "
          f"tasks; overdue computed on {today:%d/%m/%Y}")
    results = {}
    for name, fn in rows.items():
        first, best, first_gc = timed(fn, args.runs)
        results[name] = best
        print(f"{name:<42} first {first * 1000:7.1f} ms (full GC {first_gc * 1000:5.1f} ms)"
              f"   best of {args.runs} {best * 1000:7.1f} ms")
    size = len(client.get(f"/web/plans/{plan_id}", headers=h).content)
    print(f"national plan page: {size / 1024:.0f} KiB of HTML")
    base_r = results["baseline: build_report alone"]
    base_j = results["baseline: JSON task list (API)"]
    for name in list(rows)[:3]:
        print(f"{name:<42} ×{results[name] / base_r:5.1f} build_report   "
              f"×{results[name] / base_j:5.2f} JSON task list")
    store.dispose()


if __name__ == "__main__":
    main()
