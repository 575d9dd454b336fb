"""Recording an ingested document: the store's half of ``trienkhai ingest`` and of
``POST /plans/{id}/ingest``.

``cascade.citations.ingest`` reads a signed document and matches it to its plan task
without writing; here a successful match is recorded through ``record_issued`` (the
function behind ``POST …/issued``), so every path records identically and nothing is
written unless the whole match succeeded.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy.orm import Session

from cascade.citations.ingest import Explanation, Match, read_and_match
from cascade.citations.models import ReadResult
from orgchart import Chart

from .plans import TaskConflict, record_issued


class IngestResult(BaseModel):
    """The match and, when recorded, the issued document's id."""

    plan_id: int
    recorded: bool
    match: Match
    document_id: int | None = None
    file_sha256: str | None = None


def record_match(session: Session, plan_id: int, doc: ReadResult, result: Match,
                 actor: str, *, file_name: str, file_path: str,
                 file_sha256: str) -> int | None:
    """Record a successful match through ``record_issued``; the issued document's id.

    A conflict found only now (a concurrent ingest, or the number already recorded for
    another task of the body) becomes the match's explanation and nothing is written.
    """
    h = doc.header
    assert result.ok and result.task_id and h.number and h.symbol and result.document.date
    try:
        issued = record_issued(
            session, plan_id, result.task_id, number=h.number, symbol=h.symbol,
            date=result.document.date, signer=result.document.signer, file_name=file_name,
            file_path=file_path, file_sha256=file_sha256, actor=actor)
    except TaskConflict as exc:
        result.explanation = Explanation(
            code="already_issued", message=f"Không ghi nhận được: {exc}.",
            evidence={"task_id": result.task_id, "number": h.number, "symbol": h.symbol})
        return None
    return issued.id


def ingest(session: Session, plan_id: int, path: str | Path, actor: str, *,
           chart: Chart | None = None, dry_run: bool = False) -> IngestResult:
    """Read ``path``, match it against plan ``plan_id`` and record it as issued, in the
    caller's transaction; an explanation (or ``dry_run``) writes nothing.

    The file is recorded where it lies (its resolved path and SHA-256). IngestError:
    unknown plan or unreadable file.
    """
    path = Path(path)
    doc, result = read_and_match(session, plan_id, path, chart)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    out = IngestResult(plan_id=plan_id, recorded=False, match=result, file_sha256=sha)
    if result.ok and not dry_run:
        out.document_id = record_match(session, plan_id, doc, result, actor,
                                       file_name=path.name, file_path=str(path.resolve()),
                                       file_sha256=sha)
        out.recorded = out.document_id is not None
    return out


__all__ = ["IngestResult", "ingest", "record_match"]
