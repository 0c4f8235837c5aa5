"""Live events of analytics (the event rule: docs/architecture.md): a new notification for a user."""

from __future__ import annotations

from kserp.realtime.events import publish_on_commit


def notifications_group(user_id: int) -> str:
    return f"kserp.notifications.user.{user_id}"


def notifications_publish(*, user_id: int) -> None:
    publish_on_commit(notifications_group(user_id), {"userId": user_id})
