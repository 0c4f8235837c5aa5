"""Background jobs of the finance domain (thin: take an id, call a service; safe to run twice)."""

import dramatiq

from kserp.finance import delivery


@dramatiq.actor(queue_name="default", max_retries=4, min_backoff=5_000, max_backoff=300_000)
def document_delivery_actor(delivery_id: int) -> None:
    delivery.delivery_send(delivery_id=delivery_id)
