"""Every subscription of schema.graphql but `pings` is for staff: a client's portal user (here
through an API token bound to its client) is refused with an error, over the socket."""

from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from graphql import build_schema, is_non_null_type
from graphql.pyutils import Undefined
from strawberry import relay

from tests.security.helpers import issue
from tests.support.ws import communicator, connect_and_init, next_message, subscribe

SCHEMA = build_schema((Path(__file__).resolve().parents[2] / "schema.graphql").read_text())
OPEN_TO_CLIENTS = {"pings"}
ARGUMENTS = {
    "id": f'"{relay.GlobalID("BillingRun", "1")}"',
    "entity": '"AU1"',
    "client": '"ACME"',
    "dimension": "CLIENT",
    "from": '"2025-07-07"',
    "to": '"2025-07-13"',
}
STAFF_ONLY = sorted(set(SCHEMA.subscription_type.fields) - OPEN_TO_CLIENTS)  # type: ignore[union-attr]


@pytest.mark.parametrize("name", STAFF_ONLY)
def test_staff_subscriptions_are_refused_to_a_clients_portal_user(transactional_db, portal_user, name):
    field = SCHEMA.subscription_type.fields[name]  # type: ignore[union-attr]
    required = [a for a, arg in field.args.items() if is_non_null_type(arg.type) and arg.default_value is Undefined]
    assert set(required) <= set(ARGUMENTS), f"give {name}({', '.join(required)}) a value in ARGUMENTS"
    args = ", ".join(f"{a}: {ARGUMENTS[a]}" for a in required)
    query = f"subscription {{ {name}{f'({args})' if args else ''} {{ __typename }} }}"
    value = issue(portal_user, "read")

    async def scenario():
        comm = communicator()
        await connect_and_init(comm, {"authorization": f"Bearer {value}"})
        await subscribe(comm, "1", query)
        message = await next_message(comm)
        await comm.disconnect()
        return message

    message = async_to_sync(scenario)()
    errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
    assert [(e.get("extensions") or {}).get("code") for e in errors] == ["FORBIDDEN"], message
