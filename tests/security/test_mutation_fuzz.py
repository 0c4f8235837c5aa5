"""Generated mutations (hypothesis-graphql over schema.graphql) with hostile scalars: absurd and
impossible dates, NaN/Infinity/1e-30 decimals, odd text and IDs. However wrong the input, the
answer is HTTP 200 with JSON, and no error is an unexpected one (masked as "Unexpected error." in
production): every refusal is a field error or an error naming the argument.

Bounded (`max_examples`) so the suite stays fast; set KSERP_FUZZ_EXAMPLES for more."""

from __future__ import annotations

import json
import os

import graphql
import hypothesis_graphql
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes
from strawberry import relay

from tests.support.billing import bill_one_invoice
from tests.support.services import REPO

SCHEMA = graphql.build_schema((REPO / "schema.graphql").read_text())
#: `logout` would end the session the fuzzing runs in; `login` is covered by its own tests.
MUTATIONS = sorted(set(SCHEMA.mutation_type.fields) - {"login", "logout"})  # type: ignore[union-attr]
EXAMPLES = int(os.environ.get("KSERP_FUZZ_EXAMPLES", "300"))


def _strings(*samples: str) -> st.SearchStrategy:
    return st.one_of(st.sampled_from(samples), st.text(max_size=24)).map(nodes.String)


DATES = st.one_of(
    st.dates().map(lambda d: nodes.String(d.isoformat())),
    _strings("0001-01-01", "9999-12-31", "2025-02-30", "10000-01-01", "2025-07-07", "", "2025-7-7"),
)
DECIMALS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(lambda d: nodes.String(str(d))),
    _strings("NaN", "-Infinity", "1e-30", "1e999999999", "7.12345", "1,5", "abc", "-0", "24.0001", "8"),
)
CUSTOM_SCALARS = {
    "Date": DATES,
    "DateTime": st.datetimes().map(lambda d: nodes.String(d.isoformat())),
    "Time": _strings("07:00", "25:00", "23:59:60", "7am"),
    "Decimal": DECIMALS,
    "JSON": _strings("{}", '{"version": 1}', "[]"),
}


@pytest.fixture
def fuzz_client(staff_client, settings):
    settings.PRODUCTION = True  # unexpected errors are masked: they show as "Unexpected error."
    settings.KSERP_RATE_LIMITS = {**settings.KSERP_RATE_LIMITS, "graphql": "100000/60"}
    bill_one_invoice()  # entity KSAU, client ACME, job order JO-1001, an approved week, invoice AU-000001
    return staff_client


def _known_ids() -> list[str]:
    """Codes and global IDs of the objects the fixture made, so inputs reach past the look-ups."""
    from kserp.billing.models import BillingRun
    from kserp.finance.models import Invoice, InvoiceLine
    from kserp.orders.models import JobOrder, Timesheet
    from kserp.rates.models import BillAgreement, BillRateRule

    ids = ["AU-000001", "JO-1001", "ACME", "KSAU", "ORD", "MEAL"]
    for model, name in ((Invoice, "Invoice"), (InvoiceLine, "InvoiceLine"), (JobOrder, "JobOrder"),
                        (Timesheet, "Timesheet"), (BillingRun, "BillingRun"), (BillAgreement, "BillAgreement"),
                        (BillRateRule, "BillRateRule")):  # fmt: skip
        ids += [str(relay.to_base64(name, pk)) for pk in model.objects.values_list("pk", flat=True)[:3]]
    return [*ids, "AU-\x00", str(relay.to_base64("Invoice", "²")), str(relay.to_base64("Invoice", "9" * 20))]


def test_generated_mutations_never_fail_unexpectedly(fuzz_client):
    seen: set[str] = set()
    known = _strings(*_known_ids())
    scalars = {**CUSTOM_SCALARS, "ID": known, "String": known}

    def one_mutation(name: str) -> st.SearchStrategy:
        return hypothesis_graphql.mutations(SCHEMA, fields=[name], custom_scalars=scalars)

    @hypothesis_settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(query=st.sampled_from(MUTATIONS).flatmap(one_mutation))
    def run(query: str) -> None:
        response = fuzz_client.post("/graphql", data=json.dumps({"query": query}), content_type="application/json")
        assert response.status_code == 200, (query, response.content[:500])
        body = response.json()
        unexpected = [e for e in body.get("errors") or [] if e["message"] == "Unexpected error."]
        assert unexpected == [], (query, body)
        seen.update(body.get("data") or {})

    run()
    assert len(seen) >= len(MUTATIONS) // 2  # the examples spread over the mutations
