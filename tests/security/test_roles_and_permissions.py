"""Roles (ensure_roles) and the declarative rules of api/core/permissions.py, exercised on a small
schema of their own: refusals come with an error, and a refused mutation does nothing."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
import strawberry
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from kserp.api.core.errors import UserError
from kserp.api.core.permissions import (
    Confidential,
    HasPerm,
    HasRole,
    HasScope,
    IsPortalUserOrStaff,
    IsStaff,
    Perm,
    Require,
    scope_queryset_to_viewer,
    staff_errors,
)
from kserp.base.models import Entity
from kserp.crm.models import Client
from kserp.identity.models import User
from kserp.identity.roles import ROLES
from kserp.identity.tokens import api_token_issue

CUSTOM = {
    "admin": {
        "approve_timesheet", "credit_invoice", "import_configuration", "manage_agreements", "manage_api_tokens",
        "manage_job_orders", "record_payment", "run_billing", "submit_timesheet", "view_confidential",
    },
    "finance": {"approve_timesheet", "credit_invoice", "record_payment", "run_billing", "view_confidential"},
    "account_manager": {
        "approve_timesheet", "manage_agreements", "manage_job_orders", "submit_timesheet", "view_confidential",
    },
    "payroll": {"approve_timesheet", "submit_timesheet", "view_confidential"},
}  # fmt: skip


def _codenames(group: Group, app_label: str) -> set[str]:
    return set(group.permissions.filter(content_type__app_label=app_label).values_list("codename", flat=True))


def test_ensure_roles_creates_the_four_groups_with_their_permissions(db):
    call_command("ensure_roles", verbosity=0)
    groups = {group.name: group for group in Group.objects.all()}
    assert set(groups) == {"admin", "finance", "account_manager", "payroll"}
    for role, expected in CUSTOM.items():
        assert {c for c in _codenames(groups[role], "identity") if c in CUSTOM["admin"]} == expected, role
    assert groups["admin"].permissions.count() == Permission.objects.count()
    assert "view_auditevent" in _codenames(groups["admin"], "identity")
    assert "view_auditevent" not in _codenames(groups["finance"], "identity")
    assert {"view_invoice", "add_invoice", "change_invoice"} <= _codenames(groups["finance"], "finance")
    assert "change_client" not in _codenames(groups["finance"], "crm")
    assert {"view_client", "change_client"} <= _codenames(groups["account_manager"], "crm")
    assert _codenames(groups["payroll"], "finance") == {
        c for c in _codenames(groups["finance"], "finance") if c.startswith("view_")
    }


def test_ensure_roles_is_idempotent_and_restores_removed_permissions(db):
    call_command("ensure_roles", verbosity=0)
    finance = Group.objects.get(name="finance")
    count = finance.permissions.count()
    finance.permissions.clear()
    call_command("ensure_roles", verbosity=0)
    assert Group.objects.count() == 4
    assert Group.objects.get(name="finance").permissions.count() == count
    assert set(ROLES) == {"admin", "finance", "account_manager", "payroll"}


# --- a small schema with the rules --------------------------------------------------------
SENT: list[str] = []


@strawberry.type
class SendPayload:
    ok: bool
    message: str | None
    errors: list[UserError]


@strawberry.type
class Query:
    @strawberry.field(extensions=[Require(Confidential())])
    def wage(self) -> Decimal:
        return Decimal("42.50")

    @strawberry.field(extensions=[Require(IsPortalUserOrStaff())])
    def hello(self) -> str:
        return "hello"

    @strawberry.field(extensions=[Require(HasRole("finance", "payroll"))])
    def payroll_only(self) -> str:
        return "yes"

    @strawberry.field(permission_classes=[IsStaff])
    def staff_only(self) -> str | None:
        return "staff"


@strawberry.type
class Mutation:
    @strawberry.mutation(extensions=[Require(IsStaff(), HasPerm(Perm.RUN_BILLING), HasScope("billing"))])
    def send(self, message: str) -> SendPayload:
        SENT.append(message)
        return SendPayload(ok=True, message=message, errors=[])


schema = strawberry.Schema(query=Query, mutation=Mutation)


def _run(query: str, user, token=None) -> dict:
    from django.contrib.auth.models import AnonymousUser

    context = SimpleNamespace(request=SimpleNamespace(user=user or AnonymousUser(), api_token=token))
    result = schema.execute_sync(query, context_value=context)
    errors = [(e.message, (e.extensions or {}).get("code")) for e in result.errors or []]
    return {"data": result.data, "errors": errors}


def _staff(username: str, *roles: str) -> User:
    call_command("ensure_roles", verbosity=0)
    user = User.objects.create_user(username=username, password="x", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=roles))
    return User.objects.get(pk=user.pk)  # fresh permission cache


NOT_FOR_CLIENTS = {
    "data": None,
    "errors": [("Pay rates, wages, oncosts and margins are not shown to clients.", "FORBIDDEN")],
}
CONFIDENTIAL_CASES = [
    ("payroll", None, {"data": {"wage": "42.50"}, "errors": []}),
    (
        "no-role",
        None,
        {"data": None, "errors": [("You may not see pay rates, wages, oncosts and margins.", "FORBIDDEN")]},
    ),
    ("portal", None, NOT_FOR_CLIENTS),
    ("payroll", "client-bound", NOT_FOR_CLIENTS),
    ("payroll", "unbound", {"data": {"wage": "42.50"}, "errors": []}),
    ("anonymous", None, {"data": None, "errors": [("Sign in first.", "UNAUTHENTICATED")]}),
]


@pytest.mark.parametrize(
    ("who", "token", "expected"), CONFIDENTIAL_CASES, ids=[f"{w}-{t}" for w, t, _ in CONFIDENTIAL_CASES]
)
def test_confidential_fields_are_refused_with_an_error(db, acme, portal_user, who, token, expected):
    users = {"payroll": lambda: _staff("pat", "payroll"), "no-role": lambda: _staff("nora")}
    user = portal_user if who == "portal" else None if who == "anonymous" else users[who]()
    api_token = None
    if token is not None:
        api_token = api_token_issue(user=user, client_id=acme.pk if token == "client-bound" else None).token
    assert _run("{ wage }", user, api_token) == expected


def test_portal_users_and_staff_pass_is_portal_user_or_staff_but_not_other_users(db, portal_user):
    plain = User.objects.create_user(username="plain", password="x")
    assert _run("{ hello }", portal_user)["data"] == {"hello": "hello"}
    assert _run("{ hello }", _staff("sue"))["data"] == {"hello": "hello"}
    assert _run("{ hello }", plain)["errors"] == [("Only staff and client portal users may do this.", "FORBIDDEN")]


def test_has_role_accepts_any_listed_role_and_superusers(db):
    assert _run("{ payrollOnly }", _staff("pat", "payroll"))["data"] == {"payrollOnly": "yes"}
    assert _run("{ payrollOnly }", User.objects.create_superuser("root", password="x"))["data"] == {
        "payrollOnly": "yes"
    }
    assert _run("{ payrollOnly }", _staff("alex", "account_manager"))["errors"] == [
        ("Only the role(s) finance, payroll may do this.", "FORBIDDEN")
    ]


def test_strawberry_permission_classes_refuse_loudly_too(db, portal_user):
    assert _run("{ staffOnly }", portal_user) == {
        "data": {"staffOnly": None},
        "errors": [("Only staff may do this.", "FORBIDDEN")],
    }


NO_RUN_BILLING = "You may not start or retry billing runs (this needs the admin or finance role)."
NO_BILLING_SCOPE = "This API token lacks the `billing` scope."
SEND = 'mutation { send(message: "go") { ok message errors { field code message } } }'


@pytest.mark.parametrize(
    ("who", "scopes", "error"),
    [
        ("anonymous", None, {"field": None, "code": "UNAUTHENTICATED", "message": "Sign in first."}),
        ("portal", None, {"field": None, "code": "FORBIDDEN", "message": "Only staff may do this."}),
        ("account_manager", None, {"field": None, "code": "FORBIDDEN", "message": NO_RUN_BILLING}),
        ("finance", ("read", "write"), {"field": None, "code": "FORBIDDEN", "message": NO_BILLING_SCOPE}),
    ],
    ids=["anonymous", "portal", "role-without-permission", "token-without-scope"],
)  # fmt: skip
def test_a_refused_mutation_returns_its_payload_with_an_error_and_does_nothing(db, portal_user, who, scopes, error):
    SENT.clear()
    user = None if who == "anonymous" else portal_user if who == "portal" else _staff("u", who)
    token = api_token_issue(user=user, scopes=scopes).token if scopes else None
    assert _run(SEND, user, token) == {
        "data": {"send": {"ok": False, "message": None, "errors": [error]}},
        "errors": [],
    }
    assert SENT == []


def test_an_allowed_mutation_runs(db):
    SENT.clear()
    finance = _staff("fran", "finance")
    token = api_token_issue(user=finance, scopes=("write", "billing")).token
    assert _run(SEND, finance, token)["data"] == {"send": {"ok": True, "message": "go", "errors": []}}
    assert SENT == ["go"]


def test_scope_queryset_to_viewer(db, entity, acme, portal_user):
    other = Client.objects.create(code="OTHER", name="Other", entity=entity)
    staff = _staff("sue")

    def visible(user, token=None, **kwargs) -> list[str]:
        from django.contrib.auth.models import AnonymousUser

        info = SimpleNamespace(
            context=SimpleNamespace(request=SimpleNamespace(user=user or AnonymousUser(), api_token=token))
        )
        kwargs.setdefault("client_field", "pk")
        qs = scope_queryset_to_viewer(Client.objects.order_by("code"), info, **kwargs)  # type: ignore[arg-type]
        return list(qs.values_list("code", flat=True))

    assert visible(staff) == ["ACME", "OTHER"]
    assert visible(portal_user) == ["ACME"]
    assert visible(staff, api_token_issue(user=staff, client_id=other.pk).token) == ["OTHER"]
    assert visible(None) == []
    assert visible(User.objects.create_user(username="plain", password="x")) == []
    assert visible(portal_user, client_field=None) == []
    bound = api_token_issue(user=staff, entity_id=entity.pk).token
    assert visible(staff, bound, entity_field="entity") == ["ACME", "OTHER"]
    Client.objects.filter(pk=other.pk).update(entity=Entity.objects.create(
        code="NZ1", name="KS NZ", country="NZ", brand="KS", currency="NZD", tax_rate=15, invoice_prefix="NZ-"
    ))  # fmt: skip
    assert visible(staff, bound, entity_field="entity") == ["ACME"]


def test_staff_errors_keeps_its_contract(db, portal_user):
    info = SimpleNamespace(context=SimpleNamespace(request=SimpleNamespace(user=portal_user, api_token=None)))
    assert staff_errors(info) == [UserError(field=None, code="FORBIDDEN", message="Only staff may do this.")]  # type: ignore[arg-type]
