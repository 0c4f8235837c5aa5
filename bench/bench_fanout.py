"""Live-update fan-out: `receivablesChanged` with 1,000 (and 5,000) subscribers on one daphne process.

A throwaway copy of the bench database (`--database-url`, demo data) is served by ONE daphne
process in services mode (channels-redis). `--clients` WebSocket clients (the `websockets`
library, in this process) sign in with a staff `read` token and subscribe to
`receivablesChanged(entity: "<first entity>")`; a further `--stopped` clients subscribe from a
child process that is then stopped (SIGSTOP: connected, never reading, as a hung client). Then
`--events` payments are recorded over HTTP (`recordPayment`, a superuser's write token), one a
second, and every running client's arrival time is kept.

Measured: the mutation's own latency with no subscribers and with all of them; per event, from the
mutation's response (the commit happened before it; negative: the push came first) and from its
request to each client's push: p50/p95/max, and how many pushes arrived; daphne's RSS before and
after the clients subscribed (per subscriber). `--idle N` adds N more subscribers in a child
process that reads and counts every push without timing it (5,000: the memory a process needs per
idle connection, and that their pushes still arrive); `uptime`'s load is kept with each run.
Results: bench/results/fanout.json and fanout.md. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import BACKEND, RESULTS, _stop, free_port, kserp_env, manage_shell

SUBSCRIPTION = 'subscription { receivablesChanged(entity: "%s") { outstanding overdue } }'
PAY = """mutation($input: RecordPaymentInput!) { recordPayment(input: $input) {
  receipt { amount } errors { field code message } } }"""


SETUP = """
import json
from kserp.identity.models import User
from kserp.identity.tokens import api_token_issue
from kserp.base.models import Entity
from kserp.finance.models import Invoice
reader, _ = User.objects.get_or_create(username="bench-partner", defaults={"is_staff": True})
writer, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
writer.is_staff = writer.is_superuser = True; writer.save()
entity = Entity.objects.order_by("code").first()
issued = Invoice.objects.filter(entity=entity, status="ISSUED").order_by("id")
invoices = list(issued.values_list("number", flat=True)[:100])
print(json.dumps({"read": api_token_issue(user=reader, scopes=["read"]).value,
  "write": api_token_issue(user=writer, scopes=["read", "write"]).value,
  "entity": entity.code, "invoices": invoices}))
"""


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Subscriber:
    def __init__(self) -> None:
        self.arrivals: list[float] = []
        self.retries = 0
        self.failed = False

    async def run(self, url: str, token: str, entity: str, ready: asyncio.Event, go: asyncio.Event) -> None:
        for attempt in range(5):  # a busy server may drop a handshake: retry, as a browser would
            try:
                ws = await websockets.connect(
                    url, subprotocols=["graphql-transport-ws"], open_timeout=120, ping_interval=None, max_queue=None
                )
                break
            except (OSError, websockets.InvalidHandshake, TimeoutError):
                self.retries += 1
                await asyncio.sleep(0.5 * (attempt + 1))
        else:
            self.failed = True
            ready.set()
            return
        async with ws:
            await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}))
            ack = json.loads(await ws.recv())
            assert ack["type"] == "connection_ack", ack
            payload = {"query": SUBSCRIPTION % entity}
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
            ready.set()
            async for raw in ws:
                now = time.perf_counter()
                if '"next"' in str(raw):
                    self.arrivals.append(now)
                elif '"error"' in str(raw) or '"complete"' in str(raw):
                    raise RuntimeError(raw)
                if go.is_set():
                    return


async def open_clients(count: int, url: str, token: str, entity: str, go: asyncio.Event) -> tuple[list, list]:
    subscribers, tasks = [], []
    batch = 25  # handshakes in flight at once
    for start in range(0, count, batch):
        readies = []
        for _ in range(min(batch, count - start)):
            subscriber, ready = Subscriber(), asyncio.Event()
            subscribers.append(subscriber)
            readies.append(ready)
            tasks.append(asyncio.create_task(subscriber.run(url, token, entity, ready, go)))
        await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), timeout=180)
    return subscribers, tasks


def pay(client: httpx.Client, url: str, invoice: str) -> float:
    started = time.perf_counter()
    response = client.post(url, json={"query": PAY, "variables": {"input": {"invoice": invoice, "amount": "0.01"}}})
    elapsed = time.perf_counter() - started
    body = response.json()
    if response.status_code != 200 or body.get("errors") or body["data"]["recordPayment"]["errors"]:
        raise RuntimeError(response.text[:500])
    return elapsed


def stopped_clients(count: int, ws_url: str, token: str, entity: str) -> subprocess.Popen[str]:
    """A child process holding `count` subscribed sockets, stopped once they are subscribed."""
    code = (
        "import asyncio, json, sys, websockets\n"
        "async def one(u, t, e):\n"
        "    ws = await websockets.connect(u, subprotocols=['graphql-transport-ws'], open_timeout=60,"
        " ping_interval=None, max_queue=1)\n"
        "    await ws.send(json.dumps({'type': 'connection_init', 'payload': {'authorization': 'Bearer ' + t}}))\n"
        "    await ws.recv()\n"
        "    await ws.send(json.dumps({'id': '1', 'type': 'subscribe', 'payload': {'query': "
        f"{SUBSCRIPTION!r} % e}}}}))\n"
        "    return ws\n"
        "async def main(n, u, t, e):\n"
        "    sockets = [await one(u, t, e) for _ in range(n)]\n"
        "    print('ready', flush=True)\n"
        "    await asyncio.sleep(3600)\n"
        "asyncio.run(main(int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]))\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(count), ws_url, token, entity], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    if child.stdout.readline().strip() != "ready":
        raise RuntimeError("the stopped clients did not subscribe")
    child.send_signal(signal.SIGSTOP)
    return child


IDLE_CLIENTS = """
import asyncio, json, sys, websockets
received = 0
async def one(u, t, q):
    global received
    for attempt in range(5):  # a busy server may drop a handshake: retry, as a browser would
        try:
            ws = await websockets.connect(u, subprotocols=['graphql-transport-ws'], open_timeout=300,
                                          ping_interval=None, max_queue=None, compression=None)
            break
        except (OSError, EOFError, websockets.InvalidHandshake, TimeoutError):
            await asyncio.sleep(0.5 * (attempt + 1))
    else:
        raise RuntimeError('could not connect')
    await ws.send(json.dumps({'type': 'connection_init', 'payload': {'authorization': 'Bearer ' + t}}))
    await ws.recv()
    await ws.send(json.dumps({'id': '1', 'type': 'subscribe', 'payload': {'query': q}}))
    async def read():
        global received
        async for raw in ws:
            if '"next"' in raw:
                received += 1
    return asyncio.create_task(read())
async def main(n, u, t, q):
    readers = []
    for start in range(0, n, 25):
        readers += await asyncio.gather(*(one(u, t, q) for _ in range(min(25, n - start))))
    print('ready', flush=True)
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            return
        print(received, flush=True)
asyncio.run(main(int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]))
"""


def idle_clients(count: int, ws_url: str, token: str, entity: str) -> subprocess.Popen[str]:
    """A child process holding `count` subscribed sockets that read (and count) every push but
    are not timed: what a process's memory is per connection, and that pushes still arrive."""
    child = subprocess.Popen(
        [sys.executable, "-c", IDLE_CLIENTS, str(count), ws_url, token, SUBSCRIPTION % entity],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    if child.stdout.readline().strip() != "ready":
        raise RuntimeError("the idle clients did not subscribe")
    return child


def idle_received(child: subprocess.Popen[str], expected: int, timeout: float) -> int:
    """How many pushes the idle clients have received, waiting up to `timeout` for `expected`."""
    assert child.stdin is not None and child.stdout is not None
    deadline = time.monotonic() + timeout
    while True:
        child.stdin.write("count\n")
        child.stdin.flush()
        received = int(child.stdout.readline())
        if received >= expected or time.monotonic() > deadline:
            return received
        time.sleep(0.5)


async def measure(args: argparse.Namespace, http_url: str, ws_url: str, setup: dict, daphne_pid: int) -> dict:
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    invoices = iter(setup["invoices"])
    writer = httpx.Client(headers={"Authorization": f"Bearer {setup['write']}"}, timeout=60)
    loop = asyncio.get_running_loop()
    alone = [await loop.run_in_executor(None, pay, writer, http_url, next(invoices)) for _ in range(5)]
    rss_before = rss_kb(daphne_pid)
    go = asyncio.Event()
    opened = time.perf_counter()
    subscribers, tasks = await open_clients(args.clients, ws_url, setup["read"], setup["entity"], go)
    open_seconds = time.perf_counter() - opened
    retries = sum(s.retries for s in subscribers)
    subscribers = [s for s in subscribers if not s.failed]
    stopped = stopped_clients(args.stopped, ws_url, setup["read"], setup["entity"]) if args.stopped else None
    await asyncio.sleep(2)
    rss_subscribed = rss_kb(daphne_pid)
    idle_opened = time.perf_counter()
    idle = (
        await loop.run_in_executor(None, idle_clients, args.idle, ws_url, setup["read"], setup["entity"])
        if args.idle
        else None
    )
    idle_seconds = time.perf_counter() - idle_opened
    await asyncio.sleep(2)
    rss_idle = rss_kb(daphne_pid)
    events = []
    try:
        for _ in range(args.events + 1):  # the first is a warm-up
            expected = len(subscribers[0].arrivals) + 1
            sent = time.perf_counter()
            mutation = await loop.run_in_executor(None, pay, writer, http_url, next(invoices))
            answered = sent + mutation
            deadline = time.perf_counter() + args.timeout
            while time.perf_counter() < deadline and any(len(s.arrivals) < expected for s in subscribers):
                await asyncio.sleep(0.01)
            delays = sorted(
                (s.arrivals[expected - 1] - answered) * 1000 for s in subscribers if len(s.arrivals) >= expected
            )
            sent_delays = sorted(
                (s.arrivals[expected - 1] - sent) * 1000 for s in subscribers if len(s.arrivals) >= expected
            )
            events.append({"mutation_ms": round(mutation * 1000, 1), "delays": delays, "sent_delays": sent_delays})
            await asyncio.sleep(1)
        rss_after = rss_kb(daphne_pid)
        idle_pushes = idle_received(idle, args.idle * (args.events + 1), args.timeout) if idle is not None else 0
    finally:
        go.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if idle is not None:
            idle.kill()
            idle.wait()
        if stopped is not None:
            stopped.send_signal(signal.SIGCONT)
            stopped.kill()
            stopped.wait()
    measured = events[1:]
    delays = sorted(d for e in measured for d in e["delays"])
    sent_delays = sorted(d for e in measured for d in e["sent_delays"])
    received = sum(len(e["delays"]) for e in measured)

    def pct(values: list[float], p: float) -> float:
        return round(values[min(len(values) - 1, int(len(values) * p))], 1) if values else float("nan")

    return {
        "load_at_start": load_at_start,
        "clients": args.clients,
        "stopped_clients": args.stopped,
        "events": args.events,
        "pushes_expected": len(subscribers) * args.events,
        "pushes_received": received,
        "response_to_push_ms": {
            "p50": pct(delays, 0.5),
            "p95": pct(delays, 0.95),
            "max": pct(delays, 1.0) if delays else None,
        },
        "request_to_push_ms": {
            "p50": pct(sent_delays, 0.5),
            "p95": pct(sent_delays, 0.95),
            "max": pct(sent_delays, 1.0),
        },
        "mutation_ms_without_subscribers": round(statistics.median(alone) * 1000, 1),
        "mutation_ms_with_subscribers": round(statistics.median(e["mutation_ms"] for e in measured), 1),
        "seconds_to_subscribe": round(open_seconds, 1),
        "subscribed": len(subscribers),
        "handshake_retries": retries,
        "rss_mb": {
            "before": round(rss_before / 1024, 1),
            "subscribed": round(rss_subscribed / 1024, 1),
            "idle": round(rss_idle / 1024, 1),
            "after": round(rss_after / 1024, 1),
        },
        "kb_per_subscriber": round((rss_subscribed - rss_before) / max(1, args.clients + args.stopped), 1),
        "idle_clients": args.idle,
        "seconds_to_subscribe_idle": round(idle_seconds, 1),
        # every idle client gets the warm-up event and the measured ones
        "idle_pushes_expected": args.idle * (args.events + 1),
        "idle_pushes_received": idle_pushes,
        "kb_per_idle_subscriber": round((rss_idle - rss_subscribed) / max(1, args.idle), 1) if args.idle else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    database_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    parser.add_argument("--database-url", default=database_url)
    parser.add_argument("--clients", default="1000,5000", help="comma-separated subscriber counts, one run each")
    parser.add_argument("--stopped", type=int, default=50, help="subscribers in a stopped (hung) process")
    parser.add_argument(
        "--idle", type=int, default=0, help="more subscribers (e.g. 5000), in a child process, counted but not timed"
    )
    parser.add_argument("--events", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=20, help="seconds to wait for an event's pushes")
    parser.add_argument("--label", default="")
    parser.add_argument("--output", default="fanout")
    args = parser.parse_args()
    base = args.database_url.rsplit("/", 1)
    copy = f"{base[1]}_fanout"
    admin = f"{base[0]}/postgres"
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {copy}"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {copy} TEMPLATE {base[1]}"], check=True)
    copy_url = f"{base[0]}/{copy}"
    runs = []
    try:
        setup = json.loads(manage_shell(copy_url, SETUP))
        for clients in [int(c) for c in args.clients.split(",") if c]:
            with ExitStack() as stack:
                port = free_port()
                env = kserp_env(copy_url)
                env["KSERP_RATE_LIMIT_WS_MESSAGES"] = "1000000/60"
                # every bench client is one token on one address: lift the connection caps
                env["KSERP_WS_MAX_CONNECTIONS_PER_USER"] = env["KSERP_WS_MAX_CONNECTIONS_PER_ADDRESS"] = "1000000"
                log = stack.enter_context(open(os.devnull, "w"))
                daphne = subprocess.Popen(
                    [
                        str(Path(sys.executable).parent / "daphne"),
                        "-b",
                        "127.0.0.1",
                        "-p",
                        str(port),
                        "config.asgi:application",
                    ],
                    cwd=BACKEND,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
                stack.callback(_stop, daphne)
                http_url, ws_url = f"http://127.0.0.1:{port}/graphql", f"ws://127.0.0.1:{port}/graphql"
                deadline = time.monotonic() + 60
                while True:
                    try:
                        httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                        break
                    except httpx.HTTPError:
                        if time.monotonic() > deadline:
                            raise
                        time.sleep(0.3)
                args.clients = clients
                run = asyncio.run(measure(args, http_url, ws_url, setup, daphne.pid))
                runs.append(run)
                print(json.dumps(run), flush=True)
                write_results(args, runs)  # after each run: a long 5,000-client run may be cut short
                setup["invoices"] = setup["invoices"][args.events + 6 :]
    finally:
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {copy}"], check=False)
    print(f"results: bench/results/{args.output}.json, .md")


def write_results(args: argparse.Namespace, runs: list[dict]) -> None:
    result = {
        "label": args.label,
        "recorded": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python bench/bench_fanout.py " + " ".join(sys.argv[1:]),
        "cores": os.cpu_count(),
        "load": [round(x, 2) for x in os.getloadavg()],
        "runs": runs,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.output}.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / f"{args.output}.md").write_text(markdown(result))


def markdown(r: dict[str, Any]) -> str:
    out = [
        "# Live-update fan-out (receivablesChanged, one daphne process)",
        "",
        f"Command: `{r['command']}` (recorded {r['recorded']}, {r['cores']} cores, load {r['load']}). {r['label']}",
        "",
        "| subscribers (+ stopped) | pushes received / expected | response → push p50 / p95 / max ms "
        "| request → push p50 / p95 / max ms "
        "| mutation ms alone / with subscribers | RSS MB before → subscribed | KB per subscriber "
        "| idle subscribers: pushes received / expected, RSS MB → | KB per idle subscriber | load at start |",
        "|---|---|---|---|---|---|---:|---|---:|---|",
    ]
    for run in r["runs"]:
        d, q = run["response_to_push_ms"], run["request_to_push_ms"]
        out.append(
            f"| {run['clients']} (+ {run['stopped_clients']}) | {run['pushes_received']} / {run['pushes_expected']} | "
            f"{d['p50']} / {d['p95']} / {d['max']} | {q['p50']} / {q['p95']} / {q['max']} | "
            f"{run['mutation_ms_without_subscribers']} / "
            f"{run['mutation_ms_with_subscribers']} | {run['rss_mb']['before']} → "
            f"{run['rss_mb'].get('subscribed', run['rss_mb']['idle'])} | {run['kb_per_subscriber']} | "
            + (
                f"{run['idle_clients']}: {run['idle_pushes_received']} / {run['idle_pushes_expected']}, "
                f"{run['rss_mb']['idle']} | {run['kb_per_idle_subscriber']} | "
                if run.get("idle_clients")
                else "— | — | "
            )
            + f"{run.get('load_at_start', '')} |"
        )
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
