"""Demo data for `make run` (KSERP_DEMO_DATA=1): loaded once, on an empty database."""

from django.contrib.auth.models import Group

from kserp.identity.models import User
from kserp.identity.roles import roles_ensure

DEMO_ROLES = ("admin", "finance", "account_manager", "payroll")
DEMO_STAFF = (("alex", "account_manager"), ("fran", "finance"))
DEMO_PASSWORD = "demo-password-123"


def demo_data_load() -> str:
    """Create the roles and demo staff if missing. Returns a one-line summary."""
    roles_ensure()
    created = []
    for username, role in DEMO_STAFF:
        user, was_created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=role))
            created.append(username)
    if created:
        return f"Demo data: staff {', '.join(created)} (password {DEMO_PASSWORD})."
    return "Demo data already loaded."
