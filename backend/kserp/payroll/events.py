"""Live events of the payroll domain (the event rule: docs/architecture.md, "Events").

A pay run's progress: the event carries the run's id; `payRunProgress` reads the run again.
"""

from __future__ import annotations

from kserp.realtime.events import publish_on_commit


def progress_group(run_id: int) -> str:
    return f"kserp.pay_run.{run_id}"


def pay_run_changed_publish(*, run_id: int) -> None:
    """Tell the run's `payRunProgress` subscribers, on commit, that it changed."""
    publish_on_commit(progress_group(run_id), {"id": run_id})
