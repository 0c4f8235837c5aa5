"""API tokens: `kse_<prefix>_<secret>`. Only the SHA-256 of the secret is stored; the prefix
finds the row. Issue and revoke (audited) and authenticate (reads, and marks the token used).

Authentication keeps the row (with its user) in Django's cache for `LOOKUP_CACHE_SECONDS`, keyed by
the prefix, so a partner polling all day costs no token query per request. Saving or deleting a
token (revoking it) or its user evicts it at once, on every process (the cache is Redis in services
mode); see docs/performance.md ("Token lookups")."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
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
# How long an authenticated token's row may be reused without reading it again.
LOOKUP_CACHE_SECONDS = 30


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
    token = _lookup(parts[1])
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
        cache.set(_cache_key(token.prefix), token, LOOKUP_CACHE_SECONDS)
    return token


def _cache_key(prefix: str) -> str:
    return f"apitoken:{prefix}"


def _lookup(prefix: str) -> ApiToken | None:
    """The token row with its user: from the cache, else read and cached (an unknown prefix is not)."""
    key = _cache_key(prefix)
    token = cache.get(key)
    if token is None:
        token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
        if token is not None:
            cache.set(key, token, LOOKUP_CACHE_SECONDS)
    return token


def api_token_evict(*prefixes: str) -> None:
    """Forget cached lookups of these tokens, now and again when the transaction commits (so a
    request racing the change cannot put the old row back for long)."""
    if not prefixes:
        return
    keys = [_cache_key(prefix) for prefix in prefixes]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def evict_saved_token(sender: type, instance: ApiToken, **kwargs: object) -> None:
    """post_save/post_delete of ApiToken (identity/apps.py): revoking, expiring, deleting. A new
    token has nothing cached (unknown prefixes are not cached)."""
    if not kwargs.get("created"):
        api_token_evict(instance.prefix)


def evict_saved_users_tokens(sender: type, instance: User, **kwargs: object) -> None:
    """post_save of User (identity/apps.py): deactivation, staff or client changes apply at once."""
    update_fields = kwargs.get("update_fields")
    if isinstance(update_fields, frozenset | set) and update_fields <= {
        "last_login"
    }:  # signing in changes nothing here
        return
    if instance.pk is not None:
        api_token_evict(*ApiToken.objects.filter(user_id=instance.pk).values_list("prefix", flat=True))
