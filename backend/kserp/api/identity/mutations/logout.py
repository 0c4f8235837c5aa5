from __future__ import annotations

import strawberry
from django.contrib.auth import logout
from strawberry.types import Info

from kserp.api.core.context import http_request
from kserp.api.identity.types import LogoutPayload


def logout_mutation(info: Info) -> LogoutPayload:
    request = http_request(info)
    if request is not None:
        logout(request)
    return LogoutPayload(ok=True, errors=[])


logout_field = strawberry.mutation(resolver=logout_mutation, description="End the session.")
