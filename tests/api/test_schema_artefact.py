"""schema.graphql is the published schema: it must match the code (`make schema`)."""

from kserp.api.management.commands.graphql_schema import schema_sdl
from tests.support.services import REPO


def test_schema_graphql_is_fresh():
    committed = (REPO / "schema.graphql").read_text()
    assert committed == schema_sdl(), "schema.graphql is stale: run `make schema` and commit it"


def test_schema_keeps_the_public_contract_names():
    sdl = schema_sdl()
    for name in ("viewer: Viewer", "node(", "type UserError", "login(", "logout:"):
        assert name in sdl
