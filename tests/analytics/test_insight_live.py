"""`marginByChanged` over the socket: after an approval every subscriber gets the new figures, a
client's subscription hears only its client's approvals, and subscribers with the same arguments
share ONE `margin_by` read per event (kserp/realtime/listen.py, `listen_read` with a key)."""

from __future__ import annotations

import json

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from strawberry import relay

from kserp.analytics import margins
from kserp.orders.timesheets import timesheet_submit
from tests.analytics.conftest import _signed_in, user_with_role
from tests.support.orders import WEEK, make_client, make_job_order, week_entries
from tests.support.ws import communicator, connect_and_init, next_message, session_cookie_header, settle, subscribe

MARGIN_BY = """subscription($client: ID) { marginByChanged(dimension: CLIENT, from: "2025-07-01", to: "2025-09-30",
  client: $client) { totals { billAmount grossMargin placements } rows { key } } }"""


def test_margin_by_changed_is_read_once_for_subscribers_with_the_same_arguments(worker, monkeypatch):
    http = _signed_in(user_with_role("fiona", "finance"))
    acme_week = timesheet_submit(job_order=make_job_order(), week_starting=WEEK, entries=week_entries())
    globex_order = make_job_order(code="JO-2", client=make_client("GLOBEX"), payee_code="P2")
    globex_week = timesheet_submit(job_order=globex_order, week_starting=WEEK, entries=week_entries())
    reads = []
    real = margins.margin_by
    monkeypatch.setattr(margins, "margin_by", lambda **kw: reads.append(kw["where"]) or real(**kw))

    def approve(timesheet) -> dict:
        response = http.post(
            "/graphql",
            data=json.dumps(
                {
                    "query": "mutation($id: ID!) { approveTimesheet(id: $id) { errors { code } } }",
                    "variables": {"id": str(relay.GlobalID("Timesheet", str(timesheet.pk)))},
                }
            ),
            content_type="application/json",
        )
        return response.json()

    async def scenario():
        comm = communicator(cookie=session_cookie_header(http))
        await connect_and_init(comm)
        for op_id in ("all-1", "all-2", "all-3"):
            await subscribe(comm, op_id, MARGIN_BY)
        await subscribe(comm, "acme", MARGIN_BY, {"client": "ACME"})
        await settle()

        body = await database_sync_to_async(approve)(globex_week)  # not ACME's: "acme" hears nothing
        assert body == {"data": {"approveTimesheet": {"errors": []}}}
        got = {}
        for _ in range(3):
            message = await next_message(comm, timeout=10)
            got[message["id"]] = message["payload"]["data"]["marginByChanged"]
        assert set(got) == {"all-1", "all-2", "all-3"}
        assert (
            got["all-1"]
            == got["all-2"]
            == got["all-3"]
            == {
                "totals": {"billAmount": "1645.73", "grossMargin": "329.15", "placements": 1},
                "rows": [{"key": "GLOBEX"}],
            }
        )
        assert await comm.receive_nothing(timeout=0.5)
        assert len(reads) == 1  # one read for the three subscribers with the same arguments

        await database_sync_to_async(approve)(acme_week)
        got = {}
        for _ in range(4):
            message = await next_message(comm, timeout=10)
            got[message["id"]] = message["payload"]["data"]["marginByChanged"]["totals"]["billAmount"]
        assert got == {"all-1": "3291.46", "all-2": "3291.46", "all-3": "3291.46", "acme": "1645.73"}
        assert len(reads) == 3  # one more for "all", one for "acme"
        await comm.disconnect()

    async_to_sync(scenario)()
