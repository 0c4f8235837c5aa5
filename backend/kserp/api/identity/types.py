import strawberry

from kserp.api.core.errors import UserError


@strawberry.type(description="The client a portal user belongs to.")
class ViewerClient:
    code: str
    name: str


@strawberry.type(description="The signed-in user.")
class Viewer:
    username: str
    roles: list[str]
    is_staff: bool
    client: ViewerClient | None = None


@strawberry.type
class LoginPayload:
    viewer: Viewer | None
    errors: list[UserError]


@strawberry.type
class LogoutPayload:
    ok: bool
    errors: list[UserError]
