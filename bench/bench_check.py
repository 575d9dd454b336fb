"""Seconds per document for ``trienkhai check`` (cascade.check.check_document), after
start-up, against plain python-docx loading of the same files in the same run.

    python bench/bench_check.py [--rounds N]

The documents: every sample draft the project generates (every drafted type under nd30,
hd36 and hd05), and the five seeds and Kết luận 107 in their frames as offices lay them
out by hand (tests/intake/documents.py), written to a temporary folder. A warm-up pass
loads the profiles, the chart-free reader tables and the imports; then every round
loads each file with the baseline (``docx.Document`` and its paragraphs' text) and
checks it. Figures are per document: the best and median wall time over the rounds
and the median CPU time of this process (steadier on a shared machine), and the ratio
check/baseline. The target is under 0.2 s a document.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from cascade.check import check_document  # noqa: E402
from cascade.drafts.build import render_draft  # noqa: E402
from cascade.layout.profile import DOC_TYPES, profile_names  # noqa: E402
from tests.drafts.samples import sample_draft  # noqa: E402
from tests.intake.documents import NAMES, build  # noqa: E402

FIXED = dt.datetime(2025, 6, 1, 8, 0, tzinfo=dt.UTC)
TARGET_S = 0.2


def documents(folder: Path) -> list[Path]:
    out = []
    for profile in profile_names():
        for doc_type in DOC_TYPES:
            path = folder / f"{profile}-{doc_type}.docx"
            path.write_bytes(render_draft(sample_draft(profile, doc_type), FIXED))
            out.append(path)
    return out + [build(n, folder) for n in NAMES]


def baseline(path: Path) -> int:
    d = docx.Document(str(path))
    return sum(len(p.text) for p in d.paragraphs) + sum(
        len(c.text) for t in d.tables for row in t.rows for c in row.cells)


def check(path: Path) -> int:
    return len(check_document(path).findings)


def check_chart(path: Path) -> int:
    """As ``trienkhai check`` runs it: the issuer resolved in the bundled chart and the
    signer's post judged against it (the chart loaded once, before the rounds)."""
    return len(check_document(path, chart=CHART[0]).findings)


CHART: list = []


def timed(fn: Callable[[Path], int], docs: list[Path]) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    for p in docs:
        fn(p)
    return (time.perf_counter() - w) / len(docs), (time.process_time() - c) / len(docs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        docs = documents(Path(tmp))
        from orgchart import load_chart

        CHART.append(load_chart())
        for p in docs:  # warm-up: imports, profiles, reader tables, the chart's indexes
            baseline(p)
            check(p)
            check_chart(p)
        rows: dict[str, list[tuple[float, float]]] = {
            "baseline": [], "check": [], "+chart": []}
        for _ in range(args.rounds):
            rows["baseline"].append(timed(baseline, docs))
            rows["check"].append(timed(check, docs))
            rows["+chart"].append(timed(check_chart, docs))
        findings = sum(check(p) for p in docs)
    print(f"{len(docs)} documents ({len(docs) - len(NAMES)} generated drafts, "
          f"{len(NAMES)} seed frames), {args.rounds} rounds, {platform.python_version()}, "
          f"{platform.machine()}; {findings} findings in all")
    print(f"{'':10} {'best ms/doc':>12} {'median ms/doc':>14} {'CPU ms/doc':>11}")
    med = {}
    for name, vals in rows.items():
        walls, cpus = [w for w, _ in vals], [c for _, c in vals]
        med[name] = statistics.median(cpus)
        print(f"{name:10} {min(walls) * 1000:12.1f} {statistics.median(walls) * 1000:14.1f} "
              f"{med[name] * 1000:11.1f}")
    worst = max(w for name in ("check", "+chart") for w, _ in rows[name])
    print(f"check / baseline (median CPU): ×{med['check'] / med['baseline']:.1f}, with the "
          f"chart ×{med['+chart'] / med['baseline']:.1f}; "
          f"slowest round {worst * 1000:.1f} ms/doc, target < {TARGET_S * 1000:.0f} ms")
    return 0 if worst < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
