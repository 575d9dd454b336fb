"""``/webhooks``: a write key registers a URL for events (a plan created, a task issued,
a task late) within its reach; every delivery is recorded and can be replayed."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import RowId, StoreDep, Writer
from api.problems import Problem, problems
from api.schemas import DeliveryOut, DeliveryPage, WebhookCreated, WebhookIn, WebhookOut
from cascade.store import webhooks as wh
from cascade.store.rows import DeliveryRow, OutboxRow

router = APIRouter(tags=["webhooks"])


def _delivery(d: DeliveryRow, ev: OutboxRow) -> dict[str, Any]:
    return {"id": d.id, "event_id": ev.id, "event": ev.event, "status": d.status,
            "attempts": d.attempts, "last_status": d.last_status, "last_error": d.last_error,
            "next_at": d.next_at, "delivered_at": d.delivered_at, "replay_of": d.replay_of}


@router.post("/webhooks", status_code=201, response_model=WebhookCreated,
             summary="Register a URL for events; the answer holds the signing secret once")
def create_webhook(payload: WebhookIn, caller: Writer, store: StoreDep) -> Any:
    with store.write() as s:
        try:
            h = wh.register(s, caller.principal.key_id, payload.url, list(payload.events))
        except wh.WebhookError as e:
            raise Problem(422, str(e), [{"field": str(e).split(":", 1)[0],
                                         "type": "webhook_refused", "message": str(e)}]) from None
        return WebhookCreated.model_validate(h, from_attributes=True)


@router.get("/webhooks", response_model=list[WebhookOut], summary="The key's webhooks")
def list_webhooks(caller: Writer, store: StoreDep) -> Any:
    with store.read() as s:
        return [WebhookOut.model_validate(h, from_attributes=True)
                for h in wh.hooks_of(s, caller.principal.key_id)]


@router.delete("/webhooks/{webhook_id}", status_code=204, responses=problems(404),
               summary="Stop a webhook (its deliveries stay recorded)")
def delete_webhook(webhook_id: RowId, caller: Writer, store: StoreDep) -> None:
    with store.write() as s:
        try:
            wh.disable(s, caller.principal.key_id, webhook_id)
        except wh.WebhookNotFound as e:
            raise Problem(404, str(e)) from None


@router.get("/webhooks/{webhook_id}/deliveries", response_model=DeliveryPage,
            responses=problems(404), summary="Every delivery of a webhook, oldest first")
def list_deliveries(webhook_id: RowId, caller: Writer, store: StoreDep,
                    after: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
                    limit: Annotated[int, Query(ge=1, le=500)] = 100) -> Any:
    with store.read() as s:
        try:
            wh.hook_of(s, caller.principal.key_id, webhook_id)
        except wh.WebhookNotFound as e:
            raise Problem(404, str(e)) from None
        rows = wh.deliveries(s, webhook_id, after, limit + 1)
    page = [DeliveryOut.model_validate(_delivery(d, ev)) for d, ev in rows[:limit]]
    return DeliveryPage(deliveries=page,
                        next_after=page[-1].id if len(rows) > limit else None)


@router.post("/webhooks/{webhook_id}/deliveries/{delivery_id}/replay", status_code=202,
             response_model=DeliveryOut, responses=problems(404),
             summary="Send a recorded delivery's event again (a new delivery)")
def replay_delivery(webhook_id: RowId, delivery_id: RowId, caller: Writer,
                    store: StoreDep) -> Any:
    with store.write() as s:
        try:
            d = wh.replay(s, caller.principal.key_id, webhook_id, delivery_id)
        except wh.WebhookNotFound as e:
            raise Problem(404, str(e)) from None
        return DeliveryOut.model_validate(_delivery(d, s.get(OutboxRow, d.outbox_id)))
