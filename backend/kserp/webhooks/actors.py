"""Background jobs of webhooks (thin: take an id, call a service)."""

import dramatiq

from kserp.webhooks import services


#: A receiver's failures are retried by the service itself (a schedule over a day, with delays);
#: dramatiq's own retries only cover errors of ours (a database hiccup) while attempting.
@dramatiq.actor(queue_name="webhooks", max_retries=5, min_backoff=1_000, max_backoff=60_000, time_limit=120_000)
def webhook_deliver(delivery_id: int) -> None:
    services.webhook_delivery_attempt(delivery_id=delivery_id)
