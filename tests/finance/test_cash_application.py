"""Cash application: remittances over many invoices, unapplied cash, bounced receipts, refunds."""

import datetime as dt
from decimal import Decimal

import pytest

from kserp.errors import ValidationFailed
from kserp.finance.cash import AllocationIn, receipt_allocate, receipt_create, receipt_refund, receipt_reverse
from kserp.finance.models import Invoice, Journal, Receipt, ReceiptAllocation
from tests.support.finance import assert_trial_balance_zero, balances, three_invoices

D = Decimal
PAID_ON = dt.date(2025, 8, 20)


def _fresh(invoices: list[Invoice]) -> list[tuple[str, Decimal, Decimal]]:
    return [
        (i.status, i.amount_paid, i.amount_due)
        for i in Invoice.objects.filter(pk__in=[i.pk for i in invoices]).order_by("number")
    ]


def test_a_remittance_over_three_invoices_with_a_part_payment_holds_the_rest_unapplied(db):
    first, second, third = three_invoices()
    assert [i.total for i in (first, second, third)] == [D("1810.30")] * 3

    receipt = receipt_create(
        client=first.client,
        amount=D("4000.00"),
        received_on=PAID_ON,
        reference="REMIT 0042",
        allocations=[
            AllocationIn(first, D("1810.30")),
            AllocationIn(second, D("1810.30")),
            AllocationIn(third, D("300.00")),
        ],
    )

    assert receipt.unapplied == D("4000.00") - D("1810.30") * 2 - D("300.00") == D("79.40")
    assert _fresh([first, second, third]) == [
        ("PAID", D("1810.30"), D("0.00")),
        ("PAID", D("1810.30"), D("0.00")),
        ("PART_PAID", D("300.00"), D("1510.30")),
    ]
    assert balances(first.entity) == {
        "1000": D("4000.00"),
        "1100": D("1510.30"),  # 3 × 1810.30 − 3920.60 allocated
        "2100": D("-493.71"),  # 3 × 164.57 GST
        "2400": D("-79.40"),  # unapplied cash owed to the client
        "4000": D("-4937.19"),
    }
    assert_trial_balance_zero(first.entity)

    # Later, the unapplied cash settles more of the third invoice.
    receipt_allocate(receipt=receipt, allocations=[AllocationIn(third, D("79.40"))], on=dt.date(2025, 8, 25))

    receipt.refresh_from_db()
    assert receipt.unapplied == D("0.00")
    assert _fresh([third]) == [("PART_PAID", D("379.40"), D("1430.90"))]
    assert balances(first.entity)["1100"] == D("1430.90")
    assert "2400" not in balances(first.entity)
    assert list(Journal.objects.filter(receipt=receipt).values_list("source", flat=True)) == ["RECEIPT", "ALLOCATION"]
    assert_trial_balance_zero(first.entity)


def test_allocation_errors_name_the_allocation_and_store_nothing(db):
    first, second, third = three_invoices()
    journals = Journal.objects.count()

    with pytest.raises(ValidationFailed) as failed:
        receipt_create(
            client=first.client,
            amount=D("2000.00"),
            received_on=PAID_ON,
            reference="REMIT",
            allocations=[
                AllocationIn(first, D("1000.00")),
                AllocationIn(second, D("1810.31")),
                AllocationIn(third, D("0.001")),
                AllocationIn(third, D("1000.01")),
            ],
        )

    assert [(e.field, e.code) for e in failed.value.errors] == [
        ("allocations[1].amount", "OVERPAYMENT"),
        ("allocations[2].amount", "TOO_PRECISE"),  # 0.001: finer than cents, never rounded
        ("allocations[3].amount", "INVALID_AMOUNT"),  # 1000.00 + 1810.31 + 1000.01 > 2000.00
    ]
    assert (Receipt.objects.count(), ReceiptAllocation.objects.count(), Journal.objects.count()) == (0, 0, journals)
    assert _fresh([first]) == [("ISSUED", D("0.00"), D("1810.30"))]


def test_a_bounced_receipt_is_reversed_with_its_journal_and_the_invoices_are_owed_again(db):
    first, second, _ = three_invoices()
    receipt = receipt_create(
        client=first.client,
        amount=D("2000.00"),
        received_on=PAID_ON,
        reference="CHQ 123",
        allocations=[AllocationIn(first, D("1810.30")), AllocationIn(second, D("100.00"))],
    )
    before = balances(first.entity)

    receipt_reverse(receipt=receipt, reason="Cheque dishonoured", on=dt.date(2025, 8, 22))

    receipt.refresh_from_db()
    assert (receipt.status, receipt.unapplied, receipt.reversed_on) == ("REVERSED", D("0.00"), dt.date(2025, 8, 22))
    assert _fresh([first, second]) == [("ISSUED", D("0.00"), D("1810.30")), ("ISSUED", D("0.00"), D("1810.30"))]
    reversal = Journal.objects.get(receipt=receipt, source="REVERSAL")
    assert sorted((line.account.code, line.debit, line.credit) for line in reversal.lines.all()) == [
        ("1000", D("0"), D("2000.00")),
        ("1100", D("1910.30"), D("0")),
        ("2400", D("89.70"), D("0")),
    ]
    after = balances(first.entity)
    assert "1000" not in after and "2400" not in after
    assert after["1100"] == before["1100"] + D("1910.30") == D("5430.90")
    assert_trial_balance_zero(first.entity)
    with pytest.raises(ValidationFailed) as again:
        receipt_reverse(receipt=receipt, reason="twice")
    assert again.value.errors[0].code == "INVALID_STATE"


def test_an_overpayment_is_refunded_from_unapplied_cash(db):
    first, _, _ = three_invoices()
    receipt = receipt_create(
        client=first.client,
        amount=D("2000.00"),
        received_on=PAID_ON,
        reference="EFT",
        allocations=[AllocationIn(first, D("1810.30"))],
    )
    with pytest.raises(ValidationFailed) as too_much:
        receipt_refund(receipt=receipt, amount=D("189.71"), on=PAID_ON)
    assert [(e.field, e.code) for e in too_much.value.errors] == [("amount", "INVALID_AMOUNT")]

    receipt_refund(receipt=receipt, amount=D("189.70"), on=dt.date(2025, 8, 21), reference="REFUND 1")

    receipt.refresh_from_db()
    assert (receipt.unapplied, receipt.refunded) == (D("0.00"), D("189.70"))
    assert balances(first.entity)["1000"] == D("1810.30")
    assert "2400" not in balances(first.entity)
    assert_trial_balance_zero(first.entity)
    with pytest.raises(ValidationFailed) as bounce:
        receipt_reverse(receipt=receipt, reason="bounced")
    assert bounce.value.errors[0].code == "INVALID_STATE"
