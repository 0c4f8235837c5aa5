"""Reads of the crm domain."""

from __future__ import annotations

from django.db.models import QuerySet

from kserp.crm.models import Client


def client_list() -> QuerySet[Client]:
    return Client.objects.all()
