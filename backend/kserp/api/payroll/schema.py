"""Pay runs, payables and the trial balance: queries, mutations, subscriptions."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from decimal import Decimal

import strawberry
import strawberry_django
from channels.db import database_sync_to_async
from django.db.models import QuerySet
from strawberry.types import Info

from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require, viewer_access
from kserp.api.core.sync import KeysetConnection, ordered
from kserp.api.payroll.mutations.pay_run_mark_paid import mark_pay_run_paid_field
from kserp.api.payroll.mutations.pay_run_retry import retry_pay_run_field
from kserp.api.payroll.mutations.pay_run_start import start_pay_run_field
from kserp.api.payroll.mutations.payroll_remittance_record import record_payroll_remittance_field
from kserp.api.payroll.types import (
    PAY_DETAILS,
    PayableType,
    PayeeRef,
    PayRunFilter,
    PayRunOrder,
    PayRunType,
)
from kserp.api.payroll.worker import WorkerQuery
from kserp.base.models import Entity
from kserp.payroll.events import progress_group
from kserp.payroll.models import PayRun
from kserp.payroll.selectors import pay_run_list, payables
from kserp.realtime.listen import listen

ZERO = Decimal("0.00")


def _entity(info: Info, value: str) -> Entity:
    bound = viewer_access(info).entity_id
    entities = Entity.objects.filter(pk=bound) if bound is not None else Entity.objects.all()
    found = by_id_or_code(entities, str(value), type_name="Entity")
    if found is None:
        raise ValueError(f"No entity {value!r}.")
    return found


@strawberry.type
class PayrollQuery(WorkerQuery):
    @strawberry_django.connection(
        KeysetConnection[PayRunType],
        filters=PayRunFilter,
        description="Pay runs, newest first unless orderBy says otherwise (staff who run payroll).",
        extensions=[Require(IsStaff(), HasPerm(Perm.RUN_PAYROLL))],
    )
    def pay_runs(self, info: Info, order_by: PayRunOrder | None = None) -> QuerySet[PayRun]:
        return ordered(pay_run_list().order_by("-id"), order_by)

    @strawberry.field(
        description="What is owed, to whom and when: net pay, RCTIs, PAYG, super (finance staff).",
        extensions=[Require(*PAY_DETAILS)],
    )
    def payables(self, info: Info, entity: strawberry.ID) -> list[PayableType]:
        return [
            PayableType(
                kind=p.kind,
                payee=PayeeRef(code=p.payee_code, name=p.payee_name or "") if p.payee_code else None,
                counterparty=p.counterparty,
                due_date=p.due_date,
                amount=p.amount,
                pay_date=p.pay_date,
                paid=p.paid,
                fund_usi=p.fund_usi,
            )
            for p in payables(entity=_entity(info, str(entity)))
        ]


@strawberry.type
class PayrollMutation:
    start_pay_run = start_pay_run_field
    mark_pay_run_paid = mark_pay_run_paid_field
    retry_pay_run = retry_pay_run_field
    record_payroll_remittance = record_payroll_remittance_field


def _load_run(value: str, entity_id: int | None) -> PayRun | None:
    runs = PayRun.objects.select_related("entity")
    if entity_id is not None:
        runs = runs.filter(entity_id=entity_id)
    return by_id_or_code(runs, value, type_name="PayRun", key=None)


@strawberry.type
class PayrollSubscription:
    @strawberry.subscription(
        description="A pay run's state now, then after every chunk it commits (staff who run payroll).",
        extensions=[Require(IsStaff(), HasPerm(Perm.RUN_PAYROLL))],
    )
    async def pay_run_progress(self, info: Info, id: strawberry.ID) -> AsyncGenerator[PayRunType, None]:
        entity_id = viewer_access(info).entity_id
        run = await database_sync_to_async(_load_run)(str(id), entity_id)
        if run is None:
            raise ValueError("No such pay run.")
        yield run
        async for _payload in listen(info, [progress_group(run.pk)]):
            fresh = await database_sync_to_async(_load_run)(str(run.pk), entity_id)
            if fresh is not None:
                yield fresh
