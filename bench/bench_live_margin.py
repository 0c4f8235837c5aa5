"""Live margins (issue 15): approve a timesheet → `marginByChanged` pushed to 100 subscribed
dashboards, end to end, target ≤ 1 s.

    .venv/bin/python bench/bench_live_margin.py --database-url postgres://…/kserp_insight_bench \
        [--clients 100] [--events 5]

Runs `bench_fanout.py`'s machinery (a throwaway copy of the database served by ONE daphne process
in services mode, WebSocket clients in this process, results after each run) with another
subscription and another event: the clients (a staff token allowed confidential figures)
subscribe to `marginByChanged(dimension: CLIENT, <the quarter>, entity)`, and each event is an
`approveTimesheet` over HTTP of a submitted week. The database is the one `bench_insight.py
--database URL` fills (1,000,000 bill lines, 5,000 job orders), so every push is a margin-by-client
read over a quarter of it; the subscribers share one read per event (`listen_read`). Measured as
in bench_fanout: from the mutation's request (and its response) to each client's push.
Results: bench/results/live_margin.json and .md.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import httpx

# One address and one token open every socket: lift the per-user and per-address caps (docs/security.md).
os.environ["KSERP_WS_MAX_CONNECTIONS_PER_USER"] = "100000"
os.environ["KSERP_WS_MAX_CONNECTIONS_PER_ADDRESS"] = "100000"

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_fanout as fanout

QUARTER = ("2026-03-04", "2026-06-07")  # bench_insight's TODAY is 2026-06-03
fanout.SUBSCRIPTION = (
    "subscription { marginByChanged(dimension: CLIENT, "
    f'from: "{QUARTER[0]}", to: "{QUARTER[1]}", entity: "%s") {{ totals {{ billAmount grossMargin }} }} }}'
)
APPROVE = "mutation($id: ID!) { approveTimesheet(id: $id) { timesheet { status } errors { code message } } }"

# Weeks to approve: the week of 2026-06-01 of the first job orders, submitted (not approved).
fanout.SETUP = """
import datetime as dt, json, sys
sys.path.insert(0, "..")
from strawberry import relay
from kserp.identity.models import User
from kserp.identity.tokens import api_token_issue
from kserp.base.models import Entity
from kserp.orders.models import JobOrder
from kserp.orders.timesheets import timesheet_submit
from tests.support.orders import week_entries
reader, _ = User.objects.get_or_create(username="bench-manager", defaults={"is_staff": True, "is_superuser": True})
writer, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
for u in (reader, writer):
    u.is_staff = u.is_superuser = True; u.save()
entity = Entity.objects.order_by("code").first()
week = dt.date(2026, 6, 1)
sheets = [timesheet_submit(job_order=j, week_starting=week, entries=week_entries(week))
          for j in JobOrder.objects.filter(entity=entity).order_by("code")[:40]]
print(json.dumps({"read": api_token_issue(user=reader, scopes=["read"]).value,
  "write": api_token_issue(user=writer, scopes=["read", "write"]).value,
  "entity": entity.code, "invoices": [str(relay.GlobalID("Timesheet", str(t.pk))) for t in sheets]}))
"""


def approve(client: httpx.Client, url: str, timesheet: str) -> float:
    started = time.perf_counter()
    response = client.post(url, json={"query": APPROVE, "variables": {"id": timesheet}})
    elapsed = time.perf_counter() - started
    body = response.json()
    if response.status_code != 200 or body.get("errors") or body["data"]["approveTimesheet"]["errors"]:
        raise RuntimeError(response.text[:500])
    return elapsed


def markdown(r: dict) -> str:
    return fanout_markdown(r).replace(
        "# Live-update fan-out (receivablesChanged, one daphne process)",
        "# Live margins: approveTimesheet → marginByChanged (one daphne process, 1M bill lines)",
    )


def write_results(args, runs) -> None:
    fanout_write_results(args, runs)
    for suffix in ("json", "md"):
        path = fanout.RESULTS / f"{args.output}.{suffix}"
        path.write_text(path.read_text().replace("bench/bench_fanout.py", "bench/bench_live_margin.py"))


fanout.pay = approve
fanout_write_results = fanout.write_results
fanout.write_results = write_results
fanout_markdown = fanout.markdown
fanout.markdown = markdown

if __name__ == "__main__":
    for flag, value in (("--clients", "100"), ("--stopped", "0"), ("--output", "live_margin")):
        if flag not in sys.argv:
            sys.argv += [flag, value]
    fanout.main()
