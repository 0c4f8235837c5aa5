"""In-process CPU time of the partner pages: what one request costs the server's Python, without
HTTP, wrk or PostGraphile (bench_api.py measures those side by side).

The page and the heavy page of bench_api.py are POSTed to /graphql through Django's test client
(middleware, the token's authentication, the view, strawberry, the ORM) with a staff `read` token,
`--runs` times each after a warm-up; per request the process's CPU time (`time.process_time`, so
other work on a busy machine counts less than in wall time) and the SQL statements. Compare two
versions with `KSERP_BENCH_BACKEND=<other checkout>/backend`. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_api import BACKEND, HEAVIEST_CLIENT, kserp_page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    )
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    heaviest = subprocess.run(
        ["psql", args.database_url, "-Atc", HEAVIEST_CLIENT], check=True, capture_output=True, text=True
    ).stdout.split("|")[0]
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(BACKEND))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kserp.identity.models import User
    from kserp.identity.tokens import api_token_issue

    settings.KSERP_RATE_LIMITS = {**settings.KSERP_RATE_LIMITS, "graphql": "100000000/60"}
    settings.ALLOWED_HOSTS = ["*"]
    user, _ = User.objects.get_or_create(username="bench-partner", defaults={"is_staff": True})
    token = api_token_issue(user=user, scopes=["read"]).value
    client = Client(headers={"Authorization": f"Bearer {token}"})
    result: dict[str, object] = {"label": args.label, "backend": str(BACKEND), "load": os.getloadavg()[0]}
    for name, query in (("page", kserp_page()), ("heavy", kserp_page(heaviest))):
        body = json.dumps({"query": query})
        for _ in range(5):  # warm-up: caches, the token's lookup
            response = client.post("/graphql", body, content_type="application/json")
            assert response.status_code == 200 and b'"errors"' not in response.content, response.content[:300]
        cpu = []
        for _ in range(args.runs):
            started = time.process_time()
            client.post("/graphql", body, content_type="application/json")
            cpu.append((time.process_time() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            response = client.post("/graphql", body, content_type="application/json")
        result[name] = {
            "cpu_ms_median": round(statistics.median(cpu), 1),
            "cpu_ms_min": round(min(cpu), 1),
            "statements": len(captured.captured_queries),
            "bytes": len(response.content),
        }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
