from __future__ import annotations

import strawberry
import strawberry_django
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.identity.types import Viewer
from kserp.identity.selectors import user_role_names


def viewer_for(user) -> Viewer | None:  # type: ignore[no-untyped-def]
    if not user.is_authenticated:
        return None
    return Viewer(username=user.username, roles=user_role_names(user=user), is_staff=user.is_staff)


@strawberry.type
class IdentityQuery:
    @strawberry_django.field(description="The signed-in user, or null when nobody is signed in.")
    def viewer(self, info: Info) -> Viewer | None:
        return viewer_for(current_user(info))
