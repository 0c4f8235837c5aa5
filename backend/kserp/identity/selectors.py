"""Reads about users."""

from kserp.identity.models import User


def user_role_names(*, user: User) -> list[str]:
    """The user's roles: the names of their groups, plus `admin` for superusers."""
    if not user.is_authenticated:
        return []
    roles = sorted(group.name for group in user.groups.all())
    if user.is_superuser and "admin" not in roles:
        roles.insert(0, "admin")
    return roles
