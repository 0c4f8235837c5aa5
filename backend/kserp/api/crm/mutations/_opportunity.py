"""Shared by the opportunity mutations: references and the margin estimate."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kserp.api.core.errors import UserError
from kserp.api.core.lookup import by_id_or_code
from kserp.api.crm.inputs import OpportunityInput
from kserp.crm.models import Client, Opportunity
from kserp.orders.pricing import draft_job_order, price_quote
from kserp.rates import engine
from kserp.rates.models import BillAgreement, PayAgreement

AGREEMENTS = {"pay_agreement": (PayAgreement, "payAgreement"), "bill_agreement": (BillAgreement, "billAgreement")}


def opportunity_values(input: OpportunityInput) -> tuple[dict[str, Any], list[UserError]]:
    values = {k: v for k, v in vars(input).items() if v is not None and k != "client"}
    errors = []
    for name, (model, field) in AGREEMENTS.items():
        if name in values:
            found = by_id_or_code(model._default_manager.all(), str(values[name]), type_name=model.__name__, key="name")
            if found is None:
                errors.append(UserError(field=field, code="NOT_FOUND", message=f"No agreement {values[name]!r}."))
            values[name] = found
    return values, errors


def weekly_margin(client: Client, values: dict[str, Any], current: Opportunity | None = None) -> Decimal | None:
    """Gross margin a week for all roles from a rate quote of the weekly hours at the expected
    start; None while the agreements, start or pay code cannot price it."""

    def pick(name: str) -> Any:
        return values[name] if name in values else getattr(current, name, None)

    start, pay, bill = pick("expected_start"), pick("pay_agreement"), pick("bill_agreement")
    if start is None or pay is None or bill is None:
        return None
    job = draft_job_order(client=client, start=start, pay_agreement=pay, bill_agreement=bill)
    try:
        line = price_quote(job, pick("pay_code") or "ORD", Decimal(pick("weekly_hours") or 38), start)
    except engine.EngineError:
        return None
    return (line.gross_margin * (pick("roles") or 1)).quantize(Decimal("0.01"))
