"""Demo data for `make run` (KSERP_DEMO_DATA=1): loaded once, on an empty database."""

from django.contrib.auth.models import Group

from kserp.crm.models import Payee
from kserp.demo.agency import demo_data_present, generate_demo
from kserp.identity.models import User
from kserp.identity.roles import roles_ensure

DEMO_ROLES = ("admin", "finance", "account_manager", "payroll")
DEMO_STAFF = (("alex", "account_manager"), ("fran", "finance"))
DEMO_PASSWORD = "demo-password-123"
#: The small demo agency of `make run` (`manage.py generate_demo` makes bigger ones).
DEMO_CLIENTS, DEMO_JOB_ORDERS, DEMO_WEEKS = 3, 8, 6
#: The demo worker-portal user and the demo worker (payee) they are.
DEMO_WORKER = ("p0001.worker", "P0001")


def demo_staff_ensure() -> list[str]:
    """The roles and the demo staff (alex, fran) if missing; returns the usernames created."""
    roles_ensure()
    created = []
    for username, role in DEMO_STAFF:
        user, was_created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=role))
            created.append(username)
    return created


def demo_worker_ensure() -> str | None:
    """The demo worker-portal user for the first demo worker, when that worker exists and the user
    does not; returns the username created."""
    username, payee_code = DEMO_WORKER
    payee = Payee.objects.filter(code=payee_code).first()
    if payee is None or User.objects.filter(username=username).exists():
        return None
    User.objects.create_user(username=username, password=DEMO_PASSWORD, email=payee.email, payee=payee)
    return username


def demo_data_load() -> str:
    """The demo staff and, on a database without clients or job orders, the small demo agency
    (`kserp.demo.agency`) with a portal user for its first client and a worker-portal user for its
    first worker. Returns a one-line summary."""
    created = demo_staff_ensure()
    parts = [f"staff {', '.join(created)}"] if created else []
    if not demo_data_present():
        parts.append(
            str(
                generate_demo(
                    clients=DEMO_CLIENTS, job_orders=DEMO_JOB_ORDERS, weeks=DEMO_WEEKS, portal_password=DEMO_PASSWORD
                )
            )
        )
    worker = demo_worker_ensure()
    if worker:
        parts.append(f"worker-portal user {worker}")
    if not parts:
        return "Demo data already loaded."
    return f"Demo data: {'; '.join(parts)} (password {DEMO_PASSWORD})."
