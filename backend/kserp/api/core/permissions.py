"""Who may do what (docs/design.md §8), declared on fields and mutations. See docs/security.md.

Building blocks:

- `viewer_access(info)` → `Access`: the user, the API token (if any), the client the caller is
  bound to (a portal user's, or a client-bound token's), staff-ness, token scopes.
- Rules (strawberry `BasePermission`s, usable in `permission_classes=[IsStaff]` too):
  `IsAuthenticated`, `IsStaff`, `IsPortalUserOrStaff`, `IsWorker`, `HasPerm(perm)`, `HasRole(*roles)`,
  `HasScope(scope)`, `Confidential()`.
- `Require(*rules)`: the field extension to use. It checks the rules in order before the
  resolver runs (so a refused mutation has no side effect) and refuses *with an error*, never
  silently: on a mutation whose payload has `errors: [UserError!]!` it returns that payload
  with one `UserError(code=UNAUTHENTICATED|FORBIDDEN)` and the other fields empty; elsewhere it
  raises a GraphQL error with `extensions.code`. Works for sync, async and subscription fields.
- `scope_queryset_to_viewer(qs, info, client_field="client")` for `get_queryset`/list resolvers
  of client-owned types: staff see all, client-bound callers their client's rows, others none
  (workers included: they see their own rows through the worker portal's types, `worker_queryset`).
- `staff_errors(info)` / `require_staff(info)`: the first, imperative helpers (kept working).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from asgiref.sync import sync_to_async
from django.db.models import Model, QuerySet
from graphql import GraphQLError
from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission
from strawberry.types import Info
from strawberry.types.base import StrawberryList, StrawberryOptional, get_object_definition

from kserp.api.core.context import current_api_token, current_user
from kserp.api.core.errors import UserError
from kserp.identity.roles import Perm, perm_refusal
from kserp.identity.tokens import SCOPE_BILLING, SCOPE_CONFIG, SCOPE_READ, SCOPE_WRITE

__all__ = [
    "SCOPE_BILLING",
    "SCOPE_CONFIG",
    "SCOPE_READ",
    "SCOPE_WRITE",
    "Access",
    "ApprovesTimesheets",
    "Confidential",
    "Denial",
    "HasPerm",
    "HasRole",
    "HasScope",
    "IsAuthenticated",
    "IsPortalUserOrStaff",
    "IsStaff",
    "IsWorker",
    "PayDetails",
    "Perm",
    "Require",
    "Rule",
    "confidential_queryset",
    "denial_for",
    "permission_errors",
    "require_staff",
    "scope_queryset_to_viewer",
    "staff_errors",
    "viewer_access",
    "worker_queryset",
]

UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
M = TypeVar("M", bound=Model)


# --- who is asking -------------------------------------------------------------------------
@dataclass(frozen=True)
class Access:
    """The caller of one operation, as the permission rules see it."""

    user: Any
    token: Any = None  # identity.ApiToken or None

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user is not None and self.user.is_authenticated and self.user.is_active)

    @property
    def client_id(self) -> int | None:
        """The client the caller is confined to: a client-bound token's, else a portal user's."""
        if not self.is_authenticated:
            return None
        if self.token is not None and self.token.client_id is not None:
            return int(self.token.client_id)
        client_id = getattr(self.user, "client_id", None)
        return int(client_id) if client_id is not None else None

    @property
    def entity_id(self) -> int | None:
        """The entity an entity-bound token is confined to."""
        return int(self.token.entity_id) if self.token is not None and self.token.entity_id is not None else None

    @property
    def is_staff(self) -> bool:
        """Agency staff acting without a client binding (neither a portal user nor a client-bound token)."""
        return self.is_authenticated and bool(self.user.is_staff) and self.client_id is None

    @property
    def is_portal(self) -> bool:
        return self.is_authenticated and self.client_id is not None

    @property
    def payee_id(self) -> int | None:
        """The worker (payee) a worker-portal user is, unless a client binding narrows the caller."""
        if not self.is_authenticated or self.client_id is not None:
            return None
        payee_id = getattr(self.user, "payee_id", None)
        return int(payee_id) if payee_id is not None else None

    @property
    def is_worker(self) -> bool:
        """A worker signed in to the worker portal (or their token): their own timesheets and pay only."""
        return self.payee_id is not None

    def has_scope(self, scope: str) -> bool:
        """Sessions have every scope; a token only those it was issued with."""
        return self.token is None or scope in (self.token.scopes or [])

    def has_perm(self, perm: str) -> bool:
        return self.is_authenticated and bool(self.user.has_perm(perm))

    def has_role(self, role: str) -> bool:
        if not self.is_authenticated:
            return False
        if self.user.is_superuser:
            return True
        return any(group.name == role for group in self.user.groups.all())


def viewer_access(info: Info) -> Access:
    return Access(user=current_user(info), token=current_api_token(info))


# --- rules ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Denial:
    code: str
    message: str

    def user_error(self) -> UserError:
        return UserError(field=None, code=self.code, message=self.message)

    def graphql_error(self) -> GraphQLError:
        return GraphQLError(self.message, extensions={"code": self.code})


_SIGN_IN = Denial(UNAUTHENTICATED, "Sign in first.")


class Rule(BasePermission):
    """A permission rule. Subclasses implement `denial(access)`: None when allowed."""

    code = FORBIDDEN
    message = "You may not do this."

    def denial(self, access: Access) -> Denial | None:  # pragma: no cover - abstract
        raise NotImplementedError

    # strawberry's BasePermission protocol (for `permission_classes=[...]`): refuses with the
    # rule's own error even where strawberry would fail silently.
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        found = self.denial(viewer_access(info))
        if found is not None:
            raise found.graphql_error()
        return True


class IsAuthenticated(Rule):
    def denial(self, access: Access) -> Denial | None:
        return None if access.is_authenticated else _SIGN_IN


class IsStaff(Rule):
    """Signed-in staff, not through a client-bound token."""

    def denial(self, access: Access) -> Denial | None:
        if not access.is_authenticated:
            return _SIGN_IN
        return None if access.is_staff else Denial(FORBIDDEN, "Only staff may do this.")


class IsPortalUserOrStaff(Rule):
    """Staff, or a caller bound to a client (portal user, client-bound token). Pair it with
    `scope_queryset_to_viewer` so the latter only sees their client's rows."""

    def denial(self, access: Access) -> Denial | None:
        if not access.is_authenticated:
            return _SIGN_IN
        if access.is_staff or access.is_portal:
            return None
        return Denial(FORBIDDEN, "Only staff and client portal users may do this.")


class IsWorker(Rule):
    """A worker-portal user (a user linked to a payee): pair it with `worker_queryset` so they see
    their own rows only. Staff and client-portal users are refused: they have their own lists."""

    def denial(self, access: Access) -> Denial | None:
        if not access.is_authenticated:
            return _SIGN_IN
        return None if access.is_worker else Denial(FORBIDDEN, "Only workers signed in to the worker portal see this.")


class HasPerm(Rule):
    """The user holds a Django permission (through a role group, directly, or as superuser)."""

    def __init__(self, perm: str, message: str | None = None) -> None:
        self.perm = perm
        self.refusal = message or perm_refusal(perm)

    def denial(self, access: Access) -> Denial | None:
        if not access.is_authenticated:
            return _SIGN_IN
        return None if access.has_perm(self.perm) else Denial(FORBIDDEN, self.refusal)


class HasRole(Rule):
    """The user is in one of the role groups (superusers count as every role)."""

    def __init__(self, *roles: str) -> None:
        self.roles = roles

    def denial(self, access: Access) -> Denial | None:
        if not access.is_authenticated:
            return _SIGN_IN
        if any(access.has_role(role) for role in self.roles):
            return None
        return Denial(FORBIDDEN, f"Only the role(s) {', '.join(self.roles)} may do this.")


class HasScope(Rule):
    """An API token must carry `scope` (sessions pass). Queries need `read` and mutations `write`
    anyway (enforced for the whole operation in core/limits.py); use this for `billing`/`config`."""

    def __init__(self, scope: str) -> None:
        self.scope = scope

    def denial(self, access: Access) -> Denial | None:
        if access.has_scope(self.scope):
            return None
        return Denial(FORBIDDEN, f"This API token lacks the `{self.scope}` scope.")


class Confidential(Rule):
    """Pay rates, wages, oncosts, costs, margins: staff holding `identity.view_confidential`.
    Refused, with an error, to portal users and client-bound tokens (docs/api.md)."""

    def denial(self, access: Access) -> Denial | None:
        if not access.is_authenticated:
            return _SIGN_IN
        if access.is_portal:
            return Denial(FORBIDDEN, "Pay rates, wages, oncosts and margins are not shown to clients.")
        if not access.is_staff or not access.has_perm(Perm.VIEW_CONFIDENTIAL):
            return Denial(FORBIDDEN, "You may not see pay rates, wages, oncosts and margins.")
        return None


class PayDetails(Rule):
    """Workers' bank and tax facts, payslips, RCTIs and bank files: staff holding
    `identity.view_pay_details` (finance). Refused, with an error, to portal users and client-bound
    tokens."""

    def denial(self, access: Access) -> Denial | None:
        if not access.is_authenticated:
            return _SIGN_IN
        if access.is_portal:
            return Denial(FORBIDDEN, "Bank and tax facts, payslips and RCTIs are not shown to clients.")
        if not access.is_staff or not access.has_perm(Perm.VIEW_PAY_DETAILS):
            return Denial(FORBIDDEN, "Bank and tax facts, payslips, RCTIs and bank files are for finance staff.")
        return None


class ApprovesTimesheets(Rule):
    """Who may approve or reject timesheets: staff holding `APPROVE_TIMESHEET`, and a client's
    portal users (their client's timesheets only: the mutation looks the timesheet up through
    `TimesheetType.get_queryset`, so another client's is NOT_FOUND). A staff user's client-bound
    token still needs the permission; it only narrows what the user may approve."""

    def denial(self, access: Access) -> Denial | None:
        if not access.is_authenticated:
            return _SIGN_IN
        if getattr(access.user, "client_id", None) is not None:
            return None  # a portal user: approving their client's time is what the portal is for
        if (access.is_staff or access.is_portal) and access.has_perm(Perm.APPROVE_TIMESHEET):
            return None
        return Denial(FORBIDDEN, perm_refusal(Perm.APPROVE_TIMESHEET))


def denial_for(rules: Sequence[Rule], access: Access) -> Denial | None:
    for rule in rules:
        found = rule.denial(access)
        if found is not None:
            return found
    return None


def permission_errors(info: Info, *rules: Rule) -> list[UserError]:
    """For hand-written mutations: [] when every rule allows, else the one error to return."""
    found = denial_for(rules, viewer_access(info))
    return [] if found is None else [found.user_error()]


# --- the field extension -------------------------------------------------------------------
class Require(FieldExtension):
    """Check `rules` before the resolver. `Require(IsStaff(), HasPerm(Perm.RUN_BILLING))`.

    `refuse`: how to answer a refused mutation, given the errors (default: the payload type with
    `errors` set and every other field None/False/""/[]). Fields that do not return a payload get
    a GraphQL error with `extensions.code`.
    """

    def __init__(self, *rules: Rule, refuse: Callable[[list[UserError]], Any] | None = None) -> None:
        if not rules:
            raise ValueError("Require() needs at least one rule")
        self.rules = rules
        self.refuse = refuse

    def apply(self, field: Any) -> None:
        self.field = field

    @cached_property
    def _payload_class(self) -> type | None:
        field_type = self.field.type
        if isinstance(field_type, StrawberryOptional | StrawberryList):
            return None
        definition = get_object_definition(field_type)
        if definition is None or not any(f.python_name == "errors" for f in definition.fields):
            return None
        return field_type

    def _refusal(self, denial: Denial) -> Any:
        errors = [denial.user_error()]
        if self.refuse is not None:
            return self.refuse(errors)
        payload_class = self._payload_class
        if payload_class is None:
            raise denial.graphql_error()
        return _empty_payload(payload_class, errors)

    def _check(self, info: Info) -> Denial | None:
        return denial_for(self.rules, viewer_access(info))

    def resolve(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        found = self._check(info)
        if found is not None:
            return self._refusal(found)
        return next_(source, info, **kwargs)

    async def resolve_async(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        found = await sync_to_async(self._check)(info)
        if found is not None:
            return self._refusal(found)
        result = next_(source, info, **kwargs)
        if inspect.isasyncgen(result):
            return result
        return await result if inspect.isawaitable(result) else result


def _empty_payload(payload_class: type, errors: list[UserError]) -> Any:
    values: dict[str, Any] = {}
    definition = get_object_definition(payload_class, strict=True)
    for f in definition.fields:
        if f.python_name == "errors":
            values[f.python_name] = errors
        elif isinstance(f.type, StrawberryOptional):
            values[f.python_name] = None
        elif isinstance(f.type, StrawberryList):
            values[f.python_name] = []
        elif f.type is bool:
            values[f.python_name] = False
        elif f.type is str:
            values[f.python_name] = ""
        elif f.type is int:
            values[f.python_name] = 0
        else:  # pragma: no cover - a payload with a required object field
            raise TypeError(f"{payload_class.__name__}.{f.python_name}: pass Require(refuse=...)")
    return payload_class(**values)


# --- object scoping ------------------------------------------------------------------------
def scope_queryset_to_viewer(
    qs: QuerySet[M], info: Info, client_field: str | None = "client", entity_field: str | None = None
) -> QuerySet[M]:
    """`qs` narrowed to what the caller may see.

    Staff see every row (an entity-bound token only its entity's, when `entity_field` is given);
    client-bound callers (portal users, client-bound tokens) the rows whose `client_field` (a path
    such as `job_order__client`) is their client; everybody else nothing. With
    `client_field=None` the type is staff-only: client-bound callers see nothing.
    """
    access = viewer_access(info)
    if access.is_staff:
        if entity_field is not None and access.entity_id is not None:
            return qs.filter(**{entity_field: access.entity_id})
        return qs
    if access.is_portal and client_field is not None:
        qs = qs.filter(**{client_field: access.client_id})
        if entity_field is not None and access.entity_id is not None:
            qs = qs.filter(**{entity_field: access.entity_id})
        return qs
    return qs.none()


def worker_queryset(qs: QuerySet[M], info: Info, payee_field: str) -> QuerySet[M]:
    """`qs` narrowed to the signed-in worker's own rows (`payee_field` a path such as
    `job_order__payee`); nothing for anyone else, staff included (the worker portal's types)."""
    payee_id = viewer_access(info).payee_id
    return qs.filter(**{payee_field: payee_id}) if payee_id is not None else qs.none()


def row_visible_to_viewer(access: Access, *, client_id: int | None, entity_id: int | None) -> bool:
    """`scope_queryset_to_viewer`'s rule for one row already loaded, given the values of its
    `client_field` and `entity_field` (None: the type has no such field): True when that queryset
    would have kept the row. For a relation read by a join rather than through its type's
    `get_queryset` (docs/performance.md, "SQL statements per request")."""
    if access.is_staff:
        return access.entity_id is None or entity_id == access.entity_id
    if access.is_portal and client_id is not None:
        return client_id == access.client_id and (access.entity_id is None or entity_id == access.entity_id)
    return False


def confidential_queryset(qs: QuerySet[M], info: Info) -> QuerySet[M]:
    """For `get_queryset` of wholly confidential types (pay agreements, pay rates, oncosts): every
    row for staff holding `VIEW_CONFIDENTIAL`, none for anyone else (so `node(id:)` answers null;
    the list fields carry `Require(Confidential())` and refuse with an error)."""
    return qs if Confidential().denial(viewer_access(info)) is None else qs.none()


# --- the first helpers (kept: callers in api/crm, api/rates) ---------------------------------
def staff_errors(info: Info) -> list[UserError]:
    """For mutations: [] when allowed, else the error to return (nothing is done)."""
    return permission_errors(info, IsStaff())


def require_staff(info: Info) -> None:
    """For queries: raises a GraphQL error (code FORBIDDEN/UNAUTHENTICATED, never a 500) unless staff."""
    found = IsStaff().denial(viewer_access(info))
    if found is not None:
        raise found.graphql_error()
