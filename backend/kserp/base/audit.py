"""The audit trail as the lower layers see it: a hook the identity app fills in (docs/workspace.md).

The audit trail lives in `kserp.identity`, which sits above `kserp.crm` (a portal user belongs to
a client). So that crm's services can leave audit events too, they call `audit_change` here and
identity registers its recorder when the app registry is ready.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Recorder = Callable[..., Any]
Snapshot = Callable[..., dict[str, Any]]
_hooks: dict[str, Any] = {}


def audit_register(*, recorder: Recorder, snapshot: Snapshot) -> None:
    _hooks["recorder"], _hooks["snapshot"] = recorder, snapshot


def audit_snapshot(instance: Any, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    snapshot: Snapshot = _hooks["snapshot"]
    return snapshot(instance, exclude=exclude)


def audit_change(*, actor: Any, action: str, instance: Any, before: dict[str, Any] | None,
                 after: dict[str, Any] | None) -> None:  # fmt: skip
    _hooks["recorder"](actor=actor, action=action, instance=instance, before=before, after=after)
