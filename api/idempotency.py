"""``Idempotency-Key`` on the POSTs that create or allocate.

The answer is stored in the same write transaction as the change, so a retry with the
same key gets the same answer and changes nothing more; the same key with another request
is refused, never replayed. Keys are per API key (its prefix).
"""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.problems import Problem
from cascade.store.access import Caller
from cascade.store.db import Store
from cascade.store.rows import IdempotencyRow

BLANK = "không được để trống"

Work = Callable[[Session], tuple[int, dict[str, Any]]]


def idempotent(store: Store, request: Request, caller: Caller, key: str | None,
               payload: Any, do: Work) -> JSONResponse:
    """Run ``do`` in one write transaction, storing its (status, body) under the key."""
    digest = hashlib.sha256(json.dumps(
        [request.method, request.url.path, payload], sort_keys=True,
        ensure_ascii=False).encode()).hexdigest()
    if key is not None and not key.strip():
        raise Problem(422, f"Idempotency-Key: {BLANK}",
                      [{"field": "Idempotency-Key", "type": "blank", "message": BLANK}])
    prefix = caller.prefix
    for _attempt in range(2):
        try:
            with store.write() as s:
                if key:
                    rec = _find(s, prefix, key)
                    if rec is not None:
                        return _replay(rec, digest)
                status, body = do(s)
                if key:
                    s.add(IdempotencyRow(principal=prefix, key=key, method=request.method,
                                         path=request.url.path, request_hash=digest,
                                         status_code=status, response=body))
                    s.flush()
            return JSONResponse(jsonable_encoder(body), status_code=status)
        except IntegrityError:
            if not key:
                raise
            # a concurrent request with the same key won: its answer is ours
    with store.read() as s:
        rec = _find(s, prefix, key or "")
        if rec is None:  # pragma: no cover - the unique key says it exists
            raise Problem(409, "Idempotency-Key: một yêu cầu khác cùng khóa đang được xử "
                               "lý; hãy gửi lại sau")
        return _replay(rec, digest)


def _find(s: Session, principal: str, key: str) -> IdempotencyRow | None:
    return s.scalars(select(IdempotencyRow).where(
        IdempotencyRow.principal == principal, IdempotencyRow.key == key)).first()


def _replay(rec: IdempotencyRow, digest: str) -> JSONResponse:
    if rec.request_hash != digest:
        raise Problem(422, "Idempotency-Key: khóa này đã được dùng cho một yêu cầu khác "
                           f"({rec.method} {rec.path}); hãy dùng khóa mới",
                      [{"field": "Idempotency-Key", "type": "key_reused",
                        "message": "đã dùng cho một yêu cầu khác"}])
    return JSONResponse(rec.response, status_code=rec.status_code,
                        headers={"Idempotent-Replayed": "true"})
