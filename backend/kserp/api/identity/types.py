import strawberry

from kserp.api.core.errors import UserError


@strawberry.type(description="The client a portal user belongs to.")
class ViewerClient:
    code: str
    name: str


@strawberry.type(description="The worker a worker-portal user is.")
class ViewerPayee:
    code: str
    name: str
    kind: str = strawberry.field(description="EMPLOYEE | CONTRACTOR")


@strawberry.type(description="The signed-in user.")
class Viewer:
    username: str
    roles: list[str]
    is_staff: bool
    client: ViewerClient | None = None
    payee: ViewerPayee | None = strawberry.field(
        default=None, description="Set for a worker-portal user: the worker (their own timesheets and pay only)."
    )
    permissions: list[str] = strawberry.field(
        default_factory=list,
        description="What the user may do, as permission codenames (`run_billing`, `record_payment`...): "
        "show only those actions.",
    )


@strawberry.type
class LoginPayload:
    viewer: Viewer | None
    errors: list[UserError]


@strawberry.type
class LogoutPayload:
    ok: bool
    errors: list[UserError]


@strawberry.input(description="Narrow the audit trail.")
class AuditEventFilter:
    object_type: str | None = strawberry.field(default=None, description="`<app>.<model>`, e.g. `identity.apitoken`.")
    object_id: str | None = None
    actor: str | None = strawberry.field(default=None, description="The acting user's username.")
