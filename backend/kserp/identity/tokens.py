"""API tokens: `kse_<prefix>_<secret>`. Only the SHA-256 of the secret is stored; the prefix
finds the row. Issue and revoke (audited) and authenticate (reads, and marks the token used)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kserp.errors import ServiceError, ValidationFailed
from kserp.identity.audit import audit_record, instance_snapshot
from kserp.identity.models import ApiToken, User

TOKEN_PREFIX = "kse"
SCOPE_READ = "read"
SCOPE_WRITE = "write"
SCOPE_BILLING = "billing"
SCOPE_CONFIG = "config"
SCOPE_PAYROLL = "payroll"
SCOPES = (SCOPE_READ, SCOPE_WRITE, SCOPE_BILLING, SCOPE_CONFIG, SCOPE_PAYROLL)
DEFAULT_SCOPES = (SCOPE_READ,)
# last_used_at is written at most this often per token (no write per request).
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    value: str  # shown once, never stored


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_issue(
    *,
    user: User,
    name: str = "",
    scopes: Iterable[str] = DEFAULT_SCOPES,
    client_id: int | None = None,
    entity_id: int | None = None,
    expires_at: dt.datetime | None = None,
    actor: User | None = None,
) -> IssuedToken:
    """A new token acting as `user`. A portal user's token is always bound to their client."""
    scope_list = sorted(set(scopes), key=SCOPES.index) if set(scopes) <= set(SCOPES) else None
    errors = []
    if scope_list is None:
        unknown = ", ".join(sorted(set(scopes) - set(SCOPES)))
        errors.append(ServiceError("INVALID", f"Unknown scope(s): {unknown}. Use {', '.join(SCOPES)}.", "scopes"))
    elif not scope_list:
        errors.append(ServiceError("REQUIRED", "Give at least one scope.", "scopes"))
    if not user.is_active:
        errors.append(ServiceError("INVALID", f"User {user.username} is inactive.", "user"))
    if user.client_id is not None:
        if client_id is not None and client_id != user.client_id:
            errors.append(ServiceError("INVALID", "A portal user's token is bound to the user's own client.", "client"))
        client_id = user.client_id
    if expires_at is not None and expires_at <= timezone.now():
        errors.append(ServiceError("INVALID", "The expiry must be in the future.", "expires_at"))
    if errors:
        raise ValidationFailed(errors)
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name or f"{user.username} token",
        prefix=prefix,
        secret_hash=secret_digest(secret),
        scopes=scope_list,
        client_id=client_id,
        entity_id=entity_id,
        expires_at=expires_at,
    )
    audit_record(actor=actor, action="api_token.issue", instance=token, before=None, after=instance_snapshot(token))
    return IssuedToken(token=token, value=f"{TOKEN_PREFIX}_{prefix}_{secret}")


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User | None = None) -> ApiToken:
    """Revoke `token` now (idempotent: a revoked token keeps its first revocation time)."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    before = instance_snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="api_token.revoke", instance=token, before=before, after=instance_snapshot(token))
    return token


def api_token_authenticate(value: str) -> ApiToken | None:
    """The live token `value` names (its user loaded), or None: malformed, unknown, wrong secret,
    expired, revoked, or its user inactive. Marks the token used (at most once a minute)."""
    parts = value.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, secret_digest(parts[2])):
        return None
    now = timezone.now()
    if token.revoked_at is not None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
