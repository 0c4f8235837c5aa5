import strawberry

from kserp.api.identity.mutations.login import login_field
from kserp.api.identity.mutations.logout import logout_field
from kserp.api.identity.queries import IdentityQuery


@strawberry.type
class IdentityMutation:
    login = login_field
    logout = logout_field


__all__ = ["IdentityMutation", "IdentityQuery"]
