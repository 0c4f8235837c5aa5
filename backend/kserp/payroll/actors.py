"""Background jobs of the payroll domain (thin: take an id, call a service; safe to run twice)."""

import dramatiq

from kserp.payroll import runs

#: Explicit limits (dramatiq's defaults are 20 retries and 10 minutes): a run that fails is
#: retried 3 times with backoff and then stays FAILED; starting it again pays what is left.
PAY_RUN_TIME_LIMIT_MS = 30 * 60 * 1000


@dramatiq.actor(
    queue_name="default", max_retries=3, min_backoff=1_000, max_backoff=30_000, time_limit=PAY_RUN_TIME_LIMIT_MS
)
def pay_run_actor(run_id: int) -> None:
    runs.pay_run_execute(run_id=run_id)
