"""A signed document most often reaches the secretariat as a PDF: every draft the planner
renders (the kl-107 chain for Lai Châu, and every template: nd30, hd36, hd05 × the seven
types), numbered and dated as the văn thư does, printed to PDF by LibreOffice in one run,
reads the same as its .docx and is matched to its task by ingest.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cascade.citations.ingest import read_and_match
from cascade.citations.models import ReadResult
from cascade.citations.reader import read_document
from cascade.compose import children_of, spec_for
from cascade.directive import load_directive
from cascade.drafts.build import render_draft
from cascade.drafts.pdf import to_pdf
from cascade.drafts.resolve_spec import resolve
from cascade.plan_rules import load_rules
from cascade.planner import Plan, plan
from cascade.store.db import Store
from cascade.store.intake import ingest
from cascade.store.plans import save_plan
from cascade.store.rows import PlanTaskRow

REPO = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 1, 15)
STAMP = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
TYPES = ("bao_cao", "cong_van", "huong_dan", "ke_hoach", "quyet_dinh", "thong_bao", "to_trinh")
PROFILES = {"party": ("hd36", "hd05"), "state": ("nd30",)}
PARTY_PLAN = "lai-chau.dubnd"  # the Đảng ủy's kế hoạch, once refused from PDF
STATE_PLAN = "lai-chau.so-congthuong"  # a department of UBND tỉnh


@dataclass(frozen=True)
class Rendered:
    """One draft as .docx and as PDF, and the plan task it fulfils."""

    docx: Path
    pdf: Path
    task_id: str
    doc_type: str
    numbered: bool


def chain(planned: Plan) -> list[str]:
    """Tasks in issuing order, each after its parents: both systems, province and commune."""
    tasks = {t.id: t for t in planned.tasks}
    commune_ubnd = next(t.id for t in planned.tasks
                        if t.id.startswith("c") and t.kind == "peoples_committee")
    commune_btv = next(p for p in tasks[commune_ubnd].parents if p.startswith("c"))
    ids = ["lai-chau.btv", "lai-chau.btgdv", PARTY_PLAN, "lai-chau.ubnd", STATE_PLAN,
           commune_btv, commune_ubnd]
    assert all(i in tasks for i in ids), [i for i in ids if i not in tasks]
    return ids


def _names() -> list[str]:
    natural = ["btv", "btgdv", "dubnd", "ubnd", "so", "xa-ubnd", "xa-btv", "btv-blank",
               "dubnd-blank", "ubnd-blank", "dubnd-hd05-draft-mark"]
    templates = [f"{prof}-{typ}" for system in ("party", "state") for prof in PROFILES[system]
                 for typ in TYPES]
    return natural + templates


NAMES = _names()


@pytest.fixture(scope="module")
def planned(chart) -> Plan:
    return plan(chart, load_directive(REPO / "examples" / "kl-107.yaml"), load_rules(),
                as_of=DAY, scope=["lai-chau"])


@pytest.fixture(scope="module")
def rendered(chart, planned: Plan, tmp_path_factory) -> dict[str, Rendered]:
    """Every draft of NAMES rendered, numbered in issuing order (each child citing its
    parents' numbers), then converted to PDF in a single LibreOffice call."""
    out = tmp_path_factory.mktemp("drafts")
    rules = load_rules()
    tasks = {t.id: t for t in planned.tasks}
    kids = children_of(planned)
    issued: dict[str, dict[str, Any]] = {}
    docs: dict[str, tuple[Path, str, str, bool]] = {}

    def write(name: str, spec: Any, task_id: str, numbered: bool,
              profile: str | None = None) -> None:
        path = out / f"{name}.docx"
        path.write_bytes(render_draft(resolve(chart, spec, profile=profile, today=DAY), STAMP))
        docs[name] = (path, task_id, spec.type, numbered)

    short = dict(zip(chain(planned), ["btv", "btgdv", "dubnd", "ubnd", "so", "xa-btv",
                                      "xa-ubnd"], strict=True))
    for n, tid in enumerate(chain(planned)):
        known = {k: v.model_copy(update=issued[k]) if k in issued else v
                 for k, v in tasks.items()}
        blank = spec_for(planned, tasks[tid], rules, known, kids)
        number, day = str(11 + n), dt.date(2026, 2, 3 + n)
        spec = blank.model_copy(update={"number": number, "date": day})
        issued[tid] = {"number": number, "issued_on": day}
        write(short[tid], spec, tid, True)
        if tid in ("lai-chau.btv", PARTY_PLAN, "lai-chau.ubnd"):
            write(f"{short[tid]}-blank", blank, tid, False)
        if tid == PARTY_PLAN:  # hd05 prints "Dự thảo" under a blank number
            write("dubnd-hd05-draft-mark", blank.model_copy(update={"draft_mark": True}), tid,
                  False, "hd05")
        if tid in (PARTY_PLAN, STATE_PLAN):
            for prof in PROFILES[tasks[tid].system]:
                for typ in TYPES:
                    write(f"{prof}-{typ}", spec.model_copy(update={"type": typ}), tid, True,
                          prof)
    assert sorted(docs) == sorted(NAMES)
    pdfs = to_pdf([d[0] for d in docs.values()], out / "pdf")
    return {name: Rendered(docx, pdf, tid, typ, numbered)
            for (name, (docx, tid, typ, numbered)), pdf in zip(docs.items(), pdfs, strict=True)}


def fields(r: ReadResult) -> dict[str, Any]:
    """What a clerk and ingest use from a document."""
    h = r.header
    s = h.signature
    return {
        "issuer_lines": h.issuer_lines, "issuer_id": h.issuer_id, "system": h.system,
        "number": h.number, "symbol": h.symbol, "is_draft": h.is_draft, "place": h.place,
        "date": h.date, "year": h.year, "type": h.type, "summary": h.summary,
        "authority_line": h.authority_line, "recipients": h.recipients,
        "signature": (s.prefix, s.authority, s.titles, s.name) if s else None,
        "distribution": h.distribution,
        "parents": [c.text for c in r.citations if c.role == "parent"],
        "mentions": [c.text for c in r.citations if c.role == "mention"],
    }


@pytest.mark.parametrize("name", NAMES)
def test_pdf_reads_as_the_docx(chart, rendered, name) -> None:
    d = rendered[name]
    docx, pdf = read_document(d.docx, chart), read_document(d.pdf, chart)
    assert pdf.format == "pdf"
    got, want = fields(pdf), fields(docx)
    assert got == want, {k: (got[k], want[k]) for k in want if got[k] != want[k]}
    # and the .docx reading is itself complete, so the equality says something
    h = docx.header
    assert h.issuer_id == d.task_id and h.issuer_lines
    assert h.symbol and h.summary and want["parents"]
    if re.search(r"^(?:T/M|TM\.|K/T|KT\.) ", docx.text, re.M):
        assert h.signature is not None  # (an unsigned bare "GIÁM ĐỐC" is left unread)
    assert (h.number is not None, h.date is not None) == (d.numbered, d.numbered)


def test_party_plan_pdf_keeps_the_rule_apart_from_the_first_sentence(rendered) -> None:
    """The case that was refused: "-----" under the trích yếu glued to "Thực hiện …",
    and words cut at accented letters ("Ban Thường v ụ")."""
    r = read_document(rendered["dubnd"].pdf)
    assert "-----\n" in r.text and "Thường vụ Tỉnh ủy" in r.text
    assert not any(line.startswith("---") and line.strip("-") for line in r.text.split("\n"))
    assert [c.text for c in r.citations if c.role == "parent"] == [
        "Công văn số 11-CV/TU ngày 03/02/2026 của Ban Thường vụ Tỉnh ủy Lai Châu"]
    assert r.header.issuer_lines == ["ĐẢNG BỘ TỈNH LAI CHÂU", "ĐẢNG ỦY", "ỦY BAN NHÂN DÂN TỈNH"]


@pytest.fixture(scope="module")
def stored(chart, planned: Plan, tmp_path_factory) -> Iterator[tuple[Store, int]]:
    """The same plan in a SQLite store, nothing issued: matching only reads it."""
    s = Store(f"sqlite:///{tmp_path_factory.mktemp('db') / 'store.db'}")
    s.upgrade()
    with s.write() as session:
        pid = save_plan(session, planned, "test").id
    yield s, pid
    s.dispose()


@pytest.mark.parametrize("name", NAMES)
def test_pdf_is_matched_to_its_task(chart, rendered, stored, name) -> None:
    store, pid = stored
    d = rendered[name]
    with store.read() as session:
        doc, m = read_and_match(session, pid, d.pdf, chart)
        own_type = session.get(PlanTaskRow, (pid, d.task_id)).doc_type
    assert m.task_id == d.task_id and m.document.issuer_id == d.task_id
    if d.numbered:
        assert m.ok, m.explanation
        assert (m.document.number, m.document.symbol) == (doc.header.number, doc.header.symbol)
    else:
        assert m.explanation is not None and m.explanation.code == "no_number"
    # another type than planned is recorded all the same, with a warning
    assert bool(m.warnings) == (d.doc_type != own_type), m.warnings


def test_party_plan_pdf_is_recorded(chart, planned, rendered, tmp_path) -> None:
    """The Đảng ủy's kế hoạch PDF, ingested for real: its task is issued with its number."""
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    store.upgrade()
    try:
        with store.write() as session:
            pid = save_plan(session, planned, "test").id
        with store.write() as session:
            r = ingest(session, pid, rendered["dubnd"].pdf, "test", chart=chart)
        assert r.recorded and r.match.task_id == PARTY_PLAN, r.match.explanation
        with store.read() as session:
            t = session.get(PlanTaskRow, (pid, PARTY_PLAN))
            assert (t.status, t.number, t.date) == ("issued", "13", dt.date(2026, 2, 5))
    finally:
        store.dispose()
