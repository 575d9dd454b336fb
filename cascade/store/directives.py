"""Directives in the store: one row per document, whatever number of plans cascade it.

A directive's identity is its issuer, type, number, symbol and date (Party numbers repeat
across terms: 35-CT/TW exists three times). Registering the same document again returns
the row already stored; the same identity with other content is a conflict, not a second
version, because the plans already made cite the stored one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cascade.directive import Directive

from .rows import DirectiveRow, log_event


class DirectiveConflict(RuntimeError):
    """The identity is stored already with other content (409)."""

    def __init__(self, message: str, existing_id: int) -> None:
        super().__init__(message)
        self.existing_id = existing_id


def identity(doc: Directive, issuer_id: str, issuer_symbol: str) -> dict[str, Any]:
    return {"issuer_body_id": issuer_id, "doc_type": doc.type_code, "number": str(doc.number),
            "symbol": doc.full_symbol(issuer_symbol), "date": doc.date}


def find_directive(session: Session, ident: dict[str, Any]) -> DirectiveRow | None:
    return session.scalars(select(DirectiveRow).where(
        *(getattr(DirectiveRow, k) == v for k, v in ident.items()))).first()


def store_directive(session: Session, doc: Directive, issuer_id: str, issuer_symbol: str,
                    ref: str, actor: str) -> tuple[DirectiveRow, bool]:
    """(row, created): the stored directive of this identity, added if new; ``ref`` is
    its printed number ("107-KL/TW"), for messages and the log.

    Raises ``DirectiveConflict`` when the identity is stored with different content.
    """
    ident = identity(doc, issuer_id, issuer_symbol)
    source = doc.model_dump(mode="json")
    row = find_directive(session, ident)
    created = False
    if row is None:
        try:
            with session.begin_nested():  # a concurrent writer may add it first
                row = DirectiveRow(**ident, title=doc.summary, source=source)
                session.add(row)
                session.flush()
            created = True
        except IntegrityError:
            row = find_directive(session, ident)
            assert row is not None
    if row.source != source:
        raise DirectiveConflict(
            f"{doc.type_name} số {ref} ngày {row.date:%d/%m/%Y} đã được "
            f"lưu (id {row.id}) với nội dung khác; dùng văn bản đã lưu "
            f"(POST /directives/{row.id}/plans) hoặc kiểm tra lại số, ký hiệu, ngày",
            row.id)
    if created:
        log_event(session, actor, "create", "directive", row.id,
                  after={"directive": ref,
                         "date": row.date.isoformat(), "issuer": issuer_id})
    return row, created


def load_source(row: DirectiveRow) -> Directive:
    """The stored directive as the planner reads it (validated when it was stored)."""
    return Directive.model_validate(row.source)
