"""Contacts and contracts in the configuration document (docs/configuration.md): under each client,
keyed by name and title, stored through the crm services, so a bad row is refused at its document
path and nothing is stored."""

from __future__ import annotations

import datetime as dt

import pytest

from kserp.configuration.services import configuration_import
from kserp.crm.models import Contact, Contract
from tests.rates.documents import base_document, dump


def _with(contacts=None, contracts=None) -> str:
    doc = base_document()
    if contacts is not None:
        doc["clients"][0]["contacts"] = contacts
    if contracts is not None:
        doc["clients"][0]["contracts"] = contracts
    return dump(doc)


PAT = {"name": "Pat Payable", "role": "AP", "email": "ap@acme.example", "billing": True}
MSA = {"title": "Acme MSA 2025", "kind": "MSA", "starts_on": "2025-07-01", "expires_on": "2027-06-30"}


@pytest.mark.django_db
def test_contacts_and_contracts_are_created_then_upserted_by_name_and_title():
    first = configuration_import(document=_with([PAT], [MSA]))
    assert first.ok, first.errors
    contact = Contact.objects.get(client__code="ACME")
    assert (contact.name, contact.email, contact.billing, contact.approver) == (
        "Pat Payable",
        "ap@acme.example",
        True,
        False,
    )
    assert Contract.objects.get(client__code="ACME").expires_on == dt.date(2027, 6, 30)

    again = configuration_import(document=_with([{**PAT, "approver": True}], [{**MSA, "expires_on": "2028-06-30"}]))

    assert again.ok, again.errors
    counts = {s.section: (s.created, s.changed, s.unchanged) for s in again.sections}
    assert counts["contacts"] == (0, 1, 0)
    assert counts["contracts"] == (0, 1, 0)
    assert Contact.objects.get().approver is True
    assert Contract.objects.get().expires_on == dt.date(2028, 6, 30)


@pytest.mark.django_db
def test_a_billing_contact_without_email_is_refused_at_its_path_and_nothing_is_stored():
    result = configuration_import(document=_with([{"name": "No Mail", "billing": True}], [MSA]))

    assert not result.ok
    assert [(e.field, e.code) for e in result.errors] == [("clients[0].contacts[0].email", "REQUIRED")]
    assert not Contact.objects.exists() and not Contract.objects.exists()


@pytest.mark.django_db
def test_a_contract_that_expires_before_it_starts_or_of_an_unknown_kind_is_refused_at_its_path():
    result = configuration_import(
        document=_with(contracts=[{**MSA, "expires_on": "2025-01-01"}, {"title": "X", "kind": "LEASE"}])
    )

    assert not result.ok
    assert {e.field for e in result.errors} == {"clients[0].contracts[0].expires_on", "clients[0].contracts[1].kind"}
    assert not Contract.objects.exists()
