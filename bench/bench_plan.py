"""The national plan of kl-107 and all its drafts: how long, on this machine.

    python bench/bench_plan.py [--as-of 2026-01-15] [--workers 2] [--plain 150] [--runs 3]

1. Loads the bundled chart (reported, not counted), plans kl-107 over the whole country
   once to warm the chart's lazy decoding, then times ``--runs`` plans (wall and CPU;
   the best run is the figure: other processes on a shared machine only add time).
2. Writes every draft of that plan with ``--workers`` processes (compiled renderer) into a
   temporary folder: wall time and documents per second.
3. In the same run, renders ``--plain`` of the same drafts with plain docxtpl (load,
   render, save) for the baseline rate, and the time all drafts would take at that rate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cascade.compose import children_of, spec_for
from cascade.directive import load_directive
from cascade.drafts.context import build_context, document_title
from cascade.drafts.paths import template_path
from cascade.drafts.render import render_plain
from cascade.drafts.resolve_spec import resolve
from cascade.plan_cli import BUNDLED_EXAMPLE, write_drafts
from cascade.plan_rules import load_rules
from cascade.planner import plan
from orgchart import load_chart

STAMP = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--as-of", default="2026-01-15")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--plain", type=int, default=150)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    day = dt.date.fromisoformat(args.as_of)

    t0 = time.perf_counter()
    chart = load_chart()
    load_s = time.perf_counter() - t0
    directive, rules = load_directive(BUNDLED_EXAMPLE), load_rules()
    t0 = time.perf_counter()
    p = plan(chart, directive, rules, as_of=day)
    first_s = time.perf_counter() - t0
    walls, cpus = [], []
    for _ in range(args.runs):
        w, c = time.perf_counter(), time.process_time()
        p = plan(chart, directive, rules, as_of=day)
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    n = len(p.tasks)

    with tempfile.TemporaryDirectory(prefix="trienkhai-bench-") as tmp:
        t0 = time.perf_counter()
        write_drafts(p, rules, Path(tmp), workers=args.workers, timestamp=STAMP,
                     progress=False)
        drafts_s = time.perf_counter() - t0
        size = sum(f.stat().st_size for f in Path(tmp).rglob("*.docx"))

    # plain docxtpl on a spread of the same drafts (every k-th task), same contexts
    tasks = {t.id: t for t in p.tasks}
    kids = children_of(p)
    step = max(1, n // args.plain)
    sample = p.tasks[::step][: args.plain]
    drafts = [resolve(chart, spec_for(p, t, rules, tasks, kids), today=day) for t in sample]
    contexts = [(template_path(d.profile.name, d.doc_type), build_context(d),
                 document_title(d)) for d in drafts]
    t0 = time.perf_counter()
    for path, ctx, title in contexts:
        render_plain(path, ctx, title=title, timestamp=STAMP)
    plain_rate = len(contexts) / (time.perf_counter() - t0)

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPU, "
          f"Python {platform.python_version()}; load average "
          f"{os.getloadavg()[0]:.2f}")
    print(f"chart load (not counted):               {load_s:6.2f} s")
    print(f"national plan, first (lazy decoding):   {first_s:6.2f} s")
    print(f"national plan, best of {args.runs} (wall / CPU): {min(walls):6.2f} s / "
          f"{min(cpus):.2f} s   ({n} documents, {len({t.province for t in p.tasks} - {None})} "
          f"provinces, {sum(t.level == 'central' for t in p.tasks)} central)")
    print(f"all drafts, {args.workers} workers (compiled):     {drafts_s:6.2f} s   "
          f"({n / drafts_s:,.0f} docs/s, {size / 1e6:,.0f} MB)")
    print(f"plain docxtpl, 1 process ({len(contexts)} drafts):  {plain_rate:8.0f} docs/s  "
          f"→ all drafts ≈ {n / plain_rate:,.0f} s in one process")


if __name__ == "__main__":
    main()
