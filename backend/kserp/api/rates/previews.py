"""Previews of rate changes: every job order whose rate moves, and by how much, before saving."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.types import Info

from kserp.api.core.errors import UserError, ValidationFailed, user_errors
from kserp.api.core.permissions import Confidential, HasPerm, IsStaff, Perm, Require
from kserp.api.rates.inputs import bill_lines
from kserp.api.rates.types import BillRateLineInput
from kserp.orders.rate_impacts import RateImpact, open_job_orders, rate_change_preview
from kserp.rates.changes import oncost_value_change, pay_rate_change
from kserp.rates.models import BillRateRule, OncostValue, PayRateRule
from kserp.rates.services import bill_rule_change_rate


@strawberry.type(description="A job order whose rate changes: before and after, for one unit of the pay code.")
class RateImpactType:
    job_order: str = strawberry.field(description="The job order's code.")
    title: str
    client: str = strawberry.field(description="The client's code.")
    pay_code: str
    on: dt.date = strawberry.field(description="The date priced: the change's start, or the job order's if later.")
    bill_rate_before: Decimal | None
    bill_rate_after: Decimal | None
    bill_rate_difference: Decimal | None
    pay_rate_before: Decimal | None = strawberry.field(description="Confidential; only in pay and oncost previews.")
    pay_rate_after: Decimal | None


@strawberry.type
class RateChangePreview:
    job_orders: list[RateImpactType]
    errors: list[UserError] = strawberry.field(description="What the change itself would refuse (nothing stored).")


def _row(impact: RateImpact, confidential: bool) -> RateImpactType:
    job = impact.job_order
    return RateImpactType(
        job_order=job.code, title=job.title, client=job.client.code, pay_code=impact.pay_code, on=impact.on,
        bill_rate_before=impact.bill_before, bill_rate_after=impact.bill_after,
        bill_rate_difference=impact.bill_difference,
        pay_rate_before=impact.pay_before if confidential else None,
        pay_rate_after=impact.pay_after if confidential else None,
    )  # fmt: skip


def _by_global_id(model: Any, value: relay.GlobalID, type_name: str) -> Any:
    if value.type_name != type_name or not value.node_id.isdigit():
        return None
    return model.objects.filter(pk=value.node_id).first()


def _preview(change: Callable[[], Any], job_orders: Any, pay_code: str, valid_from: dt.date,
             confidential: bool) -> RateChangePreview:  # fmt: skip
    try:
        impacts = rate_change_preview(change=change, job_orders=job_orders, pay_code=pay_code, valid_from=valid_from)
    except ValidationFailed as failed:
        return RateChangePreview(job_orders=[], errors=user_errors(failed.errors))
    return RateChangePreview(job_orders=[_row(i, confidential) for i in impacts], errors=[])


def _refuse(errors: list[UserError]) -> Any:
    """A query: refused with a GraphQL error like every other query, not an `errors` payload."""
    raise GraphQLError(errors[0].message, extensions={"code": errors[0].code})


def _not_found(field: str) -> RateChangePreview:
    return RateChangePreview(job_orders=[], errors=[UserError(field=field, code="NOT_FOUND", message="Not found.")])


@strawberry.type
class RatePreviewQuery:
    @strawberry.field(
        description="What changeBillRate would do: each open job order of the agreement whose bill rate for "
        "`payCode` changes, before and after (nothing stored). Agreement managers.",
        extensions=[Require(IsStaff(), HasPerm(Perm.MANAGE_AGREEMENTS), refuse=_refuse)],
    )
    def bill_rate_change_preview(
        self, info: Info, rule: relay.GlobalID, valid_from: dt.date, lines: list[BillRateLineInput],
        pay_code: str = "ORD",
    ) -> RateChangePreview:  # fmt: skip
        current = _by_global_id(BillRateRule, rule, "BillRateRule")
        if current is None:
            return _not_found("rule")
        jobs = open_job_orders(valid_from, bill_agreement_id=current.agreement_id)
        change = lambda: bill_rule_change_rate(rule=current, valid_from=valid_from, lines=bill_lines(lines))  # noqa: E731
        return _preview(change, jobs, pay_code, valid_from, confidential=False)

    @strawberry.field(
        description="What changePayRate would do: each open job order of the pay agreement whose pay or bill rate "
        "changes (nothing stored). Staff holding view_confidential and manage_agreements.",
        extensions=[Require(Confidential(), HasPerm(Perm.MANAGE_AGREEMENTS), refuse=_refuse)],
    )
    def pay_rate_change_preview(
        self, info: Info, rule: relay.GlobalID, valid_from: dt.date, rate: Decimal
    ) -> RateChangePreview:
        current = _by_global_id(PayRateRule, rule, "PayRateRule")
        if current is None:
            return _not_found("rule")
        jobs = open_job_orders(valid_from, pay_agreement_id=current.agreement_id)
        change = lambda: pay_rate_change(rule=current, valid_from=valid_from, rate=rate)  # noqa: E731
        return _preview(change, jobs, current.pay_code.code, valid_from, confidential=True)

    @strawberry.field(
        description="What changeOncostValue would do: each open job order whose pay or bill rate changes "
        "(nothing stored). Staff holding view_confidential and manage_agreements.",
        extensions=[Require(Confidential(), HasPerm(Perm.MANAGE_AGREEMENTS), refuse=_refuse)],
    )
    def oncost_value_change_preview(
        self, info: Info, oncost_value: relay.GlobalID, valid_from: dt.date, value: Decimal, pay_code: str = "ORD"
    ) -> RateChangePreview:
        current = _by_global_id(OncostValue, oncost_value, "OncostValue")
        if current is None:
            return _not_found("oncostValue")
        change = lambda: oncost_value_change(current=current, valid_from=valid_from, value=value)  # noqa: E731
        return _preview(change, open_job_orders(valid_from), pay_code, valid_from, confidential=True)
