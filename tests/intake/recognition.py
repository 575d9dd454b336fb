"""Recognition figures on the test directives (tests/intake/documents.py): tasks found /
tasks present, leads right / leads present, per document and format.

    python -m tests.intake.recognition [--pdf] [--scan]

``TRUTH`` is each document's tasks as a reader of the paper counts them (its points,
or the dashes under a point), each with the kinds of body that lead it: ``()`` when it
goes to every body (no one kind is named, or only generic subjects: "Các cấp ủy, …",
"Các phòng, đơn vị"), the kinds otherwise, named together where several lead ("Hội
đồng nhân dân, …, Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội xã").
A dash with no subject of its own is led by its point's subject, as the paper reads.
The follow-up item ("Giao … theo dõi, đôn đốc") is not a task.

A task is found when a task of the same number is read; its lead is right when the kinds
read, folded as the planner folds them (``cascade.intake.bodies.fold``: "Mặt trận Tổ
quốc … và các tổ chức chính trị - xã hội" is the Front's), equal the truth folded the
same way, with every body (``()``) matching a task read as everyone's or with no lead.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from cascade.intake.bodies import fold
from cascade.intake.models import DirectiveReading

PC, POLICE, FRONT, MASS = "peoples_committee", "police", "fatherland_front", "mass_organisation"
ALL: tuple[str, ...] = ()
TRUTH: dict[str, dict[str, tuple[str, ...]]] = {
    "kl-107": {"1": ALL, "2": ALL, "3": ALL, "4": (PC,), "5": (POLICE,), "6": (FRONT,),
               "7": ("propaganda_commission",), "8": ("party_building_commission",),
               "9": ALL},
    "seed-000": {"1": ALL, "2": ALL, "3": ALL,
                 "4.-1": ("peoples_council", FRONT, MASS), "4.-2": ("procuracy",),
                 "4.-3": ("court",), "5": (POLICE,),
                 **{f"6.-{i}": ("party_committee_of_party_agencies", PC, "party_committee")
                    for i in (1, 2, 3)},
                 "7": ("propaganda_commission",)},
    "seed-001": {"1": ALL, "2": (PC,), "3": ("propaganda_commission",), "4": ALL,
                 "5": (FRONT, MASS)},
    "seed-002": {**{str(i): ALL for i in range(1, 7)}, "7": (POLICE,),
                 "8": ("peoples_council", FRONT, MASS), "9": ALL},
    "seed-003": {"II.1": ALL, **{f"II.2.-{i}": ALL for i in range(1, 5)}, "II.3": ALL,
                 "II.4": ALL, "II.5": ALL, "III.1": ALL, "III.2": ("division",)},
    "seed-004": {"II.1.-1": ALL, "II.1.-2": ("party_building_commission",),
                 **{f"II.2.-{i}": ALL for i in range(1, 6)},
                 **{f"II.3.-{i}": (PC,) for i in range(1, 8)},
                 **{f"II.4.-{i}": (POLICE,) for i in range(1, 5)},
                 **{f"II.5.-{i}": ("peoples_council", FRONT, MASS) for i in (1, 2, 3)},
                 "II.6": ALL, "III.1": ("party_committee",), "III.2": (FRONT, MASS),
                 "III.3": ("division",)},
}


@dataclass
class Score:
    name: str
    present: int
    found: int
    leads_right: int
    extra: list[str]  # tasks read that the paper does not have
    missed: list[str]
    wrong: list[tuple[str, tuple[str, ...], tuple[str, ...]]]  # number, truth, read


def lead_read(t) -> tuple[str, ...]:
    if t.everyone and not t.lead_kind:
        return ALL
    return tuple(sorted(fold({m.carries for m in t.leads if m.carries})))


def score(name: str, r: DirectiveReading) -> Score:
    truth = TRUTH[name]
    read = {t.number: t for t in r.tasks if t.kind == "task"}
    found = [n for n in truth if n in read]
    wrong = []
    for n in found:
        want = tuple(sorted(fold(set(truth[n])))) if truth[n] else ALL
        got = lead_read(read[n])
        if got != want:
            wrong.append((n, want, got))
    return Score(name, len(truth), len(found), len(found) - len(wrong),
                 [n for n in read if n not in truth], [n for n in truth if n not in read],
                 wrong)


def table(scores: list[Score]) -> str:
    lines = ["document   tasks found/present   leads right/present   extra read   wrong leads"]
    for s in scores:
        wrong = "; ".join(f"{n}: {'+'.join(w) or 'mọi cơ quan'} read as "
                          f"{'+'.join(g) or 'mọi cơ quan'}" for n, w, g in s.wrong)
        lines.append(f"{s.name:10} {s.found:5}/{s.present:<5}             "
                     f"{s.leads_right:5}/{s.present:<5}          {len(s.extra):5}        "
                     f"{wrong}" + (f"  missed: {', '.join(s.missed)}" if s.missed else ""))
    tot = [sum(getattr(s, k) for s in scores) for k in ("found", "present", "leads_right")]
    lines.append(f"{'total':10} {tot[0]:5}/{tot[1]:<5}             {tot[2]:5}/{tot[1]:<5}"
                 f"          {sum(len(s.extra) for s in scores):5}")
    return "\n".join(lines)


def main() -> None:
    import tempfile

    from cascade.intake.load import read_file
    from orgchart import load_chart
    from tests.intake import documents

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdf", action="store_true", help="also the PDFs LibreOffice prints")
    args = ap.parse_args()
    chart = load_chart()
    with tempfile.TemporaryDirectory() as tmp:
        docx = [documents.build(n, Path(tmp)) for n in documents.NAMES]
        sets = [(".docx", docx)]
        if args.pdf:
            sets.append((".pdf", documents.pdf(docx, Path(tmp) / "pdf")))
        for label, files in sets:
            scores = [score(n, read_file(p, chart)) for n, p in
                      zip(documents.NAMES, files, strict=True)]
            print(f"{label}\n{table(scores)}")
            for s in scores:
                if s.extra or s.missed:
                    print(f"  {s.name}: extra {s.extra}, missed {s.missed}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
