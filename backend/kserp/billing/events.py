"""Live events of the billing domain (the event rule: docs/architecture.md, "Events").

A billing run's progress: the event carries the run's id; `billingRunProgress` reads the run again.
"""

from __future__ import annotations

from kserp.realtime.events import publish_on_commit


def progress_group(run_id: int) -> str:
    return f"kserp.billing_run.{run_id}"


def billing_run_changed_publish(*, run_id: int) -> None:
    """Tell the run's `billingRunProgress` subscribers, on commit, that it changed."""
    publish_on_commit(progress_group(run_id), {"id": run_id})
