"""Writes about users."""

from django.db import transaction

from kserp.identity.models import User


@transaction.atomic
def user_ensure_admin(*, username: str, password: str, email: str = "") -> tuple[User, bool]:
    """Create the superuser `username` if missing. Returns (user, created)."""
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user, False
    user = User.objects.create_superuser(username=username, email=email, password=password)
    return user, True
