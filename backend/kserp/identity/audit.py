"""Audit trail (docs/design.md §8): who changed what, when, before and after.

Services call `audit_record(actor=..., action=..., instance=..., before=..., after=...)` inside
their transaction, with `before`/`after` from `instance_snapshot()` (JSON-safe: Decimal, dates,
UUIDs become strings). The API token, request id and IP come from `audit_context()`, which the
GraphQL view (and the WebSocket consumer) enter for each request; management commands run
without one. See docs/security.md.
"""

from __future__ import annotations

import datetime as dt
import decimal
import ipaddress
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

from kserp.identity.models import ApiToken, AuditEvent

# Never copied into an audit event, whatever the model.
SECRET_FIELDS = frozenset({"password", "secret_hash"})


@dataclass(frozen=True)
class AuditContext:
    api_token: ApiToken | None = None
    request_id: str = ""
    ip: str | None = None


_context: ContextVar[AuditContext] = ContextVar("kserp_audit_context", default=AuditContext())  # noqa: B039


@contextmanager
def audit_context(*, api_token: ApiToken | None, request_id: str, ip: str | None) -> Iterator[AuditContext]:
    """Within this block, audit events carry this token, request id and IP."""
    value = AuditContext(api_token=api_token, request_id=request_id[:64], ip=_valid_ip(ip))
    reset = _context.set(value)
    try:
        yield value
    finally:
        _context.reset(reset)


def bind_audit_context(*, api_token: ApiToken | None, request_id: str, ip: str | None) -> None:
    """Like `audit_context`, for the rest of the current asyncio task and the tasks it starts
    (a WebSocket connection: set once on `connection_init`)."""
    _context.set(AuditContext(api_token=api_token, request_id=request_id[:64], ip=_valid_ip(ip)))


def _valid_ip(ip: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(ip)) if ip else None
    except ValueError:
        return None


def current_audit_context() -> AuditContext:
    return _context.get()


def json_safe(value: Any) -> Any:
    """`value` with Decimals, dates, times and UUIDs as strings (Decimal keeps its exponent)."""
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    return value


def instance_snapshot(instance: models.Model, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """The concrete fields of `instance` as JSON-safe values (foreign keys as ids, `<name>_id`).

    Secrets (`password`, `secret_hash`) are always left out.
    """
    skip = SECRET_FIELDS | set(exclude)
    snapshot: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in skip:
            continue
        snapshot[field.attname] = json_safe(getattr(instance, field.attname))
    return snapshot


def audit_record(
    *,
    actor: Any,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEvent:
    """Store one audit event. Call it inside the service's transaction, after the write."""
    return audit_record_event(
        actor=actor,
        action=action,
        object_type=getattr(instance, "audit_type", instance._meta.label_lower),
        object_id=str(instance.pk),
        object_repr=str(instance),
        before=before,
        after=after,
    )


def audit_record_event(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEvent:
    """Store one audit event about something that is not one model instance (a configuration
    import, a billing run's invoices): name it with `object_type`/`object_id` yourself."""
    context = current_audit_context()
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_username=user.get_username() if user is not None else "",
        api_token=context.api_token,
        action=action,
        object_type=object_type[:100],
        object_id=str(object_id)[:64],
        object_repr=object_repr[:200],
        before=json_safe(before) if before is not None else None,
        after=json_safe(after) if after is not None else None,
        at=timezone.now(),
        request_id=context.request_id,
        ip=context.ip,
    )
