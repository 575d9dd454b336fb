"""``GET /health``: the service is up and its database answers."""

from fastapi import APIRouter
from sqlalchemy import select

from api.deps import StoreDep

router = APIRouter(tags=["service"])


@router.get("/health", summary="Liveness and database check")
def health(store: StoreDep) -> dict[str, str]:
    with store.read() as s:
        s.execute(select(1))
    return {"status": "ok"}
