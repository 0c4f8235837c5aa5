"""The partner read path side by side with PostGraphile 5.0.3 (issue 16; docs/performance.md).

Both servers read the same PostgreSQL database (the bench database, `--database-url`, default
$DATABASE_URL). KS-ERP runs as daphne over HTTP with a real API token (a staff `read` token, as
an accounting partner would hold); PostGraphile 5.0.3 is installed with npm into a cache outside
the repository on first use (~/.cache/kserp-bench/postgraphile) and started on the same database.

The same logical queries on both (PostGraphile's with aliases, so both answer the same JSON):
- `page`: the newest 100 invoices (KS-ERP's page size limit) with their client and lines,
- `heavy`: the same for the client whose newest 100 invoices carry the most lines,
- `typename`: `{ __typename }`.
The answers' `data` are checked equal before anything is timed. Then, per query and server: a
warm-up, sequential requests (p50/p95), and the page under load from `wrk` with 20 and 50
connections for `--duration` seconds (req/s, p50/p95, errors). Loopback only.

Results: bench/results/api.json and api.md (with the machine's cores, load and versions).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
# The code under test (another checkout's backend/ to measure a "before" side by side).
BACKEND = Path(os.environ.get("KSERP_BENCH_BACKEND", REPO / "backend"))
RESULTS = REPO / "bench" / "results"
CACHE = Path(os.environ.get("KSERP_BENCH_CACHE", Path.home() / ".cache" / "kserp-bench")) / "postgraphile"
POSTGRAPHILE_VERSION = "5.0.3"
BENCH_USER = "bench-partner"

PAGE_FIELDS = """number status issueDate dueDate currency taxRate subtotal taxTotal total amountPaid
  client { code name }
  lines { position description payCode quantity unitPrice amount }"""
PG_PAGE_FIELDS = """number status issueDate dueDate currency taxRate subtotal taxTotal total amountPaid
  client: crmClientByClientId { code name }
  lines: financeInvoicelinesByInvoiceIdList(orderBy: [POSITION_ASC]) {
    position description payCode quantity unitPrice amount }"""


def kserp_page(client: str | None = None) -> str:
    where = f', filters: {{client: "{client}"}}' if client else ""
    return f"query Page {{ invoices(first: 100{where}) {{ edges {{ node {{ {PAGE_FIELDS} }} }} }} }}"


def postgraphile_page(client_id: int | None = None) -> str:
    where = f', condition: {{clientId: "{client_id}"}}' if client_id else ""
    return (
        f"query Page {{ invoices: allFinanceInvoices(first: 100{where}, orderBy: [ISSUE_DATE_DESC, ROW_ID_DESC]) "
        f"{{ edges {{ node {{ {PG_PAGE_FIELDS} }} }} }} }}"
    )


def queries(database_url: str) -> dict[str, tuple[str, str]]:
    """The page (the newest 100 invoices), the heavy page (the newest 100 invoices of the client
    whose invoices carry the most lines) and `{ __typename }`: (KS-ERP's, PostGraphile's)."""
    heaviest = subprocess.run(
        ["psql", database_url, "-Atc", HEAVIEST_CLIENT], check=True, capture_output=True, text=True
    ).stdout.split("|")
    code, client_id = heaviest[0], int(heaviest[1])
    return {
        "page": (kserp_page(), postgraphile_page()),
        "heavy": (kserp_page(code), postgraphile_page(client_id)),
        "typename": ("{ __typename }", "{ __typename }"),
    }


HEAVIEST_CLIENT = """SELECT c.code, c.id FROM crm_client c ORDER BY (SELECT sum(n) FROM (SELECT (SELECT count(*)
 FROM finance_invoiceline l WHERE l.invoice_id = i.id) n FROM finance_invoice i WHERE i.client_id = c.id
 ORDER BY i.issue_date DESC, i.id DESC LIMIT 100) s) DESC NULLS LAST, c.id LIMIT 1"""
QUERIES: dict[str, tuple[str, str]] = {}

PRELOAD = """// Node 20 lacks Promise.withResolvers, which PostGraphile 5 uses.
if (!Promise.withResolvers) {
  Promise.withResolvers = function () {
    let resolve, reject;
    const promise = new Promise((a, b) => { resolve = a; reject = b; });
    return { promise, resolve, reject };
  };
}
"""

CONFIG = """import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";

export default {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString: process.env.BENCH_DATABASE_URL, schemas: ["public"] })],
  // order by any column (KS-ERP orders invoice lines by position, which has no index of its own)
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  schema: { defaultBehavior: "+list" },
  grafserv: { host: "127.0.0.1", port: Number(process.env.BENCH_PORT), graphiql: false },
  grafast: { explain: false },
};
"""


# --- servers -------------------------------------------------------------------------------
def ensure_postgraphile() -> Path:
    """PostGraphile 5.0.3 in the cache (npm, once), with the preload and the config."""
    CACHE.mkdir(parents=True, exist_ok=True)
    marker = CACHE / "node_modules" / "postgraphile" / "package.json"
    if not marker.exists() or json.loads(marker.read_text())["version"] != POSTGRAPHILE_VERSION:
        (CACHE / "package.json").write_text('{"name": "kserp-bench-postgraphile", "private": true}\n')
        subprocess.run(
            ["npm", "install", "--save-exact", "--no-audit", "--no-fund", f"postgraphile@{POSTGRAPHILE_VERSION}"],
            cwd=CACHE,
            check=True,
        )
    (CACHE / "preload.cjs").write_text(PRELOAD)
    (CACHE / "graphile.config.mjs").write_text(CONFIG)
    return CACHE


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, headers: dict[str, str], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            r = httpx.post(url, json={"query": "{ __typename }"}, headers=headers, timeout=5)
            if r.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def start_postgraphile(stack: ExitStack, database_url: str, log: Path) -> str:
    cache = ensure_postgraphile()
    port = free_port()
    env = {**os.environ, "BENCH_DATABASE_URL": database_url, "BENCH_PORT": str(port), "GRAPHILE_ENV": "production"}
    out = stack.enter_context(log.open("w"))
    cmd = ["node", "-r", "./preload.cjs", "node_modules/.bin/postgraphile", "-C", "graphile.config.mjs"]
    process = subprocess.Popen(cmd, cwd=cache, env=env, stdout=out, stderr=subprocess.STDOUT)
    stack.callback(_stop, process)
    url = f"http://127.0.0.1:{port}/graphql"
    wait_ready(url, {})
    return url


def kserp_env(database_url: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "0", "LOG_LEVEL": "WARNING"}
    # The load test sends thousands of requests a minute with one token: lift the rate limit
    # (its Redis round trip per request still happens).
    env["KSERP_RATE_LIMIT_GRAPHQL"] = "100000000/60"
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    env.setdefault("KSERP_CACHE_PREFIX", "kserp-bench")
    return env


def issue_token(database_url: str) -> str:
    """A `read` token for a staff user made for the bench (a partner with the whole ledger)."""
    code = (
        "from kserp.identity.models import User\n"
        f"u, _ = User.objects.get_or_create(username={BENCH_USER!r}, defaults={{'is_staff': True}})\n"
        "u.is_staff = True; u.is_active = True; u.save()\n"
        "from kserp.identity.tokens import api_token_issue\n"
        "print(api_token_issue(user=u, name='bench', scopes=['read']).value)\n"
    )
    return manage_shell(database_url, code)


def manage_shell(database_url: str, code: str) -> str:
    """The last line `manage.py shell -c code` prints, run on the code under test."""
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BACKEND,
        env=kserp_env(database_url),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.strip().splitlines()[-1]


def start_kserp(stack: ExitStack, database_url: str, processes: int, token: str, log: Path) -> str:
    """`processes` daphne processes sharing one listening socket (the kernel spreads connections)."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1024)
    listener.set_inheritable(True)
    stack.callback(listener.close)
    port = listener.getsockname()[1]
    out = stack.enter_context(log.open("w"))
    daphne = str(Path(sys.executable).parent / "daphne")
    for _ in range(processes):
        process = subprocess.Popen(
            [daphne, "--fd", str(listener.fileno()), "config.asgi:application"],
            cwd=BACKEND,
            env=kserp_env(database_url),
            stdout=out,
            stderr=subprocess.STDOUT,
            pass_fds=(listener.fileno(),),
        )
        stack.callback(_stop, process)
    url = f"http://127.0.0.1:{port}/graphql"
    wait_ready(url, {"Authorization": f"Bearer {token}"})
    return url


def _stop(process: subprocess.Popen[Any]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- measuring -----------------------------------------------------------------------------
def post(client: httpx.Client, url: str, query: str) -> httpx.Response:
    response = client.post(url, json={"query": query})
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}: {response.text[:500]}")
    return response


def check_same(kserp: httpx.Client, k_url: str, pg: httpx.Client, p_url: str) -> dict[str, Any]:
    """Both servers answer each query with the same data; sizes as sent and as compact JSON."""
    sizes = {}
    for name, (k_query, p_query) in QUERIES.items():
        k = post(kserp, k_url, k_query)
        p = post(pg, p_url, p_query)
        k_body, p_body = k.json(), p.json()
        if "errors" in k_body or "errors" in p_body or k_body["data"] != p_body["data"]:
            raise SystemExit(f"{name}: the answers differ:\n{k.text[:600]}\n---\n{p.text[:600]}")
        compact = len(json.dumps(k_body, separators=(",", ":")).encode())
        lines = 0
        if "invoices" in k_body["data"]:
            lines = sum(len(e["node"]["lines"]) for e in k_body["data"]["invoices"]["edges"])
        sizes[name] = {"kserp_bytes": len(k.content), "postgraphile_bytes": len(p.content), "compact": compact}
        sizes[name]["invoice_lines"] = lines
    return sizes


def sequential(client: httpx.Client, url: str, query: str, warmup: int, count: int) -> dict[str, float]:
    for _ in range(warmup):
        post(client, url, query)
    times = []
    for _ in range(count):
        started = time.perf_counter()
        post(client, url, query)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "requests": count,
    }


WRK_SCRIPT = """wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
{auth}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %f %f %f\\n", summary.requests, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency.max))
end
"""


def load(url: str, query: str, token: str | None, connections: int, duration: int) -> dict[str, Any]:
    """`wrk` (C, two threads) with `connections` keep-alive clients for `duration` seconds."""
    auth = f'wrk.headers["Authorization"] = "Bearer {token}"' if token else ""
    script = WRK_SCRIPT.format(body=json.dumps(json.dumps({"query": query})), auth=auth)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", f.name, url],
            check=True,
            capture_output=True,
            text=True,
            timeout=duration + 60,
        ).stdout
    finally:
        os.unlink(f.name)
    match = re.search(r"^RESULT (.*)$", out, re.M)
    if match is None:
        raise RuntimeError(out)
    fields = match.group(1).split()
    requests, micros = int(fields[0]), int(fields[1])
    errors = sum(int(x) for x in fields[2:7])
    return {
        "connections": connections,
        "seconds": duration,
        "requests": requests,
        "req_per_s": round(requests / (micros / 1e6), 1),
        "p50_ms": round(float(fields[7]) / 1000, 1),
        "p95_ms": round(float(fields[8]) / 1000, 1),
        "max_ms": round(float(fields[9]) / 1000, 1),
        "errors": errors,
    }


# --- the run -------------------------------------------------------------------------------
def versions(database_url: str) -> dict[str, str]:
    from importlib.metadata import version

    import django

    server = subprocess.run(
        ["psql", database_url, "-Atc", "SHOW server_version"], capture_output=True, text=True
    ).stdout.strip()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "strawberry-graphql": version("strawberry-graphql"),
        "strawberry-graphql-django": version("strawberry-graphql-django"),
        "daphne": version("daphne"),
        "postgresql": server,
        "node": node,
        "postgraphile": POSTGRAPHILE_VERSION,
        "wrk": " ".join(subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split()[:2]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    database_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    parser.add_argument("--database-url", default=database_url)
    parser.add_argument("--processes", type=int, default=int(os.environ.get("BENCH_WEB_PROCESSES", "2")))
    parser.add_argument("--requests", type=int, default=200, help="sequential requests per query and server")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--duration", type=int, default=30, help="seconds per load run")
    parser.add_argument("--connections", default="20,50")
    parser.add_argument("--label", default="", help="what this run measures (kept in the results)")
    parser.add_argument("--output", default="api", help="results file stem in bench/results/")
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgres"):
        raise SystemExit("Give --database-url (PostgreSQL with the demo data: manage.py generate_demo).")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    RESULTS.mkdir(parents=True, exist_ok=True)
    logs = Path(tempfile.mkdtemp(prefix="kserp-bench-"))
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    token = issue_token(args.database_url)
    QUERIES.update(queries(args.database_url))
    result: dict[str, Any] = {"label": args.label, "recorded": started_at, "cores": os.cpu_count()}
    result["command"] = "python bench/bench_api.py " + " ".join(sys.argv[1:])
    result["web_processes"] = args.processes
    result["versions"] = versions(args.database_url)
    with ExitStack() as stack:
        p_url = start_postgraphile(stack, args.database_url, logs / "postgraphile.log")
        k_url = start_kserp(stack, args.database_url, args.processes, token, logs / "daphne.log")
        kserp = stack.enter_context(httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=30))
        pg = stack.enter_context(httpx.Client(timeout=30))
        result["sizes"] = check_same(kserp, k_url, pg, p_url)
        result["load_before"] = [round(x, 2) for x in os.getloadavg()]
        result["sequential"] = {}
        for name, (k_query, p_query) in QUERIES.items():
            k = sequential(kserp, k_url, k_query, args.warmup, args.requests)
            p = sequential(pg, p_url, p_query, args.warmup, args.requests)
            ratio = round(k["p50_ms"] / p["p50_ms"], 2)
            result["sequential"][name] = {"kserp": k, "postgraphile": p, "p50_ratio": ratio}
            print(f"{name:9} p50 {k['p50_ms']:7.2f} ms vs {p['p50_ms']:6.2f} ms ({ratio}x)", flush=True)
        result["load"] = []
        k_query, p_query = QUERIES["page"]
        for connections in [int(c) for c in args.connections.split(",") if c]:
            k = load(k_url, k_query, token, connections, args.duration)
            p = load(p_url, p_query, None, connections, args.duration)
            result["load"].append({"kserp": k, "postgraphile": p})
            print(
                f"load c={connections}: {k['req_per_s']} vs {p['req_per_s']} req/s, p95 {k['p95_ms']} vs "
                f"{p['p95_ms']} ms, errors {k['errors']}/{p['errors']}",
                flush=True,
            )
        result["load_after"] = [round(x, 2) for x in os.getloadavg()]
    (RESULTS / f"{args.output}.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / f"{args.output}.md").write_text(markdown(result))
    shutil.rmtree(logs, ignore_errors=True)
    print(f"results: bench/results/{args.output}.json, .md")


def markdown(r: dict[str, Any]) -> str:
    out = [
        f"# Partner read path: KS-ERP vs PostGraphile {POSTGRAPHILE_VERSION}",
        "",
        f"Command: `{r['command']}` (recorded {r['recorded']}, {r['cores']} cores, "
        f"{r['web_processes']} daphne process(es), load {r['load_before']} → {r['load_after']}).",
        f"{r['label']}",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in r["versions"].items()),
        "",
        "| query | invoice lines | bytes KS-ERP / PostGraphile | KS-ERP p50 / p95 ms | PostGraphile p50 / p95 ms "
        "| p50 ratio |",
        "|---|---:|---|---|---|---:|",
    ]
    for name, s in r["sequential"].items():
        size = r["sizes"][name]
        k, p = s["kserp"], s["postgraphile"]
        out.append(
            f"| {name} | {size['invoice_lines']} | {size['kserp_bytes']} / {size['postgraphile_bytes']} | "
            f"{k['p50_ms']} / {k['p95_ms']} | {p['p50_ms']} / {p['p95_ms']} | {s['p50_ratio']}× |"
        )
    out += [
        "",
        "| page under load | KS-ERP req/s | PostGraphile req/s | share | KS-ERP p50 / p95 ms "
        "| PostGraphile p50 / p95 ms | errors |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for run in r["load"]:
        k, p = run["kserp"], run["postgraphile"]
        share = round(k["req_per_s"] / p["req_per_s"], 2) if p["req_per_s"] else 0
        out.append(
            f"| {k['connections']} connections, {k['seconds']} s | {k['req_per_s']} | {p['req_per_s']} | {share} | "
            f"{k['p50_ms']} / {k['p95_ms']} | {p['p50_ms']} / {p['p95_ms']} | {k['errors']} / {p['errors']} |"
        )
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
