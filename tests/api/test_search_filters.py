"""The `search` filters of the list queries: any of a few fields contains the text, any case."""

from tests.support.graphql import gql
from tests.support.orders import make_client, make_job_order

CLIENTS = "query($f: ClientFilter) { clients(first: 20, filters: $f) { edges { node { code } } } }"
JOB_ORDERS = "query($f: JobOrderFilter) { jobOrders(first: 20, filters: $f) { edges { node { code } } } }"


def _codes(body: dict, root: str) -> list[str]:
    return sorted(e["node"]["code"] for e in body["data"][root]["edges"])


def test_clients_and_job_orders_are_found_by_part_of_a_code_or_a_name(staff_client):
    acme, beta = make_client("ACME"), make_client("BETA")
    make_job_order("JO-1001", client=acme, payee_code="P001")
    make_job_order("JO-2002", client=beta, payee_code="P002")

    def clients(text):
        return _codes(gql(staff_client, CLIENTS, {"f": {"search": text}}), "clients")

    def job_orders(text):
        return _codes(gql(staff_client, JOB_ORDERS, {"f": {"search": text}}), "jobOrders")

    assert clients("cm") == ["ACME"]  # part of the code, any case
    assert clients("pty ltd") == ["ACME", "BETA"]  # part of the name
    assert clients("  ") == ["ACME", "BETA"]  # blank: no filter
    assert clients("zzz") == []
    assert job_orders("2002") == ["JO-2002"]
    assert job_orders("beta pty") == ["JO-2002"]  # the client's name
    assert job_orders("jo-") == ["JO-1001", "JO-2002"]
    assert _codes(gql(staff_client, CLIENTS, {"f": {"search": "a", "code": "BETA"}}), "clients") == ["BETA"]
