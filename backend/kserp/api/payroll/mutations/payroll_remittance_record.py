from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, HasScope, IsStaff, Perm, Require, viewer_access
from kserp.api.payroll.types import PayrollRemittancePayload, PayrollRemittanceType, RecordPayrollRemittanceInput
from kserp.base.models import Entity
from kserp.payroll.remittances import remittance_outstanding, remittance_record
from kserp.payroll.selectors import ATO, DEFAULT_FUND


def record_payroll_remittance_mutation(info: Info, input: RecordPayrollRemittanceInput) -> PayrollRemittancePayload:
    bound = viewer_access(info).entity_id  # an entity-bound token pays its own entity's only
    entities = Entity.objects.filter(pk=bound) if bound is not None else Entity.objects.all()
    entity = by_id_or_code(entities, input.entity, type_name="Entity")
    if entity is None:
        error = UserError(field="entity", code="NOT_FOUND", message=f"No entity {input.entity!r}.")
        return PayrollRemittancePayload(remittance=None, errors=[error])
    try:
        done = remittance_record(
            entity=entity,
            kind=input.kind.value,
            pay_date=input.pay_date,
            amount=input.amount,
            paid_on=input.paid_on,
            fund=input.fund,
            reference=input.reference,
            user=current_user(info),
        )
    except ValidationFailed as failed:
        return PayrollRemittancePayload(remittance=None, errors=user_errors(failed.errors))
    fund = (done.super_fund_name, done.super_fund_usi)
    left = remittance_outstanding(entity=entity, kind=done.kind, pay_date=done.pay_date, fund=fund)
    return PayrollRemittancePayload(
        remittance=PayrollRemittanceType(
            kind=done.kind,
            pay_date=done.pay_date,
            counterparty=ATO if done.kind == "PAYG" else (done.super_fund_name or DEFAULT_FUND),
            fund_usi=done.super_fund_usi,
            amount=done.amount,
            paid_on=done.paid_on,
            reference=done.reference,
            outstanding=left,
        ),
        errors=[],
    )


record_payroll_remittance_field = strawberry.mutation(
    resolver=record_payroll_remittance_mutation,
    description="PAYG withheld was paid to the tax office, or super to a fund, for one pay date: post "
    "Dr PAYG (or super) payable / Cr Bank on `paidOn`; never more than is still owed (finance staff).",
    extensions=[Require(IsStaff(), HasPerm(Perm.VIEW_PAY_DETAILS), HasScope("payroll"))],
)
