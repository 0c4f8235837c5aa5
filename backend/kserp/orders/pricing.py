"""The orders domain's bridge to the rates engine: a job order's compiled agreements.

The database -> engine adapter lives in `kserp.rates.compile` (rates domain); this module only
adds what timesheets and job order transitions need on top of it.
"""

from __future__ import annotations

from typing import Any

from kserp.crm.models import Payee
from kserp.orders.models import JobOrder
from kserp.rates import engine
from kserp.rates.compile import compiled_job_order as compile_from_db
from kserp.rates.models import PayCode, PayCodeUnit
from kserp.rates.selectors import bill_agreements_applicable, pay_agreements_applicable


def compiled_job_order(job_order: JobOrder) -> engine.CompiledJobOrder:
    """The engine's `CompiledJobOrder` for the job order's assigned pay and bill agreements."""
    return compile_from_db(job_order)


def pay_agreement_applies(job_order: JobOrder) -> bool:
    return pay_agreements_applicable(job_order=job_order).filter(pk=job_order.pay_agreement_id or 0).exists()


def bill_agreement_applies(job_order: JobOrder) -> bool:
    return bill_agreements_applicable(job_order=job_order).filter(pk=job_order.bill_agreement_id or 0).exists()


def unit_pay_codes() -> set[str]:
    """Codes of the pay codes paid per unit (EACH, KM): the ones a unit entry may use."""
    return set(PayCode.objects.exclude(unit=PayCodeUnit.HOUR).values_list("code", flat=True))


def pay_code_names() -> dict[str, str]:
    return dict(PayCode.objects.values_list("code", "name"))


def price_quote(job_order: JobOrder, pay_code: str, quantity: Any, date: Any) -> Any:
    """The engine's priced line for `quantity` of `pay_code` on `date`, for a job order that may be
    unsaved (the job order form and opportunities quote before anything is stored). Raises
    `engine.EngineError` when the agreements cannot price it."""
    return engine.price_line(compiled_job_order(job_order), pay_code, quantity, date)


def draft_job_order(*, client: Any, start: Any, pay_agreement: Any, bill_agreement: Any, payee: Any = None,
                    path: dict[str, str] | None = None, code: str = "") -> JobOrder:  # fmt: skip
    """An unsaved job order to quote with (a placement not made yet: no worker, no code)."""
    return JobOrder(code=code, client=client, entity=client.entity, payee=payee or Payee(code=""), start=start,
                    pay_agreement=pay_agreement, bill_agreement=bill_agreement, path=path or {})  # fmt: skip
