"""Analytics: margins (`marginSummary`, `marginChanged`), receivables by client, the cash-flow forecast.

Margins, wages and oncosts are confidential (docs/security.md): every field here carries
`Require(...)` and refuses portal users and client-bound tokens with an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Annotated

import strawberry
from channels.db import database_sync_to_async
from graphql import GraphQLError
from strawberry.extensions import FieldExtension
from strawberry.types import Info

from kserp.analytics import selectors
from kserp.api.analytics.types import CashFlowForecast, MarginSummary, ReceivablesReport
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import Confidential, IsStaff, Require, viewer_access
from kserp.base.models import Entity
from kserp.crm.models import Client
from kserp.orders.events import BILL_LINES_ALL, bill_lines_group
from kserp.realtime.listen import listen

DateFrom = Annotated[dt.date | None, strawberry.argument(name="from", description="Weeks ending on or after.")]
DateTo = Annotated[dt.date | None, strawberry.argument(name="to", description="Weeks ending on or before.")]


def _not_found(what: str, value: object) -> GraphQLError:
    return GraphQLError(f"No {what} {value!r}.", extensions={"code": "NOT_FOUND"})


def _client(value: strawberry.ID | None) -> Client | None:
    if value is None:
        return None
    found = by_id_or_code(Client.objects.select_related("entity"), str(value), type_name="Client")
    if found is None:
        raise _not_found("client", value)
    return found


def _entity(info: Info, value: strawberry.ID | None, *, required: bool) -> Entity | None:
    """The entity named (global ID or code); an entity-bound token may only name its own, and
    names it by default. `required`: without a name, the only entity (else an error)."""
    bound = viewer_access(info).entity_id
    if value is None:
        if bound is not None:
            return Entity.objects.get(pk=bound)
        if not required:
            return None
        entities = list(Entity.objects.all()[:2])
        if len(entities) != 1:
            raise GraphQLError("Name the entity.", extensions={"code": "REQUIRED"})
        return entities[0]
    found = by_id_or_code(Entity.objects.all(), str(value), type_name="Entity")
    if found is None:
        raise _not_found("entity", value)
    if bound is not None and found.pk != bound:
        raise GraphQLError("This API token is bound to another entity.", extensions={"code": "FORBIDDEN"})
    return found


@dataclass(frozen=True)
class _MarginArgs:
    client: Client | None
    entity: Entity | None
    date_from: dt.date | None
    date_to: dt.date | None

    def summary(self) -> MarginSummary:
        report = selectors.margin_report(
            client_id=self.client.pk if self.client else None,
            entity_id=self.entity.pk if self.entity else None,
            date_from=self.date_from,
            date_to=self.date_to,
        )
        return MarginSummary.of(
            report,
            client=self.client.code if self.client else None,
            entity=self.entity.code if self.entity else None,
            date_from=self.date_from,
            date_to=self.date_to,
        )


def _margin_args(
    info: Info,
    client: strawberry.ID | None,
    entity: strawberry.ID | None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> _MarginArgs:
    if date_from and date_to and date_to < date_from:
        raise GraphQLError("`to` is before `from`.", extensions={"code": "DATE_ORDER"})
    return _MarginArgs(_client(client), _entity(info, entity, required=False), date_from, date_to)


_CONFIDENTIAL: list[FieldExtension] = [Require(Confidential())]


@strawberry.type
class AnalyticsQuery:
    @strawberry.field(
        description="Margins of approved timesheets (weeks ending in from..to), totals and by placement, client, "
        "division and consultant (staff with the confidential permission).",
        extensions=_CONFIDENTIAL,
    )
    def margin_summary(
        self,
        info: Info,
        client: strawberry.ID | None = None,
        entity: strawberry.ID | None = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
    ) -> MarginSummary:
        return _margin_args(info, client, entity, date_from, date_to).summary()

    @strawberry.field(
        description="An entity's receivables: ageing buckets, per-client ageing, days to pay and late payers (staff).",
        extensions=[Require(IsStaff())],
    )
    def receivables_summary(self, info: Info, entity: strawberry.ID | None = None) -> ReceivablesReport:
        found = _entity(info, entity, required=True)
        assert found is not None
        return ReceivablesReport.of(selectors.receivables_report(entity=found))

    @strawberry.field(
        description="13-week cash-flow forecast: expected receipts by each client's days to pay, payroll and "
        "oncosts of active placements (staff with the confidential permission).",
        extensions=_CONFIDENTIAL,
    )
    def cash_flow_forecast(self, info: Info, entity: strawberry.ID | None = None) -> CashFlowForecast:
        found = _entity(info, entity, required=True)
        assert found is not None
        return CashFlowForecast.of(
            selectors.cash_flow_forecast(entity=found), entity=found.code, currency=found.currency
        )


@strawberry.type
class AnalyticsSubscription:
    @strawberry.subscription(
        description="The margin summary (of `client`, or of every client) after each timesheet approved or re-opened "
        "(staff with the confidential permission).",
        extensions=_CONFIDENTIAL,
    )
    async def margin_changed(
        self, info: Info, client: strawberry.ID | None = None
    ) -> AsyncGenerator[MarginSummary, None]:
        args = await database_sync_to_async(_margin_args)(info, client, None)
        group = bill_lines_group(args.client.pk) if args.client else BILL_LINES_ALL
        bound_entity = viewer_access(info).entity_id
        async for payload in listen(info, [group]):
            if bound_entity is not None and payload.get("entityId") != bound_entity:
                continue
            yield await database_sync_to_async(args.summary)()
