"""The GraphQL schema: merges each domain's queries, mutations and subscriptions.

Each domain lives in `kserp/api/<domain>/` (types, queries, `mutations/` one file per mutation,
subscriptions) and exposes `<Domain>Query`, `<Domain>Mutation`, `<Domain>Subscription` classes
that are merged here. `make schema` writes `schema.graphql` from this module.
"""

from __future__ import annotations

import os

import strawberry
from strawberry import relay
from strawberry.tools import merge_types
from strawberry_django.optimizer import DjangoOptimizerExtension

from kserp.api.analytics.insight_schema import InsightMutation, InsightQuery, InsightSubscription
from kserp.api.analytics.schema import AnalyticsQuery, AnalyticsSubscription
from kserp.api.core.limits import security_extensions
from kserp.api.core.persisted import PersistedDocuments
from kserp.api.core.plain_fields import PlainColumnSchema, use_plain_column_resolvers
from kserp.api.core.scalars import SCALAR_OVERRIDES
from kserp.api.crm.schema import CrmMutation, CrmQuery
from kserp.api.finance.books_schema import BooksMutation, BooksQuery
from kserp.api.finance.invoices_schema import InvoicesMutation, InvoicesQuery, InvoicesSubscription
from kserp.api.identity.schema import IdentityMutation, IdentityQuery
from kserp.api.orders.drafts import DraftsQuery
from kserp.api.orders.schema import OrdersMutation, OrdersQuery
from kserp.api.orders.timesheets_schema import TimesheetsMutation, TimesheetsQuery, TimesheetsSubscription
from kserp.api.payroll.schema import PayrollMutation, PayrollQuery, PayrollSubscription
from kserp.api.rates.schema import RatePreviewQuery, RatesMutation, RatesQuery
from kserp.api.realtime.schema import RealtimeMutation, RealtimeSubscription
from kserp.api.scheduling.schema import SchedulingQuery
from kserp.api.webhooks.schema import WebhooksMutation, WebhooksQuery


@strawberry.type
class NodeQuery:
    node: relay.Node | None = strawberry.relay.node(description="Any object by its global ID.")


Query = merge_types(
    "Query",
    (
        IdentityQuery,
        NodeQuery,
        CrmQuery,
        OrdersQuery,
        RatesQuery,
        TimesheetsQuery,
        InvoicesQuery,
        BooksQuery,
        AnalyticsQuery,
        DraftsQuery,
        RatePreviewQuery,
        WebhooksQuery,
        PayrollQuery,
        SchedulingQuery,
        InsightQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        IdentityMutation,
        RealtimeMutation,
        CrmMutation,
        RatesMutation,
        OrdersMutation,
        TimesheetsMutation,
        InvoicesMutation,
        BooksMutation,
        WebhooksMutation,
        PayrollMutation,
        InsightMutation,
    ),
)
Subscription = merge_types(
    "Subscription",
    (
        RealtimeSubscription,
        TimesheetsSubscription,
        InvoicesSubscription,
        AnalyticsSubscription,
        PayrollSubscription,
        InsightSubscription,
    ),
)

schema = PlainColumnSchema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    extensions=[*security_extensions(), PersistedDocuments, DjangoOptimizerExtension],
    scalar_overrides=SCALAR_OVERRIDES,
)
if os.environ.get("KSERP_PLAIN_COLUMNS", "1") != "0":
    use_plain_column_resolvers(schema)
