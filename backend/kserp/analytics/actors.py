"""Dramatiq actors of analytics: thin, take ids, safe to run twice."""

from __future__ import annotations

import dramatiq
from django.utils import timezone

from kserp.analytics.late_payers import late_payer_notifications_send


@dramatiq.actor(max_retries=3)
def late_payers_check(entity_id: int) -> None:
    late_payer_notifications_send(entity_id=entity_id, today=timezone.localdate())
