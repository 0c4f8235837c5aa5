"""Roles (docs/design.md §8): Django groups holding model and custom permissions.

The custom permissions live on `identity.AccessRight` (a model without a table), so they are
named `identity.<codename>`; use the `Perm` constants rather than the strings. `roles_ensure()`
(run by `manage.py ensure_roles`, itself run by `manage.py bootstrap`) creates the four groups
and sets their permissions to exactly what `ROLES` says, so re-running it after new models are
added grants their permissions too. The matrix is documented in docs/security.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase

from django.contrib.auth.models import Group, Permission
from django.db import transaction


class Perm:
    """Custom permissions (`user.has_perm(Perm.X)`)."""

    VIEW_CONFIDENTIAL = "identity.view_confidential"
    MANAGE_AGREEMENTS = "identity.manage_agreements"
    IMPORT_CONFIGURATION = "identity.import_configuration"
    MANAGE_JOB_ORDERS = "identity.manage_job_orders"
    SUBMIT_TIMESHEET = "identity.submit_timesheet"
    APPROVE_TIMESHEET = "identity.approve_timesheet"
    RUN_BILLING = "identity.run_billing"
    CREDIT_INVOICE = "identity.credit_invoice"
    RECORD_PAYMENT = "identity.record_payment"
    MANAGE_API_TOKENS = "identity.manage_api_tokens"
    RUN_PAYROLL = "identity.run_payroll"
    VIEW_PAY_DETAILS = "identity.view_pay_details"
    VIEW_AUDIT = "identity.view_auditevent"


#: What each permission lets a person do, in words (refusals and the web app say these, never the
#: codename), and the roles that hold it.
PERM_WORDS: dict[str, str] = {
    Perm.VIEW_CONFIDENTIAL: "see pay rates, wages, oncosts and margins",
    Perm.MANAGE_AGREEMENTS: "change bill agreements and rates",
    Perm.IMPORT_CONFIGURATION: "import the configuration",
    Perm.MANAGE_JOB_ORDERS: "create or change job orders",
    Perm.SUBMIT_TIMESHEET: "submit timesheets",
    Perm.APPROVE_TIMESHEET: "approve or reject timesheets",
    Perm.RUN_BILLING: "start or retry billing runs",
    Perm.CREDIT_INVOICE: "credit invoices",
    Perm.RECORD_PAYMENT: "record payments",
    Perm.MANAGE_API_TOKENS: "manage API tokens",
    Perm.VIEW_AUDIT: "read the audit trail",
    Perm.VIEW_PAY_DETAILS: "see or set workers' bank and tax facts, payslips, RCTIs and bank files",
}


def perm_refusal(perm: str) -> str:
    """`You may not start or retry billing runs (this needs the admin or finance role).`"""
    holders = [role for role, patterns in ROLES.items() if any(fnmatchcase(perm, p) for p in patterns)]
    needs = f" (this needs the {' or '.join(holders)} role)" if holders else ""
    return f"You may not {PERM_WORDS.get(perm, perm)}{needs}."


ADMIN = "admin"
FINANCE = "finance"
ACCOUNT_MANAGER = "account_manager"
PAYROLL = "payroll"

_DOMAIN_APPS = ("crm", "rates", "orders", "finance", "analytics", "payroll")
_VIEW_DOMAIN = tuple(f"{app}.view_*" for app in _DOMAIN_APPS)

# Role → permission patterns (`app_label.codename`, shell-style wildcards).
ROLES: dict[str, tuple[str, ...]] = {
    ADMIN: ("*.*",),
    FINANCE: (
        *_VIEW_DOMAIN,
        "finance.*",
        "crm.add_payee",
        "crm.change_payee",
        Perm.VIEW_CONFIDENTIAL,
        Perm.APPROVE_TIMESHEET,
        Perm.RUN_BILLING,
        Perm.CREDIT_INVOICE,
        Perm.RECORD_PAYMENT,
        Perm.RUN_PAYROLL,
        Perm.VIEW_PAY_DETAILS,
    ),
    ACCOUNT_MANAGER: (
        *_VIEW_DOMAIN,
        "crm.*",
        "orders.add_joborder",
        "orders.change_joborder",
        Perm.VIEW_CONFIDENTIAL,
        Perm.MANAGE_AGREEMENTS,
        Perm.MANAGE_JOB_ORDERS,
        Perm.SUBMIT_TIMESHEET,
        Perm.APPROVE_TIMESHEET,
    ),
    PAYROLL: (
        *_VIEW_DOMAIN,
        Perm.VIEW_CONFIDENTIAL,
        Perm.SUBMIT_TIMESHEET,
        Perm.APPROVE_TIMESHEET,
        Perm.RUN_PAYROLL,
    ),
}


def role_permissions(patterns: Iterable[str], permissions: Iterable[Permission]) -> list[Permission]:
    """The permissions whose `app_label.codename` matches one of `patterns`."""
    patterns = tuple(patterns)
    return [
        permission
        for permission in permissions
        if any(fnmatchcase(f"{permission.content_type.app_label}.{permission.codename}", p) for p in patterns)
    ]


@transaction.atomic
def roles_ensure() -> dict[str, int]:
    """Create the role groups and set their permissions. Returns role → number of permissions."""
    permissions = list(Permission.objects.select_related("content_type"))
    counts: dict[str, int] = {}
    for role, patterns in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        granted = role_permissions(patterns, permissions)
        group.permissions.set(granted)
        counts[role] = len(granted)
    return counts
