"""Reads about users."""

from django.db.models import QuerySet

from kserp.identity.models import AuditEvent, User
from kserp.identity.roles import PERM_WORDS


def user_role_names(*, user: User) -> list[str]:
    """The user's roles: the names of their groups, plus `admin` for superusers."""
    if not user.is_authenticated:
        return []
    roles = sorted(group.name for group in user.groups.all())
    if user.is_superuser and "admin" not in roles:
        roles.insert(0, "admin")
    return roles


def user_permission_names(*, user: User) -> list[str]:
    """The custom permissions (`Perm`) the user holds, as codenames (`run_billing`). Portal users
    hold none: what they may do is fixed (docs/security.md)."""
    if not user.is_authenticated or not user.is_active:
        return []
    return [perm.split(".", 1)[1] for perm in PERM_WORDS if user.has_perm(perm)]


def audit_event_list(
    *, object_type: str | None = None, object_id: str | None = None, actor: str | None = None
) -> QuerySet[AuditEvent]:
    """Audit events, newest first, optionally for one object type, object id or actor (username)."""
    qs = AuditEvent.objects.all()
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if actor:
        qs = qs.filter(actor_username=actor)
    return qs.order_by("-at", "-id")
