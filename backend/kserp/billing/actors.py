"""Background jobs of the billing domain (thin: take an id, call a service; safe to run twice)."""

import dramatiq

from kserp.billing import runs

#: Explicit limits (dramatiq's defaults are 20 retries and 10 minutes): a run that fails is
#: retried 3 times with backoff and then stays FAILED until `retryBillingRun`.
BILLING_RUN_TIME_LIMIT_MS = 30 * 60 * 1000


@dramatiq.actor(
    queue_name="default",
    max_retries=3,
    min_backoff=1_000,
    max_backoff=30_000,
    time_limit=BILLING_RUN_TIME_LIMIT_MS,
)
def billing_run_actor(run_id: int) -> None:
    runs.billing_run_execute(run_id=run_id)
