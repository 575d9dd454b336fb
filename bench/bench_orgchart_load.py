"""Org chart load time: cold (YAML → expanded, validated chart) and warm (cache).

Baseline, measured in the same run: the same expanded chart written out as one YAML file
and read back with PyYAML's C loader — the approach the issue measured at 7 s, which
expanding templates in code replaces. Each figure is the median of several fresh
processes, timing only the load call (imports excluded, reported separately).

    python bench/bench_orgchart_load.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

PROBE = textwrap.dedent("""
    import json, sys, time
    t0 = time.perf_counter()
    import yaml, networkx, pydantic, rapidfuzz
    import orgchart.loader as L
    t1 = time.perf_counter()
    mode = sys.argv[1]
    chart = None
    if mode == "baseline":
        with open(sys.argv[2], encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=yaml.CSafeLoader)
        n = len(data["bodies"])
    elif mode == "cold":
        chart = L.load_uncached()
    else:  # first (empty cache: load and write it) or warm
        chart = L.load_chart()
    if chart is not None:
        n = len(list(chart.all_ids()))
    t2 = time.perf_counter()
    # a first real question: the Party cascade two levels down from a province
    import datetime as dt
    if chart is not None:
        chart.subordinates("lai-chau.btv", depth=2, as_of=dt.date(2026, 1, 15))
        chart.superiors("lai-chau.ubnd", as_of=dt.date(2026, 1, 15))
    t3 = time.perf_counter()
    print(json.dumps({"imports": t1 - t0, "load": t2 - t1, "query": t3 - t2, "n": n}))
""")


def probe(mode: str, env: dict[str, str], *extra: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, mode, *extra], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def write_expanded_yaml(path: Path) -> int:
    """The bundled chart, expanded, as a single YAML file (the baseline's input)."""
    import yaml

    from orgchart import load_uncached

    chart = load_uncached()
    bodies = [b.model_dump(mode="json", exclude_defaults=True)
              for bid in chart.all_ids() for b in chart.versions(bid)]
    relations = [{"type": rel.value, "source": u, "target": v}
                 for rel, g in chart.graphs.items() for u, v in g.edges]
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump({"bodies": bodies, "relations": relations}, fh, allow_unicode=True,
                  Dumper=yaml.CSafeDumper, sort_keys=False)
    return len(bodies)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        expanded = Path(tmp) / "expanded.yaml"
        n = write_expanded_yaml(expanded)
        size = expanded.stat().st_size / 1e6
        results: dict[str, list[dict]] = {"baseline": [], "cold": [], "first": [], "warm": []}
        for i in range(args.runs):
            cache = Path(tmp) / f"cache{i}"
            env = {**os.environ, "TRIENKHAI_CACHE": str(cache)}
            results["baseline"].append(probe("baseline", env, str(expanded)))
            results["cold"].append(probe("cold", env))
            results["first"].append(probe("first", env))  # writes the cache
            results["warm"].append(probe("warm", env))
    med = {k: statistics.median(r["load"] for r in v) for k, v in results.items()}
    imports = statistics.median(r["imports"] for v in results.values() for r in v)
    base = med["baseline"]
    print(f"org chart: {n} body versions; expanded YAML baseline file {size:.1f} MB; "
          f"median of {args.runs} fresh processes; imports {imports:.2f} s (excluded)")
    print(f"{'load':<44}{'seconds':>9}{'vs baseline':>13}")
    rows = [
        ("baseline: expanded chart YAML, C loader", "baseline"),
        ("cold: compact YAML, expand, validate, graph", "cold"),
        ("first run: cold + write the cache", "first"),
        ("warm: from the content-hash cache", "warm"),
    ]
    for label, key in rows:
        print(f"{label:<44}{med[key]:>9.3f}{base / med[key]:>12.1f}×")
    q = statistics.median(r["query"] for r in results["warm"])
    print(f"{'warm: first relation queries (builds index)':<44}{q:>9.3f}")
    print(f"targets: cold < 3 s -> {'met' if med['cold'] < 3 else 'NOT met'}; "
          f"warm < 0.5 s -> {'met' if med['warm'] < 0.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
