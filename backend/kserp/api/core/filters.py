"""Helpers for filter inputs shared by the list queries."""

from __future__ import annotations

from django.db.models import Q


def contains_any(value: str, prefix: str, *fields: str) -> Q:
    """Any of `fields` contains `value`, ignoring case (a `search` filter). Blank matches all."""
    value = value.strip()
    if not value:
        return Q()
    match = Q()
    for name in fields:
        match |= Q(**{f"{prefix}{name}__icontains": value})
    return match
