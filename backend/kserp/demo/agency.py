"""Demo data (`manage.py generate_demo`, and `make run` through `kserp.demo.staff`).

A realistic agency on an empty database, built through the real services so every row is what
production would hold:

1. a configuration document (entities KSAU and KSNZ (NZD, GST 15 %), pay codes, oncosts per
   state, a pay agreement with award interpretation, bill agreements with rules at country,
   client and payee level, clients with different invoice groupings and payment terms, payees,
   ACTIVE job orders with consultants and divisions), stored by `configuration_import`;
2. a timesheet per job order for each of the past `weeks` weeks, submitted and approved
   (`timesheet_submit` + `timesheet_approve`: pay lines and bill lines with provenance); a few of
   the latest week are left SUBMITTED for the approval queue;
3. weekly billing runs (executed here with `billing_run_execute`, no broker) for every week but the
   latest, which stays approved and unbilled for a live run in the SPA;
4. receipts by each client's habit (prompt, slow, late, partial), up to today: so receivables
   ageing, days-to-pay and late payers have something to show;
5. the New Zealand entity's books to consolidate: a weekly NZD/AUD rate, opening capital, and a
   weekly intercompany management fee from KSAU (eliminated in the group reports).

Everything is drawn from `random.Random(seed)`: the same arguments give the same data.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from kserp.base.models import Entity
from kserp.billing.models import BillingRun
from kserp.billing.runs import billing_run_execute
from kserp.configuration.services import configuration_import
from kserp.crm.models import Client
from kserp.errors import ValidationFailed
from kserp.finance.books import ManualLine, RateIn, fx_rates_set, journal_post_manual
from kserp.finance.invoicing import receipt_record
from kserp.finance.models import Invoice
from kserp.identity.models import User
from kserp.identity.roles import roles_ensure
from kserp.orders.models import JobOrder, JobOrderStatus
from kserp.orders.timesheets import EntryInput, timesheet_approve, timesheet_submit

D = Decimal
CENT = D("0.01")
ENTITY = "KSAU"
NZ_ENTITY = "KSNZ"
#: NZD in AUD, one rate a week (the demo's FX table, so the group consolidates in AUD).
NZD_AUD = (Decimal("0.9120"), Decimal("0.9085"), Decimal("0.9150"), Decimal("0.9102"))
JOB_ORDER_PREFIX = "JO-D"
CONSULTANTS = ("alex", "priya", "tom")
DIVISIONS = ("Industrial", "Logistics", "Manufacturing", "Office support")
STATES = ("NSW", "VIC", "QLD")
CLIENT_NAMES = (
    ("ACME", "Acme Logistics"),
    ("GLOBEX", "Globex Manufacturing"),
    ("INITECH", "Initech Office Services"),
    ("UMBRELLA", "Umbrella Cold Storage"),
    ("STARK", "Stark Fabrication"),
    ("WAYNE", "Wayne Distribution"),
    ("WONKA", "Wonka Food Processing"),
    ("TYRELL", "Tyrell Assembly"),
    ("SOYLENT", "Soylent Packaging"),
    ("HOOLI", "Hooli Data Centres"),
)
TITLES = ("Warehouse operator", "Forklift driver", "Picker packer", "Production assistant", "Receptionist")
FIRST_NAMES = ("Jane", "Raj", "Mei", "Tama", "Oliver", "Aisha", "Liam", "Sofia", "Noah", "Priya", "Jack", "Chloe")
LAST_NAMES = ("Citizen", "Patel", "Chen", "Ngata", "Smith", "Khan", "Nguyen", "Rossi", "Brown", "Singh", "Wilson")
#: (payment terms in days, invoice grouping, payer habit), cycled over the clients.
CLIENT_PROFILES = (
    (30, "CLIENT", "prompt"),
    (14, "JOB_ORDER", "late"),
    (7, "TIMESHEET", "partial"),
    (30, "CLIENT", "slow"),
    (21, "JOB_ORDER", "prompt"),
)


@dataclass(frozen=True)
class DemoSummary:
    clients: int
    job_orders: int
    timesheets: int
    invoices: int
    receipts: int
    portal_user: str | None

    def __str__(self) -> str:
        text = (
            f"{self.clients} clients, {self.job_orders} job orders, {self.timesheets} timesheets, "
            f"{self.invoices} invoices, {self.receipts} receipts"
        )
        return text + (f", portal user {self.portal_user}" if self.portal_user else "")


def demo_data_present() -> bool:
    """Demo data only goes into an empty database: any client or job order counts as data."""
    return Client.objects.exists() or JobOrder.objects.exists()


def past_weeks(weeks: int, today: dt.date) -> list[dt.date]:
    """The Mondays of the last `weeks` complete weeks (Monday to Sunday) before `today`, oldest first."""
    this_monday = today - dt.timedelta(days=today.weekday())
    return [this_monday - dt.timedelta(weeks=n) for n in range(weeks, 0, -1)]


def generate_demo(
    *,
    clients: int = 5,
    job_orders: int = 20,
    weeks: int = 4,
    seed: int = 1,
    today: dt.date | None = None,
    portal_password: str | None = None,
) -> DemoSummary:
    """Fill an empty database with demo data (see the module docstring). Raises `ValueError` if
    the arguments are out of range or the database already holds clients or job orders."""
    if not (1 <= clients <= 500 and 1 <= job_orders <= 5000 and 1 <= weeks <= 104):
        raise ValueError("Use 1-500 clients, 1-5000 job orders and 1-104 weeks.")
    if demo_data_present():
        raise ValueError("The database already holds clients or job orders; demo data goes into an empty one.")
    today = today or timezone.localdate()
    with transaction.atomic():  # all or nothing, and one commit (fast on SQLite)
        return _generate(
            clients=clients, job_orders=job_orders, weeks=weeks, seed=seed, today=today, portal_password=portal_password
        )


def _generate(
    *, clients: int, job_orders: int, weeks: int, seed: int, today: dt.date, portal_password: str | None
) -> DemoSummary:
    rng = random.Random(seed)
    mondays = past_weeks(weeks, today)
    _ensure_consultants()
    document = demo_document(
        clients=clients, job_orders=job_orders, first_week=mondays[0], rng=rng, portal_password=portal_password
    )
    result = configuration_import(document=json.dumps(document))
    if not result.ok:  # a bug in the generator, not a user error
        raise RuntimeError("; ".join(f"{e.field}: {e.message}" for e in result.errors))
    timesheets = _timesheets(mondays, rng)
    invoices = _bill(mondays)
    receipts = _receipts(rng, today)
    _new_zealand(mondays)
    portal = document["clients"][0].get("portal_users")
    return DemoSummary(
        clients=clients,
        job_orders=job_orders,
        timesheets=timesheets,
        invoices=invoices,
        receipts=receipts,
        portal_user=portal[0]["username"] if portal else None,
    )


def _ensure_consultants() -> None:
    """The consultants (account managers) job orders name; missing ones get an unusable password."""
    roles_ensure()
    group = Group.objects.get(name="account_manager")
    for username in CONSULTANTS:
        user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(group)


def client_codes(count: int) -> list[tuple[str, str]]:
    named = list(CLIENT_NAMES[:count])
    named += [(f"CL{n:03d}", f"Client {n:03d} Pty Ltd") for n in range(len(named) + 1, count + 1)]
    return named


def demo_document(
    *, clients: int, job_orders: int, first_week: dt.date, rng: random.Random, portal_password: str | None
) -> dict[str, Any]:
    """The configuration document (docs/configuration.md) of the demo agency."""
    valid_from = dt.date(first_week.year - 1, 7, 1).isoformat()  # a financial year before the first week
    codes = client_codes(clients)
    client_rows = []
    for n, (code, name) in enumerate(codes):
        terms, grouping, _habit = CLIENT_PROFILES[n % len(CLIENT_PROFILES)]
        row: dict[str, Any] = {
            "code": code,
            "name": name,
            "entity": ENTITY,
            "payment_terms_days": terms,
            "invoice_grouping": grouping,
        }
        if n == 0 and portal_password:
            row["portal_users"] = [
                {
                    "username": f"{code.lower()}.portal",
                    "email": f"ap@{code.lower()}.example",
                    "password": portal_password,
                }
            ]
        client_rows.append(row)
    payees = [
        {
            "code": f"P{n:04d}",
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "kind": "CONTRACTOR" if n % 5 == 0 else "EMPLOYEE",
        }
        for n in range(1, job_orders + 1)
    ]
    first_client = codes[0][0]
    second_client = codes[1][0] if clients > 1 else None
    contractor = "P0005" if job_orders >= 5 else None
    standard_rules: list[dict[str, Any]] = [
        {
            "node": {"country": "AU"},
            "lines": [
                {"scope": "ALL", "method": "MARKUP_PERCENT", "value": "25"},
                {"scope": {"pay_code_type": "ALLOWANCE"}, "method": "MARKUP_PERCENT", "value": "0", "oncosts": []},
            ],
        },
        {
            "node": {"client": first_client},
            "lines": [
                {"scope": {"pay_code_type": "OVERTIME"}, "method": "MARGIN_PERCENT", "value": "15"},
                {"scope": "ALL", "method": "MARGIN_PERCENT", "value": "20", "oncosts": ["SUPER"]},
            ],
        },
    ]
    if contractor:
        standard_rules.append(
            {
                "node": {"payee": contractor},
                "lines": [{"scope": {"pay_code": "ORD"}, "method": "FLAT_RATE", "value": "55.00"}],
            }
        )
    bill_agreements: list[dict[str, Any]] = [
        {"name": "Demo standard AU", "node": {"country": "AU"}, "valid_from": valid_from, "rules": standard_rules}
    ]
    if second_client:
        bill_agreements.append(
            {
                "name": f"Demo {second_client} agreement",
                "node": {"client": second_client},
                "valid_from": valid_from,
                "rules": [
                    {
                        "lines": [
                            {
                                "scope": "ALL",
                                "method": "MARKUP_AMOUNT",
                                "value": "9.50",
                                "rounding": {"mode": "TRUNCATE", "places": 2},
                            },
                            {"scope": {"pay_code_type": "ALLOWANCE"}, "method": "MARKUP_PERCENT", "value": "0"},
                        ]
                    }
                ],
            }
        )
    orders = []
    for n in range(1, job_orders + 1):
        client_code = codes[(n - 1) % clients][0]
        state = STATES[(n - 1) % len(STATES)]
        starts_late = n % 7 == 0  # joins a week later
        orders.append(
            {
                "code": f"{JOB_ORDER_PREFIX}{n:04d}",
                "client": client_code,
                "payee": f"P{n:04d}",
                "entity": ENTITY,
                "title": TITLES[(n - 1) % len(TITLES)],
                "start": (first_week + dt.timedelta(weeks=1 if starts_late else 0)).isoformat(),
                "path": {"state": state, "cost_centre": f"CC{10 * (1 + n % 4)}"},
                "consultant": CONSULTANTS[(n - 1) % len(CONSULTANTS)],
                "division": DIVISIONS[(n - 1) % len(DIVISIONS)],
                "po_number": f"PO-{7000 + n}" if n % 3 else "",
                "pay_agreement": "Demo warehouse award",
                "bill_agreement": f"Demo {second_client} agreement"
                if client_code == second_client
                else "Demo standard AU",
                "status": "ACTIVE",
            }
        )
    for order in orders:
        if not order["po_number"]:
            del order["po_number"]
    oncosts: list[dict[str, Any]] = [
        {
            "code": "SUPER",
            "name": "Superannuation guarantee",
            "kind": "PERCENT",
            "bill": True,
            "node": {"country": "AU"},
            "applies_to": {"pay_code_types": ["ORDINARY", "PENALTY"]},
            "values": [{"valid_from": valid_from, "value": "12"}],
        }
    ]
    for state, payroll_tax, workers_comp in (("NSW", "5.45", "2.1"), ("VIC", "4.85", "1.8"), ("QLD", "4.75", "1.5")):
        oncosts.append(
            {
                "code": f"PRT_{state}",
                "name": f"Payroll tax {state}",
                "kind": "PERCENT",
                "bill": False,
                "node": {"state": state},
                "applies_to": {"all": True},
                "values": [{"valid_from": valid_from, "value": payroll_tax}],
            }
        )
        oncosts.append(
            {
                "code": f"WC_{state}",
                "name": f"Workers compensation {state}",
                "kind": "PERCENT",
                "bill": state == "NSW",  # passed on to clients in NSW only
                "node": {"state": state},
                "applies_to": {"pay_code_types": ["ORDINARY", "OVERTIME", "PENALTY"]},
                "values": [{"valid_from": valid_from, "value": workers_comp}],
            }
        )
    return {
        "version": 1,
        "hierarchy": {"levels": ["country", "brand", "state", "client", "cost_centre", "payee", "job_order"]},
        "entities": [
            {
                "code": ENTITY,
                "name": "KS Staffing Pty Ltd",
                "country": "AU",
                "brand": "KS",
                "currency": "AUD",
                "tax_rate": "10",
                "invoice_prefix": "AU-",
            },
            {
                "code": NZ_ENTITY,
                "name": "KS Staffing NZ Limited",
                "country": "NZ",
                "brand": "KS",
                "currency": "NZD",
                "tax_rate": "15",
                "invoice_prefix": "NZ-",
            },
        ],
        "pay_codes": [
            {"code": "ORD", "name": "Ordinary hours", "type": "ORDINARY", "unit": "HOUR"},
            {"code": "SAT", "name": "Saturday", "type": "PENALTY", "unit": "HOUR", "multiplier": "1.25"},
            {"code": "SUN", "name": "Sunday", "type": "PENALTY", "unit": "HOUR", "multiplier": "2.0"},
            {"code": "PH", "name": "Public holiday", "type": "PENALTY", "unit": "HOUR", "multiplier": "2.5"},
            {"code": "OT150", "name": "Overtime x1.5", "type": "OVERTIME", "unit": "HOUR", "multiplier": "1.5"},
            {"code": "OT200", "name": "Overtime x2.0", "type": "OVERTIME", "unit": "HOUR", "multiplier": "2.0"},
            {"code": "NIGHT", "name": "Night shift", "type": "PENALTY", "unit": "HOUR", "multiplier": "1.15"},
            {"code": "MEAL", "name": "Meal allowance", "type": "ALLOWANCE", "unit": "EACH"},
            {"code": "KM", "name": "Vehicle allowance", "type": "ALLOWANCE", "unit": "KM"},
        ],
        "oncosts": oncosts,
        "clients": client_rows,
        "payees": payees,
        "pay_agreements": [
            {
                "name": "Demo warehouse award",
                "node": {"country": "AU"},
                "valid_from": valid_from,
                "rates": [
                    {"pay_code": "ORD", "rate": "28.00"},
                    {"pay_code": "ORD", "rate": "30.00", "node": {"client": first_client}},
                    {"pay_code": "MEAL", "rate": "18.50"},
                    {"pay_code": "KM", "rate": "0.88"},
                ],
                "interpretation": {
                    "ordinary_code": "ORD",
                    "daily_ordinary_hours": "7.6",
                    "weekly_ordinary_hours": "38",
                    "overtime_tiers": [{"hours": "2", "code": "OT150"}, {"code": "OT200"}],
                    "saturday_code": "SAT",
                    "sunday_code": "SUN",
                    "public_holiday_code": "PH",
                    "holidays": {"country": "AU", "subdivision": "NSW"},
                    "minimum_engagement_hours": "3",
                    "meal_allowance": {"after_overtime_hours": "1.5", "code": "MEAL"},
                    "night": {"code": "NIGHT", "from": "19:00", "to": "07:00"},
                },
            }
        ],
        "bill_agreements": bill_agreements,
        "job_orders": orders,
    }


def week_entries(monday: dt.date, start: dt.date, rng: random.Random) -> list[EntryInput]:
    """A plausible week: day shifts Monday to Friday (some long days: overtime and a meal
    allowance), now and then a Saturday shift or a vehicle allowance; nothing before `start`."""
    entries: list[EntryInput] = []
    for day in range(5):
        date = monday + dt.timedelta(days=day)
        if date < start or rng.random() < 0.08:  # not started yet, or a day off
            continue
        finish = dt.time(15, 6) if rng.random() < 0.75 else dt.time(rng.choice((16, 17, 18)), 30)
        entries.append(EntryInput(date=date, start=dt.time(7, 0), end=finish, break_minutes=30))
    saturday = monday + dt.timedelta(days=5)
    if saturday >= start and rng.random() < 0.2:
        entries.append(EntryInput(date=saturday, start=dt.time(6, 0), end=dt.time(12, 0)))
    if entries and rng.random() < 0.15:
        entries.append(EntryInput(date=entries[0].date, pay_code="KM", quantity=D(rng.choice((24, 40, 66)))))
    if not entries:
        entries.append(EntryInput(date=max(monday, start), hours=D("7.6")))
    return entries


def _timesheets(mondays: list[dt.date], rng: random.Random) -> int:
    """Submit and approve a timesheet per job order per week; leave every 7th job order's latest week SUBMITTED."""
    count = 0
    orders = list(JobOrder.objects.filter(status=JobOrderStatus.ACTIVE).order_by("code"))
    for monday in mondays:
        latest = monday == mondays[-1]
        for n, job_order in enumerate(orders, start=1):
            if job_order.start > monday + dt.timedelta(days=6):
                continue
            timesheet = timesheet_submit(
                job_order=job_order, week_starting=monday, entries=week_entries(monday, job_order.start, rng)
            )
            count += 1
            if not (latest and n % 7 == 3):
                timesheet_approve(timesheet=timesheet)
    return count


def _bill(mondays: list[dt.date]) -> int:
    """A billing run per week (issued the Monday after), but the latest week (left for a live run)
    when there is more than one."""
    entity = Entity.objects.get(code=ENTITY)
    billed = mondays[:-1] if len(mondays) > 1 else mondays
    for monday in billed:
        period_end = monday + dt.timedelta(days=6)
        # Created here rather than with `billing_run_start`, which queues the dramatiq actor: the
        # demo runs the same `billing_run_execute` synchronously, without a broker.
        run = BillingRun.objects.create(entity=entity, period_end=period_end, issue_date=period_end + dt.timedelta(1))
        billing_run_execute(run_id=run.pk)
    return Invoice.objects.filter(entity=entity).count()


def _new_zealand(mondays: list[dt.date]) -> None:
    """The NZ entity's books, something to consolidate: its opening capital, a weekly NZD/AUD
    rate, and each week a management fee KSAU charges KSNZ (intercompany, eliminated in the group)."""
    au, nz = Entity.objects.get(code=ENTITY), Entity.objects.get(code=NZ_ENTITY)
    opening = mondays[0]
    fx_rates_set(
        rates=[
            RateIn(date=monday, base="NZD", quote="AUD", rate=NZD_AUD[n % len(NZD_AUD)])
            for n, monday in enumerate(mondays)
        ],
        source="demo",
    )
    journal_post_manual(
        entity=nz,
        date=opening,
        reason="Opening capital",
        lines=[ManualLine("1000", debit=Decimal("50000.00")), ManualLine("3000", credit=Decimal("50000.00"))],
    )
    for n, monday in enumerate(mondays):
        fee_aud = Decimal("1500.00")
        fee_nzd = (fee_aud / NZD_AUD[n % len(NZD_AUD)]).quantize(CENT)
        journal_post_manual(
            entity=au,
            date=monday,
            reason=f"Management fee to {NZ_ENTITY}",
            lines=[ManualLine("1500", debit=fee_aud), ManualLine("4500", credit=fee_aud)],
        )
        journal_post_manual(
            entity=nz,
            date=monday,
            reason=f"Management fee from {ENTITY} (AUD {fee_aud})",
            lines=[ManualLine("5500", debit=fee_nzd), ManualLine("2500", credit=fee_nzd)],
        )


def _receipts(rng: random.Random, today: dt.date) -> int:
    """Money in by each client's habit, dated up to today (later ones have not happened yet)."""
    habits = {
        client.pk: CLIENT_PROFILES[n % len(CLIENT_PROFILES)][2]
        for n, client in enumerate(Client.objects.order_by("pk"))
    }
    count = 0
    for invoice in Invoice.objects.select_related("client").order_by("issue_date", "number"):
        habit = habits[invoice.client_id]
        amount = invoice.amount_due
        if habit == "prompt":
            received = invoice.due_date - dt.timedelta(days=rng.randint(0, 5))
        elif habit == "slow":
            received = invoice.due_date + dt.timedelta(days=rng.randint(1, 10))
        elif habit == "late":
            received = invoice.due_date + dt.timedelta(days=rng.randint(12, 35))
        else:  # partial: half, a little late; the rest is still owed
            received = invoice.due_date + dt.timedelta(days=rng.randint(0, 6))
            amount = (amount / 2).quantize(CENT)
        received = max(received, invoice.issue_date)
        if received > today or amount <= 0:
            continue
        try:
            with transaction.atomic():
                receipt_record(invoice=invoice, amount=amount, received_on=received, reference=f"EFT {invoice.number}")
        except ValidationFailed:  # pragma: no cover - amounts come from the invoice itself
            continue
        count += 1
    return count
