"""The orders domain's bridge to the rates engine: a job order's compiled agreements.

The database -> engine adapter lives in `kserp.rates.compile` (rates domain); this module only
adds what timesheets and job order transitions need on top of it.
"""

from __future__ import annotations

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
