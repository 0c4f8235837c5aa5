"""Building a small but complete set-up for order, billing and finance tests (ORM, no API).

One entity KSAU (GST 10 %, prefix "AU-"), pay codes ORD/OT150/OT200/MEAL, superannuation 12 %
as a bill oncost on ordinary time, a pay agreement (ORD $28.00, MEAL $18.50; 7.6 h a day and 38 h
a week ordinary, then 2 h OT150 and the rest OT200) and a bill agreement marking everything up
25 %. The worked week in `WEEK_ENTRIES` prices to exactly:

    ORD   38   h × 39.20 (28 + 12 % super = 31.36, + 25 %)  = 1489.60
    OT150  2   h × 52.50 (42 × 1.25)                         =  105.00
    OT200  0.4 h × 70.00 (56 × 1.25)                         =   28.00
    MEAL   1     × 23.13 (18.50 × 1.25 = 23.125, half-up)    =   23.13
    subtotal 1645.73, GST 164.57 (164.573 half-up), total 1810.30
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kserp.base.models import Entity
from kserp.crm.models import Client, Payee
from kserp.orders.models import JobOrder, JobOrderStatus
from kserp.orders.timesheets import EntryInput
from kserp.rates.models import (
    BillAgreement,
    BillRateLine,
    BillRateRule,
    Oncost,
    OncostValue,
    PayAgreement,
    PayCode,
    PayRateRule,
)

D = Decimal
START = dt.date(2025, 7, 1)
WEEK = dt.date(2025, 7, 7)  # a Monday
INTERPRETATION = {
    "ordinary_code": "ORD",
    "daily_ordinary_hours": "7.6",
    "weekly_ordinary_hours": "38",
    "overtime_tiers": [{"hours": "2", "code": "OT150"}, {"code": "OT200"}],
}


def week_entries(week: dt.date = WEEK) -> list[EntryInput]:
    """Mon 07:00-15:06 less 30 min (7.6 h), Tue 10 h, Wed-Fri 7.6 h each, a meal allowance on Tue."""
    return [
        EntryInput(date=week, start=dt.time(7, 0), end=dt.time(15, 6), break_minutes=30),
        EntryInput(date=week + dt.timedelta(days=1), hours=D("10")),
        EntryInput(date=week + dt.timedelta(days=1), pay_code="MEAL", quantity=D("1")),
        *(EntryInput(date=week + dt.timedelta(days=d), hours=D("7.6")) for d in (2, 3, 4)),
    ]


def make_rates() -> tuple[PayAgreement, BillAgreement]:
    codes = {
        "ORD": ("Ordinary hours", "ORDINARY", "HOUR", None),
        "OT150": ("Overtime x1.5", "OVERTIME", "HOUR", D("1.5")),
        "OT200": ("Overtime x2.0", "OVERTIME", "HOUR", D("2.0")),
        "MEAL": ("Meal allowance", "ALLOWANCE", "EACH", None),
    }
    pay_codes = {}
    for code, (name, kind, unit, multiplier) in codes.items():
        pay_codes[code], _ = PayCode.objects.get_or_create(
            code=code, defaults={"name": name, "type": kind, "unit": unit, "multiplier": multiplier}
        )
    if not Oncost.objects.filter(code="SUPER").exists():
        superannuation = Oncost.objects.create(
            code="SUPER",
            name="Superannuation guarantee",
            kind="PERCENT",
            bill=True,
            node_level="country",
            node_value="AU",
            applies_to={"pay_code_types": ["ORDINARY"]},
        )
        OncostValue.objects.create(oncost=superannuation, valid_from=START, value=D("12"))
    pay, created = PayAgreement.objects.get_or_create(
        name="Warehouse award 2025",
        defaults={
            "node_level": "country",
            "node_value": "AU",
            "valid_from": START,
            "interpretation": INTERPRETATION,
        },
    )
    if created:
        for code, rate in (("ORD", "28.00"), ("MEAL", "18.50")):
            PayRateRule.objects.create(
                agreement=pay,
                pay_code=pay_codes[code],
                rate=D(rate),
                node_level="country",
                node_value="AU",
                valid_from=START,
            )
    bill, created = BillAgreement.objects.get_or_create(
        name="Standard AU", defaults={"node_level": "country", "node_value": "AU", "valid_from": START}
    )
    if created:
        rule = BillRateRule.objects.create(agreement=bill, node_level="country", node_value="AU", valid_from=START)
        BillRateLine.objects.create(
            rule=rule,
            scope_kind="ALL",
            scope_value="",
            method="MARKUP_PERCENT",
            value=D("25"),
            agreement=bill,
            node_level="country",
            node_value="AU",
            valid_from=START,
        )
    return pay, bill


def make_entity(code: str = "KSAU", prefix: str = "AU-") -> Entity:
    entity, _ = Entity.objects.get_or_create(
        code=code,
        defaults={
            "name": f"{code} Pty Ltd",
            "country": "AU",
            "brand": "KS",
            "currency": "AUD",
            "tax_rate": D("10"),
            "invoice_prefix": prefix,
        },
    )
    return entity


def make_client(code: str = "ACME", entity: Entity | None = None, grouping: str = "CLIENT", terms: int = 30) -> Client:
    client, _ = Client.objects.get_or_create(
        code=code,
        defaults={
            "name": f"{code.title()} Pty Ltd",
            "entity": entity or make_entity(),
            "payment_terms_days": terms,
            "invoice_grouping": grouping,
        },
    )
    return client


def make_job_order(
    code: str = "JO-1001",
    client: Client | None = None,
    payee_code: str = "P001",
    status: str = JobOrderStatus.ACTIVE,
    end: dt.date | None = None,
) -> JobOrder:
    pay, bill = make_rates()
    client = client or make_client()
    payee, _ = Payee.objects.get_or_create(
        code=payee_code, defaults={"name": f"Payee {payee_code}", "kind": "EMPLOYEE"}
    )
    return JobOrder.objects.create(
        code=code,
        client=client,
        payee=payee,
        entity=client.entity,
        title="Warehouse operator",
        start=START,
        end=end,
        path={"state": "NSW", "cost_centre": "CC10"},
        pay_agreement=pay,
        bill_agreement=bill,
        status=status,
    )
