"""Reads of the crm domain (the search and a client's timeline read other domains too: they are
`kserp.analytics.workspace`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from kserp.crm.models import Client, Contract


def client_list() -> QuerySet[Client]:
    return Client.objects.all()


def contracts_expiring(*, today: dt.date, within_days: int = 60) -> QuerySet[Contract]:
    """Contracts expiring from today to `within_days` ahead, soonest first."""
    return (
        Contract.objects.filter(expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=within_days))
        .select_related("client")
        .order_by("expires_on", "id")
    )
