"""Background jobs of webhooks (thin: take an id, call a service)."""

import dramatiq

from kserp.webhooks import services


#: Retries are the service's own (a schedule over a day, with delays); dramatiq does not retry.
@dramatiq.actor(queue_name="webhooks", max_retries=0, time_limit=120_000)
def webhook_deliver(delivery_id: int) -> None:
    services.webhook_delivery_attempt(delivery_id=delivery_id)
