"""Ingest an incoming document: find the plan task it fulfils and record it as issued.

A unit's document names its issuer in its header and its parent in its first sentence
("Thực hiện Công văn số 2269-CV/TU ngày 20/01/2026 của Ban Thường vụ Tỉnh ủy …"). The
task is the one whose body issued it *and* whose parents it cites; anything less is
never guessed but explained, with the evidence read from the document, so the clerk can
see at once why it was not recorded (``Explanation.code``):

``no_issuer`` · ``issuer_not_in_plan`` · ``no_parent_citation`` · ``parent_mismatch`` ·
``ambiguous`` · ``already_issued`` · ``task_exempt`` · ``no_number``.

This module reads and matches; it writes nothing. Recording a match is the store's
(``cascade.store.intake``), through the same ``record_issued`` as
``POST /plans/{id}/tasks/{task}/issued``, so both paths record identically.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from cascade.citations.models import Citation, ReadResult
from cascade.citations.parser import parse_symbol
from cascade.citations.reader import read_document
from cascade.citations.registry import symbol_key
from cascade.citations.resolve import resolve_citations, resolve_header
from cascade.compose import TYPE_NAMES, number_text
from cascade.layout.rules import reference
from cascade.planner import ROOT, PlanTask, vn_date
from cascade.store.access import committee_of
from cascade.store.rows import DirectiveRow, PlanRow, PlanTaskRow
from orgchart import Chart

Code = Literal["no_issuer", "issuer_not_in_plan", "no_parent_citation", "parent_mismatch",
               "ambiguous", "already_issued", "task_exempt", "no_number"]


class IngestError(ValueError):
    """Bad input (unknown plan, unreadable file): the CLI exits 2, the API answers 404/422."""


class Explanation(BaseModel):
    """Why a document was not recorded: a code, a Vietnamese sentence, the evidence."""

    code: Code
    message: str
    evidence: dict[str, Any] = Field(default_factory=dict)


class DocumentFacts(BaseModel):
    """What the match used from the document, shown back to the clerk."""

    path: str
    system: str | None = Field(description="party or state, as the header reads")
    issuer_lines: list[str]
    issuer_id: str | None
    signed_for: str | None = Field(description="'BAN THƯỜNG VỤ' of 'T/M BAN THƯỜNG VỤ'")
    type: str | None
    number: str | None
    symbol: str | None
    date: dt.date | None
    signer: str | None
    parents: list[str] = Field(description="the parent citations, as written")


class Match(BaseModel):
    """The task a document fulfils, or the explanation why there is none."""

    document: DocumentFacts
    task_id: str | None = None
    body_id: str | None = None
    candidates: list[str] = Field(default_factory=list, description="task ids considered")
    candidate_bodies: list[str] = Field(default_factory=list, description="their bodies")
    warnings: list[str] = Field(default_factory=list)
    explanation: Explanation | None = None

    @property
    def ok(self) -> bool:
        return self.explanation is None and self.task_id is not None


# ------------------------------------------------------------------ the plan as matched
@dataclass
class PlanView:
    """A stored plan with what matching needs: the directive and the tasks' light columns.

    The planner JSON (``data``) of a task is loaded only for candidates and their parents.
    """

    session: Session
    row: PlanRow
    directive: DirectiveRow
    tasks: dict[str, PlanTaskRow] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, plan_id: int) -> PlanView:
        row = session.get(PlanRow, plan_id)
        if row is None:
            raise IngestError(f"không có kế hoạch số {plan_id}")
        directive = session.get(DirectiveRow, row.directive_id)
        assert directive is not None
        # the planner JSON and the name lists are most of a row: loaded only when used
        light = defer(PlanTaskRow.data), defer(PlanTaskRow.recipients), defer(PlanTaskRow.requested)
        tasks = {t.id: t for t in session.scalars(
            select(PlanTaskRow).options(*light).where(PlanTaskRow.plan_id == plan_id))}
        return cls(session, row, directive, tasks)

    def by_body(self) -> dict[str, PlanTaskRow]:
        """Each body's first task (a body may issue several documents: ``tasks_of``)."""
        out: dict[str, PlanTaskRow] = {}
        for t in sorted(self.tasks.values(), key=lambda t: t.id):
            out.setdefault(t.body_id, t)
        return out

    def tasks_of(self, body_id: str) -> list[PlanTaskRow]:
        """All the body's tasks (a commune BTV: its kế hoạch and its hướng dẫn), by id."""
        return sorted((t for t in self.tasks.values() if t.body_id == body_id),
                      key=lambda t: t.id)


# ------------------------------------------------------------------ reading helpers
def _signed_for(doc: ReadResult) -> str | None:
    """The collective a document is signed on behalf of ("BAN THƯỜNG VỤ" of "T/M …")."""
    sig = doc.header.signature
    if sig is None or sig.prefix not in ("T/M", "TM."):
        return None
    return sig.authority


def _as_planner(t: PlanTaskRow) -> PlanTask:
    data = dict(t.data)
    if t.status == "issued" and t.number and t.date:
        data.update(number=t.number, issued_on=t.date.isoformat())
    return PlanTask.model_validate(data)


def _type_word(doc_type: str) -> str:
    return TYPE_NAMES.get(doc_type, doc_type).lower()


def _same_number(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    try:
        return int(a) == int(b)
    except ValueError:
        return a.strip() == b.strip()


# ------------------------------------------------------------------ issuer
def _issuer_bodies(doc: ReadResult, view: PlanView, chart: Chart, day: dt.date
                   ) -> tuple[list[str], str | None, str | None]:
    """(plan body ids the document may come from, the chart's issuer id, why none).

    One resolver, twice: over the whole chart for who the issuer is (shown, and named
    when it has no task), and over the plan's bodies for the candidates; a header that
    names no province fits every province's body, told apart later by the parents.
    """
    h = doc.header
    found = resolve_header(h, chart, day)
    in_plan = resolve_header(h, chart, day, among=view.by_body())
    why = in_plan.reason if in_plan.outcome == "other_collective" else None
    return list(in_plan.candidates), found.body_id, why


# ------------------------------------------------------------------ parents
@dataclass(frozen=True)
class _Expected:
    """One parent a task must cite: the directive, an issued task or one not yet issued."""

    ref: str  # ROOT or a task id
    type: str  # type word
    issuer_ids: frozenset[str]  # the body, and for a BTV its committee (same header, symbol)
    number: str | None
    canonical: str | None  # number and symbol as they identify it: "2269-CV/TU"
    date: dt.date | None
    label: str  # how the clerk reads it

    def fits(self, c: Citation, lo: dt.date, hi: dt.date | None) -> bool:
        if self.number is not None:
            if not c.symbol:  # "Công văn số 2269 của …": the number, type and issuer
                return (_same_number(c.number, self.number) and c.type == self.type
                        and c.issuer_id in self.issuer_ids
                        and (c.date is None or c.date == self.date))
            # the canonical form folds how it was printed: "58/KH-TU" is 58-KH/TU, and a
            # Party quy định printed QĐ or QĐi is one document
            return (symbol_key(c.canonical) == symbol_key(self.canonical or "")
                    and (c.date is None or c.date == self.date))
        return (c.type == self.type and c.issuer_id in self.issuer_ids
                and c.date is not None and lo <= c.date and (hi is None or c.date <= hi))


def _canonical(written: str) -> str | None:
    parts = parse_symbol(written)
    return parts.canonical if parts else None


def _issuers(chart: Chart, body_id: str, day: dt.date) -> frozenset[str]:
    """The body and, for a standing board, its committee: a BTV's letter is headed and
    numbered as the Tỉnh ủy's ("2269-CV/TU") and is often cited as "của Tỉnh ủy"."""
    committee = committee_of(chart, body_id, day)
    return frozenset({body_id} if committee is None else {body_id, committee.id})


def _expected(view: PlanView, t: PlanTaskRow, chart: Chart) -> list[_Expected]:
    d = view.directive
    day = view.row.as_of
    out = []
    for ref in t.parents:
        if ref == ROOT:
            name = view.row.data.get("issuer_name") or d.issuer_body_id
            number = view.row.data.get("directive_number") or reference(d.number, d.symbol)
            word = str((d.source or {}).get("type") or d.doc_type)  # "kết luận"
            out.append(_Expected(ROOT, word, frozenset({d.issuer_body_id}),
                                 d.number, _canonical(reference(d.number, d.symbol)), d.date,
                                 f"{number} ngày {vn_date(d.date)} của {name}"))
            continue
        p = view.tasks.get(ref)
        if p is None:  # pragma: no cover - the planner writes parents it planned
            continue
        word = TYPE_NAMES.get(p.doc_type, p.doc_type)
        if p.status == "issued" and p.number and p.date:
            written = number_text(_as_planner(p))
            out.append(_Expected(ref, word.lower(), _issuers(chart, p.body_id, day),
                                 p.number, _canonical(written), p.date,
                                 f"{word} số {written} ngày {vn_date(p.date)} của "
                                 f"{p.body_name}"))
        else:
            out.append(_Expected(ref, word.lower(), _issuers(chart, p.body_id, day),
                                 None, None, None,
                                 f"{word} của {p.body_name} (chưa ghi nhận số, ngày)"))
    return out


def _unmatched(exp: list[_Expected], parents: list[Citation], lo: dt.date,
               hi: dt.date | None) -> list[_Expected]:
    return [e for e in exp if not any(e.fits(c, lo, hi) for c in parents)]


# ------------------------------------------------------------------ match
def _facts(doc: ReadResult, issuer_id: str | None, day: dt.date | None,
           signed_for: str | None) -> DocumentFacts:
    h = doc.header
    return DocumentFacts(
        path=doc.path, system=h.system, issuer_lines=h.issuer_lines, issuer_id=issuer_id,
        signed_for=signed_for,
        type=h.type, number=h.number, symbol=h.symbol, date=day,
        signer=h.signature.name if h.signature else None,
        parents=[c.text for c in doc.citations if c.role == "parent"])


def match(document: ReadResult, plan: PlanView, chart: Chart) -> Match:
    """The plan task ``document`` fulfils, or an explanation with the evidence.

    Issuer first (``resolve_header`` over the plan's bodies: printed header lines, then
    the "T/M …" line), then the parent citations against each candidate's parents,
    then the document type; a unique task is checked for a number, a date and its status.
    """
    h = document.header
    date_line, day = h.date_line, h.date
    as_of = day or plan.row.as_of
    signed_for = _signed_for(document)
    cands, issuer_id, why = _issuer_bodies(document, plan, chart, as_of)
    facts = _facts(document, issuer_id, day, signed_for)
    m = Match(document=facts)
    lines = " / ".join(h.issuer_lines) or "(không có)"

    def explain(code: Code, message: str, **evidence: Any) -> Match:
        m.explanation = Explanation(code=code, message=message, evidence=evidence)
        return m

    if not cands:
        if issuer_id is None and why is None:
            signed = f"; ký thay mặt: {signed_for}" if signed_for else ""
            return explain("no_issuer", "Không xác định được cơ quan ban hành từ phần đầu văn "
                           f"bản (dòng cơ quan: {lines}{signed}).", issuer_lines=h.issuer_lines,
                           signed_for=signed_for)
        name = chart.body(issuer_id, as_of).name if issuer_id and chart.has(
            issuer_id, as_of) else lines
        extra = f", {why}" if why else ""
        return explain("issuer_not_in_plan",
                       f"Cơ quan ban hành {name} ({issuer_id or lines}{extra}) không có nhiệm "
                       f"vụ trong kế hoạch số {plan.row.id}.", issuer_id=issuer_id,
                       issuer_lines=h.issuer_lines, signed_for=signed_for)
    tasks = [t for b in cands for t in plan.tasks_of(b)]
    m.candidates = [t.id for t in tasks]
    m.candidate_bodies = [t.body_id for t in tasks]
    parents = [c for c in document.citations if c.role == "parent"]
    if not parents:
        mentions = [c.text for c in document.citations]
        return explain("no_parent_citation",
                       "Văn bản không trích dẫn văn bản cấp trên nào theo dạng “Thực hiện …” "
                       f"(cơ quan: {', '.join(t.body_name for t in tasks)}); không biết văn bản "
                       "thực hiện nhiệm vụ nào.", candidates=m.candidates, mentions=mentions)
    lo = plan.directive.date
    fitting: list[PlanTaskRow] = []
    misses: dict[str, list[str]] = {}
    for t in tasks:
        resolved = resolve_citations(parents, chart, context_body=t.body_id, as_of=as_of)
        missing = _unmatched(_expected(plan, t, chart), resolved, lo, day)
        if missing:
            misses[t.id] = [e.label for e in missing]
        else:
            fitting.append(t)
    if not fitting:
        cited = "; ".join(c.text for c in parents)
        wanted = "; ".join(f"{tid}: {', '.join(x)}" for tid, x in misses.items())
        return explain("parent_mismatch", f"Văn bản trích dẫn “{cited}” nhưng nhiệm vụ cần "
                       f"trích dẫn: {wanted}.", cited=[c.text for c in parents],
                       expected=misses)
    if len(fitting) > 1 and h.type:
        same = [t for t in fitting if _type_word(t.doc_type) == h.type]
        fitting = same or fitting
    if len(fitting) > 1:
        return explain("ambiguous", "Văn bản khớp với nhiều nhiệm vụ: "
                       + "; ".join(f"{t.id} ({t.body_name}, {_type_word(t.doc_type)})"
                                   for t in fitting) + ".",
                       candidates=[t.id for t in fitting])
    t = fitting[0]
    m.task_id, m.body_id = t.id, t.body_id
    if h.type and _type_word(t.doc_type) != h.type:
        m.warnings.append(f"kế hoạch dự kiến {_type_word(t.doc_type)}, văn bản là {h.type}")
    if t.status == "issued":
        return explain("already_issued", f"Nhiệm vụ {t.id} ({t.body_name}) đã ghi nhận ban "
                       f"hành: số {t.number}, ngày {t.date:%d/%m/%Y}.", task_id=t.id,
                       number=t.number, date=t.date.isoformat() if t.date else None)
    if t.status == "exempt":
        return explain("task_exempt", f"Nhiệm vụ {t.id} ({t.body_name}) đã được miễn "
                       f"({t.exempt_reason}); chuyển lại “chưa thực hiện” trước khi ghi nhận.",
                       task_id=t.id, reason=t.exempt_reason)
    blank = [what for what, v in (("số", h.number), ("ký hiệu", h.symbol), ("ngày", day))
             if not v]
    if blank:
        return explain("no_number", f"Văn bản của {t.body_name} là dự thảo: chưa có "
                       f"{', '.join(blank)} (dòng số: “{h.number_line or ''}”, dòng ngày: "
                       f"“{date_line or ''}”); điền số và ngày trước khi ghi nhận.",
                       task_id=t.id, number_line=h.number_line, date_line=date_line)
    return m


# ------------------------------------------------------------------ read and match
def read_and_match(session: Session, plan_id: int, path: str | Path,
                   chart: Chart | None = None) -> tuple[ReadResult, Match]:
    """Read ``path`` and match it against plan ``plan_id``; writes nothing.

    IngestError: unknown plan or unreadable file.
    """
    from cascade.citations.reader import ReadError

    view = PlanView.load(session, plan_id)
    if chart is None:
        from orgchart import load_chart

        chart = load_chart()
    try:
        # with the chart, the reader resolves the issuer from the printed header lines
        doc = read_document(path, chart=chart)
    except ReadError as exc:
        raise IngestError(str(exc)) from None
    return doc, match(doc, view, chart)


__all__ = ["DocumentFacts", "Explanation", "IngestError", "Match", "PlanView", "match",
           "read_and_match"]
